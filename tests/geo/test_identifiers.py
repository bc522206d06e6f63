"""统一社会信用代码 (GB 32100-2015)."""

import pytest

from huiqi.identifiers import (
    CREDIT_CODE_CHARSET,
    credit_code_check_char,
    credit_code_city,
    credit_code_error,
    is_valid_credit_code,
)

EXAMPLE = "91441900MA51K3QH27"


def make(first17: str) -> str:
    return first17 + credit_code_check_char(first17)


def test_example_is_valid() -> None:
    assert credit_code_error(EXAMPLE) is None
    assert credit_code_check_char(EXAMPLE[:17]) == "7"
    assert is_valid_credit_code(EXAMPLE.lower())
    assert credit_code_city(EXAMPLE) == "东莞"


def test_constructed_codes() -> None:
    for first17 in ("91440300MA5DXXXXX", "91440101MA59ABCDE", "12440000455858888", "91110000100000000"):
        code = make(first17)
        assert credit_code_error(code) is None
        assert code[-1] in CREDIT_CODE_CHARSET
    assert credit_code_city(make("91440300MA5DXXXXX")) == "深圳"
    assert credit_code_city(make("12440000455858888")) is None  # provincial authority
    assert credit_code_city(make("91110000100000000")) is None  # 北京


def test_check_value_31_maps_to_zero() -> None:
    # Find a prefix whose weighted sum is ≡ 0 (mod 31): its check character is 0, not a 32nd symbol.
    for n in range(31):
        first17 = "9144190000000000" + CREDIT_CODE_CHARSET[n]
        if credit_code_check_char(first17) == "0":
            assert credit_code_error(first17 + "0") is None
            break
    else:
        pytest.fail("no prefix with check character 0 found")


def test_wrong_check_digit() -> None:
    msg = credit_code_error("91441900MA51K3QH28")
    assert msg is not None and "7" in msg and "check" in msg


@pytest.mark.parametrize("bad", ["I", "O", "S", "V", "Z"])
def test_forbidden_chars(bad: str) -> None:
    msg = credit_code_error("91441900MA51K3QH2" + bad)
    assert msg is not None and bad in msg and "not allowed" in msg
    msg = credit_code_error(bad + EXAMPLE[1:])
    assert msg is not None and "not allowed" in msg


@pytest.mark.parametrize(
    "value", ["", None, "91441900MA51K3QH2", "91441900MA51K3QH277", "914419-0MA51K3QH27"]
)
def test_length_and_garbage(value: str | None) -> None:
    assert credit_code_error(value) is not None
    assert not is_valid_credit_code(value)
