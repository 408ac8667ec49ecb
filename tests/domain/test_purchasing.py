"""Purchase orders: incoming until received; partial and full receipts; closing; refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from okos_tui.core.errors import InvalidState, InvalidValue, NotFound
from okos_tui.db import (
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    StockDocumentKind,
    Warehouse,
)
from okos_tui.domain.purchasing import (
    close_purchase_order,
    create_purchase_order,
    list_purchase_orders,
    receive_purchase_order,
)
from okos_tui.domain.stock.documents import ItemInput
from okos_tui.domain.stock.ledger import physical_stock
from okos_tui.domain.stock.report import stock_report


def incoming(sku: str, warehouse: str | None = None) -> Decimal:
    return next(r.incoming for r in stock_report(warehouse) if r.sku == sku)


def stock(product, code: str = "MAIN") -> Decimal:
    return physical_stock(product.id, Warehouse.get(Warehouse.code == code).id)


@pytest.fixture
def order(catalog) -> PurchaseOrder:
    return create_purchase_order(
        "Kerámia Kft.",
        "MAIN",
        [ItemInput("BOG-01", "10", "590,5"), ItemInput("LIS-01", "2.5")],
        note="sürgős",
    )


def test_create_records_lines_and_makes_stock_incoming(order, catalog):
    assert order.number.startswith("SZM-") and order.number.endswith("-000001")
    assert order.status == PurchaseOrderStatus.OPEN
    assert order.supplier.name == "Kerámia Kft."
    lines = {line.product.sku: line for line in order.lines}
    assert lines["BOG-01"].quantity == 10 and lines["BOG-01"].unit_price == Decimal("590.5")
    assert lines["LIS-01"].unit_price == Decimal("450")  # the product's purchase price
    assert [line.position for line in order.lines.order_by(PurchaseOrderLine.position)] == [1, 2]
    assert incoming("BOG-01") == 10
    assert incoming("BOG-01", "MAIN") == 10
    assert incoming("BOG-01", "SHOP") == 0
    assert incoming("LIS-01") == Decimal("2.5")
    assert stock(catalog["BOG-01"]) == 0


def test_partial_then_full_receipt(order, catalog):
    first = receive_purchase_order(order.number, [ItemInput("BOG-01", "4")])
    assert first.kind == StockDocumentKind.PURCHASE_RECEIPT
    assert first.purchase_order_id == order.id
    assert first.supplier_id == order.supplier_id
    assert [(m.product.sku, m.quantity, m.unit_price) for m in first.movements] == [
        ("BOG-01", 4, Decimal("590.5"))
    ]
    assert PurchaseOrder.get_by_id(order.id).status == PurchaseOrderStatus.OPEN
    assert incoming("BOG-01") == 6 and stock(catalog["BOG-01"]) == 4

    rest = receive_purchase_order(order.number)  # everything still expected
    assert sorted((m.product.sku, m.quantity) for m in rest.movements) == [
        ("BOG-01", 6),
        ("LIS-01", Decimal("2.5")),
    ]
    assert PurchaseOrder.get_by_id(order.id).status == PurchaseOrderStatus.RECEIVED
    assert incoming("BOG-01") == 0 and incoming("LIS-01") == 0
    assert stock(catalog["BOG-01"]) == 10 and stock(catalog["LIS-01"]) == Decimal("2.5")


def test_receiving_every_line_exactly_closes_it_as_received(order):
    receive_purchase_order(order.number, [ItemInput("BOG-01", "10"), ItemInput("LIS-01", "2.5")])
    assert PurchaseOrder.get_by_id(order.id).status == PurchaseOrderStatus.RECEIVED


def test_receipt_goes_to_the_orders_warehouse(catalog):
    shop_order = create_purchase_order("Tea Kft.", "SHOP", [ItemInput("TEA-01", "3")])
    receive_purchase_order(shop_order.number)
    assert stock(catalog["TEA-01"], "SHOP") == 3
    assert stock(catalog["TEA-01"], "MAIN") == 0


def test_over_receipt_is_refused_and_changes_nothing(order, db_path, dump):
    receive_purchase_order(order.number, [ItemInput("BOG-01", "8")])
    before = dump(db_path)
    with pytest.raises(InvalidValue) as failure:
        receive_purchase_order(order.number, [ItemInput("LIS-01", "1"), ItemInput("BOG-01", "3")])
    assert failure.value.key == "error.over_receipt"
    assert "BOG-01" in str(failure.value) and "2" in str(failure.value)
    assert dump(db_path) == before


@pytest.mark.parametrize("finish", ["close", "receive"])
def test_a_finished_order_cannot_be_received(order, db_path, dump, finish):
    if finish == "close":
        close_purchase_order(order.number)
    else:
        receive_purchase_order(order.number)
    before = dump(db_path)
    with pytest.raises(InvalidState):
        receive_purchase_order(order.number, [ItemInput("BOG-01", "1")])
    with pytest.raises(InvalidState):
        receive_purchase_order(order.number)
    with pytest.raises(InvalidState):
        close_purchase_order(order.number)
    assert dump(db_path) == before


def test_closing_drops_what_was_not_received_from_incoming(order, catalog):
    receive_purchase_order(order.number, [ItemInput("BOG-01", "3")])
    closed = close_purchase_order(order.number)
    assert closed.status == PurchaseOrderStatus.CLOSED
    assert incoming("BOG-01") == 0 and incoming("LIS-01") == 0
    assert stock(catalog["BOG-01"]) == 3


BAD_RECEIPTS = {
    "not on the order": [ItemInput("TEA-01", "1")],
    "unknown product": [ItemInput("NOPE", "1")],
    "zero": [ItemInput("BOG-01", "0")],
    "negative": [ItemInput("BOG-01", "-1")],
    "non-numeric": [ItemInput("BOG-01", "tíz")],
    "twice": [ItemInput("BOG-01", "1"), ItemInput("BOG-01", "1")],
    "over": [ItemInput("LIS-01", "2.501")],
}


@pytest.mark.parametrize("items", BAD_RECEIPTS.values(), ids=BAD_RECEIPTS.keys())
def test_bad_receipts_change_nothing(order, db_path, dump, items):
    before = dump(db_path)
    with pytest.raises((InvalidValue, NotFound)):
        receive_purchase_order(order.number, items)
    assert dump(db_path) == before


def test_unknown_order_number(order, db_path, dump):
    before = dump(db_path)
    with pytest.raises(NotFound):
        receive_purchase_order("SZM-1999-000001")
    with pytest.raises(NotFound):
        close_purchase_order("nope")
    assert dump(db_path) == before


BAD_ORDERS = {
    "no items": ("MAIN", []),
    "unknown warehouse": ("BACK", [ItemInput("BOG-01", "1")]),
    "unknown product": ("MAIN", [ItemInput("BOG-01", "1"), ItemInput("NOPE", "1")]),
    "service": ("MAIN", [ItemInput("SZALL", "1")]),
    "zero": ("MAIN", [ItemInput("BOG-01", "0")]),
    "negative": ("MAIN", [ItemInput("BOG-01", "-3")]),
    "non-numeric price": ("MAIN", [ItemInput("BOG-01", "1", "ingyen")]),
    "duplicate": ("MAIN", [ItemInput("BOG-01", "1"), ItemInput("5998877100035", "2")]),
}


@pytest.mark.parametrize("warehouse, items", BAD_ORDERS.values(), ids=BAD_ORDERS.keys())
def test_bad_orders_change_nothing(catalog, db_path, dump, warehouse, items):
    before = dump(db_path)
    with pytest.raises((InvalidValue, NotFound)):
        create_purchase_order("Új Szállító Kft.", warehouse, items)
    assert dump(db_path) == before  # not even the new supplier


def test_list_shows_remaining_only_while_open(order, catalog):
    second = create_purchase_order("Tea Kft.", "SHOP", [ItemInput("TEA-01", "5")])
    receive_purchase_order(order.number, [ItemInput("BOG-01", "4")])
    close_purchase_order(second.number)
    rows = {row.number: row for row in list_purchase_orders()}
    first_row = rows[order.number]
    assert (first_row.ordered, first_row.received, first_row.remaining) == (
        Decimal("12.5"),
        Decimal(4),
        Decimal("8.5"),
    )
    assert first_row.warehouse == "MAIN" and first_row.supplier == "Kerámia Kft."
    assert rows[second.number].remaining == 0
    assert [r.number for r in list_purchase_orders("closed")] == [second.number]
    assert [r.number for r in list_purchase_orders("open")] == [order.number]
