"""Exact money as the shop writes it: Decimal inside, "2760.0000" strings outside."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

FOUR_PLACES = Decimal("0.0001")
EIGHT_PLACES = Decimal("0.00000001")
ONE = Decimal(1)


def fmt4(value: Decimal | int) -> str:
    """ShopRenter's money format: four decimals, no thousands separator."""
    return str(Decimal(value).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP))


def fmt8(value: Decimal | int) -> str:
    """A currency multiplier as the shop writes it: "1.00000000"."""
    return str(Decimal(value).quantize(EIGHT_PLACES, rounding=ROUND_HALF_UP))


def round_to(value: Decimal, places: int) -> Decimal:
    """Half up to the currency's smallest unit (0 places: forints, 2: cents)."""
    return value.quantize(ONE.scaleb(-places), rounding=ROUND_HALF_UP)


def value_text(value: Decimal, places: int = 0, symbol: str = " Ft") -> str:
    """The label the customer saw, e.g. "8.128 Ft" (the fixtures' thousands dot, no decimals),
    "12,50 €" in a currency with cents."""
    rounded = round_to(value, places)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    text = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{text}{',' + fraction if fraction else ''}{symbol}"


def gross(net: Decimal, tax_rate: Decimal) -> Decimal:
    return net * (100 + tax_rate) / 100
