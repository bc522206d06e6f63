"""Evaluate one node of the rule language on a row in plain Python, with the semantics of the Polars
compiler (:mod:`huiqi.rules.to_polars`): Kleene logic, null propagation, integer 分, exact ratios.

The counterfactual advice (:mod:`huiqi.advice.solver`) evaluates many small subtrees on many trial
rows: closures built here cost microseconds to make. A whole program on one row goes through the
generated code of :mod:`huiqi.rules.to_source` instead; ``tests/rules/test_backends.py`` checks that
both agree with Polars."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from huiqi.rules import expr as E
from huiqi.rules.to_polars import (
    RATIO_SCALE,
    Context,
    RuleCompileError,
    _whole_years,
    agrees,
    constant_fraction,
    kind_of,
    select,
    shift_years,
)

Row = dict[str, Any]


def _and(values: list[Any]) -> bool | None:
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def _or(values: list[Any]) -> bool | None:
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


def _compare(op: str, left: Any, right: Any) -> bool | None:
    if left is None or right is None:
        return None
    return {
        ">=": left >= right,
        ">": left > right,
        "<=": left <= right,
        "<": left < right,
        "==": left == right,
        "!=": left != right,
    }[op]


Fn = Callable[[Row], Any]
Pair = Callable[[Row], tuple[Any, Any]]


def _const(v: Any) -> Fn:
    return lambda row: v


def fraction(node: E.Expr, ctx: Context) -> Pair:
    """A ratio as a function giving the exact (numerator, denominator)."""
    node = select(node, ctx)
    if isinstance(node, E.Ratio):
        num, den = compile_fn(node.num, ctx), compile_fn(node.den, ctx)
        return lambda row: (num(row), den(row))
    if isinstance(node, E.When):
        cond, then, other = compile_fn(node.cond, ctx), fraction(node.then, ctx), fraction(node.otherwise, ctx)

        def pick(row: Row) -> tuple[Any, Any]:
            c = cond(row)
            return (None, None) if c is None else (then(row) if c else other(row))

        return pick
    pair = constant_fraction(node, ctx)
    return lambda row: pair


def _cmp(node: E.Cmp, ctx: Context) -> Fn:
    left, right, op = select(node.left, ctx), select(node.right, ctx), node.op
    pushed = E.push_when(op, left, right)
    if pushed is not None:
        return compile_fn(pushed, ctx)
    if kind_of(left, ctx) == "ratio" or kind_of(right, ctx) == "ratio":
        lf, rf = fraction(left, ctx), fraction(right, ctx)

        def ratio_cmp(row: Row) -> bool | None:
            (ln, ld), (rn, rd) = lf(row), rf(row)
            if ld is None or rd is None or not (ld > 0 and rd > 0) or ln is None or rn is None:
                return None
            return _compare(op, ln * rd, rn * ld)

        return ratio_cmp
    lv, rv = compile_fn(left, ctx), compile_fn(right, ctx)
    return lambda row: _compare(op, lv(row), rv(row))


def compile_fn(node: E.Expr, ctx: Context) -> Fn:
    """A function computing ``node`` on a row (None: unknown); choices, parameters, field paths and
    units are resolved once, here."""
    node = select(node, ctx)
    match node:
        case E.Field():
            path = ctx.field_path(node)
            return lambda row: row.get(path)
        case E.Money():
            from huiqi.rules.to_polars import wan_to_fen

            return _const(wan_to_fen(node.wan))
        case E.Const():
            return _const(node.value)
        case E.Param():
            return _const(ctx.param_value(node.id))
        case E.AsOf():
            return _const(shift_years(ctx.as_of, node.years))
        case E.Cmp():
            return _cmp(node, ctx)
        case E.Arith():
            lf, rf, op = compile_fn(node.left, ctx), compile_fn(node.right, ctx), node.op

            def arith(row: Row) -> Any:
                a, b = lf(row), rf(row)
                if a is None or b is None:
                    return None
                return a * b if op == "*" else (a + b if op == "+" else a - b)

            return arith
        case E.InSet():
            item, members = compile_fn(node.value, ctx), compile_fn(node.members, ctx)

            def in_set(row: Row) -> bool | None:
                v = item(row)
                return None if v is None else v in members(row)

            return in_set
        case E.All():
            parts = [compile_fn(p, ctx) for p in node.parts]
            return lambda row: _and([p(row) for p in parts])
        case E.AnyOf():
            parts = [compile_fn(p, ctx) for p in node.parts]
            return lambda row: _or([p(row) for p in parts])
        case E.AtLeast():
            parts, n = [compile_fn(p, ctx) for p in node.parts], node.n

            def at_least(row: Row) -> bool | None:
                got = [p(row) for p in parts]
                if sum(g is True for g in got) >= n:
                    return True
                return False if sum(g is not False for g in got) < n else None

            return at_least
        case E.Not():
            part = compile_fn(node.part, ctx)
            return lambda row: None if (v := part(row)) is None else not v
        case E.Known():
            part = compile_fn(node.part, ctx)
            return lambda row: part(row) is not None
        case E.When():
            cond, then, other = compile_fn(node.cond, ctx), compile_fn(node.then, ctx), compile_fn(node.otherwise, ctx)
            agree = agrees(node, ctx)

            def when(row: Row) -> Any:
                c = cond(row)
                if c is None:  # truth values: the branches' common value, unknown where they differ
                    if not agree:
                        return None
                    a, b = then(row), other(row)
                    return a if a == b else None
                return then(row) if c else other(row)

            return when
        case E.Coalesce():
            parts = [compile_fn(p, ctx) for p in node.parts]
            return lambda row: next((v for p in parts if (v := p(row)) is not None), None)
        case E.ShiftYears():
            part, years = compile_fn(node.part, ctx), _whole_years(node.years, ctx)
            return lambda row: None if (v := part(row)) is None else shift_years(v, years)
        case E.Slice():
            part, a, b = compile_fn(node.part, ctx), node.start, node.start + node.length
            return lambda row: None if (v := part(row)) is None else v[a:b]
        case E.Lookup():
            key, table = compile_fn(node.key, ctx), ctx.param_value(node.table)
            return lambda row: None if (k := key(row)) is None else table.get(k)
        case E.Ratio():
            pair = fraction(node, ctx)

            def ratio(row: Row) -> Any:
                num, den = pair(row)
                return None if num is None or den is None or den <= 0 else num * RATIO_SCALE // den

            return ratio
    raise RuleCompileError(f"cannot evaluate {type(node).__name__}")
