"""Helpers for the procedure tests: build a timeline from (type, date) pairs."""

from datetime import date
from typing import Any

from huiqi.calendar import PACKAGE_CALENDAR
from huiqi.procedures import Timeline, build_timeline


def run(management: str, *events: tuple[str, str], as_of: str, **fields: Any) -> Timeline:
    project = {
        "id": "p1",
        "management": management,
        **fields,
        "events": [{"type": t, "date": d} for t, d in events],
    }
    return build_timeline(project, date.fromisoformat(as_of), calendar=PACKAGE_CALENDAR)


def open_due(tl: Timeline) -> dict[str, str]:
    return {d.spec.id: d.due.date.isoformat() for d in tl.deadlines}


def warning_ids(tl: Timeline) -> set[str]:
    return {w.id for w in tl.warnings}
