"""Formatting for pages: money in 万元, ratios as percentages, values by unit, clause links, the margin
sentence ("还差 120 万元")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

STATUS_ZH = {
    "eligible": "符合条件",
    "ineligible": "不符合条件",
    "undetermined": "待定：缺少信息",
    "not_applicable": "不适用",
    "not_in_force": "不在政策有效期内",
}
#: icon and CSS class of each verdict (the colour is never the only carrier: icon and words too)
STATUS_ICON = {"eligible": "✓", "ineligible": "✗", "undetermined": "?", "not_applicable": "–", "not_in_force": "○"}
MARK = {"pass": "✓", "fail": "✗", "unknown": "?"}
MARK_ZH = {"pass": "满足", "fail": "不满足", "unknown": "未知"}
STATUS_ORDER = {"eligible": 0, "undetermined": 1, "ineligible": 2, "not_applicable": 3, "not_in_force": 4}


def wan(value: Any) -> str:
    if value is None or value == "":
        return "—"
    number = Decimal(str(value))
    return f"{number:,.2f} 万元"


def pct(value: Any) -> str:
    if value is None:
        return "—"
    return f"{float(value) * 100:.2f}%"


def _code_words() -> dict[str, str]:
    from huiqi.batch.labels import CHOICE_LABELS

    return {code: word for words in CHOICE_LABELS.values() for code, word in words.items() if code != "other"}


def value(item: Any, unit: str | None = None) -> str:
    """One value as a person reads it (enumerated codes in their Chinese words)."""
    if isinstance(item, str) and item in CODE_WORDS:
        return CODE_WORDS[item]
    if item is None:
        return "—"
    if isinstance(item, bool):
        return "是" if item else "否"
    if unit == "比例" and isinstance(item, int | float):
        return pct(item)
    if unit == "万元" and isinstance(item, int | float | Decimal):
        return wan(item)
    if isinstance(item, float) and item.is_integer():
        item = int(item)
    if isinstance(item, list):
        return "、".join(str(v) for v in item)
    return f"{item} {unit}" if unit and unit not in ("比例", "万元") and isinstance(item, int | float) else str(item)


def margin(criterion: dict[str, Any]) -> str:
    """``还差 120.00 万元`` for a failed threshold, ``高出 …`` for a passed one; empty otherwise."""
    m = criterion.get("margin")
    if m is None or isinstance(m, bool):
        return ""
    unit = criterion.get("unit") or ""
    amount = abs(float(m))
    shown = pct(amount) if unit == "比例" else value(amount, unit)
    if unit == "比例":
        shown = f"{amount * 100:.2f} 个百分点"
    if criterion.get("status") == "fail":
        return f"还差 {shown}"
    if criterion.get("status") == "pass" and amount:
        return f"高出 {shown}"
    return ""


def clause_url(clause: dict[str, Any] | None) -> str:
    """``/policies/<doc>#<anchor>`` for a clause reference of the core."""
    if not clause:
        return "/policies"
    cid = str(clause.get("id") or "")
    doc, _, anchor = cid.partition("#")
    doc = doc or str(clause.get("doc") or "")
    return f"/policies/{doc}#{anchor}" if anchor else f"/policies/{doc}"


def clause_name(clause: dict[str, Any] | None) -> str:
    if not clause:
        return ""
    return f"{clause.get('doc_title') or clause.get('doc')} {clause.get('ref') or ''}".strip()


def date_zh(day: Any) -> str:
    if isinstance(day, str):
        try:
            day = dt.date.fromisoformat(day[:10])
        except ValueError:
            return day
    if isinstance(day, dt.datetime):
        return day.strftime("%Y-%m-%d %H:%M")
    if isinstance(day, dt.date):
        return f"{day.year}年{day.month}月{day.day}日"
    return "—" if day is None else str(day)


CODE_WORDS = _code_words()

