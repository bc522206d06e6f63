"""统一社会信用代码 (unified social credit code, GB 32100-2015).

18 characters from ``0123456789ABCDEFGHJKLMNPQRTUWXY`` (no I, O, S, V, Z): 登记管理部门码 (1), 机构类别码
(1), 登记管理机关行政区划码 (6, chars 3–8), 主体标识码 (9, the organisation code), 校验码 (1). The check
character is C18 = 31 − (Σ value(Cᵢ)·Wᵢ mod 31), with 31 written as 0.
"""

from __future__ import annotations

import unicodedata

from huiqi.geo.divisions import city_for_division_code

CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CREDIT_CODE_LENGTH = 18
_VALUE = {ch: i for i, ch in enumerate(CREDIT_CODE_CHARSET)}


def normalize_credit_code(code: str) -> str:
    """Full-width to half-width, blanks removed, upper case; no validation."""
    return "".join(unicodedata.normalize("NFKC", code).split()).upper()


def credit_code_check_char(first17: str) -> str:
    """The check character for the first 17 characters (which must already be in the charset)."""
    if len(first17) != CREDIT_CODE_LENGTH - 1 or any(ch not in _VALUE for ch in first17):
        raise ValueError(f"need 17 characters of {CREDIT_CODE_CHARSET}, got {first17!r}")
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def credit_code_error(code: str | None) -> str | None:
    """None when ``code`` is a valid unified social credit code, else why not (Chinese / English).

    Case and surrounding blanks are forgiven (see :func:`normalize_credit_code`).
    """
    if not isinstance(code, str) or not code.strip():
        return "统一社会信用代码为空 / the unified social credit code is empty"
    text = normalize_credit_code(code)
    if len(text) != CREDIT_CODE_LENGTH:
        return (
            f"统一社会信用代码应为 18 位，实为 {len(text)} 位 / "
            f"a unified social credit code has 18 characters, {text!r} has {len(text)}"
        )
    bad = sorted({ch for ch in text if ch not in _VALUE})
    if bad:
        listed = "、".join(bad)
        return (
            f"统一社会信用代码含有不允许的字符：{listed}（不使用 I、O、S、V、Z） / "
            f"characters not allowed in a unified social credit code: {', '.join(bad)} "
            "(I, O, S, V, Z are never used)"
        )
    expected = credit_code_check_char(text[:17])
    if text[17] != expected:
        return (
            f"统一社会信用代码校验位错误：第 18 位应为 {expected}，实为 {text[17]} / "
            f"wrong check character: the 18th character should be {expected}, not {text[17]}"
        )
    return None


def is_valid_credit_code(code: str | None) -> bool:
    return credit_code_error(code) is None


def credit_code_region(code: str) -> str:
    """The 登记管理机关行政区划码 (characters 3–8) of a code, as written; no validation."""
    return normalize_credit_code(code)[2:8]


def credit_code_city(code: str) -> str | None:
    """The Guangdong city (short name) of the registration authority, when chars 3–8 are a Guangdong
    division code below province level (``91441900MA51K3QH27`` → ``东莞``); None otherwise (another
    province, the provincial authority 440000, an invalid code)."""
    if not is_valid_credit_code(code):
        return None
    return city_for_division_code(credit_code_region(code))
