"""Whether a library document is in force on a day, replaced (by what, from when) or expired.

One source of truth: replacement comes from the program families (a version's document is
replaced where the family's next version rests on another document, from that version's start),
dates from the document itself. An interpretation or a press record takes the state of the document
it explains.

>>> import datetime as dt
>>> document_status("tech-upgrade-fund", dt.date(2026, 12, 5)).successors[0].doc
'tech-upgrade-fund-2024'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

#: state → the words a page shows
STATE_ZH = {"in_force": "现行有效", "partly_replaced": "部分被取代", "replaced": "已被取代",
            "expired": "已失效", "pending": "尚未施行"}


@dataclass(frozen=True)
class Successor:
    doc: str
    title: str
    number: str
    since: dt.date
    program: str  # the program families' titles: what the replacement is about, joined by 、


@dataclass(frozen=True)
class DocStatus:
    state: str
    #: the day the document's own text says it ends (or its last version answers), if any
    until: dt.date | None = None
    successors: tuple[Successor, ...] = field(default_factory=tuple)
    #: for an interpretation: the document it explains (whose state this is)
    via: str | None = None

    @property
    def label(self) -> str:
        return STATE_ZH[self.state]


@cache
def _family_links() -> tuple[dict[str, list[Successor]], dict[str, list[tuple[dt.date, dt.date | None]]]]:
    """doc → its successors; doc → the spans (start, last day) in which one of its versions answers."""
    from huiqi.corpus.store import load_corpus
    from huiqi.engine import default_engine

    corpus = load_corpus()
    successors: dict[str, list[Successor]] = {}
    spans: dict[str, list[tuple[dt.date, dt.date | None]]] = {}
    for family in default_engine().families.values():
        for program in family.versions:
            version = program.version
            after = family.successor(program)
            last = version.end
            if after is not None:
                last = after.version.start - dt.timedelta(days=1)
                if after.version.doc != version.doc:
                    doc = corpus.document(after.version.doc)
                    _add(successors.setdefault(version.doc, []),
                         Successor(doc.id, doc.title, doc.number or "", after.version.start, family.title))
            spans.setdefault(version.doc, []).append((version.start, last))
    return successors, spans


def _add(found: list[Successor], new: Successor) -> None:
    """Add ``new``; one entry per successor and day, the programs it replaces joined."""
    for n, old in enumerate(found):
        if (old.doc, old.since) == (new.doc, new.since):
            if new.program not in old.program.split("、"):
                found[n] = Successor(old.doc, old.title, old.number, old.since, f"{old.program}、{new.program}")
            return
    found.append(new)


def document_status(doc_id: str, today: dt.date | None = None) -> DocStatus:
    """The state of ``doc_id`` on ``today`` (default: the system date)."""
    from huiqi.corpus.store import load_corpus

    today = today or dt.date.today()
    doc = load_corpus().document(doc_id)
    if doc.interprets:
        explained = document_status(doc.interprets, today)
        return DocStatus(explained.state, explained.until, explained.successors, doc.interprets)
    successors_of, spans_of = _family_links()
    successors = tuple(s for s in successors_of.get(doc_id, []) if s.since <= today)
    spans = spans_of.get(doc_id, [])
    answering = any(start <= today and (end is None or today <= end) for start, end in spans)
    until = _date(doc.expiry_date)
    if until is None and spans and all(end is not None for _, end in spans):
        until = max(end for _, end in spans if end is not None)
    if successors:
        return DocStatus("partly_replaced" if answering else "replaced", until, successors)
    if until is not None and until < today:
        return DocStatus("expired", until)
    effective = _date(doc.effective_date)
    if effective is not None and today < effective:
        return DocStatus("pending", until)
    return DocStatus("in_force", until)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
