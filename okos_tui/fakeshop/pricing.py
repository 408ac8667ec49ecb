"""Order totals computed the way the official example adds up.

SUB_TOTAL (net) + one TAX row per VAT rate = SUB_TOTAL_WITH_TAX; SHIPPING and PAYMENT are gross;
COUPON and LOYALTYPOINTS_TO_USE are negative; TOTAL is the sum of all of those.
LOYALTYPOINTS_TO_GET is points earned, not money, and is not part of TOTAL.

An order in another currency than HUF is priced in it, the catalogue's HUF prices times the
currency's `value`: net prices on a step that keeps net x VAT exact to the cent, as the HUF prices
are to the forint, fees and discounts rounded to the cent; its totals are in that currency.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from okos_tui.fakeshop.catalog import (
    CURRENCIES,
    DEFAULT_CURRENCY,
    Coupon,
    Currency,
    PaymentMethod,
    ShippingMethod,
)
from okos_tui.fakeshop.models import OrderAddon, OrderLine
from okos_tui.fakeshop.money import round_to

NET_STEPS = {27: 100, 18: 50, 5: 20}
"""Net price steps, in the currency's smallest unit, that keep net x VAT exact (else 1)."""


@dataclass(frozen=True)
class TotalRow:
    type: str
    name: str
    value: Decimal
    sort_order: int
    key: str = ""


def _rate_label(rate: Decimal) -> str:
    return f"{rate.normalize():f}"


def net_price_in(net_huf: Decimal, tax_rate: Decimal, currency: Currency) -> Decimal:
    """A catalogue net price (HUF) in the order's currency, on its VAT rate's step."""
    if currency.code == DEFAULT_CURRENCY:
        return net_huf
    whole_rate = tax_rate == tax_rate.to_integral_value()
    step = Decimal(NET_STEPS.get(int(tax_rate), 1) if whole_rate else 1).scaleb(-currency.places)
    return max(step, round_to(net_huf * currency.value / step, 0) * step)


def amount_in(amount_huf: Decimal, currency: Currency) -> Decimal:
    """A gross HUF amount (a fee, a fixed discount, points) in the order's currency."""
    if currency.code == DEFAULT_CURRENCY:
        return amount_huf
    return round_to(amount_huf * currency.value, currency.places)


def compute_totals(
    lines: list[OrderLine],
    addons: list[OrderAddon],
    shipping: ShippingMethod,
    payment: PaymentMethod,
    *,
    coupon: Coupon | None = None,
    loyalty_points: int = 0,
    registered: bool = False,
    pickup_point: str = "",
    currency: Currency = CURRENCIES[DEFAULT_CURRENCY],
) -> list[TotalRow]:
    net_items = [(line.price * line.quantity, line.tax_rate) for line in lines]
    net_items += [(addon.price * addon.quantity, addon.tax_rate) for addon in addons]
    sub_net = sum((net for net, _ in net_items), Decimal(0))
    tax_by_rate: dict[Decimal, Decimal] = defaultdict(Decimal)
    for net, rate in net_items:
        if rate:
            tax_by_rate[rate] += net * rate / 100
    sub_gross = sub_net + sum(tax_by_rate.values(), Decimal(0))

    rows = [TotalRow("SUB_TOTAL", "Nettó részösszeg:", sub_net, 1)]
    rows += [
        TotalRow("TAX", f"ÁFA ({_rate_label(rate)}%):", tax, 3)
        for rate, tax in sorted(tax_by_rate.items(), reverse=True)
    ]
    rows.append(TotalRow("SUB_TOTAL_WITH_TAX", "Bruttó részösszeg:", sub_gross, 4))

    shipping_label = shipping.total_label or shipping.name
    if pickup_point:
        shipping_label = f"{shipping.name} – {pickup_point}"
    shipping_fee = amount_in(shipping.fee, currency)
    rows.append(TotalRow("SHIPPING", f"{shipping_label}:", shipping_fee, 6))
    total = sub_gross + shipping_fee
    if payment.fee:
        payment_fee = amount_in(payment.fee, currency)
        rows.append(TotalRow("PAYMENT", f"{payment.fee_label}:", payment_fee, 7))
        total += payment_fee

    if coupon is not None:
        if coupon.free_shipping:
            discount, key = shipping_fee, ""
        elif coupon.discount_type == "PERCENT":
            discount, key = round_to(sub_gross * coupon.value / 100, currency.places), ""
        else:
            fixed = amount_in(coupon.value, currency)
            discount, key = min(fixed, sub_gross), "CART_AMOUNT_DISCOUNT"
        rows.append(TotalRow("COUPON", f"Kupon ({coupon.code}):", -discount, 8, key))
        total -= discount

    if loyalty_points > 0:  # a point is worth a forint
        used = min(amount_in(Decimal(loyalty_points), currency), total)
        rows.append(TotalRow("LOYALTYPOINTS_TO_USE", "Beváltott hűségpontok:", -used, 9))
        total -= used

    rows.append(TotalRow("TOTAL", "Végösszeg:", total, 10))
    if registered:  # a point for every 100 Ft spent
        earned = Decimal(int(total / currency.value // 100))
        rows.append(TotalRow("LOYALTYPOINTS_TO_GET", "Szerzett hűségpontok:", earned, 11))
    return rows
