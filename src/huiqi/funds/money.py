"""Exact money for fund rounds: Decimal 万元 in, whole hundredths of a 万元 (0.01 万元 = 100 元) out.

The contract prints money as 万元 with 2 decimals, so the smallest amount a round can pay is
0.01 万元. Every reward is computed exactly (Decimal, 60 significant digits) and then rounded
**down** to that grain: a rounded reward never exceeds ratio × equipment, the cap ratio ("不超过")
or the per-project cap, and a group's rounded rewards never add up to more than the exact sum the
budget allows. The output's half-up rounding is then a no-op, as every amount already has 2 decimals.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext
from typing import Any

from huiqi.errors import InputError

CENT = Decimal("0.01")
ZERO = Decimal(0)
#: enough digits that products of a ratio on a 1e-9 grid and a 13-digit amount stay exact
PRECISION = 60


def exact() -> Any:
    """A Decimal context in which the products and sums of a round are exact."""
    return localcontext(Context(prec=PRECISION))


def parse_amount(value: Any, path: str, *, allow_zero: bool = True) -> Decimal:
    """A non-negative amount in 万元, exactly as written (a float is read by its shortest repr)."""
    if isinstance(value, bool) or value is None:
        raise InputError(f"应为金额（万元） expected an amount in 万元, got {value!r}", path)
    text = repr(value) if isinstance(value, float) else str(value).strip().replace(",", "").replace("，", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise InputError(f"不是数字 not a number: {value!r}", path) from None
    if not amount.is_finite():
        raise InputError(f"不是有限数 not a finite number: {value!r}", path)
    if amount < 0 or (amount == 0 and not allow_zero):
        bound = "非负数 must be >= 0" if allow_zero else "正数 must be > 0"
        raise InputError(f"应为{bound}: {value!r}", path)
    return amount


def parse_ratio(value: Any, path: str) -> Decimal:
    """A ratio in (0, 1]: ``0.1``, ``10%``."""
    text = str(value).strip()
    try:
        ratio = Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)
    except InvalidOperation:
        raise InputError(f"不是比例 not a ratio: {value!r}", path) from None
    if not ratio.is_finite() or not 0 < ratio <= 1:
        raise InputError(f"比例应在 (0, 1] 之间 must be in (0, 1]: {value!r}", path)
    return ratio


def floor_cent(amount: Decimal) -> Decimal:
    """Down to the 0.01 万元 below (never rounds a reward up past what the ratio allows)."""
    return amount.quantize(CENT, rounding=ROUND_DOWN)


def out(amount: Decimal) -> float:
    """An amount for JSON: half-up to 2 decimals (contract), as a number."""
    return float(amount.quantize(CENT, rounding=ROUND_HALF_UP))


def out_ratio(ratio: Decimal) -> float:
    return float(ratio)


def percent(ratio: Decimal) -> str:
    """``0.179`` → ``17.9%`` (no trailing zeros)."""
    text = format((ratio * 100).normalize(), "f")
    return f"{text}%"


def fmt_wan(amount: Decimal) -> str:
    """``1234.5`` → ``1,234.50`` for text tables."""
    return f"{amount.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"
