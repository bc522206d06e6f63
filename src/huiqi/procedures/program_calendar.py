"""Program calendars (``programs.yaml``): fixed report dates and validity periods set by other
documents of the compilation, each with its clause.

>>> [i.due.isoformat() for i in program_dates(2022) if i.id.startswith("inclusive-ledger")]
['2022-01-15', '2022-07-15']
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

from huiqi.calendar import corresponding_day
from huiqi.rules.clause import ClauseRef


@dataclass(frozen=True)
class ProgramItem:
    id: str
    label: str
    actor: str
    kind: str  # yearly | dated | validity | in_force
    clause: ClauseRef
    note: str = ""
    month: int = 0
    day: int = 0
    on: date | None = None
    years: int = 0


@dataclass(frozen=True)
class ProgramDate:
    id: str
    label: str
    due: date
    clause: ClauseRef
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "due": self.due.isoformat(),
            "clause": self.clause.to_json(),
            "note": self.note,
        }


@cache
def program_items() -> tuple[ProgramItem, ...]:
    import yaml

    text = resources.files("huiqi.procedures").joinpath("programs.yaml").read_text(encoding="utf-8")
    items = []
    for raw in yaml.safe_load(text)["items"]:
        items.append(
            ProgramItem(
                id=raw["id"],
                label=raw["label"],
                actor=raw["actor"],
                kind=raw["kind"],
                clause=ClauseRef.parse(raw["clause"]),
                note=raw.get("note", ""),
                month=int(raw.get("month", 0)),
                day=int(raw.get("day", 0)),
                on=raw.get("date") or raw.get("from"),
                years=int(raw.get("years", 0)),
            )
        )
    return tuple(items)


def item(item_id: str) -> ProgramItem:
    return next(i for i in program_items() if i.id == item_id)


def program_dates(year: int) -> list[ProgramDate]:
    """The fixed dates falling in ``year`` (yearly reports and one-off dates), by date."""
    out = []
    for i in program_items():
        if i.kind == "yearly":
            out.append(ProgramDate(i.id, i.label, date(year, i.month, i.day), i.clause, i.note))
        elif i.kind == "dated" and i.on is not None and i.on.year == year:
            out.append(ProgramDate(i.id, i.label, i.on, i.clause, i.note))
    return sorted(out, key=lambda d: d.due)


def validity_end(item_id: str, start: date) -> date:
    """Last day of a status granted on ``start`` (专精特新, 小巨人: 3 years; 民法典 第二百零一、二百零二条:
    the start day is not counted, the period ends on the corresponding day). No rest-day shift: a
    status lapses, it is not an act due on a working day."""
    return corresponding_day(start, item(item_id).years)


def in_force_until(item_id: str = "tech-upgrade-filing-in-force") -> tuple[date, date]:
    """First and last day of a document's own validity (施行之日起 N 年: the start day counts)."""
    i = item(item_id)
    assert i.on is not None
    return i.on, corresponding_day(i.on, i.years) - timedelta(days=1)
