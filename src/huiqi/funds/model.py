"""The objects of a fund round: projects read from a file, the round's options, the results."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any


class Scope(StrEnum):
    """Who shares one ratio: each city (the yearly notices) or each of the two regions."""

    city = "city"
    region = "region"


class Mode(StrEnum):
    uniform = "uniform-ratio"
    rank_cutoff = "rank-cutoff"


class MinHandling(StrEnum):
    """A project whose reward falls below the notice's minimum: ``leave`` it unfunded, or ``raise``
    it to the minimum (never past the cap ratio)."""

    leave = "leave"
    raise_ = "raise"


@dataclass(frozen=True)
class Project:
    """One selected project of a round (contract §8 columns, plus what the exports show)."""

    id: str
    city_text: str
    city: str | None  # canonical short name of a Guangdong city, None outside Guangdong
    equipment_wan: Decimal
    rank: int | None = None
    name: str | None = None
    enterprise: str | None = None
    credit_code: str | None = None
    county: str | None = None
    row: int = 0  # 1-based position in the input

    def label(self) -> dict[str, Any]:
        return {k: v for k, v in (("name", self.name), ("enterprise", self.enterprise)) if v}


@dataclass(frozen=True)
class Deduction:
    """A sum taken off a group's budget before the ratio (a 2019 事前奖励 settlement, 工作经费)."""

    name: str
    amount_wan: Decimal
    group: str | None = None  # None: the only group


@dataclass(frozen=True)
class AllocationOptions:
    budgets: dict[str | None, Decimal]  # None: a bare --budget-wan
    scope: Scope = Scope.city
    mode: Mode = Mode.uniform
    project_cap_wan: Decimal | None = None  # None: the rule's cap (parameters)
    project_min_wan: Decimal | None = None
    min_handling: MinHandling = MinHandling.leave
    deductions: tuple[Deduction, ...] = ()
    ratio_step: Decimal = Decimal("0.000001")
    as_of: dt.date = field(default_factory=dt.date.today)


@dataclass
class Allocation:
    project: Project
    group: str | None
    reward_wan: Decimal = Decimal(0)
    ratio: Decimal | None = None
    capped: bool = False
    funded: bool = False
    raised_to_min: bool = False
    reason: str | None = None
    clause: Any = None  # a ClauseRef for the reason


@dataclass
class GroupResult:
    group: str
    region: str
    cap_ratio: Decimal
    budget_wan: Decimal
    deductions: list[Deduction] = field(default_factory=list)
    ratio: Decimal = Decimal(0)
    ratio_exact: Decimal | None = None  # the water-filling ratio before the grid, where computed
    allocated_wan: Decimal = Decimal(0)
    projects: int = 0
    funded: int = 0

    @property
    def available_wan(self) -> Decimal:
        return self.budget_wan - sum((d.amount_wan for d in self.deductions), Decimal(0))
