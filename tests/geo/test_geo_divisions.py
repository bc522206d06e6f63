"""Divisions: 21 cities, 122 county-level units, 东莞/中山 towns and streets."""

import pytest

from huiqi.geo import (
    cities,
    city,
    city_for_division_code,
    city_has_counties,
    counties,
    is_guangdong_city,
    normalize_city,
    normalize_county,
    towns,
    units,
)


def test_21_cities() -> None:
    assert len(cities()) == 21
    assert cities()[0] == "广州"
    assert city("东莞").adcode == "441900"


def test_122_county_level_units() -> None:
    with_counties = [c for c in cities() if city_has_counties(c)]
    assert len(with_counties) == 19
    assert sum(len(counties(c)) for c in with_counties) == 122
    assert len(set(u.code for c in with_counties for u in units(c))) == 122


@pytest.mark.parametrize("name", ["东莞", "东莞市", " 东莞市 ", "广东省东莞市", "4419", "441900"])
def test_normalize_city(name: str) -> None:
    assert normalize_city(name) == "东莞"


@pytest.mark.parametrize("name", ["东京", "北京市", "", None, "广东省", "4501", "莞"])
def test_normalize_city_rejects(name: str | None) -> None:
    assert normalize_city(name) is None
    assert not is_guangdong_city(name)


def test_dongguan_zhongshan_have_towns() -> None:
    assert not city_has_counties("东莞") and not city_has_counties("中山市")
    assert city_has_counties("广州")
    dg = counties("东莞")
    assert "虎门镇" in dg and "东城街道" in dg and "松山湖" in dg
    assert len(dg) == 36 and len(counties("中山")) == 23
    assert towns("东莞") == dg and towns("广州") == ()
    assert {u.kind for u in units("东莞")} == {"街道", "镇", "功能区"}


@pytest.mark.parametrize(
    ("city_name", "name", "expected"),
    [
        ("东莞", "虎门", "虎门镇"),
        ("东莞市", "虎门镇", "虎门镇"),
        ("东莞", "东莞市虎门镇", "虎门镇"),
        ("东莞", "东城", "东城街道"),
        ("东莞", "松山湖", "松山湖"),
        ("东莞", "松山湖高新区", "松山湖"),
        ("东莞", "滨海湾新区", "东莞滨海湾新区"),
        ("中山", "古镇", "古镇镇"),
        ("中山", "小榄镇", "小榄镇"),
        ("深圳", "南山", "南山区"),
        ("深圳市", "南山区", "南山区"),
        ("广州", "天河区", "天河区"),
        ("汕尾", "城区", "城区"),
        ("清远", "连山", "连山壮族瑶族自治县"),
        ("韶关", "乳源", "乳源瑶族自治县"),
        ("江门", "台山", "台山市"),
    ],
)
def test_normalize_county(city_name: str, name: str, expected: str) -> None:
    assert normalize_county(city_name, name) == expected


@pytest.mark.parametrize(
    ("city_name", "name"),
    [
        ("东莞", "南山区"),
        ("深圳", "虎门镇"),
        ("东京", "新宿区"),
        ("汕尾", "城"),
        ("东莞", ""),
        ("广州", None),
    ],
)
def test_normalize_county_rejects(city_name: str, name: str | None) -> None:
    assert normalize_county(city_name, name) is None


def test_every_unit_normalizes_to_itself() -> None:
    for c in cities():
        for name in counties(c):
            assert normalize_county(c, name) == name


def test_unknown_city_raises() -> None:
    with pytest.raises(ValueError, match="not a prefecture-level city"):
        counties("东京")


def test_city_for_division_code() -> None:
    assert city_for_division_code("441900") == "东莞"
    assert city_for_division_code("440305") == "深圳"
    assert city_for_division_code("440000") is None
    assert city_for_division_code("110105") is None
