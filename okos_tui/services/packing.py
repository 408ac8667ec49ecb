"""The packing PDF of a set of orders, read from the database and saved under a new name."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from okos_tui.core import clock
from okos_tui.core.files import claim_new_file
from okos_tui.db import SalesOrder, SalesOrderLine
from okos_tui.domain.sales.fulfillment import picking_summary
from okos_tui.pdf.packing import PackingSlip, SlipLine, render_packing


def packing_slips(numbers: Sequence[str]) -> list[PackingSlip]:
    slips = []
    for order in (
        SalesOrder.select()
        .where(SalesOrder.number.in_(list(numbers)))
        .order_by(SalesOrder.created_at, SalesOrder.number)
    ):
        parts = (
            order.delivery_name,
            order.delivery_postcode,
            order.delivery_city,
            order.delivery_street,
        )
        slips.append(
            PackingSlip(
                number=order.number,
                shop_order_id=order.shop_order_id,
                customer=order.customer_name,
                address=" ".join(p for p in parts if p),
                shipping_method=order.shipping_method.name if order.shipping_method else "",
                note=order.internal_note,
                lines=tuple(
                    SlipLine(line.product.sku, line.name, line.quantity, line.unit)
                    for line in order.lines.order_by(SalesOrderLine.position)
                    if line.product_id is not None
                    and not line.is_service
                    and not line.product.is_service
                ),
            )
        )
    return slips


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
