"""Goods receipts, stock adjustments and inventory counts: documents that only move stock."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from okos_tui.core.errors import InvalidValue
from okos_tui.core.values import parse_money, parse_quantity
from okos_tui.db import StockDocument, StockDocumentKind, database
from okos_tui.domain.catalog.lookup import product_by_code, supplier_by_name, warehouse_by_code
from okos_tui.domain.stock.ledger import MovementLine, physical_stock_by_product, post_document


@dataclass(frozen=True)
class ItemInput:
    """One line as the user gave it: a product code (SKU or GTIN), a quantity, maybe a price."""

    code: str
    quantity: str | Decimal
    price: str | Decimal | None = None


def _require_items(items: Sequence[ItemInput]) -> None:
    if not items:
        raise InvalidValue("error.required", field="items")


def receive_goods(
    warehouse_code: str,
    items: Sequence[ItemInput],
    *,
    supplier_name: str | None = None,
    note: str = "",
    allow_negative: bool = False,
) -> StockDocument:
    """A goods receipt from a supplier without a purchase order ("bevételezés")."""
    _require_items(items)
    with database.atomic():
        warehouse = warehouse_by_code(warehouse_code)
        supplier = supplier_by_name(supplier_name, create=True) if supplier_name else None
        lines = [
            MovementLine(
                product=product_by_code(item.code),
                quantity=parse_quantity(item.quantity, f"{item.code} quantity", allow_zero=False),
                unit_price=None
                if item.price is None
                else parse_money(item.price, f"{item.code} price"),
            )
            for item in items
        ]
        return post_document(
            StockDocumentKind.GOODS_RECEIPT,
            warehouse,
            lines,
            allow_negative=allow_negative,
            supplier=supplier,
            note=note,
        )


def adjust_stock(
    warehouse_code: str,
    items: Sequence[ItemInput],
    *,
    note: str = "",
    allow_negative: bool = False,
) -> StockDocument:
    """A stock adjustment ("készletkorrekció"): signed changes, e.g. -2 for breakage."""
    _require_items(items)
    with database.atomic():
        warehouse = warehouse_by_code(warehouse_code)
        lines = [
            MovementLine(
                product=product_by_code(item.code),
                quantity=parse_quantity(
                    item.quantity, f"{item.code} quantity", allow_negative=True, allow_zero=False
                ),
            )
            for item in items
        ]
        return post_document(
            StockDocumentKind.ADJUSTMENT,
            warehouse,
            lines,
            allow_negative=allow_negative,
            note=note,
        )


def count_inventory(
    warehouse_code: str,
    items: Sequence[ItemInput],
    *,
    note: str = "",
) -> StockDocument | None:
    """An inventory count ("leltár"): each counted quantity becomes the physical stock.

    The document records the differences; with nothing different no document is made (None).
    A count can never make stock negative, so `allow_negative` does not apply.
    """
    _require_items(items)
    with database.atomic():
        warehouse = warehouse_by_code(warehouse_code)
        counted = [
            (product_by_code(item.code), parse_quantity(item.quantity, f"{item.code} quantity"))
            for item in items
        ]
        current = physical_stock_by_product((p.id for p, _ in counted), warehouse.id)
        lines = [
            MovementLine(product=product, quantity=quantity - current[product.id])
            for product, quantity in counted
            if quantity != current[product.id]
        ]
        if not lines:
            return None
        return post_document(
            StockDocumentKind.INVENTORY, warehouse, lines, allow_negative=True, note=note
        )
