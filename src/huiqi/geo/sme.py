"""Enterprise size classes by 中小企业划型标准规定 (工信部联企业〔2011〕300号) 第四条, as data.

Thresholds come from ``data/sme_2011_300.csv`` and the industry mapping from ``data/sme_industries.yaml``
(both with provenance in ``data/PROVENANCE.md``). "X以下" excludes X, "X及以上" includes X: the scope
line is ``<`` (中小微 when ANY indicator is below it), medium and small need ALL their indicators ``>=``
their floors, micro is ANY indicator below the small floor.

Classification is three-valued friendly: a missing figure gives None only when the known figures do
not already decide the class (Kleene logic), so 工业 with 10 employees and unknown revenue is ``micro``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any, Literal

from huiqi.geo._resources import read_csv, read_yaml
from huiqi.geo.industry import classes_under, parse_industry_code

Indicator = Literal["employees", "revenue_wan", "assets_wan"]
SizeClass = Literal["large", "medium", "small", "micro"]

_INDICATORS: dict[str, Indicator] = {"X": "employees", "Y": "revenue_wan", "Z": "assets_wan"}
INDICATOR_LABELS: dict[Indicator, str] = {
    "employees": "从业人员（人）",
    "revenue_wan": "营业收入（万元）",
    "assets_wan": "资产总额（万元）",
}
SIZE_LABELS: dict[SizeClass, str] = {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型"}
SOURCE = {"doc": "工信部联企业〔2011〕300号", "ref": "第四条"}


@dataclass(frozen=True)
class Bound:
    indicator: Indicator
    op: Literal["<", ">="]
    value: Decimal

    def test(self, figure: Decimal | None) -> bool | None:
        if figure is None:
            return None
        return figure < self.value if self.op == "<" else figure >= self.value


@dataclass(frozen=True)
class SizeThresholds:
    """One industry's line of 300号 第四条. ``scope``: 中小微 if ANY holds; ``medium``/``small``: ALL must
    hold; ``micro``: ANY holds."""

    category: str
    label: str
    scope: tuple[Bound, ...]
    medium: tuple[Bound, ...]
    small: tuple[Bound, ...]
    micro: tuple[Bound, ...]

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        seen: dict[Indicator, None] = {}
        for b in self.scope + self.medium + self.small + self.micro:
            seen[b.indicator] = None
        return tuple(seen)


_TERM = re.compile(r"^([XYZ])(<|>=)(\d+(?:\.\d+)?)$")


def _parse_bounds(expr: str, joiner: str) -> tuple[Bound, ...]:
    bounds = []
    for term in expr.split(f" {joiner} "):
        m = _TERM.match(term.strip())
        if not m:
            raise ValueError(f"sme_2011_300.csv: cannot read {term!r} in {expr!r}")
        op: Literal["<", ">="] = "<" if m.group(2) == "<" else ">="
        bounds.append(Bound(_INDICATORS[m.group(1)], op, Decimal(m.group(3))))
    return tuple(bounds)


@dataclass(frozen=True)
class _Data:
    thresholds: dict[str, SizeThresholds]
    codes: dict[str, str | None]
    default: str


@cache
def _data() -> _Data:
    spec: dict[str, Any] = read_yaml("data/sme_industries.yaml")
    rows = {r["industry"]: r for r in read_csv("data/sme_2011_300.csv")}
    cols = {name.split("_", 1)[0]: name for name in next(iter(rows.values()))}
    thresholds = {}
    for key, cat in spec["categories"].items():
        row = rows[cat["row"]]
        thresholds[key] = SizeThresholds(
            category=key,
            label=cat["label"],
            scope=_parse_bounds(row[cols["scope"]], "or"),
            medium=_parse_bounds(row[cols["medium"]], "and"),
            small=_parse_bounds(row[cols["small"]], "and"),
            micro=_parse_bounds(row[cols["micro"]], "or"),
        )
    codes = {str(k): v for k, v in spec["codes"].items()}
    for k, v in codes.items():
        if v is not None and v not in thresholds:
            raise ValueError(f"sme_industries.yaml: {k} maps to unknown category {v!r}")
    return _Data(thresholds, codes, spec["default"])


def size_categories() -> tuple[str, ...]:
    return tuple(_data().thresholds)


def size_thresholds(category: str) -> SizeThresholds:
    """The bounds of one 300号 industry (``industry``, ``software_it`` …) as Decimal data."""
    try:
        return _data().thresholds[category]
    except KeyError:
        raise ValueError(
            f"未知的划型行业“{category}” / unknown 300号 industry {category!r}; "
            f"known: {', '.join(_data().thresholds)}"
        ) from None


def _category_of_digits(section: str, digits: str) -> str | None:
    codes = _data().codes
    keys = [digits[:n] for n in (3, 2) if len(digits) >= n] + [section]
    for key in keys:
        if key in codes:
            return codes[key]
    return _data().default


@cache
def size_category(industry_code: str) -> str | None:
    """The 300号 industry (a :func:`size_thresholds` key) of a GB/T 4754-2017 code.

    None when the code is too coarse to decide (``F`` spans 批发业 and 零售业, ``59`` spans 装卸搬运 and
    仓储) or the industry is outside 300号 (金融业, 自有房地产经营活动). ValueError for an invalid code.
    """
    code = parse_industry_code(industry_code)
    found = {_category_of_digits(code.section, c.digits) for c in classes_under(code)}
    return found.pop() if len(found) == 1 else None


def _any(values: list[bool | None]) -> bool | None:
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


def _all(values: list[bool | None]) -> bool | None:
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def _dec(value: int | float | str | Decimal | None, name: str) -> Decimal | None:
    if value is None:
        return None
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    if not d.is_finite() or d < 0:
        raise ValueError(f"{name} 不能为负数或非数 / {name} must be a non-negative number, got {value!r}")
    return d


def classify_size(
    category: str,
    employees: int | Decimal | None,
    revenue_wan: int | float | str | Decimal | None,
    assets_wan: int | float | str | Decimal | None,
) -> SizeClass | None:
    """``large``, ``medium``, ``small`` or ``micro`` under 300号 第四条 for the industry ``category``;
    None when a missing figure leaves the class open. Figures not used by the industry are ignored."""
    t = size_thresholds(category)
    figures: dict[Indicator, Decimal | None] = {
        "employees": _dec(employees, "employees"),
        "revenue_wan": _dec(revenue_wan, "revenue_wan"),
        "assets_wan": _dec(assets_wan, "assets_wan"),
    }

    def check(bounds: tuple[Bound, ...]) -> list[bool | None]:
        return [b.test(figures[b.indicator]) for b in bounds]

    scope = _any(check(t.scope))
    if scope is None:
        return None
    if scope is False:
        return "large"
    steps: tuple[tuple[bool | None, SizeClass], ...] = (
        (_all(check(t.medium)), "medium"),
        (_all(check(t.small)), "small"),
    )
    for result, size in steps:
        if result is None:
            return None
        if result:
            return size
    return "micro"


def is_sme(size: SizeClass | None) -> bool | None:
    """中小微型企业 (medium, small or micro); None when the size is unknown."""
    return None if size is None else size != "large"
