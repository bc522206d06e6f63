"""Parameters: thresholds, rates, caps and groupings as dated data with their source clause.

In the spirit of OpenFisca's parameter files, a program's ``parameters.yaml`` holds, for each
parameter, a Chinese label, a unit and a list of values keyed by the date they take effect (and
where a text lapses, the date it ends), each value citing the clause that sets it::

    equipment_floor_prd:
      label: 珠三角地区设备购置总额下限
      unit: 万元
      inclusive: true          # 不低于: the limit itself passes (民法典 第一千二百五十九条)
      values:
        - from: 2022-01-01
          to: 2026-12-31
          value: 700
          clause: tech-upgrade-fund 第八条第（一）项第5目

Rule code reads parameters by id; it never holds the figure itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from huiqi.rules.clause import ClauseRef

#: units whose values are money in 万元 (exact Decimal)
MONEY_UNITS = {"万元"}
#: units whose values are plain ratios (0.2 = 20%)
RATIO_UNITS = {"ratio"}

ParamValue = Decimal | int | str | bool | dt.date | tuple[Any, ...] | dict[str, str]


@dataclass(frozen=True)
class ParamPeriod:
    """One value of a parameter, in force from ``start`` to ``end`` (inclusive; None = open)."""

    start: dt.date
    end: dt.date | None
    value: ParamValue
    clause: ClauseRef
    note: str = ""

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Parameter:
    id: str
    label: str
    unit: str
    periods: tuple[ParamPeriod, ...]
    inclusive: bool = True
    description: str = ""

    def period_at(self, day: dt.date) -> ParamPeriod | None:
        for period in self.periods:
            if period.covers(day):
                return period
        return None

    def at(self, day: dt.date) -> ParamValue:
        """The value in force on ``day``; KeyError where no value covers it."""
        period = self.period_at(day)
        if period is None:
            raise KeyError(f"parameter {self.id} has no value on {day.isoformat()}")
        return period.value

    def clause_at(self, day: dt.date) -> ClauseRef:
        period = self.period_at(day) or self.periods[-1]
        return period.clause


def _coerce(value: Any, unit: str) -> ParamValue:
    if isinstance(value, list):
        return tuple(_coerce(v, unit) for v in value)
    if isinstance(value, dict):  # a mapping (lookup table): keys and values kept as text
        return {str(k): str(v) for k, v in value.items()}
    if isinstance(value, str) and unit in MONEY_UNITS | RATIO_UNITS:
        return Decimal(value)
    if isinstance(value, bool | dt.date | str):
        return value
    if isinstance(value, int) and unit not in MONEY_UNITS | RATIO_UNITS:
        return value
    return Decimal(str(value))


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def parse_parameters(data: dict[str, Any], prefix: str = "") -> dict[str, Parameter]:
    """Parameters from the mapping a ``parameters.yaml`` holds; ids get ``prefix`` + ``.``."""
    result: dict[str, Parameter] = {}
    for key, spec in data.items():
        unit = str(spec.get("unit", ""))
        periods = []
        for raw in spec["values"]:
            periods.append(
                ParamPeriod(
                    start=_date(raw["from"]),
                    end=_date(raw["to"]) if raw.get("to") else None,
                    value=_coerce(raw["value"], unit),
                    clause=ClauseRef.parse(raw["clause"]),
                    note=str(raw.get("note", "")),
                )
            )
        periods.sort(key=lambda p: p.start)
        pid = f"{prefix}.{key}" if prefix else key
        result[pid] = Parameter(
            id=pid,
            label=str(spec["label"]),
            unit=unit,
            periods=tuple(periods),
            inclusive=bool(spec.get("inclusive", True)),
            description=str(spec.get("description", "")),
        )
    return result


def load_parameters(path: Path, prefix: str = "") -> dict[str, Parameter]:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    return parse_parameters(data, prefix)


@dataclass
class ParameterSet:
    """Every parameter the rules may read, by id."""

    parameters: dict[str, Parameter] = field(default_factory=dict)

    def add(self, params: dict[str, Parameter]) -> None:
        for pid, param in params.items():
            if pid in self.parameters:
                raise ValueError(f"parameter {pid} defined twice")
            self.parameters[pid] = param

    def __getitem__(self, pid: str) -> Parameter:
        try:
            return self.parameters[pid]
        except KeyError:
            raise KeyError(f"unknown parameter {pid}") from None
