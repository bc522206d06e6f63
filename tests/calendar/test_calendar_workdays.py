"""Working days, checked against the State Council's holiday notices (国务院办公厅关于节假日安排的通知)."""

from datetime import date

import pytest

from huiqi.calendar import PACKAGE_CALENDAR, default_calendar, load_year_file
from huiqi.calendar.workdays import HOLIDAYS_ENV
from huiqi.errors import InputError

D = date.fromisoformat
CAL = PACKAGE_CALENDAR


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # 2021 国庆: 10月1日至7日放假调休, 9月26日（星期日）、10月9日（星期六）上班
        ("2021-09-26", True),
        ("2021-10-01", False),
        ("2021-10-07", False),
        ("2021-10-08", True),
        ("2021-10-09", True),
        ("2021-10-10", False),
        # 2024 春节: 2月10日至17日放假调休, 2月4日（星期日）、2月18日（星期日）上班
        ("2024-02-04", True),
        ("2024-02-10", False),
        ("2024-02-17", False),
        ("2024-02-18", True),
        # 2026 春节: 2月15日至23日放假调休, 2月14日（星期六）、2月28日（星期六）上班
        ("2026-02-14", True),
        ("2026-02-23", False),
        ("2026-02-28", True),
        # 2023 中秋国庆: 9月29日至10月6日放假调休, 10月7日（星期六）、10月8日（星期日）上班
        ("2023-09-30", False),
        ("2023-10-07", True),
        ("2023-10-08", True),
        # 元旦
        ("2023-01-02", False),
        ("2024-01-01", False),
        ("2025-01-01", False),
        ("2025-01-02", True),
    ],
)
def test_国务院节假日安排(day: str, working: bool) -> None:
    assert CAL.is_workday(D(day)) is working
    assert not CAL.is_provisional(D(day))


def test_未公布年份按周末计算且为暂定() -> None:
    assert CAL.is_provisional(D("2027-01-01"))
    assert CAL.is_workday(D("2027-01-01"))  # a Friday: counted as working until 2027 is published
    assert not CAL.is_workday(D("2027-01-02"))


def _write_2027(tmp_path, body: str = "") -> str:
    path = tmp_path / "2027.yaml"
    path.write_text(body or "year: 2027\nholidays: [2027-01-01]\nworkdays: [2027-02-06]\n", encoding="utf-8")
    return str(path)


def test_加载新公布年份后不再暂定(tmp_path) -> None:
    cal = default_calendar(_write_2027(tmp_path))
    assert not cal.is_provisional(D("2027-01-01"))
    assert not cal.is_workday(D("2027-01-01"))
    assert cal.is_workday(D("2027-02-06"))  # a Saturday listed as 调休 working day
    assert cal.loaded_years == [2027]


def test_环境变量指定节假日文件(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(HOLIDAYS_ENV, _write_2027(tmp_path))
    assert not default_calendar().is_provisional(D("2027-03-01"))
    monkeypatch.delenv(HOLIDAYS_ENV)
    assert default_calendar().is_provisional(D("2027-03-01"))


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("year: 2027\nworkdays: [2027-02-08]\n", "weekday"),  # a Monday is no 调休 weekend day
        ("year: 2027\nholidays: [2026-12-31]\n", "not in 2027"),
        ("year: 2027\nholidays: [2027-13-01]\n", "not an ISO date"),
        ("holidays: []\n", "year"),
    ],
)
def test_节假日文件错误(tmp_path, body: str, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        load_year_file(_write_2027(tmp_path, body))


def test_节假日文件不存在() -> None:
    with pytest.raises(InputError, match="cannot read"):
        load_year_file("/nonexistent/holidays.yaml")
