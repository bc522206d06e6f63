"""中小企业 by 工信部联企业〔2011〕300号, written in the rule language so that it vectorises.

Both 粤工信规字〔2020〕3号 (第二条) and 工信厅企业函〔2021〕79号 (三、（一）1) require a 中小企业 "按照《中小企业
划型标准规定》（工信部联企业〔2011〕300号）". The figures and the industry mapping live in ``sme_300.yaml``
(consistent with :mod:`huiqi.geo.sme`, checked by ``tests/programs/test_srdi_sme.py``); this module
builds the test from them:

* the 300号 industry: ``coalesce`` of three ``lookup``s of the GB/T 4754-2017 code (中类, then 大类,
  then 门类);
* 中小微型: the enterprise's industry is ``c`` and ANY of ``c``'s figures is below its line
  (从业人员 上年末, 营业收入 and 资产总额 of 上年).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from huiqi.rules.expr import Expr, Param, Slice, all_of, any_of, coalesce, count, lookup, money, text
from huiqi.rules.params import Parameter, parse_parameters

SME_YAML = Path(__file__).with_name("sme_300.yaml")

#: the profile field each 300号 indicator reads (上年末 employees, 上年 revenue and year-end assets)
FIGURES: dict[str, Expr] = {
    "employees": count("enterprise.employees"),
    "revenue_wan": money("enterprise.financials.{y-1}.revenue"),
    "assets_wan": money("enterprise.financials.{y-1}.total_assets"),
}

_code = text("enterprise.industry_code")

#: the enterprise's 300号 industry (``industry``, ``software_it`` …); unknown where the code is missing,
#: too coarse to decide, or outside 300号
SME_INDUSTRY = coalesce(
    lookup(Slice(_code, 1, 3), "sme_industry_by_group"),
    lookup(Slice(_code, 1, 2), "sme_industry_by_division"),
    lookup(Slice(_code, 0, 1), "sme_industry_by_section"),
)


def _raw() -> dict[str, Any]:
    with SME_YAML.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


def sme_parameters(clause: str | None = None) -> dict[str, Parameter]:
    """The 300号 parameters; ``clause`` replaces the citing clause (default ``gd-srdi-2020 第二条``)."""
    data = _raw()
    if clause is not None:
        for spec in data.values():
            for value in spec["values"]:
                value["clause"] = clause
    return parse_parameters(data)


def scope_lines() -> dict[str, dict[str, str]]:
    """``{industry: {indicator: parameter id}}`` of the scope lines in ``sme_300.yaml``."""
    lines: dict[str, dict[str, str]] = {}
    for pid in _raw():
        if pid.startswith("sme_scope."):
            _, industry, indicator = pid.split(".")
            lines.setdefault(industry, {})[indicator] = pid
    return lines


def sme_test() -> Expr:
    """True for a 中小微型企业 under 300号 第四条, false for a large one, unknown when undecided."""
    branches = [
        all_of(
            SME_INDUSTRY.eq(industry),
            any_of(*(FIGURES[indicator] < Param(pid) for indicator, pid in indicators.items())),
        )
        for industry, indicators in scope_lines().items()
    ]
    return any_of(*branches)


#: every input the SME test may read (for a criterion's ``actual``)
SME_FIELDS = ("enterprise.industry_code", *(f.describe() for f in FIGURES.values()))
