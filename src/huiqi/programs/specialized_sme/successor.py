"""专精特新中小企业 under 工信部企业〔2026〕2号 附件1 (from 2026-04-01; quality R, 政策通 and a PRD's
rules S-01..S-09). All six required; the 60-point table, the direct conditions and the 15-point
特色化 are gone. 复核 (≥ 50 in either of the last two years) is not modelled.
"""

from __future__ import annotations

from huiqi.programs.external import UNVERIFIED, annotated, external_version
from huiqi.programs.inputs import pending
from huiqi.programs.sme_tiers import DOC_2026, class1_at_least, debt_ratio, fin, in_guangdong, is_true, share
from huiqi.rules.expr import Param, all_of, any_of, money, number, text
from huiqi.rules.params import Parameter
from huiqi.rules.program import Criterion, ManualCheck, Program

A1 = f"{DOC_2026} 附件1"


def _year_rd(year: str) -> Criterion:
    return Criterion(
        id=f"rd-{year}",
        label=f"{'上年' if year == 'y-1' else '前年'}研发费用不低于 100 万元且占营业收入比重不低于 3%",
        clause=A1,
        test=all_of(
            fin(year, "rd_expense") >= Param("rd_amount_min"),
            share(year, "rd_expense", "revenue") >= Param("rd_share_min"),
        ),
        actual=share(year, "rd_expense", "revenue"),
        threshold=Param("rd_share_min"),
        question="近两年各年研发费用和营业收入（万元）？",
    )


CRITERIA = [
    Criterion(
        id="innovative-status",
        label="已是科技和创新型中小企业（有效期内）",
        clause=A1,
        test=is_true("enterprise.status.innovative_sme"),
        question="是否为有效期内的创新型（科技型）中小企业？",
    ),
    Criterion(
        id="niche-years",
        label="从事特定细分市场 3 年以上",
        clause=A1,
        test=number("enterprise.specialization.years_in_niche") >= Param("niche_years_min"),
        question="从事特定细分市场的年数？",
    ),
    Criterion(
        id="revenue-or-equity",
        label="上年度营业收入 1500 万元以上，或近两年新增股权投资 2000 万元以上",
        clause=A1,
        combine="any",
        parts=(
            Criterion(
                id="revenue",
                label="上年度营业收入 1500 万元以上",
                clause=A1,
                test=fin("y-1", "revenue") >= Param("revenue_min"),
            ),
            Criterion(
                id="equity-alternative",
                label="近两年新增股权投资 2000 万元以上",
                clause=A1,
                test=money("enterprise.equity_financing_2y_wan") >= Param("equity_alt_min"),
            ),
        ),
    ),
    Criterion(
        id="main-business-share",
        label="上年度主营业务收入占营业收入比重 80% 以上",
        clause=A1,
        test=share("y-1", "main_business_revenue", "revenue") >= Param("main_business_share_min"),
    ),
    Criterion(
        id="debt-ratio",
        label="上年末资产负债率不高于 80%",
        clause=A1,
        test=debt_ratio() <= Param("debt_ratio_max"),
    ),
    Criterion(
        id="rd-each-year",
        label="近两年每年研发费用不低于 100 万元且占营业收入比重不低于 3%",
        clause=A1,
        parts=(_year_rd("y-2"), _year_rd("y-1")),
    ),
    Criterion(
        id="class1-ip",
        label="拥有 1 项以上与主导产品相关的Ⅰ类知识产权（近三年省部级以上科技奖励前三或拥有省部级以上研发机构的免）",
        clause=A1,
        test=any_of(
            class1_at_least(1),
            # 省部级以上…前三: not 63号's 直通 flag (省级前三或国家级前五), which also admits 国家级第四、五名
            is_true("enterprise.innovation.ministerial_sci_award_top3"),
            is_true("enterprise.innovation.national_sci_award_top3"),
            text("enterprise.innovation.rd_institution").is_in(("provincial", "national")),
        ),
        question="与主导产品相关的Ⅰ类知识产权数？",
    ),
    Criterion(
        id="development-score",
        label="专精特新发展评价得分不低于 50 分（平台计算）",
        clause=A1,
        test=pending("enterprise.innovation.development_score") >= Param("development_score_min"),
        unit="分",
    ),
]


def second_version(parameters: dict[str, Parameter]) -> Program:
    return Program(
        id="specialized-sme",
        title="专精特新中小企业（国家梯度培育）",
        level="enterprise",
        version=external_version(DOC_2026),
        applicability=[in_guangdong(A1)],
        criteria=annotated(CRITERIA, UNVERIFIED),
        manual_checks=[
            ManualCheck("主导产品市场占有率较为靠前（无量化标准）", A1),
            ManualCheck("Ⅰ类知识产权须实际应用并已产生经济效益", A1),
        ],
        parameters=parameters,
        notes=[
            "2026-04-01 前已认定的企业在有效期内继续有效；有效期三年；每年 5 月 31 日前在平台更新数据（据转载）。",
            "复核：近两年任一年发展评价得分不低于 50 分（本工具未建模复核）。",
            "2026-04-01 起 2号 与粤工信规字〔2024〕5号 冲突之处以 2号 为准，15 分特色化取消（据政策通）。",
            "本版本依据转载整理（来源质量 R），未经官方文本核实。",
            "逐条对照附件1（转载摘要）：六项条件与门槛一致（细分市场 3 年、营收 1500 万元或股权投资 2000 万元、"
            "主营 80%、负债率不高于 80%、近两年每年研发 100 万元且 3%、评价得分不低于 50 分）；Ⅰ类知识产权的豁免"
            "“近三年省部级以上科技奖励前三”此前借用 63号 直通条件的问题（省级前三或国家级前五），会把国家级第四、五名"
            "也算作豁免，现改问“省部级以上前三”。",
        ],
        summary="工信部企业〔2026〕2号 的专精特新中小企业认定标准（六项同时满足）。",
    )
