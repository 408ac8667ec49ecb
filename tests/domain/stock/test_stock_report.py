"""The stock analysis: physical, reserved, free, minimum, incoming and to_procure per product."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from okos_tui.core.errors import NotFound
from okos_tui.db import (
    Product,
    ProductWarehouse,
    SalesOrder,
    SalesOrderLine,
    SalesOrderStatus,
    Supplier,
    Warehouse,
)
from okos_tui.domain.purchasing import create_purchase_order
from okos_tui.domain.stock.documents import ItemInput, adjust_stock, receive_goods
from okos_tui.domain.stock.report import StockRow, stock_report


def reserve(product: Product, warehouse: str, quantity: str, status=SalesOrderStatus.OPEN):
    """A sales order line written straight to the tables (sales orders come with issue 3)."""
    number = f"R-{SalesOrder.select().count() + 1:04d}"
    now = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
    order = SalesOrder.create(
        number=number,
        status=status,
        created_at=now,
        updated_at=now,
        warehouse=Warehouse.get(Warehouse.code == warehouse),
    )
    SalesOrderLine.create(
        order=order,
        position=1,
        product=product,
        name=product.name,
        quantity=Decimal(quantity),
        unit_net=product.net_price,
        vat_rate=product.vat_rate,
        net=0,
        vat=0,
        gross=0,
    )


def set_minimum(product: Product, warehouse: str, quantity: str) -> None:
    ProductWarehouse.create(
        product=product,
        warehouse=Warehouse.get(Warehouse.code == warehouse),
        min_stock=Decimal(quantity),
    )


def by_sku(rows: list[StockRow]) -> dict[str, StockRow]:
    return {row.sku: row for row in rows}


@pytest.fixture
def scenario(catalog):
    """BOG-01: MAIN 10 physical, 3 reserved, min 12, 4 incoming; SHOP 2 physical, 5 reserved,
    min 1. TEA-01: only an open purchase in SHOP. LIS-01: 1.5 kg in MAIN, min 2.25 there."""
    bogre, flour = catalog["BOG-01"], catalog["LIS-01"]
    supplier = Supplier.create(name="Kerámia Kft.")
    Product.update(default_supplier=supplier, supplier_sku="KU-1").where(
        Product.id == bogre.id
    ).execute()
    receive_goods("MAIN", [ItemInput("BOG-01", "12"), ItemInput("LIS-01", "1.5")])
    adjust_stock("MAIN", [ItemInput("BOG-01", "-2")])
    receive_goods("SHOP", [ItemInput("BOG-01", "2")])
    reserve(bogre, "MAIN", "3")
    reserve(bogre, "SHOP", "5")
    reserve(bogre, "MAIN", "100", status=SalesOrderStatus.INVOICED)  # not a reservation
    reserve(bogre, "MAIN", "100", status=SalesOrderStatus.CANCELLED)
    set_minimum(bogre, "MAIN", "12")
    set_minimum(bogre, "SHOP", "1")
    set_minimum(flour, "MAIN", "2.25")
    create_purchase_order("Kerámia Kft.", "MAIN", [ItemInput("BOG-01", "4")])
    create_purchase_order("Tea Kft.", "SHOP", [ItemInput("TEA-01", "6")])
    return catalog


def test_one_warehouse(scenario):
    rows = by_sku(stock_report("MAIN"))
    assert list(rows) == ["BOG-01", "LIS-01", "TEA-01"]  # ordered by SKU, no service
    bogre = rows["BOG-01"]
    assert bogre.warehouse == "MAIN"
    assert (bogre.physical, bogre.reserved, bogre.free) == (10, 3, 7)
    assert (bogre.min_stock, bogre.incoming) == (12, 4)
    assert bogre.to_procure == 1  # 12 + 3 - 10 - 4
    assert (bogre.supplier, bogre.supplier_sku) == ("Kerámia Kft.", "KU-1")
    flour = rows["LIS-01"]
    assert flour.physical == Decimal("1.5") and flour.to_procure == Decimal("0.75")
    tea = rows["TEA-01"]
    assert (tea.physical, tea.incoming, tea.to_procure) == (0, 0, 0)
    assert (tea.supplier, tea.supplier_sku) == ("", "")


def test_other_warehouse(scenario):
    rows = by_sku(stock_report("shop"))
    bogre = rows["BOG-01"]
    assert bogre.warehouse == "SHOP"
    assert (bogre.physical, bogre.reserved, bogre.free) == (2, 5, -3)
    assert (bogre.min_stock, bogre.incoming, bogre.to_procure) == (1, 0, 4)  # 1 + 5 - 2 - 0
    assert (rows["TEA-01"].incoming, rows["TEA-01"].to_procure) == (6, 0)


def test_all_warehouses_sum_every_figure(scenario):
    rows = by_sku(stock_report())
    bogre = rows["BOG-01"]
    assert bogre.warehouse == ""
    assert (bogre.physical, bogre.reserved, bogre.free) == (12, 8, 4)
    assert (bogre.min_stock, bogre.incoming) == (13, 4)
    # From the sums: 13 + 8 - 12 - 4 = 5 (equal to 1 + 4 here; the next test shows where a
    # surplus in one warehouse makes them differ).
    assert bogre.to_procure == 5
    assert rows["TEA-01"].incoming == 6
    for sku, row in rows.items():
        per_warehouse = [by_sku(stock_report(code))[sku] for code in ("MAIN", "SHOP")]
        for figure in ("physical", "reserved", "min_stock", "incoming"):
            assert getattr(row, figure) == sum(getattr(r, figure) for r in per_warehouse)


def test_all_warehouse_to_procure_uses_the_sums_not_the_sum_of_shortages(catalog):
    """Surplus in one warehouse offsets a shortage in the other in the all-warehouse figure."""
    receive_goods("MAIN", [ItemInput("TEA-01", "10")])
    set_minimum(catalog["TEA-01"], "SHOP", "4")
    assert by_sku(stock_report("SHOP"))["TEA-01"].to_procure == 4
    assert by_sku(stock_report("MAIN"))["TEA-01"].to_procure == 0
    assert by_sku(stock_report())["TEA-01"].to_procure == 0


def test_to_procure_filter(scenario):
    assert [r.sku for r in stock_report(to_procure_only=True)] == ["BOG-01", "LIS-01"]
    assert [r.sku for r in stock_report("SHOP", to_procure_only=True)] == ["BOG-01"]
    assert all(r.to_procure > 0 for r in stock_report("MAIN", to_procure_only=True))


def test_services_are_never_listed(scenario):
    assert "SZALL" not in by_sku(stock_report())
    assert "SZALL" not in by_sku(stock_report("MAIN"))


def test_products_without_any_movement_show_zeros(catalog):
    rows = stock_report()
    assert [r.sku for r in rows] == ["BOG-01", "LIS-01", "TEA-01"]
    for row in rows:
        assert (row.physical, row.reserved, row.free, row.min_stock) == (0, 0, 0, 0)
        assert (row.incoming, row.to_procure) == (0, 0)


def test_unknown_warehouse(catalog):
    with pytest.raises(NotFound):
        stock_report("BACK")


@pytest.mark.parametrize(
    "physical, reserved, minimum, incoming, expected",
    [
        ("0", "0", "0", "0", "0"),
        ("5", "0", "10", "0", "5"),
        ("5", "2", "10", "0", "7"),
        ("5", "2", "10", "3", "4"),
        ("20", "2", "10", "3", "0"),
        ("-2", "0", "0", "0", "2"),
        ("1.25", "0", "2", "0.5", "0.25"),
    ],
)
def test_formulas(physical, reserved, minimum, incoming, expected):
    row = StockRow(
        product_id=1,
        sku="X",
        name="X",
        unit="db",
        warehouse="",
        physical=Decimal(physical),
        reserved=Decimal(reserved),
        min_stock=Decimal(minimum),
        incoming=Decimal(incoming),
        supplier="",
        supplier_sku="",
    )
    assert row.free == Decimal(physical) - Decimal(reserved)
    assert row.to_procure == Decimal(expected)
