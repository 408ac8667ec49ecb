"""The packing PDF of a set of orders, read from the database and saved under a new name."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from peewee import JOIN

from okos_tui.core import clock
from okos_tui.core.files import claim_new_file
from okos_tui.db import Product, SalesOrder, SalesOrderLine, ShippingMethod
from okos_tui.domain.sales.customers import AddressInput
from okos_tui.domain.sales.fulfillment import picking_summary
from okos_tui.pdf.packing import PackingSlip, SlipLine, render_packing
from okos_tui.services.views import address_line


def packing_slips(numbers: Sequence[str]) -> list[PackingSlip]:
    """One slip per order, oldest first: read in two queries (the orders, then all their
    stock lines with their SKUs), not one per order and one per line."""
    orders = list(
        SalesOrder.select(SalesOrder, ShippingMethod.name.alias("shipping_name"))
        .join(ShippingMethod, JOIN.LEFT_OUTER)
        .where(SalesOrder.number.in_(list(numbers)))
        .order_by(SalesOrder.created_at, SalesOrder.number)
        .objects()
    )
    lines: dict[int, list[SlipLine]] = defaultdict(list)
    for order_id, sku, name, quantity, unit in (
        SalesOrderLine.select(
            SalesOrderLine.order,
            Product.sku,
            SalesOrderLine.name,
            SalesOrderLine.quantity,
            SalesOrderLine.unit,
        )
        .join(Product)
        .where(
            SalesOrderLine.order.in_([order.id for order in orders])
            & (SalesOrderLine.is_service == False)  # noqa: E712
            & (Product.is_service == False)  # noqa: E712
        )
        .order_by(SalesOrderLine.order, SalesOrderLine.position)
        .tuples()
    ):
        lines[order_id].append(SlipLine(sku, name, quantity, unit))
    return [
        PackingSlip(
            number=order.number,
            shop_order_id=order.shop_order_id,
            customer=order.customer_name,
            address=address_line(_delivery(order), with_name=True),
            shipping_method=order.shipping_name or "",
            note=order.internal_note,
            lines=tuple(lines[order.id]),
        )
        for order in orders
    ]


def _delivery(order: SalesOrder) -> AddressInput:
    """Where the parcel goes (the country is left off the slip)."""
    return AddressInput(
        name=order.delivery_name,
        postcode=order.delivery_postcode,
        city=order.delivery_city,
        street=order.delivery_street,
    )


def write_packing_pdf(numbers: Sequence[str], folder: Path) -> Path:
    """Render and save the packing PDF of these orders; the name is a time stamp only."""
    moment = clock.now()
    summary = [SlipLine(r.sku, r.name, r.quantity, r.unit) for r in picking_summary(numbers)]
    data = render_packing(summary, packing_slips(numbers), clock.local(moment))
    target = claim_new_file(folder, f"csomagolas-{clock.local(moment):%Y%m%d-%H%M%S}", ".pdf")
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)
    return target
