"""Rendering core objects (programs, parameters, documents) as JSON for the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any


def plain(value: Any) -> Any:
    """Decimals as numbers, dates as ISO strings, tuples as lists — recursively."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if hasattr(value, "to_json"):
        return plain(value.to_json())
    return value


def clause(ref: Any) -> dict[str, Any]:
    try:
        return plain(ref.to_json())
    except Exception:  # the corpus may not resolve every reference yet
        return {"doc": ref.doc, "ref": ref.ref}


def criterion(item: Any, role: str) -> dict[str, Any]:
    try:
        test = item.expression().describe()
    except Exception:
        test = None
    return {
        "id": item.id,
        "label": item.label,
        "role": role,
        "clause": clause(item.ref),
        "test": test,
        "question": item.question or None,
        "parts": [criterion(p, role) for p in item.parts],
        "combine": item.combine if item.parts else None,
    }


def parameter(param: Any) -> dict[str, Any]:
    return {
        "id": param.id,
        "label": param.label,
        "unit": param.unit,
        "inclusive": param.inclusive,
        "description": param.description or None,
        "periods": [
            {
                "from": p.start.isoformat(),
                "to": p.end.isoformat() if p.end else None,
                "value": plain(p.value),
                "clause": clause(p.clause),
                "note": p.note or None,
            }
            for p in param.periods
        ],
    }


def program_summary(family: Any) -> dict[str, Any]:
    latest = family.versions[-1]
    return {
        "id": family.id,
        "title": latest.title,
        "level": latest.level,
        "summary": latest.summary or None,
        "versions": [p.version.to_json() for p in family.versions],
    }


def program_detail(family: Any) -> dict[str, Any]:
    """The family with each version's rules, and its timeline (dates, source quality, what changed)."""
    from huiqi.programs.external import version_view

    return {**program_summary(family), "rules": [program_version(p) for p in family.versions],
            "timeline": version_view(family)}


def program_version(program: Any) -> dict[str, Any]:
    reward = program.reward
    return {
        "version": program.version.to_json(),
        "title": program.title,
        "project_kind": program.project_kind,
        "applicability": [criterion(c, "applicability") for c in program.applicability],
        "criteria": [criterion(c, "eligibility") for c in program.criteria],
        "reward": None
        if reward is None
        else {
            "base": reward.base.describe(),
            "rate": reward.rate.describe(),
            "caps": [c.describe() for c in reward.caps],
            "clause": clause(reward.clause),
            "note": reward.note or None,
        },
        "manual_checks": [{"label": m.label, "clause": clause(m.clause)} for m in program.manual_checks],
        "assumptions": [
            {"id": a.id, "question": a.question, "options": a.options, "default": a.default, "clause": clause(a.clause)}
            for a in program.assumptions
        ],
        "parameters": {pid: parameter(p) for pid, p in program.parameters.items()},
        "notes": program.notes,
    }


DOC_FIELDS = ("id", "title", "short_title", "kind", "number", "issuer", "issue_date", "effective_date",
              "expiry_date", "validity_note")


def document_summary(doc: Any) -> dict[str, Any]:
    return {name: getattr(doc, name, None) for name in DOC_FIELDS}
