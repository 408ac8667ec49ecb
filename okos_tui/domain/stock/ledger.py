"""The stock ledger: posting movements under one document, and reading stock back from them.

Physical stock is never stored: it is the sum of movements per product and warehouse, so it can
never disagree with the documents that moved it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from peewee import fn

from okos_tui.core import clock
from okos_tui.core.errors import InvalidValue, StockWouldGoNegative
from okos_tui.core.values import plain
from okos_tui.db import (
    Product,
    PurchaseOrder,
    StockBalance,
    StockDocument,
    StockDocumentKind,
    StockMovement,
    Supplier,
    Warehouse,
    database,
)
from okos_tui.db.fields import QUANTITY_PLACES, from_units
from okos_tui.domain.catalog.lookup import product_by_code, warehouse_by_code
from okos_tui.domain.numbering import DocumentPrefix, next_number

PREFIX_BY_KIND = {
    StockDocumentKind.OPENING: DocumentPrefix.OPENING,
    StockDocumentKind.GOODS_RECEIPT: DocumentPrefix.GOODS_RECEIPT,
    StockDocumentKind.PURCHASE_RECEIPT: DocumentPrefix.PURCHASE_RECEIPT,
    StockDocumentKind.RETAIL_RECEIPT: DocumentPrefix.RETAIL_RECEIPT,
    StockDocumentKind.ADJUSTMENT: DocumentPrefix.ADJUSTMENT,
    StockDocumentKind.INVENTORY: DocumentPrefix.INVENTORY,
    StockDocumentKind.INVOICE: DocumentPrefix.INVOICE_ISSUE,
    StockDocumentKind.INVOICE_STORNO: DocumentPrefix.INVOICE_RETURN,
}


@dataclass(frozen=True)
class MovementLine:
    """One product's signed change on a document."""

    product: Product
    quantity: Decimal
    unit_price: Decimal | None = None


def physical_stock(product_id: int, warehouse_id: int) -> Decimal:
    units = (
        StockBalance.select(fn.COALESCE(fn.SUM(StockBalance.quantity), 0))
        .where((StockBalance.product == product_id) & (StockBalance.warehouse == warehouse_id))
        .scalar()
    )
    return from_units(units, QUANTITY_PLACES)


def physical_stock_by_product(product_ids: Iterable[int], warehouse_id: int) -> dict[int, Decimal]:
    ids = list(product_ids)
    rows = (
        StockBalance.select(StockBalance.product, fn.SUM(StockBalance.quantity).alias("units"))
        .where((StockBalance.product.in_(ids)) & (StockBalance.warehouse == warehouse_id))
        .group_by(StockBalance.product)
        .tuples()
    )
    stock = dict.fromkeys(ids, Decimal(0))
    for product_id, units in rows:
        stock[product_id] = from_units(units, QUANTITY_PLACES)
    return stock


def post_document(
    kind: StockDocumentKind,
    warehouse: Warehouse,
    lines: Sequence[MovementLine],
    *,
    allow_negative: bool,
    issued_on: date | None = None,
    supplier: Supplier | None = None,
    purchase_order: PurchaseOrder | None = None,
    note: str = "",
) -> StockDocument:
    """Number a stock document and record its movements. Call inside `database.atomic()`:
    the caller's other writes (purchase lines, receipt lines) commit or roll back with it."""
    if not database.in_transaction():
        raise RuntimeError("post_document must be called inside a transaction")
    seen: set[int] = set()
    for line in lines:
        if line.product.is_service:
            raise InvalidValue("error.service_no_stock", sku=line.product.sku)
        if line.product.id in seen:
            raise InvalidValue("error.duplicate_item", sku=line.product.sku)
        seen.add(line.product.id)
    if not allow_negative:
        check_not_negative(warehouse, lines)
    issued_on = issued_on or clock.today()
    document = StockDocument.create(
        number=next_number(PREFIX_BY_KIND[kind], issued_on.year),
        kind=kind,
        warehouse=warehouse,
        issued_on=issued_on,
        created_at=clock.now(),
        supplier=supplier,
        purchase_order=purchase_order,
        note=note,
    )
    if not lines:
        return document
    StockMovement.insert_many(
        [
            {
                "document": document.id,
                "product": line.product.id,
                "warehouse": warehouse.id,
                "quantity": line.quantity,
                "unit_price": line.unit_price,
            }
            for line in lines
        ]
    ).execute()
    return document


def check_not_negative(warehouse: Warehouse, lines: Sequence[MovementLine]) -> None:
    """Refuse the document if any decrease would leave the product below zero."""
    decreases = [line for line in lines if line.quantity < 0]
    if not decreases:
        return
    current = physical_stock_by_product((line.product.id for line in decreases), warehouse.id)
    for line in decreases:
        result = current[line.product.id] + line.quantity
        if result < 0:
            raise StockWouldGoNegative(
                "error.stock_negative",
                sku=line.product.sku,
                warehouse=warehouse.code,
                current=plain(current[line.product.id]),
                change=plain(line.quantity),
                result=plain(result),
            )


@dataclass(frozen=True)
class MovementEntry:
    number: str
    kind: str
    issued_on: date
    warehouse: str
    sku: str
    quantity: Decimal
    balance: Decimal
    note: str


def movement_history(code: str, warehouse_code: str | None = None) -> list[MovementEntry]:
    """A product's movements in document order, with the running balance per warehouse."""
    product = product_by_code(code)
    query = (
        StockMovement.select(
            StockDocument.number,
            StockDocument.kind,
            StockDocument.issued_on,
            Warehouse.code,
            StockMovement.quantity,
            StockDocument.note,
        )
        .join(StockDocument)
        .switch(StockMovement)
        .join(Warehouse)
        .where(StockMovement.product == product.id)
        .order_by(StockMovement.id)
    )
    if warehouse_code:
        query = query.where(StockMovement.warehouse == warehouse_by_code(warehouse_code).id)
    balances: dict[str, Decimal] = {}
    entries = []
    # A selected QuantityField comes back already converted to a Decimal (not scaled units).
    for number, kind, issued_on, warehouse, quantity, note in query.tuples():
        balances[warehouse] = balances.get(warehouse, Decimal(0)) + quantity
        entries.append(
            MovementEntry(
                number, kind, issued_on, warehouse, product.sku, quantity, balances[warehouse], note
            )
        )
    return entries
