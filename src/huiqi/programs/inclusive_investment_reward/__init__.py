"""普惠性制造业投资奖励（测算项目）— 粤工信技改函〔2021〕45号 第十一～十三条, then its 修订本
粤工信技改函〔2022〕7号 (from 2022-06-18).

The province rewards the *city government* (第二条、第十一条), not the enterprise: a project here
is a 测算项目 whose new fixed-asset investment measures the city's reward (第三条). Each criterion
stands under the sentence it encodes (doc ``inclusive-investment``); figures are in
``parameters.yaml``; cases in ``cases/``. :func:`build` makes a version from a parameter file and a
:class:`Version`; the 修订本 (an external document known from a repost, quality R) reuses the
criteria with ``parameters_2022.yaml`` (:mod:`.revision`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from huiqi.programs.external import annotated
from huiqi.rules.expr import Const, Param, When, choice, flag, money, text
from huiqi.rules.params import Parameter, load_parameters
from huiqi.rules.program import Assumption, Criterion, ManualCheck, Program, ProgramFamily, Reward, Version

DOC = "inclusive-investment"
PARAMETERS = load_parameters(Path(__file__).with_name("parameters.yaml"))
SEED = Version(DOC, "粤工信技改函〔2021〕45号", dt.date(2021, 9, 3), dt.date(2026, 9, 2))

# 第十二条（三）"立项和'十四五'期间完成总投资须 10 亿元以上": at the time of a yearly 测算 the
# "十四五" period (2021–2025) has not ended, and 第十四条 settles at the end of the period against the
# investment actually completed. Is the completed-investment floor a condition of each measurement,
# or a commitment checked only at the settlement? 第十四条 (清算 after the period, money reclaimed
# from projects that fall short) only makes sense if projects are measured before their total is
# complete, so the default is "at settlement": the 立项 total must reach the floor now, the completed
# total is settled in 2026 and the answer shows the clawback risk.
FYP_TIMING = Assumption(
    id="inclusive-investment-fyp-timing",
    question="“十四五”期间完成总投资达到 10 亿元（5 亿元）以上，是每次测算时的条件，还是期满清算时才核查？",
    options={
        "at-measurement": "测算时即须“十四五”期间已完成总投资达到下限（与立项总投资同为测算条件）",
        "at-settlement": "测算时只核查立项总投资；“十四五”期间完成总投资在政策期满后按第十四条清算核查，"
        "未完成的收回奖励",
    },
    default="at-settlement",
    clause=f"{DOC} 第十二条第（三）项",
)

# 第十二条（三）……项目建设地发生变更的，按项目最终实际建设地申报条件和标准执行。
CITY = text("project.city")
IN_PRD = CITY.is_in(Param("prd_cities"))
FLOOR = When(IN_PRD, Param("investment_floor_prd"), Param("investment_floor_ewn"), "地区")
declared = money("project.new_fai_declared_wan")
in_stats = money("project.new_fai_in_stats_wan")
fyp_completed = money("project.fyp_completed_investment_wan")

Cite = Callable[[str], str]


def seed_cite(ref: str) -> str:
    """A clause of 粤工信技改函〔2021〕45号 as the seed version cites it."""
    return f"{DOC} {ref}"


def build(
    version: Version,
    parameters: dict[str, Parameter],
    cite: Cite = seed_cite,
    note: str = "",
    manual_checks: tuple[ManualCheck, ...] = (),
    notes: tuple[str, ...] = (),
) -> Program:
    """One version: the criteria of 第十二条 and the reward of 第十三条 with the figures of
    ``parameters``, each clause cited through ``cite``; ``note`` is added to every criterion."""
    applicability = [
        # 第三条 ……测算项目……是指经地级以上市政府评审后用于测算投资奖励资金符合条件的制造业项目
        Criterion(
            id="project-kind",
            label="项目为制造业投资项目（测算项目）",
            clause=cite("第三条"),
            test=text("project.kind").eq("manufacturing_investment"),
            question="该项目是否为制造业投资项目（kind = manufacturing_investment）？",
        ),
        # 第十二条（三）、第十三条 只列举珠三角 8 市与粤东粤西粤北 12 市；深圳不在奖励范围。
        Criterion(
            id="covered-city",
            label="项目最终实际建设地属第十二条（三）列举的 20 市（深圳不在其列）",
            clause=cite("第十二条第（三）项"),
            test=IN_PRD | CITY.is_in(Param("ewn_cities")),
            actual=CITY,
            question="项目最终实际建设地在哪个地级市？",
            note="建设地变更的，按最终实际建设地（projects[].city）",
        ),
    ]

    criteria = [
        # 第十二条（一）测算项目自 2021 年 1 月 1 日起新增实际完成固定资产投资额已按规定纳入省工业固定资产投资统计，
        Criterion(
            id="investment-in-statistics",
            label="2021 年 1 月 1 日起新增实际完成固定资产投资已纳入省工业固定资产投资统计",
            clause=cite("第十二条第（一）项"),
            test=in_stats > 0,
            question="相应期间已纳入统计的工业固定资产投资额（万元）？",
        ),
        # ……且申报奖励的固定资产投资额不超过相应期间纳入统计的工业固定资产投资额。
        Criterion(
            id="declared-within-statistics",
            label="申报奖励的固定资产投资额不超过相应期间纳入统计的工业固定资产投资额",
            clause=cite("第十二条第（一）项"),
            test=declared <= in_stats,
            question="申报期内申报奖励的新增实际固定资产投资额（万元）？",
        ),
        # 第十二条（二）测算项目未获得过省重大制造业项目投资奖励的支持。
        Criterion(
            id="no-major-project-reward",
            label="未获得过省重大制造业项目投资奖励",
            clause=cite("第十二条第（二）项"),
            test=flag("project.received_major_project_reward").eq(False),
            question="项目是否已获省重大制造业项目投资奖励？",
        ),
        # 第十二条（三）广州……肇庆市制造业项目立项和"十四五"期间完成总投资须 10 亿元以上；汕头……云浮市……5 亿元以上。
        Criterion(
            id="total-investment-floor",
            label="项目立项总投资达到下限（珠三角 8 市 10 亿元、粤东粤西粤北 12 市 5 亿元，含本数）",
            clause=cite("第十二条第（三）项"),
            test=money("project.total_investment_wan") >= FLOOR,
            question="项目立项总投资（万元）？",
        ),
        Criterion(
            id="fyp-investment-floor",
            label="项目“十四五”期间完成总投资达到下限（珠三角 8 市 10 亿元、粤东粤西粤北 12 市 5 亿元，含本数）",
            clause=cite("第十二条第（三）项"),
            test=choice(FYP_TIMING.id, at_measurement=fyp_completed >= FLOOR, at_settlement=Const(True)),
            actual=fyp_completed,
            threshold=FLOOR,
            question="项目“十四五”期间已完成总投资（万元）？",
            note="按假设 inclusive-investment-fyp-timing（默认：期满清算时核查）：测算时不要求已完成，本项视为满足；"
            "清算风险：“十四五”期满（2026 年清算）时完成总投资仍低于下限的，所获奖励按第十四条收回。"
            "另一读法（测算时即须已完成）可用 --assume inclusive-investment-fyp-timing=at-measurement 切换",
        ),
        # 第十二条（四）项目单位近 3 年内在质量、安全、环保等方面未发生重大事故，不属于失信被执行人。
        Criterion(
            id="no-major-accident-3y",
            label="项目单位近 3 年内未发生质量、安全、环保等方面重大事故",
            clause=cite("第十二条第（四）项"),
            test=flag("enterprise.compliance.major_accident_3y").eq(False),
            question="项目单位近 3 年内是否发生过重大质量、安全或环保事故？",
        ),
        Criterion(
            id="not-dishonest-debtor",
            label="项目单位不属于失信被执行人",
            clause=cite("第十二条第（四）项"),
            test=flag("enterprise.compliance.dishonest_debtor").eq(False),
            question="项目单位是否为失信被执行人？",
        ),
    ]

    # 第十三条 ……省财政按其申报期内新增实际固定资产投资额不超过 2% 的比例核算奖励资金额度，
    # 对地级以上市政府予以事后奖励。
    reward = Reward(
        base=declared,
        rate=Param("reward_rate"),
        clause=cite("第十三条"),
        recipient="项目所在地级以上市人民政府（非项目单位）",
        note="测算额度：按申报奖励的新增实际固定资产投资额（不超过已纳入统计额）的 2% 核算，奖励地级以上市政府，"
        "仅作编制预算参考（第十九条），由市政府统筹用于支持制造业项目引进建设（第十五条）",
    )
    applicability, criteria = annotated(applicability, note), annotated(criteria, note)
    return Program(
        id="inclusive-investment-reward",
        title="普惠性制造业投资奖励（测算项目）",
        level="project",
        project_kind="manufacturing_investment",
        version=version,
        applicability=applicability,
        criteria=criteria,
        reward=reward,
        manual_checks=[
            ManualCheck("申报通知或指南明确的其他条件", cite("第十二条第（五）项")),
            ManualCheck(
                "新增实际固定资产投资额须为 2021 年 1 月 1 日至 2025 年 12 月 31 日期间、申报期内完成并纳入统计的投资，"
                "由地级以上市统计局审核、省统计局复核",
                cite("第九条"),
            ),
            ManualCheck("测算项目须经地级以上市政府评审遴选", cite("第三条")),
            *manual_checks,
        ],
        assumptions=[FYP_TIMING],
        notes=[
            "奖励对象是地级以上市政府：省财政按测算项目的新增实际固定资产投资对市政府事后奖励（第二条、第十一条），"
            "项目单位不直接获得该奖励；测算项目不等同于支持项目（第三条）。",
            "政策期满后按测算项目“十四五”期间投资完成情况清算，未按规定完成投资的，所获奖励资金予以收回（第十四条）。",
            "投资奖励资金不得用于已获得省级财政资金支持过的固定资产（第十五条第（二）项）。",
            "逐条对照第十二、十三条：（三）“立项和‘十四五’期间完成总投资”默认按期满清算核查（第十四条收回），"
            "测算时只要求立项总投资达到门槛；城市未知时两地区门槛结论一致者即定，深圳不在范围故不给金额；"
            "（一）在本评估中是测算项目的条件，资金测算（huiqi funds estimate）默认把它读作计入额上限，"
            "两种读法见假设 inclusive-estimate-base。",
            *notes,
        ],
        parameters=parameters,
        summary="省财政按 20 市 10 亿元（粤东粤西粤北 5 亿元）以上制造业项目新增实际固定资产投资的 2% 以内，"
        "对市政府事后奖励。",
    )


PROGRAM = build(SEED, PARAMETERS)


def family() -> ProgramFamily:
    """粤工信技改函〔2021〕45号, then its 修订本 粤工信技改函〔2022〕7号 from 2022-06-18."""
    from huiqi.programs.inclusive_investment_reward.revision import revision

    return ProgramFamily(PROGRAM.id, PROGRAM.title, [PROGRAM, revision()])
