"""SME size classes (工信部联企业〔2011〕300号 第四条)."""

from decimal import Decimal

import pytest

from huiqi.geo import classify_size, is_sme, size_categories, size_category, size_thresholds


@pytest.mark.parametrize(
    ("code", "category"),
    [
        ("C3984", "industry"),
        ("C", "industry"),
        ("B06", "industry"),
        ("D", "industry"),
        ("A", "agriculture"),
        ("E", "construction"),
        ("51", "wholesale"),
        ("F5211", "retail"),
        ("54", "transport"),
        ("591", "transport"),
        ("592", "warehousing"),
        ("60", "postal"),
        ("61", "accommodation"),
        ("62", "catering"),
        ("63", "info_transmission"),
        ("64", "info_transmission"),
        ("65", "software_it"),
        ("701", "real_estate_dev"),
        ("7020", "property_mgmt"),
        ("L", "leasing_business"),
        ("72", "leasing_business"),
        ("M73", "other"),
        ("53", "other"),
        ("703", "other"),
    ],
)
def test_size_category(code: str, category: str) -> None:
    assert size_category(code) == category


@pytest.mark.parametrize("code", ["F", "G", "59", "70", "K", "J", "66", "704"])
def test_size_category_undecided(code: str) -> None:
    assert size_category(code) is None


def test_thresholds_are_decimal_data() -> None:
    t = size_thresholds("industry")
    assert [(b.indicator, b.op, b.value) for b in t.scope] == [
        ("employees", "<", Decimal(1000)),
        ("revenue_wan", "<", Decimal(40000)),
    ]
    assert t.indicators == ("employees", "revenue_wan")
    assert len(size_categories()) == 16
    with pytest.raises(ValueError):
        size_thresholds("nope")


def test_micro_is_complement_of_small() -> None:
    for cat in size_categories():
        t = size_thresholds(cat)
        assert [(b.indicator, b.value) for b in t.micro] == [(b.indicator, b.value) for b in t.small]


@pytest.mark.parametrize(
    ("employees", "revenue", "expected"),
    [
        (999, 40000, "medium"),  # 1000人以下 → 中小微
        (1000, 40000, "large"),  # 1000人及以上 and 40000万元及以上
        (1000, Decimal("39999.99"), "medium"),
        (300, 2000, "medium"),
        (299, 2000, "small"),
        (300, 1999, "small"),
        (20, 300, "small"),
        (19, 300, "micro"),
        (20, 299, "micro"),
        (5000, 100, "micro"),
        (10, None, "micro"),  # decided without revenue
        (None, 100, "micro"),
        (500, None, None),
        (None, 50000, None),
        (None, None, None),
    ],
)
def test_industry_boundaries(
    employees: int | None, revenue: Decimal | int | None, expected: str | None
) -> None:
    assert classify_size("industry", employees, revenue, None) == expected


def test_other_industries() -> None:
    assert classify_size("construction", None, 80000, 80000) == "large"
    assert classify_size("construction", None, 6000, 5000) == "medium"
    assert classify_size("construction", None, 6000, None) is None
    assert classify_size("agriculture", None, 500, None) == "medium"
    assert classify_size("agriculture", None, 49.99, None) == "micro"
    assert classify_size("software_it", 100, 1000, None) == "medium"
    assert classify_size("software_it", 10, 50, None) == "small"
    assert classify_size("other", 300, None, None) == "large"
    assert classify_size("other", 99, None, None) == "small"
    assert classify_size("leasing_business", 100, None, 8000) == "medium"


def test_bad_figures() -> None:
    with pytest.raises(ValueError):
        classify_size("industry", -1, 100, None)
    with pytest.raises(ValueError):
        classify_size("industry", 1, "NaN", None)


def test_is_sme() -> None:
    assert is_sme("micro") is True and is_sme("large") is False and is_sme(None) is None
