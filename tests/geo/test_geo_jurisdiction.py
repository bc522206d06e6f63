"""Jurisdiction parsing and containment (contract §7)."""

import pytest

from huiqi.geo import Jurisdiction


@pytest.mark.parametrize(
    ("text", "city", "county", "canonical"),
    [
        ("广东省", None, None, "广东省"),
        ("东莞市", "东莞", None, "东莞市"),
        ("东莞", "东莞", None, "东莞市"),
        ("东莞市/虎门镇", "东莞", "虎门镇", "东莞市/虎门镇"),
        ("东莞/虎门", "东莞", "虎门镇", "东莞市/虎门镇"),
        ("广州市/天河区", "广州", "天河区", "广州市/天河区"),
        ("广东省/深圳市/南山区", "深圳", "南山区", "深圳市/南山区"),
        ("东莞市/松山湖", "东莞", "松山湖", "东莞市/松山湖"),
    ],
)
def test_parse(text: str, city: str | None, county: str | None, canonical: str) -> None:
    j = Jurisdiction.parse(text)
    assert (j.city, j.county) == (city, county)
    assert str(j) == canonical
    assert Jurisdiction.parse(str(j)) == j


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("东京都", "不是广东省的地级以上市"),
        ("东莞市/南山区", "is not a unit of 东莞市"),
        ("", "cannot read jurisdiction"),
        ("广东省/东莞市/虎门镇/太平", "cannot read jurisdiction"),
    ],
)
def test_parse_errors(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Jurisdiction.parse(text)


def test_province_contains_every_guangdong_city() -> None:
    gd = Jurisdiction.parse("广东省")
    assert gd.level == "province"
    assert gd.contains("东莞", "虎门镇") and gd.contains("湛江市") and gd.contains("深圳", None)
    assert not gd.contains("上海") and not gd.contains(None)


def test_city_contains_its_units() -> None:
    dg = Jurisdiction.parse("东莞市")
    assert dg.contains("东莞") and dg.contains("东莞市", "虎门") and dg.contains("东莞", "松山湖")
    assert not dg.contains("深圳", "南山区")


def test_county_contains_only_itself() -> None:
    hm = Jurisdiction.parse("东莞市/虎门镇")
    assert hm.level == "county"
    assert hm.contains("东莞", "虎门镇") and hm.contains("东莞市", "虎门")
    assert not hm.contains("东莞", "长安镇")
    assert not hm.contains("东莞", None)  # no county: not in a county-level jurisdiction
    assert not hm.contains("中山", "虎门镇")


def test_county_needs_city() -> None:
    with pytest.raises(ValueError):
        Jurisdiction(None, "虎门镇")
