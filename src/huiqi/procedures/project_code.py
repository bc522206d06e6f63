"""项目代码 of the online approval platform (技改核准备案细则 第六条、第八条～第十一条).

Shape ``^\\d{4}-\\d{6}-\\d{2}-\\d{2}-\\d{6}$``. Two generations, told apart by the first segment:

* before 2020-11: ``YYYY-地区-行业(GB/T 4754 大类)-类型-序号``, e.g. ``2019-440515-44-03-062744``;
  the type codes (01 审批, 02 核准, 03 备案) are not verified from an official source;
* since 《固定资产投资项目代码管理规范》(发改投资〔2020〕1439号, effective 2020-11-01; GB/T 40058-2021):
  ``YYMM-地区-中央业务指导部门-项目类型-随机码+校验码``, e.g. ``2304-441900-04-01-135254``; the
  check-digit algorithm was not found, so it is not checked.

The region must be a Guangdong division (``44`` and one of the 21 cities' codes); the county part is
not checked here. Whatever cannot be verified becomes a warning, never a rejection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from huiqi.errors import InputError

CODE_RE = re.compile(r"^(\d{4})-(\d{6})-(\d{2})-(\d{2})-(\d{6})$")
#: the month the standardised codes began (发改投资〔2020〕1439号)
NEW_FROM = (2020, 11)
#: old codes by year; the national platform issued them from about 2015
OLD_YEARS = range(2014, 2021)
#: GB/T 2260 city codes of Guangdong's 21 prefecture-level cities (4400: the province itself)
GD_CITY_CODES = {
    "4400": "广东省",
    "4401": "广州",
    "4402": "韶关",
    "4403": "深圳",
    "4404": "珠海",
    "4405": "汕头",
    "4406": "佛山",
    "4407": "江门",
    "4408": "湛江",
    "4409": "茂名",
    "4412": "肇庆",
    "4413": "惠州",
    "4414": "梅州",
    "4415": "汕尾",
    "4416": "河源",
    "4417": "阳江",
    "4418": "清远",
    "4419": "东莞",
    "4420": "中山",
    "4451": "潮州",
    "4452": "揭阳",
    "4453": "云浮",
}
OLD_TYPES = {"01": "审批", "02": "核准", "03": "备案"}
MANAGEMENT_TYPE = {"examination": "01", "approval": "02", "filing": "03"}


@dataclass
class ProjectCode:
    code: str
    generation: str  # "pre-2020-11" | "gb-t-40058"
    issued: str  # "2019" or "2023-04"
    region: str
    city: str
    warnings: list[str] = field(default_factory=list)


def check_project_code(
    code: str, *, path: str = "code", management: str | None = None, on_or_before: date | None = None
) -> ProjectCode:
    """Validate a 项目代码; raise :class:`InputError` on a bad shape or a region outside Guangdong.

    ``on_or_before`` is a date the code must not postdate (the filing or approval date).
    """
    m = CODE_RE.match(code.strip())
    if not m:
        raise InputError(
            f"{code!r} is not a 项目代码 (expected 24 characters NNNN-NNNNNN-NN-NN-NNNNNN)", path
        )
    first, region, third, kind, _serial = m.groups()
    city = GD_CITY_CODES.get(region[:4])
    if not region.startswith("44") or city is None:
        raise InputError(f"region segment {region} is not a Guangdong division code (44xxxx)", path)
    warnings: list[str] = []
    yy, mm = int(first[:2]), int(first[2:])
    as_yymm = (2000 + yy, mm) if 1 <= mm <= 12 else None
    if as_yymm is not None and as_yymm >= NEW_FROM:
        generation, issued = "gb-t-40058", f"{as_yymm[0]}-{mm:02d}"
        issued_on = date(as_yymm[0], mm, 1)
        warnings.append(f"{path}: 新规范代码的校验码算法未核对")
    elif int(first) in OLD_YEARS:
        generation, issued, issued_on = "pre-2020-11", first, date(int(first), 1, 1)
        expected = MANAGEMENT_TYPE.get(management or "")
        if expected and kind != expected:
            warnings.append(
                f"{path}: 类型段 {kind} ({OLD_TYPES.get(kind, '未知')}) 与管理方式不一致"
                f" (类型代码对应关系未经核实)"
            )
        if not 1 <= int(third) <= 97:
            warnings.append(f"{path}: 行业段 {third} 不是 GB/T 4754 的大类代码")
    else:
        raise InputError(
            f"first segment {first} is neither a year (2014–2020) nor YYMM from 2020-11 on", path
        )
    if on_or_before is not None and issued_on > on_or_before:
        warnings.append(f"{path}: 赋码时间 {issued} 晚于备案/核准日期 {on_or_before}")
    return ProjectCode(code, generation, issued, region, city, warnings)
