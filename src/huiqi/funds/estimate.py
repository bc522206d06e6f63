"""``huiqi funds estimate``: the 普惠性制造业投资奖励 测算 of 粤工信技改函〔2021〕45号.

Per city: the sum over its 测算项目 of the new fixed-asset investment both declared and in the
statistics (第十二条（一）"申报奖励的固定资产投资额不超过相应期间纳入统计的工业固定资产投资额": the
lesser of the two), times the rate (第十三条 "不超过 2%", from the program's parameters). 第十九条
says what the figure is: a reference for the budget, "不等同于最终安排的资金额度" — so the output is
labelled ``budget_reference`` and promises nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from huiqi.errors import FieldError, InputError
from huiqi.funds.money import ZERO, exact, floor_cent, out, out_ratio, parse_amount, percent
from huiqi.funds.policy import ESTIMATE_CLAUSE, INCLUSIVE_PROGRAM, RATE_CLAUSE, inclusive_cities, inclusive_rate
from huiqi.geo import normalize_city
from huiqi.rules.clause import ClauseRef
from huiqi.rules.program import Assumption

BASE_CLAUSE = ClauseRef("inclusive-investment", "第十二条第（一）项")

# 第十二条（一）"申报奖励的固定资产投资额不超过相应期间纳入统计的工业固定资产投资额": a cap on the amount
# counted (the 测算 counts the lesser of the two), or a condition of the project (a project declaring more
# than the statistics hold is not a 测算项目 at all, as the program's criterion declared-within-statistics
# reads it)? The estimate has always counted the lesser; the other reading is switchable.
BASE_READING = Assumption(
    id="inclusive-estimate-base",
    question="申报额超过已纳入统计额的测算项目：按已纳入统计额计入测算，还是不计入？",
    options={
        "lesser": "每个测算项目取申报额与已纳入统计额中的较小者计入测算（第十二条（一）读作计入额的上限）",
        "exclude": "申报额超过已纳入统计额的项目不计入测算（第十二条（一）读作测算项目的条件，与 assess 的 "
        "declared-within-statistics 一致）",
    },
    default="lesser",
    clause="inclusive-investment 第十二条第（一）项",
)
NOTE = (
    "以符合条件的测算项目核算的奖励额度仅作为编制预算的参考，不等同于最终安排的资金额度；"
    "省将根据符合条件的测算项目以及资金使用管理、监督检查、绩效评价等情况，确定最终的资金安排额度（第十九条）"
)


def _amount(row: dict[str, Any], key: str, where: str, errors: list[FieldError]) -> Decimal | None:
    value = row.get(key)
    if value is None or str(value).strip() == "":
        return None
    try:
        return parse_amount(value, f"{where}.{key}")
    except InputError as exc:
        errors.extend(exc.errors)
        return None


def estimate(rows: list[dict[str, Any]], as_of: dt.date, base_reading: str | None = None) -> dict[str, Any]:
    """The 测算 per city from rows with ``project.id``, a city, the declared and in-statistics amounts;
    ``base_reading`` is an option of :data:`BASE_READING` (default ``lesser``)."""
    reading = base_reading or BASE_READING.default
    if reading not in BASE_READING.options:
        options = "、".join(BASE_READING.options)
        raise InputError(f"假设 {BASE_READING.id} 没有选项 {reading}（可选：{options}）", "--assume")
    rate, in_force = inclusive_rate(as_of)
    covered = set(inclusive_cities(as_of))
    errors: list[FieldError] = []
    projects: list[dict[str, Any]] = []
    cities: dict[str, dict[str, Decimal | int]] = {}
    for index, row in enumerate(rows, start=1):
        where = f"rows[{index}]"
        pid = str(row.get("project.id") or "").strip()
        city_text = str(row.get("project.city") or row.get("enterprise.city") or "").strip()
        if not pid or not city_text:
            errors.append(FieldError(where, "需要 project.id 和 project.city（或 enterprise.city）"))
            continue
        declared = _amount(row, "project.new_fai_declared_wan", where, errors)
        in_stats = _amount(row, "project.new_fai_in_stats_wan", where, errors)
        city = normalize_city(city_text)
        item: dict[str, Any] = {"project": pid, "city": city or city_text}
        item["declared_wan"] = None if declared is None else out(declared)
        item["in_stats_wan"] = None if in_stats is None else out(in_stats)
        if city not in covered:
            item.update(
                counted=False, reason=f"{city_text}不在第十二条（三）列举的 20 市之内（深圳及省外不在奖励范围）"
            )
        elif declared is None or in_stats is None:
            item.update(counted=False, reason="缺少申报额或已纳入统计的投资额，暂不计入测算")
        elif reading == "exclude" and declared > in_stats:
            item.update(counted=False, reason="申报额超过已纳入统计的投资额，不符合第十二条（一）（按假设 exclude）")
        else:
            base = min(declared, in_stats)
            item.update(counted=True, base_wan=out(base), limited_by_stats=in_stats < declared)
            totals = cities.setdefault(str(city), {"projects": 0, "declared": ZERO, "in_stats": ZERO, "base": ZERO})
            totals["projects"] = int(totals["projects"]) + 1
            with exact():
                totals["declared"] = Decimal(totals["declared"]) + declared
                totals["in_stats"] = Decimal(totals["in_stats"]) + in_stats
                totals["base"] = Decimal(totals["base"]) + base
        projects.append(item)
    if errors:
        raise InputError(errors)
    city_rows = []
    for city, t in cities.items():
        with exact():
            reference = floor_cent(Decimal(t["base"]) * rate)
        city_rows.append(
            {
                "city": city,
                "projects": t["projects"],
                "declared_wan": out(Decimal(t["declared"])),
                "in_stats_wan": out(Decimal(t["in_stats"])),
                "base_wan": out(Decimal(t["base"])),
                "budget_reference_wan": out(reference),
            }
        )
    assumptions = [
        {
            "id": BASE_READING.id,
            "option": reading,
            "text": BASE_READING.options[reading],
            "alternatives": [o for o in BASE_READING.options if o != reading],
            "clause": BASE_READING.ref.to_json(),
        },
        {
            "id": "inclusive-estimate-rate",
            "text": f"按 {percent(rate)} 核算（第十三条“不超过 2%”取上限），向下取整到 0.01 万元",
        },
        {
            "id": "inclusive-estimate-projects",
            "text": "输入的项目为地市已评审遴选的测算项目；本命令不复核第十二条的其他条件",
        },
    ]
    if not in_force:
        assumptions.append(
            {"id": "inclusive-estimate-out-of-period", "text": f"{as_of} 不在细则参数有效期内，沿用最近一期"}
        )
    return {
        "program": INCLUSIVE_PROGRAM,
        "kind": "budget_reference",
        "as_of": as_of.isoformat(),
        "rate": out_ratio(rate),
        "cities": city_rows,
        "projects": projects,
        "note": NOTE,
        "assumptions": assumptions,
        "clauses": [c.to_json() for c in (RATE_CLAUSE, BASE_CLAUSE, ESTIMATE_CLAUSE)],
    }


def estimate_text(data: dict[str, Any]) -> str:
    lines = [f"普惠性制造业投资奖励测算（比例 {percent(Decimal(str(data['rate'])))}，仅作预算参考）", ""]
    lines.append("地市\t测算项目\t申报额(万元)\t已纳入统计(万元)\t核算基数(万元)\t测算奖励额度(万元)")
    for c in data["cities"]:
        lines.append(
            f"{c['city']}\t{c['projects']}\t{c['declared_wan']:,.2f}\t{c['in_stats_wan']:,.2f}"
            f"\t{c['base_wan']:,.2f}\t{c['budget_reference_wan']:,.2f}"
        )
    skipped = [p for p in data["projects"] if not p["counted"]]
    if skipped:
        lines += ["", "未计入："] + [f"- {p['project']}: {p['reason']}" for p in skipped]
    lines += ["", data["note"]]
    return "\n".join(lines)
