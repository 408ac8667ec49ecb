"""Exact money as the shop writes it: Decimal inside, "2760.0000" strings outside."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

FOUR_PLACES = Decimal("0.0001")
ONE = Decimal(1)


def fmt4(value: Decimal | int) -> str:
    """ShopRenter's money format: four decimals, no thousands separator."""
    return str(Decimal(value).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP))


def round_huf(value: Decimal) -> Decimal:
    """Whole forints, half up: what a HUF shop charges for a computed discount."""
    return value.quantize(ONE, rounding=ROUND_HALF_UP)


def value_text(value: Decimal) -> str:
    """The label the customer saw, e.g. "8.128 Ft" (the fixtures' thousands dot, no decimals)."""
    whole = int(round_huf(value))
    sign = "-" if whole < 0 else ""
    return f"{sign}{abs(whole):,} Ft".replace(",", ".")


def gross(net: Decimal, tax_rate: Decimal) -> Decimal:
    return net * (100 + tax_rate) / 100
