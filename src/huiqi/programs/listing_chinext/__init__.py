"""创业板 listing financial standards, by version (listing-standards.md §1; quality R throughout).

1. 核准制, 《首次公开发行股票并在创业板上市管理办法》 第十一条 (to 2020-06-11).
2. 注册制, 创业板股票上市规则（2020年修订）2.1.2 (2020-06-12 → 2024-04-29; date M).
3. 创业板股票上市规则（2024年修订）2.1.2 (from 2024-04-30; date M): raised ① and ②.
Standard ③ for loss-making issuers is the named assumption ``chinext-std3-profit``.
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
    one_of,
    part,
    profits_positive,
    standard,
    summed,
)
from huiqi.rules.expr import Const, Param, choice
from huiqi.rules.params import load_parameters
from huiqi.rules.program import Assumption, Criterion, ManualCheck, Program, ProgramFamily, Version

PARAMETERS = load_parameters(Path(__file__).with_name("parameters.yaml"))
TITLE = "创业板上市（财务标准）"
V1 = "csrc-chinext-ipo-measures 第十一条"

STD3_PROFIT = Assumption(
    id="chinext-std3-profit",
    question="标准三（预计市值 50 亿元、营收 3 亿元）是否适用于尚未盈利的发行人？",
    options={
        "profitable-only": "仅适用于最近一年净利润为正的发行人"
        "（2020 年起暂缓未盈利企业；2025-06 起仅对特定行业放开，行业范围未核实）",
        "open": "不要求盈利（按规则文字，不考虑暂缓安排）",
    },
    default="profitable-only",
    clause="szse-chinext-rules-2020 2.1.2",
)

_np, _rev = fin("y-1", "net_profit"), fin("y-1", "revenue")


READING = (
    "逐条对照第十一条与 2.1.2（转载摘要）：三个版本的门槛一致（核准制 净利润累计 1000 万元、营收 5000 万元、净资产 "
    "2000 万元；2020 年 5000 万元 / 10 亿元 + 1 亿元 / 50 亿元 + 3 亿元；2024 年 1 亿元且最近一年 6000 万元 / "
    "15 亿元 + "
    "4 亿元 / 50 亿元 + 3 亿元，均含本数）；2020 版标准一没有最近一年下限，参数记为 0（两年均为正已涵盖）；"
    "“持续经营三年以上的股份有限公司”不属财务标准，未编码。"
)


def _version_1() -> list[Criterion]:
    return [
        one_of(
            V1,
            [
                standard(
                    "v1-two-years",
                    "最近两年连续盈利，净利润累计不少于 1000 万元",
                    V1,
                    [
                        part(
                            "v1-two-years-profit",
                            "最近两年净利润均为正且累计不少于 1000 万元",
                            V1,
                            test=profits_positive(2) & (summed("net_profit", 2) >= Param("v1_np_sum")),
                            actual=summed("net_profit", 2),
                            threshold=Param("v1_np_sum"),
                            note=NET_PROFIT_NOTE,
                        ),
                    ],
                ),
                standard(
                    "v1-one-year",
                    "最近一年盈利，营业收入不少于 5000 万元",
                    V1,
                    [
                        part("v1-one-year-profit", "最近一年净利润为正", V1, test=_np > 0),
                        part(
                            "v1-one-year-revenue",
                            "最近一年营业收入不少于 5000 万元",
                            V1,
                            test=_rev >= Param("v1_revenue"),
                        ),
                    ],
                ),
            ],
            label="盈利条件之一",
        ),
        part(
            "v1-net-assets",
            "最近一期末净资产不少于 2000 万元（以上年末资产总额 − 负债总额计）",
            V1,
            test=net_assets() >= Param("v1_net_assets"),
        ),
    ]


def _registration(clause: str) -> list[Criterion]:
    return [
        one_of(
            clause,
            [
                standard(
                    "std-1",
                    "标准一：最近两年净利润均为正且累计达标（2024 版另要求最近一年 6000 万元）",
                    clause,
                    [
                        part(
                            "std-1-profits",
                            "最近两年净利润均为正且累计不低于下限",
                            clause,
                            test=profits_positive(2) & (summed("net_profit", 2) >= Param("s1_np_sum")),
                            actual=summed("net_profit", 2),
                            threshold=Param("s1_np_sum"),
                            note=NET_PROFIT_NOTE,
                        ),
                        part(
                            "std-1-last-profit",
                            "最近一年净利润不低于下限（2020 版无此项）",
                            clause,
                            test=_np >= Param("s1_np_last"),
                        ),
                    ],
                ),
                standard(
                    "std-2",
                    "标准二：预计市值、最近一年盈利和营业收入达标",
                    clause,
                    [
                        part(
                            "std-2-market-cap",
                            "预计市值不低于下限",
                            clause,
                            test=market_cap() >= Param("s2_market_cap"),
                        ),
                        part("std-2-profit", "最近一年净利润为正", clause, test=_np > 0),
                        part("std-2-revenue", "最近一年营业收入不低于下限", clause, test=_rev >= Param("s2_revenue")),
                    ],
                ),
                standard(
                    "std-3",
                    "标准三：预计市值 50 亿元，最近一年营业收入 3 亿元",
                    clause,
                    [
                        part(
                            "std-3-market-cap",
                            "预计市值不低于 50 亿元",
                            clause,
                            test=market_cap() >= Param("s3_market_cap"),
                        ),
                        part(
                            "std-3-revenue", "最近一年营业收入不低于 3 亿元", clause, test=_rev >= Param("s3_revenue")
                        ),
                        part(
                            "std-3-profit",
                            "最近一年净利润为正（按假设 chinext-std3-profit）",
                            clause,
                            test=choice(STD3_PROFIT.id, profitable_only=_np > 0, open=Const(True)),
                            actual=_np,
                        ),
                    ],
                ),
            ],
        )
    ]


def _program(
    version: Version,
    criteria: list[Criterion],
    manual: list[ManualCheck],
    notes: list[str],
    assumptions: list[Assumption],
) -> Program:
    return Program(
        id="listing-chinext",
        title=TITLE,
        level="enterprise",
        version=version,
        criteria=annotated(criteria, UNVERIFIED),
        manual_checks=manual,
        assumptions=assumptions,
        parameters=PARAMETERS,
        notes=[*notes, "来源质量 R（转载、数据商字段），未经深交所官方文本核实。", READING],
        summary="深交所创业板首次公开发行上市的市值及财务指标（境内企业，无表决权差异安排）。",
    )


def family() -> ProgramFamily:
    first = _program(
        Version(
            "csrc-chinext-ipo-measures",
            "首次公开发行股票并在创业板上市管理办法（核准制）",
            dt.date(2019, 1, 1),
            dt.date(2020, 6, 11),
            "R",
        ),
        _version_1(),
        [ManualCheck("最近一期末不存在未弥补亏损；发行后股本总额不少于 3000 万元", V1)],
        ["核准制时期的创业板首发办法在 2019 年前已施行；本工具自 2019-01-01 起作答。"],
        [],
    )
    manual = "发行后股本总额不低于 3000 万元；公开发行股份达 25%（股本超过 4 亿元的 10%）"
    second = _program(
        external_version("szse-chinext-rules-2020", end=dt.date(2024, 4, 29)),
        _registration("szse-chinext-rules-2020 2.1.2"),
        [ManualCheck(manual, "szse-chinext-rules-2020 2.1.2")],
        ["施行日期 2020-06-12 仅凭记忆（M）；首批注册制上市 2020-08-24（M）。"],
        [STD3_PROFIT],
    )
    third = _program(
        external_version("szse-chinext-rules-2024"),
        _registration("szse-chinext-rules-2024 2.1.2"),
        [ManualCheck(manual, "szse-chinext-rules-2024 2.1.2")],
        [
            "施行日期 2024-04-30 仅凭记忆（M，年份为 R）。",
            "2026 年 4 月修订增设标准四（未盈利的新兴/未来产业企业：市值 30 亿元 + 营收 2 亿元 + 3 年营收复合增长 30%，"
            "或市值 40 亿元 + 营收 2 亿元 + 3 年研发 1 亿元且占比 15%）；施行日与行业范围未核实，未编码。",
        ],
        [STD3_PROFIT],
    )
    return ProgramFamily(first.id, TITLE, [first, second, third])
