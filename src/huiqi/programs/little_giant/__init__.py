"""专精特新"小巨人"企业（第三批）— 工信厅企业函〔2021〕79号 三、（一）（二）（三）, 五、（一）.

Each criterion stands under the sentence of the text it encodes (doc ``little-giant-2021``): the basic
conditions and exclusions of 三、（一） here, the special conditions of 三、（二） in :mod:`.special`, the
three bands of 三、（三） in :mod:`.bands`. Figures come from ``parameters.yaml`` (the 300号 size lines
from ``gd_specialized_sme/sme_300.yaml``, cited as 三、（一）1). A recommendation: no reward.

This version answers from the notice's date (2021-04-19) to the last day enterprises could upload their
applications (2021-05-06, 五、（三）2): a call for the third batch, with no validity of its own. No call is
open in between; 工信部企业〔2022〕63号 附件3 applies from 2022-08-01 and 工信部企业〔2026〕2号 附件2 from
2026-04-01 (both in :mod:`.miit`, quality R).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from huiqi.programs.gd_specialized_sme.common import compound_factor, not_flagged, not_known_true
from huiqi.programs.gd_specialized_sme.sme import SME_INDUSTRY, sme_parameters, sme_test
from huiqi.programs.little_giant.bands import ASSUMPTIONS as BAND_ASSUMPTIONS
from huiqi.programs.little_giant.bands import BAND
from huiqi.programs.little_giant.special import ASSUMPTIONS as SPECIAL_ASSUMPTIONS
from huiqi.programs.little_giant.special import SPECIAL
from huiqi.rules.expr import AsOf, Const, all_of, any_of, choice, date, flag
from huiqi.rules.params import load_parameters
from huiqi.rules.program import Assumption, Criterion, ManualCheck, Program, ProgramFamily, Version

DOC = "little-giant-2021"

_own = load_parameters(Path(__file__).with_name("parameters.yaml"))
PARAMETERS = {
    **_own,
    "growth_average_min_compound_factor": compound_factor(_own["growth_average_min"]),
    **sme_parameters(f"{DOC} 三、（一）1"),
}
#: "连续经营3年以上": the whole years the rule shifts as_of back by (from parameters.yaml)
OPERATING_YEARS = int(_own["operating_years_min"].periods[0].value)  # type: ignore[arg-type]

HIGH_GROWTH_COUNTS = Assumption(
    id="lg-high-growth-counts",
    question="有效期内的广东省高成长中小企业是否算作“省级中小企业主管部门认定的专精特新中小企业”？",
    options={
        "counts": "算作：粤工信规字〔2020〕3号 第十三条规定其按广东省专精特新中小企业管理",
        "not-counted": "不算作：须为省级认定或重点培育的专精特新中小企业，或其他创新能力强、市场竞争优势突出的中小企业",
    },
    default="counts",
    clause=f"{DOC} 三、（一）1",
)

_status = "enterprise.status."

APPLICABILITY = [
    # 1. 在中华人民共和国境内工商注册登记……（本工具按广东省中小企业主管部门的推荐范围评估）
    Criterion(
        id="registered-in-guangdong",
        label="在广东省内工商注册登记（由广东省中小企业主管部门推荐）",
        clause=f"{DOC} 三、（一）1",
        test=flag("enterprise.registered_in_guangdong").eq(True),
        question="企业是否在广东省内登记注册？",
        note="在境内其他省份登记的企业由所在省级中小企业主管部门推荐，不在本评估范围",
    ),
]

BASIC = [
    # 1. 在中华人民共和国境内工商注册登记、连续经营3年以上、具有独立法人资格、符合《中小企业划型标准规定》
    # （工信部联企业〔2011〕300号）的中小企业，且属于省级中小企业主管部门认定或重点培育的“专精特新”中小企业
    # 或其他创新能力强、市场竞争优势突出的中小企业。
    Criterion(
        id="operating-3-years",
        label="连续经营 3 年以上（成立日期不晚于 as_of 前 3 年的同月同日）",
        clause=f"{DOC} 三、（一）1",
        test=date("enterprise.established") <= AsOf(-OPERATING_YEARS),
        question="企业成立日期？",
        note="3 年以上含 3 年；以成立日期计算，中途停业不在数据范围内",
    ),
    Criterion(
        id="independent-legal-person",
        label="具有独立法人资格",
        clause=f"{DOC} 三、（一）1",
        test=flag("enterprise.independent_legal_person").eq(True),
        question="企业是否具有独立法人资格？",
    ),
    Criterion(
        id="sme-size",
        label="符合《中小企业划型标准规定》（工信部联企业〔2011〕300号）的中小企业",
        clause=f"{DOC} 三、（一）1",
        test=sme_test(),
        actual=SME_INDUSTRY,
        question="企业的国民经济行业代码、上年末从业人员、上年营业收入和上年末资产总额？",
        note="任一指标低于所属行业中小微型上限即为中小企业；actual 为 300号 行业",
    ),
    Criterion(
        id="srdi-or-strong-innovator",
        label="属于省级认定或重点培育的“专精特新”中小企业，或其他创新能力强、市场竞争优势突出的中小企业",
        clause=f"{DOC} 三、（一）1",
        test=any_of(
            flag(_status + "srdi_provincial").eq(True),
            flag(_status + "srdi_cultivated").eq(True),
            flag(_status + "other_strong_innovator").eq(True),
            choice(
                HIGH_GROWTH_COUNTS.id,
                counts=flag(_status + "high_growth_sme_valid").eq(True),
                not_counted=Const(False),
            ),
        ),
        question="是否为省级专精特新中小企业（认定或重点培育），或其他创新能力强、市场竞争优势突出的中小企业？",
        note="有效期内的广东省高成长中小企业按省级专精特新管理（默认假设 lg-high-growth-counts = counts）",
    ),
    # 有下列情况之一的企业，不得被推荐：申请过程中提供虚假信息的；近三年发生过重大安全、质量、环境污染事故的；
    # 有偷漏税或其他违法违规、严重失信行为的。
    Criterion(
        id="no-false-information",
        label="申请过程中未提供虚假信息",
        clause=f"{DOC} 三、（一）",
        test=not_flagged("enterprise.compliance.false_information"),
        question="申请过程中是否提供过虚假信息？",
    ),
    Criterion(
        id="no-major-accident-3y",
        label="近三年未发生重大安全、质量、环境污染事故",
        clause=f"{DOC} 三、（一）",
        test=not_flagged("enterprise.compliance.major_accident_3y"),
        question="近三年是否发生过重大安全、质量、环境污染事故？",
    ),
    Criterion(
        id="no-violation",
        label="无偷漏税或其他违法违规、严重失信行为",
        clause=f"{DOC} 三、（一）",
        test=all_of(
            not_flagged("enterprise.compliance.tax_violation"),
            not_known_true("enterprise.compliance.dishonest_debtor"),
        ),
        question="是否有偷漏税或其他违法违规、严重失信行为？",
        note="列为失信被执行人（dishonest_debtor）亦属严重失信",
    ),
]

# 五、（一）……已列为我部制造业单项冠军企业或产品的企业，不再推荐。
NOT_CHAMPION = Criterion(
    id="not-single-champion",
    label="未列为工业和信息化部制造业单项冠军企业或产品",
    clause=f"{DOC} 五、（一）",
    test=flag(_status + "single_champion").eq(False),
    question="企业或其产品是否已列为制造业单项冠军？",
)

PROGRAM = Program(
    id="little-giant",
    title="专精特新“小巨人”企业",
    level="enterprise",
    version=Version(
        DOC,
        "工信厅企业函〔2021〕79号",
        dt.date(2021, 4, 19),
        dt.date(2021, 5, 6),
        end_basis="本通知是第三批培育的申报通知，没有另定有效期：企业须于 2021 年 4 月 28 日至 5 月 6 日在线填报"
        "（五、（三）2），省级部门 5 月 28 日前报送推荐文件（五、（四））；5 月 6 日后本通知不再接受申报，"
        "2022-08-01 起按工信部企业〔2022〕63号 附件3。",
    ),
    applicability=APPLICABILITY,
    criteria=[*BASIC, *SPECIAL, BAND, NOT_CHAMPION],
    reward=None,
    manual_checks=[
        ManualCheck(
            "坚持专业化发展战略，长期专注深耕产业链某一环节或某一产品，能为大企业、大项目提供关键配套或有竞争优势的自有品牌产品",
            f"{DOC} 三、（一）2",
        ),
        ManualCheck("具有持续创新能力和研发投入，创新取得比较显著的效益，具有一定的示范推广价值", f"{DOC} 三、（一）3"),
        ManualCheck(
            "公司治理规范、信誉良好、社会责任感强，生产技术、工艺及产品质量性能国内领先，具备成为国际知名企业的潜力",
            f"{DOC} 三、（一）4",
        ),
        ManualCheck("主导产品在国内细分行业中享有较高知名度和影响力", f"{DOC} 三、（二）2"),
        ManualCheck("主导产品优先聚焦“二、重点领域”（优先，不是必备条件；分类条件 3 另有要求）", f"{DOC} 二、"),
    ],
    assumptions=[HIGH_GROWTH_COUNTS, *SPECIAL_ASSUMPTIONS, *BAND_ASSUMPTIONS],
    notes=[
        "省级中小企业主管部门推荐总数不超过 200 家，其中上年度营业收入不足 5000 万元的企业不超过 10 家（五、（一））",
        "重点从省级认定的“专精特新”中小企业中择优推荐（五、（一））",
        "深圳市为计划单列市，其企业由深圳市中小企业主管部门推荐（通知发文对象）",
        "企业于 2021 年 4 月 28 日至 5 月 6 日在线填报（五、（三）2）",
        "省级部门于 2021 年 5 月 28 日前报送推荐文件（五、（四））",
        "专精特新“小巨人”企业有效期 3 年，满 3 年复核（四、（五））",
        "“以上”“（含）”含本数，“不足”“（不含）”不含本数",
        "逐条对照三、（一）至（三）、五、（一）：条件与门槛与原文一致（3 年以上、5% 以上、不高于 70%、3 年及以上、"
        "70% 以上、前 3 位、2 项 / 5 项及以上、1 亿元及以上、5000 万元（含）—1 亿元（不含）、不足 5000 万元、"
        "8000 万元（含）、3000 万元（含）、50%（含），边界均有案例）；有效期原按 63号 施行前一日（2022-07-31）止，"
        "与通知自身日期不符，现止于企业填报截止日 2021-05-06，此后至 63号 施行前为“不在有效期内”。"
        "三、（二）3 所列“院士专家工作站”未单独读取，按研发机构一并填写。",
    ],
    parameters=PARAMETERS,
    summary="工业和信息化部第三批专精特新“小巨人”企业培育：省级推荐的条件。",
)


def family() -> ProgramFamily:
    from huiqi.programs.little_giant.miit import version_2022, version_2026

    return ProgramFamily(PROGRAM.id, PROGRAM.title, [PROGRAM, version_2022(), version_2026()])
