"""技术改造设备事前奖励清算（2019 年度项目）— 粤工信规字〔2021〕5号 第八条（二）、第十条（二）.

Each criterion stands under the sentence of the text it encodes (doc ``tech-upgrade-fund``).
The reward is the project's own 2019 figures applied to what it actually bought: actual equipment ×
(approved reward ÷ planned equipment), never more than the approved reward. Cases are in ``cases/``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from huiqi.rules.expr import Param, Ratio, choice, coalesce, flag, money, text
from huiqi.rules.params import load_parameters
from huiqi.rules.program import Assumption, Criterion, ManualCheck, Program, ProgramFamily, Reward, Version

DOC = "tech-upgrade-fund"
PARAMETERS = load_parameters(Path(__file__).with_name("parameters.yaml"))

# Whose city decides whether the fund covers the project (深圳 is outside it): the text lists the
# regions for "企业技术改造项目" without saying whether the project site or the enterprise's seat counts.
REGION_BASIS = Assumption(
    id="pre-reward-region-basis",
    question="判断是否属省级技改资金覆盖地区（深圳除外），按项目实施地还是企业注册地？",
    options={
        "project-site-else-seat": "按项目实施地（projects[].city）判断；项目未填写实施地时，推定项目在企业所在市",
        "project-site": "只按项目实施地（projects[].city）判断；未填写时待定，须询问项目所在地级市",
        "enterprise-seat": "按企业注册所在市（enterprise.city）判断",
    },
    default="project-site-else-seat",
    clause=f"{DOC} 第八条第（一）项第5目",
)

CITY = choice(
    REGION_BASIS.id,
    project_site_else_seat=coalesce(text("project.city"), text("enterprise.city")),
    project_site=text("project.city"),
    enterprise_seat=text("enterprise.city"),
)
PRE = "project.pre_reward_2019"
approved = money(f"{PRE}.approved_wan")
planned = money(f"{PRE}.planned_equipment_wan")
actual_equipment = money("project.equipment_purchase_wan")

APPLICABILITY = [
    # 第八条（二）企业技术改造设备事前奖励主要支持……2019 年度已获支持的设备事前奖励技术改造项目。
    Criterion(
        id="project-kind",
        label="项目为企业技术改造项目",
        clause=f"{DOC} 第八条第（二）项",
        test=text("project.kind").eq("tech_upgrade"),
        question="该项目是否为技术改造项目（kind = tech_upgrade）？",
    ),
    Criterion(
        id="pre-reward-2019-project",
        label="项目为 2019 年度已获支持的设备事前奖励项目（填写了核定奖励额）",
        clause=f"{DOC} 第八条第（二）项",
        test=approved.known(),
        actual=approved,
        note="未填写 pre_reward_2019.approved_wan 的项目不属本清算范围",
    ),
    # 第八条（一）5 的地区括注"下同"：珠三角 8 市与粤东粤西粤北 12 市；深圳不在省级技改资金范围。
    Criterion(
        id="covered-region",
        label="项目所在地属珠三角地区（8 市）或粤东粤西粤北地区（12 市）（深圳不在两地区之列）",
        clause=f"{DOC} 第八条第（一）项第5目",
        test=CITY.is_in(Param("prd_cities")) | CITY.is_in(Param("ewn_cities")),
        actual=CITY,
        question="项目所在地级市？",
    ),
]

CRITERIA = [
    # 第十条（二）2019 年度已获支持的设备事前奖励技术改造项目在规定时间内完工并通过验收后，……
    Criterion(
        id="completed-on-time",
        label="项目在规定时间内完工",
        clause=f"{DOC} 第十条第（二）项",
        test=flag(f"{PRE}.completed_on_time").eq(True),
        question="项目是否在规定时间内完工？",
    ),
    Criterion(
        id="accepted",
        label="项目已通过验收",
        clause=f"{DOC} 第十条第（二）项",
        test=flag(f"{PRE}.accepted").eq(True),
        question="项目是否已通过验收？",
    ),
    # ……按实际设备购置总额核算奖励金总额，……
    Criterion(
        id="actual-equipment-reported",
        label="实际设备购置总额已核定且大于零（核算奖励的基数）",
        clause=f"{DOC} 第十条第（二）项",
        test=actual_equipment > 0,
        question="项目实际设备购置总额（万元）？",
    ),
    # ……项目最终所获奖励资金总额不超过按原计划设备购置总额核算的奖励额度。
    Criterion(
        id="planned-equipment-reported",
        label="原计划设备购置总额已知且大于零（据以得出核定奖励比例）",
        clause=f"{DOC} 第十条第（二）项",
        test=planned > 0,
        question="2019 年度事前奖励核定时的原计划设备购置总额（万元）？",
    ),
]

REWARD = Reward(
    base=actual_equipment,
    rate=Ratio(approved, planned),
    caps=(approved,),
    clause=f"{DOC} 第十条第（二）项",
    note="奖励金总额 = 实际设备购置总额 × 核定奖励额 ÷ 原计划设备购置总额，且不超过原核定奖励额；"
    "为项目最终可得的奖励总额（含已拨付部分），不是尚待拨付的差额",
)

PROGRAM = Program(
    id="tech-upgrade-pre-reward-settlement",
    title="技术改造设备事前奖励清算（2019 年度项目）",
    level="project",
    project_kind="tech_upgrade",
    version=Version(DOC, "粤工信规字〔2021〕5号", dt.date(2022, 1, 1), dt.date(2026, 12, 31)),
    applicability=APPLICABILITY,
    criteria=CRITERIA,
    reward=REWARD,
    manual_checks=[
        ManualCheck("“规定时间”以 2019 年度事前奖励项目计划或合同约定的完工期限为准", f"{DOC} 第八条第（二）项"),
        ManualCheck("验收（完工评价）由地级以上市工业和信息化局组织", f"{DOC} 第六条"),
    ],
    assumptions=[REGION_BASIS],
    notes=[
        "核定奖励比例取 2019 年度核定奖励额 ÷ 原计划设备购置总额，以精确分数计算，不作舍入。",
        "实际设备购置额超过原计划时，奖励以原核定奖励额为限；低于原计划时按实际额同比例核减。",
        "逐条对照第八条（二）、第十条（二）：条件与奖励核算与原文一致；地区沿用第八条（一）5 的括注“下同”，"
        "项目未填写实施地时推定在企业所在市，为命名读法 pre-reward-region-basis。",
    ],
    parameters=PARAMETERS,
    summary="2019 年度已获支持的设备事前奖励技改项目，按期完工并通过验收后按实际设备购置额清算奖励总额。",
)


def family() -> ProgramFamily:
    """The program's versions (one: 粤工信规字〔2021〕5号)."""
    return ProgramFamily(PROGRAM.id, PROGRAM.title, [PROGRAM])
