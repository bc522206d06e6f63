"""工信厅企业函〔2021〕79号 三、（三）分类条件: one of three bands by 上年度营业收入.

1. ≥ 1 亿元, and 近 2 年研发经费支出占营业收入比重 ≥ 3%;
2. 5000 万元（含）— 1 亿元（不含）, and that share ≥ 6%;
3. < 5000 万元, and 近 2 年内新增股权融资（实缴）≥ 8000 万元, 研发投入 ≥ 3000 万元, 研发人员占职工总数 ≥ 50%,
   创新成果属于"二、重点领域"细分行业关键技术并有重大突破.
"""

from __future__ import annotations

from huiqi.programs.gd_specialized_sme.common import rd_share
from huiqi.rules.expr import Param, Ratio, all_of, choice, count, flag, money
from huiqi.rules.program import Assumption, Criterion

DOC = "little-giant-2021"

RD_SHARE_BASIS = Assumption(
    id="lg-rd-share-basis",
    question="“近2年研发经费支出占营业收入比重”按两年合计计算，还是逐年计算？",
    options={
        "pooled": "两年研发经费支出合计 ÷ 两年营业收入合计",
        "each-year": "两年中每一年的比重均须达到下限",
    },
    default="pooled",
    clause=f"{DOC} 三、（三）1",
)
RD_AMOUNT_BASIS = Assumption(
    id="lg-rd-amount-basis",
    question="分类条件 3 “研发投入经费 3000 万元（含）以上”按近 2 年合计还是上年计算？",
    options={
        "two-year-sum": "近 2 年研发经费支出合计（“近 2 年内”统领“同时满足”的各项）",
        "last-year": "仅上年研发经费支出",
    },
    default="two-year-sum",
    clause=f"{DOC} 三、（三）3",
)

_revenue = money("enterprise.financials.{y-1}.revenue")
_rd = (money("enterprise.financials.{y-2}.rd_expense"), money("enterprise.financials.{y-1}.rd_expense"))
_revenues = (money("enterprise.financials.{y-2}.revenue"), _revenue)


def _share(cid: str, label: str, ref: str, floor: str) -> Criterion:
    test, actual = rd_share(_rd, _revenues, Param(floor), RD_SHARE_BASIS.id)
    return Criterion(
        id=cid,
        label=label,
        clause=f"{DOC} {ref}",
        test=test,
        actual=actual,
        threshold=Param(floor),
        question="近 2 年各年的研发经费支出和营业收入（万元）？",
        note="两年合计计算（默认假设 lg-rd-share-basis）",
    )


BAND = Criterion(
    id="band",
    label="满足分类条件之一（按上年度营业收入：1 亿元及以上 / 5000 万元—1 亿元 / 不足 5000 万元）",
    clause=f"{DOC} 三、（三）",
    combine="any",
    parts=(
        # 1. 上年度营业收入在 1 亿元及以上，且近 2 年研发经费支出占营业收入比重不低于 3%。
        Criterion(
            id="band-large",
            label="分类条件 1：上年度营业收入 1 亿元及以上，且近 2 年研发经费支出占比不低于 3%",
            clause=f"{DOC} 三、（三）1",
            parts=(
                Criterion(
                    id="band-large-revenue",
                    label="上年度营业收入在 1 亿元及以上",
                    clause=f"{DOC} 三、（三）1",
                    test=_revenue >= Param("band_large_revenue_min"),
                    question="上年度营业收入（万元）？",
                ),
                _share(
                    "band-large-rd-share",
                    "近 2 年研发经费支出占营业收入比重不低于 3%",
                    "三、（三）1",
                    "band_large_rd_share_min",
                ),
            ),
        ),
        # 2. 上年度营业收入 5000 万元（含）—1 亿元（不含），且近 2 年研发经费支出占营业收入比重不低于 6%。
        Criterion(
            id="band-medium",
            label="分类条件 2：上年度营业收入 5000 万元（含）—1 亿元（不含），且近 2 年研发经费支出占比不低于 6%",
            clause=f"{DOC} 三、（三）2",
            parts=(
                Criterion(
                    id="band-medium-revenue",
                    label="上年度营业收入 5000 万元（含）—1 亿元（不含）",
                    clause=f"{DOC} 三、（三）2",
                    test=all_of(
                        _revenue >= Param("band_medium_revenue_min"), _revenue < Param("band_medium_revenue_below")
                    ),
                    actual=_revenue,
                    threshold=Param("band_medium_revenue_min"),
                    question="上年度营业收入（万元）？",
                ),
                _share(
                    "band-medium-rd-share",
                    "近 2 年研发经费支出占营业收入比重不低于 6%",
                    "三、（三）2",
                    "band_medium_rd_share_min",
                ),
            ),
        ),
        # 3. 上年度营业收入不足 5000 万元，同时满足近 2 年内新增股权融资额（实缴）8000 万元（含）以上，且研发投入
        # 经费 3000 万元（含）以上，研发人员占企业职工总数比例 50%（含）以上，创新成果属于本通知“二、重点领域”细分
        # 行业关键技术，并有重大突破。
        Criterion(
            id="band-small",
            label="分类条件 3：上年度营业收入不足 5000 万元，且股权融资、研发投入、研发人员、重点领域重大突破同时满足",
            clause=f"{DOC} 三、（三）3",
            parts=(
                Criterion(
                    id="band-small-revenue",
                    label="上年度营业收入不足 5000 万元",
                    clause=f"{DOC} 三、（三）3",
                    test=_revenue < Param("band_small_revenue_below"),
                    question="上年度营业收入（万元）？",
                ),
                Criterion(
                    id="band-small-equity",
                    label="近 2 年内新增股权融资额（实缴）8000 万元（含）以上",
                    clause=f"{DOC} 三、（三）3",
                    test=money("enterprise.equity_financing_2y_wan") >= Param("band_small_equity_min"),
                    question="近 2 年内新增股权融资额（实缴，万元）？",
                ),
                Criterion(
                    id="band-small-rd-amount",
                    label="研发投入经费 3000 万元（含）以上",
                    clause=f"{DOC} 三、（三）3",
                    test=choice(
                        RD_AMOUNT_BASIS.id,
                        two_year_sum=_rd[0] + _rd[1] >= Param("band_small_rd_amount_min"),
                        last_year=_rd[1] >= Param("band_small_rd_amount_min"),
                    ),
                    actual=choice(RD_AMOUNT_BASIS.id, two_year_sum=_rd[0] + _rd[1], last_year=_rd[1]),
                    threshold=Param("band_small_rd_amount_min"),
                    question="近 2 年各年的研发经费支出（万元）？",
                    note="近 2 年合计（默认假设 lg-rd-amount-basis）",
                ),
                Criterion(
                    id="band-small-rd-staff",
                    label="研发人员占企业职工总数比例 50%（含）以上",
                    clause=f"{DOC} 三、（三）3",
                    test=Ratio(count("enterprise.rd_staff"), count("enterprise.employees"))
                    >= Param("band_small_rd_staff_share_min"),
                    question="研发人员数和职工总数？",
                ),
                Criterion(
                    id="band-small-key-field",
                    label="创新成果属于本通知“二、重点领域”细分行业关键技术",
                    clause=f"{DOC} 三、（三）3",
                    test=flag("enterprise.innovation.key_field").eq(True),
                    question="主导产品 / 创新成果是否属于通知“二、重点领域”？",
                ),
                Criterion(
                    id="band-small-breakthrough",
                    label="创新成果在关键技术上有重大突破",
                    clause=f"{DOC} 三、（三）3",
                    test=flag("enterprise.innovation.major_breakthrough").eq(True),
                    question="创新成果是否在重点领域关键技术上取得重大突破？",
                ),
            ),
        ),
    ),
)

ASSUMPTIONS = [RD_SHARE_BASIS, RD_AMOUNT_BASIS]
