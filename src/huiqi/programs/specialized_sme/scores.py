"""The 100-point 专精特新中小企业 evaluation of 工信部企业〔2022〕63号 附件2 (bands in ``scoring_2022.yaml``).

Thirteen indicators in four classes. 特色化 (15 points) is set by each province and Guangdong's
indicators were not found: it enters the total as an always-unknown indicator worth 0–15, so the
"≥ 60" test passes only when the other 85 points reach 60 and fails only when they cannot reach 45.
"""

from __future__ import annotations

from pathlib import Path

from huiqi.programs.inputs import pending
from huiqi.programs.scoring import Indicator, band_points, boundary_assumption, flag_points, indicator, load_table
from huiqi.programs.sme_tiers import (
    DOC_2022,
    average_growth_2y,
    class1_at_least,
    class2_at_least,
    debt_ratio,
    fin,
    is_true,
    share,
)
from huiqi.rules.expr import Const, Expr, Ratio, When, any_of, choice, count, flag, number, text

TABLE = load_table(Path(__file__).with_name("scoring_2022.yaml"))
BOUNDARY = boundary_assumption("ssme-band-boundary", f"{DOC_2022} 附件2（评价指标）")


def _pts(name: str, key: str) -> int:
    return dict(TABLE[name].bands)[key]


def _band(name: str, value: Expr) -> Expr:
    return band_points(TABLE[name], value, BOUNDARY.id)


def _quality() -> Expr:
    """3 points per item, at most 5: 质量奖 (pending), 质量管理体系认证, 自主品牌, 参与制修订标准."""
    known = [
        flag("enterprise.refinement.quality_mgmt_cert"),
        flag("enterprise.refinement.own_brand"),
        flag("enterprise.innovation.standards_drafted"),
    ]
    n: Expr = Const(0)
    for item in known:
        n = n + When(item.eq(True), Const(1), Const(0))
    award = pending("enterprise.refinement.quality_award")
    with_award = When(award.eq(True), n + Const(1), n)
    two, one = (dict(TABLE["quality"].bands)[k] for k in (2, 1))
    return When(n >= 2, Const(two), When(with_award >= 2, Const(two), When(with_award >= 1, Const(one), Const(0))))


def _rd_points() -> Expr:
    """研发费用: the better of the amount band and the share band (each "或")."""
    amount, ratio = TABLE["rd_amount"], TABLE["rd_share"]
    value, part = fin("y-1", "rd_expense"), share("y-1", "rd_expense", "revenue")
    steps = []
    for (cut_a, points), (cut_r, _) in zip(amount.bands, ratio.bands, strict=True):
        limit_a, limit_r = amount.cutoff(cut_a), ratio.cutoff(cut_r)
        reached = choice(
            BOUNDARY.id,
            higher=any_of(value >= limit_a, part >= limit_r),
            lower=any_of(value > limit_a, part > limit_r),
        )
        steps.append((reached, points))
    return flag_points(steps, amount.otherwise)


_inst = text("enterprise.innovation.rd_institution")

#: (indicator, points) of the whole table, in the order of 附件2
SCORED: list[tuple[Indicator, Expr]] = [
    (TABLE["main_business_share"], _band("main_business_share", share("y-1", "main_business_revenue", "revenue"))),
    (TABLE["main_revenue_growth"], _band("main_revenue_growth", average_growth_2y())),
    (TABLE["niche_years"], _band("niche_years", number("enterprise.specialization.years_in_niche"))),
    (
        TABLE["product_field"],
        flag_points(
            [
                (is_true("enterprise.specialization.chain_key_link"), _pts("product_field", "chain_key_link")),
                (
                    is_true("enterprise.specialization.six_basics_or_heritage"),
                    _pts("product_field", "six_basics_or_heritage"),
                ),
            ]
        ),
    ),
    (TABLE["digital_level"], _band("digital_level", pending("enterprise.innovation.digital_level"))),
    (TABLE["quality"], _quality()),
    (TABLE["net_margin"], _band("net_margin", share("y-1", "net_profit", "revenue"))),
    (TABLE["debt_ratio"], _band("debt_ratio", debt_ratio())),
    (TABLE["local_feature"], Const(None)),
    (
        TABLE["ip"],
        flag_points(
            [
                (pending("enterprise.ip.class1_high_value") >= 1, _pts("ip", "high_value")),
                (pending("enterprise.ip.class1_self_developed") >= 1, _pts("ip", "self_developed_class1")),
                (class1_at_least(1), _pts("ip", "class1")),
                (class2_at_least(1), _pts("ip", "class2")),
            ]
        ),
    ),
    (TABLE["rd_amount"], _rd_points()),
    (
        TABLE["rd_staff_share"],
        _band("rd_staff_share", Ratio(count("enterprise.rd_staff"), count("enterprise.employees"))),
    ),
    (
        TABLE["rd_institution"],
        flag_points(
            [
                (_inst.eq("national"), _pts("rd_institution", "national")),
                (_inst.eq("provincial"), _pts("rd_institution", "provincial")),
                (_inst.eq("city"), _pts("rd_institution", "city")),
                (_inst.is_in(("own", "joint")), _pts("rd_institution", "below_city")),
            ]
        ),
    ),
]

_QUESTIONS = {
    "local_feature": "广东省特色化指标（未见公布）得分？",
    "product_field": "主导产品是否在产业链关键环节发挥补短板/锻长板/填空白作用，或属工业“六基”、中华老字号？",
    "digital_level": "中小企业数字化水平评测等级？",
    "ip": "与主导产品相关的Ⅰ类（高价值、自主研发）、Ⅱ类知识产权数？",
}

INDICATORS = tuple(indicator(ind, points, _QUESTIONS.get(ind.id, "")) for ind, points in SCORED)
