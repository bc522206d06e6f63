"""The deadline table of the 技改核准备案细则 (``deadlines.yaml``), loaded once and typed.

A :class:`DeadlineSpec` knows how to compute its dates from an anchor day; which anchor (which event)
is the lifecycle engine's business (:mod:`huiqi.procedures.lifecycle`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from huiqi.calendar import (
    PeriodResult,
    WorkCalendar,
    add_working_days,
    add_years,
    working_days_before,
)
from huiqi.rules.clause import ClauseRef

PERIOD_KINDS = ("working_days", "years", "before_working_days", "window_working_days")


@dataclass(frozen=True)
class DeadlineSpec:
    id: str
    management: str
    variant: str
    label: str
    actor: str
    kind: str
    n: int
    anchor: str
    clause: ClauseRef

    def compute(
        self, anchor: date, cal: WorkCalendar, **skip: Any
    ) -> tuple[PeriodResult, PeriodResult | None]:
        """``(due, opens)`` for an anchor day; ``opens`` is ``None`` unless the rule sets a window."""
        if self.kind == "working_days":
            return add_working_days(anchor, self.n, cal, **skip), None
        if self.kind == "years":
            return add_years(anchor, self.n, cal), None
        before = working_days_before(anchor, self.n, cal)
        if self.kind == "before_working_days":
            return before, None
        due = PeriodResult(anchor, cal.is_provisional(anchor) or before.provisional, before.basis)
        return due, before


@dataclass(frozen=True)
class Table:
    doc: str
    number: str
    in_force_from: date
    in_force_to: date
    in_force_clause: ClauseRef
    specs: dict[tuple[str, str, str], DeadlineSpec]

    def get(self, management: str, deadline_id: str, variant: str = "") -> DeadlineSpec:
        return self.specs[(management, deadline_id, variant)]


def _parse(data: dict[str, Any]) -> Table:
    doc = str(data["doc"])
    specs: dict[tuple[str, str, str], DeadlineSpec] = {}
    for item in data["deadlines"]:
        ((kind, n),) = item["period"].items()
        if kind not in PERIOD_KINDS:
            raise ValueError(f"deadline {item['id']}: unknown period kind {kind}")
        spec = DeadlineSpec(
            id=str(item["id"]),
            management=str(item["management"]),
            variant=str(item.get("variant", "")),
            label=str(item["label"]),
            actor=str(item["actor"]),
            kind=kind,
            n=int(n),
            anchor=str(item["from"]),
            clause=ClauseRef(doc, str(item["ref"])),
        )
        key = (spec.management, spec.id, spec.variant)
        if key in specs:
            raise ValueError(f"deadline {key} listed twice")
        specs[key] = spec
    force = data["in_force"]
    return Table(
        doc=doc,
        number=str(data["number"]),
        in_force_from=force["from"],
        in_force_to=force["to"],
        in_force_clause=ClauseRef(doc, str(force["clause"])),
        specs=specs,
    )


@cache
def table() -> Table:
    import yaml

    text = resources.files("huiqi.procedures").joinpath("deadlines.yaml").read_text(encoding="utf-8")
    return _parse(yaml.safe_load(text))
