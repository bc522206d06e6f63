"""Notices, plans and interpretations: 一、 / （一） / 1. / （1）, 章 / 节 for the 规划, 专栏 boxes.

Anchors: ``s3`` (三、), ``s3-i2`` (（二）), ``s3-i2-n2`` (2.), ``s3-i2-n2-m1`` (（1）), ``box1``
(专栏1) and ``box1-n2`` (its item 2.), ``ch3-sec1-n1`` in the 规划, ``preface`` (前言), ``preamble``
(text before the first number) and ``closing`` (a final "本…自…有效" sentence).

Where an unnumbered paragraph belongs is the one judgement call: after a titled node (a markdown
heading: "## 1. 新一代电子信息") it continues that node; after an inline item ("4. 重视并实施…")
it goes back to the enclosing titled node ("有下列情况之一的企业，不得被推荐…" belongs to （一）).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from huiqi.corpus.model import Clause
from huiqi.corpus.paragraphs import Para
from huiqi.corpus.text import NUMBER_LINE, clean, cn_to_int, int_to_cn
from huiqi.corpus.tree import (
    BOX,
    CHAPTER,
    ITEM,
    MAX_INLINE_HEADING,
    NUM,
    PART,
    POINT,
    PREFACE,
    SECTION,
    Factory,
    add_text,
    split_heading,
)

CLOSING = re.compile(r"^(本(政策措施|通知|方案|办法|规划)(自|由)|综合结论)")
SUBTITLE = re.compile(r"^（[^（）]*\d{4}[^（）]*）$")
_BOLD = re.compile(r"^\*\*(.+?)\*\*")

LEVELS = {"chapter": 0, "preface": 0, "section": 1, "part": 2, "item": 3, "box": 3.5, "num": 4,
          "point": 5}


_PATTERNS = (("chapter", CHAPTER), ("section", SECTION), ("part", PART), ("item", ITEM),
             ("point", POINT), ("num", NUM), ("box", BOX))


@dataclass
class _Open:
    level: float
    clause: Clause
    inline: bool


def _bold_lead(raw: str) -> str | None:
    """The cleaned bold lead-in of a paragraph, without its number label."""
    raw = re.sub(r"^[—\-\s]+", "", raw.strip())
    label = re.match(
        r"^(\d+[.、．]\s*|[（(][一二三四五六七八九十]+[)）]\s*|[一二三四五六七八九十]+、\s*)\*\*", raw)
    if label:
        raw = raw[len(label.group(1)):]
    m = _BOLD.match(raw)
    if not m:
        return None
    lead = clean(m.group(1))
    for pattern in (PART, ITEM, NUM, POINT):
        if lm := pattern.match(lead):
            return lm.group(2)
    return lead


def _title_only(clause: Clause) -> None:
    """"（三）申报方式。" followed by numbered items: the short sentence is a title, not text."""
    if clause.heading is None and clause.children and clause.kind in ("part", "item", "num") and \
            re.match(rf"^[^。，；：]{{1,{MAX_INLINE_HEADING}}}。$", clause.text):
        clause.heading, clause.text = clause.text.rstrip("。"), ""


class OutlineParser:
    """Builds the clause tree of one outline document (or of one annex of it)."""

    def __init__(self, doc: str, footnotes: dict[int, str], make: Factory | None = None,
                 root: Clause | None = None) -> None:
        self.make = make or Factory(doc)
        self.footnotes = footnotes
        self.root = root
        self.top: list[Clause] = root.children if root is not None else []
        self.stack: list[_Open] = []
        self.subtitle: str | None = None
        self.skip_attachment_list = False

    # -- anchors and refs ------------------------------------------------------------------
    def _parent(self) -> Clause | None:
        return self.stack[-1].clause if self.stack else self.root

    def _child(self, kind: str, n: int, label: str, heading: str | None, text: str) -> Clause:
        parent = self._parent()
        prefix = f"{parent.anchor}-" if parent is not None else ""
        pref = parent.ref if parent is not None else ""
        if kind == "chapter":
            anchor, ref = f"ch{n}", f"第{int_to_cn(n)}章"
        elif kind == "section":
            anchor, ref = f"{prefix}sec{n}", f"{pref}第{int_to_cn(n)}节"
        elif kind == "part":
            anchor, ref = f"{prefix}s{n}", f"{pref}{int_to_cn(n)}、"
        elif kind == "item":
            anchor, ref = f"{prefix}i{n}", f"{pref}（{int_to_cn(n)}）"
        elif kind == "num":
            sep = "-" if parent is not None and parent.kind == "box" else ""
            anchor, ref = f"{prefix}n{n}", f"{pref}{sep}{n}"
        elif kind == "point":
            anchor, ref = f"{prefix}m{n}", f"{pref}（{n}）"
        elif kind == "box":
            anchor, ref = f"box{n}", f"专栏{n}"
        else:  # preface
            anchor, ref = "preface", "前言"
        clause = self.make.make(anchor, ref, kind, label, heading=heading, text=text)
        (parent.children if parent is not None else self.top).append(clause)
        return clause

    # -- reading ----------------------------------------------------------------------------
    def feed(self, paras: list[Para]) -> list[Clause]:
        for para in paras:
            self._feed(para)
        for top in self.top:
            for clause in top.walk():
                _title_only(clause)
        return self.top

    def _feed(self, para: Para) -> None:
        if para.table is not None:
            target = self._parent()
            if target is not None:
                target.tables.append(para.table)
            return
        text = para.lead
        if not text:
            return
        if NUMBER_LINE.match(text):
            return  # the document number, recorded in the document's metadata
        if self.skip_attachment_list and NUM.match(text) and len(text) <= 40:
            return
        self.skip_attachment_list = False
        if text.startswith("附件："):
            self.skip_attachment_list = True
            return
        if self._labelled(para, text):
            return
        if not self.top and not self.stack and (para.heading or SUBTITLE.match(text)):
            self.subtitle = text if self.subtitle is None else f"{self.subtitle}\n{text}"
            return
        self._unlabelled(para, text)

    def _labelled(self, para: Para, text: str) -> bool:
        found = next(((kind, m) for kind, pattern in _PATTERNS if (m := pattern.match(text))), None)
        if found is None:
            if PREFACE.match(text) and para.heading:
                self._open("preface", 0, "前言", "前言", "", para, inline=False)
                return True
            return False
        kind, m = found
        number = cn_to_int(m.group(1))
        rest = m.group(2).strip()
        label = {"chapter": f"第{m.group(1)}章", "section": f"第{m.group(1)}节",
                 "part": f"{m.group(1)}、", "item": f"（{m.group(1)}）", "num": f"{number}.",
                 "point": f"（{number}）", "box": f"专栏{number}"}[kind]
        if para.heading or kind in ("chapter", "section", "box"):
            heading: str | None = rest.rstrip("。：:") or None
            body, inline = "", False
        else:
            heading, body = split_heading(rest, _bold_lead(para.raw))
            inline = True
        if para.heading:
            self._close_boxes()
        self._open(kind, number, label, heading, body, para, inline)
        return True

    def _open(self, kind: str, number: int, label: str, heading: str | None, body: str, para: Para,
              inline: bool) -> None:
        level = LEVELS[kind]
        if kind == "box":
            while self.stack and self.stack[-1].level >= LEVELS["num"]:
                self.stack.pop()
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        clause = self._child(kind, number, label, heading, body)
        self._notes(clause, para)
        self.stack.append(_Open(level, clause, inline))

    def _close_boxes(self) -> None:
        if any(o.clause.kind == "box" for o in self.stack):
            while self.stack and self.stack[-1].clause.kind != "box":
                self.stack.pop()
            self.stack.pop()

    def _unlabelled(self, para: Para, text: str) -> None:
        if CLOSING.match(text):
            self.stack.clear()
            self._root_node("closing", "结语", text, para)
            return
        while self.stack and self.stack[-1].inline and self.stack[-1].level >= LEVELS["num"]:
            self.stack.pop()
        if self.stack and self.stack[-1].clause.kind == "box" and any(
                c.kind == "num" for c in self.stack[-1].clause.children):
            self.stack.pop()
        if self.stack:
            target = self.stack[-1].clause
            if target.children:  # text after numbered children: a paragraph of its own
                target = self._paragraph_of(target)
            add_text(target, text)
            self._notes(target, para)
            return
        kind = "preamble" if not any(c.kind != "preamble" for c in self.top) else "closing"
        self._root_node(kind, "序言" if kind == "preamble" else "结语", text, para)

    def _paragraph_of(self, parent: Clause) -> Clause:
        """The trailing unnumbered paragraph node of ``parent`` (``s3-i1-p2``, ``三、（一）第二段``)."""
        last = parent.children[-1]
        if last.kind == "paragraph":
            return last
        k = 2 + sum(1 for c in parent.children if c.kind == "paragraph")
        clause = self.make.make(f"{parent.anchor}-p{k}", f"{parent.ref}第{int_to_cn(k)}段", "paragraph")
        parent.children.append(clause)
        return clause

    def _root_node(self, kind: str, ref: str, text: str, para: Para) -> None:
        existing = [c for c in self.top if c.kind == kind]
        if existing and self.top[-1] is existing[-1]:
            add_text(existing[-1], text)
            self._notes(existing[-1], para)
            return
        prefix = f"{self.root.anchor}-" if self.root is not None else ""
        pref = self.root.ref if self.root is not None else ""
        clause = self.make.make(f"{prefix}{kind}", f"{pref}{ref}", kind, text=text)
        self._notes(clause, para)
        self.top.append(clause)

    def _notes(self, clause: Clause, para: Para) -> None:
        for n in para.notes:
            if n in self.footnotes:
                clause.notes.append(f"注{n}：{self.footnotes[n]}")
