"""Snapshots of the main screens at 80x24 (pytest-textual-snapshot): what a person sees, kept as
SVG files in __snapshots__/test_snapshots/. Fixed data, a frozen clock and a sync status with
fixed times, so the same screen comes out on every run.

A change to a screen fails these tests on purpose: look at the report (snapshot_report.html),
and when the new screen is right, accept it with
`.venv/bin/python -m pytest tests/ui/test_snapshots.py --snapshot-update`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from pytest_textual_snapshot import SVGImageExtension
from textual.pilot import Pilot
from textual.widgets import DataTable

from okos_tui.core import clock
from okos_tui.db import Product, ProductWarehouse, Supplier, Warehouse
from okos_tui.domain.invoicing import cart_add, issue_invoice
from okos_tui.services.sync.service import NavServiceStatus, ShopStatus
from okos_tui.ui.screens.cart import CartScreen
from okos_tui.ui.screens.fulfillable import FulfillableScreen
from okos_tui.ui.screens.help import HelpScreen
from okos_tui.ui.screens.order_detail import OrderDetailScreen
from okos_tui.ui.screens.order_edit import OrderEditScreen
from okos_tui.ui.screens.orders import OrdersScreen
from okos_tui.ui.screens.stock import StockScreen
from okos_tui.ui.screens.table_view import TableViewScreen
from okos_tui.ui.widgets.selectable_table import SelectableTable

from .helpers import BASE_TIME, SIZE, columns_laid_out, order, settle, stock, wait_until

# syrupy 5+ reads `file_extension` (pytest-textual-snapshot 1.0.0 sets the old `_file_extension`):
# keep the snapshots as .svg files that a browser or an image viewer opens.
SVGImageExtension.file_extension = "svg"

NOW = BASE_TIME + timedelta(hours=2)  # 2026-03-02 10:00 UTC, 11:00 in Budapest


class FrozenSync:
    """Stands in for SyncService: one shop, last and next run at fixed times, never runs."""

    def status(self) -> list[ShopStatus]:
        return [
            ShopStatus(
                shop="webshop",
                last_run=NOW - timedelta(minutes=3),
                next_run=NOW + timedelta(minutes=2),
                last_imported=3,
            )
        ]

    def nav_status(self) -> NavServiceStatus:
        return NavServiceStatus()  # no [nav]: nothing reported, nothing shown

    def subscribe(self, listener: object) -> Callable[[], None]:
        return lambda: None

    def start(self) -> None:
        pass

    def stop(self, timeout: float = 10.0) -> None:
        pass

    def sync_now(self, shop: str | None = None) -> None:
        pass


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: NOW)


@pytest.fixture
def shop_data(catalog: dict[str, Product], frozen_clock: None) -> dict[str, str]:
    """Six open orders, some of which the stock cannot cover, and two invoiced ones."""
    supplier = Supplier.create(name="Kerámia és Üveg Kft.")
    Product.update(default_supplier=supplier, supplier_sku="KU-1001").where(
        Product.sku == "BOG-01"
    ).execute()
    main = Warehouse.get(Warehouse.code == "MAIN")
    ProductWarehouse.create(product=catalog["BOG-01"], warehouse=main, min_stock=Decimal(5))
    ProductWarehouse.create(product=catalog["TEA-01"], warehouse=main, min_stock=Decimal(2))
    stock({"BOG-01": "10", "TEA-01": "4", "LIS-01": "2.5"})
    numbers = {
        "peter": order(
            "Szőke Péter", {"BOG-01": "2", "SZALL": "1"}, email="peter@example.hu"
        ).number,
        "anna": order(
            "Kovács Anna",
            {"BOG-01": "1", "TEA-01": "2"},
            minutes=5,
            shop="webshop",
            shop_order_id=104711,
        ).number,
        "odon": order("Nagy Ödön", {"BOG-01": "3", "LIS-01": "1.5"}, minutes=10).number,
        "eva": order("Fűzfa Éva Krisztina Borbála", {"TEA-01": "5"}, minutes=15).number,
        "gyula": order("Hosszú Gyula", {"LIS-01": "4", "BOG-01": "6"}, minutes=20).number,
        "zita": order("Őri Zita", {"BOG-01": "1"}, minutes=25, email="zita@example.hu").number,
        "bela": order("Kiss Béla", {"BOG-01": "1", "SZALL": "1"}, minutes=30).number,
        "rita": order("Tóth Rita", {"TEA-01": "1"}, minutes=35).number,
    }
    return numbers


def make(make_app) -> object:
    return make_app(sync_service=FrozenSync())


async def rows_shown(pilot: Pilot, screen_type: type, table_id: str) -> None:
    """Wait until `screen_type` is on screen and its table has its rows."""

    def ready() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, screen_type) and bool(screen.query_one(f"#{table_id}").row_count)

    await wait_until(pilot, ready, what=f"rows in {table_id}")
    table = pilot.app.screen.query_one(f"#{table_id}", DataTable)
    await wait_until(pilot, lambda: columns_laid_out(table), what=f"the columns of {table_id}")
    await settle(pilot)


def test_orders_list(snap_compare, make_app, shop_data) -> None:
    async def run_before(pilot: Pilot) -> None:
        await pilot.press("1")
        await rows_shown(pilot, OrdersScreen, "orders-table")

    assert snap_compare(make(make_app), terminal_size=SIZE, run_before=run_before)


def test_fulfillable_with_a_selection(snap_compare, make_app, shop_data) -> None:
    async def run_before(pilot: Pilot) -> None:
        await rows_shown(pilot, FulfillableScreen, "fulfil-table")
        await pilot.press("f")  # select all fulfillable
        table = pilot.app.screen.query_one(SelectableTable)
        await wait_until(pilot, lambda: len(table.selected) > 0, what="the selection")
        await pilot.press("down", "down", "down", "space")  # and one that is not

    assert snap_compare(make(make_app), terminal_size=SIZE, run_before=run_before)


def test_stock_analysis(snap_compare, make_app, shop_data) -> None:
    async def run_before(pilot: Pilot) -> None:
        await pilot.press("3")
        await rows_shown(pilot, StockScreen, "stock-table")

    assert snap_compare(make(make_app), terminal_size=SIZE, run_before=run_before)


def test_invoice_cart(snap_compare, make_app, shop_data) -> None:
    app = make(make_app)
    invoice = issue_invoice(shop_data["peter"], app.backoffice.invoice_settings)
    assert invoice.number
    cart_add([shop_data["anna"], shop_data["zita"], shop_data["bela"]])

    async def run_before(pilot: Pilot) -> None:
        await pilot.press("4")
        await rows_shown(pilot, CartScreen, "cart-table")
        await rows_shown(pilot, CartScreen, "invoices-table")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare, make_app, shop_data) -> None:
    async def run_before(pilot: Pilot) -> None:
        await rows_shown(pilot, FulfillableScreen, "fulfil-table")
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen), what="help")

    assert snap_compare(make(make_app), terminal_size=SIZE, run_before=run_before)


def test_order_detail(snap_compare, make_app, shop_data) -> None:
    async def run_before(pilot: Pilot) -> None:
        pilot.app.push_screen(OrderDetailScreen(shop_data["odon"]))
        await rows_shown(pilot, OrderDetailScreen, "lines")

    assert snap_compare(make(make_app), terminal_size=SIZE, run_before=run_before)


def test_procurement_list(snap_compare, make_app, shop_data) -> None:
    async def run_before(pilot: Pilot) -> None:
        await rows_shown(pilot, FulfillableScreen, "fulfil-table")
        await pilot.press("a", "b")  # everything open: what must be bought for it
        await rows_shown(pilot, TableViewScreen, "table-view-table")

    assert snap_compare(make(make_app), terminal_size=SIZE, run_before=run_before)


def test_order_edit(snap_compare, make_app, shop_data) -> None:
    async def run_before(pilot: Pilot) -> None:
        pilot.app.push_screen(OrderDetailScreen(shop_data["odon"]))
        await rows_shown(pilot, OrderDetailScreen, "lines")
        await pilot.press("e")
        await wait_until(
            pilot,
            lambda: (
                isinstance(pilot.app.screen, OrderEditScreen)
                and bool(pilot.app.screen.query(".qty"))
            ),
            what="the edit dialog",
        )
        await settle(pilot)

    assert snap_compare(make(make_app), terminal_size=SIZE, run_before=run_before)
