"""The allocation's JSON (contract §8 plus explanation fields) and its Chinese text table."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from huiqi.funds.model import Allocation, AllocationOptions, GroupResult, MinHandling, Mode, Scope
from huiqi.funds.money import ZERO, fmt_wan, out, out_ratio, percent
from huiqi.funds.policy import (
    RANKING_CLAUSE,
    RATIO_CLAUSE,
    REGIONS_CLAUSE,
    SETTLEMENT_CLAUSE,
    TECH_PROGRAM,
    FundRules,
)

SCOPE_TEXT = {
    Scope.city: "按地市确定比例（--scope city）：同一地市当年度奖励比例保持一致，每个地市一个比例、一份预算"
    "（年度入库通知“原则上同一地市当年度奖励比例保持一致”）",
    Scope.region: "按区域确定比例（--scope region）：珠三角地区一个比例、粤东粤西粤北地区一个比例"
    "（第十条（一）“地区内奖补比例保持一致”的另一读法）",
}
MODE_TEXT = {
    Mode.uniform: "统一比例（--mode uniform-ratio）：组内全部项目按同一比例奖励，取预算允许的最高比例，不超过比例上限；"
    "超过单个项目上限的项目按上限支付，腾出的预算提高其余项目的共同比例",
    Mode.rank_cutoff: "按排序截止（--mode rank-cutoff）：按综合排序依次按比例上限奖励，"
    "第一个预算余额不足以支付的项目及其后全部项目不予安排",
}
MIN_TEXT = {
    MinHandling.leave: "按共同比例计算的奖励额低于最低奖励额 {m} 万元的项目不予安排（--min-handling leave），"
    "从设备额最小者起剔除最少的项目，再按其余项目重算比例",
    MinHandling.raise_: "按共同比例计算的奖励额低于最低奖励额 {m} 万元的项目提高到最低奖励额（--min-handling raise），"
    "但不超过比例上限×设备购置额；预算不足以使全部项目达到最低额时，排序靠后者不予安排",
}


def _group_json(result: GroupResult, mode: Mode) -> dict[str, Any]:
    return {
        "group": result.group,
        "ratio": out_ratio(result.ratio),
        "cap_ratio": out_ratio(result.cap_ratio),
        "budget_wan": out(result.budget_wan),
        "allocated_wan": out(result.allocated_wan),
        "region": result.region,
        "ratio_percent": percent(result.ratio),
        "ratio_exact": None if result.ratio_exact is None else str(result.ratio_exact),
        "deductions": [{"name": d.name, "amount_wan": out(d.amount_wan)} for d in result.deductions],
        "available_wan": out(result.available_wan),
        "unspent_wan": out(result.available_wan - result.allocated_wan),
        "projects": result.projects,
        "funded_projects": result.funded,
        "clauses": [RATIO_CLAUSE.to_json()]
        + ([SETTLEMENT_CLAUSE.to_json()] if result.deductions else [])
        + ([RANKING_CLAUSE.to_json()] if mode == Mode.rank_cutoff else []),
    }


def _allocation_json(a: Allocation) -> dict[str, Any]:
    p = a.project
    data: dict[str, Any] = {
        "project": p.id,
        "group": a.group,
        "reward_wan": out(a.reward_wan) if a.funded else 0.0,
        "ratio": out_ratio(a.ratio) if a.funded and a.ratio is not None else None,
        "capped": a.capped,
        "funded": a.funded,
        "city": p.city or p.city_text,
        "equipment_wan": out(p.equipment_wan),
        "rank": p.rank,
        **p.label(),
    }
    if a.raised_to_min:
        data["raised_to_min"] = True
    if not a.funded:
        data["reason"] = a.reason
    if a.clause is not None:
        data["clause"] = a.clause.to_json()
    return data


def assumptions(options: AllocationOptions, rules: FundRules, cap: Decimal) -> list[dict[str, str]]:
    items = [
        {"id": f"funds-scope-{options.scope.value}", "text": SCOPE_TEXT[options.scope]},
        {"id": f"funds-mode-{options.mode.value}", "text": MODE_TEXT[options.mode]},
        {
            "id": "funds-rounding-floor",
            "text": f"共同比例取 {options.ratio_step} 网格上使各项目精确奖励额（比例×设备购置额，再适用单个项目上限）"
            "合计不超过可分配预算的最大值（比例上限本身可取）；每个项目的奖励额再向下取整到 0.01 万元，"
            "故取整后各组合计从不超过其预算，也不超过比例上限和单个项目上限",
        },
        {
            "id": "funds-project-cap",
            "text": f"单个项目奖励上限 {cap} 万元，在按比例计算之后适用"
            + (
                "（细则第十条（一）的上限）"
                if cap == rules.project_cap_wan
                else f"（年度通知调低；细则上限 {rules.project_cap_wan} 万元）"
            ),
        },
    ]
    if options.project_min_wan is not None:
        handling = options.min_handling
        items.append(
            {"id": f"funds-project-min-{handling.value}", "text": MIN_TEXT[handling].format(m=options.project_min_wan)}
        )
    if options.deductions:
        items.append(
            {"id": "funds-deductions", "text": "先从预算中扣除（2019 年度事前奖励清算、工作经费等），余额再按比例分配"}
        )
    if not rules.in_force:
        items.append(
            {"id": "funds-parameters-out-of-period", "text": f"{rules.as_of} 不在细则参数有效期内，沿用最近一期参数"}
        )
    return items


def allocation_json(
    results: list[GroupResult],
    allocations: list[Allocation],
    options: AllocationOptions,
    rules: FundRules,
    cap: Decimal,
) -> dict[str, Any]:
    budget = sum((r.budget_wan for r in results), ZERO)
    allocated = sum((r.allocated_wan for r in results), ZERO)
    return {
        "program": TECH_PROGRAM,
        "groups": [_group_json(r, options.mode) for r in results],
        "allocations": [_allocation_json(a) for a in allocations],
        "assumptions": assumptions(options, rules, cap),
        "as_of": options.as_of.isoformat(),
        "scope": options.scope.value,
        "mode": options.mode.value,
        "project_cap_wan": out(cap),
        "project_min_wan": None if options.project_min_wan is None else out(options.project_min_wan),
        "ratio_step": str(options.ratio_step),
        "total_budget_wan": out(budget),
        "total_allocated_wan": out(allocated),
        "clauses": [RATIO_CLAUSE.to_json(), REGIONS_CLAUSE.to_json()],
    }


def allocation_text(data: dict[str, Any]) -> str:
    """A Chinese summary: one line per group, then one per project."""
    title = f"技术改造设备事后奖励资金分配（{data['scope']} / {data['mode']}"
    lines = [f"{title}，单个项目上限 {data['project_cap_wan']:,.2f} 万元）", ""]
    lines.append("分组\t比例\t比例上限\t预算(万元)\t扣除(万元)\t已分配(万元)\t结余(万元)\t支持项目")
    for g in data["groups"]:
        deducted = sum((Decimal(str(d["amount_wan"])) for d in g["deductions"]), ZERO)
        lines.append(
            f"{g['group']}\t{g['ratio_percent']}\t{percent(Decimal(str(g['cap_ratio'])))}\t{fmt_wan(Decimal(str(g['budget_wan'])))}"
            f"\t{fmt_wan(deducted)}\t{fmt_wan(Decimal(str(g['allocated_wan'])))}\t{fmt_wan(Decimal(str(g['unspent_wan'])))}"
            f"\t{g['funded_projects']}/{g['projects']}"
        )
    lines += ["", "项目\t地市\t排序\t设备购置额(万元)\t奖励(万元)\t说明"]
    for a in data["allocations"]:
        note = ("已达单个项目上限" if a["capped"] else "") if a["funded"] else (a.get("reason") or "")
        if a.get("raised_to_min"):
            note = "提高到最低奖励额"
        lines.append(
            f"{a['project']}\t{a['city']}\t{a['rank'] or ''}\t{fmt_wan(Decimal(str(a['equipment_wan'])))}"
            f"\t{fmt_wan(Decimal(str(a['reward_wan'])))}\t{note}"
        )
    lines += ["", "采用的假设："] + [f"- {x['text']}" for x in data["assumptions"]]
    return "\n".join(lines)
