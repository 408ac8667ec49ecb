"""Parsing quantities and money from what people type: "1,5", "1.5", "1 250", never floats."""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from okos_tui.core.errors import InvalidValue

QUANTITY_PLACES = 3
"""Quantities to 0.001 of a unit (grams of a kilogram)."""
MONEY_PLACES = 4
"""Amounts to 0.0001: shop net unit prices carry four places; totals are rounded."""
RATE_PLACES = 6
"""Exchange rates to 0.000001 HUF (NAV's `exchangeRate`)."""
MAX_ABS = Decimal(10) ** 12  # far above any real amount, far below the 64-bit column limit
PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
CURRENCY_PLACES = {"HUF": 0, "EUR": 2, "USD": 2}


def parse_decimal(
    text: str | Decimal | int,
    field: str,
    places: int,
    *,
    allow_negative: bool = False,
    allow_zero: bool = True,
) -> Decimal:
    """A Decimal from text with a decimal comma or point and optional space separators."""
    if isinstance(text, Decimal | int) and not isinstance(text, bool):
        value = Decimal(text)
    else:
        cleaned = str(text).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        if not cleaned:
            raise InvalidValue("error.required", field=field)
        if not PLAIN_NUMBER.match(cleaned):  # no exponents, underscores or "NaN"
            raise InvalidValue("error.not_a_number", field=field, value=str(text))
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise InvalidValue("error.not_a_number", field=field, value=str(text)) from None
    if not value.is_finite():
        raise InvalidValue("error.not_a_number", field=field, value=str(text))
    if value != value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):
        raise InvalidValue("error.too_precise", field=field, places=places, value=str(text))
    if value < 0 and not allow_negative:
        raise InvalidValue("error.negative", field=field, value=str(text))
    if value == 0 and not allow_zero:
        raise InvalidValue("error.not_positive", field=field, value=str(text))
    if abs(value) >= MAX_ABS:
        raise InvalidValue("error.too_large", field=field, value=str(text))
    return value


def parse_quantity(text: str | Decimal | int, field: str = "quantity", **kwargs: bool) -> Decimal:
    return parse_decimal(text, field, QUANTITY_PLACES, **kwargs)


def parse_money(text: str | Decimal | int, field: str = "price", **kwargs: bool) -> Decimal:
    return parse_decimal(text, field, MONEY_PLACES, **kwargs)


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(value: date | str, field: str) -> date | None:
    """A day as typed: a `date`, its ISO text (2026-03-02), or "" for none."""
    if isinstance(value, date):
        return value
    text = value.strip()
    if not text:
        return None
    try:
        if ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise InvalidValue("error.bad_date", field=field, value=text)


def round_money(value: Decimal, places: int = 0) -> Decimal:
    """Round an amount to the currency's decimals, half away from zero as invoices do."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def plain(value: Decimal) -> str:
    """A Decimal as plain text with no exponent and no trailing zeros: 10, 2.5, 0.125."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def decimal_places(value: Decimal) -> int:
    """How many decimals a value has once trailing zeros go: 2.50 -> 1, 1500 -> 0."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def currency_places(currency: str) -> int:
    """Decimals of a currency's amounts: 0 for HUF, 2 for the rest we meet."""
    return CURRENCY_PLACES.get(currency.upper(), 2)
