"""Number-aware matching: a quantity in a question meets clauses stating quantities of its kind and size.

A person asks with their own figure (``一年卖了八千万``, ``投了六个亿``, ``一百来号人``); the clause
states a threshold (``营业收入5000万元—1亿元``, ``总投资须5亿元以上``, ``研发人员占……50%``) that
the figure rarely equals. So each quantity (read by :mod:`huiqi.search.numbers`) gives two terms:
its kind (``#金额``, ``#比例``, ``#人``, ``#期限``, ``#日期``, or its unit: ``#项``, ``#分`` …) and its
kind with its size on a half-decade scale (``#金额6`` for 1,000–3,162 万元). Among the clauses a
question's words found, one stating figures of the question's kind and size ranks higher
(:data:`huiqi.search.index.QUANTITY`), and — less — one stating the sizes next to it (a figure just
under a threshold is the usual question: ``八十万`` against ``不低于100万元``). A question asking for
a figure without stating one (``能拿多少``, ``几个点``, ``啥时候截止``) looks for the kind it asks
about (:data:`INTENT`).

>>> quantity_terms("上年度营业收入5000万元以上")
['#金额', '#金额7']
>>> quantity_terms("2021年9月1日起施行，有效期1年")
['#日期', '#期限', '#期限5']
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

from huiqi.search.numbers import find_numbers

#: unit of a normalised number token → its kind; any other unit is a kind of its own
_KINDS = {"万元": "金额", "%": "比例", "人": "人", "名": "人", "周岁": "年龄",
          "年": "期限", "个月": "期限", "日": "期限", "个工作日": "期限"}
#: days in a unit of time (durations are sized in days, so ``2年`` and ``30个工作日`` compare)
_DAYS = {"年": 365, "个月": 30, "日": 1, "个工作日": 1}
#: a calendar date (its day and month are not durations)
_DATE = re.compile(r"(?:\d{4}|[〇零一二三四五六七八九]{4})年(?:\d{1,2}月(?:\d{1,2}日)?)?"
                   r"|\d{1,2}月(?:\d{1,2}日)?")
#: units that number occasions or batches, not amounts to compare (``一次告知``, ``第三批``)
_NOT_FIGURES = frozenset({"次", "号", "批"})
#: units of a text's parts: ``第3章`` numbers one (a reference, not a figure), ``共10章72条`` counts them
_PARTS = frozenset({"章", "节", "条"})
_TOKEN = re.compile(r"(?P<num>\d+(?:\.\d+)?)(?P<unit>\D+)")

#: words by which a question asks for a kind of figure without stating one
#: (a cue may be a pattern: ``占…多少`` asks for a share with the whole named between)
INTENT: dict[str, tuple[str, ...]] = {
    "金额": ("多少钱", "能拿多少", "拿多少", "补多少", "给多少", "花多少", "投多少", "多少万", "几万",
           "多少亿", "几个亿", "多大规模", "规模有多大", "金额", "额度"),
    "比例": ("几个点", "比例", "占比", "百分之几", "几成", "比重", r"占[^，。？?]{0,8}(?:多少|几)"),
    "人": ("多少人", "几个人", "多少号人", "人数"),
    "期限": ("多久", "多长时间", "几年", "多少年", "几天", "多少天", "几个月", "多少个工作日", "期限",
           "时限", "管几年"),
    "日期": ("什么时候", "啥时候", "何时", "截止", "哪一年", "哪年", "几号", "哪天", "几月"),
    "分": ("多少分", "几分"),
    "条": ("多少条", "几条"),
    "章": ("多少章", "几章"),
}

_INTENT = {kind: re.compile("|".join(cues)) for kind, cues in INTENT.items()}


def _size(value: Decimal) -> int | None:
    """The half-decade a positive value lies in (1–3.16 → 0, 3.16–10 → 1, 10–31.6 → 2 …)."""
    return math.floor(2 * math.log10(value)) if value > 0 else None


def quantities(text: str) -> list[tuple[str, int | None]]:
    """(kind, size) of each quantity in ``text``, in order (dates have no size)."""
    out: list[tuple[str, int | None]] = []
    rest = _DATE.sub(lambda m: " " * len(m.group(0)), text)
    out.extend(("日期", None) for _ in _DATE.finditer(text))
    for start, _, tokens in find_numbers(rest):
        m = _TOKEN.fullmatch(tokens[0])
        if m is None:  # a bare number: no kind to match on
            continue
        unit, value = m.group("unit"), Decimal(m.group("num"))
        kind = _KINDS.get(unit, unit)
        # 一个, 一项, 一年 (卖了…), 上一年度: "a", "per", "last", not a figure to compare
        one = value == 1 and (kind == unit or rest[start] == "一")
        if unit in _NOT_FIGURES or (one and kind not in ("金额", "比例")):
            continue
        if unit in _PARTS and start > 0 and rest[start - 1] == "第":
            continue
        if kind == "期限":
            value *= _DAYS[unit]
        out.append((kind, _size(value)))
    return out


def quantity_terms(text: str) -> list[str]:
    """The ``quantity`` field's terms for ``text`` (a clause's passage)."""
    out = []
    for kind, size in quantities(text):
        out.append(f"#{kind}")
        if size is not None:
            out.append(f"#{kind}{size}")
    return out


def query_quantities(question: str, near: float, intent: float) -> dict[str, float]:
    """The ``quantity`` terms a question looks for → weight: its quantities' kinds (1), their
    sizes (1) and the sizes next to them (``near``), and the kinds it asks for (:data:`INTENT`,
    ``intent``)."""
    out: dict[str, float] = {}
    for kind, size in quantities(question):
        out[f"#{kind}"] = 1.0
        if size is not None:
            out[f"#{kind}{size}"] = 1.0
            for other in (size - 1, size + 1):
                out.setdefault(f"#{kind}{other}", near)
    for kind, cue in _INTENT.items():
        if cue.search(question):
            out.setdefault(f"#{kind}", intent)
    return out
