"""What the search indexes: one :class:`SearchUnit` per clause the corpus calls searchable.

The corpus (:mod:`huiqi.corpus.store`) decides the units — every clause with words of its own,
down to the deepest item, its text without its sub-clauses. This module adds what ranking needs
from around a unit: the document's title, short title and number (title boosting), and the clauses
it sits in — their headings and introductions (``context``, also shown beside a hit as its parents).
"""

from __future__ import annotations

import hashlib
import json
import re
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
    #: the enclosing clauses, outermost first: (ref, printed line, cut to :data:`PARENT_CHARS`)
    parents: tuple[tuple[str, str], ...] = ()
    #: for an interpretation or a press record, the document it explains; for an annex table that
    #: restates the document's own measures (a 分工表: each measure, who carries it out), the
    #: document itself — either is ranked below the document's clauses when both match
    explains: str | None = None
    #: the terms this clause defines (:func:`definitions`)
    defines: tuple[str, ...] = ()


#: "本条例所称数字经济，是指…", "技术改造是指…": the documents' own definitions
_DEFINITION = re.compile(r"所称(?:的)?“?([^，。“”、：（）]{2,24}?)”?(?:（[^）]*）)?，?(?:是指|指)"
                         r"|([^，。“”、：（）\s]{2,12})是指"
                         r"|(?:^|\n)([^，。“”、：（）\n]{2,16})[：:]指")


def definitions(text: str) -> tuple[str, ...]:
    """The terms ``text`` defines (``本条例所称数字经济，是指`` → ``数字经济``).

    >>> definitions("本实施细则所称技术改造资金是指由省级财政预算安排的资金。")
    ('技术改造资金',)
    """
    found = [(m.group(1) or m.group(2) or m.group(3)).split("所称")[-1] for m in _DEFINITION.finditer(text)]
    return tuple(dict.fromkeys(t for t in found if len(t) >= 2))


#: how much of an enclosing clause's own line goes into a unit's context
PARENT_CHARS = 120


def corpus_units() -> list[SearchUnit]:
    """The shipped corpus's searchable units (``load_corpus().units()``) with their context."""
    from huiqi.corpus.store import load_corpus

    corpus = load_corpus()
    parents: dict[str, tuple[tuple[str, str], ...]] = {}
    titles: dict[str, str] = {}
    for doc in corpus.documents:
        titles[doc.id] = " ".join(t for t in (doc.title, doc.short_title, doc.number or "") if t)
        for top in doc.clauses:
            _ancestors(top, (), parents)
    explains = {d.id: d.interprets for d in corpus.documents if d.kind in ("interpretation", "press")}
    restating = {c.id for d in corpus.documents for c in d.walk() if c.kind == "annex" and c.tables}
    glossary = {c.id: c.heading for d in corpus.documents for c in d.walk() if c.kind == "term" and c.heading}
    out = []
    for unit in corpus.units():
        around = parents.get(unit.clause_id, ())
        out.append(SearchUnit(
            id=unit.clause_id, doc=unit.doc, doc_title=unit.doc_title, ref=unit.ref,
            heading=unit.heading, text=unit.text, context=" ".join(line for _, line in around),
            title=titles.get(unit.doc, unit.doc_title), parents=around,
            explains=unit.doc if unit.clause_id in restating else explains.get(unit.doc),
            defines=(glossary[unit.clause_id],) if unit.clause_id in glossary else definitions(unit.text),
        ))
    return out


def _ancestors(clause: Any, path: tuple[tuple[str, str], ...], out: dict[str, tuple[tuple[str, str], ...]]) -> None:
    out[clause.id] = path
    line = clause.own_line()[:PARENT_CHARS]
    for child in clause.children:
        _ancestors(child, (*path, (clause.ref, line)), out)


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
