"""Shared helpers of the parsers: label patterns and a clause factory with unique anchors."""

from __future__ import annotations

import re

from huiqi.corpus.model import Clause

CN = "零〇一二三四五六七八九十百"
CHAPTER = re.compile(rf"^第([{CN}]+)章\s*(.*)$")
SECTION = re.compile(rf"^第([{CN}]+)节\s*(.*)$")
ARTICLE = re.compile(rf"^第([{CN}]+)条\s*(.*)$")
PART = re.compile(r"^([一二三四五六七八九十]+)、\s*(.*)$")
ITEM = re.compile(r"^[（(]([一二三四五六七八九十]+)[)）]\s*(.*)$")
NUM = re.compile(r"^(\d+)[.、．](?!\d)\s*(.*)$")
POINT = re.compile(r"^[（(](\d+)[)）]\s*(.*)$")
BOX = re.compile(r"^专栏\s*(\d+)\s*(.*)$")
PREFACE = re.compile(r"^前\s*言$")

#: a short first sentence of an outline item is its title: "（一）强化梯度培育。各地要…"
MAX_INLINE_HEADING = 16


class Factory:
    """Makes clauses of one document; anchors stay unique (a repeated number gets ``b``, ``c``)."""

    def __init__(self, doc: str) -> None:
        self.doc = doc
        self.seen: set[str] = set()

    def make(self, anchor: str, ref: str, kind: str, label: str = "", heading: str | None = None,
             text: str = "") -> Clause:
        unique, n = anchor, 1
        while unique in self.seen:
            n += 1
            unique = f"{anchor}{'abcdefghij'[n - 1]}"
        self.seen.add(unique)
        return Clause(id=f"{self.doc}#{unique}", anchor=unique, ref=ref, kind=kind, label=label,
                      heading=heading, text=text)


def add_text(clause: Clause, text: str) -> None:
    """Append a paragraph to a clause's text (paragraphs are separated by a newline)."""
    if text:
        clause.text = f"{clause.text}\n{text}" if clause.text else text


def split_heading(rest: str, bold: str | None) -> tuple[str | None, str]:
    """Split an outline item's text into (title, text) when it opens with a short title sentence.

    ``bold`` is the cleaned bold lead-in, if the source set one (``**（一）加强统筹协调。**``).
    """
    if bold:
        bold = bold.strip()
        if rest.startswith(bold):
            after = rest[len(bold):].lstrip("。：: ")
            return bold.rstrip("。：:，, "), after
    m = re.match(rf"^([^。：；，]{{1,{MAX_INLINE_HEADING}}})。(.+)$", rest, re.S)
    if m:
        return m.group(1), m.group(2)
    return None, rest
