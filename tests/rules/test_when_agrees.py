"""An unknown selector whose branches agree decides (:class:`huiqi.rules.expr.When`), alike in every
backend: Polars, the generated Python function (a whole program's and one subtree's, as the advice
evaluates it) and SQL on DuckDB. The lowering marks the branches that may agree (``If.agree``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import duckdb
import polars as pl
import pytest

from huiqi.rules import core as C
from huiqi.rules import expr as E
from huiqi.rules.compiled import compile_program
from huiqi.rules.context import Context
from huiqi.rules.lower import lower_expr
from huiqi.rules.params import ParameterSet, parse_parameters
from huiqi.rules.program import Criterion, Program, Version
from huiqi.rules.to_polars import compile_expr
from huiqi.rules.to_source import evaluate_row, node_function
from huiqi.rules.to_sql import Sql, compile_sql

CLAUSE = "tech-upgrade-fund 第八条第（一）项第5目"


def _param(unit: str, value: object) -> dict[str, object]:
    return {"label": "参数", "unit": unit, "values": [{"from": "2020-01-01", "value": value, "clause": CLAUSE}]}


PARAMS = parse_parameters(
    {
        "prd": _param("城市", ["东莞"]),
        "floor_prd": _param("万元", 700),
        "floor_ewn": _param("万元", 400),
        "rate_prd": _param("ratio", "0.2"),
        "rate_ewn": _param("ratio", "0.3"),
    }
)
CTX = Context(dt.date(2023, 6, 1), ParameterSet(dict(PARAMS)), {})
IN_PRD = E.text("city").is_in(E.Param("prd"))
AMOUNT = E.money("amount")
FLOOR = E.When(IN_PRD, E.Param("floor_prd"), E.Param("floor_ewn"), "地区")
SHARE = E.Ratio(E.money("part"), AMOUNT)
RATE = E.When(IN_PRD, E.Param("rate_prd"), E.Param("rate_ewn"), "地区")

TESTS = {
    "floor": AMOUNT >= FLOOR,  # the When on the right
    "floor-mirrored": E.Cmp("<=", FLOOR, AMOUNT),  # the When on the left
    "share": SHARE >= RATE,  # a ratio against a When of ratios
    "branches": E.When(IN_PRD, E.Cmp(">=", AMOUNT, E.Param("floor_prd")), E.Cmp(">=", AMOUNT, E.Param("floor_ewn"))),
    # a value (not a truth value) stays unknown under an unknown condition, even alike in both
    "value": E.When(IN_PRD, E.Money(Decimal(5)), E.Money(Decimal(5))),
}
FEN = 1_000_000
# (city, amount 万元, part 万元) → expected per test
ROWS = [
    (None, 300, 50, {"floor": False, "floor-mirrored": False, "share": False, "branches": False}),
    (None, Decimal("399.99"), 50, {"floor": False}),
    (None, 400, 50, {"floor": None, "branches": None}),
    (None, Decimal("699.99"), 200, {"floor": None, "share": None}),
    (None, 700, 210, {"floor": True, "floor-mirrored": True, "share": True, "branches": True}),
    (None, None, None, {"floor": None, "share": None}),
    ("东莞", 400, 80, {"floor": False, "share": True}),
    ("汕头", 400, 80, {"floor": True, "share": False}),
]


def _frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "city": pl.Series([r[0] for r in ROWS], dtype=pl.String),
            "amount": pl.Series([None if r[1] is None else int(Decimal(r[1]) * FEN) for r in ROWS], dtype=pl.Int64),
            "part": pl.Series([None if r[2] is None else int(Decimal(r[2]) * FEN) for r in ROWS], dtype=pl.Int64),
        }
    )


def _polars() -> dict[str, list]:
    frame = _frame()
    return {name: frame.select(compile_expr(t, CTX).alias("x"))["x"].to_list() for name, t in TESTS.items()}


def test_agreeing_branches_decide_in_polars() -> None:
    got = _polars()
    for index, (*_, want) in enumerate(ROWS):
        for name, value in want.items():
            assert got[name][index] is value, (name, ROWS[index])
    assert got["value"] == [None if r[0] is None else 5 * FEN for r in ROWS]


def test_closures_generated_code_and_sql_agree_with_polars() -> None:
    expected = _polars()
    frame = _frame()
    rows = frame.to_dicts()
    program = Program(
        id="toy",
        title="示例",
        level="project",
        version=Version("tech-upgrade-fund", "粤工信规字〔2021〕5号", dt.date(2022, 1, 1), None),
        criteria=[Criterion(name, name, CLAUSE, test=t) for name, t in TESTS.items() if name != "value"],
        parameters=dict(PARAMS),
    )
    compiled = compile_program(program, CTX)
    con = duckdb.connect()
    con.register("input", frame.to_arrow())
    for name, test in TESTS.items():
        closures = [node_function(test, CTX)(row) for row in rows]
        sql = con.execute(f"SELECT {compile_sql(test, CTX, Sql())} FROM input").fetchall()
        assert closures == expected[name], name
        assert [None if v is None else int(v) if name == "value" else bool(v) for (v,) in sql] == expected[name], name
        if name != "value":
            assert [evaluate_row(compiled, row)[f"toy::{name}"] for row in rows] == expected[name], name


@pytest.mark.parametrize(("amount", "status", "words"), [(300, "fail", "低于任何地区的最低门槛（400 万元）"),
                                                          (700, "pass", "达到任何地区的最高门槛（700 万元）")])
def test_explanation_names_the_floor_of_every_region(amount: int, status: str, words: str) -> None:
    from huiqi.rules.explain import explain

    program = Program(
        id="toy",
        title="示例",
        level="project",
        version=Version("tech-upgrade-fund", "粤工信规字〔2021〕5号", dt.date(2022, 1, 1), None),
        criteria=[Criterion("floor", "设备购置额不低于地区下限", CLAUSE, test=AMOUNT >= FLOOR)],
        parameters=dict(PARAMS),
    )
    compiled = compile_program(program, CTX)
    row = {"city": None, "amount": amount * FEN}
    item = explain(compiled, {**row, **evaluate_row(compiled, row)})["criteria"][0]
    assert item["status"] == status
    assert words in item["note"] and item["threshold"] is None


def test_lowering_marks_which_branches_may_agree() -> None:
    """Truth values pushed into the branches agree; a value (the floor itself) never does."""
    floor = lower_expr(TESTS["floor"], CTX)
    assert isinstance(floor, C.If) and floor.agree
    assert isinstance(floor.then, C.Cmp) and isinstance(floor.other, C.Cmp)
    value = lower_expr(TESTS["value"], CTX)
    assert isinstance(value, C.If) and not value.agree
