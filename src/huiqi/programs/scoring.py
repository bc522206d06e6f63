"""Point tables (评价指标) as rule-language expressions, their bands read from a YAML file.

A table file (e.g. ``innovative_sme/scoring_2022.yaml``) holds, per indicator, its label, the
article it comes from, the points it can give and its bands::

    rd_share:
      label: 上年度研发费用总额占营业收入总额比重
      clause: miit-sme-tiers-2022 附件1（评价指标）
      max: 20
      direction: ">="          # higher is better; "<=" for 资产负债率
      unit: ratio              # ratio | 万元 | 年 | 分
      bands: [[0.05, 20], [0.03, 15], [0.02, 10], [0.01, 5]]
      otherwise: 0

:func:`band_points` turns an indicator into nested :class:`~huiqi.rules.expr.When` nodes (best band
first), :func:`total` adds points with ``Arith("+")``, and :func:`indicator` makes the criterion that
shows an indicator's points as its ``actual`` (it passes once the points are known, so it informs
without deciding). :func:`reaches` decides "得分 ≥ N" three-valued even where some indicators are
unknown: pass once the known points (the unknown ones at their minimum) reach N, fail once even the
maximum of the unknown ones cannot, unknown in between. Whether a value on a band's edge takes the
higher band (the 2026 Guangdong notice's "以上/以下含本数") is a named assumption built by
:func:`boundary_assumption` (each program has its own id).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from pathlib import Path
from typing import Any

import yaml

from huiqi.rules.expr import Arith, Const, Expr, Known, Money, When, choice, coalesce
from huiqi.rules.program import Assumption, Criterion


def boundary_assumption(aid: str, clause: str) -> Assumption:
    return Assumption(
        id=aid,
        question="指标值恰在两档分界处时归入哪一档？",
        options={
            "higher": "归入较高一档（“以上/以下”含本数；据政策通所载广东 2026 年通知的读法）",
            "lower": "归入较低一档（分界值只算下一档）",
        },
        default="higher",
        clause=clause,
    )


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    clause: str
    max: int
    direction: str
    unit: str
    bands: tuple[tuple[Any, int], ...]
    otherwise: int

    @property
    def floor(self) -> int:
        """The fewest points the indicator gives."""
        return min([self.otherwise, *(points for _, points in self.bands)])

    def describe_bands(self) -> str:
        """Numeric bands as the table prints them (``≥ 5% → 20 分；…；其他 0 分``); categorical
        indicators describe their bands in the label itself."""
        if not self.bands or any(isinstance(cut, str) for cut, _ in self.bands):
            return ""
        op = "≥" if self.direction == ">=" else "≤"

        def shown(cut: Any) -> str:
            if self.unit == "ratio":
                return f"{(Decimal(str(cut)) * 100).normalize():f}%"
            return f"{cut}{self.unit}"

        steps = [f"{op} {shown(cut)} → {points} 分" for cut, points in self.bands]
        return "；".join([*steps, f"其他 {self.otherwise} 分"]) + "；"

    def cutoff(self, value: Any) -> Expr:
        if self.unit == "万元":
            return Money(Decimal(str(value)))
        return Const(Decimal(str(value)))


def load_table(path: Path) -> dict[str, Indicator]:
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return {
        key: Indicator(
            id=key,
            label=str(spec["label"]),
            clause=str(spec["clause"]),
            max=int(spec["max"]),
            direction=str(spec.get("direction", ">=")),
            unit=str(spec.get("unit", "")),
            bands=tuple((b[0], int(b[1])) for b in spec.get("bands", [])),
            otherwise=int(spec.get("otherwise", 0)),
        )
        for key, spec in data.items()
    }


def band_points(ind: Indicator, value: Expr, boundary: str) -> Expr:
    """The points ``value`` earns: the first band (best first) whose cutoff it reaches."""
    points: Expr = Const(ind.otherwise)
    for cutoff, score in reversed(ind.bands):
        limit = ind.cutoff(cutoff)
        if ind.direction == ">=":
            reached = choice(boundary, higher=value >= limit, lower=value > limit)
        else:
            reached = choice(boundary, higher=value <= limit, lower=value < limit)
        points = When(reached, Const(score), points)
    return points


def flag_points(steps: Sequence[tuple[Expr, int]], otherwise: int = 0) -> Expr:
    """Points of a categorical indicator: the first true condition's points (best first)."""
    points: Expr = Const(otherwise)
    for cond, score in reversed(steps):
        points = When(cond, Const(score), points)
    return points


def total(parts: Sequence[Expr]) -> Expr:
    return reduce(lambda a, b: Arith("+", a, b), parts)


def indicator(ind: Indicator, points: Expr, question: str = "", note: str = "") -> Criterion:
    """The criterion showing one indicator's points (pass once known; unknown while data is missing)."""
    return Criterion(
        id=f"points-{ind.id.replace('_', '-')}",
        label=f"{ind.label}（{ind.describe_bands()}满分 {ind.max} 分）",
        clause=ind.clause,
        # pass once the points are known, unknown while they are not (``points >= 0`` would pass on
        # every band alike while the value is missing: a comparison is decided where branches agree)
        test=When(Known(points), Const(True), Const(None)),
        actual=points,
        question=question,
        note=note,
        unit="分",
    )


def reaches(parts: Sequence[tuple[Indicator, Expr]], threshold: Expr) -> tuple[Expr, Expr]:
    """(test, known points) of "the points of ``parts`` add up to ``threshold`` or more"."""
    lower = total([coalesce(points, Const(ind.floor)) for ind, points in parts])
    upper = total([coalesce(points, Const(ind.max)) for ind, points in parts])
    test = When(lower >= threshold, Const(True), When(upper < threshold, Const(False), Const(None)))
    return test, lower
