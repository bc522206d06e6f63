"""Text cleaning for the PDF extraction: CJK spacing, markdown debris, punctuation, numerals.

The source is a PDF-to-markdown extraction. Its typical debris: spaces between CJK characters
("总 则", "不 低于 700 万元"), half-width punctuation inside Chinese sentences, ``**bold**`` and
``<sup>`` markup, and a few OCR slips (``and`` for 和). Everything a clause's ``text`` holds goes
through :func:`clean`.
"""

from __future__ import annotations

import re

#: CJK ideographs, CJK and full-width punctuation, curly quotes, dashes and ellipses: characters
#: around which a space is PDF debris (Chinese typesetting puts no spaces there).
CJK = r"\u2014\u2018-\u201f\u2026\u2605\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_SPACE_BEFORE_CJK = re.compile(rf"[ \t\u00a0]+(?=[{CJK}])")
_SPACE_AFTER_CJK = re.compile(rf"(?<=[{CJK}])[ \t\u00a0]+")
_HALF_PAREN = re.compile(rf"\(([^()]*[{CJK}][^()]*)\)")
_HALF_PUNCT = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
_HALF_PUNCT_RE = re.compile(rf"(?<=[{CJK}])([,;:!?])|([,;:!?])(?=[{CJK}])")
_MARKUP = re.compile(r"\*\*|</?b>|</?sup>|<br\s*/?>")
_SUP = re.compile(r"<sup>\s*(\d+)\s*</sup>")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")

#: OCR slips in the source, fixed in every clause text: (wrong, right, why).
ERRATA: list[tuple[str, str, str]] = [
    (" and ", "和", "PDF 抽取把“和”误作英文 and"),
    (" etc ", "等", "PDF 抽取把“等”误作英文 etc"),
    ("空間", "空间", "繁体字误识别"),
    ("国务院令第六73号", "国务院令第673号", "数字误识别为汉字“六”"),
]

#: a paragraph ending with one of these is complete; any other ending (even "；") is a page-break
#: split, as a 款 never ends with a semicolon
TERMINAL = "。：！？…”』」】"

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
CN_NUM = "零〇一二三四五六七八九十百两"


def cn_to_int(value: str) -> int:
    """``"二十二"`` → 22, ``"一百零五"`` → 105; Arabic digits pass through."""
    value = value.strip()
    if value.isdigit():
        return int(value)
    if not value or any(ch not in CN_NUM for ch in value):
        raise ValueError(f"not a Chinese numeral: {value!r}")
    total, current = 0, 0
    for ch in value:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = CN_DIGITS[ch]
    return total + current


def int_to_cn(number: int) -> str:
    """22 → ``"二十二"`` (1–199), as article and paragraph numbers are printed."""
    if not 0 < number < 200:
        raise ValueError(f"out of range: {number}")
    digits = "零一二三四五六七八九"
    hundreds, rest = divmod(number, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += digits[hundreds] + "百"
        if rest and tens == 0:
            return out + "零" + digits[ones]
    if tens:
        out += ("" if tens == 1 and not hundreds else digits[tens]) + "十"
    if ones:
        out += digits[ones]
    return out


def footnote_refs(raw: str) -> list[int]:
    """Footnote numbers referenced by ``<sup>n</sup>`` markers in a raw paragraph."""
    return [int(n) for n in _SUP.findall(raw)]


def clean(raw: str) -> str:
    """Markdown/PDF debris out, Chinese typography in; see the module docstring."""
    text = _SUP.sub("", raw)
    text = _AUTOLINK.sub(r"\1", text)
    text = _MARKUP.sub("", text)
    text = text.replace("\u3000", " ")
    for wrong, right, _why in ERRATA:
        text = text.replace(wrong, right)
    text = re.sub(r"[ \t\u00a0]+", " ", text).strip()
    text = _SPACE_BEFORE_CJK.sub("", text)
    text = _SPACE_AFTER_CJK.sub("", text)
    text = _HALF_PAREN.sub(r"（\1）", text)
    text = _HALF_PUNCT_RE.sub(lambda m: _HALF_PUNCT[m.group(1) or m.group(2)], text)
    return text


def is_complete(text: str) -> bool:
    """True when a cleaned paragraph ends a sentence (no page-break split after it).

    A closing parenthesis ends a paragraph only when the whole paragraph is in parentheses
    ("（2021—2025年）"); "…（以下简称“在线平台”）" may go on after a page break."""
    if not text:
        return False
    if text[-1] in "）)":
        return text[0] in "（(" or bool(NUMBER_LINE.match(text))
    return text[-1] in TERMINAL


#: a document number on a line of its own: 粤工信规字〔2021〕2号
NUMBER_LINE = re.compile(r"^[\u4e00-\u9fff]+〔\d{4}〕\d+号$")
