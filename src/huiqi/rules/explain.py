"""Turn a row of compiled columns into the stable explanation object of contract §2.

The explanation is documented output, not the engine's internal tree: per criterion its status,
the clause, what was found against what the text requires, the margin, and what is missing.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from huiqi.rules.compiled import CompiledCriterion, CompiledProgram
from huiqi.rules.units import FEN_PER_WAN, RATIO_SCALE, half_up

STATUS_WORDS = {True: "pass", False: "fail", None: "unknown"}
TWO = Decimal("0.01")
FOUR = Decimal("0.0001")


def output_money(value: Decimal | None) -> float | None:
    """万元 rounded half-up to 2 decimals: the only rounding money sees (contract, top)."""
    if value is None:
        return None
    return float(value.quantize(TWO, rounding=ROUND_HALF_UP))


def display_value(raw: Any, kind: str | None) -> Any:
    """A column value in the contract's units (money 万元, ratio as a fraction, dates ISO)."""
    if raw is None:
        return None
    if kind == "money":
        if type(raw) is int:  # integer 分, the usual case: exact without Decimal
            return half_up(raw, FEN_PER_WAN // 100) / 100  # the float of that Decimal
        return output_money(Decimal(raw) / FEN_PER_WAN)
    if kind == "ratio":
        if type(raw) is int:
            return half_up(raw, RATIO_SCALE // 10**4) / 10**4
        return float((Decimal(raw) / RATIO_SCALE).quantize(FOUR, rounding=ROUND_HALF_UP))
    if isinstance(raw, Decimal):
        return float(raw.normalize())
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return raw


class _Shape:
    """What one criterion's explanation keeps from row to row, worked out once per compiled
    criterion: an assessment explains a few hundred criteria, and only their values change."""

    __slots__ = ("actual", "cc", "fields", "head", "margin", "question", "tail", "threshold")

    def __init__(self, cc: CompiledCriterion, parent: str) -> None:
        criterion = cc.criterion
        self.cc = cc
        self.head = (criterion.id, criterion.label, criterion.ref.to_json())
        tail: dict[str, Any] = {"note": criterion.note}
        if not cc.top_level:
            tail["part_of"] = parent
        if cc.applicability:
            tail["role"] = "applicability"
        self.tail = tail
        self.actual = f"{cc.column}::actual"
        self.threshold = f"{cc.column}::threshold"
        # a difference means something only between values of one unit (a ratio against a count does not)
        self.margin = cc.actual_kind == cc.threshold_kind or "ratio" not in (cc.actual_kind, cc.threshold_kind)
        self.fields = tuple(cc.fields)
        self.question = criterion.question

    def explain(self, row: dict[str, Any]) -> dict[str, Any]:
        cc = self.cc
        identifier, label, clause = self.head
        status = STATUS_WORDS[row[cc.column]]
        actual, threshold = row.get(self.actual), row.get(self.threshold)
        item: dict[str, Any] = {
            "id": identifier,
            "label": label,
            "status": status,
            "clause": clause,
            "actual": display_value(actual, cc.actual_kind),
            "threshold": display_value(threshold, cc.threshold_kind),
        }
        if cc.criterion.unit:
            item["unit"] = cc.criterion.unit
        if (
            self.margin
            and actual is not None
            and threshold is not None
            and not isinstance(actual, bool | str | dt.date)
        ):
            item["margin"] = display_value(Decimal(actual) - Decimal(threshold), cc.actual_kind)
        item.update(self.tail)
        if cc.bounds is not None and threshold is None and status != "unknown":
            item["note"] = "；".join(filter(None, [self.either(status), item["note"]]))
        if status == "unknown":
            item["missing"] = [path for path in self.fields if row.get(path) is None]
            if self.question:
                item["question"] = self.question
        return item


    def either(self, status: str) -> str:
        """Why a criterion is decided although its threshold is unknown: every branch agrees."""
        assert self.cc.bounds is not None
        op, basis, low, high = self.cc.bounds
        basis = basis or "分档"
        unit, kind = self.cc.criterion.unit, self.cc.threshold_kind
        lowest, highest = _figure(low, kind, unit), _figure(high, kind, unit)
        words = {
            (True, "pass"): f"达到任何{basis}的最高门槛（{highest}）",
            (True, "fail"): f"低于任何{basis}的最低门槛（{lowest}）",
            (False, "pass"): f"不超过任何{basis}的最低上限（{lowest}）",
            (False, "fail"): f"超过任何{basis}的最高上限（{highest}）",
        }
        verdict = "符合" if status == "pass" else "不符合"
        return f"{basis}未知，但{words[(op in ('>=', '>'), status)]}：不论{basis}如何均{verdict}"


def _figure(raw: Any, kind: str | None, unit: str) -> str:
    value = display_value(raw, kind)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value} {unit}".strip()


def shapes(compiled: CompiledProgram) -> list[_Shape]:
    """Each criterion's :class:`_Shape`, in order (computed once per compiled program)."""
    cached: list[_Shape] | None = compiled.__dict__.get("_shapes")
    if cached is None:
        parent_of = parents(compiled)
        cached = [_Shape(cc, parent_of.get(cc.criterion.id, "")) for cc in compiled.criteria]
        compiled.__dict__["_shapes"] = cached
    return cached


def parents(compiled: CompiledProgram) -> dict[str, str]:
    """Each sub-criterion's parent id."""
    return {part.id: cc.criterion.id for cc in compiled.criteria for part in cc.criterion.parts}


def explain(compiled: CompiledProgram, row: dict[str, Any]) -> dict[str, Any]:
    """The §2 result object of one program for one row (the project id is added by the engine)."""
    program = compiled.program
    status = row[compiled.col("status")]
    result: dict[str, Any] = {
        "program": program.id,
        "title": program.title,
        "status": status,
        "version": program.version.to_json(),
        "reward": _reward(compiled, row, status),
        "criteria": [shape.explain(row) for shape in shapes(compiled)],
        "failed": [f for f in (row.get(compiled.col("failed")) or "").split(";") if f],
        "manual_checks": [{"label": m.label, "clause": m.ref.to_json()} for m in program.manual_checks],
        "assumptions": [
            {
                "id": a.id,
                "option": compiled.choices[a.id],
                "text": a.options[compiled.choices[a.id]],
                "alternatives": [o for o in a.options if o != compiled.choices[a.id]],
                "clause": a.ref.to_json(),
            }
            for a in program.assumptions
        ],
        "notes": [*_either_way(compiled, row, status), *program.notes],
    }
    return result


def _either_way(compiled: CompiledProgram, row: dict[str, Any], status: str) -> list[str]:
    """Where the program may not cover the case (an applicability criterion unknown: the city could be
    深圳): not payable either way when a criterion already fails, and no amount before it is known."""
    if status not in ("ineligible", "undetermined"):
        return []
    open_scope = [cc.criterion.label for cc in compiled.criteria if cc.applicability and row[cc.column] is None]
    if not open_scope:
        return []
    scope = "；".join(open_scope)
    if status == "ineligible":
        return [f"是否属本项目适用范围尚未确定（{scope}），但已有条件不符合：无论是否适用，均不可申报、不可获得资金。"]
    return [f"是否属本项目适用范围尚未确定（{scope}）：可能不适用，确定之前不给出金额。"]


def _reward(compiled: CompiledProgram, row: dict[str, Any], status: str) -> dict[str, Any] | None:
    reward = compiled.program.reward
    if reward is None:
        return None
    raw = row.get(compiled.col("reward"))
    caps = [row.get(f"{compiled.col('cap')}{i}") for i in range(len(reward.caps))]
    out: dict[str, Any] = {
        "max_wan": output_money(Decimal(raw) / 100) if raw is not None and status == "eligible" else None,
        "rate": display_value(row.get(compiled.col("rate")), "ratio"),
        "cap_wan": next((display_value(c, "money") for c in caps if c is not None), None),
        "capped": row.get(compiled.col("reward_capped")),
        "clause": reward.ref.to_json(),
    }
    if reward.recipient:
        out["recipient"] = reward.recipient
    if reward.note:
        out["note"] = reward.note
    return out
