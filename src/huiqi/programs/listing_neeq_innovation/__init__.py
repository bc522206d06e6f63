"""新三板创新层 entry standards — 全国中小企业股份转让系统分层管理办法（2019年12月修订）(quality R;
date M). One version, 2019-12-27 → 2022-03-03: the 2022 revision's standards are a recollection only
(M) and are not encoded, so from 2022-03-04 the program answers ``not_in_force``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from huiqi.programs.external import UNVERIFIED, annotated, external_version
from huiqi.programs.inputs import pending
from huiqi.programs.listing_common import (
    NET_PROFIT_NOTE,
    fin,
    net_assets,
    one_of,
    part,
    roe_average_2y,
    standard,
    summed,
)
from huiqi.rules.expr import Param, Ratio, all_of
from huiqi.rules.params import load_parameters
from huiqi.rules.program import ManualCheck, Program, ProgramFamily

PARAMETERS = load_parameters(Path(__file__).with_name("parameters.yaml"))
C = "neeq-tiering-2019 创新层进入标准"
COMMON = "neeq-tiering-2019 创新层共同条件"
_capital = pending("enterprise.listing.share_capital_wan")
_rev1, _rev2 = fin("y-2", "revenue"), fin("y-1", "revenue")

CRITERIA = [
    one_of(
        C,
        [
            standard(
                "std-1",
                "标准一：两年净利润各 1000 万元，平均 ROE 8%，股本 2000 万元",
                C,
                [
                    part(
                        "std-1-profit",
                        "最近两年净利润均不低于 1000 万元",
                        C,
                        test=all_of(
                            fin("y-2", "net_profit") >= Param("s1_np_each"),
                            fin("y-1", "net_profit") >= Param("s1_np_each"),
                        ),
                        actual=fin("y-1", "net_profit"),
                        threshold=Param("s1_np_each"),
                        note=NET_PROFIT_NOTE,
                    ),
                    part(
                        "std-1-roe",
                        "最近两年加权平均净资产收益率平均不低于 8%",
                        C,
                        test=roe_average_2y() >= Param("s1_roe"),
                    ),
                    part("std-1-capital", "股本总额不少于 2000 万元", C, test=_capital >= Param("s12_capital")),
                ],
            ),
            standard(
                "std-2",
                "标准二：两年营收平均 6000 万元，持续增长且复合增长率 50%，股本 2000 万元",
                C,
                [
                    part(
                        "std-2-revenue",
                        "最近两年营业收入平均不低于 6000 万元",
                        C,
                        test=summed("revenue", 2) >= Param("s2_revenue_sum"),
                    ),
                    part(
                        "std-2-growth",
                        "营业收入持续增长，年均复合增长率不低于 50%（上年 ÷ 前年 ≥ 1.5）",
                        C,
                        test=Ratio(_rev2, _rev1) >= Param("s2_growth_factor"),
                        note="两年窗口内的复合增长按上年相对前年计（解读，未核实）",
                    ),
                    part("std-2-capital", "股本总额不少于 2000 万元", C, test=_capital >= Param("s12_capital")),
                ],
            ),
            standard(
                "std-3",
                "标准三：60 个交易日平均市值 6 亿元，股本 5000 万元",
                C,
                [
                    part(
                        "std-3-market-cap",
                        "最近有成交的 60 个做市或集合竞价交易日平均市值不低于 6 亿元",
                        C,
                        test=pending("enterprise.listing.avg_market_cap_60d_wan") >= Param("s3_market_cap"),
                    ),
                    part("std-3-capital", "股本总额不少于 5000 万元", C, test=_capital >= Param("s3_capital")),
                ],
            ),
        ],
    ),
    part(
        "net-assets-not-negative",
        "最近一年期末净资产不为负值（上年末资产总额 − 负债总额）",
        COMMON,
        test=net_assets() >= 0,
    ),
]


def family() -> ProgramFamily:
    program = Program(
        id="listing-neeq-innovation",
        title="新三板创新层（进入标准）",
        level="enterprise",
        version=external_version("neeq-tiering-2019", end=dt.date(2022, 3, 3)),
        criteria=annotated(CRITERIA, UNVERIFIED),
        manual_checks=[
            ManualCheck(
                "挂牌以来完成过定向发行且融资累计不低于 1000 万元；合格投资者不少于 50 人；公司治理健全", COMMON
            ),
            ManualCheck("采取做市交易方式的，做市商家数不少于 6 家（标准三）", C),
        ],
        parameters=PARAMETERS,
        notes=[
            "来源质量 R（咨询机构转载）；施行日期 2019-12-27 仅凭记忆（M）。",
            "2022 年修订（仅凭记忆：2022-03-04 起净利润 1000 万元且平均 ROE 6%、营收平均 8000 万元且复合增长 30%、"
            "研发 2500 万元且融资 4000 万元、平均市值 3 亿元）未找到来源，未编码：2022-03-04 起本项目不作答。",
            "勿用网上流传的 AI 生成表格（与所有来源矛盾）。",
            "逐条对照 2019 年分层管理办法（转载摘要）：三套标准的门槛一致（净利润各 1000 万元、平均 ROE 8%、"
            "股本 2000 万元；"
            "营收平均 6000 万元按两年合计 1.2 亿元；平均市值 6 亿元、股本 5000 万元）；“年均复合增长率不低于 50%”"
            "在两年窗口内按上年 ÷ 前年 ≥ 1.5 计，是未核实的解读（见该条说明）。",
        ],
        summary="新三板挂牌公司进入创新层的财务标准（三套之一）。",
    )
    return ProgramFamily(program.id, program.title, [program])
