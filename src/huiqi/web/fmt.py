"""Formatting for pages: money in 万元, ratios as percentages, values by unit, clause links, the margin
sentence ("还差 120 万元")."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import cache
from typing import Any

from huiqi.batch.labels import MARK_LABELS, STATUS_LABELS, code_words, humanize

STATUS_ZH = STATUS_LABELS
#: icon and CSS class of each verdict (the colour is never the only carrier: icon and words too)
STATUS_ICON = {"eligible": "✓", "ineligible": "✗", "undetermined": "?", "not_applicable": "–", "not_in_force": "○"}
MARK = {"pass": "✓", "fail": "✗", "unknown": "?"}
MARK_ZH = MARK_LABELS
STATUS_ORDER = {"eligible": 0, "undetermined": 1, "ineligible": 2, "not_applicable": 3, "not_in_force": 4}


def plain(text: Any) -> str:
    """Free text of the rules and the corpus as a person reads it: field paths, reading ids and
    ``as_of`` in words (:func:`huiqi.batch.labels.humanize`), document ids as the documents' names."""
    text = _DOC_ID.sub(lambda m: doc_names().get(m.group(0), m.group(0)), humanize(str(text or "")))
    return _QUALITY_MARK.sub(lambda m: _QUALITY_SHORT[m.group(0)], text)


#: the one-letter source-quality marks the rules' notes use (P/R/M, see external_docs.yaml)
_QUALITY_SHORT = {"P": "官方文本", "R": "据转载", "M": "仅凭记忆"}
_QUALITY_MARK = re.compile(r"(?<=[（(；;，,、\s])[PRM](?=[（(）)；;，,、\s])")


@cache
def doc_names() -> dict[str, str]:
    """Document id (the compilation's and the registered external ones) → its short name."""
    from huiqi.corpus.store import load_corpus
    from huiqi.programs.external import external_docs

    names = {d.id: f"《{d.short_title or d.title}》" for d in load_corpus().documents}
    names.update({k: d.number for k, d in external_docs().items()})
    return names


_DOC_ID = re.compile(r"(?<![A-Za-z0-9_/.-])[a-z][a-z0-9]*(?:-[a-z0-9]+)+(?![A-Za-z0-9_/-])")


#: the research notes' recurring English (external_docs.yaml ``sources``), in the words a reader expects
_SOURCE_WORDS = (
    ("full-text repost in", "全文转载："), ("(repost) citing", "（转载）引用"), ("reposts", "转载"),
    ("repost on", "转载于"), ("repost", "转载"), ("cited by a public repository", "公开代码库引用"),
    ("cited by", "引用者："), ("not opened", "原文未打开核对"), ("news of publication", "发布消息"),
    ("identical wording", "措辞相同"), ("Xinhua via", "新华社，经"), ("Xinhua", "新华社"), ("(date)", "（日期）"),
    ("verification log", "核对记录"), ("verbatim confirmed", "逐字核对一致"), ("values confirmed", "数值已核对"),
    ("article by article", "逐条"), ("not encoded", "未编码"), ("revision", "修订版"), ("lead", "线索"),
    ("codes", "代码"), ("cited", "被引用"), ("China Economic Net", "中国经济网"), ("Guangzhou", "广州"),
    ("adds standard", "新增标准"), (" and ", "、"), (" on Monday ", " 于周一 "),
)


def source_note(text: str) -> str:
    """One recorded source of an external document, its English research shorthand in Chinese."""
    for english, chinese in _SOURCE_WORDS:
        text = text.replace(english, chinese)
    return text


def wan(value: Any) -> str:
    if value is None or value == "":
        return "—"
    number = Decimal(str(value))
    return f"{number:,.2f} 万元"


def pct(value: Any) -> str:
    if value is None:
        return "—"
    return f"{float(value) * 100:.2f}%"


def value(item: Any, unit: str | None = None) -> str:
    """One value as a person reads it (enumerated codes in their Chinese words)."""
    if isinstance(item, str) and item in code_words():
        return code_words()[item]
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
    if isinstance(item, list | tuple):
        return "、".join(value(v) for v in item)
    if isinstance(item, dict):
        return "；".join(f"{k}：{value(v)}" for k, v in item.items())
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



