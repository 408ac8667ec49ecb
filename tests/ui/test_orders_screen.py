"""Megrendelések: every order with its number, shop order number, date, customer, total and
status; search, the status filter, Enter opens the order."""

from __future__ import annotations

import sqlite3

import pytest
from textual.widgets import Input

from okos_tui.db import SalesOrder
from okos_tui.domain.sales.orders import cancel_order
from okos_tui.ui.screens.order_detail import OrderDetailScreen
from okos_tui.ui.screens.orders import OrdersScreen
from okos_tui.ui.widgets.selectable_table import SelectableTable

from .helpers import (
    money,
    order,
    row_text,
    run,
    screen_text,
    stock,
    table_keys,
    wait_for_text,
    wait_until,
)

pytestmark = pytest.mark.anyio


def orders_table(app) -> SelectableTable:
    return app.screen.query_one("#orders-table", SelectableTable)


@pytest.fixture
def three_orders(catalog) -> list[str]:
    stock({"BOG-01": "10"})
    first = order("Szőke Péter", {"BOG-01": "2"}, email="peter@example.hu")
    second = order("Kovács Anna", {"BOG-01": "1", "TEA-01": "1"}, minutes=5)
    third = order("Nagy Ödön", {"BOG-01": "3"}, minutes=10, shop="webshop", shop_order_id=4711)
    return [first.number, second.number, third.number]


async def open_orders(pilot) -> SelectableTable:
    """The app started on the orders list (or its key was pressed): wait for the rows."""
    await wait_until(
        pilot,
        lambda: isinstance(pilot.app.screen, OrdersScreen) and orders_table(pilot.app).row_count,
        what="the orders list",
    )
    return orders_table(pilot.app)


async def test_every_order_shows_number_shop_number_date_customer_total_status(
    make_app, three_orders
):
    first, second, third = three_orders
    app = make_app()
    async with run(app) as pilot:
        await pilot.press("1")  # from the first screen, Teljesíthető rendelések
        table = await open_orders(pilot)
        assert table_keys(table) == [third, second, first]  # newest first
        assert row_text(table, third) == [
            third,
            "Nyitott",
            "2026.03.02. 09:10",  # 08:10 UTC in Budapest
            "Nagy Ödön",
            money(3 * 1270),
            "4711",
        ]
        assert row_text(table, first)[3:5] == ["Szőke Péter", money(2540)]
        text = screen_text(app)
        for header in ("Szám", "Státusz", "Létrehozva", "Vevő", "Bruttó"):
            assert header in text
        assert "Szőke Péter" in text and "Nagy Ödön" in text


async def test_all_columns_and_the_main_keys_fit_in_80_columns(make_app, three_orders):
    order("Fűzfa Éva Krisztina Borbála", {"BOG-01": "5"}, minutes=20, shop_order_id=123456)
    app = make_app(mode="orders")
    async with run(app) as pilot:
        await open_orders(pilot)
        await wait_for_text(pilot, "123456")
        lines = screen_text(app).splitlines()
        header = next(line for line in lines if "Státusz" in line and "Vevő" in line)
        for title in ("Szám", "Létrehozva", "Bruttó", "Webshop"):
            assert f" {title}" in header, (title, header)
        row = next(line for line in lines if "123456" in line)
        # the day (the time is in the detail), a long name with an ellipsis, the money whole
        assert "2026.03.02. " in row and "Fűzfa Éva Krisz…" in row
        assert f"{money(5 * 1270)}  123456" in row
        assert lines[-1].startswith("/ Keresés f Státusz ") and lines[-1].endswith(" f1 Súgó")


async def test_search_narrows_the_list_and_enter_goes_back_to_the_table(make_app, three_orders):
    first, second, third = three_orders
    app = make_app(mode="orders")
    async with run(app) as pilot:
        table = await open_orders(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"szőke")
        await wait_until(pilot, lambda: table_keys(table) == [first], what="search by name")
        await pilot.press("enter")
        assert app.focused is table
        # digits and letters typed into the search are text, not screen or filter keys
        await pilot.press("slash", *["backspace"] * 5, *second[-6:], "f")
        await wait_until(pilot, lambda: table_keys(table) == [], what="no order ends in f")
        await pilot.press("backspace")
        await wait_until(pilot, lambda: table_keys(table) == [second], what="search by number")
        assert isinstance(app.screen, OrdersScreen) and "Státusz: Mind" in screen_text(app)
        await pilot.press("enter")
        # the shop's order number and the e-mail are searched too
        app.screen.query_one("#search", Input).value = "4711"
        await wait_until(pilot, lambda: table_keys(table) == [third], what="search by shop no.")
        app.screen.query_one("#search", Input).value = "peter@example"
        await wait_until(pilot, lambda: table_keys(table) == [first], what="search by e-mail")
        app.screen.query_one("#search", Input).value = ""
        await wait_until(pilot, lambda: len(table_keys(table)) == 3, what="search cleared")


async def test_status_filter_cycles_all_open_invoiced_cancelled(make_app, three_orders):
    first, second, third = three_orders
    cancel_order(second)
    app = make_app(mode="orders")
    async with run(app) as pilot:
        table = await open_orders(pilot)
        assert "Státusz: Mind" in screen_text(app)
        await pilot.press("f")
        await wait_until(pilot, lambda: table_keys(table) == [third, first], what="open only")
        await wait_for_text(pilot, "Státusz: Nyitott")
        await pilot.press("f")
        await wait_until(pilot, lambda: table_keys(table) == [], what="invoiced only")
        await wait_for_text(pilot, "Státusz: Számlázott")
        await pilot.press("f")
        await wait_until(pilot, lambda: table_keys(table) == [second], what="cancelled only")
        assert row_text(table, second)[1] == "Törölt"
        await pilot.press("f")
        await wait_until(pilot, lambda: len(table_keys(table)) == 3, what="all again")


async def test_enter_opens_the_order_under_the_cursor_and_escape_comes_back(make_app, three_orders):
    second = three_orders[1]
    app = make_app(mode="orders")
    async with run(app) as pilot:
        table = await open_orders(pilot)
        await pilot.press("down")
        assert table.current_key == second
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, OrderDetailScreen))
        await wait_until(pilot, lambda: "Kovács Anna" in screen_text(app), what="the detail")
        assert app.screen.number == second
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, OrdersScreen))
        assert orders_table(app).current_key == second


async def test_a_new_order_written_elsewhere_appears_without_a_key(make_app, three_orders):
    """Another process (or the CLI) adds an order: the data_version poll reloads the list."""
    app = make_app(mode="orders")
    async with run(app) as pilot:
        table = await open_orders(pilot)
        await pilot.press("down")
        current = table.current_key
        # a write through a second connection, like another process's
        connection = sqlite3.connect(app.backoffice.config.database_path)
        connection.execute(
            "UPDATE sales_order SET customer_name = 'Kiss Béla' WHERE number = ?", (current,)
        )
        connection.commit()
        connection.close()
        await wait_until(
            pilot, lambda: row_text(table, current)[3] == "Kiss Béla", timeout=6, what="reload"
        )
        assert table.current_key == current
        assert SalesOrder.get(SalesOrder.number == current).customer_name == "Kiss Béla"
