"""Building blocks of the national 优质中小企业 tiers (工信部企业〔2022〕63号, 工信部企业〔2026〕2号):
创新型 (``innovative-sme``), 专精特新 (``specialized-sme``) and 专精特新"小巨人" (``little-giant``
from 2022-08-01).

Both documents are outside the corpus and known from reposts (quality R): every criterion built
here carries :data:`~huiqi.programs.external.UNVERIFIED`. Inputs the profile lacks come through
:func:`~huiqi.programs.inputs.pending` (unknown until the profile defines them).
"""

from __future__ import annotations

from huiqi.programs.external import UNVERIFIED
from huiqi.programs.inputs import pending
from huiqi.rules.expr import Expr, Ratio, any_of, count, flag, money
from huiqi.rules.program import Criterion

DOC_2022 = "miit-sme-tiers-2022"
DOC_2026 = "miit-sme-tiers-2026"


def fin(year: str, key: str) -> Expr:
    """``enterprise.financials.{y-1}.revenue`` etc. (``year`` as ``y-1``)."""
    return money(f"enterprise.financials.{{{year}}}.{key}")


def share(year: str, part: str, whole: str) -> Ratio:
    return Ratio(fin(year, part), fin(year, whole))


def debt_ratio(year: str = "y-1") -> Ratio:
    return share(year, "total_liabilities", "total_assets")


def growth(key: str, last: str = "y-1", base: str = "y-2") -> Ratio:
    """(last − base) ÷ base: one year's growth rate."""
    return Ratio(fin(last, key) - fin(base, key), fin(base, key))


def average_growth_2y(key: str = "main_business_revenue") -> Ratio:
    """ "近2年……平均增长率" as the arithmetic mean of the two yearly rates, one exact ratio over the
    values a, b, c of y-3, y-2, y-1: ((b − a)/a + (c − b)/b) ÷ 2 = ((b − a)·b + (c − b)·a) ÷ 2ab."""
    a, b, c = (fin(y, key) for y in ("y-3", "y-2", "y-1"))
    return Ratio((b - a) * b + (c - b) * a, a * b * 2)


def class1_at_least(n: int) -> Expr:
    """≥ n Ⅰ类知识产权: the 发明专利 and 布图设计 the profile counts are Ⅰ类; the other Ⅰ类 rights
    (植物新品种, 新药 …) have no field yet, so a shortfall there is unknown, never a fail."""
    patents, layouts = count("enterprise.ip.invention_patents"), count("enterprise.ip.ic_layouts")
    return any_of(patents >= n, layouts >= n, patents + layouts >= n, pending("enterprise.ip.class1") >= n)


def class2_at_least(n: int) -> Expr:
    return any_of(count("enterprise.ip.software_copyrights") >= n, pending("enterprise.ip.class2") >= n)


def is_true(path: str) -> Expr:
    """A yes/no input, pending where the profile has no such field."""
    return pending(path).eq(True)


def in_guangdong(clause: str) -> Criterion:
    """Applicability: the tool assesses enterprises a Guangdong department evaluates or recommends."""
    return Criterion(
        id="registered-in-guangdong",
        label="在广东省内登记注册（由广东省中小企业主管部门评价、认定或推荐）",
        clause=clause,
        test=flag("enterprise.registered_in_guangdong").eq(True),
        question="企业是否在广东省内登记注册？",
        note="省外企业由所在省级中小企业主管部门负责，不在本评估范围；" + UNVERIFIED,
    )
