"""粤工信规字〔2020〕3号 第五条: the four indicator groups, at least one of which must be met.

"申报“专精特新”企业还应满足以下至少一类评价指标" — one criterion ``indicator-group`` whose parts are the
four groups, combined with ``any``. Inside a group the text itself says how items combine: (一) and
(四) separate alternatives with "；或"; (二) and (三) list items with a bare "；" (read as all required
by default: named assumption ``srdi-semicolon-items``).
"""

from __future__ import annotations

from huiqi.rules.expr import (
    Const,
    Param,
    Ratio,
    When,
    all_of,
    any_of,
    choice,
    count,
    flag,
    money,
    text,
)
from huiqi.rules.program import Assumption, Criterion

DOC = "gd-srdi-2020"

SEMICOLON_ITEMS = Assumption(
    id="srdi-semicolon-items",
    question="第五条（二）精细化、（三）特色化以“；”分列的各项，须全部满足还是满足其一即可？",
    options={
        "all": "（二）（三）各项须全部满足：（一）（四）以“；或”表示择一，（二）（三）未用“或”，按并列条件理解",
        "any": "（二）（三）以“；”分列的各项满足其一即可（与（一）（四）同样按择一理解）",
    },
    default="all",
    clause=f"{DOC} 第五条",
)

KEY_SUPPLIER = Assumption(
    id="srdi-specialization-key-supplier",
    question="第五条（一）“主导产品为大企业、大项目的关键零部件、元器件或重要配套产品”是专业化指标的必备条件还是描述？",
    options={
        "required": "是必备条件：主导产品须为关键零部件、元器件或重要配套产品，"
        "另满足细分市场年限与主营占比，或人才与学历职称占比之一",
        "descriptive": "只是该类指标的概括描述：满足细分市场年限与主营占比，或人才与学历职称占比之一即可",
    },
    default="required",
    clause=f"{DOC} 第五条第（一）项",
)


def _items(cid: str, label: str, ref: str, parts: tuple[Criterion, ...], note: str = "") -> Criterion:
    """A group of "；"-separated items: all of them, or one of them, as SEMICOLON_ITEMS chooses."""
    exprs = [p.expression() for p in parts]
    return Criterion(
        id=cid,
        label=label,
        clause=f"{DOC} {ref}",
        parts=parts,
        test=choice(SEMICOLON_ITEMS.id, all=all_of(*exprs), any=any_of(*exprs)),
        note=note or "各项须全部满足（默认假设 srdi-semicolon-items = all）；另一读法下满足其一即可",
    )


IN_CORE = text("enterprise.city").is_in(Param("core_cities"))

# （一）专业化评价指标。企业专注并深耕于产业链中某个环节或某个产品，主导产品为大企业、大项目的关键零部件、
# 元器件或重要配套产品。从事特定细分市场时间达到 2 年及以上，主营业务收入占营业收入的 75%以上；或拥有行业
# 领军人才、省市引进的高层次人才，珠三角核心区的企业本科以上学历或中级以上职称员工数占企业员工总数的 40%以上，
# 沿海经济带的东西两翼地区、北部生态发展区的企业本科以上学历或中级以上职称员工数占企业员工总数的30%以上。
_degree_share = Ratio(count("enterprise.degree_or_title_staff"), count("enterprise.employees"))
_degree_floor = When(IN_CORE, Param("degree_share_min_core"), Param("degree_share_min_wings_north"), "区域")
_mb_share = Ratio(
    money("enterprise.financials.{y-1}.main_business_revenue"),
    money("enterprise.financials.{y-1}.revenue"),
)

SPECIALIZATION = Criterion(
    id="group-specialization",
    label="（一）专业化评价指标",
    clause=f"{DOC} 第五条第（一）项",
    parts=(
        Criterion(
            id="spec-key-supplier",
            label="主导产品为大企业、大项目的关键零部件、元器件或重要配套产品",
            clause=f"{DOC} 第五条第（一）项",
            test=choice(
                KEY_SUPPLIER.id,
                required=flag("enterprise.specialization.key_supplier").eq(True),
                descriptive=Const(True),
            ),
            actual=flag("enterprise.specialization.key_supplier"),
            question="主导产品是否为大企业、大项目的关键零部件、元器件或重要配套产品？",
            note="默认假设 srdi-specialization-key-supplier = required",
        ),
        Criterion(
            id="spec-niche-or-talent",
            label="细分市场 2 年及以上且主营占比 75% 以上；或有领军/高层次人才且学历职称员工占比达标",
            clause=f"{DOC} 第五条第（一）项",
            combine="any",
            parts=(
                Criterion(
                    id="spec-niche",
                    label="从事特定细分市场 2 年及以上，且上年主营业务收入占营业收入 75% 以上",
                    clause=f"{DOC} 第五条第（一）项",
                    parts=(
                        Criterion(
                            id="spec-niche-years",
                            label="从事特定细分市场时间达到 2 年及以上",
                            clause=f"{DOC} 第五条第（一）项",
                            test=count("enterprise.specialization.years_in_niche") >= Param("niche_years_min"),
                            unit="年",
                            question="企业从事特定细分市场多少年？",
                        ),
                        Criterion(
                            id="spec-main-business-share",
                            label="主营业务收入占营业收入的 75% 以上（上年）",
                            clause=f"{DOC} 第五条第（一）项",
                            test=_mb_share >= Param("main_business_share_min"),
                            question="上年主营业务收入和营业收入（万元）？",
                            note="条文未写年度，按上年（as_of 上一年度）计算",
                        ),
                    ),
                ),
                Criterion(
                    id="spec-talent",
                    label="拥有行业领军人才或省市引进的高层次人才，且本科以上学历或中级以上职称员工占比达到地区下限",
                    clause=f"{DOC} 第五条第（一）项",
                    parts=(
                        Criterion(
                            id="spec-leading-talent",
                            label="拥有行业领军人才、省市引进的高层次人才",
                            clause=f"{DOC} 第五条第（一）项",
                            test=flag("enterprise.specialization.leading_talent").eq(True),
                            question="企业是否拥有行业领军人才或省市引进的高层次人才？",
                        ),
                        Criterion(
                            id="spec-degree-share",
                            label="本科以上学历或中级以上职称员工占员工总数比重"
                            "（珠三角核心区 40%、东西两翼及北部生态发展区 30% 以上）",
                            clause=f"{DOC} 第五条第（一）项",
                            test=_degree_share >= _degree_floor,
                            question="本科以上学历或中级以上职称员工数和员工总数？",
                        ),
                    ),
                ),
            ),
        ),
    ),
)

# （二）精细化评价指标。企业管理规范、信誉良好、社会责任感强。取得相关质量管理体系、知识产权管理体系认证；
# 拥有自主品牌；产品生产执行标准达到国际或国内先进水平，未有标准除外；已建立规范化的顾客满意度测评机制或产品
# 追溯体系。
REFINEMENT = _items(
    "group-refinement",
    "（二）精细化评价指标",
    "第五条第（二）项",
    (
        Criterion(
            id="refine-mgmt-certs",
            label="取得相关质量管理体系、知识产权管理体系认证（两项认证）",
            clause=f"{DOC} 第五条第（二）项",
            test=all_of(
                flag("enterprise.refinement.quality_mgmt_cert").eq(True),
                flag("enterprise.refinement.ip_mgmt_cert").eq(True),
            ),
            question="是否取得质量管理体系认证和知识产权管理体系认证？",
            note="“质量管理体系、知识产权管理体系认证”以顿号并列，按两项认证均须取得理解",
        ),
        Criterion(
            id="refine-own-brand",
            label="拥有自主品牌",
            clause=f"{DOC} 第五条第（二）项",
            test=flag("enterprise.refinement.own_brand").eq(True),
            question="企业是否拥有自主品牌？",
        ),
        Criterion(
            id="refine-standard-level",
            label="产品生产执行标准达到国际或国内先进水平（未有标准除外）",
            clause=f"{DOC} 第五条第（二）项",
            test=text("enterprise.refinement.standard_level").is_in(Param("advanced_standard_levels")),
            actual=text("enterprise.refinement.standard_level"),
            question="产品生产执行标准的水平（国际 / 国内先进 / 未有标准 / 其他）？",
        ),
        Criterion(
            id="refine-satisfaction",
            label="已建立规范化的顾客满意度测评机制或产品追溯体系",
            clause=f"{DOC} 第五条第（二）项",
            test=flag("enterprise.refinement.satisfaction_or_traceability").eq(True),
            question="是否已建立顾客满意度测评机制或产品追溯体系？",
        ),
    ),
)

# （三）特色化评价指标。企业具有行业或区域的独特性。拥有地域特色的产品或服务，且能利用特有的资源进行研发生产；
# 掌握独有、可持续的工艺、技术或配方；有效期内的“中华老字号”、驰名商标、省级以上名牌产品。
SPECIALTY = _items(
    "group-specialty",
    "（三）特色化评价指标",
    "第五条第（三）项",
    (
        Criterion(
            id="specialty-regional",
            label="拥有地域特色的产品或服务，且能利用特有的资源进行研发生产",
            clause=f"{DOC} 第五条第（三）项",
            test=flag("enterprise.specialty.regional_specialty").eq(True),
            question="是否拥有地域特色产品或服务并利用特有资源研发生产？",
        ),
        Criterion(
            id="specialty-unique-process",
            label="掌握独有、可持续的工艺、技术或配方",
            clause=f"{DOC} 第五条第（三）项",
            test=flag("enterprise.specialty.unique_process").eq(True),
            question="是否掌握独有、可持续的工艺、技术或配方？",
        ),
        Criterion(
            id="specialty-famous-brand",
            label="有效期内的“中华老字号”、驰名商标、省级以上名牌产品",
            clause=f"{DOC} 第五条第（三）项",
            test=flag("enterprise.specialty.famous_brand").eq(True),
            question="是否有有效期内的中华老字号、驰名商标或省级以上名牌产品？",
        ),
    ),
)

# （四）新颖化评价指标。企业具有持续创新能力，并取得比较明显的成效。获得2项与主要产品相关的发明专利；或10项以上
# 与主要产品相关的实用新型专利；或主持（参与）制（修）订相关业务领域国际标准、国家标准、行业标准、团体标准；或
# 设立博士后工作站，市级（含）以上企业技术中心、技术研究院、企业工程中心等。
NOVELTY = Criterion(
    id="group-novelty",
    label="（四）新颖化评价指标（满足其一）",
    clause=f"{DOC} 第五条第（四）项",
    combine="any",
    parts=(
        Criterion(
            id="novel-invention-patents",
            label="获得 2 项与主要产品相关的发明专利",
            clause=f"{DOC} 第五条第（四）项",
            test=count("enterprise.ip.invention_patents") >= Param("invention_patents_min"),
            unit="项",
            question="与主要产品相关的有效发明专利数？",
        ),
        Criterion(
            id="novel-utility-models",
            label="10 项以上与主要产品相关的实用新型专利",
            clause=f"{DOC} 第五条第（四）项",
            test=count("enterprise.ip.utility_model_patents") >= Param("utility_models_min"),
            unit="项",
            question="与主要产品相关的实用新型专利数？",
        ),
        Criterion(
            id="novel-standards",
            label="主持（参与）制（修）订相关业务领域国际、国家、行业或团体标准",
            clause=f"{DOC} 第五条第（四）项",
            test=flag("enterprise.innovation.standards_drafted").eq(True),
            question="是否主持或参与制修订国际、国家、行业或团体标准？",
        ),
        Criterion(
            id="novel-rd-institution",
            label="设立博士后工作站，或市级（含）以上企业技术中心、技术研究院、企业工程中心等",
            clause=f"{DOC} 第五条第（四）项",
            test=any_of(
                flag("enterprise.innovation.postdoc_station").eq(True),
                text("enterprise.innovation.rd_institution").is_in(Param("city_level_rd_institutions")),
            ),
            actual=text("enterprise.innovation.rd_institution"),
            question="是否设有博士后工作站？研发机构的认定级别（市级 / 省级 / 国家级 / 未获认定）？",
        ),
    ),
)

INDICATOR_GROUP = Criterion(
    id="indicator-group",
    label="满足专业化、精细化、特色化、新颖化至少一类评价指标",
    clause=f"{DOC} 第五条",
    parts=(SPECIALIZATION, REFINEMENT, SPECIALTY, NOVELTY),
    combine="any",
)

ASSUMPTIONS = [SEMICOLON_ITEMS, KEY_SUPPLIER]
