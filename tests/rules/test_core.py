"""The engine core: Kleene logic, exact money, dated parameters, validity, assumptions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest

from huiqi.engine import Engine
from huiqi.rules import expr as E
from huiqi.rules.context import Context, shift_years
from huiqi.rules.params import ParameterSet, parse_parameters
from huiqi.rules.program import Assumption, Criterion, Program, ProgramFamily, Reward, Version
from huiqi.rules.to_polars import compile_expr

PARAMS = parse_parameters(
    {
        "floor": {
            "label": "下限",
            "unit": "万元",
            "values": [
                {"from": "2020-01-01", "to": "2021-12-31", "value": 700, "clause": "tech-upgrade-fund 第八条"},
                {"from": "2022-01-01", "value": "650.5", "clause": "tech-upgrade-fund 第八条"},
            ],
        },
        "share": {
            "label": "比例",
            "unit": "ratio",
            "values": [{"from": "2020-01-01", "value": "0.03", "clause": "gd-srdi-2020 第四条"}],
        },
    }
)


def run(expression: E.Expr, rows: dict[str, list], as_of: dt.date = dt.date(2021, 6, 1), choices=None) -> list:
    ctx = Context(as_of, ParameterSet(dict(PARAMS)), choices or {})
    return pl.DataFrame(rows).select(compile_expr(expression, ctx).alias("x"))["x"].to_list()


TRUTH = [True, False, None]


@pytest.mark.parametrize("a", TRUTH)
@pytest.mark.parametrize("b", TRUTH)
def test_kleene_truth_tables(a, b) -> None:
    rows = {"a": pl.Series([a], dtype=pl.Boolean), "b": pl.Series([b], dtype=pl.Boolean)}
    both = E.all_of(E.flag("a"), E.flag("b"))
    either = E.any_of(E.flag("a"), E.flag("b"))
    expected_and = False if False in (a, b) else (None if None in (a, b) else True)
    expected_or = True if True in (a, b) else (None if None in (a, b) else False)
    assert run(both, rows) == [expected_and]
    assert run(either, rows) == [expected_or]
    assert run(~E.flag("a"), rows) == [None if a is None else not a]


def test_at_least_is_three_valued() -> None:
    parts = (E.flag("a"), E.flag("b"), E.flag("c"))
    rows = {
        "a": pl.Series([True, True, False, None], dtype=pl.Boolean),
        "b": pl.Series([True, None, False, None], dtype=pl.Boolean),
        "c": pl.Series([False, False, None, None], dtype=pl.Boolean),
    }
    assert run(E.AtLeast(2, parts), rows) == [True, None, False, None]


def test_missing_value_is_unknown_not_false() -> None:
    rows = {"m": pl.Series([None, 700_000_000, 699_999_999], dtype=pl.Int64)}
    assert run(E.money("m") >= E.Param("floor"), rows) == [None, True, False]


def test_parameter_by_date() -> None:
    rows = {"m": pl.Series([650_500_000], dtype=pl.Int64)}
    assert run(E.money("m") >= E.Param("floor"), rows, dt.date(2021, 12, 31)) == [False]
    assert run(E.money("m") >= E.Param("floor"), rows, dt.date(2022, 1, 1)) == [True]
    assert PARAMS["floor"].at(dt.date(2022, 1, 1)) == Decimal("650.5")
    with pytest.raises(KeyError):
        PARAMS["floor"].at(dt.date(2019, 12, 31))


def test_ratio_is_exact_at_the_boundary() -> None:
    # 3% of 10000.01 万元 is 300.0003 万元: 300.0003 passes, 300.0002 does not
    rows = {
        "rd": pl.Series([300_000_300, 300_000_200, 1, 5], dtype=pl.Int64),
        "rev": pl.Series([10_000_010_000, 10_000_010_000, None, 0], dtype=pl.Int64),
    }
    assert run(E.money("rd") / E.money("rev") >= E.Param("share"), rows) == [True, False, None, None]


def test_year_tokens_follow_as_of() -> None:
    assert (
        E.resolve_path("enterprise.financials.{y-1}.revenue", dt.date(2021, 6, 1))
        == "enterprise.financials.2020.revenue"
    )
    assert E.resolve_path("x.{y-3}.y", dt.date(2024, 1, 1)) == "x.2021.y"


def test_shift_years_on_leap_day() -> None:
    assert shift_years(dt.date(2024, 2, 29), -3) == dt.date(2021, 2, 28)
    assert shift_years(dt.date(2021, 3, 1), -3) == dt.date(2018, 3, 1)


def test_when_with_unknown_condition_is_unknown() -> None:
    rows = {"c": pl.Series([None, True, False], dtype=pl.Boolean)}
    assert run(E.When(E.flag("c"), E.Const(1), E.Const(2)), rows) == [None, 1, 2]


def _toy_program(end: dt.date | None = None) -> Program:
    seat = Assumption("toy-basis", "哪一个？", {"a": "读法 A", "b": "读法 B"}, "a", "tech-upgrade-fund 第八条")
    return Program(
        id="toy",
        title="示例",
        level="enterprise",
        version=Version("tech-upgrade-fund", "粤工信规字〔2021〕5号", dt.date(2022, 1, 1), end),
        criteria=[
            Criterion(
                "employees",
                "从业人员",
                "tech-upgrade-fund 第八条",
                test=E.choice(
                    "toy-basis", a=E.count("enterprise.employees") >= 10, b=E.count("enterprise.employees") >= 20
                ),
            )
        ],
        reward=Reward(E.money("enterprise.equity_financing_2y_wan"), E.Param("share"), "tech-upgrade-fund 第十条"),
        assumptions=[seat],
        parameters=dict(PARAMS),
    )


def test_validity_and_assumptions_end_to_end() -> None:
    engine = Engine([ProgramFamily("toy", "示例", [_toy_program(dt.date(2022, 12, 31))])])
    profile = {"enterprise": {"employees": 15, "equity_financing_2y_wan": "1000"}}
    out = engine.assess(profile, as_of=dt.date(2022, 6, 1))["results"][0]
    assert out["status"] == "eligible" and out["reward"]["max_wan"] == 30.0
    assert out["assumptions"][0]["option"] == "a"
    switched = engine.assess(profile, as_of=dt.date(2022, 6, 1), choices={"toy-basis": "b"})["results"][0]
    assert switched["status"] == "ineligible" and switched["failed"] == ["employees"]
    assert switched["reward"]["max_wan"] is None
    assert engine.assess(profile, as_of=dt.date(2023, 1, 1))["results"][0]["status"] == "not_in_force"
    assert engine.assess(profile, as_of=dt.date(2021, 12, 31))["results"][0]["status"] == "not_in_force"
    unknown = engine.assess({"enterprise": {}}, as_of=dt.date(2022, 6, 1))["results"][0]
    assert unknown["status"] == "undetermined"
    assert unknown["criteria"][0]["missing"] == ["enterprise.employees"]
