"""创新型中小企业 — 工信部企业〔2022〕63号 附件1: a 100-point evaluation or one of four direct paths.

Source quality R (the 附件 was seen only in reposts; its effective date 2022-08-01 is M), so every
criterion says "未经官方文本核实". The score is the sum of six banded indicators
(``scoring_2022.yaml``), each shown as a criterion whose ``actual`` is its points; the qualification
is "score ≥ 60 with 创新能力 ≥ 20, 成长性 ≥ 15, 专业化 ≥ 15" **or** a direct path. Inputs the profile
does not define yet (Ⅰ类高价值知识产权, 科技奖励 …) stay unknown (:mod:`huiqi.programs.inputs`).

Versions: 63号 from 2022-08-01; from 2026-04-01 工信部企业〔2026〕2号 answers, whose 第三十条 keeps
附件1 for 创新型 until a merged 科技和创新型 standard is issued — same rules, new version.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from huiqi.programs.external import UNVERIFIED, annotated, external_version
from huiqi.programs.inputs import pending
from huiqi.programs.scoring import (
    Indicator,
    band_points,
    boundary_assumption,
    flag_points,
    indicator,
    load_table,
    reaches,
)
from huiqi.programs.sme_tiers import (
    DOC_2022,
    class1_at_least,
    class2_at_least,
    debt_ratio,
    growth,
    in_guangdong,
    is_true,
    share,
)
from huiqi.rules.expr import Expr, Param, text
from huiqi.rules.params import load_parameters
from huiqi.rules.program import Criterion, ManualCheck, Program, ProgramFamily, Version

HERE = Path(__file__).parent
PARAMETERS = load_parameters(HERE / "parameters.yaml")
TABLE = load_table(HERE / "scoring_2022.yaml")
BOUNDARY = boundary_assumption("isme-band-boundary", f"{DOC_2022} 附件1（评价指标）")
A1 = f"{DOC_2022} 附件1"


def _points(key: str) -> int:
    return dict(TABLE["ip"].bands + TABLE["field"].bands)[key]


# 创新能力 ① 知识产权: Ⅰ类高价值 20 / 自主研发Ⅰ类 15 / Ⅰ类 10 / Ⅱ类 5 / 无 0
IP_POINTS = flag_points(
    [
        (pending("enterprise.ip.class1_high_value") >= 1, _points("high_value")),
        (pending("enterprise.ip.class1_self_developed") >= 1, _points("self_developed_class1")),
        (class1_at_least(1), _points("class1")),
        (class2_at_least(1), _points("class2")),
    ]
)
# 创新能力 ② 上年度研发费用占营业收入比重
RD_POINTS = band_points(TABLE["rd_share"], share("y-1", "rd_expense", "revenue"), BOUNDARY.id)
# 成长性 ③ 上年度主营业务收入增长率; ④ 上年度资产负债率
GROWTH_POINTS = band_points(TABLE["main_revenue_growth"], growth("main_business_revenue"), BOUNDARY.id)
DEBT_POINTS = band_points(TABLE["debt_ratio"], debt_ratio(), BOUNDARY.id)
# 专业化 ⑤ 主导产品所属领域; ⑥ 上年度主营业务收入占营业收入比重
FIELD_POINTS = flag_points([(is_true("enterprise.innovation.strategic_emerging"), _points("strategic_emerging"))], 5)
SHARE_POINTS = band_points(TABLE["main_business_share"], share("y-1", "main_business_revenue", "revenue"), BOUNDARY.id)

INNOVATION = [(TABLE["ip"], IP_POINTS), (TABLE["rd_share"], RD_POINTS)]
GROWTH = [(TABLE["main_revenue_growth"], GROWTH_POINTS), (TABLE["debt_ratio"], DEBT_POINTS)]
SPECIALIZATION = [(TABLE["field"], FIELD_POINTS), (TABLE["main_business_share"], SHARE_POINTS)]


def _reaching(cid: str, label: str, scored: list[tuple[Indicator, Expr]], minimum: str, **extra: Any) -> Criterion:
    """ "得分 ≥ minimum": decided from the known points where the unknown ones cannot change it; the
    actual shown is the known points (unknown indicators at their minimum)."""
    test, known = reaches(scored, Param(minimum))
    note = "actual 为已知指标得分（未知指标按最低分计）；未知指标取满分仍不足时判为不符合"
    return Criterion(
        id=cid,
        label=label,
        clause=f"{A1}（评价标准）",
        test=test,
        actual=known,
        threshold=Param(minimum),
        unit="分",
        note=note,
        **extra,
    )


_fin_q = "上年度营业收入、主营业务收入、研发费用和上年末资产、负债（万元），以及前年主营业务收入？"

SCORE_PATH = Criterion(
    id="score-path",
    label="评价得分 60 分以上，且创新能力 ≥ 20 分、成长性 ≥ 15 分、专业化 ≥ 15 分",
    clause=f"{A1}（评价标准）",
    parts=(
        _reaching(
            "score-total",
            "评价得分达到 60 分以上（满分 100 分）",
            INNOVATION + GROWTH + SPECIALIZATION,
            "score_min",
            question=_fin_q,
            parts=(
                indicator(TABLE["ip"], IP_POINTS, "与主导产品相关的Ⅰ类（高价值、自主研发）、Ⅱ类知识产权数？"),
                indicator(TABLE["rd_share"], RD_POINTS, "上年度研发费用和营业收入（万元）？"),
                indicator(TABLE["main_revenue_growth"], GROWTH_POINTS, "近两年主营业务收入（万元）？"),
                indicator(TABLE["debt_ratio"], DEBT_POINTS, "上年末负债总额和资产总额（万元）？"),
                indicator(TABLE["field"], FIELD_POINTS, "主导产品是否属于《战略性新兴产业分类》？"),
                indicator(TABLE["main_business_share"], SHARE_POINTS, "上年度主营业务收入和营业收入（万元）？"),
            ),
        ),
        _reaching("score-innovation", "创新能力得分不低于 20 分（满分 40 分）", INNOVATION, "innovation_score_min"),
        _reaching("score-growth", "成长性得分不低于 15 分（满分 30 分）", GROWTH, "growth_score_min"),
        _reaching(
            "score-specialization", "专业化得分不低于 15 分（满分 30 分）", SPECIALIZATION, "specialization_score_min"
        ),
    ),
)

DIRECT_PATH = Criterion(
    id="direct-path",
    label="符合直通条件之一（科技奖励、高企等荣誉、省部级以上研发机构、股权融资 500 万元以上）",
    clause=f"{A1}（直通条件）",
    combine="any",
    parts=(
        Criterion(
            id="direct-sci-award",
            label="近三年内获得过国家级、省级科技奖励",
            clause=f"{A1}（直通条件）",
            test=is_true("enterprise.innovation.sci_award_3y"),
            question="近三年是否获得过国家级或省级科技奖励？",
        ),
        Criterion(
            id="direct-honours",
            label="高新技术企业、国家级技术创新示范企业、知识产权优势企业或示范企业（有效期内）",
            clause=f"{A1}（直通条件）",
            test=is_true("enterprise.status.high_tech_or_ip_model"),
            question="是否为有效期内的高新技术企业、国家级技术创新示范企业或知识产权优势/示范企业？",
        ),
        Criterion(
            id="direct-rd-institution",
            label="拥有经认定的省部级以上研发机构",
            clause=f"{A1}（直通条件）",
            test=text("enterprise.innovation.rd_institution").is_in(Param("direct_rd_institution_levels")),
            actual=text("enterprise.innovation.rd_institution"),
            question="企业研发机构的认定级别？",
        ),
        Criterion(
            id="direct-equity",
            label="近三年新增股权融资总额（合格机构投资者实缴）500 万元以上",
            clause=f"{A1}（直通条件）",
            test=pending("enterprise.equity_financing_3y_wan") >= Param("equity_3y_min"),
            question="近三年新增股权融资总额（合格机构投资者实缴，万元）？",
        ),
    ),
)

QUALIFIES = Criterion(
    id="qualifies",
    label="评价得分达标，或符合直通条件之一",
    clause=f"{A1}（评价标准）",
    combine="any",
    parts=(SCORE_PATH, DIRECT_PATH),
)

MANUAL = [
    ManualCheck(
        "符合《中小企业划型标准规定》的中小企业，且无重大安全、质量、环境事故和严重失信（63号正文，条文未见）",
        f"{DOC_2022} 第二条",
    ),
    ManualCheck("知识产权须与主导产品相关；转让未满 1 年的知识产权不计（附件1 说明）", f"{A1}（说明）"),
]


def build(version: Version, notes: tuple[str, ...] = ()) -> Program:
    return Program(
        id="innovative-sme",
        title="创新型中小企业",
        level="enterprise",
        version=version,
        applicability=[in_guangdong(f"{DOC_2022} 第二条")],
        criteria=annotated([QUALIFIES], UNVERIFIED),
        manual_checks=MANUAL,
        assumptions=[BOUNDARY],
        parameters=PARAMETERS,
        notes=[
            "创新型中小企业有效期三年（据广东 2022 年名单通知转载），到期重新自评。",
            "广东：创新型评价常年开放、分批评价；深圳自行评价后报省（据转载）。",
            "本版本依据转载整理（来源质量 R），未经官方文本核实；施行日期 2022-08-01 仅凭记忆（M）。",
            "逐条对照附件1（转载摘要）：6 项指标的分值与分档（知识产权 20/15/10/5、研发占比 5%/3%/2%/1%、"
            "主营增长 15%/10%/5%/0、负债率 55%/75%、领域 10/5、主营占比 70%/60%/55%/50%）、总分 60 分及三类"
            "不低于 20/15/15 分、四项直通条件（股权融资 500 万元以上含本数）均与摘要一致；分档边界归高档为假设"
            " isme-band-boundary 的默认读法。",
            *notes,
        ],
        summary="优质中小企业梯度培育的第一层：评价得分或直通条件认定的创新型中小企业（无资金奖励）。",
    )


def family() -> ProgramFamily:
    first = build(external_version(DOC_2022))
    second = build(
        external_version("miit-sme-tiers-2026"),
        ("工信部企业〔2026〕2号 第三十条：科技和创新型中小企业合并标准出台前，创新型继续按63号附件1评价（据转载）。",),
    )
    return ProgramFamily(first.id, first.title, [first, second])
