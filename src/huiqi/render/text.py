"""The Chinese text report of an assessment: what a person reads at a terminal or prints."""

from __future__ import annotations

from typing import Any

from huiqi.batch.labels import SIZE_LABELS, STATUS_LABELS, code_words, field_label, humanize

STATUS_ZH = STATUS_LABELS
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
    if isinstance(value, str):
        return code_words().get(value, value)
    return str(value)


def _clause(clause: dict[str, Any]) -> str:
    return f"{clause.get('doc_title') or clause.get('doc')} {clause.get('ref')}"


def _short(clause: dict[str, Any], home: str) -> str:
    """A clause of the program's own document by its number alone; another document's with its title."""
    return str(clause.get("ref")) if clause.get("doc") == home else _clause(clause)


def _criterion_line(item: dict[str, Any], home: str = "") -> list[str]:
    unit = item.get("unit", "")
    indent = "      " if item.get("part_of") else "    "
    line = f"{indent}{MARK[item['status']]} {humanize(item['label'])}"
    detail = []
    if item.get("actual") is not None or item.get("threshold") is not None:
        detail.append(f"实际 {_value(item.get('actual'), unit)}")
        if item.get("threshold") is not None:
            detail.append(f"要求 {_value(item.get('threshold'), unit)}")
    if item.get("margin") is not None and item["status"] == "fail":
        detail.append(f"差 {_value(abs(item['margin']), unit)}")
    if item.get("missing"):
        detail.append("缺少 " + "、".join(field_label(path) for path in item["missing"]))
    return [line + (f"（{'；'.join(detail)}）" if detail else "") + f"  〔{_short(item['clause'], home)}〕"]


def render_result(result: dict[str, Any]) -> list[str]:
    title = f"【{result['title']}】" + (f" 项目 {result['project']}" if result.get("project") else "")
    version = result.get("version") or {}
    lines = [title, f"  结论：{STATUS_ZH[result['status']]}    依据文件：{version.get('number', '')}"]
    home = version.get("doc", "")
    reward = result.get("reward")
    if reward and reward.get("max_wan") is not None:
        rate = f"比例 {reward['rate'] * 100:g}%" if reward.get("rate") is not None else ""
        lines.append(f"  奖励上限：{reward['max_wan']:,.2f} 万元（{rate}，依据 {_short(reward['clause'], home)}）")
        if reward.get("recipient"):
            lines.append(f"  奖励对象：{reward['recipient']}")
    if result.get("superseded_by"):
        s = result["superseded_by"]
        lines.append(f"  已被 {s['number']} 取代（自 {s['from']} 起）")
    if result["status"] in ("not_applicable", "not_in_force"):
        reasons = [c for c in result.get("criteria", []) if c.get("role") == "applicability" and c["status"] == "fail"]
        lines += [f"  原因：{humanize(c['label'])}不成立〔{_short(c['clause'], home)}〕" for c in reasons]
        if not reasons:
            lines += [f"  {humanize(note)}" for note in result.get("notes", [])]
        return lines
    lines.append("  如何得出：")
    for item in result.get("criteria", []):
        lines += _criterion_line(item, home)
    if result.get("manual_checks"):
        lines.append("  需人工核实：")
        lines += [f"    • {humanize(m['label'])}〔{_short(m['clause'], home)}〕" for m in result["manual_checks"]]
    if result.get("assumptions"):
        lines.append("  采用的假设：")
        lines += [f"    • {humanize(a['text'])}{_switch(a)}" for a in result["assumptions"]]
    lines += [f"  说明：{humanize(note)}" for note in result.get("notes", [])]
    return lines


SIZE_ZH = SIZE_LABELS


def _switch(assumption: dict[str, Any]) -> str:
    """How to assess under the other reading: the option to type after ``--assume``."""
    others = [f"--assume {assumption['id']}={alt}" for alt in assumption.get("alternatives", [])]
    return f"（另一读法：{'；'.join(others)}）" if others else ""


def _enterprise_lines(ent: dict[str, Any]) -> list[str]:
    lines = []
    if ent.get("size"):
        lines.append(f"企业规模（工信部联企业〔2011〕300号）：{SIZE_ZH.get(ent['size'], ent['size'])}")
    for cluster in ent.get("clusters", []):
        level = (cluster.get("city_level") or {}).get("label", "")
        lines.append(
            f"所属产业集群：{cluster['name']}（{cluster['kind_label']}，{_clause(cluster['clause'])}）"
            + (f"；所在市：{level}" if level else "")
        )
    paths = [p["path"] for p in ent.get("transformation_paths", []) if p.get("applies")]
    if paths:
        lines.append(f"数字化转型路径：{'、'.join(paths)}（{_clause(ent['transformation_paths'][0]['basis'])}）")
    return [*lines, ""] if lines else []


def listing_tier_lines(tier: dict[str, Any] | None) -> list[str]:
    """The 挂牌上市 tier (a named reading: the plan gives no formula) with its reasons per board."""
    if not tier:
        return []
    a = tier["assumption"]
    lines = [
        f"挂牌上市梯度：{tier['label']}〔{_clause(tier['clause'])}〕",
        f"  读法：{humanize(a['text'])}{_switch(a)}",
    ]
    return lines + [f"  • {humanize(reason)}" for reason in tier["reasons"]] + [""]


def render_assessment(doc: dict[str, Any]) -> str:
    lines = [f"惠企 政策体检  评估日期 {doc['as_of']}  规则版本 {doc.get('rules_version', '')}", ""]
    for warning in doc.get("warnings", []):
        lines.append(f"提示：{humanize(warning)}")
    lines += _enterprise_lines(doc.get("enterprise") or {})
    for result in doc["results"]:
        lines += render_result(result)
        lines.append("")
    lines += listing_tier_lines(doc.get("listing_tier"))
    return "\n".join(lines).rstrip() + "\n"
