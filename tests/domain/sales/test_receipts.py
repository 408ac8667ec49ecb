"""Retail receipts: gross prices, VAT taken out of the gross, stock leaves at once."""

from __future__ import annotations

from decimal import Decimal

import pytest

from okos_tui.core.errors import InvalidValue, NotFound, StockWouldGoNegative
from okos_tui.db import RetailReceiptLine, StockDocumentKind, Warehouse
from okos_tui.domain.sales.receipts import create_retail_receipt, gross_unit_price
from okos_tui.domain.stock.documents import ItemInput, receive_goods
from okos_tui.domain.stock.ledger import physical_stock


def stock(product, code: str = "MAIN") -> Decimal:
    return physical_stock(product.id, Warehouse.get(Warehouse.code == code).id)


@pytest.fixture
def stocked(catalog):
    receive_goods("MAIN", [ItemInput("BOG-01", "5"), ItemInput("TEA-01", "3")])
    receive_goods("SHOP", [ItemInput("LIS-01", "2")])
    return catalog


def test_gross_unit_price_rounds_to_whole_forints():
    assert gross_unit_price(Decimal("1000"), Decimal("27")) == Decimal("1270")
    assert gross_unit_price(Decimal("952.38"), Decimal("5")) == Decimal("1000")
    assert gross_unit_price(Decimal("3149.61"), Decimal("27")) == Decimal("4000")
    assert gross_unit_price(Decimal("0.5"), Decimal("0")) == Decimal("1")  # half up


def test_receipt_at_list_price(stocked):
    receipt = create_retail_receipt(
        "MAIN", [ItemInput("BOG-01", "2"), ItemInput("TEA-01", "1")], payment_method="CARD"
    )
    assert receipt.number.startswith("NYU-")
    assert receipt.number == receipt.document.number
    assert receipt.document.kind == StockDocumentKind.RETAIL_RECEIPT
    assert receipt.payment_method.code == "CARD"
    lines = {line.product.sku: line for line in receipt.lines}
    assert lines["BOG-01"].unit_gross == 1270 and lines["BOG-01"].gross == 2540
    assert lines["BOG-01"].net == 2000 and lines["BOG-01"].vat == 540
    assert lines["TEA-01"].gross == 1000 and lines["TEA-01"].net == 952
    assert receipt.gross_total == 3540
    assert receipt.rounding == 0  # by card: no rounding
    assert receipt.net_total + receipt.vat_total == receipt.gross_total
    assert stock(stocked["BOG-01"]) == 3 and stock(stocked["TEA-01"]) == 2
    assert {(m.product.sku, m.quantity) for m in receipt.document.movements} == {
        ("BOG-01", -2),
        ("TEA-01", -1),
    }


def test_receipt_with_given_gross_price_and_fractional_quantity(stocked):
    receipt = create_retail_receipt("SHOP", [ItemInput("LIS-01", "1,5", "999")])
    line = receipt.lines.get()
    assert line.unit_gross == 999
    assert line.gross == 1499
    # paid in cash (the default): 1499 Ft is paid as 1500, the VAT stays that of 1499
    assert (receipt.gross_total, receipt.rounding, receipt.payable) == (1499, 1, 1500)
    assert line.net + line.vat == line.gross
    assert line.unit == "kg"
    assert stock(stocked["LIS-01"], "SHOP") == Decimal("0.5")


def test_service_lines_are_sold_but_move_no_stock(stocked):
    receipt = create_retail_receipt("MAIN", [ItemInput("BOG-01", "1"), ItemInput("SZALL", "1")])
    assert RetailReceiptLine.select().where(RetailReceiptLine.receipt == receipt.id).count() == 2
    assert [m.product.sku for m in receipt.document.movements] == ["BOG-01"]
    assert receipt.gross_total == 1270 + 1905
    assert (receipt.rounding, receipt.payable) == (0, 3175)  # already ends in 5


def test_selling_more_than_the_stock_is_refused(stocked, db_path, dump):
    before = dump(db_path)
    with pytest.raises(StockWouldGoNegative):
        create_retail_receipt("MAIN", [ItemInput("TEA-01", "1"), ItemInput("BOG-01", "6")])
    with pytest.raises(StockWouldGoNegative):
        create_retail_receipt("SHOP", [ItemInput("BOG-01", "1")])
    assert dump(db_path) == before


def test_selling_into_negative_when_allowed(stocked):
    create_retail_receipt("MAIN", [ItemInput("BOG-01", "7")], allow_negative=True)
    assert stock(stocked["BOG-01"]) == -2


BAD = {
    "unknown payment": ("MAIN", [ItemInput("BOG-01", "1")], "Bitcoin", NotFound),
    "unknown warehouse": ("BACK", [ItemInput("BOG-01", "1")], "Készpénz", NotFound),
    "unknown product": ("MAIN", [ItemInput("NOPE", "1")], "Készpénz", NotFound),
    "zero quantity": ("MAIN", [ItemInput("BOG-01", "0")], "Készpénz", InvalidValue),
    "negative quantity": ("MAIN", [ItemInput("BOG-01", "-1")], "Készpénz", InvalidValue),
    "bad price": ("MAIN", [ItemInput("BOG-01", "1", "1,2,3")], "Készpénz", InvalidValue),
    "duplicate": (
        "MAIN",
        [ItemInput("BOG-01", "1"), ItemInput("BOG-01", "1")],
        "Készpénz",
        InvalidValue,
    ),
    "no items": ("MAIN", [], "Készpénz", InvalidValue),
}


@pytest.mark.parametrize("warehouse, items, payment, error", BAD.values(), ids=BAD.keys())
def test_bad_receipts_change_nothing(stocked, db_path, dump, warehouse, items, payment, error):
    before = dump(db_path)
    with pytest.raises(error):
        create_retail_receipt(warehouse, items, payment_method=payment)
    assert dump(db_path) == before
