"""北京证券交易所 listing financial standards, and before 2021-11-15 the 新三板精选层 it replaced
(listing-standards.md §4; quality R; dates M, consistent with R news).

1. 新三板精选层, 分层管理办法（2019年12月修订）精选层进入标准 (2019-12-27 → 2021-11-14).
2. 北交所, 股票上市规则（试行）2.1.3 (from 2021-11-15; 试行 dropped in 2025, values unchanged).
The same four standards (市值 / 预计市值); entry requires 创新层 listing for 12 months (manual check).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from huiqi.programs.external import UNVERIFIED, annotated, external_version
from huiqi.programs.listing_common import (
    NET_PROFIT_NOTE,
    fin,
    market_cap,
    net_assets,
    ocf,
    one_of,
    part,
    roe,
    roe_average_2y,
    standard,
    summed,
)
from huiqi.rules.expr import Param, Ratio, all_of, any_of
from huiqi.rules.params import load_parameters
from huiqi.rules.program import Criterion, ManualCheck, Program, ProgramFamily

PARAMETERS = load_parameters(Path(__file__).with_name("parameters.yaml"))
TITLE = "北交所上市（财务标准；2021-11-15 前为新三板精选层）"
_np1, _np2, _rev = fin("y-2", "net_profit"), fin("y-1", "net_profit"), fin("y-1", "revenue")


READING = (
    "逐条对照 2.1.2、2.1.3（转载摘要）：四套标准的市值、净利润、ROE、营收、增长率、现金流与研发门槛一致"
    "（“不低于”含本数，"
    "两年营收平均 1 亿元按两年合计 2 亿元比较，研发占比按两年合计计算）；净资产 5000 万元一致；精选层与北交所数值相同。"
)


def criteria(c: str, assets_clause: str) -> list[Criterion]:
    return [
        one_of(
            c,
            [
                standard(
                    "std-1",
                    "标准一：市值 2 亿元，两年净利润各 1500 万元且平均 ROE 8%，或一年净利润 2500 万元且 ROE 8%",
                    c,
                    [
                        part(
                            "std-1-market-cap",
                            "市值（预计市值）不低于 2 亿元",
                            c,
                            test=market_cap() >= Param("s1_market_cap"),
                        ),
                        part(
                            "std-1-profit",
                            "两年净利润均不低于 1500 万元且加权平均 ROE 平均不低于 8%，"
                            "或最近一年净利润不低于 2500 万元且 ROE 不低于 8%",
                            c,
                            test=any_of(
                                all_of(
                                    _np1 >= Param("s1_np_each"),
                                    _np2 >= Param("s1_np_each"),
                                    roe_average_2y() >= Param("s1_roe"),
                                ),
                                all_of(_np2 >= Param("s1_np_last"), roe("y-1") >= Param("s1_roe")),
                            ),
                            actual=_np2,
                            threshold=Param("s1_np_each"),
                            note=NET_PROFIT_NOTE + "；净资产收益率亦取孰低",
                        ),
                    ],
                ),
                standard(
                    "std-2",
                    "标准二：市值 4 亿元，两年营收平均 1 亿元，最近一年营收增长 30%，经营现金流为正",
                    c,
                    [
                        part("std-2-market-cap", "市值不低于 4 亿元", c, test=market_cap() >= Param("s2_market_cap")),
                        part(
                            "std-2-revenue",
                            "最近两年营业收入平均不低于 1 亿元",
                            c,
                            test=summed("revenue", 2) >= Param("s2_revenue_sum"),
                        ),
                        part(
                            "std-2-growth",
                            "最近一年营业收入增长率不低于 30%",
                            c,
                            test=Ratio(_rev - fin("y-2", "revenue"), fin("y-2", "revenue")) >= Param("s2_growth"),
                        ),
                        part("std-2-cash", "最近一年经营活动产生的现金流量净额为正", c, test=ocf("y-1") > 0),
                    ],
                ),
                standard(
                    "std-3",
                    "标准三：市值 8 亿元，营收 2 亿元，两年研发投入占比 8%",
                    c,
                    [
                        part("std-3-market-cap", "市值不低于 8 亿元", c, test=market_cap() >= Param("s3_market_cap")),
                        part("std-3-revenue", "最近一年营业收入不低于 2 亿元", c, test=_rev >= Param("s3_revenue")),
                        part(
                            "std-3-rd-share",
                            "最近两年研发投入合计占最近两年营业收入合计比例不低于 8%",
                            c,
                            test=Ratio(summed("rd_expense", 2), summed("revenue", 2)) >= Param("s3_rd_share"),
                        ),
                    ],
                ),
                standard(
                    "std-4",
                    "标准四：市值 15 亿元，两年研发投入合计 5000 万元",
                    c,
                    [
                        part("std-4-market-cap", "市值不低于 15 亿元", c, test=market_cap() >= Param("s4_market_cap")),
                        part(
                            "std-4-rd-sum",
                            "最近两年研发投入合计不低于 5000 万元",
                            c,
                            test=summed("rd_expense", 2) >= Param("s4_rd_sum"),
                        ),
                    ],
                ),
            ],
        ),
        part(
            "net-assets",
            "最近一年期末净资产不低于 5000 万元（上年末资产总额 − 负债总额）",
            assets_clause,
            test=net_assets() >= Param("net_assets_min"),
        ),
    ]


def _program(
    version_doc: str, start: dt.date | None, end: dt.date | None, c: str, assets: str, notes: list[str]
) -> Program:
    return Program(
        id="listing-bse",
        title=TITLE,
        level="enterprise",
        version=external_version(version_doc, start, end),
        criteria=annotated(criteria(c, assets), UNVERIFIED),
        manual_checks=[
            ManualCheck("在全国股转系统连续挂牌满 12 个月的创新层挂牌公司", assets),
            ManualCheck(
                "公开发行不少于 100 万股、发行对象不少于 100 人；发行后股本不少于 3000 万元、股东不少于 200 人、"
                "公众股东持股不低于 25%（股本超过 4 亿元的 10%）",
                assets,
            ),
        ],
        parameters=PARAMETERS,
        notes=[
            *notes,
            "来源质量 R（征求意见稿转载、数据商字段），未经官方文本核实。",
            READING,
        ],
        summary="北交所（前身新三板精选层）公开发行并上市的市值及财务指标（四套标准之一）。",
    )


def family() -> ProgramFamily:
    select = "neeq-tiering-2019 精选层进入标准"
    first = _program(
        "neeq-tiering-2019",
        dt.date(2019, 12, 27),
        dt.date(2021, 11, 14),
        select,
        select,
        ["新三板精选层：分层管理办法 2019-12-27 发布即施行（M），首批 2020-07-27 交易（M）；标准以“市值”计。"],
    )
    second = _program(
        "bse-rules-2021",
        None,
        None,
        "bse-rules-2021 2.1.3",
        "bse-rules-2021 2.1.2",
        [
            "北交所 2021-11-15 开市，原精选层公司平移（R）；2025 年起规则不再称“试行”，数值未变（R）。",
            "2023 年起“连续挂牌满 12 个月”计至上市委审议时（M，未编码）。",
        ],
    )
    return ProgramFamily(first.id, TITLE, [first, second])
