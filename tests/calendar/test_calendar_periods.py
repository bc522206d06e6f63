"""Period rules of contract §3: 个工作日 from the next day; 年/月 per 民法典 第二百零一条～第二百零三条."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huiqi.calendar import (
    PACKAGE_CALENDAR,
    add_working_days,
    add_years,
    corresponding_day,
    default_calendar,
    working_days_before,
)

D = date.fromisoformat
CAL = PACKAGE_CALENDAR


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        ("2021-09-30", 3, "2021-10-11"),  # 10-08 Fri, 10-09 Sat (调休), 10-11 Mon
        ("2021-09-24", 2, "2021-09-27"),  # 09-26 Sun is a 调休 working day
        ("2024-02-08", 2, "2024-02-18"),  # 02-09 Fri, then 02-18 Sun (调休)
        ("2024-02-03", 1, "2024-02-04"),
        ("2026-02-13", 1, "2026-02-14"),  # Saturday 调休
        ("2026-02-14", 1, "2026-02-24"),
        ("2026-02-27", 1, "2026-02-28"),
        ("2022-12-30", 1, "2023-01-03"),  # 元旦 2022-12-31..2023-01-02
        ("2024-12-31", 1, "2025-01-02"),
    ],
)
def test_工作日自次日起算(start: str, n: int, due: str) -> None:
    result = add_working_days(D(start), n, CAL)
    assert result.date == D(due)
    assert result.provisional is False
    assert result.basis == f"{n} 个工作日, 自 {start} 次日起算"


def test_两年届满日为休息日顺延至下一个工作日() -> None:
    result = add_years(D("2021-09-30"), 2, CAL)
    # 2023-09-30 is a holiday; 10-01..06 too; 10-07 (Saturday) is a 调休 working day
    assert result.date == D("2023-10-07")
    assert result.basis == "2 年, 自 2021-09-30 次日起算, 届满日 2023-09-30 为休息日, 顺延至 2023-10-07"


def test_闰日加一年为二月末日() -> None:
    assert corresponding_day(D("2020-02-29"), 1) == D("2021-02-28")
    result = add_years(D("2020-02-29"), 1, CAL)
    assert result.date == D("2021-03-01")  # 2021-02-28 is a Sunday
    assert "届满日 2021-02-28 为休息日" in result.basis


def test_对应日越过日历上限如日期运算一样报溢出() -> None:
    with pytest.raises(OverflowError):
        corresponding_day(D("9999-03-01"), 1)
    assert corresponding_day(D("9998-03-01"), 1) == D("9999-03-01")


def test_闰日加两年落在调休上班的周六() -> None:
    result = add_years(D("2024-02-29"), 2, CAL)
    assert result.date == D("2026-02-28")
    assert result.basis == "2 年, 自 2024-02-29 次日起算"


def test_月末对应日() -> None:
    assert corresponding_day(D("2021-01-31"), months=1) == D("2021-02-28")
    assert add_years(D("2021-01-31"), 0, CAL, months=1).date == D("2021-03-01")
    assert add_years(D("2021-03-15"), 1, CAL, months=6).basis.startswith("1 年 6 个月")


def test_前N个工作日倒数() -> None:
    assert working_days_before(D("2021-10-11"), 3, CAL).date == D("2021-09-30")
    assert working_days_before(D("2021-10-09"), 1, CAL).date == D("2021-10-08")
    assert working_days_before(D("2023-10-07"), 30, CAL).date == D("2023-08-18")
    assert working_days_before(D("2022-12-31"), 30, CAL).date == D("2022-11-21")


def test_跨入未公布年份为暂定() -> None:
    result = add_working_days(D("2026-12-30"), 3, CAL)
    assert result.date == D("2027-01-04") and result.provisional
    assert add_years(D("2025-06-01"), 2, CAL).provisional
    assert not add_working_days(D("2026-12-01"), 3, CAL).provisional
    assert working_days_before(D("2027-01-08"), 2, CAL).provisional


def test_加载2027年后不再暂定(tmp_path) -> None:
    path = tmp_path / "h.yaml"
    path.write_text("year: 2027\nholidays: [2027-01-01]\nworkdays: []\n", encoding="utf-8")
    result = add_working_days(D("2026-12-30"), 3, default_calendar(path))
    assert result.date == D("2027-01-05") and not result.provisional


def test_期间须为正() -> None:
    with pytest.raises(ValueError):
        add_working_days(D("2021-01-01"), 0, CAL)
    with pytest.raises(ValueError):
        add_years(D("2021-01-01"), 0, CAL)


_days = st.dates(min_value=date(2005, 1, 1), max_value=date(2026, 6, 30))


@given(_days, st.integers(min_value=1, max_value=40))
def test_前后计数互逆(day: date, n: int) -> None:
    while not CAL.is_workday(day):
        day += timedelta(days=1)
    assert add_working_days(working_days_before(day, n, CAL).date, n, CAL).date == day


@given(_days, st.integers(min_value=1, max_value=3))
def test_年期间届满日为工作日且不早于对应日(day: date, years: int) -> None:
    result = add_years(day, years, CAL)
    assert CAL.is_workday(result.date)
    assert result.date >= corresponding_day(day, years)
