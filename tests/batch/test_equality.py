"""批量筛查与逐个评估结论一致: for random profiles, every program's status, reward bound and failed
criteria are the same through ``engine.assess`` and through ``screen_file`` (CSV in, CSV out).

Profiles are generated per column kind from what the programs read (no program-specific code), with
blanks, money exactly at the usual thresholds (400, 700 …) and cities from every region plus 深圳.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huiqi.batch import screen_file
from huiqi.batch.fields import field_spec
from huiqi.batch.screen import Screener
from huiqi.engine import default_engine
from huiqi.errors import InputError

AS_OF = dt.date(2023, 6, 1)
CITIES = ["广州", "深圳", "珠海", "佛山", "东莞市", "中山", "汕头", "韶关", "湛江", "梅州", "云浮", "潮州", "东京"]
MONEY = ["0", "399.99", "400", "400.01", "699.99", "700", "700.01", "1000", "3000", "5000.5", "25000", "1234.56"]
READS = Screener(default_engine(), AS_OF).reads


def cell(path: str) -> st.SearchStrategy[Any]:
    """A value of the profile (JSON-like) for one column, or None (missing)."""
    spec = field_spec(path)
    if path in ("enterprise.city", "project.city"):
        value: st.SearchStrategy[Any] = st.sampled_from(CITIES)
    elif path == "enterprise.industry_code":
        value = st.sampled_from(["C3484", "3484", "C39", "C", "B0610", "F5111"])
    elif spec.kind == "bool":
        value = st.booleans()
    elif spec.kind == "money":
        value = st.one_of(st.sampled_from(MONEY), st.decimals(0, 60000, places=2).map(str))
    elif spec.kind in ("int", "decimal"):
        low = int(spec.ge or 0)
        high = int(spec.le) if spec.le is not None and spec.le < 500 else 500
        value = st.integers(low, high)
    elif spec.kind == "date":
        value = st.dates(dt.date(2017, 1, 1), dt.date(2024, 12, 31)).map(dt.date.isoformat)
    elif spec.choices:
        value = st.sampled_from(spec.choices)
    else:
        value = st.text("abc", min_size=1, max_size=3)
    return st.one_of(st.none(), value)


def _set(target: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, leaf = dotted.split(".")
    for key in parents:
        target = target.setdefault(key, {})
    target[leaf] = value


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    enterprise: dict[str, Any] = {}
    for path in READS:
        if path.startswith("enterprise."):
            value = draw(cell(path))
            if value is not None:
                _set(enterprise, path.removeprefix("enterprise."), value)
    projects = []
    for index in range(draw(st.integers(0, 2))):
        project: dict[str, Any] = {"id": f"p{index}"}
        for path in READS:
            if path.startswith("project.") and path != "project.id":
                value = draw(cell(path))
                if value is not None:
                    _set(project, path.removeprefix("project."), value)
        projects.append(project)
    return {"enterprise": enterprise, "projects": projects}


def flatten(data: dict[str, Any], prefix: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update(flatten(value, f"{prefix}{key}."))
        elif value is not None:
            out[f"{prefix}{key}"] = ("是" if value else "否") if isinstance(value, bool) else str(value)
    return out


def rows_of(profile: dict[str, Any]) -> list[dict[str, str]]:
    """The batch rows of a profile: one per project (enterprise columns repeated), or one."""
    base = flatten(profile["enterprise"], "enterprise.")
    return [{**base, **flatten(p, "project.")} for p in profile["projects"]] or [base]


def screen_rows(rows: list[dict[str, str]], tmp: Path) -> list[dict[str, str]]:
    header = sorted({k for row in rows for k in row} | {"enterprise.name"})
    source, target = tmp / "in.csv", tmp / "out.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    screen_file(source, target, as_of=AS_OF)
    with target.open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def expected(profile: dict[str, Any]) -> list[dict[str, Any]] | None:
    try:
        return default_engine().assess(profile, AS_OF)["results"]
    except InputError:
        return None


def row_profiles(profile: dict[str, Any]) -> list[dict[str, Any]]:
    """The profile each batch row stands for: the enterprise with that row's one project (or none)."""
    return [{"enterprise": profile["enterprise"], "projects": [p]} for p in profile["projects"]] or [
        {"enterprise": profile["enterprise"], "projects": []}
    ]


def check(one: dict[str, Any], row: dict[str, str]) -> None:
    """One batch row against ``assess`` of the one-project profile it stands for."""
    results = expected(one)
    if results is None:  # invalid input: the row is an error row, every program says so
        assert row["error"]
        assert all(row[f"{pid}.status"] == "error" for pid in default_engine().program_ids())
        return
    assert not row["error"], row["error"]
    for result in results:
        pid = result["program"]
        assert row[f"{pid}.status"] == result["status"], pid
        assert [f for f in row[f"{pid}.failed"].split(";") if f] == result["failed"], pid
        bound = (result.get("reward") or {}).get("max_wan")
        got = row[f"{pid}.reward_max_wan"]
        want = Decimal(str(bound)).quantize(Decimal("0.01")) if bound is not None else None
        assert (Decimal(got) if got else None) == want, pid


def check_all(profiles_: list[dict[str, Any]], tmp: Path) -> None:
    ones = [one for profile in profiles_ for one in row_profiles(profile)]
    out = screen_rows([row for one in ones for row in rows_of(one)], tmp)
    assert len(out) == len(ones)
    for one, row in zip(ones, out, strict=True):
        check(one, row)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=st.lists(profiles(), min_size=1, max_size=8))
def test_screen_agrees_with_assess(batch: list[dict[str, Any]], tmp_path: Path) -> None:
    check_all(batch, tmp_path)


@pytest.mark.parametrize("amount", ["700", "699.99", "400", "399.99", "700.000000499", "699.9999995"])
@pytest.mark.parametrize("city", ["东莞", "汕头", "深圳"])
def test_threshold_cases_agree(amount: str, city: str, tmp_path: Path) -> None:
    profile = {
        "enterprise": {"city": city, "registered_in_guangdong": True, "operating_in_guangdong": True,
                       "independent_legal_person": True, "industry_code": "C3484",
                       "compliance": {"tax_violation": False, "dishonest_debtor": False}},
        "projects": [{"id": "p1", "kind": "tech_upgrade", "management": "filing", "prohibited_by_policy": False,
                      "received_provincial_funding": False, "in_tech_upgrade_statistics": True,
                      "planned_start": "2021-04-01", "planned_completion": "2022-12-31",
                      "completed_on": "2022-11-30", "equipment_purchase_wan": amount}],
    }
    check_all([profile], tmp_path)
