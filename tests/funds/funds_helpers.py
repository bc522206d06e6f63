"""Helpers for the fund-round tests: projects and options in a line."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from huiqi.funds.allocate import allocate
from huiqi.funds.model import AllocationOptions, Project
from huiqi.geo import normalize_city

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "funds"
ROUND_DATE = dt.date(2024, 1, 26)


def project(
    pid: str, city: str, equipment: str | int, rank: int | None = None, enterprise: str | None = None
) -> Project:
    return Project(pid, city, normalize_city(city), Decimal(str(equipment)), rank, enterprise=enterprise)


def run(projects: list[Project], budgets: dict[str | None, str | int], **kw: Any) -> dict[str, Any]:
    kw.setdefault("as_of", ROUND_DATE)
    for key in ("project_cap_wan", "project_min_wan", "ratio_step"):
        if key in kw and kw[key] is not None:
            kw[key] = Decimal(str(kw[key]))
    options = AllocationOptions(budgets={k: Decimal(str(v)) for k, v in budgets.items()}, **kw)
    return allocate(projects, options)


def rewards(result: dict[str, Any]) -> dict[str, Decimal]:
    return {a["project"]: Decimal(str(a["reward_wan"])) for a in result["allocations"]}


def group(result: dict[str, Any], name: str) -> dict[str, Any]:
    return next(g for g in result["groups"] if g["group"] == name)
