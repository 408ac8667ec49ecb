"""Which OPEN orders can be packed now, what to pick for a set, and what to buy for a set.

Fulfillability competes orders for the same stock: per warehouse the pool is the physical stock
(never below zero); orders are served oldest first (creation time, then number); an order that
every stock line of can be covered takes its goods from the pool, one that cannot takes nothing.
So any set of orders reported fulfillable can be packed together. Service lines never block.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from peewee import JOIN, fn

from okos_tui.core.errors import InvalidState, NotFound
from okos_tui.db import (
    Product,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    SalesOrder,
    SalesOrderLine,
    SalesOrderStatus,
    StockBalance,
    Supplier,
    database,
)
from okos_tui.db.fields import MONEY_PLACES, QUANTITY_PLACES, from_units, utc_datetime
from okos_tui.domain.stock.reservations import reserved_units, reserving_lines

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


def _physical_pools(warehouse_id: int | None) -> dict[tuple[int, int], int]:
    """Physical stock in thousandths, never below zero, per (warehouse, product), for the
    products on OPEN orders: a subquery rather than a list of ids (one SQL parameter per
    product made the query slower than the whole report)."""
    on_open_orders = reserving_lines().select(SalesOrderLine.product)
    query = StockBalance.select(
        StockBalance.warehouse, StockBalance.product, StockBalance.quantity
    ).where(StockBalance.product.in_(on_open_orders))  # one row per product and warehouse
    if warehouse_id is not None:
        query = query.where(StockBalance.warehouse == warehouse_id)
    return {(wh, product): max(0, units) for wh, product, units in database.execute(query)}


def fulfillability(warehouse_id: int | None = None) -> list[FulfillabilityRow]:
    """Every OPEN order (of one warehouse, or all), oldest first, marked fulfillable or not.

    The queries run on the raw cursor: quantities and amounts stay integer units (exact), and
    Peewee's per-row conversion, most of the time spent on 5,000 orders, is skipped."""
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
    orders = database.execute(orders_query).fetchall()

    needs: dict[int, dict[int, int]] = defaultdict(dict)  # order -> product -> units
    skus: dict[int, str] = {}
    lines_query = (
        SalesOrderLine.select(
            SalesOrderLine.order,
            SalesOrderLine.product,
            Product.sku,
            fn.SUM(SalesOrderLine.quantity),
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
    for order_id, product_id, sku, units in database.execute(lines_query):
        needs[order_id][product_id] = units
        skus[product_id] = sku

    pools = _physical_pools(warehouse_id)
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
                created=utc_datetime(created),
                customer=customer,
                gross_total=from_units(gross, MONEY_PLACES),
                currency=currency,
                warehouse_id=wh,
                fulfillable=not missing,
                missing=tuple(sorted(missing, key=lambda m: m.sku)),
            )
        )
    return rows


def _order_ids(numbers: Sequence[str], allowed: Sequence[str]) -> dict[str, int]:
    """The ids of these orders; each must exist and have one of the `allowed` statuses."""
    wanted = [n.strip() for n in numbers]
    found = {
        number: (order_id, status)
        for number, order_id, status in SalesOrder.select(
            SalesOrder.number, SalesOrder.id, SalesOrder.status
        )
        .where(SalesOrder.number.in_(wanted))
        .tuples()
    }
    for number in wanted:
        if number not in found:
            raise NotFound("error.unknown_order", number=number)
        if found[number][1] not in allowed:
            raise InvalidState(
                "error.order_status_not_allowed", number=number, status=found[number][1]
            )
    return {number: order_id for number, (order_id, _) in found.items()}


@dataclass(frozen=True)
class PickingRow:
    product_id: int
    sku: str
    name: str
    quantity: Decimal
    unit: str


def picking_summary(numbers: Sequence[str]) -> list[PickingRow]:
    """What to take off the shelves for these orders: products and quantities, no services.
    Open or invoiced orders (packing may follow invoicing); a cancelled one is refused."""
    ids = list(_order_ids(numbers, (SalesOrderStatus.OPEN, SalesOrderStatus.INVOICED)).values())
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
    ids = list(_order_ids(numbers, (SalesOrderStatus.OPEN,)).values())
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
    # Reserved and incoming over every OPEN order, kept for the products needed in Python: with
    # `product IN (...)` as well, SQLite probed each open order for each listed product (4.6 s
    # for 1,600 orders needing 2,500 products; 0.05 s without).
    reserved_outside = {
        (w, p): from_units(u, QUANTITY_PLACES)
        for w, p, u in database.execute(reserved_units(by_warehouse=True, excluding_orders=ids))
        if (w, p) in needed
    }
    incoming = {
        (w, p): from_units(u, QUANTITY_PLACES)
        for w, p, u in database.execute(
            PurchaseOrderLine.select(
                PurchaseOrder.warehouse,
                PurchaseOrderLine.product,
                fn.SUM(PurchaseOrderLine.quantity - PurchaseOrderLine.received_quantity),
            )
            .join(PurchaseOrder)
            .where(PurchaseOrder.status == PurchaseOrderStatus.OPEN)
            .group_by(PurchaseOrder.warehouse, PurchaseOrderLine.product)
        )
        if (w, p) in needed
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
