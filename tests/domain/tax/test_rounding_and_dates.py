"""Cash rounding to 0/5 Ft and the fulfilment and due dates, as plain rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okos_tui.domain.tax.dates import FulfilmentRule, due_date, fulfilment_date
from okos_tui.domain.tax.rounding import cash_rounding


@pytest.mark.parametrize(
    ("gross", "payable"),
    [(1000, 1000), (1001, 1000), (1002, 1000), (1003, 1005), (1004, 1005), (1005, 1005),
     (1006, 1005), (1007, 1005), (1008, 1010), (1009, 1010), (-1003, -1005), (-1002, -1000)],
)  # fmt: skip
def test_forints_paid_in_cash_end_in_0_or_5(gross, payable):
    assert Decimal(gross) + cash_rounding(Decimal(gross), "HUF") == payable


def test_other_currencies_are_not_rounded():
    assert cash_rounding(Decimal("10.03"), "EUR") == 0


@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_rounding_is_at_most_two_forints_and_symmetric(gross):
    rounding = cash_rounding(Decimal(gross), "HUF")
    assert abs(rounding) <= 2 and (gross + rounding) % 5 == 0
    assert cash_rounding(Decimal(-gross), "HUF") == -rounding


ISSUED, ORDERED, PAID = date(2026, 3, 2), date(2026, 2, 20), date(2026, 2, 21)


@pytest.mark.parametrize(
    ("rule", "paid", "expected"),
    [
        (FulfilmentRule.ISSUE, PAID, ISSUED),
        (FulfilmentRule.ORDER, PAID, ORDERED),
        (FulfilmentRule.PAYMENT, PAID, PAID),
        (FulfilmentRule.PAYMENT, None, ISSUED),  # not paid yet: the delivery, with the invoice
    ],
)
def test_the_fulfilment_date_follows_the_payment_methods_rule(rule, paid, expected):
    assert fulfilment_date(rule, issued_on=ISSUED, ordered_on=ORDERED, paid_on=paid) == expected


def test_a_paid_invoice_is_due_when_it_was_paid():
    assert due_date(issued_on=ISSUED, due_days=8, paid_on=PAID) == PAID
    assert due_date(issued_on=ISSUED, due_days=8, paid_on=None) == date(2026, 3, 10)
