"""Countries: an ISO 3166 alpha-2 code from a code or a Hungarian or English name, and the
Hungarian name an invoice prints."""

from __future__ import annotations

import pytest

from okos_tui.domain.tax.countries import (
    EU_COUNTRIES,
    HOME_COUNTRY,
    NAMES,
    country_code,
    country_name,
)

CODES = {
    "HU": "HU",
    "hu": "HU",
    " at ": "AT",
    "Magyarország": "HU",
    "magyarország": "HU",
    "Hungary": "HU",
    "HUNGARY": "HU",
    "Németország": "DE",
    "Germany": "DE",
    "  Ausztria ": "AT",
    "Egyesült Királyság": "GB",
    "United States": "US",
    "XK": "XK",  # an unknown two-letter code is taken as a code
}


@pytest.mark.parametrize("text, code", CODES.items(), ids=list(CODES))
def test_a_code_or_a_name_gives_the_code(text, code):
    assert country_code(text) == code


@pytest.mark.parametrize("text", ["", "Atlantisz", "Magyar", "H", "HUN", "Ö1", "1A"])
def test_anything_else_is_no_country(text):
    assert country_code(text) is None


def test_the_hungarian_name_of_a_code():
    assert country_name("HU") == "Magyarország"
    assert country_name("at") == "Ausztria"
    assert country_name("XK") == "XK"  # unknown: as itself


def test_every_named_country_reads_back_by_both_its_names():
    for code, (hungarian, english) in NAMES.items():
        assert country_code(hungarian) == country_code(english) == code
        assert country_name(code) == hungarian


def test_the_home_country_and_the_eu():
    assert HOME_COUNTRY == "HU" and HOME_COUNTRY in EU_COUNTRIES
    assert len(EU_COUNTRIES) == 27
    assert {"GB", "CH", "NO"}.isdisjoint(EU_COUNTRIES)
    assert EU_COUNTRIES.issubset(NAMES)
