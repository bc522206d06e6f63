"""技术改造设备事后奖励 — 粤工信规字〔2021〕5号 第八条（一）、第十条（一）, then 粤工信规字〔2024〕7号.

Each criterion stands under the sentence of the text it encodes (doc ``tech-upgrade-fund``).
:func:`build` makes one version from a parameter file and a :class:`Version`: the seed
(``parameters.yaml``, 2022-01-01 on) and its successor 粤工信规字〔2024〕7号 (``parameters_2024.yaml``,
from 2025-01-01; an external document known from reposts only, quality R) share the criteria. The
successor keeps the 700/400 万元 floors and 20%/30% rates and lowers the per-project cap to 1,500 万元;
its loan-interest, insurance and leasing subsidies are manual checks and notes (:mod:`.successor`).
Hand-written cases are in ``cases/``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from huiqi.programs.external import annotated
from huiqi.rules.expr import Const, Param, all_of, choice, coalesce, date, flag, money, text
from huiqi.rules.expr import Slice as slice_of
from huiqi.rules.expr import When as when
from huiqi.rules.params import Parameter, load_parameters
from huiqi.rules.program import Assumption, Criterion, ManualCheck, Program, ProgramFamily, Reward, Version

DOC = "tech-upgrade-fund"
PARAMETERS = load_parameters(Path(__file__).with_name("parameters.yaml"))
SEED = Version(DOC, "粤工信规字〔2021〕5号", dt.date(2022, 1, 1), dt.date(2026, 12, 31))

# Which city decides the region: the text speaks of "珠三角地区…企业技术改造项目" without saying
# whether the enterprise's seat or the project's site counts.
REGION_BASIS = Assumption(
    id="tech-upgrade-region-basis",
    question="地区按项目实施地还是企业注册地确定？",
    options={
        "project-site-else-seat": "地区按项目实施地（projects[].city）确定；项目未填写实施地时，推定项目在企业所在市",
        "project-site": "地区只按项目实施地（projects[].city）确定；未填写时待定，须询问项目所在地级市",
        "enterprise-seat": "地区按企业注册所在市（enterprise.city）确定",
    },
    default="project-site-else-seat",
    clause=f"{DOC} 第八条第（一）项第5目",
)

# Whether the 备案证 was changed: most projects never change it, and a profile written before the question
# existed says nothing about it. The text makes a change a condition only "备案证发生变更的".
FILING_CHANGE = Assumption(
    id="tech-upgrade-filing-change",
    question="未说明备案证是否变更时如何处理？",
    options={
        "unchanged-unless-said": "未填写备案证是否变更时，推定未变更；变更过的须填写提交变更的日期和变更前的建设期",
        "ask": "未填写备案证是否变更时待定，须询问",
    },
    default="unchanged-unless-said",
    clause=f"{DOC} 第八条第（一）项第4目",
)
FILING_CHANGED = choice(
    FILING_CHANGE.id,
    unchanged_unless_said=coalesce(flag("project.filing_changed"), Const(False)),
    ask=flag("project.filing_changed"),
)

_site = coalesce(text("project.city"), text("enterprise.city"))
_seat = text("enterprise.city")


#: the region-deciding city under the chosen reading (see REGION_BASIS)
CITY = choice(
    REGION_BASIS.id, project_site_else_seat=_site, project_site=text("project.city"), enterprise_seat=_seat
)
IN_PRD = CITY.is_in(Param("prd_cities"))
equipment = money("project.equipment_purchase_wan")

Cite = Callable[[str], str]


def seed_cite(ref: str) -> str:
    """A clause of 粤工信规字〔2021〕5号 as the seed version cites it."""
    return f"{DOC} {ref}"


def build(
    version: Version,
    parameters: dict[str, Parameter],
    cite: Cite = seed_cite,
    note: str = "",
    manual_checks: tuple[ManualCheck, ...] = (),
    notes: tuple[str, ...] = (),
    summary: str = "省先进制造业发展专项资金（企业技术改造）对已完工技改项目按设备购置额给予的事后奖励。",
) -> Program:
    """One version of the program: the criteria of 第八条（一） and the reward of 第十条（一）, reading
    the figures of ``parameters`` and citing each clause through ``cite`` (a successor maps the
    seed's clause numbers to its own articles); ``note`` is added to every criterion (e.g. the source
    quality of a successor known from reposts)."""
    applicability = [
        # 第八条（一）企业技术改造设备事后奖励申报单位及项目应满足以下条件
        Criterion(
            id="project-kind",
            label="项目为企业技术改造项目",
            clause=cite("第八条第（一）项"),
            test=text("project.kind").eq("tech_upgrade"),
            question="该项目是否为技术改造项目（kind = tech_upgrade）？",
        ),
        # 第八条（一）5 珠三角地区（广州、珠海、佛山、惠州、东莞、中山、江门和肇庆市）……粤东粤西粤北地区（汕头……云浮市）
        # 深圳不在两地区之列：省级技改资金不覆盖深圳（计划单列市另有专项）。
        Criterion(
            id="covered-region",
            label="项目所在地属珠三角地区（8 市）或粤东粤西粤北地区（12 市）（深圳不在两地区之列）",
            clause=cite("第八条第（一）项第5目"),
            test=IN_PRD | CITY.is_in(Param("ewn_cities")),
            actual=CITY,
            question="项目所在地级市？",
        ),
    ]

    criteria = [
        # 1.项目承担单位为在广东省内登记注册且在广东生产经营、具有独立法人资格，诚信经营、依法纳税的工业企业。
        Criterion(
            id="registered-in-guangdong",
            label="在广东省内登记注册",
            clause=cite("第八条第（一）项第1目"),
            test=flag("enterprise.registered_in_guangdong").eq(True),
        ),
        Criterion(
            id="operating-in-guangdong",
            label="在广东生产经营",
            clause=cite("第八条第（一）项第1目"),
            test=flag("enterprise.operating_in_guangdong").eq(True),
            question="企业是否在广东生产经营？",
        ),
        Criterion(
            id="independent-legal-person",
            label="具有独立法人资格",
            clause=cite("第八条第（一）项第1目"),
            test=flag("enterprise.independent_legal_person").eq(True),
            question="企业是否具有独立法人资格？",
        ),
        # "诚信经营" 与 "依法纳税" 是两件事：失信被执行人不是诚信经营的企业，即使纳税无违法。
        Criterion(
            id="honest-and-tax-compliant",
            label="诚信经营、依法纳税（不是失信被执行人，无偷漏税等违法违规）",
            clause=cite("第八条第（一）项第1目"),
            test=all_of(
                flag("enterprise.compliance.tax_violation").eq(False),
                flag("enterprise.compliance.dishonest_debtor").eq(False),
            ),
            question="企业是否为失信被执行人（以“信用中国”查询结果为准）？是否有偷漏税或其他违法违规记录？",
        ),
        Criterion(
            id="industrial-enterprise",
            label="工业企业（国民经济行业分类 B、C、D 门类）",
            clause=cite("第八条第（一）项第1目"),
            test=slice_of(text("enterprise.industry_code"), 0, 1).is_in(Param("industrial_sections")),
            actual=text("enterprise.industry_code"),
            question="企业所属国民经济行业代码（GB/T 4754-2017）？",
        ),
        # 2.企业技术改造项目应符合国家和省产业政策，具备在工业和信息化主管部门备案、核准或审批等文件。
        Criterion(
            id="conforms-industrial-policy",
            label="项目符合国家和省产业政策（不属禁止投资建设项目）",
            clause=cite("第八条第（一）项第2目"),
            test=flag("project.prohibited_by_policy").eq(False),
            question="项目是否属于产业政策禁止投资建设的项目？",
        ),
        Criterion(
            id="filed-or-approved",
            label="具备备案、核准或审批文件",
            clause=cite("第八条第（一）项第2目"),
            test=text("project.management").is_in(("filing", "approval", "examination")),
            actual=text("project.management"),
            question="项目是备案、核准还是审批管理？",
        ),
        # 3.企业技术改造项目及申报奖励的设备投资未获得过省财政资金的支持。
        Criterion(
            id="no-provincial-funding",
            label="项目及设备投资未获得过省财政资金支持",
            clause=cite("第八条第（一）项第3目"),
            test=flag("project.received_provincial_funding").eq(False),
            question="项目或所报设备投资是否已获省财政资金支持？",
        ),
        # 4.企业技术改造项目在规定时间内完工，且完工日期在项目备案证建设期内。
        Criterion(
            id="completed-within-period",
            label="完工日期在备案证（核准文件）建设期内",
            clause=cite("第八条第（一）项第4目"),
            test=all_of(
                date("project.completed_on") <= date("project.planned_completion"),
                date("project.completed_on") >= date("project.planned_start"),
            ),
            actual=date("project.completed_on"),
            threshold=date("project.planned_completion"),
            question="项目实际完工日期和备案证建设期？",
        ),
        # 备案证发生变更的，企业提交变更时间应在前备案证项目建设期内。
        Criterion(
            id="filing-change-in-period",
            label="备案证发生变更的，提交变更时间在变更前备案证的建设期内",
            clause=cite("第八条第（一）项第4目"),
            test=when(
                FILING_CHANGED,
                all_of(
                    date("project.filing_change_submitted_on") >= date("project.previous_planned_start"),
                    date("project.filing_change_submitted_on") <= date("project.previous_planned_completion"),
                ),
                Const(True),
            ),
            actual=date("project.filing_change_submitted_on"),
            threshold=date("project.previous_planned_completion"),
            question="备案证是否发生过变更？变更的，何时提交变更、变更前备案证的建设期是哪段？",
        ),
        # 5.珠三角地区……设备购置总额不低于 700 万元，粤东粤西粤北地区……不低于 400 万元。
        Criterion(
            id="equipment-floor",
            label="符合条件的设备购置总额不低于地区下限（珠三角 700 万元、粤东西北 400 万元）",
            clause=cite("第八条第（一）项第5目"),
            test=equipment >= when(IN_PRD, Param("equipment_floor_prd"), Param("equipment_floor_ewn"), "地区"),
            question="符合条件的设备购置总额（万元）？",
        ),
        # 6.企业技术改造项目投资按规定纳入技术改造投资统计。
        Criterion(
            id="in-tech-upgrade-statistics",
            label="项目投资已纳入技术改造投资统计",
            clause=cite("第八条第（一）项第6目"),
            test=flag("project.in_tech_upgrade_statistics").eq(True),
            question="项目投资是否已纳入技术改造投资统计？",
        ),
    ]

    # 第十条（一）对珠三角地区……按设备购置额不超过 20% 予以奖励，粤东粤西粤北地区……不超过 30%，
    # 单个项目奖励额最高不超过 5000 万元。
    reward = Reward(
        base=equipment,
        rate=when(IN_PRD, Param("rate_prd"), Param("rate_ewn")),
        caps=(Param("project_cap"),),
        clause=cite("第十条第（一）项"),
        note="上限额度；具体比例由竞争性评审后按地区统一确定（地区内奖补比例保持一致），以当年申报通知为准",
    )

    applicability, criteria = annotated(applicability, note), annotated(criteria, note)
    return Program(
        id="tech-upgrade-equipment-reward",
        title="技术改造设备事后奖励",
        level="project",
        project_kind="tech_upgrade",
        version=version,
        applicability=applicability,
        criteria=criteria,
        reward=reward,
        manual_checks=[ManualCheck("申报通知或指南明确的其他条件", cite("第八条第（一）项第7目")), *manual_checks],
        assumptions=[REGION_BASIS, FILING_CHANGE],
        notes=list(notes),
        parameters=parameters,
        summary=summary,
    )


#: what a reading of 第八条（一）and 第十条（一）against the rules found and mended (2026-12)
READING = (
    "逐条对照第八条（一）、第十条（一）：1 目“诚信经营、依法纳税”读失信被执行人与偷漏税两项（此前只读偷漏税）；"
    "4 目后句“备案证发生变更的，企业提交变更时间应在前备案证项目建设期内”已编码（此前缺）；"
    "5 目门槛在城市未知时，设备额低于 400 万元或不低于 700 万元即已确定（两地区一致），深圳不在范围故不会给出金额；"
    "项目未填写实施地时推定在企业所在市，为命名读法。",
    "第十条（一）“原则上按地区奖补比例上限予以支持”：奖励上限按 20%/30% 计；实际比例由竞争性评审后按地区统一确定。",
)

PROGRAM = build(SEED, PARAMETERS, notes=READING)


def family() -> ProgramFamily:
    from huiqi.programs.tech_upgrade_equipment_reward.successor import successor

    return ProgramFamily(PROGRAM.id, PROGRAM.title, [PROGRAM, successor()])
