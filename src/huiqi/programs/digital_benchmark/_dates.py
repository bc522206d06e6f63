"""Calendar-year periods on date *columns*, built from the rule language's existing nodes.

The rule language shifts only ``as_of`` by years (:class:`~huiqi.rules.expr.AsOf`); a period that
starts on an input date ("建设周期不超过两年", counted from ``build_start``) needs the same shift on a
column. Until the core has such a node (see the report: ``ShiftDate(part, years)`` compiled to
``dt.offset_by``), :func:`years_after` builds it exactly from day arithmetic and the leap days:

``start + n years`` (民法典 第二百零一、二百零二条: the corresponding day, 28 February where there is
no 29th) is ``start + 365·n + k`` days, where ``k`` is the number of 29 Februaries strictly after
``start`` and strictly before that day. For ``n ≤ 3`` at most one 29 February can fall in the window,
so one ``When`` decides it; longer periods are refused rather than approximated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from huiqi.rules.expr import Arith, Const, Expr, When, all_of, any_of

#: 29 Februaries the helper knows: the Gregorian leap days of 1904–2096 (2000 included).
LEAP_DAYS = tuple(dt.date(year, 2, 29) for year in range(1904, 2100, 4))


@dataclass(frozen=True, eq=False)
class Days(Const):
    """A whole number of days (compiles as a Polars duration literal)."""

    def describe(self) -> str:
        value = self.value
        return f"{value.days} 日" if isinstance(value, dt.timedelta) else str(value)


def plus_days(start: Expr, days: int) -> Arith:
    """``start`` + ``days`` calendar days (unknown where ``start`` is)."""
    return Arith("+", start, Days(dt.timedelta(days=days)))


def _leap_day_between(start: Expr, end: Expr) -> Expr:
    """Some 29 February lies strictly between ``start`` and ``end``."""
    return any_of(*(all_of(start < Const(day), end > Const(day)) for day in LEAP_DAYS))


def years_after(start: Expr, years: int) -> Expr:
    """The day ``years`` calendar years after ``start`` (the period's last day, 民法典 第二百零二条)."""
    if not 1 <= years <= 3:
        raise ValueError("years_after handles periods of 1 to 3 years (one leap day at most)")
    short = plus_days(start, 365 * years)
    long = plus_days(start, 365 * years + 1)
    return When(_leap_day_between(start, long), long, short)
