"""专精特新"小巨人" after 79号: 工信部企业〔2022〕63号 附件3 (2022-08-01 → 2026-03-31) and 工信部企业〔2026〕2号
附件2 (from 2026-04-01). Both external documents known from reposts (quality R): every criterion says
"未经官方文本核实". Figures in ``parameters_miit.yaml``; inputs the profile lacks are pending
(:mod:`huiqi.programs.inputs`), so those criteria stay unknown, never failed.

63号 附件3: six dimensions, all required — 专, 精, 特, 新 (一般性条件 or 创新直通), 链, 品.
2号 附件2: holds 专精特新 status; 细分 ≥ 3 年; 营收 ≥ 5000 万元; 主营 ≥ 90%; 近两年营收复合增长 ≥ 5%;
资产负债率 ≤ 75%; 研发合计 ≥ 1200 万元 and each year ≥ 3%; ≥ 4 项Ⅰ类知识产权; 占有率 ≥ 10% or 国内前三;
六基/关键环节; 评价得分 ≥ 60.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from huiqi.programs.external import UNVERIFIED, annotated, external_version
from huiqi.programs.gd_specialized_sme.common import compound_factor
from huiqi.programs.inputs import pending
from huiqi.programs.sme_tiers import (
    DOC_2022,
    DOC_2026,
    average_growth_2y,
    class1_at_least,
    debt_ratio,
    fin,
    in_guangdong,
    is_true,
    share,
)
from huiqi.rules.expr import Param, Ratio, all_of, any_of, count, flag, money, number, text
from huiqi.rules.params import load_parameters
from huiqi.rules.program import Criterion, ManualCheck, Program

_own = load_parameters(Path(__file__).with_name("parameters_miit.yaml"))
PARAMETERS = {**_own, "growth_min_compound_factor": compound_factor(_own["growth_min"])}
A3 = f"{DOC_2022} 附件3"
A2_26 = f"{DOC_2026} 附件2"

_niche = number("enterprise.specialization.years_in_niche")
_revenue = fin("y-1", "revenue")


def _c(cid: str, label: str, clause: str, **kw: Any) -> Criterion:
    return Criterion(id=cid, label=label, clause=clause, **kw)


def _each_year_share(cid: str, floor: str, clause: str) -> Criterion:
    return _c(
        cid,
        "近 2 年研发费用占营业收入比重均不低于下限",
        clause,
        test=all_of(
            share("y-2", "rd_expense", "revenue") >= Param(floor),
            share("y-1", "rd_expense", "revenue") >= Param(floor),
        ),
        actual=share("y-1", "rd_expense", "revenue"),
        threshold=Param(floor),
        question="近 2 年各年研发费用和营业收入（万元）？",
        note="“均不低于”：逐年计算；actual 为上年占比",
    )


_new = f"{A3}（新）"
GENERAL_BANDS = _c(
    "new-rd-band",
    "一般性条件 1：按上年度营业收入分档的研发投入要求",
    _new,
    combine="any",
    parts=(
        _c(
            "new-band-large",
            "上年度营业收入 1 亿元以上，近 2 年研发费用占比均不低于 3%",
            _new,
            parts=(
                _c(
                    "new-band-large-revenue",
                    "上年度营业收入 1 亿元以上",
                    _new,
                    test=_revenue >= Param("band_large_revenue_min"),
                ),
                _each_year_share("new-band-large-rd-share", "band_large_rd_share_min", _new),
            ),
        ),
        _c(
            "new-band-medium",
            "上年度营业收入 5000 万元—1 亿元，近 2 年研发费用占比均不低于 6%",
            _new,
            parts=(
                _c(
                    "new-band-medium-revenue",
                    "上年度营业收入 5000 万元—1 亿元",
                    _new,
                    test=all_of(
                        _revenue >= Param("band_medium_revenue_min"), _revenue < Param("band_large_revenue_min")
                    ),
                    actual=_revenue,
                    threshold=Param("band_medium_revenue_min"),
                ),
                _each_year_share("new-band-medium-rd-share", "band_medium_rd_share_min", _new),
            ),
        ),
        _c(
            "new-band-small",
            "上年度营业收入 5000 万元以下，股权融资 8000 万元、研发费用 3000 万元、研发人员 50% 同时满足",
            _new,
            parts=(
                _c(
                    "new-band-small-revenue",
                    "上年度营业收入 5000 万元以下",
                    _new,
                    test=_revenue < Param("band_medium_revenue_min"),
                ),
                _c(
                    "new-band-small-equity",
                    "近 2 年新增股权融资总额（实缴）8000 万元以上",
                    _new,
                    test=money("enterprise.equity_financing_2y_wan") >= Param("band_small_equity_min"),
                ),
                _c(
                    "new-band-small-rd-amount",
                    "研发费用总额 3000 万元以上（近 2 年合计）",
                    _new,
                    test=fin("y-2", "rd_expense") + fin("y-1", "rd_expense") >= Param("band_small_rd_amount_min"),
                    note="按近 2 年合计（与 79号 默认读法 lg-rd-amount-basis 相同）",
                ),
                _c(
                    "new-band-small-rd-staff",
                    "研发人员占企业职工总数比重 50% 以上",
                    _new,
                    test=Ratio(count("enterprise.rd_staff"), count("enterprise.employees"))
                    >= Param("band_small_rd_staff_share_min"),
                ),
            ),
        ),
    ),
)

CRITERIA_2022 = [
    # 专
    _c(
        "niche-3-years",
        "截至上年末从事特定细分市场 3 年及以上",
        f"{A3}（专）",
        test=_niche >= Param("niche_years_min"),
        question="从事特定细分市场的年数？",
    ),
    _c(
        "main-business-share",
        "上年度主营业务收入占营业收入比重不低于 70%",
        f"{A3}（专）",
        test=share("y-1", "main_business_revenue", "revenue") >= Param("main_business_share_min"),
    ),
    _c(
        "main-revenue-growth",
        "近 2 年主营业务收入平均增长率不低于 5%（两年增长率的算术平均）",
        f"{A3}（专）",
        test=average_growth_2y() >= Param("growth_min"),
        question="as_of 前三年各年的主营业务收入（万元）？",
    ),
    # 精
    _c(
        "info-system",
        "至少 1 项核心业务采用信息系统支撑",
        f"{A3}（精）",
        test=flag("enterprise.innovation.info_system_core_business").eq(True),
    ),
    _c(
        "certification",
        "取得相关管理体系认证，或产品通过发达国家和地区产品认证",
        f"{A3}（精）",
        test=any_of(
            flag("enterprise.refinement.mgmt_system_cert").eq(True),
            flag("enterprise.refinement.foreign_product_cert").eq(True),
        ),
    ),
    _c("debt-ratio", "截至上年末资产负债率不高于 70%", f"{A3}（精）", test=debt_ratio() <= Param("debt_ratio_max")),
    # 特
    _c(
        "national-market-share",
        "主导产品全国细分市场占有率达到 10% 以上",
        f"{A3}（特）",
        test=pending("enterprise.specialization.market_share_national") >= Param("market_share_min"),
    ),
    _c(
        "own-brand",
        "拥有直接面向市场并具有竞争优势的自主品牌",
        f"{A3}（特）",
        test=flag("enterprise.refinement.own_brand").eq(True),
    ),
    # 新
    _c(
        "innovation",
        "创新能力：满足一般性条件（三项同时）或创新直通条件之一",
        _new,
        combine="any",
        parts=(
            _c(
                "new-general",
                "一般性条件（研发投入分档、研发机构、2 项以上Ⅰ类知识产权）",
                _new,
                parts=(
                    GENERAL_BANDS,
                    _c(
                        "new-rd-institution",
                        "自建或与高等院校、科研机构联合建立研发机构",
                        _new,
                        test=any_of(
                            text("enterprise.innovation.rd_institution").is_in(
                                ("joint", "own", "city", "provincial", "national")
                            ),
                            flag("enterprise.innovation.postdoc_station").eq(True),
                        ),
                        actual=text("enterprise.innovation.rd_institution"),
                    ),
                    _c(
                        "new-class1-ip",
                        "拥有 2 项以上与主导产品相关的Ⅰ类知识产权",
                        _new,
                        test=class1_at_least(2),
                        question="与主导产品相关的Ⅰ类知识产权数？",
                    ),
                ),
            ),
            _c(
                "new-direct",
                "创新直通：近三年国家级科技奖励前三，或“创客中国”全国 50 强企业组",
                _new,
                test=any_of(
                    is_true("enterprise.innovation.national_sci_award_top3"),
                    is_true("enterprise.innovation.maker_china_top50"),
                ),
            ),
        ),
    ),
    # 链
    _c(
        "chain-key-link",
        "位于产业链关键环节，发挥补短板、锻长板、填空白作用",
        f"{A3}（链）",
        test=is_true("enterprise.specialization.chain_key_link"),
    ),
    # 品
    _c(
        "key-product-field",
        "主导产品属核心基础零部件等“六基”、制造强国十大领域或网络强国领域",
        f"{A3}（品）",
        test=is_true("enterprise.specialization.key_product_field"),
    ),
]

CRITERIA_2026 = [
    _c(
        "specialized-status",
        "已是专精特新中小企业（有效期内）",
        A2_26,
        test=is_true("enterprise.status.specialized_sme"),
    ),
    _c(
        "niche-3-years",
        "从事特定细分市场 3 年以上（取消补短板放宽至 2 年）",
        A2_26,
        test=_niche >= Param("niche_years_min"),
    ),
    _c("revenue", "上年度营业收入 5000 万元以上", A2_26, test=_revenue >= Param("revenue_min")),
    _c(
        "main-business-share",
        "上年度主营业务收入占营业收入比重 90% 以上",
        A2_26,
        test=share("y-1", "main_business_revenue", "revenue") >= Param("main_business_share_min"),
    ),
    _c(
        "revenue-growth",
        "近两年营业收入复合增长率不低于 5%（上年 ÷ 大前年 ≥ 1.05²）",
        A2_26,
        test=all_of(
            fin("y-3", "revenue") > 0, Ratio(_revenue, fin("y-3", "revenue")) >= Param("growth_min_compound_factor")
        ),
        actual=Ratio(_revenue, fin("y-3", "revenue")),
        threshold=Param("growth_min_compound_factor"),
        note="复核时不考核（本工具按认定评估）",
    ),
    _c("debt-ratio", "资产负债率不高于 75%", A2_26, test=debt_ratio() <= Param("debt_ratio_max")),
    _c(
        "rd-two-years",
        "近两年研发费用合计 1200 万元以上，且每年占营业收入比重不低于 3%",
        A2_26,
        parts=(
            _c(
                "rd-two-year-sum",
                "近两年研发费用合计 1200 万元以上",
                A2_26,
                test=fin("y-2", "rd_expense") + fin("y-1", "rd_expense") >= Param("rd_two_year_min"),
            ),
            _each_year_share("rd-share-each-year", "rd_share_each_min", A2_26),
        ),
    ),
    _c(
        "class1-ip",
        "拥有 4 项以上Ⅰ类知识产权（近三年国家级科技奖励前三的免）",
        A2_26,
        test=any_of(class1_at_least(4), is_true("enterprise.innovation.national_sci_award_top3")),
    ),
    _c(
        "market-share",
        "细分市场占有率 10% 以上或国内前三（国际市场占有率可计）",
        A2_26,
        test=any_of(
            pending("enterprise.specialization.market_share_national") >= Param("market_share_min"),
            is_true("enterprise.specialization.domestic_top3"),
        ),
    ),
    _c(
        "key-link",
        "属“六基”领域或位于产业链关键环节",
        A2_26,
        test=any_of(
            is_true("enterprise.specialization.key_product_field"), is_true("enterprise.specialization.chain_key_link")
        ),
    ),
    _c(
        "development-score",
        "专精特新发展评价得分不低于 60 分",
        A2_26,
        test=pending("enterprise.innovation.development_score") >= Param("development_score_min"),
        unit="分",
    ),
]


def version_2022() -> Program:
    return Program(
        id="little-giant",
        title="专精特新“小巨人”企业",
        level="enterprise",
        version=external_version(DOC_2022, end=None),
        applicability=[in_guangdong(f"{DOC_2022} 第二条")],
        criteria=annotated(CRITERIA_2022, UNVERIFIED),
        manual_checks=[
            ManualCheck("主导产品享有较高知名度和影响力", f"{A3}（特）"),
            ManualCheck("Ⅰ类知识产权须实际应用并已产生经济效益", _new),
            ManualCheck(
                "符合《中小企业划型标准规定》的中小企业，无重大事故和严重失信（63号正文，条文未见）",
                f"{DOC_2022} 第二条",
            ),
        ],
        parameters=PARAMETERS,
        notes=[
            "小巨人有效期三年，期满由工业和信息化部复核；"
            "2026 年复核（如第五批）仍按63号标准（工信厅企业函〔2026〕117号，据转载）。",
            "本版本依据转载整理（来源质量 R），未经官方文本核实；施行日期 2022-08-01 仅凭记忆（M）。",
            "逐条对照附件3（转载摘要）：专、精、特、新、链、品各项条件与门槛一致（细分市场 3 年、主营 70%、"
            "平均增长 5%、负债率不高于 70%、全国占有率 10%、营收 1 亿元 / 5000 万元分档及近 2 年研发占比均不低于 "
            "3% / 6%、股权融资 8000 万元、研发费用 3000 万元、研发人员 50%、Ⅰ类知识产权 2 项、创新直通二选一）；"
            "研发机构所列“院士专家工作站”未单独读取。",
        ],
        summary="工信部企业〔2022〕63号 附件3：专、精、特、新、链、品六方面同时满足。",
    )


def version_2026() -> Program:
    return Program(
        id="little-giant",
        title="专精特新“小巨人”企业",
        level="enterprise",
        version=external_version(DOC_2026),
        applicability=[in_guangdong(A2_26)],
        criteria=annotated(CRITERIA_2026, UNVERIFIED),
        manual_checks=[ManualCheck("Ⅰ类知识产权与主导产品相关并实际应用", A2_26)],
        parameters=PARAMETERS,
        notes=[
            "2026-04-01 前取得的证书在有效期内继续有效（据转载）；复核不考核营收增长。",
            "本版本依据转载整理（来源质量 R），未经官方文本核实。",
            "逐条对照附件2（转载摘要）：已是专精特新、细分市场 3 年、营收 5000 万元、主营 90%、复合增长 5%、"
            "负债率不高于 75%、研发合计 1200 万元且每年 3%、Ⅰ类知识产权 4 项（国家级科技奖前三免）、"
            "占有率 10% 或国内前三、“六基”或关键环节、评价得分 60 分，均与摘要一致。",
        ],
        summary="工信部企业〔2026〕2号 附件2：门槛提高（营收 5000 万元、主营 90%、4 项Ⅰ类知识产权、评价得分 60 分）。",
    )
