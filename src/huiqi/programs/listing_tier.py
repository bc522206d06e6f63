"""Which 挂牌上市 maturity tier an enterprise falls in, from its ``listing-*`` assess results.

支持"专精特新"中小企业挂牌上市融资服务方案 二、（一） sorts the 培育库 into 潜在 / 重点 / 优先支持拟挂牌上市企业
by 成熟度, but gives no formula (the exchanges judge it with their own data). This module applies a
named, switchable reading over the §2 results of the listing programs:

* ``meets-now`` (default): 优先支持 = meets one board's financial standards now (a listing result is
  ``eligible``); 重点 = no board yet, but some standard falls short only by what about one year's
  growth covers (every failed figure reaches ``threshold × (1 − tolerance)``, tolerance 20% by
  default, and no part of that standard is unknown); 潜在 = the rest.
* ``undetermined-counts``: as above, but a board whose result is ``undetermined`` (no criterion fails,
  some data missing) counts for 重点.

>>> listing_tier({"results": []})["tier"]
'potential'
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from huiqi.rules.clause import ClauseRef

TIERS = {
    "priority": "优先支持拟挂牌上市企业",
    "key": "重点拟挂牌上市企业",
    "potential": "潜在拟挂牌上市企业",
}
READINGS = {
    "meets-now": "优先支持 = 现已符合某一板块财务标准；重点 = 差距在约一年增长（容差）内；其余为潜在",
    "undetermined-counts": "同上，另把数据不全、但无一项不符合（待定）的板块计入重点",
}
CLAUSE = ClauseRef("srdi-listing", "二、（一）")
ASSUMPTION_ID = "listing-tier-rule"


def listing_tier(
    assess_result: dict[str, Any],
    reading: str = "meets-now",
    tolerance: Decimal | float | str = Decimal("0.2"),
) -> dict[str, Any]:
    """The tier with its reasoning: ``{"tier", "label", "boards", "reasons", "assumption", "clause"}``."""
    if reading not in READINGS:
        raise ValueError(f"unknown reading {reading!r}; options: {', '.join(READINGS)}")
    tol = Decimal(str(tolerance))
    results = [r for r in assess_result.get("results", []) if str(r.get("program", "")).startswith("listing-")]
    meets, near, reasons = [], [], []
    for result in results:
        program, status = result["program"], result.get("status")
        name = str(result.get("title") or program)
        if status == "eligible":
            meets.append(program)
            reasons.append(f"{name}：符合（{_version(result)}）")
            continue
        if status == "undetermined" and reading == "undetermined-counts":
            near.append(program)
            reasons.append(f"{name}：数据不全，无一项不符合（计入重点）")
            continue
        close = _near_standards(result.get("criteria", []), tol) if status == "ineligible" else []
        if close:
            near.append(program)
            reasons.append(f"{name}：{'、'.join(close)} 差距在 {tol:%} 以内")
        else:
            reasons.append(f"{name}：{_status_word(status)}")
    tier = "priority" if meets else "key" if near else "potential"
    return {
        "tier": tier,
        "label": TIERS[tier],
        "boards": meets if meets else near,
        "reasons": reasons,
        "assumption": {
            "id": ASSUMPTION_ID,
            "option": reading,
            "text": READINGS[reading],
            "alternatives": [r for r in READINGS if r != reading],
            "tolerance": float(tol),
        },
        "clause": CLAUSE.to_json(),
    }


def _version(result: dict[str, Any]) -> str:
    return str((result.get("version") or {}).get("number", ""))


def _status_word(status: Any) -> str:
    return {
        "ineligible": "不符合，且无一套标准差距在容差内",
        "undetermined": "数据不全，无法判断",
        "not_in_force": "该日无经核实的标准",
    }.get(str(status), str(status))


def _near_standards(criteria: list[dict[str, Any]], tol: Decimal) -> list[str]:
    """Ids of the standards whose every leaf passes or misses by at most ``tol`` of its threshold,
    provided the other top-level criteria do too."""
    children: dict[str, list[dict[str, Any]]] = {}
    for c in criteria:
        children.setdefault(str(c.get("part_of") or ""), []).append(c)

    def leaves(cid: str) -> list[dict[str, Any]]:
        kids = children.get(cid, [])
        return [leaf for k in kids for leaf in (leaves(k["id"]) if children.get(k["id"]) else [k])]

    def close(items: list[dict[str, Any]]) -> bool:
        return all(c["status"] == "pass" or (c["status"] == "fail" and _within(c, tol)) for c in items)

    tops = children.get("", [])
    others = [c for c in tops if c["id"] != "standards" and c.get("role") != "applicability"]
    if not all(close(leaves(c["id"]) or [c]) for c in others):
        return []
    standards = children.get("standards", [])
    if standards and all(not children.get(s["id"]) for s in standards):
        return ["standards"] if close(standards) else []
    return [s["id"] for s in standards if close(leaves(s["id"]) or [s])]


def _within(criterion: dict[str, Any], tol: Decimal) -> bool:
    actual, threshold = criterion.get("actual"), criterion.get("threshold")
    if not isinstance(actual, int | float) or not isinstance(threshold, int | float) or isinstance(actual, bool):
        return False
    if threshold <= 0:
        return False
    return Decimal(str(actual)) >= Decimal(str(threshold)) * (1 - tol)
