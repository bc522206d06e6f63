"""Property: advice verifies. For profiles made from every hand case and random perturbations of
them, setting each suggested change (on ``reachable_from`` where given) makes the program eligible —
or, where facts are missing, leaves nothing failing — and no change touches a field outside the
allow-list (never city, county, founding date or compliance)."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from advice_helpers import CASES, allowed, apply_changes, reassess_day, result_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huiqi.advice import advise
from huiqi.engine import default_engine
from huiqi.profile.columns import kind_of_column

USABLE = [c for c in CASES if c.expect.get("status") in ("eligible", "ineligible", "undetermined")]
MONEY_KEYS = ("rd_expense", "main_business_revenue", "revenue", "total_assets")
PROJECT_MONEY = ("equipment_purchase_wan", "investment_ex_tax_wan", "it_investment_wan", "total_investment_wan")


def _perturb(profile: dict[str, Any], draw: Any) -> dict[str, Any]:
    """Scale some money figures and counts, flip some flags (changeable and not)."""
    out = copy.deepcopy(profile)
    enterprise = out.get("enterprise") or {}
    for year in enterprise.get("financials") or {}:
        figures = enterprise["financials"][year]
        for key in MONEY_KEYS:
            if key in figures and draw(st.booleans()):
                factor = draw(st.sampled_from(["0.5", "0.9", "0.97", "0.999", "1.01", "1.2"]))
                figures[key] = str((Decimal(str(figures[key])) * Decimal(factor)).quantize(Decimal("0.01")))
    for key in ("rd_staff", "degree_or_title_staff"):
        if isinstance(enterprise.get(key), int) and draw(st.booleans()):
            enterprise[key] = max(0, enterprise[key] - draw(st.integers(0, 30)))
    for group in ("ip", "refinement", "innovation", "specialty", "compliance"):
        section = enterprise.get(group) or {}
        for key, value in list(section.items()):
            if isinstance(value, bool) and draw(st.integers(0, 5)) == 0:
                section[key] = not value
            elif isinstance(value, int) and not isinstance(value, bool) and draw(st.booleans()):
                section[key] = max(0, value - draw(st.integers(0, 3)))
    for project in out.get("projects") or []:
        for key in PROJECT_MONEY:
            if key in project and draw(st.booleans()):
                factor = draw(st.sampled_from(["0.3", "0.8", "0.999", "1.5"]))
                project[key] = str((Decimal(str(project[key])) * Decimal(factor)).quantize(Decimal("0.01")))
    return out


@st.composite
def profiles(draw: Any) -> tuple[Any, dict[str, Any], bool]:
    case = draw(st.sampled_from(USABLE))
    profile = case.profile if draw(st.booleans()) else _perturb(case.profile, draw)
    return case, profile, draw(st.integers(0, 3)) == 0


def _check(case: Any, profile: dict[str, Any], outcomes: bool = False) -> None:
    answer = advise(profile, as_of=case.as_of, programs=[case.program], choices=case.assume, include_outcomes=outcomes)
    engine = default_engine()
    for entry in answer["advice"]:
        for change in entry["changes"]:
            assert allowed(change["field"], outcomes), change["field"]
            assert kind_of_column(change["field"]) is not None
            assert change["criterion"] and change["clause"]["ref"]
        if entry["reachable"] is not True:
            assert entry["changes"] == [] or entry["reachable"] is None
            continue
        day = reassess_day(entry, case.as_of)
        again = engine.assess(apply_changes(profile, entry), as_of=day, choices=case.assume, programs=[case.program])
        result = result_for(again, entry)
        if entry["missing"]:
            assert result["status"] in ("eligible", "undetermined"), (entry, result["failed"])
            assert not result["failed"]
        else:
            assert result["status"] == "eligible", (entry, result["failed"])


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_advice_verifies_and_stays_in_the_allow_list(drawn: tuple[Any, dict[str, Any], bool]) -> None:
    case, profile, outcomes = drawn
    _check(case, profile, outcomes)


def test_every_hand_case_gets_verified_advice() -> None:
    for case in USABLE:
        _check(case, case.profile)
