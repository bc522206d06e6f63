"""The Chinese text report of an assessment: what a person reads at a terminal or prints."""

from __future__ import annotations

from typing import Any

STATUS_ZH = {
    "eligible": "符合条件",
    "ineligible": "不符合条件",
    "undetermined": "待定（缺少信息）",
    "not_applicable": "不适用",
    "not_in_force": "不在政策有效期内",
}
MARK = {"pass": "✓", "fail": "✗", "unknown": "?"}


def _value(value: Any, unit: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if unit == "比例" and isinstance(value, int | float):
        return f"{value * 100:.2f}%"
    if unit == "万元" and isinstance(value, int | float):
        return f"{value:,.2f} 万元"
    return str(value)


def _clause(clause: dict[str, Any]) -> str:
    return f"{clause.get('doc_title') or clause.get('doc')} {clause.get('ref')}"


def _criterion_line(item: dict[str, Any]) -> list[str]:
    unit = item.get("unit", "")
    indent = "      " if item.get("part_of") else "    "
    line = f"{indent}{MARK[item['status']]} {item['label']}"
    detail = []
    if item.get("actual") is not None or item.get("threshold") is not None:
        detail.append(f"实际 {_value(item.get('actual'), unit)}")
        if item.get("threshold") is not None:
            detail.append(f"要求 {_value(item.get('threshold'), unit)}")
    if item.get("margin") is not None and item["status"] == "fail":
        detail.append(f"差 {_value(abs(item['margin']), unit)}")
    if item.get("missing"):
        detail.append("缺少 " + "、".join(item["missing"]))
    lines = [line + (f"（{'；'.join(detail)}）" if detail else "")]
    lines.append(f"{indent}  依据：{_clause(item['clause'])}")
    return lines


def render_result(result: dict[str, Any]) -> list[str]:
    title = f"【{result['title']}】" + (f" 项目 {result['project']}" if result.get("project") else "")
    version = result.get("version") or {}
    lines = [title, f"  结论：{STATUS_ZH[result['status']]}    依据文件：{version.get('number', '')}"]
    reward = result.get("reward")
    if reward and reward.get("max_wan") is not None:
        rate = f"比例 {reward['rate'] * 100:g}%" if reward.get("rate") is not None else ""
        lines.append(f"  奖励上限：{reward['max_wan']:,.2f} 万元（{rate}，依据 {_clause(reward['clause'])}）")
        if reward.get("recipient"):
            lines.append(f"  奖励对象：{reward['recipient']}")
    if result.get("superseded_by"):
        s = result["superseded_by"]
        lines.append(f"  已被 {s['number']} 取代（自 {s['from']} 起）")
    if result["status"] in ("not_applicable", "not_in_force") and not result.get("criteria"):
        lines += [f"  {note}" for note in result.get("notes", [])]
        return lines
    lines.append("  如何得出：")
    for item in result.get("criteria", []):
        lines += _criterion_line(item)
    if result.get("manual_checks"):
        lines.append("  需人工核实：")
        lines += [f"    • {m['label']}（{_clause(m['clause'])}）" for m in result["manual_checks"]]
    if result.get("assumptions"):
        lines.append("  采用的假设：")
        lines += [
            f"    • {a['text']}〔{a['id']}={a['option']}，可选 {', '.join(a['alternatives'])}〕"
            for a in result["assumptions"]
        ]
    lines += [f"  说明：{note}" for note in result.get("notes", [])]
    return lines


def render_assessment(doc: dict[str, Any]) -> str:
    lines = [f"惠企 政策体检  评估日期 {doc['as_of']}  规则版本 {doc.get('rules_version', '')}", ""]
    for warning in doc.get("warnings", []):
        lines.append(f"提示：{warning}")
    for result in doc["results"]:
        lines += render_result(result)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
