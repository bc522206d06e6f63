"""Which version of a set of rules answers a question: the one in force now, or in the year it names.

Several documents are versions of the same rules (the 2021 and 2024 技改 rules, the 2021 小巨人 notice
and the 2022 and 2026 梯度培育 rules, the 2020 and 2024 创业板 rules …): ``huiqi/programs/versions.yaml``
lists each program family's versions in date order, and a version is in force from its document's
effective date until the next version's. A question that says ``现在`` or ``新办法`` asks about the
rules in force today; one that names a year (``2023年申报小巨人``) about the rules in force then; one
that says nothing of time is left to its words (:data:`DEFAULT_TODAY`: taking it as asking about
today ranked worse on the tuning half, whose answers mostly cite the compiled text). Where a
version in force at that time matches the question too, the clauses of a version *not* in force
then are ranked just below its best clause (the version in force first, the other one next), as an
interpretation is ranked below the text it explains; where the version in force matches far less
(below :data:`MATCH` of the other's best score), the question is about what only the other version
says, and nothing moves.

>>> versions = Versions([("a-2021", "a-2024")], {"a-2021": dt.date(2021, 1, 1), "a-2024": dt.date(2025, 1, 1)})
>>> versions.replaced(versions.span("2023年的规定", dt.date(2026, 12, 5)))
{'a-2024': frozenset({'a-2021'})}
>>> versions.replaced(versions.span("现在的规定", dt.date(2026, 12, 5)))
{'a-2021': frozenset({'a-2024'})}
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import cache

#: the best clause of the version in force must score at least this share of the best clause of a
#: version not in force for the latter to be moved below it. Chosen on the tuning half only.
MATCH = 0.5
#: a year a question names (``2023年``, ``2023 年度``)
_YEAR = re.compile(r"(?<!\d)(20\d\d)\s*年")
#: words by which a question asks about the rules in force now
NOW_CUES = ("现在", "目前", "当前", "如今", "最新", "现行", "新办法", "新规", "新细则", "新标准", "今年")
#: whether a question naming neither a year nor a :data:`NOW_CUES` word asks about today's rules
#: (else it is left to the words alone). Chosen on the tuning half only.
DEFAULT_TODAY = False

Span = tuple[dt.date, dt.date]


class Versions:
    """The program families' version chains, with each version's start date."""

    def __init__(self, families: Iterable[tuple[str, ...]], starts: dict[str, dt.date | None]) -> None:
        self.families = list(families)
        self.starts = starts
        self._docs = frozenset(d for f in self.families for d in f)

    @staticmethod
    def span(question: str, today: dt.date) -> Span | None:
        """The time a question asks about: the years it names (first to last), else ``today``
        (None where it says nothing of time and :data:`DEFAULT_TODAY` is off)."""
        years = sorted(int(y) for y in _YEAR.findall(question))
        if not years:
            if not DEFAULT_TODAY and not any(cue in question for cue in NOW_CUES):
                return None
            return today, today
        return dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31)

    def _in_force(self, family: tuple[str, ...], span: Span) -> set[str]:
        """The versions of ``family`` in force at some time of ``span`` (an unknown start is taken as
        before every other version's)."""
        out = set()
        for i, doc in enumerate(family):
            start = self.starts.get(doc) or dt.date.min
            end = (self.starts.get(family[i + 1]) or dt.date.min) if i + 1 < len(family) else dt.date.max
            if start <= span[1] and end > span[0]:
                out.add(doc)
        return out

    def replaced(self, span: Span | None) -> dict[str, frozenset[str]]:
        """Each version not in force in any of its families during ``span`` → the versions of those
        families that are (a family none of whose versions was in force then is left out)."""
        if span is None:
            return {}
        out: dict[str, set[str]] = {}
        forced: set[str] = set()
        for family in self.families:
            current = self._in_force(family, span)
            forced |= current
            for doc in family:
                if current and doc not in current:
                    out.setdefault(doc, set()).update(current)
        return {doc: frozenset(by) for doc, by in out.items() if doc not in forced}

    def in_force(self, span: Span | None) -> frozenset[str]:
        """The versions of every family in force at some time of ``span`` (empty for None)."""
        if span is None:
            return frozenset()
        return frozenset(d for family in self.families for d in self._in_force(family, span))

    def __contains__(self, doc: object) -> bool:
        return doc in self._docs


@cache
def shipped_versions() -> Versions:
    """The version chains of ``versions.yaml`` with the corpus's effective dates."""
    from huiqi.corpus.store import load_corpus
    from huiqi.programs.external import version_changes

    starts = {d.id: dt.date.fromisoformat(d.effective_date) if d.effective_date else None
              for d in load_corpus().documents}
    return Versions((tuple(docs) for docs in version_changes().values()), starts)
