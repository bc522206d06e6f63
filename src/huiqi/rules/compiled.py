"""A program compiled for one ``as_of`` and one choice of assumptions: its lowered columns
(:func:`huiqi.rules.lower.lower`) and what the explanation needs to know about each criterion.

Backend-neutral: the Polars expressions, the generated Python function and the SQL are made from
``columns`` by the backend that runs them (:mod:`~huiqi.rules.to_polars`, :mod:`~huiqi.rules.to_source`,
:mod:`~huiqi.rules.to_sql`), when it runs them, and kept on the compiled program.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from huiqi.rules import core as C
from huiqi.rules import expr as E
from huiqi.rules.context import Context, kind_of, select
from huiqi.rules.lower import lower
from huiqi.rules.program import Criterion, Program
from huiqi.rules.units import wan_to_fen


@dataclass
class CompiledCriterion:
    criterion: Criterion
    column: str
    top_level: bool
    applicability: bool
    fields: list[str]
    actual_kind: E.Kind | None = None
    threshold_kind: E.Kind | None = None
    #: where the threshold is a ``When`` of constants (a regional floor): the comparison, what the
    #: condition selects, and the lowest and highest floor in 分/units, for an explanation of a
    #: criterion decided alike by every branch while the selector is unknown
    bounds: tuple[E.CmpOp, str, object, object] | None = None


def _leaves(node: E.Expr, ctx: Context) -> list[object] | None:
    """The constant values a tree of ``When`` can take (None: a leaf is not a constant)."""
    node = select(node, ctx)
    if isinstance(node, E.When):
        then, other = _leaves(node.then, ctx), _leaves(node.otherwise, ctx)
        return None if then is None or other is None else then + other
    if isinstance(node, E.Param):
        return [ctx.param_value(node.id)]
    if isinstance(node, E.Money):
        return [wan_to_fen(node.wan)]
    if isinstance(node, E.Const) and not isinstance(node.value, tuple | list | set | frozenset):
        return [node.value]
    return None


def branch_bounds(criterion: Criterion, ctx: Context) -> tuple[E.CmpOp, str, object, object] | None:
    """``(op, basis, lowest, highest)`` where ``criterion`` compares against a ``When`` of constants."""
    test = select(criterion.test, ctx) if criterion.test is not None else None
    if not isinstance(test, E.Cmp):
        return None
    right = select(test.right, ctx)
    if not isinstance(right, E.When):
        return None
    values = _leaves(right, ctx)
    if not values or any(isinstance(v, bool) or not isinstance(v, int | Decimal) for v in values):
        return None
    return test.op, right.basis, min(values), max(values)  # type: ignore[type-var]


@dataclass(eq=False)
class CompiledProgram:
    program: Program
    as_of: dt.date
    choices: dict[str, str]
    #: the lowered columns, in an order where each reads only inputs and the columns before it
    columns: dict[str, C.Node] = field(default_factory=dict)
    criteria: list[CompiledCriterion] = field(default_factory=list)
    reward_fields: list[str] = field(default_factory=list)
    context: Context | None = None

    @property
    def prefix(self) -> str:
        return self.program.id

    def col(self, suffix: str) -> str:
        return f"{self.prefix}::{suffix}"

    def input_fields(self) -> list[str]:
        seen: dict[str, None] = {}
        for cc in self.criteria:
            for path in cc.fields:
                seen.setdefault(path)
        for path in [*self.reward_fields, *self.columns_read()]:  # (an ``actual`` may read a field of its own)
            seen.setdefault(path)
        return list(seen)

    def columns_read(self) -> list[str]:
        """Every input column the lowered columns read (names of no output column)."""
        seen: dict[str, None] = {}
        for node in self.columns.values():
            for name in C.reads(node):
                if "::" not in name:
                    seen.setdefault(name)
        return list(seen)


def compile_program(program: Program, ctx: Context) -> CompiledProgram:
    """Every column of ``program`` at ``ctx.as_of`` under ``ctx.choices``, and each criterion's metadata."""
    compiled = CompiledProgram(program, ctx.as_of, dict(ctx.choices), lower(program, ctx), context=ctx)
    for group, is_app in ((program.applicability, True), (program.criteria, False)):
        for top in group:
            for criterion in top.walk():
                cc = CompiledCriterion(
                    criterion,
                    compiled.col(criterion.id),
                    top_level=criterion is top,
                    applicability=is_app,
                    fields=[E.resolve_path(p, ctx.as_of) for p in criterion.expression().fields()],
                    bounds=branch_bounds(criterion, ctx),
                )
                for part in ("actual", "threshold"):
                    node = getattr(criterion, part)
                    if node is not None:
                        setattr(cc, f"{part}_kind", kind_of(node, ctx))
                compiled.criteria.append(cc)
    reward = program.reward
    if reward is not None:
        fields = [*reward.base.fields(), *reward.rate.fields()]
        for cap in reward.caps:
            fields += cap.fields()
        compiled.reward_fields = [E.resolve_path(p, ctx.as_of) for p in dict.fromkeys(fields)]
    return compiled
