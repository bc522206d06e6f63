"""Building blocks of the listing programs (``listing-<board>``): the financial standards of the
exchanges and of 新三板, read from ``listing-standards.md`` (see ``external_docs.yaml``).

"最近一年" is ``as_of.year − 1`` (上年), "最近两年" the two years before, "最近三年" the three. 净利润 is
the profile's ``net_profit`` (the rules take 扣非前后孰低: the profile holds one figure, a note says
so). 预计市值, 经营活动现金流量净额, 加权平均净资产 and 股本 have no profile field yet: criteria reading
them are unknown until they do (:mod:`huiqi.programs.inputs`).
"""

from __future__ import annotations

from functools import reduce
from typing import Any

from huiqi.programs.inputs import pending
from huiqi.programs.sme_tiers import fin
from huiqi.rules.expr import Expr, Ratio, all_of
from huiqi.rules.program import Criterion

YEARS = {1: ("y-1",), 2: ("y-2", "y-1"), 3: ("y-3", "y-2", "y-1")}
NET_PROFIT_NOTE = "净利润以扣除非经常性损益前后孰低者为准：请填写孰低值"


def summed(key: str, years: int) -> Expr:
    return reduce(lambda a, b: a + b, [fin(y, key) for y in YEARS[years]])


def ocf(year: str) -> Expr:
    return pending("enterprise.financials.{y}.operating_cash_flow", year)


def ocf_sum(years: int) -> Expr:
    return reduce(lambda a, b: a + b, [ocf(y) for y in YEARS[years]])


def market_cap() -> Expr:
    return pending("enterprise.listing.expected_market_cap_wan")


def roe(year: str) -> Ratio:
    """加权平均净资产收益率 = 净利润 ÷ 加权平均净资产."""
    return Ratio(fin(year, "net_profit"), pending("enterprise.financials.{y}.weighted_net_assets", year))


def roe_average_2y() -> Ratio:
    """(ROE₁ + ROE₂) ÷ 2 as one exact ratio: (np₁·na₂ + np₂·na₁) ÷ (2·na₁·na₂)."""
    np1, np2 = fin("y-2", "net_profit"), fin("y-1", "net_profit")
    na1 = pending("enterprise.financials.{y}.weighted_net_assets", "y-2")
    na2 = pending("enterprise.financials.{y}.weighted_net_assets", "y-1")
    return Ratio(np1 * na2 + np2 * na1, na1 * na2 * 2)


def net_assets(year: str = "y-1") -> Expr:
    return fin(year, "total_assets") - fin(year, "total_liabilities")


def profits_positive(years: int) -> Expr:
    return all_of(*(fin(y, "net_profit") > 0 for y in YEARS[years]))


def part(cid: str, label: str, clause: str, test: Expr, **kw: Any) -> Criterion:
    return Criterion(id=cid, label=label, clause=clause, test=test, **kw)


def standard(cid: str, label: str, clause: str, parts: list[Criterion], note: str = "") -> Criterion:
    """One listing standard: all of its parts."""
    return Criterion(id=cid, label=label, clause=clause, parts=tuple(parts), note=note)


def one_of(clause: str, standards: list[Criterion], label: str = "市值及财务指标符合下列标准之一") -> Criterion:
    return Criterion(id="standards", label=label, clause=clause, combine="any", parts=tuple(standards))
