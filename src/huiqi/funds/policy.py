"""What the 技改 and 普惠 细则 fix for a fund round, from the program version in force on its date.

No figure is written here and no parameter file is read here: the cap ratios (20% / 30%), the
per-project cap (5,000 万元 under 粤工信规字〔2021〕5号, 1,500 万元 under 粤工信规字〔2024〕7号), the
two city lists, the 普惠 rate (2%) and the 标杆 notice's rate, caps by direction and score floors are
the parameters of the version of the program that the engine (:func:`huiqi.engine.default_engine`)
answers with on the round's date, the same one ``huiqi assess`` uses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from huiqi.geo import normalize_city
from huiqi.rules.clause import ClauseRef
from huiqi.rules.params import Parameter
from huiqi.rules.program import Program

TECH_PROGRAM = "tech-upgrade-equipment-reward"
INCLUSIVE_PROGRAM = "inclusive-investment-reward"
BENCHMARK_PROGRAM = "digital-benchmark"
PRD, EWN = "prd", "ewn"
#: the group name a region gets under ``--scope region`` (the 细则's own words)
REGION_LABELS = {PRD: "珠三角地区", EWN: "粤东粤西粤北地区"}
REGION_ALIASES = {
    PRD: ("珠三角地区", "珠三角", "prd", "prd_fund", "pearl-river-delta"),
    EWN: ("粤东粤西粤北地区", "粤东粤西粤北", "粤东西北", "粤东西北地区", "ewn", "east-west-north"),
}

# Clauses a round cites (doc ids of the corpus).
RATIO_CLAUSE = ClauseRef("tech-upgrade-fund", "第十条第（一）项")
REGIONS_CLAUSE = ClauseRef("tech-upgrade-fund", "第八条第（一）项第5目")
RANKING_CLAUSE = ClauseRef("tech-upgrade-fund", "第十三条第（二）项")
PLAN_CLAUSE = ClauseRef("tech-upgrade-fund", "第十五条")
CITY_PLAN_CLAUSE = ClauseRef("tech-upgrade-fund", "第十六条")
SETTLEMENT_CLAUSE = ClauseRef("tech-upgrade-fund", "第十条第（二）项")
PUBLICITY_CLAUSE = ClauseRef("tech-upgrade-fund", "第十九条")
ESTIMATE_CLAUSE = ClauseRef("inclusive-investment", "第十九条")
RATE_CLAUSE = ClauseRef("inclusive-investment", "第十三条")


def program_on(program_id: str, on: dt.date) -> tuple[Program, bool]:
    """The version of ``program_id`` in force on ``on`` (the engine's choice), and whether one is; a
    date outside every version gets the nearest one (the caller notes it)."""
    from huiqi.engine import default_engine

    family = default_engine().families[program_id]
    program = family.at(on)
    return (program, True) if program is not None else (family.nearest(on), False)


def _value(param: Parameter, on: dt.date) -> Any:
    """The value in force on ``on``; outside every period of the version, its nearest one."""
    period = param.period_at(on)
    if period is None:
        before = [p for p in param.periods if p.start <= on]
        period = before[-1] if before else param.periods[0]
    return period.value


@dataclass(frozen=True)
class FundRules:
    """The tech-upgrade fund's figures on one date."""

    as_of: dt.date
    prd_cities: tuple[str, ...]
    ewn_cities: tuple[str, ...]
    rate_prd: Decimal
    rate_ewn: Decimal
    project_cap_wan: Decimal
    in_force: bool
    version: str = ""  # the number of the document whose figures these are

    def region_of(self, city: str | None) -> str | None:
        """``prd`` / ``ewn`` for a city the fund covers, None otherwise (深圳, outside Guangdong)."""
        if city in self.prd_cities:
            return PRD
        if city in self.ewn_cities:
            return EWN
        return None

    def cap_ratio(self, region: str) -> Decimal:
        return self.rate_prd if region == PRD else self.rate_ewn


def fund_rules(as_of: dt.date) -> FundRules:
    program, in_force = program_on(TECH_PROGRAM, as_of)
    params = program.parameters
    return FundRules(
        as_of=as_of,
        prd_cities=tuple(str(c) for c in _value(params["prd_cities"], as_of)),
        ewn_cities=tuple(str(c) for c in _value(params["ewn_cities"], as_of)),
        rate_prd=Decimal(_value(params["rate_prd"], as_of)),
        rate_ewn=Decimal(_value(params["rate_ewn"], as_of)),
        project_cap_wan=Decimal(_value(params["project_cap"], as_of)),
        in_force=in_force,
        version=program.version.number,
    )


@dataclass(frozen=True)
class BenchmarkRules:
    """The 标杆 notice's figures on one date: 四、（一） rate and caps by direction, 三、（二）4 score floors."""

    reward_rate: Decimal
    direction_caps: dict[str, Decimal]
    score_floors: dict[str, Decimal]


def benchmark_rules(as_of: dt.date) -> BenchmarkRules:
    params = program_on(BENCHMARK_PROGRAM, as_of)[0].parameters
    five_g = Decimal(_value(params["cap_5g_supply_chain"], as_of))
    return BenchmarkRules(
        reward_rate=Decimal(_value(params["reward_rate"], as_of)),
        direction_caps={"industrial-internet": Decimal(_value(params["cap_industrial_internet"], as_of)),
                        "5g": five_g, "supply-chain": five_g},
        score_floors={PRD: Decimal(_value(params["score_floor_prd"], as_of)),
                      EWN: Decimal(_value(params["score_floor_ewn"], as_of))},
    )


def inclusive_rate(as_of: dt.date) -> tuple[Decimal, bool]:
    """The 普惠 rate (第十三条 "不超过 2%") and whether a dated value covers ``as_of``."""
    program, in_force = program_on(INCLUSIVE_PROGRAM, as_of)
    return Decimal(_value(program.parameters["reward_rate"], as_of)), in_force


def inclusive_cities(as_of: dt.date) -> tuple[str, ...]:
    params = program_on(INCLUSIVE_PROGRAM, as_of)[0].parameters
    return tuple(str(c) for c in (*_value(params["prd_cities"], as_of), *_value(params["ewn_cities"], as_of)))


def region_key(name: str) -> str | None:
    """``珠三角`` / ``珠三角地区`` / ``prd`` → ``prd``; None for anything else."""
    text = name.strip().lower()
    for key, aliases in REGION_ALIASES.items():
        if text in (a.lower() for a in aliases):
            return key
    return None


def group_name(text: str, scope: str) -> str | None:
    """The canonical group a ``GROUP=B`` names under ``scope``, None when it names none."""
    if scope == "region":
        key = region_key(text)
        return REGION_LABELS[key] if key else None
    return normalize_city(text)
