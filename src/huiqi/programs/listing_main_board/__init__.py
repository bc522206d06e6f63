"""沪深主板 listing financial standards, by version (listing-standards.md §3; quality R throughout).

1. 核准制, 《首次公开发行股票并上市管理办法》 第二十六条 (to 2023-02-16): one standard, all parts.
2. 全面注册制, 股票上市规则（2023年2月修订）3.1.2 (2023-02-17 → 2024-04-29): one of three.
3. 股票上市规则（2024年4月修订）3.1.2 (from 2024-04-30): the same three, raised.
Financial standards only: the other conditions are manual checks. No money: ``reward`` is None.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from huiqi.programs.external import UNVERIFIED, annotated, external_version
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
from huiqi.rules.expr import Param, any_of
from huiqi.rules.params import load_parameters
from huiqi.rules.program import Criterion, ManualCheck, Program, ProgramFamily, Version

PARAMETERS = load_parameters(Path(__file__).with_name("parameters.yaml"))
TITLE = "沪深主板上市（财务标准）"
V1 = "csrc-ipo-measures 第二十六条"


READING = (
    "逐条对照首发办法第二十六条与 3.1.2（转载摘要）：核准制的“超过”不含本数（3000 万元、5000 万元、3 亿元），"
    "注册制的“不低于”含本数；2023 年与 2024 年三套标准的数值一致（1.5/2 亿元、6000 万/1 亿元、1/2 亿元或 10/15 亿元；"
    "50 亿元 + 6 亿元 + 1.5/2.5 亿元；80/100 亿元 + 8/10 亿元）；首发办法第九条“持续经营 3 年以上的股份有限公司”"
    "不属财务标准，未编码。"
)


def _version_1() -> list[Criterion]:
    return [
        standard(
            "standards",
            "首发办法第二十六条的财务条件（同时满足）",
            V1,
            [
                part(
                    "v1-profits",
                    "最近 3 个会计年度净利润均为正且累计超过 3000 万元",
                    V1,
                    test=profits_positive(3) & (summed("net_profit", 3) > Param("v1_np_sum")),
                    actual=summed("net_profit", 3),
                    threshold=Param("v1_np_sum"),
                    note=NET_PROFIT_NOTE,
                ),
                part(
                    "v1-cash-or-revenue",
                    "最近 3 年经营活动现金流量净额累计超过 5000 万元，或营业收入累计超过 3 亿元",
                    V1,
                    test=any_of(ocf_sum(3) > Param("v1_ocf_sum"), summed("revenue", 3) > Param("v1_revenue_sum")),
                    actual=summed("revenue", 3),
                    threshold=Param("v1_revenue_sum"),
                ),
            ],
        )
    ]


def _registration(clause: str) -> list[Criterion]:
    last_np, last_rev = fin("y-1", "net_profit"), fin("y-1", "revenue")
    return [
        one_of(
            clause,
            [
                standard(
                    "std-1",
                    "标准一：3 年净利润为正且累计、最近一年达标，现金流或营收累计达标",
                    clause,
                    [
                        part(
                            "std-1-profits",
                            "最近 3 年净利润均为正，累计不低于下限",
                            clause,
                            test=profits_positive(3) & (summed("net_profit", 3) >= Param("s1_np_sum")),
                            actual=summed("net_profit", 3),
                            threshold=Param("s1_np_sum"),
                            note=NET_PROFIT_NOTE,
                        ),
                        part(
                            "std-1-last-profit", "最近一年净利润不低于下限", clause, test=last_np >= Param("s1_np_last")
                        ),
                        part(
                            "std-1-cash-or-revenue",
                            "最近 3 年经营活动现金流量净额累计或营业收入累计达到下限",
                            clause,
                            test=any_of(
                                ocf_sum(3) >= Param("s1_ocf_sum"), summed("revenue", 3) >= Param("s1_revenue_sum")
                            ),
                            actual=summed("revenue", 3),
                            threshold=Param("s1_revenue_sum"),
                        ),
                    ],
                ),
                standard(
                    "std-2",
                    "标准二：预计市值 50 亿元，最近一年盈利、营收 6 亿元，3 年现金流累计达标",
                    clause,
                    [
                        part(
                            "std-2-market-cap",
                            "预计市值不低于 50 亿元",
                            clause,
                            test=market_cap() >= Param("s2_market_cap"),
                        ),
                        part("std-2-profit", "最近一年净利润为正", clause, test=last_np > 0),
                        part(
                            "std-2-revenue",
                            "最近一年营业收入不低于 6 亿元",
                            clause,
                            test=last_rev >= Param("s2_revenue"),
                        ),
                        part(
                            "std-2-cash",
                            "最近 3 年经营活动现金流量净额累计达到下限",
                            clause,
                            test=ocf_sum(3) >= Param("s2_ocf_sum"),
                        ),
                    ],
                ),
                standard(
                    "std-3",
                    "标准三：预计市值、最近一年盈利和营业收入达标",
                    clause,
                    [
                        part(
                            "std-3-market-cap",
                            "预计市值不低于下限",
                            clause,
                            test=market_cap() >= Param("s3_market_cap"),
                        ),
                        part("std-3-profit", "最近一年净利润为正", clause, test=last_np > 0),
                        part(
                            "std-3-revenue", "最近一年营业收入不低于下限", clause, test=last_rev >= Param("s3_revenue")
                        ),
                    ],
                ),
            ],
        )
    ]


def _program(version: Version, criteria: list[Criterion], manual: list[ManualCheck], notes: list[str]) -> Program:
    return Program(
        id="listing-main-board",
        title=TITLE,
        level="enterprise",
        version=version,
        criteria=annotated(criteria, UNVERIFIED),
        manual_checks=manual,
        parameters=PARAMETERS,
        notes=[*notes, "来源质量 R（转载、数据商字段），未经交易所官方文本核实。", READING],
        summary="沪深主板首次公开发行上市的市值及财务指标（拟挂牌上市企业梯度培育的参考）。",
    )


def family() -> ProgramFamily:
    first = _program(
        Version(
            "csrc-ipo-measures",
            "首次公开发行股票并上市管理办法（核准制）",
            dt.date(2019, 1, 1),
            dt.date(2023, 2, 16),
            "R",
        ),
        _version_1(),
        [
            ManualCheck("发行前股本总额不少于 3000 万元", V1),
            ManualCheck("最近一期末无形资产（扣除土地使用权等）占净资产比例不高于 20%", V1),
            ManualCheck("最近一期末不存在未弥补亏损", V1),
        ],
        ["核准制时期的首发办法在 2019 年前已施行；本工具自 2019-01-01 起作答。"],
    )
    second = _program(
        external_version("exchange-main-rules-2023", end=dt.date(2024, 4, 29)),
        _registration("exchange-main-rules-2023 3.1.2"),
        [
            ManualCheck(
                "发行后股本总额不低于 5000 万元；公开发行股份达 25%（股本超过 4 亿元的 10%）",
                "exchange-main-rules-2023 3.1.2",
            )
        ],
        ["全面注册制自 2023-02-17 起施行（证监会令第205号）。"],
    )
    third = _program(
        external_version("exchange-main-rules-2024"),
        _registration("exchange-main-rules-2024 3.1.2"),
        [
            ManualCheck(
                "发行后股本总额不低于 5000 万元；公开发行股份达 25%（股本超过 4 亿元的 10%）",
                "exchange-main-rules-2024 3.1.2",
            )
        ],
        [
            "2024-04-30 起提高标准；此前已通过上市委审议的发行人适用原标准（过渡安排仅凭记忆，M，未编码）。",
            "深交所 2026 年修订本第 3.1.2 条是否改动数值未见（R）：本版本继续作答。",
        ],
    )
    return ProgramFamily(first.id, TITLE, [first, second, third])
