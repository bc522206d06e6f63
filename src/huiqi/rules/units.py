"""The integer units every compiled rule computes in: money in 分, display ratios scaled by 10⁸.

Money is exact: 1 万元 = 1,000,000 分, constants in 万元 become 分 when a rule is lowered, and the
one rounding a reward sees is half-up to 0.01 万元 (:data:`HUNDREDTH_WAN` 分).
"""

from __future__ import annotations

from decimal import Decimal

FEN_PER_WAN = 1_000_000
RATIO_SCALE = 10**8
HUNDREDTH_WAN = FEN_PER_WAN // 100  # 分 in 0.01 万元, the output precision


class RuleCompileError(Exception):
    """A rule that cannot be compiled: a defect of the rule, not of the input."""


def wan_to_fen(value: Decimal) -> int:
    fen = value * FEN_PER_WAN
    if fen != fen.to_integral_value():
        raise RuleCompileError(f"money constant {value} 万元 is finer than 1 分")
    return int(fen)


def half_up(raw: int, unit: int) -> int:
    """``raw / unit`` rounded half away from zero, as ``Decimal.quantize(ROUND_HALF_UP)``; the float of
    the result over a power of ten is the same float as that Decimal's (both are the correctly
    rounded double of the same decimal)."""
    whole, rest = divmod(abs(raw), unit)
    if 2 * rest >= unit:
        whole += 1
    return whole if raw >= 0 else -whole
