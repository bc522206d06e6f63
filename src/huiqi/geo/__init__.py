"""Reference data: Guangdong's divisions and policy regions, GB/T 4754-2017 industries, SME size classes.

Everything here is data with provenance (``data/PROVENANCE.md``) plus small pure functions over it.
"""

from huiqi.geo.divisions import (
    PROVINCE,
    City,
    Unit,
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
from huiqi.geo.industry import (
    IndustryCode,
    classes_under,
    industry_name,
    is_industrial,
    is_manufacturing,
    parse_industry_code,
)
from huiqi.geo.jurisdiction import Jurisdiction
from huiqi.geo.regions import Region, region, region_ids, regions_of
from huiqi.geo.sme import (
    SIZE_LABELS,
    Bound,
    SizeThresholds,
    classify_size,
    is_sme,
    size_categories,
    size_category,
    size_thresholds,
)

__all__ = [
    "PROVINCE",
    "SIZE_LABELS",
    "Bound",
    "City",
    "IndustryCode",
    "Jurisdiction",
    "Region",
    "SizeThresholds",
    "Unit",
    "cities",
    "city",
    "city_for_division_code",
    "city_has_counties",
    "classes_under",
    "classify_size",
    "counties",
    "industry_name",
    "is_guangdong_city",
    "is_industrial",
    "is_manufacturing",
    "is_sme",
    "normalize_city",
    "normalize_county",
    "parse_industry_code",
    "region",
    "region_ids",
    "regions_of",
    "size_categories",
    "size_category",
    "size_thresholds",
    "towns",
    "units",
]
