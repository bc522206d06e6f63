"""Inputs the successor and listing rules read that the contract §1 profile does not define yet.

预计市值, 经营活动现金流量净额, Ⅰ类高价值知识产权 … have no profile field today. A rule reads them
through :func:`pending`: while the profile lacks the path, the value is an unknown constant
(:class:`Pending`), so every criterion that needs it is ``unknown`` — never false or zero — and its
explanation names the field it waits for. Once the profile model defines the path, :func:`pending`
returns the real :class:`~huiqi.rules.expr.Field` and nothing else changes.

:data:`PENDING_INPUTS` lists them, with the label a user reads (the list to add to contract §1).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from huiqi.rules.expr import Const, Expr, Field, Kind, resolve_path

#: path → (kind, label) of every input not yet in the profile that some rule reads
PENDING_INPUTS: dict[str, tuple[Kind, str]] = {
    "enterprise.listing.expected_market_cap_wan": ("money", "预计市值（万元）"),
    "enterprise.listing.share_capital_wan": ("money", "股本总额（万元）"),
    "enterprise.listing.avg_market_cap_60d_wan": ("money", "最近有成交的 60 个交易日平均市值（万元，新三板）"),
    "enterprise.listing.star_std5_qualitative": (
        "bool",
        "主要业务或产品需经国家有关部门批准、市场空间大、已取得阶段性成果（医药：核心产品获准开展二期临床）",
    ),
    "enterprise.financials.{y}.operating_cash_flow": ("money", "经营活动产生的现金流量净额（万元）"),
    "enterprise.financials.{y}.weighted_net_assets": ("money", "加权平均净资产（万元，算加权平均净资产收益率）"),
    "enterprise.equity_financing_3y_wan": ("money", "近三年新增股权融资额（合格机构投资者实缴，万元）"),
    "enterprise.ip.class1_high_value": ("int", "Ⅰ类高价值知识产权数"),
    "enterprise.ip.class1_self_developed": ("int", "自主研发的Ⅰ类知识产权数"),
    "enterprise.ip.class1": ("int", "Ⅰ类知识产权数（发明、布图设计、植物新品种、新药等）"),
    "enterprise.ip.class2": ("int", "Ⅱ类知识产权数（软著、维持超过 2 年的实用新型/外观）"),
    "enterprise.innovation.strategic_emerging": ("bool", "主导产品属于《战略性新兴产业分类》"),
    "enterprise.innovation.sci_award_3y": ("bool", "近三年获得国家级或省级科技奖励"),
    "enterprise.innovation.sci_award_top": (
        "bool",
        "近三年省级科技奖励获奖单位前三或国家级前五",
    ),
    "enterprise.innovation.national_sci_award_top3": ("bool", "近三年国家级科技奖励获奖单位前三"),
    "enterprise.innovation.ministerial_sci_award_top3": ("bool", "近三年省部级以上科技奖励获奖单位前三"),
    "enterprise.innovation.maker_china_top": ("bool", "近三年“创客中国”全国 500 强企业组"),
    "enterprise.innovation.maker_china_top50": ("bool", "近三年“创客中国”全国 50 强企业组"),
    "enterprise.status.high_tech_or_ip_model": (
        "bool",
        "高新技术企业、国家级技术创新示范企业、知识产权优势/示范企业（有效期内）",
    ),
    "enterprise.status.innovative_sme": ("bool", "创新型（科技和创新型）中小企业（有效期内）"),
    "enterprise.status.specialized_sme": ("bool", "专精特新中小企业（国家梯度，有效期内）"),
    "enterprise.specialization.market_share_national": ("any", "主导产品全国细分市场占有率（小数，0.1 = 10%）"),
    "enterprise.specialization.domestic_top3": ("bool", "主导产品细分市场国内前三"),
    "enterprise.specialization.chain_key_link": ("bool", "位于产业链关键环节（补短板/锻长板/填空白）"),
    "enterprise.specialization.key_product_field": ("bool", "主导产品属“六基”、制造强国十大领域或网络强国领域"),
    "enterprise.specialization.six_basics_or_heritage": (
        "bool",
        "主导产品属工业“六基”、中华老字号或服务关键产业链龙头",
    ),
    "enterprise.innovation.digital_level": ("int", "数字化水平等级（中小企业数字化水平评测，1–4 级）"),
    "enterprise.refinement.quality_award": ("bool", "获得省级以上质量奖"),
    "enterprise.innovation.development_score": ("any", "专精特新发展（质量）评价得分（平台计算）"),
}


@dataclass(frozen=True, eq=False)
class Pending(Const):
    """An input the profile does not define yet: always unknown, described by its path."""

    path: str = ""
    wanted: Kind = "any"

    @property
    def kind(self) -> Kind:  # type: ignore[override]
        return self.wanted

    def describe(self) -> str:
        return f"{self.path}（画像暂无此字段，待补充 pending profile field）"


def _in_profile(path: str) -> bool:
    from huiqi.profile.columns import kind_of_column

    return kind_of_column(resolve_path(path, dt.date(2000, 1, 1))) is not None


def pending(path: str, year: str = "") -> Expr:
    """The input at ``path`` (``{y}`` is replaced by ``year``, e.g. ``y-1``): a Field where the
    profile defines it, else an unknown :class:`Pending` constant."""
    template = path
    if template not in PENDING_INPUTS:
        raise KeyError(f"{path} is not listed in PENDING_INPUTS")
    kind = PENDING_INPUTS[template][0]
    real = path.replace("{y}", "{" + year + "}") if year else path
    if _in_profile(real):
        return Field(real, kind)
    return Pending(None, real, kind)
