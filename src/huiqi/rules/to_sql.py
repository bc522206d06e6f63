"""Compile the rule language to SQL, for the engines where a national dataset lives.

The same definitions as :mod:`huiqi.rules.to_polars`, written as one ``SELECT`` over a table whose
columns are the §5 dotted paths. SQL's NULL is Kleene's unknown (``AND``, ``OR``, ``NOT`` and
comparisons propagate it exactly as Polars does); money is integer 分, products are widened to
128-bit integers (DuckDB ``HUGEINT``, Spark ``DECIMAL(38,0)``), ratios compared by cross-multiplication.

Two dialects: ``duckdb`` (embedded) and ``spark`` (Spark SQL); :func:`program_sql` builds the query,
``tests/rules/test_sql.py`` proves it equal to the per-profile evaluator on every hand case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from huiqi.rules import expr as E
from huiqi.rules.compiled import HUNDREDTH_WAN, CompiledProgram
from huiqi.rules.to_polars import (
    RATIO_SCALE,
    Context,
    RuleCompileError,
    _whole_years,
    agrees,
    kind_of,
    select,
    shift_years,
)

Dialect = Literal["duckdb", "spark"]


@dataclass(frozen=True)
class Sql:
    dialect: Dialect = "duckdb"

    @property
    def wide(self) -> str:
        return "HUGEINT" if self.dialect == "duckdb" else "DECIMAL(38,0)"

    def ident(self, name: str) -> str:
        if self.dialect == "spark":
            return "`" + name.replace("`", "``") + "`"
        return '"' + name.replace('"', '""') + '"'

    def idiv(self, a: str, b: str) -> str:
        # both engines: integer division of non-negative values (every use here is non-negative)
        return f"({a} // {b})" if self.dialect == "duckdb" else f"({a} DIV {b})"

    def widen(self, text: str) -> str:
        return f"CAST({text} AS {self.wide})"

    def literal(self, value: Any) -> str:
        if value is None:
            return "NULL"
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, Decimal):
            return f"CAST('{value}' AS DECIMAL(38,6))"
        if isinstance(value, dt.date):
            return f"DATE '{value.isoformat()}'"
        if isinstance(value, str):
            return "'" + value.replace("'", "''") + "'"
        raise RuleCompileError(f"no SQL literal for {value!r}")

    def shift_years(self, text: str, years: int) -> str:
        if self.dialect == "spark":
            return f"add_months({text}, {12 * years})"
        return f"CAST(({text} + INTERVAL ({years}) YEAR) AS DATE)"


def _when(cond: str, then: str, other: str) -> str:
    """Three-valued if, ``cond`` written once (a simple CASE: an unknown matches neither arm → NULL);
    writing it twice doubled the query at every nesting level (0.5 MB for one program on Spark)."""
    return f"(CASE ({cond}) WHEN TRUE THEN {then} WHEN FALSE THEN {other} ELSE NULL END)"


def _when_agree(cond: str, then: str, other: str) -> str:
    """A truth-valued :class:`~huiqi.rules.expr.When`: an unknown condition gives the branches' common
    value (NULL where they differ); only truth values (small comparisons) have their branches
    written twice (:func:`~huiqi.rules.to_polars.agrees`)."""
    return (
        f"(CASE ({cond}) WHEN TRUE THEN {then} WHEN FALSE THEN {other} "
        f"ELSE (CASE WHEN {then} = {other} THEN {then} ELSE NULL END) END)"
    )


def fraction(node: E.Expr, ctx: Context, sql: Sql) -> tuple[str, str]:
    node = select(node, ctx)
    if isinstance(node, E.Ratio):
        return sql.widen(compile_sql(node.num, ctx, sql)), sql.widen(compile_sql(node.den, ctx, sql))
    if isinstance(node, E.When):
        cn, cd = fraction(node.then, ctx, sql)
        on, od = fraction(node.otherwise, ctx, sql)
        cond = compile_sql(node.cond, ctx, sql)
        return _when(cond, cn, on), _when(cond, cd, od)
    raw = ctx.param_value(node.id) if isinstance(node, E.Param) else getattr(node, "value", None)
    if isinstance(raw, Decimal | int):
        num, den = Decimal(raw).as_integer_ratio()
        return sql.widen(str(num)), sql.widen(str(den))
    raise RuleCompileError(f"not a ratio: {node.describe()}")


SQL_OPS = {">=": ">=", ">": ">", "<=": "<=", "<": "<", "==": "=", "!=": "<>"}


def _cmp(node: E.Cmp, ctx: Context, sql: Sql) -> str:
    left, right = select(node.left, ctx), select(node.right, ctx)
    pushed = E.push_when(node.op, left, right)
    if pushed is not None:
        return compile_sql(pushed, ctx, sql)
    op = SQL_OPS[node.op]
    if kind_of(left, ctx) == "ratio" or kind_of(right, ctx) == "ratio":
        ln, ld = fraction(left, ctx, sql)
        rn, rd = fraction(right, ctx, sql)
        return f"(CASE WHEN {ld} > 0 AND {rd} > 0 THEN ({ln} * {rd}) {op} ({rn} * {ld}) ELSE NULL END)"
    return f"({compile_sql(left, ctx, sql)} {op} {compile_sql(right, ctx, sql)})"


def _members(node: E.Expr, ctx: Context, sql: Sql) -> str:
    node = select(node, ctx)
    values = ctx.param_value(node.id) if isinstance(node, E.Param) else getattr(node, "value", ())
    return ", ".join(sql.literal(v) for v in values)


def compile_sql(node: E.Expr, ctx: Context, sql: Sql) -> str:
    """The SQL expression computing ``node`` over a table of §5 columns."""
    node = select(node, ctx)
    match node:
        case E.Field():
            return sql.ident(ctx.field_path(node))
        case E.Money():
            from huiqi.rules.to_polars import wan_to_fen

            return str(wan_to_fen(node.wan))
        case E.Const():
            return sql.literal(node.value)
        case E.Param():
            return sql.literal(ctx.param_value(node.id))
        case E.AsOf():
            return sql.literal(shift_years(ctx.as_of, node.years))
        case E.Cmp():
            return _cmp(node, ctx, sql)
        case E.Arith():
            left, right = compile_sql(node.left, ctx, sql), compile_sql(node.right, ctx, sql)
            if node.op == "*":
                return f"({sql.widen(left)} * {sql.widen(right)})"
            return f"({left} {node.op} {right})"
        case E.InSet():
            return f"({compile_sql(node.value, ctx, sql)} IN ({_members(node.members, ctx, sql)}))"
        case E.All():
            return "(" + " AND ".join(compile_sql(p, ctx, sql) for p in node.parts) + ")"
        case E.AnyOf():
            return "(" + " OR ".join(compile_sql(p, ctx, sql) for p in node.parts) + ")"
        case E.AtLeast():
            parts = [compile_sql(p, ctx, sql) for p in node.parts]
            true = " + ".join(f"(CASE WHEN {p} THEN 1 ELSE 0 END)" for p in parts)
            possible = " + ".join(f"(CASE WHEN COALESCE({p}, TRUE) THEN 1 ELSE 0 END)" for p in parts)
            return f"(CASE WHEN ({true}) >= {node.n} THEN TRUE WHEN ({possible}) < {node.n} THEN FALSE ELSE NULL END)"
        case E.Not():
            return f"(NOT {compile_sql(node.part, ctx, sql)})"
        case E.Known():
            return f"({compile_sql(node.part, ctx, sql)} IS NOT NULL)"
        case E.When():
            return (_when_agree if agrees(node, ctx) else _when)(
                compile_sql(node.cond, ctx, sql),
                compile_sql(node.then, ctx, sql),
                compile_sql(node.otherwise, ctx, sql),
            )
        case E.Coalesce():
            return "COALESCE(" + ", ".join(compile_sql(p, ctx, sql) for p in node.parts) + ")"
        case E.Slice():
            return f"SUBSTRING({compile_sql(node.part, ctx, sql)}, {node.start + 1}, {node.length})"
        case E.Lookup():
            table = ctx.param_value(node.table)
            key = compile_sql(node.key, ctx, sql)
            arms = " ".join(f"WHEN {sql.literal(k)} THEN {sql.literal(v)}" for k, v in table.items())
            return f"(CASE {key} {arms} ELSE NULL END)"
        case E.ShiftYears():
            return sql.shift_years(compile_sql(node.part, ctx, sql), _whole_years(node.years, ctx))
        case E.Ratio():
            num, den = fraction(node, ctx, sql)
            return f"(CASE WHEN {den} > 0 THEN {sql.idiv(f'{num} * {RATIO_SCALE}', den)} ELSE NULL END)"
    raise RuleCompileError(f"cannot compile {type(node).__name__} to SQL")


def _program_columns(compiled: CompiledProgram, sql: Sql) -> tuple[list[str], list[str], list[str]]:
    """The three stages of columns: criteria; status and failed; reward."""
    ctx = compiled.context
    assert ctx is not None
    col = lambda suffix: sql.ident(compiled.col(suffix))  # noqa: E731
    stage1: list[str] = []
    app: list[str] = []
    top: list[str] = []
    failed: list[str] = []
    for cc in compiled.criteria:
        stage1.append(f"{compile_sql(cc.criterion.expression(), ctx, sql)} AS {sql.ident(cc.column)}")
        if cc.top_level:
            name = sql.ident(cc.column)
            (app if cc.applicability else top).append(name)
            if not cc.applicability:
                failed.append(f"CASE WHEN NOT {name} THEN {sql.literal(cc.criterion.id)} END")
    applies = "(" + " AND ".join(app) + ")" if app else "TRUE"
    ok = "(" + " AND ".join(top) + ")" if top else "TRUE"
    status = (
        f"CASE WHEN NOT {applies} THEN 'not_applicable' WHEN NOT {ok} THEN 'ineligible' "
        f"WHEN {applies} IS NULL OR {ok} IS NULL THEN 'undetermined' ELSE 'eligible' END"
    )
    failed_sql = f"concat_ws(';', {', '.join(failed)})" if failed else "''"
    stage2 = [
        f"{status} AS {col('status')}",
        f"CASE WHEN NOT {applies} THEN '' ELSE {failed_sql} END AS {col('failed')}",
    ]
    stage3: list[str] = []
    reward = compiled.program.reward
    if reward is not None:
        base = sql.widen(compile_sql(reward.base, ctx, sql))
        num, den = fraction(reward.rate, ctx, sql)
        capped = f"({base} * {num})"
        for cap in reward.caps:
            scaled = f"({sql.widen(compile_sql(cap, ctx, sql))} * {den})"
            capped = f"(CASE WHEN {scaled} < {capped} THEN {scaled} ELSE {capped} END)"
        unit = f"({den} * {HUNDREDTH_WAN})"
        rounded = sql.idiv(f"({capped} * 2 + {unit})", f"({unit} * 2)")
        stage3.append(f"CASE WHEN {col('status')} = 'eligible' THEN {rounded} END AS {col('reward')}")
    return stage1, stage2, stage3


def program_sql(compiled: list[CompiledProgram], table: str = "input", dialect: Dialect = "duckdb") -> str:
    """One query adding every program's ``::status``, ``::failed`` and ``::reward`` to ``table``."""
    sql = Sql(dialect)
    stages: tuple[list[str], list[str], list[str]] = ([], [], [])
    for cp in compiled:
        for target, cols in zip(stages, _program_columns(cp, sql), strict=True):
            target.extend(cols)
    query = f"SELECT * FROM {table}"
    for index, cols in enumerate(stages):
        if cols:
            query = f"SELECT *, {', '.join(cols)} FROM ({query}) AS s{index}"
    return query
