"""The 专精特新 programs' reference data agrees with huiqi.geo: the 300号 size test written in the rule
language (gd_specialized_sme/sme_300.yaml) and the region lists of 粤工信规字〔2020〕3号 第四条第（三）项."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest

from huiqi.geo.industry import _table
from huiqi.geo.regions import region
from huiqi.geo.sme import classify_size, is_sme, size_categories, size_category, size_thresholds
from huiqi.programs import gd_specialized_sme, little_giant
from huiqi.programs.gd_specialized_sme.sme import SME_INDUSTRY, scope_lines, sme_parameters, sme_test
from huiqi.rules.context import Context
from huiqi.rules.params import ParameterSet
from huiqi.rules.to_polars import compile_expr
from huiqi.rules.units import FEN_PER_WAN

AS_OF = dt.date(2021, 6, 1)
CTX = Context(AS_OF, ParameterSet(sme_parameters()))


def _all_codes() -> list[str]:
    table = _table()
    codes = []
    for code in table.names:
        codes.append(code if code.isalpha() else table.section_of[code[:2]] + code)
    return codes


def test_industry_lookup_agrees_with_geo_for_every_gbt4754_code() -> None:
    codes = _all_codes()
    frame = pl.DataFrame({"enterprise.industry_code": codes})
    got = frame.select(compile_expr(SME_INDUSTRY, CTX).alias("x"))["x"].to_list()
    expected = [size_category(code) for code in codes]
    mismatches = [(c, g, e) for c, g, e in zip(codes, got, expected, strict=True) if g != e]
    assert mismatches == []


def test_scope_lines_agree_with_geo() -> None:
    params = sme_parameters()
    lines = scope_lines()
    assert set(lines) == set(size_categories())
    for industry, indicators in lines.items():
        bounds = size_thresholds(industry).scope
        assert {b.indicator for b in bounds} == set(indicators)
        for bound in bounds:
            assert bound.op == "<"
            assert Decimal(str(params[indicators[bound.indicator]].at(AS_OF))) == bound.value


@pytest.mark.parametrize("industry", size_categories())
def test_rule_language_sme_test_matches_geo_classification(industry: str) -> None:
    code = next(c for c in _all_codes() if size_category(c) == industry)
    bounds = size_thresholds(industry).scope
    around: dict[str, list[Decimal | None]] = {"employees": [None], "revenue_wan": [None], "assets_wan": [None]}
    for bound in bounds:
        around[bound.indicator] = [bound.value - 1, bound.value, bound.value + 1, None]
    rows = [(e, r, a) for e in around["employees"] for r in around["revenue_wan"] for a in around["assets_wan"]]
    frame = pl.DataFrame(
        {
            "enterprise.industry_code": [code] * len(rows),
            "enterprise.employees": [None if e is None else int(e) for e, _, _ in rows],
            "enterprise.financials.2020.revenue": [_fen(r) for _, r, _ in rows],
            "enterprise.financials.2020.total_assets": [
                None if a is None else int(a * FEN_PER_WAN) for _, _, a in rows
            ],
        },
        schema_overrides={
            "enterprise.employees": pl.Int64,
            "enterprise.financials.2020.revenue": pl.Int64,
            "enterprise.financials.2020.total_assets": pl.Int64,
        },
    )
    got = frame.select(compile_expr(sme_test(), CTX).alias("x"))["x"].to_list()
    expected = [_scope(industry, e, r, a) for e, r, a in rows]
    assert got == expected
    for (e, r, a), value in zip(rows, got, strict=True):
        size = classify_size(industry, e, r, a)
        if size is not None:  # where geo decides the class, it agrees on 中小微 vs 大型
            assert is_sme(size) == value


def _fen(wan: Decimal | None) -> int | None:
    return None if wan is None else int(wan * FEN_PER_WAN)


def _scope(industry: str, e: Decimal | None, r: Decimal | None, a: Decimal | None) -> bool | None:
    """中小微 (any figure below its line), 大型 (all at or above), or undecided — by geo's bounds."""
    figures = {"employees": e, "revenue_wan": r, "assets_wan": a}
    results = [b.test(figures[b.indicator]) for b in size_thresholds(industry).scope]
    if any(v is True for v in results):
        return True
    return None if any(v is None for v in results) else False


def test_srdi_region_lists_agree_with_geo_regions() -> None:
    params = gd_specialized_sme.PARAMETERS
    assert set(params["core_cities"].at(AS_OF)) == set(region("prd_core").members)
    wings_north = set(region("coastal_wings").members) | set(region("north_eco").members)
    assert set(params["wings_north_cities"].at(AS_OF)) == wings_north


def test_derived_parameters() -> None:
    params = gd_specialized_sme.PARAMETERS
    assert params["assets_floor_core_relaxed"].at(AS_OF) == Decimal("2400")
    assert params["revenue_floor_wings_north_relaxed"].at(AS_OF) == Decimal("1600")
    assert params["growth_average_min_relaxed"].at(AS_OF) == Decimal("0.12")
    assert params["growth_average_min_compound_factor"].at(AS_OF) == Decimal("1.3225")
    assert params["growth_average_min_relaxed_compound_factor"].at(AS_OF) == Decimal("1.2544")
    lg = little_giant.PARAMETERS
    assert lg["growth_average_min_compound_factor"].at(dt.date(2021, 5, 1)) == Decimal("1.1025")
    assert str(lg["sme_scope.industry.employees"].clause_at(AS_OF)) == "little-giant-2021 三、（一）1"
