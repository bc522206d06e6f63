"""GB/T 4754-2017 国民经济行业分类: parsing the codes enterprises write (``C3984``, ``3984``, ``C39``, ``39``,
``C``, ``398``) and the 工业/制造业 tests rules need.

Data: ``data/gbt4754_2017.csv`` (a corrected copy, see ``data/PROVENANCE.md``). A code must be in the
table: a well-formed code that the standard does not have is an error, not a guess.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from huiqi.geo._resources import read_csv

INDUSTRIAL_SECTIONS = frozenset("BCD")  # 采矿业, 制造业, 电力、热力、燃气及水生产和供应业 = 工业
MANUFACTURING_SECTION = "C"

_LEVELS = {0: "section", 2: "division", 3: "group", 4: "class"}
_SHAPE = re.compile(r"^([A-T])?(\d{2,4})?$")


@dataclass(frozen=True)
class IndustryCode:
    """One code of the standard. ``code`` is canonical: the section letter and the digits (``C3984``)."""

    section: str  # 门类, "C"
    division: str | None  # 大类, "39"
    group: str | None  # 中类, "398"
    class_code: str | None  # 小类, "3984"
    name: str

    @property
    def digits(self) -> str:
        """The numeric code as the standard prints it (``3984``); empty for a section."""
        return self.class_code or self.group or self.division or ""

    @property
    def code(self) -> str:
        return self.section + self.digits

    @property
    def level(self) -> str:
        """``section`` (门类), ``division`` (大类), ``group`` (中类) or ``class`` (小类)."""
        return _LEVELS[len(self.digits)]

    def ancestors(self) -> tuple[IndustryCode, ...]:
        """The broader codes, section first (``C``, ``C39``, ``C398`` for ``C3984``)."""
        out = [_lookup(self.section)] if self.division else []
        out += [_lookup(p) for p in (self.division, self.group) if p and p != self.digits]
        return tuple(out)

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


@dataclass(frozen=True)
class _Table:
    names: dict[str, str]  # code as the standard prints it ("C", "39", "398", "3984") → name
    section_of: dict[str, str]  # division → section letter


@cache
def _table() -> _Table:
    names: dict[str, str] = {}
    section_of: dict[str, str] = {}
    section = ""
    for row in read_csv("data/gbt4754_2017.csv"):
        code = row["code"]
        names[code] = row["name"]
        if code.isalpha():
            section = code
        elif len(code) == 2:
            section_of[code] = section
    return _Table(names, section_of)


def _lookup(code: str) -> IndustryCode:
    table = _table()
    if code.isalpha():
        return IndustryCode(code, None, None, None, table.names[code])
    return IndustryCode(
        section=table.section_of[code[:2]],
        division=code[:2],
        group=code[:3] if len(code) >= 3 else None,
        class_code=code if len(code) == 4 else None,
        name=table.names[code],
    )


@cache
def parse_industry_code(code: str) -> IndustryCode:
    """Parse a GB/T 4754-2017 code in any of the usual spellings; ValueError with a clear message when it
    is malformed, not in the standard, or its letter contradicts its digits (``D3984``)."""
    if not isinstance(code, str):
        raise ValueError(f"行业代码应为字符串 / industry code must be a string, got {code!r}")
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", code)).upper()
    m = _SHAPE.match(text)
    if not text or not m:
        raise ValueError(
            f"无法识别的国民经济行业代码“{code}”：应为门类字母和/或 2–4 位数字，如 C3984、3984、C39、C / "
            f"{code!r} is not a GB/T 4754-2017 code (a section letter and/or 2-4 digits: C3984, 3984, C39, C)"
        )
    letter, digits = m.group(1), m.group(2)
    table = _table()
    if not digits:
        return _lookup(letter)
    if digits not in table.names:
        raise ValueError(
            f"GB/T 4754-2017 中没有行业代码“{digits}” / {digits!r} is not a code of GB/T 4754-2017"
        )
    parsed = _lookup(digits)
    if letter and letter != parsed.section:
        raise ValueError(
            f"行业代码“{code}”的门类字母与数字不符：{digits} 属于门类 {parsed.section} / "
            f"{code!r}: {digits} belongs to section {parsed.section}, not {letter}"
        )
    return parsed


def _as_code(code: str | IndustryCode) -> IndustryCode:
    return code if isinstance(code, IndustryCode) else parse_industry_code(code)


def is_industrial(code: str | IndustryCode) -> bool:
    """工业: sections B (采矿业), C (制造业), D (电力、热力、燃气及水生产和供应业)."""
    return _as_code(code).section in INDUSTRIAL_SECTIONS


def is_manufacturing(code: str | IndustryCode) -> bool:
    """制造业: section C (divisions 13–43)."""
    return _as_code(code).section == MANUFACTURING_SECTION


def classes_under(code: str | IndustryCode) -> tuple[IndustryCode, ...]:
    """The 小类 (4-digit classes) a code covers; a class covers only itself."""
    parent = _as_code(code)
    table = _table()
    return tuple(
        _lookup(c)
        for c in table.names
        if len(c) == 4 and c.startswith(parent.digits) and table.section_of[c[:2]] == parent.section
    )


def industry_name(code: str | IndustryCode) -> str:
    return _as_code(code).name
