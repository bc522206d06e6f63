"""Policy regions from regions.yaml."""

import datetime as dt

import pytest

from huiqi.geo import cities, region, region_ids, regions_of


def test_counts() -> None:
    assert len(region("prd_core").members) == 9
    assert len(region("prd_fund").members) == 8
    assert len(region("ewn").members) == 12
    assert set(region("coastal_east").members) == {"汕头", "汕尾", "揭阳", "潮州"}
    assert set(region("coastal_west").members) == {"湛江", "茂名", "阳江"}
    assert set(region("north_eco").members) == {"韶关", "梅州", "清远", "河源", "云浮"}


def test_fund_regions_partition_all_but_shenzhen() -> None:
    fund, ewn = set(region("prd_fund").members), set(region("ewn").members)
    assert not fund & ewn
    assert fund | ewn == set(cities()) - {"深圳"}
    assert set(region("prd_core").members) == fund | {"深圳"}


def test_one_core_one_belt_one_area_partition() -> None:
    parts = [set(region(r).members) for r in ("prd_core", "coastal_east", "coastal_west", "north_eco")]
    assert sum(len(p) for p in parts) == 21
    assert set().union(*parts) == set(cities())
    assert set(region("coastal_wings").members) == parts[1] | parts[2]
    assert set(region("ewn").members) == parts[1] | parts[2] | parts[3]


def test_sources() -> None:
    src = region("prd_fund").source
    assert (src.doc, src.ref) == ("tech-upgrade-fund", "第八条第（一）项第5目")
    assert region("prd_core").source.doc == "manufacturing-14fyp"
    assert region("prd_core").label == "珠三角核心区"
    assert ("gd-srdi-2020", "第四条第（三）项") in [(c.doc, c.ref) for c in region("north_eco").cited_by]
    assert "inclusive-investment" in {c.doc for c in region("ewn").cited_by}


def test_regions_of() -> None:
    assert {r.id for r in regions_of("深圳市")} == {"prd_core"}
    assert {r.id for r in regions_of("东莞")} == {"prd_core", "prd_fund"}
    assert {r.id for r in regions_of("汕头")} == {"ewn", "coastal_east", "coastal_wings"}
    assert regions_of("东京") == ()
    assert "东莞市" in region("prd_fund")
    assert {r.id for r in regions_of("东莞", on=dt.date(2021, 6, 1))} == set()
    assert {r.id for r in regions_of("东莞", on=dt.date(2022, 6, 1))} == {"prd_core", "prd_fund"}


def test_unknown_region() -> None:
    assert "prd_fund" in region_ids()
    with pytest.raises(ValueError, match="unknown policy region"):
        region("nowhere")
