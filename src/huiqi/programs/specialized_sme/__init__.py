"""专精特新中小企业 (national tier) — 工信部企业〔2022〕63号 附件2, then 工信部企业〔2026〕2号 附件1.

Not the provincial 粤工信规字〔2020〕3号 program (``gd-specialized-sme``). Both versions are external
documents known from reposts (quality R): every criterion says "未经官方文本核实".

63号 附件2 (2022-08-01 → 2026-03-31): four conditions, all required — 细分市场 ≥ 2 年; 上年研发费用
≥ 100 万元 and ≥ 3%; 上年营收 ≥ 1000 万元 (or 近2年股权融资 ≥ 2000 万元); 评价得分 ≥ 60 (:mod:`.scores`)
or one of four direct conditions. 2号 附件1 (from 2026-04-01) is in :mod:`.successor`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from huiqi.programs.external import UNVERIFIED, annotated, external_version
from huiqi.programs.scoring import reaches
from huiqi.programs.sme_tiers import DOC_2022, fin, in_guangdong, is_true, share
from huiqi.programs.specialized_sme.scores import BOUNDARY, INDICATORS, SCORED
from huiqi.rules.expr import Param, money, number
from huiqi.rules.params import load_parameters
from huiqi.rules.program import Criterion, ManualCheck, Program, ProgramFamily

PARAMETERS = load_parameters(Path(__file__).with_name("parameters.yaml"))
A2 = f"{DOC_2022} 附件2"
_equity_2y = money("enterprise.equity_financing_2y_wan")
_revenue = fin("y-1", "revenue")


def _c(cid: str, label: str, ref: str, **kw: Any) -> Criterion:
    return Criterion(id=cid, label=label, clause=f"{A2}（{ref}）", **kw)


_score_test, _known = reaches(SCORED, Param("score_min"))

CRITERIA = [
    # 一、从事特定细分市场时间达到2年以上。
    _c(
        "niche-years",
        "从事特定细分市场时间达到 2 年以上",
        "认定条件一",
        test=number("enterprise.specialization.years_in_niche") >= Param("niche_years_min"),
        question="从事特定细分市场的年数？",
    ),
    # 二、上年度研发费用总额不低于100万元，且占营业收入总额比重不低于3%。
    _c(
        "rd-last-year",
        "上年度研发费用总额不低于 100 万元，且占营业收入比重不低于 3%",
        "认定条件二",
        parts=(
            _c(
                "rd-amount",
                "上年度研发费用总额不低于 100 万元",
                "认定条件二",
                test=fin("y-1", "rd_expense") >= Param("rd_amount_min"),
                question="上年度研发费用（万元）？",
            ),
            _c(
                "rd-share",
                "上年度研发费用占营业收入比重不低于 3%",
                "认定条件二",
                test=share("y-1", "rd_expense", "revenue") >= Param("rd_share_min"),
                question="上年度研发费用和营业收入（万元）？",
            ),
        ),
    ),
    # 三、上年度营业收入总额在1000万元以上，或……1000万元以下，但近2年新增股权融资总额达到2000万元以上。
    _c(
        "revenue-or-equity",
        "上年度营业收入 1000 万元以上，或近 2 年新增股权融资（实缴）2000 万元以上",
        "认定条件三",
        combine="any",
        parts=(
            _c(
                "revenue",
                "上年度营业收入总额 1000 万元以上",
                "认定条件三",
                test=_revenue >= Param("revenue_min"),
                question="上年度营业收入（万元）？",
            ),
            _c(
                "equity-alternative",
                "近 2 年新增股权融资总额（合格机构投资者实缴）2000 万元以上",
                "认定条件三",
                test=_equity_2y >= Param("equity_alt_min"),
                question="近 2 年新增股权融资额（实缴，万元）？",
            ),
        ),
    ),
    # 四、评价得分达到60分以上或满足下列条件之一……
    _c(
        "score-or-direct",
        "评价得分 60 分以上，或满足直通条件之一",
        "认定条件四",
        combine="any",
        parts=(
            _c(
                "score",
                "评价得分达到 60 分以上（特色化 15 分未知：其余 85 分达 60 分即满足，不足 45 分即不满足）",
                "认定条件四",
                test=_score_test,
                actual=_known,
                threshold=Param("score_min"),
                unit="分",
                note="actual 为已知指标得分（未知指标按最低分计）",
                parts=INDICATORS,
            ),
            _c(
                "direct-sci-award",
                "近三年省级科技奖励获奖单位前三，或国家级科技奖励前五",
                "认定条件四",
                test=is_true("enterprise.innovation.sci_award_top"),
            ),
            _c(
                "direct-rd-average",
                "近 2 年研发费用总额均值 1000 万元以上",
                "认定条件四",
                test=fin("y-2", "rd_expense") + fin("y-1", "rd_expense") >= Param("rd_avg_direct_min"),
                question="近 2 年各年研发费用（万元）？",
                note="两年合计 ≥ 2000 万元即均值 ≥ 1000 万元",
            ),
            _c(
                "direct-equity",
                "近 2 年新增股权融资总额（实缴）6000 万元以上",
                "认定条件四",
                test=_equity_2y >= Param("equity_direct_min"),
            ),
            _c(
                "direct-maker-china",
                "近三年进入“创客中国”中小企业创新创业大赛全国 500 强企业组",
                "认定条件四",
                test=is_true("enterprise.innovation.maker_china_top"),
            ),
        ),
    ),
]

MANUAL = [
    ManualCheck("特色化指标（15 分）：广东省自定的 1—3 个指标未见公布，须按当年广东通知人工评分", f"{A2}（评价指标）"),
    ManualCheck(
        "符合《中小企业划型标准规定》的中小企业，且无重大事故、严重失信（63号正文，条文未见）", f"{DOC_2022} 第二条"
    ),
]

NOTES = [
    "广东自 2022 年度起按 63号 组织认定（粤工信融资函〔2022〕38号；2023-01-06 公示新认定 8986 家、复核 285 家）。",
    "专精特新中小企业有效期三年，期满由省级主管部门复核。",
    "本版本依据转载整理（来源质量 R），未经官方文本核实；施行日期 2022-08-01 仅凭记忆（M）。",
    "逐条对照附件2（转载摘要）：四项认定条件、四项直通条件与 13 项评价指标的分档一致（2 年以上、100 万元且 3%、"
    "1000 万元或股权融资 2000 万元、60 分；直通 省级前三或国家级前五、研发均值 1000 万元、股权融资 6000 万元、"
    "创客中国 500 强），分档边界的归属为假设 ssme-band-boundary；营收不足 1000 万元时才看股权融资，"
    "与“1000 万元以上或股权融资 2000 万元以上”结论相同。",
]


def first_version() -> Program:
    return Program(
        id="specialized-sme",
        title="专精特新中小企业（国家梯度培育）",
        level="enterprise",
        version=external_version(DOC_2022, end=None),
        applicability=[in_guangdong(f"{DOC_2022} 第二条")],
        criteria=annotated(CRITERIA, UNVERIFIED),
        manual_checks=MANUAL,
        assumptions=[BOUNDARY],
        parameters=PARAMETERS,
        notes=NOTES,
        summary="优质中小企业梯度培育的第二层（国家标准，省级认定）；不同于粤工信规字〔2020〕3号 的省专精特新。",
    )


def family() -> ProgramFamily:
    from huiqi.programs.specialized_sme.successor import second_version

    first = first_version()
    return ProgramFamily(first.id, first.title, [first, second_version(PARAMETERS)])
