"""Order totals computed the way the official example adds up.

SUB_TOTAL (net) + one TAX row per VAT rate = SUB_TOTAL_WITH_TAX; SHIPPING and PAYMENT are gross;
COUPON and LOYALTYPOINTS_TO_USE are negative; TOTAL is the sum of all of those.
LOYALTYPOINTS_TO_GET is points earned, not money, and is not part of TOTAL.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from okos_tui.fakeshop.catalog import Coupon, PaymentMethod, ShippingMethod
from okos_tui.fakeshop.models import OrderAddon, OrderLine
from okos_tui.fakeshop.money import round_huf


@dataclass(frozen=True)
class TotalRow:
    type: str
    name: str
    value: Decimal
    sort_order: int
    key: str = ""


def _rate_label(rate: Decimal) -> str:
    return f"{rate.normalize():f}"


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
    rows.append(TotalRow("SHIPPING", f"{shipping_label}:", shipping.fee, 6))
    total = sub_gross + shipping.fee
    if payment.fee:
        rows.append(TotalRow("PAYMENT", f"{payment.fee_label}:", payment.fee, 7))
        total += payment.fee

    if coupon is not None:
        if coupon.free_shipping:
            discount, key = shipping.fee, ""
        elif coupon.discount_type == "PERCENT":
            discount, key = round_huf(sub_gross * coupon.value / 100), ""
        else:
            discount, key = min(coupon.value, sub_gross), "CART_AMOUNT_DISCOUNT"
        rows.append(TotalRow("COUPON", f"Kupon ({coupon.code}):", -discount, 8, key))
        total -= discount

    if loyalty_points > 0:
        used = min(Decimal(loyalty_points), total)
        rows.append(TotalRow("LOYALTYPOINTS_TO_USE", "Beváltott hűségpontok:", -used, 9))
        total -= used

    rows.append(TotalRow("TOTAL", "Végösszeg:", total, 10))
    if registered:
        earned = Decimal(int(total // 100))
        rows.append(TotalRow("LOYALTYPOINTS_TO_GET", "Szerzett hűségpontok:", earned, 11))
    return rows
