"""Goods receipts, adjustments and inventory counts: the movements they record, what they refuse."""

from __future__ import annotations

from decimal import Decimal

import pytest

from okos_tui.core.errors import DomainError, InvalidValue, NotFound, StockWouldGoNegative
from okos_tui.db import (
    Product,
    StockDocument,
    StockDocumentKind,
    StockMovement,
    Supplier,
    Warehouse,
)
from okos_tui.domain.stock.documents import (
    ItemInput,
    adjust_stock,
    count_inventory,
    receive_goods,
)
from okos_tui.domain.stock.ledger import movement_history, physical_stock


def stock(product, code: str = "MAIN") -> Decimal:
    return physical_stock(product.id, Warehouse.get(Warehouse.code == code).id)


def test_goods_receipt_records_one_movement_per_line(catalog):
    document = receive_goods(
        "MAIN",
        [ItemInput("BOG-01", "12", "1 500,5"), ItemInput("LIS-01", "2,125")],
        supplier_name="Kerámia Kft.",
        note="szállítólevél 42",
    )
    assert document.kind == StockDocumentKind.GOODS_RECEIPT
    assert document.number.startswith("BEV-")
    assert document.supplier.name == "Kerámia Kft."
    assert document.note == "szállítólevél 42"
    movements = {m.product.sku: m for m in document.movements}
    assert movements["BOG-01"].quantity == Decimal("12")
    assert movements["BOG-01"].unit_price == Decimal("1500.5")
    assert movements["LIS-01"].quantity == Decimal("2.125")
    assert movements["LIS-01"].unit_price is None
    assert all(m.warehouse.code == "MAIN" for m in movements.values())
    assert stock(catalog["LIS-01"]) == Decimal("2.125")
    assert stock(catalog["BOG-01"], "SHOP") == 0


def test_receipt_finds_products_by_gtin_and_warehouses_case_insensitively(catalog):
    receive_goods("shop", [ItemInput("5998877100035", "3")])
    assert stock(catalog["BOG-01"], "SHOP") == 3


def test_supplier_is_created_once(catalog):
    receive_goods("MAIN", [ItemInput("BOG-01", "1")], supplier_name="Új Beszállító Bt.")
    receive_goods("MAIN", [ItemInput("BOG-01", "1")], supplier_name="Új Beszállító Bt.")
    assert Supplier.select().where(Supplier.name == "Új Beszállító Bt.").count() == 1


def test_adjustment_adds_and_removes(catalog):
    receive_goods("MAIN", [ItemInput("BOG-01", "10")])
    document = adjust_stock(
        "MAIN", [ItemInput("BOG-01", "-2"), ItemInput("TEA-01", "+4")], note="törés"
    )
    assert document.kind == StockDocumentKind.ADJUSTMENT
    assert document.number.startswith("KOR-")
    assert stock(catalog["BOG-01"]) == 8
    assert stock(catalog["TEA-01"]) == 4


def test_adjustment_that_would_go_negative_is_refused(catalog, db_path, dump):
    receive_goods("MAIN", [ItemInput("BOG-01", "3"), ItemInput("TEA-01", "1")])
    before = dump(db_path)
    with pytest.raises(StockWouldGoNegative) as failure:
        adjust_stock("MAIN", [ItemInput("TEA-01", "-1"), ItemInput("BOG-01", "-3.001")])
    assert failure.value.params["sku"] == "BOG-01"
    assert "BOG-01" in str(failure.value) and "MAIN" in str(failure.value)
    assert dump(db_path) == before


def test_stock_in_another_warehouse_does_not_count(catalog, db_path, dump):
    receive_goods("SHOP", [ItemInput("BOG-01", "5")])
    before = dump(db_path)
    with pytest.raises(StockWouldGoNegative):
        adjust_stock("MAIN", [ItemInput("BOG-01", "-1")])
    assert dump(db_path) == before


def test_negative_stock_allowed_when_configured(catalog):
    adjust_stock("MAIN", [ItemInput("BOG-01", "-2")], allow_negative=True)
    assert stock(catalog["BOG-01"]) == -2


def test_going_down_to_exactly_zero_is_fine(catalog):
    receive_goods("MAIN", [ItemInput("LIS-01", "1.5")])
    adjust_stock("MAIN", [ItemInput("LIS-01", "-1,5")])
    assert stock(catalog["LIS-01"]) == 0


BAD_ITEMS = {
    "zero receipt": (receive_goods, [ItemInput("BOG-01", "0")], InvalidValue),
    "negative receipt": (receive_goods, [ItemInput("BOG-01", "-1")], InvalidValue),
    "non-numeric": (receive_goods, [ItemInput("BOG-01", "sok")], InvalidValue),
    "too precise": (receive_goods, [ItemInput("BOG-01", "1.0001")], InvalidValue),
    "bad price": (receive_goods, [ItemInput("BOG-01", "1", "olcsó")], InvalidValue),
    "negative price": (receive_goods, [ItemInput("BOG-01", "1", "-5")], InvalidValue),
    "empty quantity": (receive_goods, [ItemInput("BOG-01", " ")], InvalidValue),
    "infinite": (receive_goods, [ItemInput("BOG-01", "Infinity")], InvalidValue),
    "nan": (receive_goods, [ItemInput("BOG-01", "NaN")], InvalidValue),
    "huge": (receive_goods, [ItemInput("BOG-01", "1e15")], InvalidValue),
    "unknown product": (receive_goods, [ItemInput("NOPE", "1")], NotFound),
    "service": (receive_goods, [ItemInput("SZALL", "1")], InvalidValue),
    "duplicate line": (
        receive_goods,
        [ItemInput("BOG-01", "1"), ItemInput("5998877100035", "1")],
        InvalidValue,
    ),
    "bad second line": (
        receive_goods,
        [ItemInput("BOG-01", "1"), ItemInput("TEA-01", "x")],
        InvalidValue,
    ),
    "no items": (receive_goods, [], InvalidValue),
    "zero adjustment": (adjust_stock, [ItemInput("BOG-01", "0")], InvalidValue),
    "non-numeric adjustment": (adjust_stock, [ItemInput("BOG-01", "+")], InvalidValue),
    "negative count": (count_inventory, [ItemInput("BOG-01", "-1")], InvalidValue),
    "count of a service": (count_inventory, [ItemInput("SZALL", "2")], InvalidValue),
    "unknown product count": (count_inventory, [ItemInput("NOPE", "2")], NotFound),
}


@pytest.mark.parametrize("operation, items, error", BAD_ITEMS.values(), ids=BAD_ITEMS.keys())
def test_bad_lines_are_refused_and_change_nothing(catalog, db_path, dump, operation, items, error):
    receive_goods("MAIN", [ItemInput("BOG-01", "5")])
    before = dump(db_path)
    with pytest.raises(error):
        operation("MAIN", items)
    assert dump(db_path) == before


@pytest.mark.parametrize("operation", [receive_goods, adjust_stock, count_inventory])
def test_unknown_warehouse_is_refused(catalog, db_path, dump, operation):
    before = dump(db_path)
    with pytest.raises(NotFound) as failure:
        operation("BACK", [ItemInput("BOG-01", "1")])
    assert "BACK" in str(failure.value)
    assert dump(db_path) == before


def test_inactive_warehouse_is_not_silently_used(catalog, db_path, dump):
    """A warehouse removed from okos.toml stays (documents refer to it) but inactive."""
    Warehouse.update(active=False).where(Warehouse.code == "SHOP").execute()
    before = dump(db_path)
    with pytest.raises(DomainError):
        receive_goods("SHOP", [ItemInput("BOG-01", "1")])
    assert dump(db_path) == before


def test_count_sets_the_counted_quantity(catalog):
    receive_goods("MAIN", [ItemInput("BOG-01", "10"), ItemInput("LIS-01", "2")])
    document = count_inventory(
        "MAIN",
        [ItemInput("BOG-01", "7"), ItemInput("LIS-01", "2.250"), ItemInput("TEA-01", "3")],
    )
    assert document.kind == StockDocumentKind.INVENTORY
    assert document.number.startswith("LEL-")
    changes = {m.product.sku: m.quantity for m in document.movements}
    assert changes == {"BOG-01": Decimal(-3), "LIS-01": Decimal("0.25"), "TEA-01": Decimal(3)}
    assert stock(catalog["BOG-01"]) == 7
    assert stock(catalog["LIS-01"]) == Decimal("2.25")
    assert stock(catalog["TEA-01"]) == 3


def test_count_leaves_unchanged_lines_out(catalog):
    receive_goods("MAIN", [ItemInput("BOG-01", "10"), ItemInput("TEA-01", "4")])
    document = count_inventory("MAIN", [ItemInput("BOG-01", "10"), ItemInput("TEA-01", "0")])
    assert [(m.product.sku, m.quantity) for m in document.movements] == [("TEA-01", -4)]


def test_count_with_no_difference_makes_no_document(catalog, db_path, dump):
    receive_goods("MAIN", [ItemInput("BOG-01", "10")])
    before = dump(db_path)
    assert count_inventory("MAIN", [ItemInput("BOG-01", "10"), ItemInput("TEA-01", "0")]) is None
    assert dump(db_path) == before


def test_count_repairs_negative_stock(catalog):
    adjust_stock("MAIN", [ItemInput("BOG-01", "-4")], allow_negative=True)
    count_inventory("MAIN", [ItemInput("BOG-01", "1")])
    assert stock(catalog["BOG-01"]) == 1


def test_count_only_touches_its_warehouse(catalog):
    receive_goods("SHOP", [ItemInput("BOG-01", "6")])
    count_inventory("MAIN", [ItemInput("BOG-01", "2")])
    assert stock(catalog["BOG-01"], "SHOP") == 6
    assert stock(catalog["BOG-01"], "MAIN") == 2


def test_movement_history_has_running_balances(catalog):
    receive_goods("MAIN", [ItemInput("BOG-01", "10")])
    receive_goods("SHOP", [ItemInput("BOG-01", "1")])
    adjust_stock("MAIN", [ItemInput("BOG-01", "-3")])
    count_inventory("MAIN", [ItemInput("BOG-01", "5")])
    history = movement_history("BOG-01")
    assert [(e.warehouse, e.quantity, e.balance) for e in history] == [
        ("MAIN", 10, 10),
        ("SHOP", 1, 1),
        ("MAIN", -3, 7),
        ("MAIN", -2, 5),
    ]
    assert [e.kind for e in movement_history("BOG-01", "SHOP")] == ["goods_receipt"]


def test_every_movement_belongs_to_a_document_in_its_warehouse(catalog):
    receive_goods("MAIN", [ItemInput("BOG-01", "10"), ItemInput("TEA-01", "1")])
    adjust_stock("SHOP", [ItemInput("TEA-01", "2")])
    for movement in StockMovement.select():
        assert movement.document.warehouse_id == movement.warehouse_id
    assert StockDocument.select().count() == 2


def test_a_barcode_shared_by_two_products_is_refused(catalog, db_path, dump):
    """A scanner's GTIN must name one product; two products with it is an error, not a guess."""
    Product.update(gtin="5998877100011").where(Product.sku.in_(["BOG-01", "LIS-01"])).execute()
    before = dump(db_path)
    with pytest.raises(DomainError) as failure:
        receive_goods("MAIN", [ItemInput("5998877100011", "1")])
    assert "5998877100011" in str(failure.value)
    assert dump(db_path) == before
