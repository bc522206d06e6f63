"""A program compiled for one ``as_of`` and one choice of assumptions: named Polars columns.

For program ``p`` the frame gains ``p::status`` (``eligible`` … ``not_applicable``), ``p::failed``
(``;``-joined ids of failed top-level criteria), ``p::reward`` (the reward bound in hundredths of
万元, rounded half-up once), and per criterion ``p::<id>`` (three-valued) with its ``::actual`` and
``::threshold``. The per-profile explanation and the batch output both read these columns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

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


def evaluate(frame: pl.DataFrame | pl.LazyFrame, programs: list[CompiledProgram]) -> pl.LazyFrame:
    """Add every program's columns to ``frame`` (criteria first, then statuses, then rewards)."""
    lazy = frame.lazy()
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
    for stage in (stage1, stage2, stage3):
        if stage:
            lazy = lazy.with_columns(stage)
    return lazy
