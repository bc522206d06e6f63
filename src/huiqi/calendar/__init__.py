"""Working days and legal periods: ``WorkCalendar`` (which days count) and the period functions of
:mod:`huiqi.calendar.periods` (N 个工作日, N 年 per 民法典, 前 N 个工作日).

>>> from datetime import date
>>> add_working_days(date(2021, 9, 30), 3).date   # 国庆 2021: 10-09 (Sat) is a working day
datetime.date(2021, 10, 11)
"""

from huiqi.calendar.periods import (
    PeriodResult,
    add_working_days,
    add_years,
    corresponding_day,
    first_working_day_from,
    working_days_before,
)
from huiqi.calendar.workdays import (
    HOLIDAYS_ENV,
    PACKAGE_CALENDAR,
    WorkCalendar,
    YearSchedule,
    default_calendar,
    load_year_file,
    parse_year,
)

__all__ = [
    "HOLIDAYS_ENV",
    "PACKAGE_CALENDAR",
    "PeriodResult",
    "WorkCalendar",
    "YearSchedule",
    "add_working_days",
    "add_years",
    "corresponding_day",
    "default_calendar",
    "first_working_day_from",
    "load_year_file",
    "parse_year",
    "working_days_before",
]
