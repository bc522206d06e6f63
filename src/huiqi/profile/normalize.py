"""Field checks shared by the profile model and the batch reader (one definition for both)."""

from __future__ import annotations


def normalize_city_name(value: str) -> str:
    """``东莞市`` → ``东莞``; a name outside Guangdong is kept as written (checked with
    ``registered_in_guangdong`` by the model)."""
    from huiqi.geo import normalize_city

    return normalize_city(value) or value.strip()


def is_guangdong_city(value: str | None) -> bool:
    from huiqi.geo import normalize_city

    return bool(value) and normalize_city(value or "") is not None


def check_credit_code(value: str) -> str:
    """The 统一社会信用代码 with a valid GB 32100-2015 check digit, upper-cased."""
    from huiqi.identifiers import credit_code_error

    code = value.strip().upper()
    error = credit_code_error(code)
    if error:
        raise ValueError(error)
    return code


def check_industry_code(value: str) -> str:
    """A GB/T 4754-2017 code in its canonical form (``C3984``, ``C39``, ``C``)."""
    from huiqi.geo.industry import parse_industry_code

    return parse_industry_code(value).code
