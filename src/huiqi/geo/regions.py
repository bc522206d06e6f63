"""Policy regions (珠三角核心区, 粤东粤西粤北地区 …) as data, from ``regions.yaml``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from huiqi.geo._resources import read_yaml
from huiqi.geo.divisions import normalize_city
from huiqi.rules.clause import ClauseRef


@dataclass(frozen=True)
class Region:
    id: str
    label: str
    members: tuple[str, ...]  # city short names
    source: ClauseRef
    valid_from: dt.date | None
    valid_to: dt.date | None
    note: str = ""
    cited_by: tuple[ClauseRef, ...] = ()

    def __contains__(self, city: object) -> bool:
        return isinstance(city, str) and normalize_city(city) in self.members

    def in_force(self, on: dt.date) -> bool:
        """Whether the source document's period covers ``on`` (open ends always do)."""
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


@cache
def _regions() -> dict[str, Region]:
    raw: dict[str, dict[str, Any]] = read_yaml("regions.yaml")
    out: dict[str, Region] = {}
    for rid, spec in raw.items():
        members = []
        for name in spec["members"]:
            short = normalize_city(name)
            if short is None:
                raise ValueError(f"regions.yaml: {rid} lists {name!r}, not a Guangdong city")
            members.append(short)
        valid = spec.get("valid") or {}
        out[rid] = Region(
            id=rid,
            label=spec["label"],
            members=tuple(members),
            source=ClauseRef.parse(spec["source"]),
            valid_from=_date(valid.get("from")),
            valid_to=_date(valid.get("to")),
            note=" ".join(str(spec.get("note", "")).split()),
            cited_by=tuple(ClauseRef.parse(c) for c in spec.get("cited_by") or ()),
        )
    return out


def region_ids() -> tuple[str, ...]:
    return tuple(_regions())


def region(region_id: str) -> Region:
    """The region with this id (``prd_fund``); ValueError for an unknown id."""
    try:
        return _regions()[region_id]
    except KeyError:
        known = ", ".join(_regions())
        raise ValueError(
            f"未知的政策区域“{region_id}” / unknown policy region {region_id!r}; known: {known}"
        ) from None


def regions_of(city: str, on: dt.date | None = None) -> tuple[Region, ...]:
    """The regions a city belongs to (empty for a non-Guangdong name); with ``on``, only those whose
    source document is in force on that date."""
    short = normalize_city(city)
    if short is None:
        return ()
    return tuple(r for r in _regions().values() if short in r.members and (on is None or r.in_force(on)))
