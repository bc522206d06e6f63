"""Periods as the 技改核准备案细则 and 民法典 count them (contract §3).

* "N 个工作日": counted from the day after the event, working days only
  (:func:`add_working_days`).
* "N 年 / N 个月": 民法典 第二百零一条 (the start day is not counted), 第二百零二条 (the period ends on
  the corresponding day of the last month, the month's last day where there is none) and
  第二百零三条 (a last day that is a rest day — weekend or statutory holiday — moves to the first
  working day after) (:func:`add_years`).
* "……前 N 个工作日": the latest day from which N working days, counted from its next day, still
  end on or before the reference day: step back N working days from the reference day, which is
  itself not counted (:func:`working_days_before`). Forward and backward counting are inverses:
  ``add_working_days(working_days_before(d, n), n) == d`` for a working day ``d``.

Every function returns a :class:`PeriodResult` with the date, a ``provisional`` flag (some day it had
to look at lies in a year without a published schedule) and a ``basis`` in Chinese words.
"""

from __future__ import annotations

import calendar as _stdcal
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from huiqi.calendar.workdays import WorkCalendar, default_calendar

ONE_DAY = timedelta(days=1)
#: no period in the rules needs more than this many calendar days of search
_MAX_SCAN_DAYS = 3 * 366


@dataclass(frozen=True)
class PeriodResult:
    date: date
    provisional: bool
    basis: str

    def to_json(self) -> dict[str, object]:
        return {"date": self.date.isoformat(), "provisional": self.provisional, "basis": self.basis}


def _cal(cal: WorkCalendar | None) -> WorkCalendar:
    return cal if cal is not None else default_calendar()


def add_working_days(
    start: date,
    n: int,
    cal: WorkCalendar | None = None,
    *,
    skip: Callable[[date], bool] | None = None,
    skip_note: str = "",
) -> PeriodResult:
    """The N-th working day after ``start`` (``start`` itself not counted).

    ``skip`` marks days that do not count even if they are working days (time the rules exclude, such
    as an evaluation under 第十五条第二款); ``skip_note`` says which, for the basis.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    c = _cal(cal)
    day, counted, provisional = start, 0, False
    for _ in range(_MAX_SCAN_DAYS):
        day += ONE_DAY
        provisional = provisional or c.is_provisional(day)
        if c.is_workday(day) and not (skip and skip(day)):
            counted += 1
            if counted == n:
                basis = f"{n} 个工作日, 自 {start.isoformat()} 次日起算"
                if skip_note:
                    basis += f", {skip_note}"
                return PeriodResult(day, provisional, basis)
    raise ValueError(f"no {n}th working day within {_MAX_SCAN_DAYS} days of {start}")


def working_days_before(reference: date, n: int, cal: WorkCalendar | None = None) -> PeriodResult:
    """The day N working days before ``reference``, counting back from the day before it."""
    if n < 1:
        raise ValueError("n must be at least 1")
    c = _cal(cal)
    day, counted, provisional = reference, 0, c.is_provisional(reference)
    for _ in range(_MAX_SCAN_DAYS):
        day -= ONE_DAY
        provisional = provisional or c.is_provisional(day)
        if c.is_workday(day):
            counted += 1
            if counted == n:
                basis = f"{reference.isoformat()} 前 {n} 个工作日 (不含 {reference.isoformat()} 当日, 倒数)"
                return PeriodResult(day, provisional, basis)
    raise ValueError(f"no {n}th working day within {_MAX_SCAN_DAYS} days before {reference}")


def corresponding_day(start: date, years: int = 0, months: int = 0) -> date:
    """民法典 第二百零二条: the same day ``years``/``months`` later, else the last day of that month."""
    total = start.year * 12 + (start.month - 1) + years * 12 + months
    year, month = divmod(total, 12)
    month += 1
    if not date.min.year <= year <= date.max.year:  # as date arithmetic says it: beyond the calendar
        raise OverflowError(f"year {year} is out of range")
    return date(year, month, min(start.day, _stdcal.monthrange(year, month)[1]))


def first_working_day_from(day: date, cal: WorkCalendar | None = None) -> tuple[date, bool]:
    """``day`` itself if it is a working day, else the first working day after; and provisional."""
    c = _cal(cal)
    provisional = c.is_provisional(day)
    for _ in range(_MAX_SCAN_DAYS):
        if c.is_workday(day):
            return day, provisional
        day += ONE_DAY
        provisional = provisional or c.is_provisional(day)
    raise ValueError(f"no working day within {_MAX_SCAN_DAYS} days of {day}")


def add_years(
    start: date, years: int = 0, cal: WorkCalendar | None = None, *, months: int = 0
) -> PeriodResult:
    """End of a period of ``years`` years and ``months`` months from ``start`` (民法典 201–203)."""
    if years < 0 or months < 0 or years + months == 0:
        raise ValueError("the period must be positive")
    nominal = corresponding_day(start, years, months)
    end, provisional = first_working_day_from(nominal, cal)
    size = " ".join(p for p in (f"{years} 年" if years else "", f"{months} 个月" if months else "") if p)
    basis = f"{size}, 自 {start.isoformat()} 次日起算"
    if end != nominal:
        basis += f", 届满日 {nominal.isoformat()} 为休息日, 顺延至 {end.isoformat()}"
    return PeriodResult(end, provisional, basis)
