"""工信厅企业函〔2021〕79号 三、（二）专项条件: 经济效益, 专业化程度, 创新能力, 经营管理 — all four required.

"截至上年末": 上年 = as_of.year − 1; "近2年……平均增长率" reads as_of.year − 3 as its base year.
"""

from __future__ import annotations

from huiqi.programs.gd_specialized_sme.common import average_growth
from huiqi.rules.expr import Expr, Param, Ratio, any_of, count, flag, money, text
from huiqi.rules.program import Assumption, Criterion

DOC = "little-giant-2021"

GROWTH_AVERAGE = Assumption(
    id="lg-growth-average",
    question="“近2年主营业务收入或净利润的平均增长率”按两年增长率的算术平均还是复合平均计算？",
    options={
        "arithmetic": "两年增长率的算术平均：((上年 − 前年)/前年 + (前年 − 大前年)/大前年) ÷ 2",
        "compound": "复合平均：√(上年 ÷ 大前年) − 1（以 as_of 前第三年为基期）",
    },
    default="arithmetic",
    clause=f"{DOC} 三、（二）1",
)


def _fin(year: str, key: str) -> Expr:
    return money(f"enterprise.financials.{{{year}}}.{key}")


def _growth(key: str) -> tuple[Expr, Expr, Expr]:
    return average_growth(
        _fin("y-3", key),
        _fin("y-2", key),
        _fin("y-1", key),
        "growth_average_min",
        "growth_average_min_compound_factor",
        GROWTH_AVERAGE.id,
    )


_mbr_test, _mbr_actual, _floor = _growth("main_business_revenue")
_np_test, _np_actual, _ = _growth("net_profit")

SPECIAL = [
    # 1. 经济效益。截至上年末的近2年主营业务收入或净利润的平均增长率达到5%以上，企业资产负债率不高于70%。
    Criterion(
        id="economic-growth",
        label="截至上年末近 2 年主营业务收入或净利润的平均增长率达到 5% 以上（其一即可）",
        clause=f"{DOC} 三、（二）1",
        combine="any",
        parts=(
            Criterion(
                id="growth-main-revenue",
                label="近 2 年主营业务收入平均增长率达到 5% 以上",
                clause=f"{DOC} 三、（二）1",
                test=_mbr_test,
                actual=_mbr_actual,
                threshold=_floor,
                question="as_of 前三年各年的主营业务收入（万元）？",
                note="算术平均（默认假设 lg-growth-average）；复合读法下 actual/threshold 为两年增长倍数与 (1+5%)²",
            ),
            Criterion(
                id="growth-net-profit",
                label="近 2 年净利润平均增长率达到 5% 以上",
                clause=f"{DOC} 三、（二）1",
                test=_np_test,
                actual=_np_actual,
                threshold=_floor,
                question="as_of 前三年各年的净利润（万元）？",
                note="基期净利润不为正时增长率无从计算，本项不满足",
            ),
        ),
    ),
    Criterion(
        id="debt-ratio",
        label="上年末资产负债率不高于 70%",
        clause=f"{DOC} 三、（二）1",
        test=Ratio(_fin("y-1", "total_liabilities"), _fin("y-1", "total_assets")) <= Param("debt_ratio_max"),
        question="上年末负债总额和资产总额（万元）？",
    ),
    # 2. 专业化程度。截至上年末，企业从事特定细分市场时间达到3年及以上；主营业务收入占营业收入达70%以上；主导
    # 产品在细分市场占有率位于全省前 3 位，且在国内细分行业中享有较高知名度和影响力。
    Criterion(
        id="niche-years",
        label="截至上年末从事特定细分市场时间达到 3 年及以上",
        clause=f"{DOC} 三、（二）2",
        test=count("enterprise.specialization.years_in_niche") >= Param("niche_years_min"),
        unit="年",
        question="截至上年末，企业从事特定细分市场多少年？",
    ),
    Criterion(
        id="main-business-share",
        label="上年主营业务收入占营业收入达 70% 以上",
        clause=f"{DOC} 三、（二）2",
        test=Ratio(_fin("y-1", "main_business_revenue"), _fin("y-1", "revenue")) >= Param("main_business_share_min"),
        question="上年主营业务收入和营业收入（万元）？",
    ),
    Criterion(
        id="market-rank",
        label="主导产品在细分市场占有率位于全省前 3 位",
        clause=f"{DOC} 三、（二）2",
        test=count("enterprise.specialization.market_share_rank_province") <= Param("market_rank_max"),
        unit="位",
        question="主导产品细分市场占有率在全省排第几位？",
    ),
    # 3. 创新能力。企业拥有有效发明专利（含集成电路布图设计专有权，下同）2 项或实用新型专利、外观设计专利、软件
    # 著作权 5 项及以上；自建或与高等院校、科研机构联合建立研发机构，设立技术研究院、企业技术中心、企业工程中心、
    # 院士专家工作站、博士后工作站等；企业在研发设计、生产制造、供应链管理等环节，至少 1 项核心业务采用信息系统支撑。
    Criterion(
        id="intellectual-property",
        label="有效发明专利（含集成电路布图设计专有权）2 项，或实用新型、外观设计专利、软件著作权 5 项及以上",
        clause=f"{DOC} 三、（二）3",
        combine="any",
        parts=(
            Criterion(
                id="invention-patents",
                label="有效发明专利（含集成电路布图设计专有权）2 项及以上",
                clause=f"{DOC} 三、（二）3",
                test=count("enterprise.ip.invention_patents") + count("enterprise.ip.ic_layouts")
                >= Param("invention_patents_min"),
                unit="项",
                question="有效发明专利和集成电路布图设计专有权各多少项？",
            ),
            Criterion(
                id="other-ip",
                label="实用新型专利、外观设计专利、软件著作权合计 5 项及以上",
                clause=f"{DOC} 三、（二）3",
                test=count("enterprise.ip.utility_model_patents")
                + count("enterprise.ip.design_patents")
                + count("enterprise.ip.software_copyrights")
                >= Param("other_ip_min"),
                unit="项",
                question="实用新型专利、外观设计专利、软件著作权各多少项？",
                note="三类合计计算",
            ),
        ),
    ),
    Criterion(
        id="rd-institution",
        label="自建或与高校、科研机构联合建立研发机构（技术研究院、企业技术中心、工程中心、院士专家工作站、博士后工作站等）",
        clause=f"{DOC} 三、（二）3",
        test=any_of(
            text("enterprise.innovation.rd_institution").is_in(Param("rd_institutions")),
            flag("enterprise.innovation.postdoc_station").eq(True),
        ),
        actual=text("enterprise.innovation.rd_institution"),
        question="企业是否自建或联合建立研发机构，或设有博士后工作站？",
    ),
    Criterion(
        id="info-system",
        label="至少 1 项核心业务采用信息系统支撑",
        clause=f"{DOC} 三、（二）3",
        test=flag("enterprise.innovation.info_system_core_business").eq(True),
        question="研发设计、生产制造、供应链管理等环节是否至少 1 项核心业务采用信息系统支撑？",
    ),
    # 4. 经营管理。企业拥有自主品牌；取得相关管理体系认证，或产品生产执行国际、国内、行业标准，或是产品通过发达
    # 国家和地区产品认证（国际标准协会行业认证）。
    Criterion(
        id="own-brand",
        label="拥有自主品牌",
        clause=f"{DOC} 三、（二）4",
        test=flag("enterprise.refinement.own_brand").eq(True),
        question="企业是否拥有自主品牌？",
    ),
    Criterion(
        id="certification",
        label="取得相关管理体系认证，或产品生产执行国际、国内、行业标准，或产品通过发达国家和地区产品认证",
        clause=f"{DOC} 三、（二）4",
        test=any_of(
            flag("enterprise.refinement.mgmt_system_cert").eq(True),
            flag("enterprise.refinement.follows_standards").eq(True),
            flag("enterprise.refinement.foreign_product_cert").eq(True),
        ),
        question="是否取得管理体系认证、执行国际/国内/行业标准或通过发达国家和地区产品认证？",
    ),
]

ASSUMPTIONS = [GROWTH_AVERAGE]
