"""Chinese words for advice: one sentence per change, and the text report of ``huiqi advise``."""

from __future__ import annotations

from typing import Any

STATUS_ZH = {
    "ineligible": "不符合条件",
    "undetermined": "待定（缺少信息）",
    "not_applicable": "不适用",
    "not_in_force": "不在政策有效期内",
}


def _label(path: str) -> str:
    from huiqi.batch.labels import label_of

    return label_of(path)


def _choice(path: str, value: Any) -> str:
    from huiqi.batch.labels import CHOICE_LABELS

    return CHOICE_LABELS.get(path, {}).get(str(value), str(value))


def _money(value: float) -> str:
    return f"{value:,.2f} 万元"


def change_text(change: dict[str, Any]) -> str:
    """``研发经费支出(2020) 由 150.00 万元增至 150.40 万元（增加 0.40 万元），满足：……``."""
    path, before, after = change["field"], change["from"], change["to"]
    name = _label(path)
    goal = f"，满足：{change['label']}" if change.get("label") else ""
    if isinstance(after, bool):
        return f"{name}：{'是' if after else '否'}（原为{'是' if before else '否'}）{goal}"
    if isinstance(after, int | float) and isinstance(before, int | float):
        from huiqi.profile.columns import kind_of_column

        money = kind_of_column(path) == "money"
        delta = float(change["by"]) if money and change.get("by") else round(after - before, 2)
        verb = "增至" if delta > 0 else "降至"
        amount = _money(abs(delta)) if money else f"{abs(delta):g}"
        if money and change.get("by") and abs(delta) < 0.01:
            amount = f"{change['by'].lstrip('-')} 万元"  # less than the output precision: say it exactly
        shown = (_money(before), _money(after)) if money else (f"{before:g}", f"{after:g}")
        if change.get("from_exact"):
            shown = (f"{change['from_exact']} 万元", shown[1])
        more = "增加" if delta > 0 else "减少"
        return f"{name} 由 {shown[0]}{verb} {shown[1]}（{more} {amount}）{goal}"
    return f"{name}：{_choice(path, before)} → {_choice(path, after)}{goal}"


def _clause(clause: dict[str, Any] | None) -> str:
    if not clause:
        return ""
    return f"〔{clause.get('doc_title') or clause.get('doc')} {clause.get('ref')}〕"


def render_advice(answer: dict[str, Any]) -> str:
    """The text report: per program, what to change, what to report, what nothing can change."""
    lines = [f"评估日期：{answer['as_of']}"]
    if not answer["advice"]:
        lines.append("所有评估的项目均已符合条件，无需调整。")
    for item in answer["advice"]:
        head = f"【{item.get('title') or item['program']}】" + (
            f" 项目 {item['project']}" if item.get("project") else ""
        )
        lines += ["", head, f"  当前结论：{STATUS_ZH.get(item['status'], item['status'])}"]
        if item["reachable"] is False:
            lines.append("  无法通过企业可调整的事项达成。" + (item.get("note") or ""))
            for block in item.get("blocked", []):
                lines.append(f"    ✗ {block['label']}  {_clause(block['clause'])}")
            continue
        when = f"自 {item['reachable_from']} 起" if item.get("reachable_from") else "按当前评估日期"
        state = "可达成" if item["reachable"] else "能否达成待补充信息后判断"
        lines.append(f"  {state}（{when}）")
        if not item["changes"] and item.get("reachable_from"):
            lines.append("  无需调整，届时重新评估即可。")
        for n, change in enumerate(item["changes"], 1):
            lines.append(f"  {n}. {change['text']}  {_clause(change.get('clause'))}")
        if item.get("missing"):
            lines.append("  需补充的信息：")
            asked = {q["field"]: q["question"] for q in item.get("questions", [])}
            for path in item["missing"]:
                lines.append(f"    ? {_label(path)}" + (f"：{asked[path]}" if path in asked else ""))
        if item.get("note"):
            lines.append(f"  说明：{item['note']}")
    return "\n".join(lines)
