"""The arithmetic of one group: the common ratio the budget allows, on a stated grid.

A project's reward at ratio ``r`` is ``floor_0.01(min(r × E, cap))`` — ratio × equipment, then the
per-project cap (第十条（一）"单个项目奖励额最高不超过"), then down to the 0.01 万元. With the
``raise`` minimum it is ``floor_0.01(min(max(m, r × E), cap_ratio × E, cap))``.

Each reward is non-decreasing in ``r``, so the group total ``T(r)`` (before rounding) is too, and
the highest ratio the budget ``B`` allows is found exactly by bisection over the grid ``k × step``
(``0 ≤ k × step ≤ cap ratio``; the cap ratio itself when it fits): the largest ``k`` with
``T(k × step) ≤ B``. No float is involved. As every reward is then rounded *down*, the rounded total
is at most ``T(r) ≤ B``: the budget is never exceeded after rounding, and one grid step more would
either exceed it (before rounding) or pass the cap ratio — the tests check both. Judging the ratio
on the exact total (not on the rounded one, which would let it creep a few grid steps past the
water-filling ratio) keeps the published ratio the one the budget really allows.

Projects whose ``r × E`` would pass the cap are held at the cap, and what they leave raises ``r``
for the rest (water-filling). :func:`water_fill_ratio` gives that ratio in closed form (a rational,
printed to 12 places) for the explanation; the grid ratio is what is paid.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction

from huiqi.funds.money import ZERO, exact, floor_cent


def exact_reward(
    ratio: Decimal, equipment: Decimal, cap: Decimal, cap_ratio: Decimal | None = None, minimum: Decimal | None = None
) -> Decimal:
    """One project's reward at ``ratio`` before rounding (``minimum``/``cap_ratio``: ``raise``)."""
    with exact():
        amount = ratio * equipment
        if minimum is not None and cap_ratio is not None:
            amount = min(max(minimum, amount), cap_ratio * equipment)
        return min(amount, cap)


def reward(
    ratio: Decimal, equipment: Decimal, cap: Decimal, cap_ratio: Decimal | None = None, minimum: Decimal | None = None
) -> Decimal:
    """One project's reward at ``ratio``, down to the 0.01 万元."""
    return floor_cent(exact_reward(ratio, equipment, cap, cap_ratio, minimum))


def total(
    ratio: Decimal,
    equipments: Sequence[Decimal],
    cap: Decimal,
    cap_ratio: Decimal | None = None,
    minimum: Decimal | None = None,
) -> Decimal:
    """The group's total before rounding (the rounded total is never more)."""
    with exact():
        return sum((exact_reward(ratio, e, cap, cap_ratio, minimum) for e in equipments), ZERO)


def max_grid_ratio(
    equipments: Sequence[Decimal],
    cap: Decimal,
    cap_ratio: Decimal,
    available: Decimal,
    step: Decimal,
    minimum: Decimal | None = None,
) -> Decimal | None:
    """The highest ratio on the grid (or the cap ratio itself) whose exact total fits ``available``;
    None when not even ratio 0 fits (only possible with a ``raise`` minimum)."""
    floor_ratio = cap_ratio if minimum is not None else None

    def fits(r: Decimal) -> bool:
        return total(r, equipments, cap, floor_ratio, minimum) <= available

    if fits(cap_ratio):
        return cap_ratio
    if not fits(ZERO):
        return None
    with exact():
        high = int((cap_ratio / step).to_integral_value(rounding=ROUND_FLOOR))
        low = 0  # invariant: fits(low * step); high is the largest k that may still fit
        while low < high:
            mid = (low + high + 1) // 2
            if fits(mid * step):
                low = mid
            else:
                high = mid - 1
        return low * step


def water_fill_ratio(equipments: Sequence[Decimal], cap: Decimal, available: Decimal) -> Fraction | None:
    """The exact ratio at which ``Σ min(r × E, cap) = available``; None when every project can be
    paid the cap (no ratio binds). Projects above ``cap / r`` are the capped ones."""
    values = sorted((Fraction(e) for e in equipments if e > 0), reverse=True)
    cap_f, budget = Fraction(cap), Fraction(available)
    if budget >= cap_f * len(values):
        return None
    rest = sum(values, Fraction(0))
    for capped in range(len(values) + 1):
        if capped:
            rest -= values[capped - 1]
        if rest == 0:
            break
        ratio = (budget - cap_f * capped) / rest
        if ratio < 0:
            break
        above_ok = capped == 0 or values[capped - 1] * ratio >= cap_f
        below_ok = capped == len(values) or values[capped] * ratio <= cap_f
        if above_ok and below_ok:
            return ratio
    return Fraction(0)


def fraction_text(value: Fraction, places: int = 12) -> str:
    """A rational as a decimal string, truncated to ``places``."""
    with exact():
        scaled = Decimal(value.numerator) / Decimal(value.denominator)
        return format(scaled.quantize(Decimal(1).scaleb(-places), rounding=ROUND_FLOOR).normalize(), "f")
