"""制造业数字化转型标杆示范项目（2022 年度入库）— 粤工信工业互联网函〔2021〕32号 二、三、四.

Three directions (``project.direction``): 工业互联网应用创新标杆 ``industrial_internet``, 5G+工业互联网
应用标杆 ``5g``, 产业链供应链协同示范标杆 ``supply_chain``; a direction's own conditions pass trivially
for the other two. Each criterion stands under the sentence it encodes (doc ``digital-benchmark-2021``);
figures are in ``parameters.yaml``; cases in ``cases/``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from huiqi.rules.expr import Const, Param, Ratio, When, choice, count, date, flag, money, number, text, years_after
from huiqi.rules.expr import Slice as slice_of
from huiqi.rules.params import load_parameters
from huiqi.rules.program import Assumption, Criterion, ManualCheck, Program, ProgramFamily, Reward, Version

DOC = "digital-benchmark-2021"
PARAMETERS = load_parameters(Path(__file__).with_name("parameters.yaml"))
_NOTICE = dt.date(2021, 6, 22)
#: the last date in the notice by which an enterprise's application can reach the province: the cities
#: report their 入库 projects by 8 月 15 日 (五、（二）); a call for applications ends with it
_LAST_DAY = dt.date(2021, 8, 15)

SHENZHEN = Assumption(
    id="digital-benchmark-shenzhen",
    question="深圳项目是否在本专项（省级促进经济高质量发展专项资金）覆盖范围？",
    options={
        "covered": "覆盖：通知只要求“项目实施地必须在广东省内”，未排除深圳；深圳按珠三角地区标准",
        "excluded": "不覆盖：深圳为计划单列市，省级专项资金通常不安排深圳项目",
    },
    default="covered",
    clause=f"{DOC} 三、（二）1",
)

CUTOFF = Assumption(
    id="digital-benchmark-completion-cutoff",
    question="“在本申报通知发布前完工”是否包括通知发布当日（2021-06-22）完工？",
    options={
        "before-notice-day": "须在 2021-06-22 之前（不含当日）完工",
        "on-or-before-notice-day": "2021-06-22 当日完工亦可",
    },
    default="before-notice-day",
    clause=f"{DOC} 三、（二）2",
)

LEADER_REVENUE = Assumption(
    id="digital-benchmark-leader-revenue",
    question="产业链标杆龙头企业“原则上 2020 年主营业务收入超 50 亿（含）”是硬性条件吗？",
    options={
        "binding": "按硬性条件判断：2020 年主营业务收入须不低于 50 亿元",
        "in-principle": "“原则上”：不据此否决，列为人工核查事项",
    },
    default="binding",
    clause=f"{DOC} 三、（一）1",
)

CITY = text("project.city")
IN_PRD = CITY.is_in(Param("prd_cities"))
IN_GD = IN_PRD | CITY.is_in(Param("ewn_cities"))
DIRECTION = text("project.direction")
IS_II = DIRECTION.eq("industrial_internet")
IS_CHAIN = DIRECTION.eq("supply_chain")
start = date("project.build_start")
end = date("project.build_end")
investment = money("project.investment_ex_tax_wan")
revenue_2020 = money("enterprise.financials.2020.main_business_revenue")


BUILD_LIMIT = years_after(start, Param("build_period_years"))


APPLICABILITY = [
    # 二、重点支持……制造企业数字化转型项目
    Criterion(
        id="project-kind",
        label="项目为制造业数字化转型项目",
        clause=f"{DOC} 二、",
        test=text("project.kind").eq("digital_transformation"),
        question="该项目是否为数字化转型项目（kind = digital_transformation）？",
    ),
    Criterion(
        id="shenzhen-coverage",
        label="项目实施地在本专项覆盖范围（深圳按假设 digital-benchmark-shenzhen）",
        clause=f"{DOC} 三、（二）1",
        test=choice(SHENZHEN.id, covered=Const(True), excluded=CITY.ne("深圳")),
        actual=CITY,
    ),
]

CRITERIA = [
    # 二、具体支持方向如下：（一）工业互联网应用创新标杆（二）5G+工业互联网应用标杆（三）产业链供应链协同示范标杆
    Criterion(
        id="direction-declared",
        label="申报方向为三个支持方向之一",
        clause=f"{DOC} 二、",
        test=DIRECTION.is_in(("industrial_internet", "5g", "supply_chain")),
        question="申报哪个方向：工业互联网应用创新标杆、5G+工业互联网应用标杆、产业链供应链协同示范标杆？",
    ),
    # 二、（三）……带动 5 家以上省内核心供应链制造企业（可跨区域）在生产制造环节实施统一标准的数字化改造
    Criterion(
        id="core-suppliers",
        label="产业链供应链协同示范标杆：带动 5 家以上省内核心供应链制造企业",
        clause=f"{DOC} 二、（三）",
        test=When(IS_CHAIN, count("project.core_suppliers") >= Param("core_suppliers_min"), Const(True)),
        actual=count("project.core_suppliers"),
        threshold=Param("core_suppliers_min"),
        question="带动实施统一标准数字化改造的省内核心供应链制造企业有几家？",
        note="仅适用于产业链供应链协同示范标杆",
    ),
    # 三、（一）由在广东省注册、具有独立法人资格的制造业企业单独申报。
    Criterion(
        id="registered-in-guangdong",
        label="申报主体在广东省注册",
        clause=f"{DOC} 三、（一）",
        test=flag("enterprise.registered_in_guangdong").eq(True),
    ),
    Criterion(
        id="independent-legal-person",
        label="申报主体具有独立法人资格",
        clause=f"{DOC} 三、（一）",
        test=flag("enterprise.independent_legal_person").eq(True),
        question="企业是否具有独立法人资格？",
    ),
    Criterion(
        id="manufacturing-enterprise",
        label="申报主体为制造业企业（国民经济行业分类 C 门类）",
        clause=f"{DOC} 三、（一）",
        test=slice_of(text("enterprise.industry_code"), 0, 1).is_in(Param("manufacturing_sections")),
        actual=text("enterprise.industry_code"),
        question="企业所属国民经济行业代码（GB/T 4754-2017）？",
    ),
    # 三、（一）1 项目申报企业应具备良好的自动化、信息化基础。
    #   其中产业链标杆的行业龙头骨干企业原则上 2020 年主营业务收入超 50 亿（含）。
    Criterion(
        id="automation-it-base",
        label="具备良好的自动化、信息化基础",
        clause=f"{DOC} 三、（一）1",
        test=flag("project.automation_it_base").eq(True),
        question="企业是否具备良好的自动化、信息化基础？",
    ),
    Criterion(
        id="chain-leader-revenue",
        label="产业链标杆龙头骨干企业 2020 年主营业务收入不低于 50 亿元",
        clause=f"{DOC} 三、（一）1",
        test=When(
            IS_CHAIN,
            choice(LEADER_REVENUE.id, binding=revenue_2020 >= Param("leader_revenue_floor"), in_principle=Const(True)),
            Const(True),
        ),
        actual=revenue_2020,
        threshold=Param("leader_revenue_floor"),
        question="企业 2020 年主营业务收入（万元）？",
        note="仅适用于产业链供应链协同示范标杆；“原则上”的读法见假设 digital-benchmark-leader-revenue",
    ),
    # 三、（一）2 项目申报单位及为项目提供服务的工业互联网服务商近 5 年以来在专项审计、绩效评价、监督检查等方面
    # 未出现过较为严重的违法违规情况。申报单位不得为失信被执行人……近 5 年以来未发生重大安全、环保、质量事故。
    Criterion(
        id="no-audit-violation-5y",
        label="申报单位近 5 年在专项审计、绩效评价、监督检查等方面无较为严重的违法违规",
        clause=f"{DOC} 三、（一）2",
        test=flag("enterprise.compliance.audit_violation_5y").eq(False),
        question="申报单位近 5 年是否在专项审计、绩效评价、监督检查中出现较为严重的违法违规？",
    ),
    Criterion(
        id="provider-no-violation-5y",
        label="服务商近 5 年在专项审计、绩效评价、监督检查等方面无较为严重的违法违规",
        clause=f"{DOC} 三、（一）2",
        test=flag("project.service_provider_violation_5y").eq(False),
        question="为项目提供服务的工业互联网服务商近 5 年是否有较为严重的违法违规？",
    ),
    Criterion(
        id="not-dishonest-debtor",
        label="申报单位不是失信被执行人",
        clause=f"{DOC} 三、（一）2",
        test=flag("enterprise.compliance.dishonest_debtor").eq(False),
        question="申报单位是否为失信被执行人（以“信用中国”查询结果为准）？",
    ),
    Criterion(
        id="no-major-accident-5y",
        label="申报单位近 5 年未发生重大安全、环保、质量事故",
        clause=f"{DOC} 三、（一）2",
        test=flag("enterprise.compliance.major_accident_5y").eq(False),
        question="申报单位近 5 年是否发生重大安全、环保、质量事故？",
    ),
    # 三、（一）3 项目申报单位不存在我厅经管财政专项资金支持项目逾期未验收的情况
    Criterion(
        id="no-overdue-project",
        label="无厅经管财政专项资金支持项目逾期未验收",
        clause=f"{DOC} 三、（一）3",
        test=flag("enterprise.compliance.overdue_unaccepted_project").eq(False),
        question="是否有厅经管财政专项资金支持项目逾期未验收（已延期的按延期时间计算）？",
    ),
    # 三、（二）1 项目实施地必须在广东省内
    Criterion(
        id="site-in-guangdong",
        label="项目实施地在广东省内",
        clause=f"{DOC} 三、（二）1",
        test=IN_GD,
        actual=CITY,
        question="项目实施地在哪个地级市？",
    ),
    # 三、（二）2 项目启动时间不早于 2018 年 3 月 20 日（含），并在本申报通知发布前完工，
    #   项目建设周期不超过两年（以发票时间为准）。
    Criterion(
        id="started-not-before",
        label="项目启动时间不早于 2018 年 3 月 20 日（含）",
        clause=f"{DOC} 三、（二）2",
        test=start >= Param("start_not_before"),
        question="项目建设起始日期（以发票时间为准）？",
    ),
    Criterion(
        id="completed-before-notice",
        label="项目在申报通知发布（2021-06-22）前完工",
        clause=f"{DOC} 三、（二）2",
        test=choice(
            CUTOFF.id,
            before_notice_day=end < Param("notice_date"),
            on_or_before_notice_day=end <= Param("notice_date"),
        ),
        actual=end,
        threshold=Param("notice_date"),
        question="项目完工日期（以发票时间为准）？",
    ),
    Criterion(
        id="build-period",
        label="项目建设周期不超过两年（以发票时间为准，起始日满两年的对应日为最后一日）",
        clause=f"{DOC} 三、（二）2",
        test=end <= BUILD_LIMIT,
        question="项目建设起止日期（以发票时间为准）？",
    ),
    # ……珠三角地区项目投入费用（不含税……）不低于 500 万元，粤东粤西粤北地区项目投入费用不低于 300 万元。
    Criterion(
        id="investment-floor",
        label="项目投入费用（不含税）不低于地区下限（珠三角 500 万元、粤东粤西粤北 300 万元）",
        clause=f"{DOC} 三、（二）2",
        test=investment >= When(IN_PRD, Param("investment_floor_prd"), Param("investment_floor_ewn"), "地区"),
        question="项目投入费用（不含税，万元）？",
    ),
    # 其中，工业互联网应用创新标杆项目信息化投入……不低于项目总投入的 60%。
    Criterion(
        id="it-share",
        label="工业互联网应用创新标杆：信息化投入不低于项目总投入的 60%",
        clause=f"{DOC} 三、（二）2",
        test=When(IS_II, Ratio(money("project.it_investment_wan"), investment) >= Param("it_share_min"), Const(True)),
        actual=Ratio(money("project.it_investment_wan"), investment),
        threshold=Param("it_share_min"),
        question="项目信息化投入（万元）？",
        note="仅适用于工业互联网应用创新标杆",
    ),
    # 三、（二）3 项目不得重复申报、多头申报。
    Criterion(
        id="not-repeated",
        label="项目未重复申报、多头申报",
        clause=f"{DOC} 三、（二）3",
        test=flag("project.repeated_application").eq(False),
        question="项目是否重复申报或多头申报？",
    ),
    # 三、（二）4 ……珠三角地区扶持项目评分不低于 80 分，粤东西北地区扶持项目评分不低于 75 分。
    Criterion(
        id="review-score",
        label="遴选评分不低于地区下限（珠三角 80 分、粤东西北 75 分）",
        clause=f"{DOC} 三、（二）4",
        test=number("project.review_score") >= When(IN_PRD, Param("score_floor_prd"), Param("score_floor_ewn"), "地区"),
        unit="分",
        question="项目遴选评分？",
    ),
    # 四、（一）……同一主体每年只能申报一个方向的项目。
    Criterion(
        id="one-direction-per-year",
        label="同一主体本年度未申报其他方向",
        clause=f"{DOC} 四、（一）",
        test=flag("project.other_direction_this_year").eq(False),
        question="本单位本年度是否已申报其他方向的项目？",
    ),
]

# 四、（一）……择优按照不超过项目投入费用的 30% 进行奖补，原则上 5G+工业互联网应用标杆和产业链供应链协同示范标杆
# 支持上限每个项目不超过 500 万元，工业互联网应用创新标杆支持上限每个项目不超过 200 万元。
REWARD = Reward(
    base=investment,
    rate=Param("reward_rate"),
    caps=(When(IS_II, Param("cap_industrial_internet"), Param("cap_5g_supply_chain")),),
    clause=f"{DOC} 四、（一）",
    note="事后奖补上限；具体补助额度根据年度资金预算控制指标和入库项目申请情况等因素确定",
)

PROGRAM = Program(
    id="digital-benchmark",
    title="制造业数字化转型标杆示范项目",
    level="project",
    project_kind="digital_transformation",
    version=Version(
        DOC,
        "粤工信工业互联网函〔2021〕32号",
        _NOTICE,
        _LAST_DAY,
        end_basis="本通知是 2022 年度项目入库的申报通知，没有另定有效期：地市须于 2021 年 6 月 30 日前完成申报配置、"
        "8 月 15 日前报送入库情况（五、（一）（二）），企业最迟须在 2021-08-15 前经地市申报；此后本通知不再接受申报，"
        "以后年度须按当年的申报通知。",
    ),
    applicability=APPLICABILITY,
    criteria=CRITERIA,
    reward=REWARD,
    manual_checks=[
        ManualCheck(
            "工业互联网应用创新标杆：应用工业互联网服务商的专业服务，实现一类以上数据要素“上云上平台”",
            f"{DOC} 二、（一）",
        ),
        ManualCheck(
            "5G+工业互联网应用标杆：搭建与行业应用系统结合的 5G 示范网络并面向典型场景开展实践",
            f"{DOC} 二、（二）",
        ),
        ManualCheck("产业链供应链协同示范标杆：龙头企业联合服务商制定供应链在线协同整体方案", f"{DOC} 二、（三）"),
        ManualCheck("项目已完成并取得良好的降本提质增效成果，应用场景具有代表性、方案可复制推广", f"{DOC} 三、（二）1"),
        ManualCheck(
            "投入费用限于与项目相关的设备、材料、产品、软件、云资源及网络、调试安装及咨询设计检测评价等合理支出",
            f"{DOC} 三、（二）2",
        ),
        ManualCheck("由申报企业单独申报（不得联合申报）", f"{DOC} 三、（一）"),
        ManualCheck("提供完整的项目完工证明材料（专项审计报告、项目完工报告等）", f"{DOC} 四、（二）"),
        ManualCheck(
            "申报单位未因拒不配合检查、绩效评价、审计经正式提醒到期仍不整改而在整改前被停止安排专项资金；"
            "超过整改期后才完成整改的，5 年内不得安排专项资金",
            f"{DOC} 五、（四）",
        ),
        ManualCheck("项目有可量化考核的绩效指标", f"{DOC} 四、（三）"),
    ],
    assumptions=[SHENZHEN, CUTOFF, LEADER_REVENUE],
    notes=[
        "本通知为 2022 年度专项资金项目入库通知（2021-06-22 发布，未另定有效期）；地市须于 8 月 15 日前报送入库情况，"
        "故本版本止于 2021-08-15，此后的评估为“不在有效期内”。",
        "通知按“珠三角地区”“粤东粤西粤北地区”分档但未列举城市：珠三角 8 市取自技改细则第八条（一）5（另加深圳，"
        "见假设 digital-benchmark-shenzhen），粤东粤西粤北 12 市取自普惠细则第十二条（三）。",
        "逐条对照：三、（二）2 的投入门槛与 4 的评分门槛在实施地未知时两地区一致者即定；三、（一）“单独申报”"
        "与五、（四）整改后 5 年不得安排资金列为人工核查；申报通知的有效期以其最后申报日为止。",
        "建设周期“不超过两年”按民法典期间计算：起始日满两年的对应日为最后一日（2 月 29 日起算的，止于 2 月 28 日）。",
        "重点支持二十个战略性产业集群及其产业链、供应链制造企业（二、），非硬性条件；"
        "可用 huiqi.programs.clusters 查询。",
    ],
    parameters=PARAMETERS,
    summary="已完工的制造业数字化转型标杆示范项目，按项目投入费用不超过 30% 事后奖补，"
    "每项目 500 万元（工业互联网应用创新 200 万元）封顶。",
)


def family() -> ProgramFamily:
    """The program's versions (one: 粤工信工业互联网函〔2021〕32号)."""
    return ProgramFamily(PROGRAM.id, PROGRAM.title, [PROGRAM])
