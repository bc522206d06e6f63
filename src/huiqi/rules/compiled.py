"""A program compiled for one ``as_of`` and one choice of assumptions: named Polars columns.

For program ``p`` the frame gains ``p::status`` (``eligible`` … ``not_applicable``), ``p::failed``
(``;``-joined ids of failed top-level criteria), ``p::reward`` (the reward bound in hundredths of
万元, rounded half-up once), and per criterion ``p::<id>`` (three-valued) with its ``::actual`` and
``::threshold``. The per-profile explanation and the batch output both read these columns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import polars as pl

from huiqi.rules import expr as E
from huiqi.rules.program import Criterion, Program
from huiqi.rules.to_polars import (
    FEN_PER_WAN,
    WIDE,
    Context,
    compile_display,
    compile_expr,
    fraction,
    kind_of,
    select,
    wan_to_fen,
)

HUNDREDTH_WAN = FEN_PER_WAN // 100  # 分 in 0.01 万元, the output precision


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


@dataclass
class CompiledProgram:
    program: Program
    as_of: dt.date
    choices: dict[str, str]
    columns: dict[str, pl.Expr] = field(default_factory=dict)
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
        for path in self.reward_fields:
            seen.setdefault(path)
        return list(seen)


def _reward_columns(compiled: CompiledProgram, ctx: Context, eligible: pl.Expr) -> None:
    reward = compiled.program.reward
    if reward is None:
        return
    base = compile_expr(reward.base, ctx).cast(WIDE)
    num, den = fraction(reward.rate, ctx)
    exact = base * num  # the reward times ``den``
    capped = exact
    for index, cap in enumerate(reward.caps):
        compiled.columns[compiled.col(f"cap{index}")] = compile_expr(cap, ctx)
        cap_scaled = compile_expr(cap, ctx).cast(WIDE) * den
        capped = pl.when(cap_scaled < capped).then(cap_scaled).otherwise(capped)
    unit = den * HUNDREDTH_WAN
    rounded = (capped * 2 + unit) // (unit * 2)  # half-up, values are never negative
    compiled.columns[compiled.col("reward")] = pl.when(eligible).then(rounded).otherwise(None)
    compiled.columns[compiled.col("reward_capped")] = pl.when(eligible).then(capped < exact).otherwise(None)
    compiled.columns[compiled.col("rate")] = pl.when(den > 0).then(num * 10**8 // den)
    fields = [*reward.base.fields(), *reward.rate.fields()]
    for cap in reward.caps:
        fields += cap.fields()
    compiled.reward_fields = [E.resolve_path(p, ctx.as_of) for p in dict.fromkeys(fields)]


def compile_program(program: Program, ctx: Context) -> CompiledProgram:
    """Every column of ``program`` at ``ctx.as_of`` under ``ctx.choices``."""
    compiled = CompiledProgram(program, ctx.as_of, dict(ctx.choices), context=ctx)
    top_tests: list[pl.Expr] = []
    app_tests: list[pl.Expr] = []
    failed_ids: list[pl.Expr] = []
    for group, is_app in ((program.applicability, True), (program.criteria, False)):
        for top in group:
            for criterion in top.walk():
                column = compiled.col(criterion.id)
                test = compile_expr(criterion.expression(), ctx)
                compiled.columns[column] = test
                cc = CompiledCriterion(
                    criterion,
                    column,
                    top_level=criterion is top,
                    applicability=is_app,
                    fields=[E.resolve_path(p, ctx.as_of) for p in criterion.expression().fields()],
                    bounds=branch_bounds(criterion, ctx),
                )
                for part in ("actual", "threshold"):
                    node = getattr(criterion, part)
                    if node is not None:
                        compiled.columns[f"{column}::{part}"] = compile_display(node, ctx)
                        setattr(cc, f"{part}_kind", kind_of(node, ctx))
                compiled.criteria.append(cc)
                if criterion is top:
                    (app_tests if is_app else top_tests).append(pl.col(column))
                    if not is_app:
                        failed_ids.append(pl.when(pl.col(column).not_()).then(pl.lit(criterion.id)))
    applies = pl.all_horizontal(app_tests) if app_tests else pl.lit(True)
    ok = pl.all_horizontal(top_tests) if top_tests else pl.lit(True)
    status = (
        pl.when(applies.not_())
        .then(pl.lit("not_applicable"))
        .when(ok.not_())
        .then(pl.lit("ineligible"))
        .when(applies.is_null() | ok.is_null())
        .then(pl.lit("undetermined"))
        .otherwise(pl.lit("eligible"))
    )
    compiled.columns[compiled.col("status")] = status
    failed = pl.concat_str(failed_ids, separator=";", ignore_nulls=True) if failed_ids else pl.lit("")
    compiled.columns[compiled.col("failed")] = pl.when(applies.not_()).then(pl.lit("")).otherwise(failed)
    eligible = pl.col(compiled.col("status")) == "eligible"
    _reward_columns(compiled, ctx, eligible)
    return compiled


def evaluate(
    frame: pl.DataFrame | pl.LazyFrame, programs: list[CompiledProgram], shared: bool | None = None
) -> pl.LazyFrame:
    """Add every program's columns to ``frame`` (criteria first, then statuses, then rewards).

    ``shared`` (default: for frames of 10,000 rows or more) computes a subexpression that several
    criteria repeat (the industry code's sector, a score summed from ratio tests) once, in a hidden
    column, instead of once per use: Polars' own elimination of common subexpressions misses lookups
    and most nested ones. Each is computed over the same rows, so the values are the same; the hidden
    columns are dropped again.
    """
    if shared is None:
        shared = isinstance(frame, pl.DataFrame) and frame.height >= SHARED_MIN_ROWS
    lazy = frame.lazy()
    stages = _stages(programs, shared)
    for stage in stages:
        if stage:
            lazy = lazy.with_columns(stage)
    hidden = [e.meta.output_name() for stage in stages[:-3] for e in stage]
    return lazy.drop(hidden) if hidden else lazy


SHARED_MIN_ROWS = 10_000
SHARED_PREFIX = "__shared::"
#: subtrees worth a column when repeated: computations (not a bare column or literal) of some size
_SHAREABLE = frozenset({"Function", "BinaryExpr", "Ternary", "Cast"})
SHARED_MIN_TEXT = 200  # characters of a whole expression's plan
SHARED_MIN_NODES = 8  # nodes of a subtree
_PLANS: dict[tuple[int, ...], tuple[list[CompiledProgram], list[list[pl.Expr]]]] = {}


def _stages(programs: list[CompiledProgram], shared: bool) -> list[list[pl.Expr]]:
    """The shared subexpressions (innermost level first), criteria, statuses and failed ids, rewards."""
    key = (int(shared), *(id(cp) for cp in programs))
    hit = _PLANS.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], programs, strict=True)):
        return hit[1]
    stage1: list[pl.Expr] = []
    stage2: list[pl.Expr] = []
    stage3: list[pl.Expr] = []
    for compiled in programs:
        for name, expression in compiled.columns.items():
            target = stage1
            if name.endswith(("::status", "::failed")):
                target = stage2
            elif "::reward" in name:
                target = stage3
            target.append(expression.alias(name))
    levels: list[list[pl.Expr]] = []
    if shared:
        levels, stage1 = _share(stage1)
    stages = [*levels, stage1, stage2, stage3]
    if shared:
        if len(_PLANS) >= 16:
            _PLANS.clear()
        _PLANS[key] = (list(programs), stages)
    return stages


def _share(exprs: list[pl.Expr]) -> tuple[list[list[pl.Expr]], list[pl.Expr]]:
    """Subtrees repeated in ``exprs`` as hidden columns by nesting level, and ``exprs`` reading them."""
    import io
    import json

    try:
        plans = [e.meta.serialize(format="json") for e in exprs]
        trees = {i: json.loads(p) for i, p in enumerate(plans) if len(p) >= SHARED_MIN_TEXT}
        cons = _Cons()
        for tree in trees.values():
            cons.intern(tree)
        rewritten = {i: cons.replace(tree)[0] for i, tree in trees.items()}
        if not cons.shared:
            return [], exprs
        levels: list[list[pl.Expr]] = [[] for _ in range(max(level for _, level, _ in cons.shared.values()))]
        for name, level, tree in cons.shared.values():
            expr = pl.Expr.deserialize(io.StringIO(json.dumps(tree)), format="json").alias(name)
            levels[level - 1].append(expr)
        out = list(exprs)
        for i, tree in rewritten.items():
            out[i] = pl.Expr.deserialize(io.StringIO(json.dumps(tree)), format="json")
        return levels, out
    except Exception:
        return [], exprs


class _Cons:
    """Hash-consing of plan trees: equal subtrees get one number; counts of the shareable ones."""

    def __init__(self) -> None:
        self.ids: dict[object, int] = {}
        self.of: dict[int, int] = {}  # id(node) → subtree number
        self.size: dict[int, int] = {}
        self.counts: dict[int, int] = {}
        self.shared: dict[int, tuple[str, int, object]] = {}  # number → (column, level, rewritten tree)

    def intern(self, node: object) -> int:
        if isinstance(node, dict):
            if "Literal" in node:
                key: object = ("L", repr(node))
                size = 1
            else:
                parts = tuple([(k, self.intern(v)) for k, v in node.items()])
                key, size = ("D", parts), 1 + sum([self.size[n] for _, n in parts])
        elif isinstance(node, list):
            items = tuple([self.intern(v) for v in node])
            key, size = ("A", items), 1 + sum([self.size[n] for n in items])
        else:
            key, size = ("V", node), 1
        number = self.ids.setdefault(key, len(self.ids))
        self.size[number] = size
        if isinstance(node, dict):
            self.of[id(node)] = number
            if size >= SHARED_MIN_NODES and not _SHAREABLE.isdisjoint(node):
                self.counts[number] = self.counts.get(number, 0) + 1
        return number

    def replace(self, node: object) -> tuple[object, int]:
        """``node`` with every subtree seen twice or more read from its hidden column (inner ones
        too), and the deepest level of hidden column it reads (0: none)."""
        number = self.of.get(id(node)) if isinstance(node, dict) else None
        if number is not None and number in self.shared:
            name, level, _ = self.shared[number]
            return {"Column": name}, level
        if isinstance(node, dict):
            if "Literal" in node:
                return node, 0
            pairs = {key: self.replace(value) for key, value in node.items()}
            out: object = {key: value for key, (value, _) in pairs.items()}
            level = max((lv for _, lv in pairs.values()), default=0)
        elif isinstance(node, list):
            items = [self.replace(value) for value in node]
            out, level = [value for value, _ in items], max((lv for _, lv in items), default=0)
        else:
            return node, 0
        if number is None or self.counts.get(number, 0) < 2 or not _reads_column(out):
            return out, level
        self.shared[number] = (f"{SHARED_PREFIX}{len(self.shared)}", level + 1, out)
        return {"Column": self.shared[number][0]}, level + 1


def json_key(node: object) -> str:
    import json

    return json.dumps(node, separators=(",", ":"))


def _reads_column(node: object) -> bool:
    return '"Column"' in json_key(node)
