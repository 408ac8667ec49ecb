"""Tax numbers: the Hungarian adószám checked to its check digit, EU VAT numbers by format, and
the buyer's VAT status they imply (the NAV data model's `customerVatStatus`)."""

from __future__ import annotations

import re
from enum import StrEnum

from okos_tui.core.tax_numbers import check_digit

HUNGARIAN = re.compile(r"^(\d{8})-?([1-5])-?(\d{2})$")
HUNGARIAN_GROUP = re.compile(r"^(HU)?(\d{8})$")
# The VIES formats, letters and digits after the country prefix (Greece writes EL).
EU_VAT_FORMATS = {
    "AT": r"U\d{8}",
    "BE": r"[01]\d{9}",
    "BG": r"\d{9,10}",
    "CY": r"\d{8}[A-Z]",
    "CZ": r"\d{8,10}",
    "DE": r"\d{9}",
    "DK": r"\d{8}",
    "EE": r"\d{9}",
    "EL": r"\d{9}",
    "ES": r"[A-Z0-9]\d{7}[A-Z0-9]",
    "FI": r"\d{8}",
    "FR": r"[A-HJ-NP-Z0-9]{2}\d{9}",
    "HR": r"\d{11}",
    "HU": r"\d{8}",
    "IE": r"\d{7}[A-W][A-I]?|\d[A-Z+*]\d{5}[A-W]",
    "IT": r"\d{11}",
    "LT": r"\d{9}|\d{12}",
    "LU": r"\d{8}",
    "LV": r"\d{11}",
    "MT": r"\d{8}",
    "NL": r"\d{9}B\d{2}",
    "PL": r"\d{10}",
    "PT": r"\d{9}",
    "RO": r"\d{2,10}",
    "SE": r"\d{12}",
    "SI": r"\d{8}",
    "SK": r"\d{10}",
    "XI": r"\d{9}|\d{12}|GD\d{3}|HA\d{3}",
}


class BuyerVatStatus(StrEnum):
    """Who the buyer is for VAT: NAV's PRIVATE_PERSON, DOMESTIC, and OTHER (an EU taxpayer, or
    another: a third-country taxpayer or an organisation without a tax number)."""

    PRIVATE = "private"
    DOMESTIC = "domestic"
    EU = "eu"
    OTHER = "other"


def compact(number: str) -> str:
    return re.sub(r"[\s.]", "", number).upper()


def hungarian_tax_number(number: str) -> str | None:
    """The tax number as 12345676-2-41, or None when it is not a valid Hungarian one (its
    form 8-1-2 and the check digit of the first eight)."""
    match = HUNGARIAN.match(compact(number))
    if match is None:
        return None
    group, vat_code, county = match.groups()
    if check_digit(group) != int(group[7]):
        return None
    return f"{group}-{vat_code}-{county}"


def eu_vat_number(number: str) -> str | None:
    """An EU VAT number (country prefix and the VIES format) compacted, or None."""
    text = compact(number).replace("-", "")
    prefix, rest = text[:2], text[2:]
    pattern = EU_VAT_FORMATS.get(prefix)
    if pattern is None or not re.fullmatch(pattern, rest):
        return None
    if prefix == "HU" and check_digit(rest) != int(rest[7]):
        return None
    return text


def tax_number_problem(number: str) -> str | None:
    """None when `number` is empty, a valid Hungarian tax number or an EU VAT number; else the
    catalogue key of what is wrong with it."""
    if not number.strip():
        return None
    text = compact(number)
    if text[:1].isdigit():
        if HUNGARIAN.match(text) is None:
            return "error.tax_number_format"
        return None if hungarian_tax_number(text) else "error.tax_number_check_digit"
    if text[:2].isalpha():
        if text[:2] in EU_VAT_FORMATS:
            return None if eu_vat_number(text) else "error.eu_vat_format"
        return None  # a third country's tax id: kept as given, not checked
    return "error.tax_number_format"


def normalised_tax_number(number: str) -> str:
    """The form a valid number is stored in; anything else as given, trimmed."""
    return hungarian_tax_number(number) or eu_vat_number(number) or number.strip()


def buyer_vat_status(tax_number: str) -> BuyerVatStatus:
    """The status a buyer's tax number implies: a Hungarian tax number is a domestic taxpayer,
    another member state's VAT number an EU taxpayer, any other tax id OTHER (a malformed one
    too, which invoicing refuses); no tax number at all is a private person."""
    if not tax_number.strip():
        return BuyerVatStatus.PRIVATE
    if hungarian_tax_number(tax_number):
        return BuyerVatStatus.DOMESTIC
    eu = eu_vat_number(tax_number)
    if eu is not None and not eu.startswith("HU"):
        return BuyerVatStatus.EU
    return BuyerVatStatus.OTHER


def split_tax_number(number: str) -> tuple[str, str, str]:
    """A Hungarian tax number as NAV wants it: (taxpayerId, vatCode, countyCode)."""
    valid = hungarian_tax_number(number)
    if valid is None:
        raise ValueError(f"not a Hungarian tax number: {number!r}")
    group, vat_code, county = valid.split("-")
    return group, vat_code, county
