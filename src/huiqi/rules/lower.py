"""Lower a program, once per date and reading, to named columns of core expressions (:mod:`huiqi.rules.core`).

Every program-level rule is written here and nowhere else: which option an assumption selects, the
parameters in force (money in 分, ratios as exact integer fractions), year-token paths, ratios by
cross-multiplication guarded by ``den > 0``, a comparison with a ``When`` on one side compared branch
by branch (:func:`~huiqi.rules.expr.push_when`) and whether its branches may agree
(:func:`~huiqi.rules.context.agrees`), the status ladder, the failed ids, and the reward
(``base × rate``, every cap that is known, half-up to 0.01 万元 once). The backends
(:mod:`~huiqi.rules.to_polars`, :mod:`~huiqi.rules.to_source`, :mod:`~huiqi.rules.to_sql`) only
translate the columns, in order: a column may read an earlier one by name.

For program ``p`` the columns are, per criterion ``p::<id>`` (three-valued) with its ``::actual`` and
``::threshold`` (display values, ratios scaled by 10⁸), then ``p::status``, ``p::failed``, and where the
program pays ``p::cap<i>``, ``p::reward`` (hundredths of 万元), ``p::reward_capped`` and ``p::rate``.
"""

from __future__ import annotations

from decimal import Decimal

from huiqi.rules import core as C
from huiqi.rules import expr as E
from huiqi.rules.context import (
    Context,
    RuleCompileError,
    agrees,
    constant_fraction,
    kind_of,
    select,
    shift_years,
    whole_years,
)
from huiqi.rules.program import Program
from huiqi.rules.units import HUNDREDTH_WAN, RATIO_SCALE, wan_to_fen

Fraction = tuple[C.Node, C.Node]
ZERO = C.Lit(0)


def _is_set(value: object) -> bool:
    return isinstance(value, tuple | list | set | frozenset)


def _positive(node: C.Node) -> bool:
    return isinstance(node, C.Lit) and type(node.value) is int and node.value > 0


def _and(parts: list[C.Node]) -> C.Node:
    """Kleene AND, with the parts known to be true left out."""
    kept = [p for p in parts if not (isinstance(p, C.Lit) and p.value is True)]
    if not kept:
        return C.Lit(True)
    return kept[0] if len(kept) == 1 else C.And(tuple(kept))


def _guard(dens: tuple[C.Node, ...], value: C.Node, null: C.Lit) -> C.Node:
    """``value`` where every denominator is positive, unknown elsewhere."""
    test = _and([C.Cmp(">", d, ZERO) for d in dens if not _positive(d)])
    if isinstance(test, C.Lit):
        return value
    return C.If(test, value, null)


def fraction(node: E.Expr, ctx: Context) -> Fraction:
    """A ratio as an exact (numerator, denominator) pair of integer expressions."""
    node = select(node, ctx)
    if isinstance(node, E.Ratio):
        return C.Widen(lower_expr(node.num, ctx)), C.Widen(lower_expr(node.den, ctx))
    if isinstance(node, E.When):
        cn, cd = fraction(node.then, ctx)
        on, od = fraction(node.otherwise, ctx)
        cond = lower_expr(node.cond, ctx)
        return C.If(cond, cn, on), C.If(cond, cd, od)
    num, den = constant_fraction(node, ctx)
    return C.Lit(num, "wide"), C.Lit(den, "wide")


def _cmp(node: E.Cmp, ctx: Context) -> C.Node:
    left, right = select(node.left, ctx), select(node.right, ctx)
    pushed = E.push_when(node.op, left, right)
    if pushed is not None:
        return lower_expr(pushed, ctx)
    if "ratio" in (kind_of(left, ctx), kind_of(right, ctx)):
        (ln, ld), (rn, rd) = fraction(left, ctx), fraction(right, ctx)
        cross = C.Cmp(node.op, C.Arith("*", ln, rd), C.Arith("*", rn, ld))
        return _guard((ld, rd), cross, C.Lit(None, "bool"))
    return C.Cmp(node.op, lower_expr(left, ctx), lower_expr(right, ctx))


def _members(node: E.Expr, ctx: Context) -> tuple[object, ...]:
    node = select(node, ctx)
    values = ctx.param_value(node.id) if isinstance(node, E.Param) else getattr(node, "value", None)
    if not _is_set(values):
        raise RuleCompileError(f"not a set of values: {node.describe()}")
    return tuple(values)  # type: ignore[arg-type]


def _param(node: E.Param, ctx: Context) -> C.Node:
    value = ctx.param_value(node.id)
    if isinstance(value, Decimal):
        if ctx.param_kind(node.id) == "ratio" and not ctx.loose_ratios:
            raise RuleCompileError(f"ratio parameter {node.id} used outside a ratio comparison")
        return C.Lit(value, "dec")
    return C.Lit(tuple(value) if _is_set(value) else value)


def lower_expr(node: E.Expr, ctx: Context) -> C.Node:
    """The core expression computing ``node`` at ``ctx`` (one subtree of a rule)."""
    node = select(node, ctx)
    match node:
        case E.Field():
            return C.Col(ctx.field_path(node))
        case E.Money():
            return C.Lit(wan_to_fen(node.wan), "i64")
        case E.Const():
            return C.Lit(tuple(node.value) if _is_set(node.value) else node.value)
        case E.Param():
            return _param(node, ctx)
        case E.AsOf():
            return C.Lit(shift_years(ctx.as_of, node.years))
        case E.Cmp():
            return _cmp(node, ctx)
        case E.Arith():
            left, right = lower_expr(node.left, ctx), lower_expr(node.right, ctx)
            if node.op == "*":
                return C.Arith("*", C.Widen(left), C.Widen(right))
            return C.Arith(node.op, left, right)
        case E.InSet():
            return C.InSet(lower_expr(node.value, ctx), _members(node.members, ctx))
        case E.All():
            return C.And(tuple(lower_expr(p, ctx) for p in node.parts))
        case E.AnyOf():
            return C.Or(tuple(lower_expr(p, ctx) for p in node.parts))
        case E.AtLeast():
            return C.AtLeast(node.n, tuple(lower_expr(p, ctx) for p in node.parts))
        case E.Not():
            return C.Not(lower_expr(node.part, ctx))
        case E.Known():
            return C.IsNotNull(lower_expr(node.part, ctx))
        case E.When():
            cond, then, other = (lower_expr(n, ctx) for n in (node.cond, node.then, node.otherwise))
            return C.If(cond, then, other, agrees(node, ctx))
        case E.Coalesce():
            return C.Coalesce(tuple(lower_expr(p, ctx) for p in node.parts))
        case E.Lookup():
            table = ctx.param_value(node.table)
            if not isinstance(table, dict):
                raise RuleCompileError(f"parameter {node.table} is not a mapping")
            return C.Lookup(lower_expr(node.key, ctx), tuple(table.items()))
        case E.ShiftYears():
            return C.ShiftYears(lower_expr(node.part, ctx), whole_years(node.years, ctx))
        case E.Slice():
            return C.Slice(lower_expr(node.part, ctx), node.start, node.length)
        case E.Ratio():
            num, den = fraction(node, ctx)
            return _guard((den,), C.IDiv(C.Arith("*", num, C.Lit(RATIO_SCALE)), den, signed=True), C.Lit(None, "wide"))
    raise RuleCompileError(f"cannot compile {type(node).__name__}")


def lower_display(node: E.Expr, ctx: Context) -> C.Node:
    """An ``actual``/``threshold`` value for the explanation; ratios come out scaled by 10⁸."""
    node = select(node, ctx)
    if kind_of(node, ctx) == "ratio" and not isinstance(node, E.Ratio):
        num, den = fraction(node, ctx)
        return C.IDiv(C.Arith("*", num, C.Lit(RATIO_SCALE)), den, signed=True)
    return lower_expr(node, ctx)


def lower(program: Program, ctx: Context) -> dict[str, C.Node]:
    """Every column of ``program`` at ``ctx`` (see the module docstring), in an order where a column
    reads only inputs and the columns before it."""
    col = lambda suffix: f"{program.id}::{suffix}"  # noqa: E731
    columns: dict[str, C.Node] = {}
    applicable: list[C.Node] = []
    tests: list[C.Node] = []
    failed: list[tuple[str, C.Node]] = []
    for group, is_app in ((program.applicability, True), (program.criteria, False)):
        for top in group:
            for criterion in top.walk():
                name = col(criterion.id)
                columns[name] = lower_expr(criterion.expression(), ctx)
                for part in ("actual", "threshold"):
                    shown = getattr(criterion, part)
                    if shown is not None:
                        columns[f"{name}::{part}"] = lower_display(shown, ctx)
                if criterion is top:
                    (applicable if is_app else tests).append(C.Col(name))
                    if not is_app:
                        failed.append((criterion.id, C.Not(C.Col(name))))
    applies = C.And(tuple(applicable)) if applicable else C.Lit(True)
    ok = C.And(tuple(tests)) if tests else C.Lit(True)
    columns[col("status")] = C.Case(
        (
            (C.Not(applies), C.Lit("not_applicable")),
            (C.Not(ok), C.Lit("ineligible")),
            (C.Or((C.IsNull(applies), C.IsNull(ok))), C.Lit("undetermined")),
        ),
        C.Lit("eligible"),
    )
    columns[col("failed")] = C.Case(((C.Not(applies), C.Lit("")),), C.JoinIds(tuple(failed)))
    if program.reward is not None:
        columns.update(_reward(program, ctx, C.Cmp("==", C.Col(col("status")), C.Lit("eligible"))))
    return columns


def _reward(program: Program, ctx: Context, eligible: C.Node) -> dict[str, C.Node]:
    """``cap<i>``, ``reward``, ``reward_capped``, ``rate``: base × rate, then every cap that is known
    (an unknown cap does not bind), in hundredths of 万元 rounded half-up once, where eligible."""
    reward = program.reward
    assert reward is not None
    out: dict[str, C.Node] = {}
    base = C.Widen(lower_expr(reward.base, ctx))
    num, den = fraction(reward.rate, ctx)
    exact = C.Arith("*", base, num)  # the reward times ``den``
    capped: C.Node = exact
    for index, cap in enumerate(reward.caps):
        value = lower_expr(cap, ctx)
        out[f"{program.id}::cap{index}"] = value
        scaled = C.Arith("*", C.Widen(value), den)
        capped = C.Case(((C.Cmp("<", scaled, capped), scaled),), capped)
    unit = C.Arith("*", den, C.Lit(HUNDREDTH_WAN))
    rounded = C.IDiv(C.Arith("+", C.Arith("*", capped, C.Lit(2)), unit), C.Arith("*", unit, C.Lit(2)))
    out[f"{program.id}::reward"] = C.Case(((eligible, rounded),))
    out[f"{program.id}::reward_capped"] = C.Case(((eligible, C.Cmp("<", capped, exact)),))
    out[f"{program.id}::rate"] = _guard((den,), C.IDiv(C.Arith("*", num, C.Lit(RATIO_SCALE)), den, signed=True), C.NULL)
    return out
