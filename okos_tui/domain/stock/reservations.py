"""What open orders reserve, and what is free: the one definition every report, the
fulfillability check and the shop push share.

An OPEN sales order reserves the quantity of each of its lines that names a product, in the
order's warehouse, until it is invoiced or cancelled. Free stock is physical minus reserved.
Quantities here are integer thousandths (the columns' units), summed exactly in SQL.
"""

from __future__ import annotations

from collections.abc import Sequence

from peewee import Select, fn

from okos_tui.core.values import QUANTITY_PLACES
from okos_tui.db import SalesOrder, SalesOrderLine, SalesOrderStatus, StockBalance, Warehouse

UNIT = 10**QUANTITY_PLACES


def reserving_lines() -> Select:
    """The lines of OPEN orders that reserve stock (they name a product): select what you need
    from them, e.g. `reserving_lines().select(SalesOrderLine.product)`."""
    return (
        SalesOrderLine.select()
        .join(SalesOrder)
        .where((SalesOrder.status == SalesOrderStatus.OPEN) & SalesOrderLine.product.is_null(False))
    )


def reserved_units(
    *,
    by_warehouse: bool = False,
    warehouse_ids: Sequence[int] | None = None,
    product_ids: Sequence[int] | None = None,
    excluding_orders: Sequence[int] = (),
) -> Select:
    """Rows (product_id[, warehouse_id], units): what OPEN orders reserve, per product (and per
    warehouse with `by_warehouse`), in the given warehouses and for the given products only (all
    when None), leaving out the orders `excluding_orders` (a set being checked against the rest).
    Usable as a subquery (`.alias(...)`, columns `product_id`, `warehouse_id`, `units`)."""
    columns = [SalesOrderLine.product.alias("product_id")]
    group = [SalesOrderLine.product]
    if by_warehouse:
        columns.insert(0, SalesOrder.warehouse.alias("warehouse_id"))
        group.insert(0, SalesOrder.warehouse)
    query = (
        reserving_lines()
        .select(*columns, fn.SUM(SalesOrderLine.quantity).alias("units"))
        .group_by(*group)
    )
    if warehouse_ids is not None:
        ids = list(warehouse_ids)  # one warehouse: "=", which the planner knows best
        query = query.where(
            SalesOrder.warehouse == ids[0] if len(ids) == 1 else SalesOrder.warehouse.in_(ids)
        )
    if product_ids is not None:
        query = query.where(SalesOrderLine.product.in_(list(product_ids)))
    if excluding_orders:
        query = query.where(SalesOrderLine.order.not_in(list(excluding_orders)))
    return query


def free_units(product_ids: Sequence[int], warehouse_codes: Sequence[str] = ()) -> dict[int, int]:
    """Free stock (physical - reserved) in thousandths per product, summed over the warehouses
    named (every warehouse when none are); it can be negative."""
    warehouses = Warehouse.select(Warehouse.id)
    if warehouse_codes:
        warehouses = warehouses.where(Warehouse.code.in_(list(warehouse_codes)))
    warehouse_ids = [w.id for w in warehouses]
    ids = list(product_ids)
    physical = dict(
        StockBalance.select(StockBalance.product, fn.SUM(StockBalance.quantity))
        .where(StockBalance.product.in_(ids) & StockBalance.warehouse.in_(warehouse_ids))
        .group_by(StockBalance.product)
        .tuples()
    )
    reserved = dict(reserved_units(warehouse_ids=warehouse_ids, product_ids=ids).tuples())
    return {pid: int(physical.get(pid) or 0) - int(reserved.get(pid) or 0) for pid in ids}
