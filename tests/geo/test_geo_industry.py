"""GB/T 4754-2017 parsing."""

import pytest

from huiqi.geo import classes_under, is_industrial, is_manufacturing, parse_industry_code


@pytest.mark.parametrize("code", ["C3984", "3984", "c3984", " C3984 ", "Ｃ３９８４"])
def test_class_variants(code: str) -> None:
    c = parse_industry_code(code)
    assert (c.section, c.division, c.group, c.class_code) == ("C", "39", "398", "3984")
    assert c.code == "C3984" and c.level == "class" and c.name == "电声器件及零件制造"
    assert [a.code for a in c.ancestors()] == ["C", "C39", "C398"]


@pytest.mark.parametrize(
    ("code", "level", "canonical"),
    [
        ("C39", "division", "C39"),
        ("39", "division", "C39"),
        ("C", "section", "C"),
        ("398", "group", "C398"),
        ("C398", "group", "C398"),
        ("65", "division", "I65"),
    ],
)
def test_other_levels(code: str, level: str, canonical: str) -> None:
    c = parse_industry_code(code)
    assert c.level == level and c.code == canonical


@pytest.mark.parametrize("code", ["", "X", "C3", "C39845", "3999", "D3984", "AB", "C-39", "00"])
def test_invalid(code: str) -> None:
    with pytest.raises(ValueError, match=r"GB/T 4754|行业代码"):
        parse_industry_code(code)


def test_known_defects_fixed() -> None:
    assert parse_industry_code("84").name == "卫生" and parse_industry_code("84").section == "Q"
    assert parse_industry_code("C37").name == "铁路、船舶、航空航天和其他运输设备制造业"
    assert parse_industry_code("0711").name == "陆地石油开采"
    assert parse_industry_code("0712").name == "海洋石油开采"
    assert parse_industry_code("3611").group == "361"
    assert parse_industry_code("9700").group == "970"


def test_table_shape() -> None:
    divisions = [parse_industry_code(f"{d:02d}") for d in range(1, 98)]
    assert all(d.level == "division" for d in divisions)
    c_divisions = {d.division for d in divisions if d.section == "C"}
    assert c_divisions == {f"{d}" for d in range(13, 44)}
    assert len(classes_under("C")) == 611  # 606 + 3611 (listed upstream as a group) + 2780 + 3670 + 2831 + 2832


def _levels() -> dict[int, int]:
    from huiqi.geo._resources import read_csv

    counts: dict[int, int] = {}
    for row in read_csv("data/gbt4754_2017.csv"):
        size = 0 if row["code"].isalpha() else len(row["code"])
        counts[size] = counts.get(size, 0) + 1
    return counts


def test_sections_divisions_and_the_classes_added() -> None:
    counts = _levels()
    assert counts[0] == 20 and counts[2] == 97
    # groups and classes known missing before: 0179, 278/2780, 367/3670, 932/9320
    assert counts[3] >= 471 and counts[4] >= 1377
    auto_parts = parse_industry_code("C3670")
    assert auto_parts.name == "汽车零部件及配件制造" and auto_parts.group == "367" and auto_parts.division == "36"
    assert [a.code for a in auto_parts.ancestors()] == ["C", "C36", "C367"]
    assert parse_industry_code("2780").name == "药用辅料及包装材料"
    assert parse_industry_code("0171").name == "中草药种植" and parse_industry_code("0179").group == "017"
    assert parse_industry_code("S9320").name == "民主党派"


def test_counts_of_the_standard() -> None:
    counts = _levels()
    assert (counts[0], counts[2], counts[3], counts[4]) == (20, 97, 473, 1380)
    # the last two groups found missing: 283 生物基材料制造 (C, 2 classes) and 829 其他未列明服务业 (O, 1 class)
    bio = parse_industry_code("C2832")
    assert bio.name == "生物基、淀粉基新材料制造" and bio.group == "283" and bio.division == "28"
    assert parse_industry_code("2831").name == "生物基化学纤维制造"
    other_services = parse_industry_code("O8290")
    assert other_services.name == "其他未列明服务业" and other_services.group == "829"
    assert is_manufacturing("C2831") and not is_industrial("8290")


@pytest.mark.parametrize(
    ("code", "industrial", "manufacturing"),
    [
        ("C3984", True, True),
        ("B", True, False),
        ("0610", True, False),
        ("D44", True, False),
        ("E", False, False),
        ("65", False, False),
        ("I6511", False, False),
        ("C", True, True),
    ],
)
def test_industrial(code: str, industrial: bool, manufacturing: bool) -> None:
    assert is_industrial(code) is industrial
    assert is_manufacturing(code) is manufacturing
