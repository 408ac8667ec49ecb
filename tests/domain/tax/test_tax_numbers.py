"""Tax numbers as plain rules: the Hungarian 8-1-2 form with its check digit, EU VAT numbers by
their VIES format, the normal form one is stored in, and the buyer's VAT status it implies."""

from __future__ import annotations

import pytest

from okos_tui.domain.tax.tax_numbers import (
    BuyerVatStatus,
    buyer_vat_status,
    check_digit,
    eu_vat_number,
    hungarian_tax_number,
    normalised_tax_number,
    split_tax_number,
    tax_number_problem,
)


@pytest.mark.parametrize(
    "group, digit",
    [
        ("1234567", 6),
        ("8765432", 3),
        ("1000000", 1),
        ("0000000", 0),
        ("1111111", 1),
        ("1112111", 0),
    ],
)
def test_the_check_digit_is_ten_minus_the_weighted_sum(group, digit):
    assert check_digit(group + "0") == digit


GOOD = {
    "12345676-2-08": "12345676-2-08",
    "12345676208": "12345676-2-08",
    " 12345676 2 08 ": "12345676-2-08",
    "12345676-1-41": "12345676-1-41",
    "DE123456789": "DE123456789",
    "de 123.456.789": "DE123456789",
    "ATU12345678": "ATU12345678",
    "NL123456789B01": "NL123456789B01",
    "FR12345678901": "FR12345678901",
    "EL123456789": "EL123456789",
    "HU12345676": "HU12345676",
    "CHE-123.456.788": "CHE-123.456.788",  # a third country's: kept as given
    "": "",
}


@pytest.mark.parametrize("number, stored", GOOD.items(), ids=list(GOOD))
def test_good_numbers_have_no_problem_and_a_normal_form(number, stored):
    assert tax_number_problem(number) is None
    assert normalised_tax_number(number) == stored


BAD = {
    "12345678-2-08": "error.tax_number_check_digit",
    "12345670-2-08": "error.tax_number_check_digit",
    "1234567-2-08": "error.tax_number_format",
    "12345676-6-08": "error.tax_number_format",  # VAT codes are 1 to 5
    "12345676-2-8": "error.tax_number_format",
    "12345676/2/08": "error.tax_number_format",
    "-12345676-2-08": "error.tax_number_format",
    "DE12": "error.eu_vat_format",
    "DE1234567890": "error.eu_vat_format",
    "ATU1234567": "error.eu_vat_format",
    "HU12345678": "error.eu_vat_format",  # the check digit of the törzsszám
    "NL123456789": "error.eu_vat_format",
}


@pytest.mark.parametrize("number, problem", BAD.items(), ids=list(BAD))
def test_bad_numbers_name_their_problem(number, problem):
    assert tax_number_problem(number) == problem
    assert normalised_tax_number(number) == number.strip()  # not normalised: kept as given


def test_a_hungarian_number_only_in_the_8_1_2_form_with_its_check_digit():
    assert hungarian_tax_number("12345676-2-08") == "12345676-2-08"
    assert hungarian_tax_number("12345678-2-08") is None
    assert hungarian_tax_number("DE123456789") is None
    assert eu_vat_number("12345676-2-08") is None
    assert eu_vat_number("XX123456789") is None  # not a member state's prefix


STATUS = {
    "": BuyerVatStatus.PRIVATE,
    "   ": BuyerVatStatus.PRIVATE,
    "12345676-2-08": BuyerVatStatus.DOMESTIC,
    "12345676208": BuyerVatStatus.DOMESTIC,
    "DE123456789": BuyerVatStatus.EU,
    "ATU12345678": BuyerVatStatus.EU,
    "HU12345676": BuyerVatStatus.OTHER,  # a Hungarian group id in EU form is not a buyer abroad
    "CHE-123.456.788": BuyerVatStatus.OTHER,
    "12345678-2-08": BuyerVatStatus.OTHER,  # malformed: invoicing refuses it
    "DE12": BuyerVatStatus.OTHER,
}


@pytest.mark.parametrize("number, status", STATUS.items(), ids=list(STATUS))
def test_the_buyers_vat_status_follows_the_number(number, status):
    assert buyer_vat_status(number) == status


def test_the_statuses_are_the_stored_words():
    assert [s.value for s in BuyerVatStatus] == ["private", "domestic", "eu", "other"]


def test_a_hungarian_number_split_for_nav():
    assert split_tax_number("12345676208") == ("12345676", "2", "08")
    with pytest.raises(ValueError, match="12345678-2-08"):
        split_tax_number("12345678-2-08")
