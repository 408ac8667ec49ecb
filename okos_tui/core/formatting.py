"""How numbers, money and dates look: Hungarian for people, plain and exact for machines."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from okos_tui.core.clock import local
from okos_tui.core.values import currency_places, plain

THOUSANDS = " "
CURRENCY_SYMBOL = {"HUF": "Ft", "EUR": "€", "USD": "$"}


def hu_number(value: Decimal, places: int | None = None) -> str:
    """1234.5 -> "1 234,5"; `places` fixes the decimals, otherwise trailing zeros go."""
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        text = f"{abs(value) if value == 0 else value:f}"  # -0.4 Ft is "0 Ft", not "-0 Ft"
    else:
        text = plain(value)
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = sign + THOUSANDS.join(groups)
    return f"{result},{fraction}" if fraction else result


def hu_money(value: Decimal, currency: str = "HUF") -> str:
    """12700 -> "12 700 Ft"; 1234.5 EUR -> "1 234,50 €"."""
    places = currency_places(currency)
    return f"{hu_number(value, places)} {CURRENCY_SYMBOL.get(currency, currency)}"


def hu_money_totals(amounts: Iterable[tuple[Decimal, str]]) -> str:
    """Amounts of several currencies summed per currency, forints first: "3 175 Ft + 12,50 €"
    (never a euro added to forints); nothing is "0 Ft"."""
    totals: dict[str, Decimal] = {}
    for amount, currency in amounts:
        totals[currency] = totals.get(currency, Decimal(0)) + amount
    if not totals:
        return hu_money(Decimal(0))
    order = sorted(totals, key=lambda code: (code != "HUF", code))
    return " + ".join(hu_money(totals[code], code) for code in order)


def postal_address(postcode: str, city: str, street: str, country: str = "") -> str:
    """An address on one line, as invoices print it: "1111 Budapest, Fő u. 1., Ausztria"."""
    town = " ".join(part for part in (postcode.strip(), city.strip()) if part)
    return ", ".join(part for part in (town, street.strip(), country.strip()) if part)


def hu_date(value: date) -> str:
    return value.strftime("%Y.%m.%d.")


def hu_datetime(value: datetime) -> str:
    return local(value).strftime("%Y.%m.%d. %H:%M")


def iso_datetime(value: datetime) -> str:
    """ISO 8601 with the Budapest offset, e.g. 2026-11-23T14:05:00+01:00."""
    return local(value).isoformat(timespec="seconds")
