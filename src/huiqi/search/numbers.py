"""Numbers written either way become one token: ``两年`` = ``2年``, ``百分之二十`` = ``20%``.

A quantity with a unit is indexed as ``<number><unit>`` (``2年``, ``30个工作日``, ``20%``); money is
always in 万元 (``10亿元`` → ``100000万元``, ``五千万`` → ``5000万元``) so "亿/万元 amounts" written
either way meet. A bare Arabic number stays a token of its own (``2021``). Chinese numerals are only
read when a unit follows, so words such as ``一批`` or ``十四五`` are left to the segmenter.
Everyday forms read too: ``六个亿`` (``60000万元``), ``一千多万`` and ``一百来号人`` (the round number:
``1000万元``, ``100人``), ``三成`` (``30%``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
            "八": 8, "九": 9}
CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"

#: units written after a number; 天 and 工作日 also give the plain ``N日`` form
_UNITS = ("个工作日", "工作日", "个月", "周岁", "号人", "年", "月", "日", "天", "倍", "次", "项", "家", "条", "个",
          "名", "人", "分", "批", "章", "节", "号", "座", "件", "台", "套", "万家", "万座")
#: ``来``/``多``/``余`` after a number: about that much (``一千多万``, ``一百来号人``)
_ABOUT = r"(?:来|多|余)?"
_MONEY = re.compile(
    rf"(?P<num>{_NUM})\s*(?P<k>[千百])?{_ABOUT}\s*个?\s*(?P<mag>万亿|亿|万)\s*(?P<yuan>元)?"
    r"(?![家人座个件户名次项台套])"
)
_YUAN = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*元")
_PERCENT = re.compile(rf"百分之(?P<num>{_NUM})|(?P<arabic>\d+(?:\.\d+)?)\s*%"
                      r"|(?P<tenths>[一二两三四五六七八九])成(?![本果立员功为绩效])")
#: ``上一年度``, ``下一年``, ``同一批``: "last", "next", "same", not a count of one
_UNIT = re.compile(rf"(?<![上下同])(?P<num>{_NUM}){_ABOUT}\s*(?P<unit>{'|'.join(_UNITS)})")
_BARE = re.compile(r"\d+(?:\.\d+)?")
_MAGNITUDE = {"万": Decimal(1), "亿": Decimal(10_000), "万亿": Decimal(100_000_000)}


def cn_number(text: str) -> Decimal | None:
    """``二十`` → 20, ``两`` → 2, ``一百零五`` → 105, ``二〇二一`` → 2021, ``2.5`` → 2.5; else None."""
    try:
        return Decimal(text)
    except InvalidOperation:
        pass
    if not text or any(ch not in CN_DIGIT and ch not in CN_UNIT for ch in text):
        return None
    if not any(ch in CN_UNIT for ch in text):  # digit by digit: 二〇二一
        return Decimal("".join(str(CN_DIGIT[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in CN_UNIT:
            total += (current or 1) * CN_UNIT[ch]
            current = 0
        else:
            current = CN_DIGIT[ch]
    return Decimal(total + current)


def _fmt(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _money(m: re.Match[str]) -> list[str] | None:
    value = cn_number(m.group("num"))
    if value is None:
        return None
    if m.group("k"):
        value *= CN_UNIT[m.group("k")]
    return [f"{_fmt(value * _MAGNITUDE[m.group('mag')])}万元"]


def _percent(m: re.Match[str]) -> list[str] | None:
    if m.group("tenths"):
        return [f"{CN_DIGIT[m.group('tenths')] * 10}%"]
    value = cn_number(m.group("num") or m.group("arabic"))
    return None if value is None else [f"{_fmt(value)}%"]


def _unit(m: re.Match[str]) -> list[str] | None:
    value = cn_number(m.group("num"))
    if value is None:
        return None
    unit = "人" if m.group("unit") == "号人" else m.group("unit")
    number = _fmt(value)
    if unit in ("天", "工作日", "个工作日"):
        return [f"{number}个工作日", f"{number}日"] if unit != "天" else [f"{number}日"]
    return [f"{number}{unit}"]


def _yuan(m: re.Match[str]) -> list[str] | None:
    value = cn_number(m.group("num"))
    return None if value is None else [f"{_fmt(value / 10_000)}万元"]


def _bare(m: re.Match[str]) -> list[str] | None:
    value = cn_number(m.group(0))
    return None if value is None else [_fmt(value)]


#: tried in this order at each position; the first that reads a number wins
_RULES = ((_PERCENT, _percent), (_MONEY, _money), (_YUAN, _yuan), (_UNIT, _unit), (_BARE, _bare))
_START = re.compile(r"百分之|[\d零〇一二两三四五六七八九十百千]")


def find_numbers(text: str) -> Iterator[tuple[int, int, list[str]]]:
    """Each quantity in ``text`` as (start, end, tokens), left to right, not overlapping."""
    pos = 0
    while True:
        start = _START.search(text, pos)
        if start is None:
            return
        i = start.start()
        for pattern, read in _RULES:
            m = pattern.match(text, i)
            if m:
                tokens = read(m)
                if tokens:
                    yield i, m.end(), tokens
                    pos = m.end()
                    break
        else:
            pos = i + 1
