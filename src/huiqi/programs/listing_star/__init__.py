"""科创板 listing financial standards — 上海证券交易所科创板股票上市规则 2.1.2 (quality P: the 2019 text is
reposted article by article; in force 2019-03-01, date R). One version: later revisions kept the
thresholds (R). 科创属性 (a separate CSRC/SSE guideline) is not a listing standard and not encoded.
"""

from __future__ import annotations

from pathlib import Path

from huiqi.programs.external import external_version
from huiqi.programs.inputs import pending
from huiqi.programs.listing_common import (
    NET_PROFIT_NOTE,
    fin,
    market_cap,
    ocf_sum,
    one_of,
    part,
    profits_positive,
    standard,
    summed,
)
from huiqi.rules.expr import Param, Ratio, all_of, any_of
from huiqi.rules.params import load_parameters
from huiqi.rules.program import ManualCheck, Program, ProgramFamily

PARAMETERS = load_parameters(Path(__file__).with_name("parameters.yaml"))
DOC = "sse-star-rules-2019"
C = f"{DOC} 2.1.2"
_np, _rev = fin("y-1", "net_profit"), fin("y-1", "revenue")

STANDARDS = one_of(
    C,
    [
        standard(
            "std-1",
            "标准一：预计市值 10 亿元，且两年盈利累计 5000 万元或一年盈利且营收 1 亿元",
            C,
            [
                part("std-1-market-cap", "预计市值不低于 10 亿元", C, test=market_cap() >= Param("s1_market_cap")),
                part(
                    "std-1-results",
                    "最近两年净利润均为正且累计不低于 5000 万元，或最近一年净利润为正且营业收入不低于 1 亿元",
                    C,
                    test=any_of(
                        profits_positive(2) & (summed("net_profit", 2) >= Param("s1_np_sum")),
                        all_of(_np > 0, _rev >= Param("s1_revenue")),
                    ),
                    actual=summed("net_profit", 2),
                    threshold=Param("s1_np_sum"),
                    note=NET_PROFIT_NOTE,
                ),
            ],
        ),
        standard(
            "std-2",
            "标准二：预计市值 15 亿元，营收 2 亿元，三年研发投入占比 15%",
            C,
            [
                part("std-2-market-cap", "预计市值不低于 15 亿元", C, test=market_cap() >= Param("s2_market_cap")),
                part("std-2-revenue", "最近一年营业收入不低于 2 亿元", C, test=_rev >= Param("s2_revenue")),
                part(
                    "std-2-rd-share",
                    "最近三年累计研发投入占最近三年累计营业收入的比例不低于 15%",
                    C,
                    test=Ratio(summed("rd_expense", 3), summed("revenue", 3)) >= Param("s2_rd_share"),
                ),
            ],
        ),
        standard(
            "std-3",
            "标准三：预计市值 20 亿元，营收 3 亿元，三年经营现金流累计 1 亿元",
            C,
            [
                part("std-3-market-cap", "预计市值不低于 20 亿元", C, test=market_cap() >= Param("s3_market_cap")),
                part("std-3-revenue", "最近一年营业收入不低于 3 亿元", C, test=_rev >= Param("s3_revenue")),
                part(
                    "std-3-cash",
                    "最近三年经营活动产生的现金流量净额累计不低于 1 亿元",
                    C,
                    test=ocf_sum(3) >= Param("s3_ocf_sum"),
                ),
            ],
        ),
        standard(
            "std-4",
            "标准四：预计市值 30 亿元，营收 3 亿元",
            C,
            [
                part("std-4-market-cap", "预计市值不低于 30 亿元", C, test=market_cap() >= Param("s4_market_cap")),
                part("std-4-revenue", "最近一年营业收入不低于 3 亿元", C, test=_rev >= Param("s4_revenue")),
            ],
        ),
        standard(
            "std-5",
            "标准五：预计市值 40 亿元，业务或产品经批准、市场空间大、已取得阶段性成果",
            C,
            [
                part("std-5-market-cap", "预计市值不低于 40 亿元", C, test=market_cap() >= Param("s5_market_cap")),
                part(
                    "std-5-stage-results",
                    "主要业务或产品需经国家有关部门批准，市场空间大，已取得阶段性成果（医药：核心产品获准开展二期临床）",
                    C,
                    test=pending("enterprise.listing.star_std5_qualitative").eq(True),
                ),
            ],
        ),
    ],
)


def family() -> ProgramFamily:
    program = Program(
        id="listing-star",
        title="科创板上市（财务标准）",
        level="enterprise",
        version=external_version(DOC),
        criteria=[STANDARDS],
        manual_checks=[
            ManualCheck("发行后股本总额不低于 3000 万元；公开发行股份达 25%（股本超过 4 亿元的 10%）", f"{DOC} 2.1.2"),
            ManualCheck("符合科创板定位（科创属性评价指引，另行评价）", f"{DOC} 2.1.2"),
        ],
        parameters=PARAMETERS,
        notes=[
            "来源质量 P（2019 年规则逐条转载）；施行日期 2019-03-01 为 R（新华社转载）。"
            "后续修订未改动 2.1.2 门槛（R）。",
            "2025-06-18 起科创成长层：标准五对未盈利企业重新开放并扩至人工智能、商业航天、低空经济（R），"
            "无新增数值门槛。",
            "红筹企业（2.1.3）与表决权差异安排（2.1.4）：市值 100 亿元，或市值 50 亿元且营收 5 亿元（未编码）。",
            "逐条对照 2.1.2（逐条转载）：五套标准的市值（10/15/20/30/40 亿元）、净利润、营收、"
            "研发占比 15%（三年合计）、"
            "现金流 1 亿元门槛一致，均含本数；标准五的定性条件由 pending 输入作答。",
        ],
        summary="上交所科创板首次公开发行上市的市值及财务指标（五套标准之一）。",
    )
    return ProgramFamily(program.id, program.title, [program])
