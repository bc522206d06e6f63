"""快速读数与细致读数一致: a column of plainly written cells is read by one cast (the fast path); a cell
that looks plain but needs the careful rounding, padding or rewriting makes its column go the careful
way, and either way the cell gets the same value and the same message."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huiqi.batch.validate import ChunkValidator

PROFIT = "enterprise.financials.2021.net_profit"  # signed money
EQUIPMENT = "project.equipment_purchase_wan"  # money that may not be negative
SCORE = "project.review_score"  # a decimal, 0–100

# (cell, 分, whether one cast reads it): half-up to 6 decimals as the profile model quantizes, never
# half-even (which is what Polars' own cast to 6 decimals does: 1234.5678905 → …890)
MONEY = [
    ("1234.56", 1_234_560_000, True),
    ("-0.5", -500_000, True),
    ("1e3", 1_000_000_000, True),
    ("2.5e-6", 3, False),  # 0.0000025: the 7th decimal is 5, up
    ("1234.5678905", 1_234_567_891, False),
    ("0.0000005", 1, False),
    ("-0.0000005", -1, False),
    ("0.0000025", 3, False),
    ("0.00000250", 3, False),
    ("700.000000499", 700_000_000, False),  # read to 7 decimals: 700.0000005
    ("699.9999995", 700_000_000, False),
    ("0.00000149999", 1, False),
    ("0.00000100001", 1, True),  # read to 7 decimals: 0.0000010, its half-up rounding
    ("3.14159300049", 3_141_593, True),
    ("1.5e-7", 0, False),
    ("99999999999.9999999", 10**17, False),  # 10¹¹ 万元 after rounding: past Decimal(18, 7)
    ("500000000000", 500_000_000_000_000_000, False),
    (" 12.5", 12_500_000, False),  # padding
    ("+.5", 500_000, True),
]


def read(path: str, cells: list[str | None]) -> tuple[pl.DataFrame, ChunkValidator]:
    validator = ChunkValidator(pl.DataFrame({"cell": cells}, schema={"cell": pl.String}), {path: "cell"})
    return validator.run(), validator


@pytest.mark.parametrize(("cell", "fen", "fast"), MONEY)
def test_money_fast_and_careful_agree(cell: str, fen: int, fast: bool) -> None:
    alone, validator = read(PROFIT, [cell])
    mixed, _ = read(PROFIT, [cell, "abc"])  # an unreadable cell: the column goes the careful way
    assert alone[PROFIT][0] == mixed[PROFIT][0] == fen
    assert alone["error"][0] is None and mixed["error"][0] is None
    assert mixed["error"][1] == "第 3 行「cell」：应填数值（单位万元），填写的是 abc"
    assert (PROFIT in validator.fast) == fast


numbers = st.builds(
    lambda sign, whole, part, exponent: f"{sign}{whole}{part}{exponent}",
    st.sampled_from(["", "-", "+"]),
    st.text("0123456789", min_size=1, max_size=12),
    st.one_of(st.just(""), st.text("0123456789", max_size=12).map(lambda d: f".{d}")),
    st.one_of(st.just(""), st.integers(-9, 9).map(lambda e: f"e{e}")),
)


@settings(max_examples=150, deadline=None)
@given(cell=numbers)
def test_any_number_reads_the_same_either_way(cell: str) -> None:
    alone, _ = read(PROFIT, [cell])
    mixed, _ = read(PROFIT, [cell, "abc"])
    assert alone[PROFIT][0] == mixed[PROFIT][0]
    assert alone["error"][0] == mixed["error"][0]


def test_一个需要细致舍入的单元格使整列走细致路径() -> None:
    cells = ["100", "200.5", "1234.5678905", None]
    out, validator = read(EQUIPMENT, cells)
    assert EQUIPMENT not in validator.fast
    assert out[EQUIPMENT].to_list() == [100_000_000, 200_500_000, 1_234_567_891, None]
    assert out["error"].null_count() == 4
    plain, validator = read(EQUIPMENT, ["100", "200.5", "1234.567891", None])
    assert EQUIPMENT in validator.fast and plain[EQUIPMENT].to_list() == out[EQUIPMENT].to_list()


@pytest.mark.parametrize(("cell", "why"), [("-1", "不能为负数"), ("1e400", "数值过大"), ("1000000000000", "数值过大")])
def test_money_messages_either_way(cell: str, why: str) -> None:
    for cells in ([cell], [cell, "1"], [cell, "abc"]):
        out, _ = read(EQUIPMENT, cells)
        assert out["error"][0] == f"第 2 行「cell」：{why}，填写的是 {cell}"


@pytest.mark.parametrize(("cell", "value"), [("99.5", "99.500000"), ("12.3456785", "12.345679"),
                                             ("0.0000005", "0.000001"), ("1e1", "10.000000")])
def test_decimal_fast_and_careful_agree(cell: str, value: str) -> None:
    alone, _ = read(SCORE, [cell])
    mixed, _ = read(SCORE, [cell, "abc"])
    assert alone[SCORE][0] == mixed[SCORE][0] == Decimal(value)
    assert alone["error"][0] is None and mixed["error"][0] is None
    too_big, _ = read(SCORE, ["100.0000005"])
    assert too_big["error"][0] == "第 2 行「cell」：应不大于 100，填写的是 100.0000005"


def test_dates_read_once_per_distinct_cell() -> None:
    path = "project.filed_on"
    day, other = dt.date(2023, 1, 5), dt.date(2021, 12, 31)
    out, validator = read(path, ["2023-01-05", None, "2023-01-05", "2021-12-31"])
    assert path in validator.fast and out[path].to_list() == [day, None, day, other]
    padded, validator = read(path, ["2023-01-05", None, "2023-01-05", " 2021-12-31"])
    assert path not in validator.fast and padded[path].to_list() == out[path].to_list()
    assert padded["error"].null_count() == 4
    for cells in (["2023-1-5", "2023-01-05"], ["2023-1-5", " 2023-01-05"]):
        bad, _ = read(path, cells)
        assert bad[path].to_list() == [None, day]
        assert bad["error"].to_list() == ["第 2 行「cell」：应填 YYYY-MM-DD 格式的日期，填写的是 2023-1-5", None]
