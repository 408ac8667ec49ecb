"""Készletek mennyiségi vizsgálata: physical, reserved, free, minimum, incoming and to procure
per product; the warehouse filter, "only what must be procured", the supplier columns shown
or hidden, and the CSV export written to [ui] export_dir."""

from __future__ import annotations

import csv

import pytest

from okos_tui.core import clock
from okos_tui.db import Product, ProductWarehouse, Supplier, Warehouse
from okos_tui.domain.purchasing import create_purchase_order
from okos_tui.domain.stock.documents import ItemInput
from okos_tui.ui.screens.stock import StockScreen
from okos_tui.ui.widgets.selectable_table import SelectableTable

from .helpers import (
    BASE_TIME,
    order,
    row_text,
    run,
    screen_text,
    stock,
    wait_for_text,
    wait_for_toast,
    wait_until,
)

pytestmark = pytest.mark.anyio

# at 80 columns what to buy and what is free show beside the name; the rest scrolls into view
HEADERS = ["Cikkszám", "Megnevezés", "Beszerzendő", "Szabad", "Fizikai", "Foglalt"]


@pytest.fixture
def figures(catalog) -> dict[str, str]:
    """BOG-01: 5 in MAIN (3 reserved, minimum 4) and 2 in SHOP. TEA-01: 1 in MAIN, minimum 5,
    2 on a purchase order from Teaház Kft. LIS-01: nothing at all."""
    stock({"BOG-01": "5", "TEA-01": "1"})
    stock({"BOG-01": "2"}, warehouse="SHOP")
    order("Szőke Péter", {"BOG-01": "3"})
    main = Warehouse.get(Warehouse.code == "MAIN")
    ProductWarehouse.create(product=catalog["BOG-01"], warehouse=main, min_stock=4)
    ProductWarehouse.create(product=catalog["TEA-01"], warehouse=main, min_stock=5)
    create_purchase_order("Teaház Kft.", "MAIN", [ItemInput("TEA-01", "2")])
    Product.update(
        default_supplier=Supplier.get(Supplier.name == "Teaház Kft."), supplier_sku="TH-77"
    ).where(Product.sku == "TEA-01").execute()
    return {sku: str(product.id) for sku, product in catalog.items()}


def table(app) -> SelectableTable:
    return app.screen.query_one("#stock-table", SelectableTable)


def figures_of(app, key: str) -> list[str]:
    """sku, name, to procure, free, physical, reserved, minimum, incoming[, supplier, its sku]"""
    return row_text(table(app), key)


async def open_stock(pilot) -> SelectableTable:
    await wait_until(
        pilot,
        lambda: isinstance(pilot.app.screen, StockScreen) and table(pilot.app).row_count == 3,
        what="the stock table",
    )
    return table(pilot.app)


async def test_every_figure_per_product_over_all_warehouses(make_app, figures):
    app = make_app()
    async with run(app) as pilot:
        await pilot.press("3")  # from the first screen
        await open_stock(pilot)
        bog, tea, lis = figures["BOG-01"], figures["TEA-01"], figures["LIS-01"]
        assert [row.key.value for row in table(app).ordered_rows] == [bog, lis, tea]  # by SKU
        assert figures_of(app, bog) == [
            "BOG-01",
            "Bögre, mázas",
            "0",
            "4",
            "7",
            "3",
            "4",
            "0",
            "",
            "",
        ]
        assert figures_of(app, tea) == [
            "TEA-01", "Gyümölcstea", "2", "1", "1", "0", "5", "2", "Teaház Kft.", "TH-77",
        ]  # fmt: skip
        assert figures_of(app, lis)[2:8] == ["0", "0", "0", "0", "0", "0"]
        text = screen_text(app)
        assert "Raktár: minden raktár" in text and "(3)" in text
        header = next(line for line in text.splitlines() if "Cikkszám" in line)
        assert header.split()[:6] == HEADERS


async def test_warehouse_filter_and_only_what_must_be_procured(make_app, figures):
    app = make_app(mode="stock")
    async with run(app) as pilot:
        rows = await open_stock(pilot)
        bog, tea = figures["BOG-01"], figures["TEA-01"]
        await pilot.press("w")
        await wait_until(pilot, lambda: "Raktár: MAIN" in screen_text(app), what="MAIN")
        await wait_until(pilot, lambda: figures_of(app, bog)[2:8] == ["2", "2", "5", "3", "4", "0"])
        await pilot.press("t")
        await wait_until(pilot, lambda: rows.row_count == 2, what="only to procure in MAIN")
        assert {row.key.value for row in rows.ordered_rows} == {bog, tea}
        await wait_for_text(pilot, "[Csak beszerzendő]")
        await pilot.press("w")
        await wait_until(pilot, lambda: "Raktár: SHOP" in screen_text(app), what="SHOP")
        await wait_until(pilot, lambda: rows.row_count == 0, what="nothing to buy for SHOP")
        await pilot.press("w")  # all warehouses: BOG-01's shortfall in MAIN is covered by SHOP
        await wait_until(pilot, lambda: "minden raktár" in screen_text(app))
        await wait_until(pilot, lambda: [r.key.value for r in rows.ordered_rows] == [tea])
        await pilot.press("t")
        await wait_until(pilot, lambda: rows.row_count == 3, what="every product again")


async def test_supplier_columns_hide_and_show(make_app, figures):
    app = make_app(mode="stock")
    async with run(app) as pilot:
        rows = await open_stock(pilot)
        tea = figures["TEA-01"]
        titles = lambda: [str(column.label) for column in rows.ordered_columns]  # noqa: E731
        assert titles()[-2:] == ["Szállító", "Szállítói cikkszám"]
        await pilot.press("o")
        await wait_until(pilot, lambda: "Szállító" not in titles() and rows.row_count == 3)
        assert len(figures_of(app, tea)) == 8
        await pilot.press("o")
        await wait_until(pilot, lambda: "Szállító" in titles() and rows.row_count == 3)
        await wait_until(pilot, lambda: figures_of(app, tea)[-2:] == ["Teaház Kft.", "TH-77"])


async def test_csv_export_writes_what_is_shown_to_the_export_dir(make_app, figures, ui_config):
    app = make_app(mode="stock")
    async with run(app) as pilot:
        await open_stock(pilot)
        await pilot.press("t")
        await wait_until(pilot, lambda: table(app).row_count == 1, what="only TEA-01")
        await pilot.press("x")
        await wait_for_toast(pilot, "Exportálva")
        (path,) = ui_config.ui.export_dir.glob("*.csv")
        assert path.name.startswith("keszlet-")
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert rows == [
            {
                "sku": "TEA-01",
                "name": "Gyümölcstea",
                "warehouse": "",
                "physical": "1",
                "reserved": "0",
                "free": "1",
                "min_stock": "5",
                "incoming": "2",
                "to_procure": "2",
                "supplier": "Teaház Kft.",
                "supplier_sku": "TH-77",
            }
        ]


async def test_two_exports_in_the_same_second_keep_both(make_app, figures, ui_config, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: BASE_TIME)
    app = make_app(mode="stock")
    async with run(app) as pilot:
        await open_stock(pilot)
        await pilot.press("x")
        await wait_until(pilot, lambda: len(list(ui_config.ui.export_dir.glob("*.csv"))) == 1)
        await pilot.press("t")
        await wait_until(pilot, lambda: table(app).row_count == 1, what="only TEA-01")
        await pilot.press("x")
        await wait_until(pilot, lambda: len(list(ui_config.ui.export_dir.glob("*.csv"))) == 2)
        sizes = sorted(len(p.read_text().splitlines()) for p in ui_config.ui.export_dir.iterdir())
        assert sizes == [2, 4]  # the header and one product; the header and all three
        names = sorted(p.name for p in ui_config.ui.export_dir.iterdir())
        assert names == ["keszlet-20260302-090000-2.csv", "keszlet-20260302-090000.csv"]
