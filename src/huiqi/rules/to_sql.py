"""Compile lowered columns (:mod:`huiqi.rules.core`) to SQL, for the engines where a national dataset lives.

One ``SELECT`` per stage over a table whose columns are the §5 dotted paths. SQL's NULL is Kleene's
unknown (``AND``, ``OR``, ``NOT`` and comparisons propagate it exactly as Polars does); money is
integer 分, products are widened to 128-bit integers (DuckDB ``HUGEINT``, Spark ``DECIMAL(38,0)``).

Two dialects: ``duckdb`` (embedded) and ``spark`` (Spark SQL); :func:`program_sql` builds the query,
every lowered column of every program (criteria with their ``::actual`` and ``::threshold``, status,
failed ids, reward); ``tests/rules/test_lowering_backends.py`` proves it equal to the other backends.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from huiqi.rules import core as C
from huiqi.rules import expr as E
from huiqi.rules.compiled import CompiledProgram
from huiqi.rules.context import Context, RuleCompileError
from huiqi.rules.lower import lower_expr

Dialect = Literal["duckdb", "spark"]
SQL_OPS = {">=": ">=", ">": ">", "<=": "<=", "<": "<", "==": "=", "!=": "<>"}


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
        # both engines truncate: exact for a non-negative dividend (see ``C.IDiv.signed``)
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

    # core expressions ---------------------------------------------------------------------------
    def lit(self, node: C.Lit) -> str:
        if node.type == "wide" and node.value is not None:
            return self.widen(str(node.value))
        return self.literal(node.value)

    def when(self, node: C.If) -> str:
        """Three-valued if, the condition written once (a simple CASE: an unknown matches neither arm
        → NULL); writing it twice doubled the query at every nesting level. With ``agree`` (truth
        values, small comparisons) an unknown condition gives the branches' common value."""
        cond, then = self.sql(node.cond), self.sql(node.then)
        if isinstance(node.other, C.Lit) and node.other.value is None and not node.agree:
            return f"(CASE ({cond}) WHEN TRUE THEN {then} ELSE NULL END)"
        other = self.sql(node.other)
        unknown = f"(CASE WHEN {then} = {other} THEN {then} ELSE NULL END)" if node.agree else "NULL"
        return f"(CASE ({cond}) WHEN TRUE THEN {then} WHEN FALSE THEN {other} ELSE {unknown} END)"

    def sql(self, node: C.Node) -> str:
        """The SQL expression computing a core expression over a table of §5 columns."""
        match node:
            case C.Col():
                return self.ident(node.name)
            case C.Lit():
                return self.lit(node)
            case C.Cmp():
                return f"({self.sql(node.left)} {SQL_OPS[node.op]} {self.sql(node.right)})"
            case C.Arith():
                return f"({self.sql(node.left)} {node.op} {self.sql(node.right)})"
            case C.IDiv():
                a, b = self.sql(node.left), self.sql(node.right)
                if node.signed:  # a minus its floor remainder divides exactly, truncating or not
                    a = f"({a} - ((({a} % {b}) + {b}) % {b}))"
                return self.idiv(a, b)
            case C.Widen():
                return self.widen(self.sql(node.part))
            case C.And():
                return "(" + " AND ".join(self.sql(p) for p in node.parts) + ")"
            case C.Or():
                return "(" + " OR ".join(self.sql(p) for p in node.parts) + ")"
            case C.Not():
                return f"(NOT {self.sql(node.part)})"
            case C.IsNotNull():
                return f"({self.sql(node.part)} IS NOT NULL)"
            case C.IsNull():
                return f"({self.sql(node.part)} IS NULL)"
            case C.AtLeast():
                terms = [self.sql(p) for p in node.parts]
                true = " + ".join(f"(CASE WHEN {p} THEN 1 ELSE 0 END)" for p in terms)
                possible = " + ".join(f"(CASE WHEN COALESCE({p}, TRUE) THEN 1 ELSE 0 END)" for p in terms)
                return (f"(CASE WHEN ({true}) >= {node.n} THEN TRUE WHEN ({possible}) < {node.n} THEN FALSE "
                        "ELSE NULL END)")
            case C.If():
                return self.when(node)
            case C.Case():
                arms = " ".join(f"WHEN {self.sql(c)} THEN {self.sql(v)}" for c, v in node.arms)
                return f"(CASE {arms} ELSE {self.sql(node.default)} END)"
            case C.Coalesce():
                return "COALESCE(" + ", ".join(self.sql(p) for p in node.parts) + ")"
            case C.InSet():
                return f"({self.sql(node.part)} IN ({', '.join(self.literal(v) for v in node.values)}))"
            case C.Slice():
                return f"SUBSTRING({self.sql(node.part)}, {node.start + 1}, {node.length})"
            case C.Lookup():
                arms = " ".join(f"WHEN {self.literal(k)} THEN {self.literal(v)}" for k, v in node.mapping)
                return f"(CASE {self.sql(node.key)} {arms} ELSE NULL END)"
            case C.ShiftYears():
                return self.shift_years(self.sql(node.part), node.years)
            case C.Hundredths():
                part = self.sql(node.part)
                if self.dialect == "spark":  # Spark divides decimals exactly
                    return f"CAST(CAST({part} AS DECIMAL(38,0)) / 100 AS DECIMAL(20,2))"
                return f"CAST(CAST({part} AS DECIMAL(38,0)) * CAST('0.01' AS DECIMAL(3,2)) AS DECIMAL(20,2))"
            case C.JoinIds():
                if not node.items:
                    return "''"
                parts = ", ".join(f"CASE WHEN {self.sql(t)} THEN {self.literal(i)} END" for i, t in node.items)
                return f"concat_ws(';', {parts})"
        raise RuleCompileError(f"cannot compile {type(node).__name__} to SQL")


def compile_sql(node: E.Expr, ctx: Context, sql: Sql) -> str:
    """One rule subtree at ``ctx`` as an SQL expression (lowered, then compiled)."""
    return sql.sql(lower_expr(node, ctx))


def program_sql(compiled: list[CompiledProgram], table: str = "input", dialect: Dialect = "duckdb") -> str:
    """One query adding every lowered column of every program to ``table``, stage by stage."""
    sql = Sql(dialect)
    stages: list[list[str]] = []
    for cp in compiled:
        for index, names in enumerate(C.stages(cp.columns)):
            while len(stages) <= index:
                stages.append([])
            stages[index] += [f"{sql.sql(cp.columns[name])} AS {sql.ident(name)}" for name in names]
    query = f"SELECT * FROM {table}"
    for index, cols in enumerate(stages):
        if cols:
            query = f"SELECT *, {', '.join(cols)} FROM ({query}) AS s{index}"
    return query
