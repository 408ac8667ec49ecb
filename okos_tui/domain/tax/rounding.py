"""Cash rounding: a forint amount paid in cash is rounded to 0 or 5 (the rules of 2008 on the
withdrawal of the 1 and 2 forint coins): endings 1-2 down to 0, 3-4 up to 5, 6-7 down to 5,
8-9 up to 10. Only what is paid changes; the invoice's VAT and gross total do not."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

FIVE = Decimal(5)


def cash_rounding(gross: Decimal, currency: str) -> Decimal:
    """What is added to `gross` to make the cash payable: between -2 and +2 forints; 0 for
    another currency (no such rule for it)."""
    if currency.upper() != "HUF":
        return Decimal(0)
    payable = (gross / FIVE).quantize(Decimal(1), rounding=ROUND_HALF_UP) * FIVE
    return payable - gross
