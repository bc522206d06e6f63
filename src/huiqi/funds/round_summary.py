"""What a fund round's applications add up to: the dashboard and the input of the workbooks.

Plain rows in (the fields :func:`row_of` takes from the API's JSON of an application), plain dicts out;
money is summed in Decimal and turned into JSON numbers only at the end.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from huiqi.funds.policy import REGION_LABELS, fund_rules
from huiqi.funds.workflow import ALLOCATION_LOCKED, STATE_ZH, State

#: the states of an application in the round's library or past it
LIBRARY_ON = ALLOCATION_LOCKED | {State.in_library, State.allocated}


def row_of(app: dict[str, Any]) -> dict[str, Any]:
    """The fields of an application (the API's JSON) that reports use."""
    keys = ("id", "title", "enterprise", "city", "state", "rank", "amount_wan", "allocated_wan")
    return {k: app.get(k) for k in keys}


def _group(city: str | None, scope: str) -> str:
    if scope == "region" and city:
        key = fund_rules(dt.date.today()).region_of(city)
        return REGION_LABELS[key] if key else city
    return city or "（未填）"


def dashboard(rows: list[dict[str, Any]], budgets: dict[str, Decimal], scope: str) -> dict[str, Any]:
    """Counts and money (万元) by state, by budget group and by city."""
    def bucket() -> dict[str, Any]:
        return {"count": 0, "amount_wan": Decimal(0), "allocated_wan": Decimal(0)}

    by_state = {s.value: bucket() for s in State}
    by_city: dict[str, dict[str, Any]] = {}
    by_group = {g: {**bucket(), "budget_wan": b} for g, b in budgets.items()}
    for row in rows:
        city = row.get("city") or "（未填）"
        targets = [by_state[row["state"]], by_city.setdefault(city, {**bucket(), "states": {}})]
        if row["state"] in {s.value for s in LIBRARY_ON}:
            targets.append(by_group.setdefault(_group(row.get("city"), scope), {**bucket(), "budget_wan": None}))
        for t in targets:
            t["count"] += 1
            t["amount_wan"] += Decimal(str(row.get("amount_wan") or 0))
            t["allocated_wan"] += Decimal(str(row.get("allocated_wan") or 0))
        states = by_city[city]["states"]
        states[row["state"]] = states.get(row["state"], 0) + 1

    def out(d: dict[str, Any]) -> dict[str, Any]:
        return {k: (float(v) if isinstance(v, Decimal) else v) for k, v in d.items()}

    return {"total": len(rows),
            "by_state": [{"state": k, "state_zh": STATE_ZH[State(k)], **out(v)} for k, v in by_state.items()],
            "by_group": [{"group": g, **out(v)} for g, v in sorted(by_group.items())],
            "by_city": [{"city": c, **out(v)} for c, v in sorted(by_city.items())]}


def export_data(rows: list[dict[str, Any]], allocation: dict[str, Any] | None) -> dict[str, Any]:
    """The input of :func:`huiqi.funds.export.export_allocation` from a round's library: every
    application in the library or later, with the allocation run's ratio where there was one."""
    ran = {a["project"]: a for a in (allocation or {}).get("allocations", [])}
    items = []
    library = {s.value for s in LIBRARY_ON}
    for row in sorted((r for r in rows if r["state"] in library),
                      key=lambda r: (r.get("city") or "", r.get("rank") or 10**9, r["id"])):
        key = f"A{row['id']}"
        reward = Decimal(str(row.get("allocated_wan") or 0))
        why = ran.get(key, {}).get("reason") or STATE_ZH[State(row["state"])]
        items.append({"project": key, "name": row.get("title"), "enterprise": row.get("enterprise"),
                      "city": row.get("city"), "group": ran.get(key, {}).get("group", row.get("city")),
                      "rank": row.get("rank"), "equipment_wan": row.get("amount_wan"),
                      "ratio": ran.get(key, {}).get("ratio"), "reward_wan": float(reward),
                      "capped": bool(ran.get(key, {}).get("capped")), "funded": reward > 0,
                      "reason": None if reward > 0 else why})
    base = allocation or {}
    return {"allocations": items, "groups": base.get("groups", []), "clauses": base.get("clauses", []),
            "assumptions": base.get("assumptions", [])}
