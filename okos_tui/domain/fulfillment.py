"""Which OPEN orders can be packed now, what to pick for a set, and what to buy for a set.

Fulfillability competes orders for the same stock: per warehouse the pool is the physical stock
(never below zero); orders are served oldest first (creation time, then number); an order that
every stock line of can be covered takes its goods from the pool, one that cannot takes nothing.
So any set of orders reported fulfillable can be packed together. Service lines never block.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from peewee import JOIN, fn

from ..db import (
    Product,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    SalesOrder,
    SalesOrderLine,
    SalesOrderStatus,
    StockBalance,
    Supplier,
)
from ..db.fields import MONEY_PLACES, QUANTITY_PLACES, from_units
from .errors import NotFound

ZERO = Decimal(0)


@dataclass(frozen=True)
class MissingItem:
    product_id: int
    sku: str
    quantity: Decimal


@dataclass(frozen=True)
class FulfillabilityRow:
    order_id: int
    order_number: str
    shop: str
    shop_order_id: int | None
    created: datetime
    customer: str
    gross_total: Decimal
    currency: str
    warehouse_id: int
    fulfillable: bool
    missing: tuple[MissingItem, ...]


def _physical_pools(product_ids: Iterable[int]) -> dict[tuple[int, int], Decimal]:
    """Physical stock per (warehouse, product), for the products that open orders need."""
    ids = list(set(product_ids))
    pools: dict[tuple[int, int], Decimal] = {}
    for start in range(0, len(ids), 30000):
        chunk = ids[start : start + 30000]
        rows = (
            StockBalance.select(
                StockBalance.warehouse, StockBalance.product, fn.SUM(StockBalance.quantity)
            )
            .where(StockBalance.product.in_(chunk))
            .group_by(StockBalance.warehouse, StockBalance.product)
            .tuples()
        )
        for warehouse_id, product_id, units in rows:
            pools[(warehouse_id, product_id)] = max(ZERO, from_units(units, QUANTITY_PLACES))
    return pools


def fulfillability(warehouse_id: int | None = None) -> list[FulfillabilityRow]:
    """Every OPEN order (of one warehouse, or all), oldest first, marked fulfillable or not."""
    orders_query = (
        SalesOrder.select(
            SalesOrder.id,
            SalesOrder.number,
            SalesOrder.shop,
            SalesOrder.shop_order_id,
            SalesOrder.created_at,
            SalesOrder.customer_name,
            SalesOrder.currency,
            SalesOrder.warehouse,
            fn.COALESCE(fn.SUM(SalesOrderLine.gross), 0),
        )
        .join(SalesOrderLine, JOIN.LEFT_OUTER)
        .where(SalesOrder.status == SalesOrderStatus.OPEN)
        .group_by(SalesOrder.id)
        .order_by(SalesOrder.created_at, SalesOrder.number)
    )
    if warehouse_id is not None:
        orders_query = orders_query.where(SalesOrder.warehouse == warehouse_id)
    orders = list(orders_query.tuples())

    needs: dict[int, dict[int, int]] = defaultdict(dict)  # order -> product -> units
    skus: dict[int, str] = {}
    lines_query = (
        SalesOrderLine.select(
            SalesOrderLine.order,
            SalesOrderLine.product,
            Product.sku,
            fn.SUM(SalesOrderLine.quantity),  # SUM is not converted: exact integer units
        )
        .join(SalesOrder)
        .switch(SalesOrderLine)
        .join(Product)
        .where(
            (SalesOrder.status == SalesOrderStatus.OPEN)
            & (SalesOrderLine.is_service == False)  # noqa: E712
            & (Product.is_service == False)  # noqa: E712
        )
        .group_by(SalesOrderLine.order, SalesOrderLine.product)
    )
    if warehouse_id is not None:
        lines_query = lines_query.where(SalesOrder.warehouse == warehouse_id)
    for order_id, product_id, sku, units in lines_query.tuples():
        needs[order_id][product_id] = units
        skus[product_id] = sku

    scale = 10**QUANTITY_PLACES
    pools = {key: int(value * scale) for key, value in _physical_pools(skus).items()}
    rows = []
    for order_id, number, shop, shop_order_id, created, customer, currency, wh, gross in orders:
        need = needs.get(order_id, {})
        missing = []
        for product_id, units in need.items():
            left = pools.get((wh, product_id), 0)
            if units > left:
                missing.append(
                    MissingItem(
                        product_id, skus[product_id], from_units(units - left, QUANTITY_PLACES)
                    )
                )
        if not missing:
            for product_id, units in need.items():
                pools[(wh, product_id)] = pools.get((wh, product_id), 0) - units
        rows.append(
            FulfillabilityRow(
                order_id=order_id,
                order_number=number,
                shop=shop or "",
                shop_order_id=shop_order_id,
                created=created,
                customer=customer,
                gross_total=from_units(gross, MONEY_PLACES),
                currency=currency,
                warehouse_id=wh,
                fulfillable=not missing,
                missing=tuple(sorted(missing, key=lambda m: m.sku)),
            )
        )
    return rows


def _order_ids(numbers: Sequence[str]) -> dict[str, int]:
    wanted = [n.strip() for n in numbers]
    found = dict(
        SalesOrder.select(SalesOrder.number, SalesOrder.id)
        .where(SalesOrder.number.in_(wanted))
        .tuples()
    )
    for number in wanted:
        if number not in found:
            raise NotFound("error.unknown_order", number=number)
    return found


@dataclass(frozen=True)
class PickingRow:
    product_id: int
    sku: str
    name: str
    quantity: Decimal
    unit: str


def picking_summary(numbers: Sequence[str]) -> list[PickingRow]:
    """What to take off the shelves for these orders: products and quantities, no services."""
    ids = list(_order_ids(numbers).values())
    query = (
        SalesOrderLine.select(
            Product.id, Product.sku, Product.name, fn.SUM(SalesOrderLine.quantity), Product.unit
        )
        .join(Product)
        .where(
            SalesOrderLine.order.in_(ids)
            & (SalesOrderLine.is_service == False)  # noqa: E712
            & (Product.is_service == False)  # noqa: E712
        )
        .group_by(Product.id)
        .order_by(Product.sku)
    )
    return [
        PickingRow(pid, sku, name, from_units(units, QUANTITY_PLACES), unit)
        for pid, sku, name, units, unit in query.tuples()
    ]


@dataclass(frozen=True)
class ProcurementRow:
    product_id: int
    sku: str
    name: str
    needed: Decimal
    available: Decimal
    incoming: Decimal
    to_procure: Decimal
    supplier: str
    supplier_sku: str


def procurement_list(numbers: Sequence[str]) -> list[ProcurementRow]:
    """What must be bought to fulfil these orders, per product (and per warehouse, summed):
    needed = quantity in the set; available = max(0, physical - reserved by OPEN orders outside
    the set); to_procure = max(0, needed - available - incoming)."""
    ids = list(_order_ids(numbers).values())
    needed_rows = (
        SalesOrderLine.select(
            SalesOrder.warehouse, SalesOrderLine.product, fn.SUM(SalesOrderLine.quantity)
        )
        .join(SalesOrder)
        .switch(SalesOrderLine)
        .join(Product)
        .where(
            SalesOrderLine.order.in_(ids)
            & (SalesOrderLine.is_service == False)  # noqa: E712
            & (Product.is_service == False)  # noqa: E712
        )
        .group_by(SalesOrder.warehouse, SalesOrderLine.product)
        .tuples()
    )
    needed = {(w, p): from_units(u, QUANTITY_PLACES) for w, p, u in needed_rows}
    if not needed:
        return []
    product_ids = list({p for _, p in needed})
    physical = {
        (w, p): from_units(u, QUANTITY_PLACES)
        for w, p, u in StockBalance.select(
            StockBalance.warehouse, StockBalance.product, fn.SUM(StockBalance.quantity)
        )
        .where(StockBalance.product.in_(product_ids))
        .group_by(StockBalance.warehouse, StockBalance.product)
        .tuples()
    }
    reserved_outside = {
        (w, p): from_units(u, QUANTITY_PLACES)
        for w, p, u in SalesOrderLine.select(
            SalesOrder.warehouse, SalesOrderLine.product, fn.SUM(SalesOrderLine.quantity)
        )
        .join(SalesOrder)
        .where(
            (SalesOrder.status == SalesOrderStatus.OPEN)
            & SalesOrderLine.order.not_in(ids)
            & SalesOrderLine.product.in_(product_ids)
        )
        .group_by(SalesOrder.warehouse, SalesOrderLine.product)
        .tuples()
    }
    incoming = {
        (w, p): from_units(u, QUANTITY_PLACES)
        for w, p, u in PurchaseOrderLine.select(
            PurchaseOrder.warehouse,
            PurchaseOrderLine.product,
            fn.SUM(PurchaseOrderLine.quantity - PurchaseOrderLine.received_quantity),
        )
        .join(PurchaseOrder)
        .where(
            (PurchaseOrder.status == PurchaseOrderStatus.OPEN)
            & PurchaseOrderLine.product.in_(product_ids)
        )
        .group_by(PurchaseOrder.warehouse, PurchaseOrderLine.product)
        .tuples()
    }
    totals: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, ZERO, ZERO])
    for key, need in needed.items():
        available = max(ZERO, physical.get(key, ZERO) - reserved_outside.get(key, ZERO))
        arriving = incoming.get(key, ZERO)
        figures = totals[key[1]]
        figures[0] += need
        figures[1] += available
        figures[2] += arriving
        figures[3] += max(ZERO, need - available - arriving)
    products = {
        p.id: p
        for p in Product.select(Product, Supplier)
        .join(Supplier, JOIN.LEFT_OUTER, on=(Product.default_supplier == Supplier.id))
        .where(Product.id.in_(product_ids))
    }
    rows = [
        ProcurementRow(
            product_id=pid,
            sku=products[pid].sku,
            name=products[pid].name,
            needed=f[0],
            available=f[1],
            incoming=f[2],
            to_procure=f[3],
            supplier=products[pid].default_supplier.name if products[pid].default_supplier else "",
            supplier_sku=products[pid].supplier_sku,
        )
        for pid, f in totals.items()
    ]
    return sorted(rows, key=lambda r: r.sku)
