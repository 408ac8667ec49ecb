"""Teljesíthető rendelések: OPEN orders only, each fulfillable or not with what is missing;
keyboard multi-select with the count and total always on screen; for the selection: picking
summary, packing PDF (printed when [ui] print_command is set), to cart, procurement list."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader
from textual.widgets import DataTable

from okos_tui.db import CartItem, SalesOrder
from okos_tui.domain.invoicing import issue_invoice
from okos_tui.domain.sales.orders import cancel_order
from okos_tui.services.settings import invoice_settings
from okos_tui.ui.screens.fulfillable import FulfillableScreen
from okos_tui.ui.screens.order_detail import OrderDetailScreen
from okos_tui.ui.screens.table_view import TableViewScreen
from okos_tui.ui.widgets.selectable_table import MARK, SelectableTable

from .helpers import (
    External,
    money,
    order,
    row_text,
    run,
    screen_text,
    settle,
    stock,
    table_keys,
    wait_for_text,
    wait_for_toast,
    wait_until,
)

pytestmark = pytest.mark.anyio

A, B, C, D, E = (f"R-2026-00000{n}" for n in range(1, 6))
GROSS = {A: 2540, B: 3540, C: 3810, D: 1000, E: 840}


@pytest.fixture
def orders(catalog, ui_config) -> dict[str, str]:
    """Oldest first: A and B fit, C wants more mugs than are left, D takes the last tea box,
    E wants flour there is none of. An invoiced and a cancelled order are not listed."""
    stock({"BOG-01": "5", "TEA-01": "2"})
    made = [
        order("Szőke Péter", {"BOG-01": "2"}),
        order("Kovács Anna", {"BOG-01": "2", "TEA-01": "1"}, minutes=1),
        order("Nagy Ödön", {"BOG-01": "3"}, minutes=2),
        order("Kiss Éva", {"TEA-01": "1"}, minutes=3),
        order("Tóth Gábor", {"LIS-01": "1"}, minutes=4),
    ]
    assert [o.number for o in made] == [A, B, C, D, E]
    invoiced = order("Számlázott Béla", {"TEA-01": "1"}, minutes=5)
    stock({"TEA-01": "1"})
    issue_invoice(invoiced.number, invoice_settings(ui_config))
    cancel_order(order("Törölt Teri", {"BOG-01": "1"}, minutes=6).number)
    return {o.number: o.customer_name for o in made}


def footer(app) -> str:
    return screen_text(app).splitlines()[-1]


def table(app) -> SelectableTable:
    return app.screen.query_one("#fulfil-table", SelectableTable)


def summary(app) -> str:
    """The selection line at the bottom (a toast may share its row)."""
    return re.search(r"Kijelölve: \d+ rendelés, [\d ]+ Ft", screen_text(app)).group()


async def start(pilot) -> SelectableTable:
    await wait_until(pilot, lambda: table(pilot.app).row_count == 5, what="the open orders")
    return table(pilot.app)


def selection_line(*numbers: str) -> str:
    return f"Kijelölve: {len(numbers)} rendelés, {money(sum(GROSS[n] for n in numbers))}"


async def test_open_orders_only_each_fulfillable_or_not_with_what_is_missing(make_app, orders):
    app = make_app()
    async with run(app) as pilot:
        rows = await start(pilot)
        assert isinstance(app.screen, FulfillableScreen)
        assert table_keys(rows) == [A, B, C, D, E]
        assert [row_text(rows, n)[2] for n in (A, B, C, D, E)] == [
            "igen",
            "igen",
            "nem",
            "igen",
            "nem",
        ]
        assert row_text(rows, C)[5] == "BOG-01: 2"
        assert row_text(rows, E)[5] == "LIS-01: 1"
        assert row_text(rows, A)[3:5] == ["Szőke Péter", money(2540)]
        text = screen_text(app)
        assert "3 teljesíthető, 2 nem teljesíthető" in text
        assert "Számlázott Béla" not in text and "Törölt Teri" not in text
        assert selection_line() in text


async def test_keyboard_selection_toggle_range_all_fulfillable_unfulfillable_clear(
    make_app, orders
):
    app = make_app()
    async with run(app) as pilot:
        rows = await start(pilot)
        await pilot.press("space")  # toggles A; the cursor stays
        assert rows.selected == {A} and summary(app) == selection_line(A)
        assert row_text(rows, A)[0] == MARK
        await pilot.press("space")
        assert rows.selected == set() and summary(app) == selection_line()
        await pilot.press("down", "shift+down", "shift+down")  # B..D
        assert rows.selected == {B, C, D} and rows.current_key == D
        assert summary(app) == selection_line(B, C, D)
        await pilot.press("shift+up")  # the range is anchored at B: it shrinks
        assert rows.current_key == C and rows.selected == {B, C}
        await pilot.press("a")
        assert rows.selected == {A, B, C, D, E} and summary(app) == selection_line(A, B, C, D, E)
        await pilot.press("f")
        assert rows.selected == {A, B, D} and summary(app) == selection_line(A, B, D)
        await pilot.press("n")
        assert rows.selected == {C, E} and summary(app) == selection_line(C, E)
        assert [row_text(rows, n)[0] for n in table_keys(rows)] == [" ", " ", MARK, " ", MARK]
        await pilot.press("escape")
        assert rows.selected == set() and summary(app) == selection_line()
        assert isinstance(app.screen, FulfillableScreen)


async def test_shift_range_is_anchored_like_a_file_manager(make_app, orders):
    app = make_app()
    async with run(app) as pilot:
        rows = await start(pilot)
        await pilot.press(*["down"] * 4, "space", "up", "up")  # E alone; the cursor on C
        assert rows.selected == {E} and rows.current_key == C
        await pilot.press("shift+down", "shift+down")  # anchor C: C..E
        assert rows.selected == {C, D, E} and rows.current_key == E
        await pilot.press("shift+up")  # shrinks back towards the anchor; E was selected before
        assert rows.selected == {C, D, E} and rows.current_key == D
        await pilot.press("shift+up")
        assert rows.selected == {C, E} and rows.current_key == C
        await pilot.press("shift+up", "shift+up")  # past the anchor it grows upwards
        assert rows.selected == {A, B, C, E} and rows.current_key == A
        assert summary(app) == selection_line(A, B, C, E)
        await pilot.press("shift+down")
        assert rows.selected == {B, C, E} and rows.current_key == B
        # moving without Shift ends the range: the next one starts where the cursor is
        await pilot.press("down", "down", "shift+down")
        assert rows.selected == {B, C, D, E} and rows.current_key == E
        await pilot.press("shift+up", "shift+up")  # anchor D: back to what was there, and C
        assert rows.selected == {B, C, D, E} and rows.current_key == C
        marks = [row_text(rows, n)[0] for n in table_keys(rows)]
        assert marks == [" ", MARK, MARK, MARK, MARK]


async def test_the_footer_shows_the_main_actions_at_80_columns(make_app, orders):
    app = make_app()
    async with run(app) as pilot:
        await start(pilot)
        keys = "space Kijelöl p Szedőlista d Csomagolás k Kosárba b Beszerzés w Raktár"
        await wait_until(pilot, lambda: footer(app).startswith(keys), what="the footer")
        assert footer(app).endswith(" f1 Súgó")  # and the help lists the rest
        assert "Nem teljesíthetők" not in footer(app) and "shift" not in footer(app)


async def test_the_columns_fit_in_80_columns(make_app, orders, catalog):
    big = order("Fűzfa Éva Krisztina Borbála", {"BOG-01": "50", "TEA-01": "30"}, minutes=9)
    app = make_app()
    async with run(app) as pilot:
        await wait_until(pilot, lambda: table(pilot.app).row_count == 6, what="the orders")
        text = screen_text(app)
        header = next(line for line in text.splitlines() if "Rendelés" in line)
        for title in ("Rendelés", "Telj.", "Vevő", "Bruttó", "Hiányzik"):
            assert f" {title}" in header, (title, header)
        row = next(line for line in text.splitlines() if big.number in line)
        # a long name ends in an ellipsis; the money and what is missing show whole
        assert "Fűzfa Éva Kriszti…" in row and money(50 * 1270 + 30 * 1000) in row
        assert "BOG-01: 49; TEA-01: 30" in row and len(row) <= 80


async def test_picking_summary_of_the_selection(make_app, orders):
    app = make_app()
    async with run(app) as pilot:
        await start(pilot)
        await pilot.press("p")  # nothing selected: says so
        await wait_for_toast(pilot, "Nincs kijelölt rendelés")
        await pilot.press("f", "p")
        await wait_until(pilot, lambda: isinstance(app.screen, TableViewScreen), what="picking")
        picking = app.screen.query_one(DataTable)
        assert [[c.plain for c in picking.get_row_at(i)] for i in range(picking.row_count)] == [
            ["BOG-01", "Bögre, mázas", "4", "db"],
            ["TEA-01", "Gyümölcstea", "2", "doboz"],
        ]
        await wait_for_text(pilot, "Szedőlista – 3")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, FulfillableScreen))
        assert table(app).selected == {A, B, D}  # the selection survives the look


async def test_procurement_list_of_unfulfillable_orders(make_app, orders):
    app = make_app()
    async with run(app) as pilot:
        await start(pilot)
        await pilot.press("n", "b")
        await wait_until(pilot, lambda: isinstance(app.screen, TableViewScreen), what="list")
        listed = app.screen.query_one(DataTable)
        rows = {
            row[0].plain: [cell.plain for cell in row]
            for row in (listed.get_row_at(i) for i in range(listed.row_count))
        }
        # C needs 3 mugs, 1 is free after A and B; E needs 1 kg of flour, none is there
        assert rows["BOG-01"][2:6] == ["3", "1", "0", "2"]
        assert rows["LIS-01"][2:6] == ["1", "0", "0", "1"]
        await wait_for_text(pilot, "Beszerzési lista – 2")


async def test_packing_pdf_is_saved_and_printed_with_the_print_command(make_app, orders, ui_config):
    app = make_app(ui={"print_command": ("lpr", "-P", "raktar")})
    external = External().install(app)
    async with run(app) as pilot:
        await start(pilot)
        await pilot.press("f", "d")
        await wait_for_toast(pilot, "Csomagolási PDF")
        folder = ui_config.invoicing.pdf_dir.parent / "packing"
        (pdf,) = folder.glob("csomagolas-*.pdf")
        text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
        assert "Csomagolási összesítő" in text  # the picking list, then a slip per order
        assert all(f"Csomaglevél – {number}" in text for number in (A, B, D))
        assert f"Csomaglevél – {C}" not in text
        await wait_until(pilot, lambda: external.printed, what="the print command")
        assert external.printed == [["lpr", "-P", "raktar", str(pdf)]]
        await wait_for_toast(pilot, "Nyomtatásra küldve")


async def test_packing_pdf_without_a_print_command_is_only_saved(make_app, orders, ui_config):
    app = make_app()
    external = External().install(app)
    async with run(app) as pilot:
        await start(pilot)
        await pilot.press("space", "d")
        toast = await wait_for_toast(pilot, "Csomagolási PDF")
        (pdf,) = (ui_config.invoicing.pdf_dir.parent / "packing").glob("*.pdf")
        assert pdf.name in toast.replace(" ", "")
        await settle(pilot)
        assert external.printed == []


async def test_a_failing_print_command_is_reported(make_app, orders):
    app = make_app(ui={"print_command": ("lpr",)})
    External(code=1, output="lpr: nincs nyomtató").install(app)
    async with run(app) as pilot:
        await start(pilot)
        await pilot.press("space", "d")
        await wait_for_toast(pilot, "lpr: nincs nyomtató")
        assert app.is_running


async def test_to_cart_puts_the_selection_in_the_invoice_cart(make_app, orders):
    app = make_app()
    async with run(app) as pilot:
        rows = await start(pilot)
        await pilot.press("f", "k")
        await wait_for_toast(pilot, "3 rendelés a kosárban")
        carted = {item.order.number for item in CartItem.select().join(SalesOrder)}
        assert carted == {A, B, D}
        await wait_until(pilot, lambda: not rows.selected, what="the selection cleared")
        assert summary(app) == selection_line()
        await pilot.press("4")
        await wait_until(pilot, lambda: "Kiss Éva" in screen_text(app), what="the cart")


async def test_enter_opens_the_order(make_app, orders):
    app = make_app()
    async with run(app) as pilot:
        await start(pilot)
        await pilot.press("down", "down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, OrderDetailScreen))
        assert app.screen.number == C
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, FulfillableScreen))
        assert table(app).current_key == C


async def test_warehouse_filter(make_app, orders, catalog):
    stock({"BOG-01": "1"}, warehouse="SHOP")
    order("Bolti Vevő", {"BOG-01": "1"}, minutes=30, warehouse="SHOP")
    app = make_app()
    async with run(app) as pilot:
        rows = await wait_until_rows(pilot, 6)
        await pilot.press("w")
        await wait_until(pilot, lambda: table_keys(rows) == [A, B, C, D, E], what="MAIN")
        await wait_for_text(pilot, "Raktár: MAIN")
        await pilot.press("w")
        await wait_until(pilot, lambda: len(table_keys(rows)) == 1, what="SHOP")
        await wait_for_text(pilot, "Raktár: SHOP")
        await pilot.press("w")
        await wait_until(pilot, lambda: len(table_keys(rows)) == 6, what="all warehouses")
        await wait_for_text(pilot, "minden raktár")


async def wait_until_rows(pilot, count: int) -> SelectableTable:
    await wait_until(pilot, lambda: table(pilot.app).row_count == count, what=f"{count} rows")
    return table(pilot.app)
