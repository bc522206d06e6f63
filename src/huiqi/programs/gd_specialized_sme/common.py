"""Building blocks shared by the 专精特新 programs (省专精特新 and 专精特新"小巨人").

* :func:`derive` — a parameter computed from other parameters (a relaxed floor, a compound growth
  factor), with the same dated periods and clause, so no derived figure is written by hand;
* :func:`average_growth` — "近两年……年平均增长率达到 g" under the two readings of an average
  (arithmetic mean of the two yearly rates, or compound), compared exactly;
* :func:`rd_share` — "近两年研发投入占营业收入的比重" pooled over both years or year by year;
* :func:`not_flagged` — a bad-thing flag that fails when true and passes when false.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from huiqi.rules.expr import Expr, Field, Known, Param, Ratio, all_of, choice, flag
from huiqi.rules.params import Parameter, ParamPeriod


def derive(
    new_id: str,
    label: str,
    sources: list[Parameter],
    fn: Callable[..., Any],
    description: str = "",
) -> Parameter:
    """A parameter whose value is ``fn(*source values)`` on each period of ``sources[0]`` (the other
    sources are read on the period's start day); the clause is that of ``sources[0]``."""
    first = sources[0]
    periods = []
    for period in first.periods:
        values = [period.value] + [s.at(period.start) for s in sources[1:]]
        value = fn(*(Decimal(v) if isinstance(v, int) else v for v in values))
        periods.append(ParamPeriod(period.start, period.end, value, period.clause, note=description))
    return Parameter(new_id, label, first.unit, tuple(periods), first.inclusive, description)


def _percent(param: Parameter) -> str:
    value = param.periods[0].value
    return format(Decimal(str(value)) * 100, "f").rstrip("0").rstrip(".")


def relaxed(param: Parameter, relaxation: Parameter) -> Parameter:
    """``param`` lowered by the relaxation share (``x × (1 − r)``: "降低不超过20%")."""
    return derive(
        f"{param.id}_relaxed",
        f"{param.label}（优先遴选领域，降低 {_percent(relaxation)}% 后）",
        [param, relaxation],
        lambda value, rate: value * (1 - rate),
        f"derived: {param.id} × (1 − {relaxation.id})",
    )


def compound_factor(rate: Parameter) -> Parameter:
    """``(1 + g)²``: two years of compound growth at rate ``g``."""
    return derive(
        f"{rate.id}_compound_factor",
        f"{rate.label}（两年复合：(1 + 增长率)²）",
        [rate],
        lambda g: (1 + g) ** 2,
        f"derived: (1 + {rate.id})²",
    )


def average_growth(
    base: Expr, middle: Expr, last: Expr, rate_id: str, factor_id: str, assumption: str
) -> tuple[Expr, Expr, Expr]:
    """(test, actual, threshold) of "两年平均增长率 ≥ rate" from the values of three years.

    ``arithmetic``: ((b − a)/a + (c − b)/b) / 2 ≥ g, i.e. ((b − a)·b + (c − b)·a) / (2ab) ≥ g;
    ``compound``: √(c/a) − 1 ≥ g, i.e. c/a ≥ (1 + g)². A base that is not positive (a or b ≤ 0 for the
    arithmetic mean, a ≤ 0 for the compound rate) gives no growth rate: the test fails.
    """
    mean = Ratio((middle - base) * middle + (last - middle) * base, base * middle * 2)
    factor = Ratio(last, base)
    test = choice(
        assumption,
        arithmetic=all_of(base > 0, middle > 0, mean >= Param(rate_id)),
        compound=all_of(base > 0, factor >= Param(factor_id)),
    )
    actual = choice(assumption, arithmetic=mean, compound=factor)
    threshold = choice(assumption, arithmetic=Param(rate_id), compound=Param(factor_id))
    return test, actual, threshold


def rd_share(rd: tuple[Expr, Expr], revenue: tuple[Expr, Expr], floor: Expr, assumption: str) -> tuple[Expr, Expr]:
    """(test, actual) of "近两年研发投入占营业收入比重 ≥ floor": ``pooled`` (two-year sums) or
    ``each-year`` (each year on its own). The actual shown is the pooled share under both readings."""
    pooled = Ratio(rd[0] + rd[1], revenue[0] + revenue[1])
    test = choice(
        assumption,
        pooled=pooled >= floor,
        each_year=all_of(Ratio(rd[0], revenue[0]) >= floor, Ratio(rd[1], revenue[1]) >= floor),
    )
    return test, pooled


def not_flagged(path: str) -> Expr:
    """A compliance flag (true = the bad thing happened): pass when false, fail when true."""
    return flag(path).eq(False)


def not_known_true(path: str) -> Expr:
    """Fails only where the flag is known to be true; passes where false or missing (for a flag that
    another, required flag already covers)."""
    field: Field = flag(path)
    return ~all_of(Known(field), field.eq(True))
