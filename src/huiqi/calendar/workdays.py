"""Which days are working days in mainland China.

Published years come from the maintained package ``chinesecalendar`` (``import chinese_calendar``),
which follows the State Council's yearly holiday notices, 调休 working weekends included. A year the
package does not cover (it raises ``NotImplementedError``, e.g. 2027 in 1.11.0) is computed on weekends
alone and every result that touches it is *provisional*. A newly published year can be loaded from a
small YAML file (:func:`load_year_file`), named by ``HUIQI_HOLIDAYS_FILE`` or passed explicitly; a
loaded year is authoritative and overrides the package for that year::

    year: 2027
    holidays: [2027-01-01, 2027-02-05, ...]   # 放假日 (weekdays that are off; weekends may be listed)
    workdays: [2027-02-07, ...]               # 调休上班的周六、周日
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from huiqi.errors import FieldError, InputError

#: environment variable naming an extra holiday file
HOLIDAYS_ENV = "HUIQI_HOLIDAYS_FILE"


@dataclass(frozen=True)
class YearSchedule:
    """One year's official schedule: days off on weekdays and 调休 working weekend days."""

    year: int
    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)

    def is_workday(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5


@cache
def _package_covers(year: int) -> bool:
    import chinese_calendar

    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def _package_is_workday(day: date) -> bool:
    import chinese_calendar

    return bool(chinese_calendar.is_workday(day))


class WorkCalendar:
    """Working days: the ``chinesecalendar`` package, overridden by loaded years.

    ``is_provisional(day)`` is true where neither source publishes the day's year; such days are
    working days exactly when they fall Monday to Friday.
    """

    def __init__(self, years: Iterable[YearSchedule] = ()) -> None:
        self._years: dict[int, YearSchedule] = {y.year: y for y in years}

    @property
    def loaded_years(self) -> list[int]:
        return sorted(self._years)

    def is_published(self, year: int) -> bool:
        return year in self._years or _package_covers(year)

    def is_provisional(self, day: date) -> bool:
        return not self.is_published(day.year)

    def is_workday(self, day: date) -> bool:
        schedule = self._years.get(day.year)
        if schedule is not None:
            return schedule.is_workday(day)
        if _package_covers(day.year):
            return _package_is_workday(day)
        return day.weekday() < 5

    def is_rest_day(self, day: date) -> bool:
        return not self.is_workday(day)


def _as_date(value: Any, path: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"{value!r} is not an ISO date YYYY-MM-DD", path) from None


def parse_year(data: Mapping[str, Any], path: str = "") -> YearSchedule:
    """Validate one ``{year, holidays, workdays}`` mapping; every date must lie in ``year``."""
    prefix = f"{path}." if path else ""
    try:
        year = int(data["year"])
    except (KeyError, TypeError, ValueError):
        raise InputError("needs an integer 'year'", f"{prefix}year") from None
    errors: list[FieldError] = []
    sets: dict[str, set[date]] = {"holidays": set(), "workdays": set()}
    for key, days in sets.items():
        raw = data.get(key) or []
        if not isinstance(raw, list):
            errors.append(FieldError(f"{prefix}{key}", "must be a list of dates"))
            continue
        for i, item in enumerate(raw):
            where = f"{prefix}{key}[{i}]"
            try:
                day = _as_date(item, where)
            except InputError as exc:
                errors.extend(exc.errors)
                continue
            if day.year != year:
                errors.append(FieldError(where, f"{day} is not in {year}"))
            elif key == "workdays" and day.weekday() < 5:
                errors.append(FieldError(where, f"{day} is a weekday: list only 调休 Saturdays/Sundays"))
            days.add(day)
    both = sets["holidays"] & sets["workdays"]
    if both:
        errors.append(FieldError(prefix.rstrip("."), f"listed both as holiday and workday: {sorted(both)}"))
    if errors:
        raise InputError(errors)
    return YearSchedule(year, frozenset(sets["holidays"]), frozenset(sets["workdays"]))


def load_year_file(path: str | Path) -> list[YearSchedule]:
    """Read a YAML file holding one year mapping, a list of them, or ``{years: [...]}``."""
    import yaml

    where = str(path)
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read holiday file: {exc.strerror}", where) from None
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML: {exc}", where) from None
    except ValueError as exc:  # PyYAML builds dates itself and fails on 2027-13-01
        raise InputError(f"not an ISO date YYYY-MM-DD: {exc}", where) from None
    if isinstance(data, dict) and "years" in data:
        data = data["years"]
    items = data if isinstance(data, list) else [data]
    if not all(isinstance(item, dict) for item in items):
        raise InputError("expected {year, holidays, workdays} mapping(s)", where)
    return [parse_year(item, f"{where}[{i}]" if len(items) > 1 else where) for i, item in enumerate(items)]


def default_calendar(holidays_file: str | Path | None = None) -> WorkCalendar:
    """The calendar to use: the package, plus ``holidays_file`` or ``$HUIQI_HOLIDAYS_FILE``."""
    chosen = holidays_file if holidays_file is not None else os.environ.get(HOLIDAYS_ENV) or None
    return WorkCalendar(load_year_file(chosen)) if chosen else PACKAGE_CALENDAR


#: the package's years only
PACKAGE_CALENDAR = WorkCalendar()
