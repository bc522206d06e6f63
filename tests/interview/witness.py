"""An independent check that a question could still matter when it was asked.

For the field asked, try concrete answers (the true one, both truth values, every option, a spread of
numbers and dates, "不知道") while the other fields still open are either all left unanswered or all
answered as the known profile says; the question mattered if two of these answers give different
statuses through ``Engine.assess`` (not through the interview's own analysis of the rule trees).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.interview.helpers import UNKNOWN, answer_from

from huiqi.batch.fields import field_spec
from huiqi.engine import default_engine
from huiqi.errors import InputError
from huiqi.interview import build_profile, parse_request
from huiqi.interview.catalogue import NO_PROJECT, row_path

NUMBERS = (0, 1, 2, 3, 5, 8, 10, 20, 50, 100, 300, 500, 700, 1000, 2000, 3000, 5000, 10000, 20000, 50000, 200000)
TEXTS = {
    "enterprise.city": ("东莞", "深圳", "广州", "梅州", "北京"),
    "project.city": ("东莞", "深圳", "广州", "梅州"),
    "enterprise.industry_code": ("C3984", "C3484", "C13", "I6510", "F5100", "A0111", "C2511"),
}


def candidates(path: str, truth: Any, as_of: dt.date) -> list[Any]:
    _, row = row_path(path)
    spec = field_spec(row)
    values: list[Any] = [] if truth is UNKNOWN else [truth]
    if row == "project.kind":
        values += [*spec.choices, NO_PROJECT]
    elif spec.choices:
        values += list(spec.choices)
    elif spec.kind == "bool":
        values += [True, False]
    elif spec.kind in ("money", "int", "decimal"):
        values += list(NUMBERS) + ([-100, -1] if spec.kind == "money" else [])
    elif spec.kind == "date":
        values += [
            (as_of.replace(year=as_of.year - k) - dt.timedelta(days=d)).isoformat()
            for k in range(0, 12)
            for d in (0, 1)
        ]
        values += [(as_of + dt.timedelta(days=200)).isoformat()]
    else:
        values += list(TEXTS.get(row, ()))
    return values


def statuses(body: dict[str, Any]) -> list[str] | None:
    try:
        data = build_profile(parse_request(body))
        result = default_engine().assess(
            data,
            as_of=dt.date.fromisoformat(body["as_of"]),
            choices=body.get("assume") or None,
            programs=body.get("programs"),
        )
    except InputError:
        return None
    return [r["status"] for r in result["results"]]


def _filled(body: dict[str, Any], field: str, profile: dict[str, Any], open_fields: list[str]) -> dict[str, Any]:
    filled = dict(body["answers"])
    for other in open_fields:
        value = answer_from(profile, other)
        if other != field and value is not UNKNOWN:
            filled[other] = value
    return filled


def mattered(
    field: str, body: dict[str, Any], truth: dict[str, Any], open_fields: list[str], others: list[dict[str, Any]]
) -> bool:
    """Whether some answer to ``field`` changes a status, the fields still open being left unanswered,
    or answered as ``truth`` says, or as any of ``others`` (other profiles: the program's hand cases)."""
    as_of = dt.date.fromisoformat(body["as_of"])
    for profile in [None, truth, *others]:
        answers = body["answers"] if profile is None else _filled(body, field, profile, open_fields)
        seen: set[tuple[str, ...]] = set()
        values = candidates(field, answer_from(truth, field), as_of)
        values += [v for p in others if (v := answer_from(p, field)) is not UNKNOWN and v not in values]
        for value in [UNKNOWN, *values]:
            trial = {**body, "answers": dict(answers)}
            if value is UNKNOWN:
                trial["unknown"] = [*body["unknown"], field]
            else:
                trial["answers"][field] = value
            got = statuses(trial)
            if got is not None:
                seen.add(tuple(got))
            if len(seen) > 1:
                return True
    return False
