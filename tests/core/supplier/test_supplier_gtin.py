"""GS1 check digits, GTIN validity and the 14-digit canonical form."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integration_core.supplier.gtin import (
    gtin_check_digit,
    has_valid_check_digit,
    is_valid_gtin,
    normalize_gtin,
)


@pytest.mark.parametrize(
    "body, digit",
    [
        ("0031234567890", "6"),  # GTIN-14 00312345678906
        ("400638133393", "1"),  # EAN-13 4006381333931
        ("9638507", "4"),  # EAN-8 96385074
        ("03600029145", "2"),  # UPC-A 036000291452
        ("34012345000000001", "7"),  # SSCC 340123450000000017
    ],
)
def test_check_digit_of_known_codes(body, digit):
    assert gtin_check_digit(body) == digit


@pytest.mark.parametrize("body", ["", "12a4", "１２３", None, 123])
def test_check_digit_refuses_anything_but_digits(body):
    with pytest.raises(ValueError):
        gtin_check_digit(body)


def test_the_lengths_of_one_item_normalise_equal():
    forms = ["00312345678906", "0312345678906", "312345678906", " 0312 3456 78906 "]
    assert {normalize_gtin(code) for code in forms} == {"00312345678906"}


def test_gtin_8_is_padded_to_14_digits():
    assert normalize_gtin("96385074") == "00000096385074"


@pytest.mark.parametrize(
    "code",
    [
        "00312345678907",  # wrong check digit
        "1234567",  # 7 digits
        "123456789012345",  # 15 digits
        "0031234567890X",
        "00000000000000",  # all zeros: "no GTIN"
        "",
        None,
    ],
)
def test_invalid_codes_are_no_gtin(code):
    assert not is_valid_gtin(code)
    assert normalize_gtin(code) == ""


def test_sscc_check_digit_is_checked_without_length_rule():
    assert has_valid_check_digit("340123450000000017")
    assert not has_valid_check_digit("340123450000000018")
    assert not is_valid_gtin("340123450000000017")


@given(st.text(alphabet="0123456789 ", max_size=20))
def test_normalize_is_idempotent(code):
    once = normalize_gtin(code)
    assert normalize_gtin(once) == once
    assert once == "" or (len(once) == 14 and is_valid_gtin(once))


@given(st.text(alphabet="0123456789", min_size=7, max_size=13))
def test_a_body_with_its_check_digit_is_valid_and_one_wrong_digit_is_not(body):
    code = body + gtin_check_digit(body)
    if len(code) not in (8, 12, 13, 14) or set(code) == {"0"}:
        return
    assert is_valid_gtin(code)
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    assert not is_valid_gtin(wrong)
    assert normalize_gtin(code).lstrip("0") == code.lstrip("0")
