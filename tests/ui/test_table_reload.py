"""The stock and orders screens reload without rebuilding: their cells are made in the load's
worker thread and only for rows that changed (a goods receipt changes only that product's
cells, a cancelled order only its status); the cursor stays on its row; the filters and the
search work while a long list is still filling."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from textual.widgets import Input

from okos_tui.db import Product, ProductWarehouse, SalesOrder, SalesOrderStatus, VatRate, Warehouse
from okos_tui.domain.sales.orders import cancel_order, list_orders
from okos_tui.domain.stock.report import stock_report
from okos_tui.ui.screens.orders import LIMIT, OrdersScreen
from okos_tui.ui.screens.stock import StockScreen
from okos_tui.ui.widgets.selectable_table import FIRST_SLICE, SelectableTable

from .helpers import (
    BASE_TIME,
    order,
    row_text,
    run,
    settle,
    stock,
    table_keys,
    wait_for_text,
    wait_until,
)

pytestmark = pytest.mark.anyio


def spy_on_cells(
    monkeypatch, screen: type, name: Callable[[object], str]
) -> list[tuple[str, bool]]:
    """Every row `screen._make` makes cells for: (its name, made on the UI thread)."""
    calls: list[tuple[str, bool]] = []
    make = screen._make

    def spy(record, *args):
        calls.append((name(record), threading.current_thread() is threading.main_thread()))
        return make(record, *args)

    monkeypatch.setattr(screen, "_make", staticmethod(spy))
    return calls


@pytest.fixture
def stock_made(monkeypatch) -> list[tuple[str, bool]]:
    return spy_on_cells(monkeypatch, StockScreen, lambda row: row.sku)


@pytest.fixture
def orders_made(monkeypatch) -> list[tuple[str, bool]]:
    return spy_on_cells(monkeypatch, OrdersScreen, lambda summary: summary.number)


# -- the stock screen -----------------------------------------------------------------------
PRODUCTS = 2000  # products: twenty slices to fill, long enough to press keys meanwhile


def stock_table(app) -> SelectableTable:
    return app.screen.query_one("#stock-table", SelectableTable)


@pytest.fixture
def many_products(catalog) -> list[str]:
    """PRODUCTS more products (P-0000...), every tenth with a minimum stock in MAIN; the keys of
    those that must be procured, in the report's order (by SKU)."""
    vat = VatRate.get(VatRate.code == "27%")
    rows = [
        dict(sku=f"P-{n:04d}", name=f"Termék {n}", vat_rate=vat, net_price=Decimal(100))
        for n in range(PRODUCTS)
    ]
    for start in range(0, len(rows), 200):
        Product.insert_many(rows[start : start + 200]).execute()
    main = Warehouse.get(Warehouse.code == "MAIN")
    minimums = [
        dict(product=product, warehouse=main, min_stock=Decimal(3))
        for product in Product.select().where(Product.sku.startswith("P-")).order_by(Product.sku)
    ][::10]
    ProductWarehouse.insert_many(minimums).execute()
    return [str(row.product_id) for row in stock_report(to_procure_only=True)]


async def on_stock(
    pilot, condition: Callable[[SelectableTable], object], what: str
) -> SelectableTable:
    """Wait for the stock screen, its table meeting `condition`."""
    app = pilot.app
    await wait_until(
        pilot,
        lambda: isinstance(app.screen, StockScreen) and condition(stock_table(app)),
        what=what,
    )
    return stock_table(app)


async def open_stock(pilot, rows: int) -> SelectableTable:
    return await on_stock(
        pilot, lambda table: table.row_count == rows and not table.filling, "every stock row"
    )


async def test_a_goods_receipt_changes_only_that_products_cells(make_app, catalog, stock_made):
    stock({"BOG-01": "5", "TEA-01": "1"})
    bog, tea, lis = (str(catalog[sku].id) for sku in ("BOG-01", "TEA-01", "LIS-01"))
    app = make_app(mode="stock")
    async with run(app) as pilot:
        rows = await open_stock(pilot, 3)
        assert table_keys(rows) == [bog, lis, tea]
        assert sorted(stock_made) == [("BOG-01", False), ("LIS-01", False), ("TEA-01", False)]
        await pilot.press("down", "down")
        assert rows.current_key == tea
        before = {key: rows.get_row(key) for key in (bog, lis, tea)}
        updated: list[tuple[str, str]] = []
        added: list[str] = []
        update_cell, add_row = rows.update_cell, rows.add_row
        rows.update_cell = lambda key, column, *a, **k: (  # type: ignore[method-assign]
            updated.append((key, column)),
            update_cell(key, column, *a, **k),
        )
        rows.add_row = lambda *a, **k: (added.append(k["key"]), add_row(*a, **k))  # type: ignore[method-assign]
        stock_made.clear()

        stock({"BOG-01": "4"})  # a goods receipt: BOG-01's physical and free stock change
        app.data_changed()
        await wait_until(pilot, lambda: row_text(rows, bog)[4] == "9", what="BOG-01's receipt")
        assert stock_made == [("BOG-01", False)]  # in the worker, for the changed product only
        assert sorted(updated) == [(bog, "free"), (bog, "physical")]
        assert added == []
        assert row_text(rows, bog)[2:5] == ["0", "9", "9"]  # to procure, free, physical
        for key in (lis, tea):  # the very same cells
            assert all(a is b for a, b in zip(rows.get_row(key), before[key], strict=True))
        assert rows.current_key == tea and table_keys(rows) == [bog, lis, tea]

        app.data_changed()  # nothing changed: nothing made, nothing touched
        await settle(pilot)
        assert stock_made == [("BOG-01", False)] and len(updated) == 2


async def test_the_supplier_columns_remake_every_row_in_the_worker(make_app, catalog, stock_made):
    app = make_app(mode="stock")
    async with run(app) as pilot:
        rows = await open_stock(pilot, 3)
        stock_made.clear()
        await pilot.press("o")
        await wait_until(pilot, lambda: rows.row_count == 3 and len(rows.ordered_columns) == 8)
        assert sorted(stock_made) == [("BOG-01", False), ("LIS-01", False), ("TEA-01", False)]
        assert all(len(row_text(rows, key)) == 8 for key in table_keys(rows))


async def test_a_long_list_shows_its_first_rows_while_the_rest_are_made(
    make_app, many_products, stock_made
):
    app = make_app(mode="stock")
    async with run(app) as pilot:
        first = await on_stock(pilot, lambda table: table.row_count, "the first rows")
        assert first.row_count >= FIRST_SLICE
        rows = await open_stock(pilot, PRODUCTS + 3)
        assert not any(on_ui for _, on_ui in stock_made)
        assert table_keys(rows) == [str(row.product_id) for row in stock_report()]


async def test_the_filters_work_while_the_rows_are_filling(make_app, many_products):
    app = make_app(mode="stock")
    async with run(app) as pilot:
        rows = await on_stock(pilot, lambda table: table.filling, "the rows being added")
        await pilot.press("down", "down")
        await pilot.press("t")  # only what must be procured, before every row is in
        await wait_until(
            pilot,
            lambda: table_keys(rows) == many_products and not rows.filling,
            what="only what must be procured",
        )
        await pilot.press("t", "w")  # everything again, and MAIN while it is being added
        await wait_for_text(pilot, "Raktár: MAIN")
        main = [str(row.product_id) for row in stock_report("MAIN")]
        await wait_until(
            pilot,
            lambda: table_keys(rows) == main and not rows.filling,
            what="every product of MAIN",
        )
        assert rows.current_key in main


# -- the orders screen ----------------------------------------------------------------------
ORDERS = 1500  # orders: fifteen slices to fill, long enough to press keys meanwhile


def orders_table(app) -> SelectableTable:
    return app.screen.query_one("#orders-table", SelectableTable)


@pytest.fixture
def three(catalog) -> list[str]:
    stock({"BOG-01": "10"})
    numbers = [
        order(name, {"BOG-01": "1"}, minutes=minutes).number
        for name, minutes in (("Szőke Péter", 0), ("Kovács Anna", 5), ("Nagy Ödön", 10))
    ]
    return numbers[::-1]  # newest first, as listed


@pytest.fixture
def many_orders(catalog) -> None:
    """ORDERS orders copied from one (every third cancelled), written in bulk."""
    first = order("Minta Vevő", {"BOG-01": "1"})
    fields = {k: v for k, v in first.__data__.items() if k != "id"}
    rows = [
        dict(
            fields,
            number=f"T-2026-{n:06d}",
            customer_name=f"Vevő {n}",
            created_at=BASE_TIME + timedelta(minutes=n + 1),
            status=SalesOrderStatus.CANCELLED if n % 3 == 0 else SalesOrderStatus.OPEN,
        )
        for n in range(ORDERS)
    ]
    for start in range(0, len(rows), 100):
        SalesOrder.insert_many(rows[start : start + 100]).execute()


def listed(status: str | None = None, search: str = "") -> list[str]:
    return [o.number for o in list_orders(status, limit=LIMIT, search=search)]


async def test_a_changed_order_changes_only_its_cells_and_the_cursor_stays(
    make_app, three, orders_made
):
    newest, middle, oldest = three
    app = make_app(mode="orders")
    async with run(app) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, OrdersScreen))
        table = orders_table(app)
        await wait_until(pilot, lambda: table_keys(table) == three, what="three orders")
        assert sorted(orders_made) == sorted((number, False) for number in three)
        await pilot.press("down")
        assert table.current_key == middle
        before = {key: table.get_row(key) for key in three}
        updated: list[tuple[str, str]] = []
        update_cell = table.update_cell
        table.update_cell = lambda key, column, *a, **k: (  # type: ignore[method-assign]
            updated.append((key, column)),
            update_cell(key, column, *a, **k),
        )
        orders_made.clear()

        cancel_order(oldest)
        app.data_changed()
        await wait_until(pilot, lambda: row_text(table, oldest)[1] == "Törölt", what="cancelled")
        assert orders_made == [(oldest, False)]  # in the worker, for the changed order only
        assert updated == [(oldest, "status")]
        for key in (newest, middle):  # the very same cells
            assert all(a is b for a, b in zip(table.get_row(key), before[key], strict=True))
        assert table.current_key == middle

        # a new order comes first: the cursor stays on its order, a row further down
        fourth = order("Kiss Béla", {"BOG-01": "1"}, minutes=20).number
        app.data_changed()
        await wait_until(pilot, lambda: table_keys(table) == [fourth, *three], what="new order")
        assert orders_made[1:] == [(fourth, False)]
        assert table.current_key == middle and table.cursor_row == 2


async def test_search_and_status_filter_work_while_the_rows_are_filling(
    make_app, many_orders, orders_made
):
    app = make_app(mode="orders")
    async with run(app) as pilot:
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, OrdersScreen) and orders_table(app).filling,
            what="the rows being added",
        )
        table = orders_table(app)
        await pilot.press("down", "down", "slash", *"vevő 12")  # before every row is in
        assert isinstance(app.focused, Input)
        found = listed(search="vevő 12")
        assert 100 < len(found) < 200  # 12, 120-129, 1200-1299
        await wait_until(
            pilot, lambda: table_keys(table) == found and not table.filling, what="the search"
        )
        await pilot.press("enter", "down")
        assert app.focused is table
        current = table.current_key
        assert current == found[1]

        app.screen.query_one("#search", Input).value = ""  # every order again: 1,400 to add
        await wait_until(pilot, lambda: table.filling, what="every order being added")
        await pilot.press("f")  # open orders only, before every row is in
        opened = listed(SalesOrderStatus.OPEN)
        await wait_until(
            pilot, lambda: table_keys(table) == opened and not table.filling, what="open only"
        )
        assert current in opened and table.current_key == current
        assert not any(on_ui for _, on_ui in orders_made)
