"""The 20 strategic industry clusters of the 制造业“十四五”规划 as data, and two look-ups on them.

``clusters.yaml`` (beside this module) holds each cluster's clauses, the city levels of the plan's
附件1 layout tables as far as they are legible, and a GB/T 4754 mapping that is an *interpretation*
(the plan names no industry codes). This folder is reference data, not a program: it defines no
``family()``.

>>> [c["name"] for c in clusters_for("C3973", "珠海")]
['新一代电子信息', '半导体与集成电路']
>>> clusters_for("C3973", "珠海")[1]["city_level"]["level"]
'core'
>>> [p["path"] for p in transformation_paths(sme=True) if p["applies"]]
['一行一策']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

from huiqi.corpus.store import describe_clause
from huiqi.profile.normalize import normalize_city_name

PLAN = "manufacturing-14fyp"
DIGITAL_PLAN = "digital-transformation-plan"
DATA = Path(__file__).with_name("clusters.yaml")

Level = Literal["core", "key", "general", "listed", "unresolved", "not_starred"]
LEVEL_LABELS: dict[str, str] = {
    "core": "核心城市（★★★）",
    "key": "重点城市（★★）",
    "general": "一般城市（★）",
    "listed": "布局城市（图表星级不可辨）",
    "unresolved": "重点城市或未标星（转换后的表格无法区分）",
    "not_starred": "未标星（可结合自身实际谋划发展）",
}
_CODE = re.compile(r"^([A-Z]?)(\d{0,4})$")


@dataclass(frozen=True)
class Cluster:
    """One strategic industry cluster as ``clusters.yaml`` records it."""

    id: str
    name: str
    kind: Literal["pillar", "emerging"]
    clause: str
    box: str
    digital_clause: str
    divisions: tuple[str, ...]
    layout: dict[str, str]
    unresolved: tuple[str, ...]
    stated_city_count: int
    named_in_box: tuple[str, ...]

    @property
    def kind_label(self) -> str:
        return "战略性支柱产业集群" if self.kind == "pillar" else "战略性新兴产业集群"

    def level_in(self, city: str) -> Level:
        """The city's level in the plan's layout table (see ``clusters.yaml`` for legibility)."""
        if city in self.layout:
            return self.layout[city]  # type: ignore[return-value]
        if city in self.unresolved:
            return "unresolved"
        return "not_starred"


@cache
def load_clusters() -> tuple[Cluster, ...]:
    """The 20 clusters, 支柱 1–10 then 新兴 11–20, in the plan's order."""
    with DATA.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)["clusters"]
    return tuple(
        Cluster(
            id=str(item["id"]),
            name=str(item["name"]),
            kind=item["kind"],
            clause=str(item["clause"]),
            box=str(item["box"]),
            digital_clause=str(item["digital_clause"]),
            divisions=tuple(str(d) for d in item["divisions"]),
            layout={str(k): str(v) for k, v in (item.get("layout") or {}).items()},
            unresolved=tuple(str(c) for c in item.get("unresolved") or ()),
            stated_city_count=int(item["stated_city_count"]),
            named_in_box=tuple(str(c) for c in item.get("named_in_box") or ()),
        )
        for item in raw
    )


def _clause(ref: str) -> dict[str, Any]:
    doc, _, rest = ref.partition(" ")
    return describe_clause(doc, rest)


def _digits(code: str) -> tuple[str, str]:
    """``C3984`` → ``("C", "3984")``; ``3984`` → ``("", "3984")``; ValueError for anything else."""
    match = _CODE.match(code.strip().upper())
    if not match:
        raise ValueError(f"not a GB/T 4754-2017 code: {code!r}")
    return match.group(1), match.group(2)


def _match(division_key: str, code_digits: str) -> Literal["code-within", "code-covers-part"] | None:
    """How an industry code relates to one of a cluster's mapped codes.

    GB/T 4754 division numbers are unique across sections, so the digits decide: a mapped ``385``
    contains the code ``3856`` (``code-within``); the code ``C38`` only partly belongs to the
    cluster (``code-covers-part``).
    """
    _, key = _digits(division_key)
    if not code_digits or not key:
        return None
    if code_digits.startswith(key):
        return "code-within"
    if key.startswith(code_digits):
        return "code-covers-part"
    return None


def clusters_for(industry_code: str, city: str | None = None) -> list[dict[str, Any]]:
    """The clusters an enterprise's industry maps to, with its city's level in each, JSON-ready.

    ``industry_code`` is a GB/T 4754-2017 code (``C3984``, ``3984``, ``C39``; a bare section letter
    maps to nothing). ``city`` (``东莞`` or ``东莞市``) adds ``city_level``. Every answer says that
    the industry mapping is an interpretation and cites the plan's clauses.
    """
    _, digits = _digits(industry_code)
    city_name = normalize_city_name(city) if city else None
    out: list[dict[str, Any]] = []
    for cluster in load_clusters():
        matches = [(key, how) for key in cluster.divisions if (how := _match(key, digits))]
        if not matches:
            continue
        key, how = matches[0]
        item: dict[str, Any] = {
            "cluster": cluster.id,
            "name": cluster.name,
            "kind": cluster.kind,
            "kind_label": cluster.kind_label,
            "clause": _clause(cluster.clause),
            "layout_clause": _clause(cluster.box),
            "digital_transformation_clause": _clause(cluster.digital_clause),
            "mapping": {
                "industry_code": industry_code,
                "matched": key,
                "match": how,
                "basis": "interpretation",
                "note": "规划未给出行业代码；按集群条文描述的产业活动对应国民经济行业分类，属解释性对应",
            },
        }
        if city_name is not None:
            level = cluster.level_in(city_name)
            item["city_level"] = {
                "city": city_name,
                "level": level,
                "label": LEVEL_LABELS[level],
                "named_in_box": city_name in cluster.named_in_box,
                "source": _clause(f"{PLAN} 附件1"),
            }
        out.append(item)
    return out


@dataclass(frozen=True)
class _Path:
    path: str
    who: str
    field: str
    clause: str
    box: str


_PATHS = (
    _Path("一企一策", "行业龙头骨干企业", "leading_enterprise", "四、（一）", "专栏1"),
    _Path("一行一策", "中小型制造企业", "sme", "四、（二）", "专栏2"),
    _Path("一园一策", "产业园和产业集聚区（园区内企业）", "in_park", "四、（三）", "专栏3"),
    _Path("一链一策", "产业链供应链（“链主”企业及其上下游）", "chain", "四、（四）", "专栏4"),
)


def transformation_paths(
    *,
    leading_enterprise: bool | None = None,
    sme: bool | None = None,
    in_park: bool | None = None,
    chain: bool | None = None,
) -> list[dict[str, Any]]:
    """The four transformation paths of the 数字化转型实施方案 and whether each fits, JSON-ready.

    二、"按照行业龙头骨干企业'一企一策'、中小型制造企业'一行一策'、产业园和产业集聚区'一园一策'、
    产业链供应链'一链一策'的转型路径": ``applies`` is True/False from the flag given, None where it
    was not given (three-valued, as everywhere in huiqi). The paths are not exclusive: a 链主 that is
    a 行业龙头 fits both 一企一策 and 一链一策.
    """
    given = {"leading_enterprise": leading_enterprise, "sme": sme, "in_park": in_park, "chain": chain}
    basis = _clause(f"{DIGITAL_PLAN} 二、")
    out = []
    for spec in _PATHS:
        out.append(
            {
                "path": spec.path,
                "for": spec.who,
                "applies": given[spec.field],
                "input": spec.field,
                "clause": _clause(f"{DIGITAL_PLAN} {spec.clause}"),
                "box": _clause(f"{DIGITAL_PLAN} {spec.box}"),
                "basis": basis,
            }
        )
    return out


__all__ = ["LEVEL_LABELS", "Cluster", "clusters_for", "load_clusters", "transformation_paths"]
