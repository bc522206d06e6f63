"""Compile the rule language (:mod:`huiqi.rules.expr`) to Polars expressions.

Polars' nullable booleans are Kleene's three-valued logic, so a rule compiled here means the same
on a one-row frame (``huiqi assess``) and on a million rows (``huiqi screen``).

Units inside the frame: money is integer 分 (Int64; Int128 where two amounts multiply), ratios for
display are integers scaled by 10⁸, dates are Polars dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import polars as pl

from huiqi.rules import expr as E
from huiqi.rules.params import MONEY_UNITS, ParameterSet

FEN_PER_WAN = 1_000_000
RATIO_SCALE = 10**8
WIDE = pl.Int128


class RuleCompileError(Exception):
    """A rule that cannot be compiled: a defect of the rule, not of the input."""


def wan_to_fen(value: Decimal) -> int:
    fen = value * FEN_PER_WAN
    if fen != fen.to_integral_value():
        raise RuleCompileError(f"money constant {value} 万元 is finer than 1 分")
    return int(fen)


def shift_years(day: dt.date, years: int) -> dt.date:
    """Same month and day ``years`` later; 29 February becomes 28 February (民法典 第二百零二条)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass
class Context:
    """What compilation fixes: the date, the parameters in force, the assumptions chosen."""

    as_of: dt.date
    params: ParameterSet
    choices: dict[str, str] = field(default_factory=dict)

    def field_path(self, node: E.Field) -> str:
        return E.resolve_path(node.path, self.as_of)

    def param_value(self, pid: str) -> Any:
        param = self.params[pid]
        value = param.at(self.as_of)
        if param.unit in MONEY_UNITS:
            if isinstance(value, tuple):
                return tuple(wan_to_fen(Decimal(v)) for v in value)
            return wan_to_fen(Decimal(str(value)))
        return value

    def param_kind(self, pid: str) -> E.Kind:
        param = self.params[pid]
        if param.unit in MONEY_UNITS:
            return "money"
        if param.unit == "ratio":
            return "ratio"
        return "any"


def kind_of(node: E.Expr, ctx: Context) -> E.Kind:
    """The unit of a value once parameters and assumptions are resolved (for the explanation)."""
    node = select(node, ctx)
    if isinstance(node, E.Param):
        return ctx.param_kind(node.id)
    if isinstance(node, E.When):
        then = kind_of(node.then, ctx)
        return then if then != "any" else kind_of(node.otherwise, ctx)
    if isinstance(node, E.Coalesce):
        return kind_of(node.parts[0], ctx)
    if isinstance(node, E.Arith):
        kinds = {kind_of(node.left, ctx), kind_of(node.right, ctx)}
        return "money" if "money" in kinds else node.kind
    return node.kind


def select(node: E.Expr, ctx: Context) -> E.Expr:
    """Resolve :class:`~huiqi.rules.expr.Choice` nodes to the option chosen."""
    while isinstance(node, E.Choice):
        if node.assumption not in ctx.choices:
            raise RuleCompileError(f"no option chosen for assumption {node.assumption}")
        node = node.option(ctx.choices[node.assumption])
    return node


def agrees(node: E.When, ctx: Context) -> bool:
    """Whether an unknown condition of ``node`` is decided by agreeing branches: for truth values
    (a criterion, a comparison pushed into the branches); a value (a floor, a rate, points) stays
    unknown, and its branches are not written twice (nested values would double at every level).
    Branches that are ladders of different constants never agree (a score's ``true`` / ``false`` /
    ``unknown`` ladder): such a node is compiled as before, without writing its branches twice."""
    if kind_of(node, ctx) != "bool":
        return False
    then, other = _constants(node.then, ctx), _constants(node.otherwise, ctx)
    return then is None or other is None or bool(then & other - {None})


def _constants(node: E.Expr, ctx: Context) -> set[object] | None:
    """The constant values a ``When`` ladder of constants can take; None where a branch computes."""
    node = select(node, ctx)
    if isinstance(node, E.Const) and not isinstance(node.value, tuple | list | set | frozenset):
        return {node.value}
    if isinstance(node, E.When):
        then, other = _constants(node.then, ctx), _constants(node.otherwise, ctx)
        return None if then is None or other is None else then | other
    return None


def constant_fraction(node: E.Expr, ctx: Context) -> tuple[int, int]:
    """A constant or parameter ratio (already selected) as an exact integer (numerator, denominator)."""
    raw = ctx.param_value(node.id) if isinstance(node, E.Param) else getattr(node, "value", None)
    if isinstance(raw, Decimal | int):
        return Decimal(raw).as_integer_ratio()
    raise RuleCompileError(f"not a ratio: {node.describe()}")


def fraction(node: E.Expr, ctx: Context) -> tuple[pl.Expr, pl.Expr]:
    """A ratio as an exact (numerator, denominator) pair of integer expressions."""
    node = select(node, ctx)
    if isinstance(node, E.Ratio):
        return compile_expr(node.num, ctx).cast(WIDE), compile_expr(node.den, ctx).cast(WIDE)
    if isinstance(node, E.When):
        cn, cd = fraction(node.then, ctx)
        on, od = fraction(node.otherwise, ctx)
        cond = compile_expr(node.cond, ctx)
        return _when(cond, cn, on), _when(cond, cd, od)
    num, den = constant_fraction(node, ctx)
    return pl.lit(num, WIDE), pl.lit(den, WIDE)


def _when(cond: pl.Expr, then: pl.Expr, otherwise: pl.Expr) -> pl.Expr:
    """Three-valued if: an unknown condition gives an unknown value (Polars would take ``otherwise``)."""
    return pl.when(cond.is_null()).then(None).when(cond).then(then).otherwise(otherwise)


def _when_agree(cond: pl.Expr, then: pl.Expr, otherwise: pl.Expr) -> pl.Expr:
    """A truth-valued :class:`~huiqi.rules.expr.When`: an unknown condition gives the branches' common
    truth value, unknown where they differ (a value-valued one stays unknown: :func:`agrees`)."""
    agreed = pl.when(then == otherwise).then(then)
    return pl.when(cond.is_null()).then(agreed).when(cond).then(then).otherwise(otherwise)


def _compare(op: E.CmpOp, left: pl.Expr, right: pl.Expr) -> pl.Expr:
    return {
        ">=": left >= right,
        ">": left > right,
        "<=": left <= right,
        "<": left < right,
        "==": left == right,
        "!=": left != right,
    }[op]


def _compile_cmp(node: E.Cmp, ctx: Context) -> pl.Expr:
    left, right = select(node.left, ctx), select(node.right, ctx)
    pushed = E.push_when(node.op, left, right)
    if pushed is not None:
        return compile_expr(pushed, ctx)
    if "ratio" in (kind_of(left, ctx), kind_of(right, ctx)):
        ln, ld = fraction(left, ctx)
        rn, rd = fraction(right, ctx)
        defined = (ld > 0) & (rd > 0)
        return _when(defined, _compare(node.op, ln * rd, rn * ld), pl.lit(None, pl.Boolean))
    return _compare(node.op, compile_expr(left, ctx), compile_expr(right, ctx))


def _at_least(n: int, parts: list[pl.Expr]) -> pl.Expr:
    true_count = pl.sum_horizontal([p.fill_null(False).cast(pl.Int32) for p in parts])
    possible = pl.sum_horizontal([p.fill_null(True).cast(pl.Int32) for p in parts])
    return pl.when(true_count >= n).then(True).when(possible < n).then(False).otherwise(None)


def compile_expr(node: E.Expr, ctx: Context) -> pl.Expr:
    """The Polars expression computing ``node`` over a frame of §5 columns."""
    node = select(node, ctx)
    match node:
        case E.Field():
            return pl.col(ctx.field_path(node))
        case E.Money():
            return pl.lit(wan_to_fen(node.wan), pl.Int64)
        case E.Const():
            if isinstance(node.value, tuple | list | set | frozenset):
                return pl.lit(pl.Series(list(node.value)))
            return pl.lit(node.value)
        case E.Param():
            value = ctx.param_value(node.id)
            if isinstance(value, tuple):
                return pl.lit(pl.Series(list(value)))
            if isinstance(value, Decimal):
                if ctx.param_kind(node.id) == "ratio":
                    raise RuleCompileError(f"ratio parameter {node.id} used outside a ratio comparison")
                return pl.lit(value, pl.Decimal(38, 6))
            return pl.lit(value)
        case E.AsOf():
            return pl.lit(shift_years(ctx.as_of, node.years))
        case E.Cmp():
            return _compile_cmp(node, ctx)
        case E.Arith():
            left, right = compile_expr(node.left, ctx), compile_expr(node.right, ctx)
            if node.op == "*":
                return left.cast(WIDE) * right.cast(WIDE)
            return left + right if node.op == "+" else left - right
        case E.InSet():
            members = select(node.members, ctx)
            values = ctx.param_value(members.id) if isinstance(members, E.Param) else members.value  # type: ignore[attr-defined]
            return compile_expr(node.value, ctx).is_in(list(values))
        case E.All():
            return pl.all_horizontal([compile_expr(p, ctx) for p in node.parts])
        case E.AnyOf():
            return pl.any_horizontal([compile_expr(p, ctx) for p in node.parts])
        case E.AtLeast():
            return _at_least(node.n, [compile_expr(p, ctx) for p in node.parts])
        case E.Not():
            return compile_expr(node.part, ctx).not_()
        case E.Known():
            return compile_expr(node.part, ctx).is_not_null()
        case E.When():
            cond = compile_expr(node.cond, ctx)
            pick = _when_agree if agrees(node, ctx) else _when
            return pick(cond, compile_expr(node.then, ctx), compile_expr(node.otherwise, ctx))
        case E.Coalesce():
            return pl.coalesce([compile_expr(p, ctx) for p in node.parts])
        case E.Lookup():
            table = ctx.param_value(node.table)
            if not isinstance(table, dict):
                raise RuleCompileError(f"parameter {node.table} is not a mapping")
            return compile_expr(node.key, ctx).replace_strict(
                list(table), list(table.values()), default=None, return_dtype=pl.String
            )
        case E.ShiftYears():
            years = _whole_years(node.years, ctx)
            return compile_expr(node.part, ctx).dt.offset_by(f"{years}y")
        case E.Slice():
            return compile_expr(node.part, ctx).str.slice(node.start, node.length)
        case E.Ratio():
            num, den = fraction(node, ctx)
            return _when(den > 0, num * RATIO_SCALE // den, pl.lit(None, WIDE))
    raise RuleCompileError(f"cannot compile {type(node).__name__}")


def _whole_years(node: E.Expr, ctx: Context) -> int:
    node = select(node, ctx)
    value = ctx.param_value(node.id) if isinstance(node, E.Param) else getattr(node, "value", None)
    if isinstance(value, bool) or not isinstance(value, int | Decimal) or int(value) != value:
        raise RuleCompileError(f"a number of years must be a whole number: {node.describe()}")
    return int(value)


def compile_display(node: E.Expr, ctx: Context) -> pl.Expr:
    """An ``actual``/``threshold`` value for the explanation; ratios come out scaled by 10⁸."""
    node = select(node, ctx)
    if kind_of(node, ctx) == "ratio" and not isinstance(node, E.Ratio):
        num, den = fraction(node, ctx)
        return num * RATIO_SCALE // den
    return compile_expr(node, ctx)
