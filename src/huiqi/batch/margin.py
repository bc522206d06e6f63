"""差多少: for a near miss (exactly one criterion failed, a numeric one), how far the row is from it.

Read from the ``::actual`` and ``::threshold`` columns the compiled program computes anyway; the
distance is the absolute difference, shown in the criterion's unit (万元, 个/人, 百分点).
"""

from __future__ import annotations

import polars as pl

from huiqi.rules.compiled import CompiledProgram
from huiqi.rules.units import FEN_PER_WAN, RATIO_SCALE

#: kind → (scale to the shown unit, unit word)
_UNITS = {"money": (FEN_PER_WAN, "万元"), "int": (1, ""), "ratio": (RATIO_SCALE // 100, "个百分点")}


def _fixed2(value: pl.Expr, scale: int) -> pl.Expr:
    """``value / scale`` with two decimals, half-up (value ≥ 0), as text; exact integer arithmetic."""
    if scale == 1:
        return value.cast(pl.String)
    hundredths = (value * 200 + scale) // (scale * 2)
    return pl.concat_str(
        [(hundredths // 100).cast(pl.String), pl.lit("."), (hundredths % 100).cast(pl.String).str.zfill(2)]
    )


def margin_expr(cp: CompiledProgram, failed: pl.Expr) -> pl.Expr | None:
    """Text like ``差 12.50 万元`` where only one criterion failed (the one the ``failed`` cell names); else null."""
    out: pl.Expr | None = None
    for cc in cp.criteria:
        if not cc.top_level or cc.applicability or cc.actual_kind != cc.threshold_kind:
            continue
        if cc.actual_kind not in _UNITS:
            continue
        actual, threshold = f"{cc.column}::actual", f"{cc.column}::threshold"
        if actual not in cp.columns or threshold not in cp.columns:
            continue
        scale, unit = _UNITS[cc.actual_kind]
        gap = (pl.col(threshold).cast(pl.Int128) - pl.col(actual).cast(pl.Int128)).abs()
        text = pl.concat_str([pl.lit("差 "), _fixed2(gap, scale), pl.lit(f" {unit}".rstrip())])
        branch = pl.when(failed == cc.criterion.id).then(text)
        out = branch if out is None else branch.otherwise(out)
    return out
