"""Purchase orders to suppliers: created open, received in part or in full, or closed.

Incoming stock is what open purchase orders still expect: ordered minus received.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from peewee import JOIN, fn

from okos_tui.core import clock
from okos_tui.core.errors import InvalidState, InvalidValue, NotFound
from okos_tui.core.values import parse_money, parse_quantity, plain
from okos_tui.db import (
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    StockDocument,
    StockDocumentKind,
    Supplier,
    Warehouse,
    database,
)
from okos_tui.db.fields import QUANTITY_PLACES, from_units
from okos_tui.domain.catalog.lookup import product_by_code, supplier_by_name, warehouse_by_code
from okos_tui.domain.numbering import DocumentPrefix, next_number
from okos_tui.domain.stock.documents import ItemInput
from okos_tui.domain.stock.ledger import MovementLine, post_document


def create_purchase_order(
    supplier_name: str,
    warehouse_code: str,
    items: Sequence[ItemInput],
    *,
    note: str = "",
    ordered_on: date | None = None,
) -> PurchaseOrder:
    if not items:
        raise InvalidValue("error.required", field="items")
    with database.atomic():
        supplier = supplier_by_name(supplier_name, create=True)
        warehouse = warehouse_by_code(warehouse_code)
        lines = []
        seen: set[int] = set()
        for item in items:
            product = product_by_code(item.code)
            if product.is_service:
                raise InvalidValue("error.service_no_stock", sku=product.sku)
            if product.id in seen:
                raise InvalidValue("error.duplicate_item", sku=product.sku)
            seen.add(product.id)
            quantity = parse_quantity(item.quantity, f"{item.code} quantity", allow_zero=False)
            price = (
                product.purchase_price
                if item.price is None
                else parse_money(item.price, f"{item.code} price")
            )
            lines.append((product, quantity, price))
        ordered_on = ordered_on or clock.today()
        order = PurchaseOrder.create(
            number=next_number(DocumentPrefix.PURCHASE_ORDER, ordered_on.year),
            supplier=supplier,
            warehouse=warehouse,
            ordered_on=ordered_on,
            created_at=clock.now(),
            note=note,
        )
        PurchaseOrderLine.insert_many(
            [
                {
                    "purchase_order": order.id,
                    "position": position,
                    "product": product.id,
                    "quantity": quantity,
                    "received_quantity": Decimal(0),
                    "unit_price": price,
                }
                for position, (product, quantity, price) in enumerate(lines, start=1)
            ]
        ).execute()
        return order


def _open_order(number: str) -> PurchaseOrder:
    order = PurchaseOrder.get_or_none(PurchaseOrder.number == number.strip())
    if order is None:
        raise NotFound("error.unknown_purchase_order", number=number)
    if order.status != PurchaseOrderStatus.OPEN:
        raise InvalidState("error.purchase_not_open", number=order.number, status=order.status)
    return order


def receive_purchase_order(
    number: str,
    items: Sequence[ItemInput] = (),
    *,
    note: str = "",
    allow_negative: bool = False,
) -> StockDocument:
    """Receive the given items of an open purchase order, or everything still expected.

    The order becomes RECEIVED when nothing is left to receive.
    """
    with database.atomic():
        order = _open_order(number)
        lines = {line.product_id: line for line in order.lines}
        receipts: list[tuple[PurchaseOrderLine, Decimal]] = []
        if items:
            seen: set[int] = set()
            for item in items:
                product = product_by_code(item.code)
                line = lines.get(product.id)
                if line is None:
                    raise InvalidValue(
                        "error.not_on_purchase_order", sku=product.sku, number=order.number
                    )
                if product.id in seen:
                    raise InvalidValue("error.duplicate_item", sku=product.sku)
                seen.add(product.id)
                quantity = parse_quantity(item.quantity, f"{item.code} quantity", allow_zero=False)
                remaining = line.quantity - line.received_quantity
                if quantity > remaining:
                    raise InvalidValue(
                        "error.over_receipt",
                        sku=product.sku,
                        quantity=plain(quantity),
                        remaining=plain(remaining),
                    )
                receipts.append((line, quantity))
        else:
            receipts = [
                (line, line.quantity - line.received_quantity)
                for line in lines.values()
                if line.quantity > line.received_quantity
            ]
        if not receipts:
            raise InvalidState("error.nothing_to_receive", number=order.number)
        document = post_document(
            StockDocumentKind.PURCHASE_RECEIPT,
            order.warehouse,
            [
                MovementLine(product=line.product, quantity=quantity, unit_price=line.unit_price)
                for line, quantity in receipts
            ],
            allow_negative=allow_negative,
            supplier=order.supplier,
            purchase_order=order,
            note=note,
        )
        for line, quantity in receipts:
            line.received_quantity = line.received_quantity + quantity
            line.save(only=[PurchaseOrderLine.received_quantity])
        if all(line.received_quantity >= line.quantity for line in lines.values()):
            order.status = PurchaseOrderStatus.RECEIVED
            order.save(only=[PurchaseOrder.status])
        return document


def close_purchase_order(number: str) -> PurchaseOrder:
    """Close an open purchase order: what was not received is no longer expected."""
    with database.atomic():
        order = _open_order(number)
        order.status = PurchaseOrderStatus.CLOSED
        order.save(only=[PurchaseOrder.status])
        return order


@dataclass(frozen=True)
class PurchaseOrderSummary:
    number: str
    supplier: str
    warehouse: str
    status: str
    ordered_on: date
    ordered: Decimal
    received: Decimal

    @property
    def remaining(self) -> Decimal:
        return (
            self.ordered - self.received if self.status == PurchaseOrderStatus.OPEN else Decimal(0)
        )


def list_purchase_orders(status: str | None = None) -> list[PurchaseOrderSummary]:
    query = (
        PurchaseOrder.select(
            PurchaseOrder.number,
            Supplier.name,
            Warehouse.code,
            PurchaseOrder.status,
            PurchaseOrder.ordered_on,
            fn.COALESCE(fn.SUM(PurchaseOrderLine.quantity), 0),
            fn.COALESCE(fn.SUM(PurchaseOrderLine.received_quantity), 0),
        )
        .join(Supplier)
        .switch(PurchaseOrder)
        .join(Warehouse)
        .switch(PurchaseOrder)
        .join(PurchaseOrderLine, JOIN.LEFT_OUTER)
        .group_by(PurchaseOrder.id)
        .order_by(PurchaseOrder.number)
    )
    if status:
        query = query.where(PurchaseOrder.status == status)
    return [
        PurchaseOrderSummary(
            number=number,
            supplier=supplier,
            warehouse=warehouse,
            status=row_status,
            ordered_on=ordered_on,
            ordered=from_units(ordered, QUANTITY_PLACES),
            received=from_units(received, QUANTITY_PLACES),
        )
        for number, supplier, warehouse, row_status, ordered_on, ordered, received in query.tuples()
    ]
