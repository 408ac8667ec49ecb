"""The dates of an invoice: when it is fulfilled (the tax point) and when it is due.

The tax point is the delivery (Áfa tv. 55. §), for which the issue date stands by default; an
order paid in advance, by card or transfer, has its tax point at the payment (Áfa tv. 59. §).
Each payment method names its rule in `[invoicing.fulfilment]`. A prepaid invoice is due on the
day it was paid.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum


class FulfilmentRule(StrEnum):
    ISSUE = "issue"  # the day the invoice is issued (the goods leave with it)
    ORDER = "order"  # the day the order was placed
    PAYMENT = "payment"  # the day it was paid; the issue date while it is unpaid


def fulfilment_date(rule: str, *, issued_on: date, ordered_on: date, paid_on: date | None) -> date:
    if rule == FulfilmentRule.PAYMENT and paid_on is not None:
        return paid_on
    if rule == FulfilmentRule.ORDER:
        return ordered_on
    return issued_on


def due_date(*, issued_on: date, due_days: int, paid_on: date | None) -> date:
    """A paid invoice was due when it was paid; an unpaid one `due_days` after issue."""
    return paid_on if paid_on is not None else issued_on + timedelta(days=due_days)
