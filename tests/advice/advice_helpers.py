"""Shared by the advice tests: profiles from the programs' hand cases, and applying advice."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from huiqi.advice.fields import DECISIONS, OUTCOMES, changeable, is_forbidden
from huiqi.programs.cases import Case, all_cases, merge

CASES: list[Case] = all_cases()


def case_named(fragment: str) -> Case:
    return next(c for c in CASES if fragment in c.name)


def profile_of(fragment: str, patch: dict[str, Any] | None = None) -> tuple[dict[str, Any], Case]:
    case = case_named(fragment)
    return merge(copy.deepcopy(case.profile), patch or {}), case


def apply_changes(profile: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
    """``profile`` with every ``changes[].field`` set to its ``to``, exactly as contract §9 says."""
    out = copy.deepcopy(profile)
    for change in entry["changes"]:
        path = change["field"].split(".")
        if path[0] == "project":
            node = next(p for p in out["projects"] if p["id"] == entry["project"])
        else:
            node = out.setdefault("enterprise", {})
        for key in path[1:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = change["to"]
    return out


def reassess_day(entry: dict[str, Any], as_of: dt.date) -> dt.date:
    return dt.date.fromisoformat(entry["reachable_from"]) if entry.get("reachable_from") else as_of


def result_for(answer: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
    return next(
        r for r in answer["results"] if r["program"] == entry["program"] and r.get("project") == entry["project"]
    )


def allowed(path: str, outcomes: bool = False) -> bool:
    """In the allow-list (with business results where opted in), and never city, county, founding
    date or compliance."""
    allow = DECISIONS + (OUTCOMES if outcomes else ())
    never = ("enterprise.city", "enterprise.county", "enterprise.established")
    return (
        path not in never
        and not path.startswith("enterprise.compliance.")
        and (not is_forbidden(path) and changeable(path, allow) is not None)
    )
