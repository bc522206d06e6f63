"""Which agency files or approves a project (技改核准备案细则 第三条、第四条、第十九条第（五）项).

* 第三条: the 细则 binds every level of 工业和信息化主管部门 *except 深圳市* (深圳 has its own rules).
* 第四条第二款: approval scope and authority follow 《广东省政府核准的投资项目目录》 (not encoded).
* 第四条第三款: filing by site (属地) at 地级市 or 县（市、区）; a cross-region project at the city
  where it is carried out; towns/streets of a city without counties (东莞, 中山) may file under a
  delegation (根据授权), as may park management bodies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from huiqi.geo import city_has_counties, is_guangdong_city, normalize_city, normalize_county
from huiqi.rules.clause import ClauseRef

DOC = "tech-upgrade-filing"
EXCLUDED_CITY = "深圳"


def _city_name(value: str) -> str:
    """``东莞市`` → ``东莞``; a name outside Guangdong is kept as written."""
    return normalize_city(value) or value.strip()


@dataclass(frozen=True)
class Authority:
    applicable: bool
    level: str  # city | county | town | catalogue | none
    name: str
    clause: ClauseRef
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "applicable": self.applicable,
            "level": self.level,
            "name": self.name,
            "clause": self.clause.to_json(),
            "note": self.note,
        }


def filing_authority(project: Mapping[str, Any]) -> Authority | None:
    """The 备案机关 or 核准机关 for a project, or ``None`` where the site is not given."""
    city_raw = project.get("city")
    if not city_raw:
        return None
    city = _city_name(str(city_raw))
    county_raw = str(project.get("county") or "").strip()
    county = (normalize_county(city, county_raw) or county_raw) if county_raw else ""
    if city == EXCLUDED_CITY:
        return Authority(
            False,
            "none",
            "深圳市按其自行规定办理",
            ClauseRef(DOC, "第三条"),
            "第三条: 本细则不适用于深圳市工业和信息化主管部门",
        )
    if project.get("management") == "approval":
        return Authority(
            True,
            "catalogue",
            "按《广东省政府核准的投资项目目录》确定的核准机关",
            ClauseRef(DOC, "第四条第二款"),
        )
    clause = ClauseRef(DOC, "第四条第三款")
    city_bureau = f"{city}市工业和信息化局"
    if project.get("cross_region"):
        return Authority(
            True, "city", city_bureau, clause, "跨行政区域项目由项目实施地市工业和信息化部门办理"
        )
    if is_guangdong_city(city) and not city_has_counties(city):  # 不设县的市: 东莞, 中山
        if county:
            return Authority(
                True,
                "town",
                f"{county}（根据授权）或{city_bureau}",
                clause,
                "不设县的市所属镇（街）可以根据授权办理项目备案",
            )
        return Authority(True, "city", city_bureau, clause, "未给出镇（街）; 已授权的镇（街）也可办理")
    if county:
        return Authority(
            True,
            "county",
            f"{city}市{county}工业和信息化主管部门",
            clause,
            "按属地原则由县（市、区）工业和信息化部门办理",
        )
    return Authority(
        True,
        "county",
        f"{city}市项目所在县（市、区）工业和信息化主管部门",
        clause,
        "未给出县（市、区）; 按属地原则办理",
    )
