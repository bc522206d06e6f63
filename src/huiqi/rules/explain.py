"""Turn a row of compiled columns into the stable explanation object of contract §2.

The explanation is documented output, not the engine's internal tree: per criterion its status,
the clause, what was found against what the text requires, the margin, and what is missing.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from huiqi.rules.compiled import CompiledCriterion, CompiledProgram
from huiqi.rules.to_polars import FEN_PER_WAN, RATIO_SCALE

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
        return output_money(Decimal(raw) / FEN_PER_WAN)
    if kind == "ratio":
        return float((Decimal(raw) / RATIO_SCALE).quantize(FOUR, rounding=ROUND_HALF_UP))
    if isinstance(raw, Decimal):
        return float(raw.normalize())
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return raw


def _margin(cc: CompiledCriterion, row: dict[str, Any]) -> float | None:
    actual = row.get(f"{cc.column}::actual")
    threshold = row.get(f"{cc.column}::threshold")
    if actual is None or threshold is None or isinstance(actual, bool | str | dt.date):
        return None
    if cc.actual_kind != cc.threshold_kind and "ratio" in (cc.actual_kind, cc.threshold_kind):
        return None
    return display_value(Decimal(actual) - Decimal(threshold), cc.actual_kind)


def explain_criterion(cc: CompiledCriterion, row: dict[str, Any], parent: str = "") -> dict[str, Any]:
    criterion = cc.criterion
    status = STATUS_WORDS[row[cc.column]]
    item: dict[str, Any] = {
        "id": criterion.id,
        "label": criterion.label,
        "status": status,
        "clause": criterion.ref.to_json(),
        "actual": display_value(row.get(f"{cc.column}::actual"), cc.actual_kind),
        "threshold": display_value(row.get(f"{cc.column}::threshold"), cc.threshold_kind),
    }
    if criterion.unit:
        item["unit"] = criterion.unit
    margin = _margin(cc, row)
    if margin is not None:
        item["margin"] = margin
    item["note"] = criterion.note
    if not cc.top_level:
        item["part_of"] = parent
    if cc.applicability:
        item["role"] = "applicability"
    if status == "unknown":
        item["missing"] = [path for path in cc.fields if row.get(path) is None]
        if criterion.question:
            item["question"] = criterion.question
    return item


def parents(compiled: CompiledProgram) -> dict[str, str]:
    """Each sub-criterion's parent id (computed once per compiled program)."""
    cached: dict[str, str] | None = compiled.__dict__.get("_parents")
    if cached is None:
        cached = {part.id: cc.criterion.id for cc in compiled.criteria for part in cc.criterion.parts}
        compiled.__dict__["_parents"] = cached
    return cached


def explain(compiled: CompiledProgram, row: dict[str, Any]) -> dict[str, Any]:
    """The §2 result object of one program for one row (the project id is added by the engine)."""
    program = compiled.program
    parent_of = parents(compiled)
    status = row[compiled.col("status")]
    result: dict[str, Any] = {
        "program": program.id,
        "title": program.title,
        "status": status,
        "version": program.version.to_json(),
        "reward": _reward(compiled, row, status),
        "criteria": [explain_criterion(cc, row, parent_of.get(cc.criterion.id, "")) for cc in compiled.criteria],
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
        "notes": list(program.notes),
    }
    return result


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
