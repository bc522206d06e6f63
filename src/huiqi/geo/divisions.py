"""Guangdong's administrative divisions: 21 prefecture-level cities, 122 county-level units, and the
towns/streets of 东莞 and 中山.

东莞 and 中山 are 不设区的地级市: they have no county level, towns (镇) and streets (街道) sit directly
under the city (技改备案细则 第四条 "不设县的市所属镇（街）"). For them the contract's ``county`` field
holds a town or street, so :func:`counties` answers the towns and streets there.

Data: NBS 统计用区划代码 2023 (see ``data/PROVENANCE.md``). Names are returned in full (``虎门镇``,
``南山区``) except cities, whose canonical form is the short name (``东莞``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from huiqi.geo._resources import read_csv, read_yaml

PROVINCE = "广东省"
PROVINCE_CODE = "44"


@dataclass(frozen=True)
class City:
    """A prefecture-level city (地级以上市)."""

    code: str  # 4 digits, e.g. "4419"
    name: str  # full name, e.g. "东莞市"
    short: str  # canonical short name, e.g. "东莞"
    has_counties: bool  # False for 东莞, 中山 (towns/streets sit directly under the city)

    @property
    def adcode(self) -> str:
        """The 6-digit administrative division code (``441900``)."""
        return self.code + "00"


@dataclass(frozen=True)
class Unit:
    """A county-level unit, or a town/street/功能区 of 东莞 or 中山."""

    code: str  # 6 digits (county) or 9 digits (town/street)
    name: str  # canonical full name: "南山区", "虎门镇", "松山湖"
    kind: str  # 市辖区 | 县 | 自治县 | 县级市 | 街道 | 镇 | 功能区
    city: str  # short name of the city


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _unit_kind(code: str, name: str) -> str:
    if len(code) == 9:
        if name.endswith("街道"):
            return "街道"
        if name.endswith("镇"):
            return "镇"
        return "功能区"
    if name.endswith("自治县"):
        return "自治县"
    if name.endswith("县"):
        return "县"
    if name.endswith("市"):
        return "县级市"
    return "市辖区"


_AUTONOMOUS = re.compile(r"^(.{2,}?)(?:[^族]{1,2}族)+自治县$")
_SUFFIXES = ("街道", "区", "县", "市", "镇")


def _short_forms(name: str) -> list[str]:
    """Suffix-less forms of a unit name: 虎门镇 → 虎门; 乳源瑶族自治县 → 乳源. Never a single character."""
    forms = []
    m = _AUTONOMOUS.match(name)
    if m:
        forms.append(m.group(1))
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            forms.append(name[: -len(suffix)])
            break
    return forms


@dataclass(frozen=True)
class _Tables:
    cities: dict[str, City]  # short name → City
    units: dict[str, tuple[Unit, ...]]  # city short name → its units (counties, or towns/streets)
    aliases: dict[str, dict[str, str]]  # city short name → alias → canonical unit name


@cache
def _tables() -> _Tables:
    cities: dict[str, City] = {}
    by_code: dict[str, str] = {}
    rows = read_csv("data/gd_counties.csv")
    no_county = {r["cityCode"] for r in rows if r["code"].endswith("00")}  # 441900 东莞市, 442000 中山市
    for r in read_csv("data/gd_cities.csv"):
        name = r["name"]
        short = name.removesuffix("市")
        cities[short] = City(r["code"], name, short, r["code"] not in no_county)
        by_code[r["code"]] = short
    units: dict[str, list[Unit]] = {c: [] for c in cities}
    for r in rows:
        if not r["code"].endswith("00"):
            city = by_code[r["cityCode"]]
            units[city].append(Unit(r["code"], r["name"], _unit_kind(r["code"], r["name"]), city))
    for r in read_csv("data/gd_towns_dongguan_zhongshan.csv"):
        city = by_code[r["cityCode"]]
        units[city].append(Unit(r["code"], r["name"], _unit_kind(r["code"], r["name"]), city))
    extra: dict[str, dict[str, list[str]]] = read_yaml("data/unit_aliases.yaml") or {}
    aliases = {city: _alias_table(tuple(us), extra.get(city, {})) for city, us in units.items()}
    return _Tables(cities, {c: tuple(us) for c, us in units.items()}, aliases)


def _alias_table(units: tuple[Unit, ...], extra: dict[str, list[str]]) -> dict[str, str]:
    """alias → canonical name. Full names always win; a derived alias shared by two units is dropped."""
    full = {u.name: u.name for u in units}
    derived: dict[str, set[str]] = {}
    for u in units:
        for form in _short_forms(u.name):
            derived.setdefault(form, set()).add(u.name)
    for canonical, names in extra.items():
        if canonical not in full:
            raise ValueError(f"unit_aliases.yaml names an unknown unit: {canonical}")
        for alias in names:
            derived.setdefault(_clean(alias), set()).add(canonical)
    table = {alias: next(iter(names)) for alias, names in derived.items() if len(names) == 1}
    table.update(full)
    return table


def _strip_province(text: str) -> str:
    for prefix in (PROVINCE, "广东"):
        if text.startswith(prefix) and len(text) > len(prefix):
            return text[len(prefix) :]
    return text


def normalize_city(name: str | None) -> str | None:
    """The canonical short name of a Guangdong city (``东莞``), or None for anything else.

    Accepts ``东莞``, ``东莞市``, ``广东省东莞市`` and the division codes ``4419``, ``441900`` and
    ``441900000000``.
    """
    if not name:
        return None
    text = _strip_province(_clean(name))
    tables = _tables()
    if text.isdigit():
        code = text[:4] if len(text) in (4, 6, 12) and text[4:].strip("0") == "" else ""
        return next((c.short for c in tables.cities.values() if c.code == code), None)
    short = text.removesuffix("市")
    return short if short in tables.cities else None


def is_guangdong_city(name: str | None) -> bool:
    """True when ``name`` is one of Guangdong's 21 prefecture-level cities (any accepted spelling)."""
    return normalize_city(name) is not None


def cities() -> tuple[str, ...]:
    """The 21 cities' short names, in division-code order."""
    return tuple(sorted(_tables().cities, key=lambda c: _tables().cities[c].code))


def not_a_city_message(name: object) -> str:
    return f"“{name}”不是广东省的地级以上市 / {name!r} is not a prefecture-level city of Guangdong"


def city(name: str) -> City:
    """The :class:`City` of a name; ValueError when it is not a Guangdong city."""
    short = normalize_city(name)
    if short is None:
        raise ValueError(not_a_city_message(name))
    return _tables().cities[short]


def city_has_counties(name: str) -> bool:
    """False for 东莞 and 中山, whose towns and streets sit directly under the city."""
    return city(name).has_counties


def units(city_name: str) -> tuple[Unit, ...]:
    """The units the ``county`` field may name in this city (see :func:`counties`), as :class:`Unit`."""
    return _tables().units[city(city_name).short]


def counties(city_name: str) -> tuple[str, ...]:
    """The canonical names of the units under a city: its 区/县/县级市, or for 东莞 and 中山 (no county level)
    its 镇/街道 and 功能区. ValueError for a name that is not a Guangdong city."""
    return tuple(u.name for u in units(city_name))


def towns(city_name: str) -> tuple[str, ...]:
    """Towns, streets and 功能区 directly under 东莞 or 中山; empty for cities with a county level (this
    package does not ship the towns below counties)."""
    c = city(city_name)
    return () if c.has_counties else counties(c.short)


def normalize_county(city_name: str | None, name: str | None) -> str | None:
    """The canonical full name of a unit under ``city_name`` (``虎门`` → ``虎门镇``, ``南山`` → ``南山区``,
    ``东莞市虎门镇`` → ``虎门镇``), or None when the city is not in Guangdong or the unit is not under it."""
    short = normalize_city(city_name)
    if short is None or not name:
        return None
    text = _strip_province(_clean(name))
    aliases = _tables().aliases[short]
    if text in aliases:  # before stripping the city: 东莞港, 东莞生态园 begin with it
        return aliases[text]
    c = _tables().cities[short]
    for prefix in (c.name, c.short):
        if text.startswith(prefix) and len(text) > len(prefix):
            return aliases.get(text[len(prefix) :])
    return None


def city_for_division_code(code: str) -> str | None:
    """The Guangdong city whose territory a 6-digit division code lies in (``441900`` → ``东莞``), or None.

    Only the first four digits are looked at, so codes of abolished districts still map to their city.
    """
    if len(code) != 6 or not code.isdigit() or not code.startswith(PROVINCE_CODE):
        return None
    return next((c.short for c in _tables().cities.values() if c.code == code[:4]), None)
