"""Programs, criteria, rewards and named assumptions: what a program module declares.

A program is a set of criteria combined with *all*; a criterion may itself be "one of N" (its
``parts`` combined with ``any`` or ``at_least``). Applicability (does the program cover this case
at all) is kept apart from eligibility, and both apart from how much the program pays.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from huiqi.rules.clause import ClauseRef
from huiqi.rules.expr import AnyOf, AtLeast, Cmp, Expr, Ratio
from huiqi.rules.params import Parameter

Combine = Literal["all", "any"] | int  # an int n: at least n of the parts


class Cites:
    """Mixin: ``clause`` may be written as text in rule files; ``ref`` is always a ClauseRef."""

    clause: ClauseRef | str

    @property
    def ref(self) -> ClauseRef:
        return ClauseRef.parse(self.clause)


@dataclass(frozen=True)
class Criterion(Cites):
    """One condition of a program, citing exactly one primary clause.

    ``test`` is a three-valued boolean expression. ``actual`` and ``threshold`` are what the
    explanation shows (taken from a comparison's two sides when not given). ``question`` is what to
    ask a user whose data leaves the criterion unknown.
    """

    id: str
    label: str
    clause: ClauseRef | str
    test: Expr | None = None
    actual: Expr | None = None
    threshold: Expr | None = None
    question: str = ""
    note: str = ""
    parts: tuple[Criterion, ...] = ()
    combine: Combine = "all"
    unit: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "clause", ClauseRef.parse(self.clause))
        if self.test is None and not self.parts:
            raise ValueError(f"criterion {self.id} needs a test or parts")
        if self.test is not None and isinstance(self.test, Cmp):
            if self.actual is None:
                object.__setattr__(self, "actual", self.test.left)
            if self.threshold is None:
                object.__setattr__(self, "threshold", self.test.right)
        if not self.unit and self.actual is not None:
            kind = self.actual.kind
            unit = {"money": "万元", "ratio": "比例"}.get(kind, "")
            object.__setattr__(self, "unit", unit)

    def walk(self) -> list[Criterion]:
        out = [self]
        for part in self.parts:
            out.extend(part.walk())
        return out

    def expression(self) -> Expr:
        """The test, or the parts combined (``any``/``all``/at least n)."""
        if self.test is not None:
            return self.test
        exprs = tuple(part.expression() for part in self.parts)
        if self.combine == "any":
            return AnyOf(exprs)
        if isinstance(self.combine, int):
            return AtLeast(self.combine, exprs)
        from huiqi.rules.expr import All

        return All(exprs)

    def is_ratio(self) -> bool:
        return isinstance(self.actual, Ratio)


@dataclass(frozen=True)
class ManualCheck(Cites):
    """Something the text requires that data cannot decide: a person confirms it."""

    label: str
    clause: ClauseRef | str

    def __post_init__(self) -> None:
        object.__setattr__(self, "clause", ClauseRef.parse(self.clause))


@dataclass(frozen=True)
class Assumption(Cites):
    """A named reading of ambiguous text; the caller may switch it (``--assume id=option``)."""

    id: str
    question: str
    options: dict[str, str]
    default: str
    clause: ClauseRef | str

    def __post_init__(self) -> None:
        object.__setattr__(self, "clause", ClauseRef.parse(self.clause))
        if self.default not in self.options:
            raise ValueError(f"assumption {self.id}: default {self.default} is not an option")


@dataclass(frozen=True)
class Reward(Cites):
    """The upper bound the text allows: ``base × rate``, then every cap (``不超过``)."""

    base: Expr
    rate: Expr
    clause: ClauseRef | str
    caps: tuple[Expr, ...] = ()
    recipient: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "clause", ClauseRef.parse(self.clause))


@dataclass(frozen=True)
class Version:
    """The document whose rules answer, and the dates they are in force (``to`` None: open)."""

    doc: str
    number: str
    start: dt.date
    end: dt.date | None
    quality: str = "P"
    #: why the version ends on ``end`` where the document gives no validity clause (a call for
    #: applications ends with its last date for applying), shown in a ``not_in_force`` answer
    end_basis: str = ""

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def to_json(self) -> dict[str, str | None]:
        return {
            "doc": self.doc,
            "number": self.number,
            "from": self.start.isoformat(),
            "to": self.end.isoformat() if self.end else None,
        }


@dataclass
class Program:
    """One version of a program. ``level`` is ``enterprise`` or ``project`` (one result per project)."""

    id: str
    title: str
    level: Literal["enterprise", "project"]
    version: Version
    criteria: list[Criterion]
    applicability: list[Criterion] = field(default_factory=list)
    reward: Reward | None = None
    manual_checks: list[ManualCheck] = field(default_factory=list)
    assumptions: list[Assumption] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    parameters: dict[str, Parameter] = field(default_factory=dict)
    project_kind: str | None = None
    summary: str = ""

    def all_criteria(self) -> list[Criterion]:
        out: list[Criterion] = []
        for criterion in [*self.applicability, *self.criteria]:
            out.extend(criterion.walk())
        return out

    def assumption(self, aid: str) -> Assumption:
        for assumption in self.assumptions:
            if assumption.id == aid:
                return assumption
        raise KeyError(f"program {self.id} has no assumption {aid}")


@dataclass
class ProgramFamily:
    """The versions of one program id, in date order; ``as_of`` picks the one in force."""

    id: str
    title: str
    versions: list[Program]

    def at(self, day: dt.date) -> Program | None:
        """The latest version in force on ``day``: a successor answers from its start even where its
        predecessor's stated validity has not run out."""
        for program in reversed(self.versions):
            if program.version.covers(day):
                return program
        return None

    def nearest(self, day: dt.date) -> Program:
        """The version closest to ``day``: what a ``not_in_force`` answer reports."""
        before = [p for p in self.versions if p.version.start <= day]
        return before[-1] if before else self.versions[0]

    def successor(self, program: Program) -> Program | None:
        index = self.versions.index(program)
        return self.versions[index + 1] if index + 1 < len(self.versions) else None
