"""广东省专精特新中小企业遴选 — 粤工信规字〔2020〕3号 第二～五条、第十二条、第十三条.

Each criterion stands under the sentence of the text it encodes (doc ``gd-srdi-2020``). Figures come
from ``parameters.yaml`` (and the 300号 size lines from ``sme_300.yaml``); 第五条's four indicator
groups are in :mod:`.indicators`; hand-written cases are in ``cases/``. A certification: no reward.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from huiqi.programs.gd_specialized_sme.common import (
    average_growth,
    compound_factor,
    not_flagged,
    not_known_true,
    rd_share,
    relaxed,
)
from huiqi.programs.gd_specialized_sme.indicators import ASSUMPTIONS as INDICATOR_ASSUMPTIONS
from huiqi.programs.gd_specialized_sme.indicators import INDICATOR_GROUP
from huiqi.programs.gd_specialized_sme.sme import SME_INDUSTRY, sme_parameters, sme_test
from huiqi.rules.expr import Const, Expr, Param, When, all_of, any_of, choice, flag, money, text
from huiqi.rules.params import load_parameters
from huiqi.rules.program import Assumption, Criterion, ManualCheck, Program, ProgramFamily, Version

DOC = "gd-srdi-2020"

_own = load_parameters(Path(__file__).with_name("parameters.yaml"))
_derived = [
    relaxed(_own["assets_floor_core"], _own["priority_relaxation_max"]),
    relaxed(_own["assets_floor_wings_north"], _own["priority_relaxation_max"]),
    relaxed(_own["revenue_floor_core"], _own["priority_relaxation_max"]),
    relaxed(_own["revenue_floor_wings_north"], _own["priority_relaxation_max"]),
    relaxed(_own["growth_average_min"], _own["priority_relaxation_max"]),
]
_derived += [compound_factor(_own["growth_average_min"]), compound_factor(_derived[-1])]
PARAMETERS = {**_own, **{p.id: p for p in _derived}, **sme_parameters()}

# -- named readings of what the text leaves open ---------------------------------------------------
GROWTH_AVERAGE = Assumption(
    id="srdi-growth-average",
    question="“近两年……年平均增长率”按两年增长率的算术平均还是按复合（几何）平均计算？",
    options={
        "arithmetic": "两年增长率的算术平均：((上年 − 前年)/前年 + (前年 − 大前年)/大前年) ÷ 2",
        "compound": "复合平均：√(上年 ÷ 大前年) − 1（以 as_of 前第三年为基期）",
    },
    default="arithmetic",
    clause=f"{DOC} 第四条第（四）项",
)
PROFIT_YEARS = Assumption(
    id="srdi-profit-years",
    question="“利润总额为正数”指近两年每年，还是仅上年？",
    options={
        "both-years": "近两年（as_of 前两年）利润总额均为正数（“近两年”统领全句）",
        "last-year": "仅上年利润总额为正数",
    },
    default="both-years",
    clause=f"{DOC} 第四条第（四）项",
)
RD_SHARE_BASIS = Assumption(
    id="srdi-rd-share-basis",
    question="“近两年的研发投入占销售收入的比重”按两年合计计算，还是逐年计算？",
    options={
        "pooled": "两年研发投入合计 ÷ 两年营业收入合计（销售收入按营业收入计）",
        "each-year": "两年中每一年的研发投入占营业收入比重均须达到 3%",
    },
    default="pooled",
    clause=f"{DOC} 第四条第（五）项",
)
PRIORITY_RELAXATION = Assumption(
    id="srdi-priority-relaxation",
    question="优先遴选领域（第三条）企业的（三）（四）指标“可适当降低不超过20%”如何体现？",
    options={
        "max": "按文本允许的最大降幅（20%）判断：总资产、营业收入下限与平均增长率下限均乘以 0.8；实际降幅由评审确定",
        "none": "不假定降低：按原指标判断（降低与否由评审酌定）",
    },
    default="max",
    clause=f"{DOC} 第四条",
)
ACCIDENT_WINDOW = Assumption(
    id="srdi-accident-window",
    question="第十二条（二）“发生重大安全事故、严重质量事故”未写期限，按多长时间判断？",
    options={
        "5y": "按画像记录的最长期间（近5年，compliance.major_accident_5y）判断",
        "3y": "按近三年（compliance.major_accident_3y）判断，与小巨人通知及历年申报通知的口径一致",
    },
    default="5y",
    clause=f"{DOC} 第十二条第（二）项",
)
HIGH_GROWTH = Assumption(
    id="srdi-high-growth",
    question="第十三条“有效期内的广东省高成长中小企业按专精特新中小企业管理”如何体现？",
    options={
        "already-managed": "有效期内的高成长中小企业已按专精特新管理，无需遴选：结论为“不适用”，并说明依据",
        "no-effect": "第十三条只规定管理方式，不影响遴选条件的判断",
    },
    default="already-managed",
    clause=f"{DOC} 第十三条",
)

# -- inputs ----------------------------------------------------------------------------------------
CITY = text("enterprise.city")
IN_CORE = CITY.is_in(Param("core_cities"))
IN_WINGS_NORTH = CITY.is_in(Param("wings_north_cities"))
PRIORITY = flag("enterprise.priority_field").eq(True)
RELAXING = PRIORITY_RELAXATION.id


def _by_region(core: str, wings_north: str) -> Expr:
    """The region's figure; unknown for a city in neither list (outside Guangdong)."""
    return When(IN_CORE, Param(core), When(IN_WINGS_NORTH, Param(wings_north), Const(None), "区域"), "区域")


def _floor(value: Expr, core: str, wings_north: str) -> tuple[Expr, Expr]:
    """(test, threshold) of a regional floor that priority fields may lower by up to 20%."""
    normal = _by_region(core, wings_north)
    lowered = _by_region(f"{core}_relaxed", f"{wings_north}_relaxed")
    test = choice(RELAXING, max=any_of(value >= normal, all_of(PRIORITY, value >= lowered)), none=value >= normal)
    return test, choice(RELAXING, max=When(PRIORITY, lowered, normal), none=normal)


def _mbr(year: str) -> Expr:
    return money(f"enterprise.financials.{{{year}}}.main_business_revenue")


_assets = money("enterprise.financials.{y-1}.total_assets")
_revenue = money("enterprise.financials.{y-1}.revenue")
_assets_test, _assets_floor = _floor(_assets, "assets_floor_core", "assets_floor_wings_north")
_revenue_test, _revenue_floor = _floor(_revenue, "revenue_floor_core", "revenue_floor_wings_north")

_years = (_mbr("y-3"), _mbr("y-2"), _mbr("y-1"))
_g_test, _g_actual, _g_floor = average_growth(
    *_years, "growth_average_min", "growth_average_min_compound_factor", GROWTH_AVERAGE.id
)
_g_relaxed_test, _, _g_relaxed_floor = average_growth(
    *_years, "growth_average_min_relaxed", "growth_average_min_relaxed_compound_factor", GROWTH_AVERAGE.id
)

_profit = (money("enterprise.financials.{y-2}.total_profit"), money("enterprise.financials.{y-1}.total_profit"))
_rd_test, _rd_actual = rd_share(
    (money("enterprise.financials.{y-2}.rd_expense"), money("enterprise.financials.{y-1}.rd_expense")),
    (money("enterprise.financials.{y-2}.revenue"), money("enterprise.financials.{y-1}.revenue")),
    Param("rd_share_min"),
    RD_SHARE_BASIS.id,
)

# -- 第十三条 ---------------------------------------------------------------------------------------
_HIGH_GROWTH = flag("enterprise.status.high_growth_sme_valid")
APPLICABILITY = [
    # 第十三条 已认定的“广东省高成长中小企业”，且在有效期内的，按“广东省专精特新中小企业”管理。
    Criterion(
        id="high-growth-managed",
        label="不属于有效期内的广东省高成长中小企业（否则已按专精特新中小企业管理，无需遴选）",
        clause=f"{DOC} 第十三条",
        # The status replaces the path (it is not a condition of selection): unknown, it can only make
        # applying unnecessary, so only a known valid status changes the answer.
        test=choice(
            HIGH_GROWTH.id,
            already_managed=When(_HIGH_GROWTH.known(), _HIGH_GROWTH.eq(False), Const(True)),
            no_effect=Const(True),
        ),
        actual=_HIGH_GROWTH,
        question="企业是否为有效期内的广东省高成长中小企业？",
        note="有效期内的高成长中小企业按专精特新中小企业管理，无需遴选（第十三条；默认假设 srdi-high-growth = "
        "already-managed）。未填写时不影响结论：若企业是有效期内的广东省高成长中小企业，则已按专精特新中小企业管理、"
        "无需申报——请确认企业是否为有效期内的广东省高成长中小企业",
    ),
]

CRITERIA = [
    # 第四条 申报“专精特新”企业应同时符合下列基本条件：
    # （一）依法在广东省境内登记设立，具有独立企业法人资格的中小企业。
    Criterion(
        id="registered-in-guangdong",
        label="依法在广东省境内登记设立",
        clause=f"{DOC} 第四条第（一）项",
        test=flag("enterprise.registered_in_guangdong").eq(True),
        question="企业是否在广东省境内登记设立？",
    ),
    Criterion(
        id="independent-legal-person",
        label="具有独立企业法人资格",
        clause=f"{DOC} 第四条第（一）项",
        test=flag("enterprise.independent_legal_person").eq(True),
        question="企业是否具有独立法人资格？",
    ),
    # 第二条 ……所称中小企业的标准，按照……《中小企业划型标准规定》（工信部联企业〔2011〕300号）执行。
    Criterion(
        id="sme-size",
        label="中小企业（按《中小企业划型标准规定》工信部联企业〔2011〕300号 第四条划型，非大型企业）",
        clause=f"{DOC} 第二条",
        test=sme_test(),
        actual=SME_INDUSTRY,
        question="企业的国民经济行业代码、上年末从业人员、上年营业收入和上年末资产总额？",
        note="按行业取从业人员、营业收入或资产总额，任一指标低于该行业中小微型上限即为中小企业；actual 为 300号 行业",
    ),
    # （二）企业主营业务和发展重点符合国家产业政策及相关要求，具备健全的财务会计核算和管理制度。
    Criterion(
        id="conforms-industrial-policy",
        label="主营业务和发展重点符合国家产业政策及相关要求",
        clause=f"{DOC} 第四条第（二）项",
        test=flag("enterprise.conforms_industrial_policy").eq(True),
        question="主营业务和发展重点是否符合国家产业政策？",
    ),
    Criterion(
        id="sound-accounting",
        label="具备健全的财务会计核算和管理制度",
        clause=f"{DOC} 第四条第（二）项",
        test=flag("enterprise.sound_accounting").eq(True),
        question="是否具备健全的财务会计核算和管理制度？",
    ),
    # （三）珠三角核心区的企业上年末总资产 3000 万元以上，沿海经济带的东西两翼地区、北部生态发展区的企业上年末
    # 总资产 2000 万元以上。珠三角核心区的企业上年度营业收入 3000 万元以上，沿海经济带的东西两翼地区、北部生态
    # 发展区的企业上年度营业收入 2000 万元以上。
    # 以上（三）（四）指标要求，对于优先遴选领域的参评企业可适当降低不超过 20%。
    Criterion(
        id="assets-floor",
        label="上年末总资产达到地区下限（珠三角核心区 3000 万元、东西两翼及北部生态发展区 2000 万元以上）",
        clause=f"{DOC} 第四条第（三）项",
        test=_assets_test,
        actual=_assets,
        threshold=_assets_floor,
        question="上年末资产总额（万元）？",
        note="优先遴选领域企业可降低不超过 20%（默认假设 srdi-priority-relaxation = max）",
    ),
    Criterion(
        id="revenue-floor",
        label="上年度营业收入达到地区下限（珠三角核心区 3000 万元、东西两翼及北部生态发展区 2000 万元以上）",
        clause=f"{DOC} 第四条第（三）项",
        test=_revenue_test,
        actual=_revenue,
        threshold=_revenue_floor,
        question="上年度营业收入（万元）？",
        note="优先遴选领域企业可降低不超过 20%（默认假设 srdi-priority-relaxation = max）",
    ),
    # （四）企业近两年的主营业务收入为正增长且年平均增长率达到 15%以上，利润总额为正数。
    Criterion(
        id="growth-positive",
        label="近两年主营业务收入逐年正增长",
        clause=f"{DOC} 第四条第（四）项",
        test=all_of(_mbr("y-2") > _mbr("y-3"), _mbr("y-1") > _mbr("y-2")),
        actual=_mbr("y-1"),
        question="as_of 前三年各年的主营业务收入（万元）？",
        note="两年各自的增长率均须大于零（以 as_of 前第三年为基期）",
    ),
    Criterion(
        id="growth-average",
        label="近两年主营业务收入年平均增长率达到 15% 以上",
        clause=f"{DOC} 第四条第（四）项",
        test=choice(RELAXING, max=any_of(_g_test, all_of(PRIORITY, _g_relaxed_test)), none=_g_test),
        actual=_g_actual,
        threshold=choice(RELAXING, max=When(PRIORITY, _g_relaxed_floor, _g_floor), none=_g_floor),
        question="as_of 前三年各年的主营业务收入（万元）？",
        note="算术平均（默认假设 srdi-growth-average）；"
        "复合读法下 actual/threshold 为两年增长倍数 上年÷大前年 与 (1+15%)²；"
        "优先遴选领域可降低不超过 20%（即 12%）",
    ),
    Criterion(
        id="profit-positive",
        label="利润总额为正数（近两年）",
        clause=f"{DOC} 第四条第（四）项",
        test=choice(
            PROFIT_YEARS.id,
            both_years=all_of(_profit[0] > 0, _profit[1] > 0),
            last_year=_profit[1] > 0,
        ),
        actual=_profit[1],
        question="近两年的利润总额（万元）？",
        note="默认近两年每年均为正数（假设 srdi-profit-years）；actual 为上年利润总额；零不是正数",
    ),
    # （五）企业近两年的研发投入占销售收入的比重达到 3%以上。
    Criterion(
        id="rd-share",
        label="近两年研发投入占销售收入的比重达到 3% 以上",
        clause=f"{DOC} 第四条第（五）项",
        test=_rd_test,
        actual=_rd_actual,
        threshold=Param("rd_share_min"),
        question="近两年的研发经费支出和营业收入（万元）？",
        note="两年合计计算（默认假设 srdi-rd-share-basis）；销售收入按营业收入计；本项不属可降低的（三）（四）指标",
    ),
    # 第五条 申报“专精特新”企业还应满足以下至少一类评价指标（see indicators.py）
    INDICATOR_GROUP,
    # 第十二条 企业有下列行为之一的，不得推荐参评“专精特新”企业；已确认为“专精特新”企业的，一经查实，予以撤销。
    # （一）在申请遴选过程中提供虚假信息；
    Criterion(
        id="no-false-information",
        label="未在申请遴选过程中提供虚假信息",
        clause=f"{DOC} 第十二条第（一）项",
        test=not_flagged("enterprise.compliance.false_information"),
        question="申请过程中是否提供过虚假信息？",
    ),
    # （二）发生重大安全事故、严重质量事故或有严重环境违法行为的；
    Criterion(
        id="no-major-accident",
        label="未发生重大安全事故、严重质量事故",
        clause=f"{DOC} 第十二条第（二）项",
        test=choice(
            ACCIDENT_WINDOW.id,
            **{
                "5y": not_flagged("enterprise.compliance.major_accident_5y"),
                "3y": not_flagged("enterprise.compliance.major_accident_3y"),
            },
        ),
        question="是否发生过重大安全事故或严重质量事故？",
        note="条文未写期限，默认按近5年判断（假设 srdi-accident-window）",
    ),
    Criterion(
        id="no-serious-env-violation",
        label="无严重环境违法行为",
        clause=f"{DOC} 第十二条第（二）项",
        test=not_flagged("enterprise.compliance.serious_env_violation"),
        question="是否有严重环境违法行为？",
    ),
    # （三）有偷漏税和其他违法违规、失信行为的。
    Criterion(
        id="no-tax-violation",
        label="无偷漏税和其他违法违规、失信行为",
        clause=f"{DOC} 第十二条第（三）项",
        test=all_of(
            not_flagged("enterprise.compliance.tax_violation"),
            not_known_true("enterprise.compliance.dishonest_debtor"),
        ),
        question="是否有偷漏税或其他违法违规、失信行为？",
        note="列为失信被执行人（dishonest_debtor）亦属失信",
    ),
]

PROGRAM = Program(
    id="gd-specialized-sme",
    title="广东省专精特新中小企业",
    level="enterprise",
    version=Version(DOC, "粤工信规字〔2020〕3号", dt.date(2020, 2, 15), dt.date(2025, 2, 14)),
    applicability=APPLICABILITY,
    criteria=CRITERIA,
    reward=None,
    manual_checks=[
        ManualCheck("技术创新和融资能力强，发展速度、效益和质量好（专家评审判断）", f"{DOC} 第二条"),
        ManualCheck("是否属于优先遴选领域（战略性新兴产业、核心基础零部件等）由评审认定", f"{DOC} 第三条"),
        ManualCheck(
            "各类评价指标的概括性要求（专注深耕、管理规范信誉良好、行业或区域独特性、持续创新成效）由专家评审判断",
            f"{DOC} 第五条",
        ),
        ManualCheck("按当年申报通知报送材料，经市级初审推荐、省级专家评审和公示", f"{DOC} 第六条"),
    ],
    assumptions=[
        GROWTH_AVERAGE,
        PROFIT_YEARS,
        RD_SHARE_BASIS,
        PRIORITY_RELAXATION,
        ACCIDENT_WINDOW,
        HIGH_GROWTH,
        *INDICATOR_ASSUMPTIONS,
    ],
    notes=[
        "认定结果有效期三年；如需继续纳入名单，须在三年期满前重新申报；遴选原则上每年开展一次（第九条）",
        "重点遴选制造业中小企业，优先遴选战略性新兴产业、核心基础零部件（元器件）、关键基础材料、先进基础工业、"
        "产业技术基础及基础软件等领域（第三条）",
        "已确认的专精特新企业如查实有第十二条所列行为，予以撤销（第十二条）",
        "有效期内的广东省高成长中小企业按广东省专精特新中小企业管理（第十三条）：该身份只会使申报不必要，"
        "未填写时不影响结论，只有明确在有效期内才为“不适用”",
        "逐条对照：分区域的指标（珠三角核心区 / 沿海经济带东西两翼与北部生态发展区）对省外城市没有数值，"
        "所以所在市未知时按区域划分的门槛仍待定（即使两区域结论相同），须填写所在市。",
        "“以上”含本数（民法典 第一千二百五十九条）",
    ],
    parameters=PARAMETERS,
    summary="广东省工业和信息化厅遴选的省级专精特新中小企业（认定，无资金）。",
)


def family() -> ProgramFamily:
    return ProgramFamily(PROGRAM.id, PROGRAM.title, [PROGRAM])
