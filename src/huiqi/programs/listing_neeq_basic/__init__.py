"""新三板基础层 挂牌条件 — 全国中小企业股份转让系统挂牌条件适用基本标准指引（2017年9月修订）(quality R).
One version, 2017-09-09 → 2023-02-16: the 2023 《股票挂牌规则》 financial tests are a recollection
only (M) and are not encoded, so from 2023-02-17 the program answers ``not_in_force``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from huiqi.programs.external import UNVERIFIED, annotated, external_version
from huiqi.programs.inputs import pending
from huiqi.programs.listing_common import net_assets, one_of, part, standard, summed
from huiqi.rules.expr import AsOf, Param, date
from huiqi.rules.params import load_parameters
from huiqi.rules.program import ManualCheck, Program, ProgramFamily

PARAMETERS = load_parameters(Path(__file__).with_name("parameters.yaml"))
C = "neeq-listing-guideline-2017 持续经营能力"
YEARS = int(PARAMETERS["operating_years_min"].periods[0].value)  # type: ignore[arg-type]

CRITERIA = [
    part(
        "operating-2-years",
        "依法设立且存续满两年（成立日期不晚于 as_of 前 2 年同日）",
        C,
        test=date("enterprise.established") <= AsOf(-YEARS),
        question="企业成立日期？",
        note="有限公司按账面净资产折股整体变更的，存续期自有限公司成立之日起算",
    ),
    one_of(
        C,
        [
            standard(
                "std-revenue",
                "最近两个完整会计年度营业收入累计不低于 1000 万元",
                C,
                [
                    part(
                        "revenue-2y",
                        "最近两个完整会计年度营业收入累计不低于 1000 万元",
                        C,
                        test=summed("revenue", 2) >= Param("revenue_2y_min"),
                    ),
                ],
            ),
            standard(
                "std-net-assets",
                "研发周期较长：最近一期末净资产不少于 3000 万元",
                C,
                [
                    part(
                        "net-assets-alt",
                        "最近一期末净资产不少于 3000 万元（上年末资产总额 − 负债总额）",
                        C,
                        test=net_assets() >= Param("net_assets_alt_min"),
                    ),
                ],
            ),
        ],
        label="持续经营能力：营业收入或（研发周期长的）净资产达标",
    ),
    part(
        "capital",
        "报告期末股本不少于 500 万元",
        C,
        test=pending("enterprise.listing.share_capital_wan") >= Param("capital_min"),
    ),
]


def family() -> ProgramFamily:
    program = Program(
        id="listing-neeq-basic",
        title="新三板基础层挂牌（基本标准）",
        level="enterprise",
        version=external_version("neeq-listing-guideline-2017", end=dt.date(2023, 2, 16)),
        criteria=annotated(CRITERIA, UNVERIFIED),
        manual_checks=[
            ManualCheck("报告期末每股净资产不低于 1 元/股", C),
            ManualCheck("业务明确、公司治理健全、股权明晰、主办券商推荐", C),
            ManualCheck("“研发周期较长”须说明（净资产替代营业收入的前提）", C),
        ],
        parameters=PARAMETERS,
        notes=[
            "来源质量 R（中国经济网 2017-09-09 转载）。",
            "2023 年《股票挂牌规则》（仅凭记忆：净利润 800/600 万元、营收 3000/5000 万元、研发等五套标准）未找到来源，"
            "未编码：2023-02-17 起本项目不作答。",
            "区域性股权市场（广东股权交易中心、前海股权交易中心）无全国统一的财务门槛（M）。",
            "逐条对照 2017 年指引（转载摘要）：存续满两年、两个完整会计年度营收累计 1000 万元（研发周期较长的以净资产 "
            "3000 万元替代）、股本 500 万元均一致且含本数，每股净资产 1 元列为人工核查；"
            "有效期止于 2023-02-16 与摘要一致。",
        ],
        summary="股份有限公司在新三板（基础层）挂牌的持续经营能力财务标准。",
    )
    return ProgramFamily(program.id, program.title, [program])
