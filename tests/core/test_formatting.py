"""Amounts as people read them: Hungarian number format, one total per currency."""

from __future__ import annotations

from decimal import Decimal

from okos_tui.core.formatting import hu_money, hu_money_totals


def test_money_in_forints_and_euros():
    assert hu_money(Decimal(12700)) == "12 700 Ft"
    assert hu_money(Decimal("1234.5"), "EUR") == "1 234,50 €"


def test_totals_are_summed_per_currency_forints_first_never_mixed():
    amounts = [
        (Decimal("10.5"), "EUR"),
        (Decimal(1270), "HUF"),
        (Decimal(1905), "HUF"),
        (Decimal(2), "EUR"),
    ]
    assert hu_money_totals(amounts) == "3 175 Ft + 12,50 €"
    assert hu_money_totals([(Decimal(5), "USD"), (Decimal(1), "EUR")]) == "1,00 € + 5,00 $"
    assert hu_money_totals([]) == "0 Ft"
