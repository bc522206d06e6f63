"""What the search indexes: one :class:`SearchUnit` per clause the corpus calls searchable.

The corpus (:mod:`huiqi.corpus.store`) decides the units — articles of a regulation; the top
numbered items, boxes and annex entries elsewhere; each speaker turn of a press record. This module
adds what ranking needs from around a unit: the document's title, short title and number (title
boosting), and the headings of the chapters and items the unit sits in (``context``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class SearchUnit:
    """A searchable clause with the text around it that helps ranking."""

    id: str
    doc: str
    doc_title: str
    ref: str
    heading: str | None
    text: str
    #: headings of the enclosing chapters/sections/items, outermost first
    context: str = ""
    #: the document's title, short title and number, for title boosting
    title: str = ""


def corpus_units() -> list[SearchUnit]:
    """The shipped corpus's searchable units (``load_corpus().units()``) with their context."""
    from huiqi.corpus.store import load_corpus

    corpus = load_corpus()
    context: dict[str, str] = {}
    titles: dict[str, str] = {}
    for doc in corpus.documents:
        titles[doc.id] = " ".join(t for t in (doc.title, doc.short_title, doc.number or "") if t)
        for top in doc.clauses:
            _ancestors(top, [], context)
    out = []
    for unit in corpus.units():
        out.append(SearchUnit(
            id=unit.clause_id, doc=unit.doc, doc_title=unit.doc_title, ref=unit.ref,
            heading=unit.heading, text=unit.text, context=context.get(unit.clause_id, ""),
            title=titles.get(unit.doc, unit.doc_title),
        ))
    return out


def _ancestors(clause: Any, path: list[str], out: dict[str, str]) -> None:
    out[clause.id] = " ".join(path)
    own = [clause.heading] if clause.heading else []
    for child in clause.children:
        _ancestors(child, path + own, out)


def digest(units: list[SearchUnit], *extra: str) -> str:
    """A stable hash of the units (and of the analysis settings in ``extra``): the cache key."""
    h = hashlib.sha256()
    for part in extra:
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    for unit in units:
        h.update(json.dumps(asdict(unit), ensure_ascii=False, sort_keys=True).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


#: passages longer than this are cut at sentence ends; shorter ones than MIN_PASSAGE join the next
MAX_PASSAGE = 240
MIN_PASSAGE = 40
_SENTENCE_END = "。；！？"


def passages(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` spans that cut a clause's text into passages of about a paragraph.

    BM25 punishes long documents: the one sentence of a 1,000-character item that answers a question
    scores below a short article that merely repeats its words. Ranking passages and keeping each
    clause's best one (see :meth:`SearchIndex.search`) puts the answering clause first.
    """
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        while end - start > MAX_PASSAGE:
            cut = max(text.rfind(ch, start, start + MAX_PASSAGE) for ch in _SENTENCE_END)
            cut = cut + 1 if cut > start + MIN_PASSAGE else start + MAX_PASSAGE
            lines.append((start, cut))
            start = cut
        if end > start:
            lines.append((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in lines:
        if merged and merged[-1][1] - merged[-1][0] < MIN_PASSAGE:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged or [(0, len(text))]
