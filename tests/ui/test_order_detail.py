"""One order: customer, addresses, lines, notes and invoices; edit an OPEN order; invoice it
with one key; cancel it or storno its invoice, each after a confirmation."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from okos_tui.db import Invoice, InvoiceKind, SalesOrder, SalesOrderLine, SalesOrderStatus
from okos_tui.domain.invoicing import issue_invoice
from okos_tui.domain.sales.orders import AddressInput, OrderEdit, edit_order
from okos_tui.services.settings import invoice_settings
from okos_tui.ui.screens.confirm import ConfirmScreen
from okos_tui.ui.screens.order_detail import OrderDetailScreen
from okos_tui.ui.screens.order_edit import OrderEditScreen

from .helpers import (
    money,
    order,
    run,
    screen_text,
    settle,
    stock,
    wait_for_text,
    wait_for_toast,
    wait_until,
)

pytestmark = pytest.mark.anyio


def footer(app) -> str:
    return screen_text(app).splitlines()[-1]


def status(number: str) -> str:
    return SalesOrder.get(SalesOrder.number == number).status


@pytest.fixture
def open_order(catalog) -> str:
    stock({"BOG-01": "10", "TEA-01": "5"})
    return order(
        "Szőke Péter",
        {"BOG-01": "2", "TEA-01": "1"},
        email="peter@example.hu",
        delivery=AddressInput(
            name="Szőke Anna", postcode="6720", city="Szeged", street="Kárász u. 2."
        ),
        header_note="#1001",
        internal_note="Kérem csengessen",
    ).number


async def open_detail(pilot, number: str) -> OrderDetailScreen:
    await pilot.app.push_screen(OrderDetailScreen(number))
    await wait_until(pilot, lambda: pilot.app.screen.view is not None, what="the order")
    return pilot.app.screen


async def confirm(pilot, key: str = "y") -> str:
    """Answer the confirmation that must be on screen; its question comes back."""
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen), what="dialog")
    question = pilot.app.screen.question
    await pilot.press(key)
    return question


async def test_detail_shows_customer_addresses_lines_notes_and_total(make_app, open_order):
    app = make_app()
    async with run(app) as pilot:
        await open_detail(pilot, open_order)
        text = await wait_for_text(pilot, "Gyümölcstea")
        keys = "i Számlázás e Szerkesztés x Törlés esc Vissza"
        await wait_until(pilot, lambda: footer(app).startswith(keys), what="the footer")
        assert "Sztornó" not in footer(app)  # nothing to storno yet
        assert f"Rendelésszám: {open_order}" in text
        assert "Státusz: Nyitott" in text
        assert "Vevő: Szőke Péter" in text
        assert "E-mail: peter@example.hu" in text
        assert "Számlázási cím: Szőke Péter 1111 Budapest Fő u. 1." in text
        assert "Szállítási cím: Szőke Anna 6720 Szeged Kárász u. 2." in text
        assert "Felső megjegyzés: #1001" in text
        assert "Belső megjegyzés: Kérem csengessen" in text
        assert f"Bruttó: {money(2 * 1270 + 1000)}" in text
        lines = app.screen.query_one("#lines", DataTable)
        assert [lines.get_row_at(i)[0].plain for i in range(lines.row_count)] == [
            "BOG-01",
            "TEA-01",
        ]
        assert "Bögre, mázas" in text and "Gyümölcstea" in text
        assert "Fizetési mód: Átutalás" in text
        # no invoice yet, no shipping method: those lines are left out
        assert "Számlák" not in text
        assert "Szállítási mód" not in text and "Adószám" not in text
        lines = text.splitlines()
        assert f"Megrendelés {open_order}" in lines[0]  # the header names the order
        assert " Tételek" in lines  # indented like the fields above it
        header = next(line for line in lines if "Cikkszám" in line)
        for title in ("Megnevezés", "Menny.", "Me.", "Egységár", "ÁFA", "Nettó", "Bruttó"):
            assert f" {title}" in header, (title, header)
        bog = next(line for line in lines if line.startswith(" BOG-01") or "BOG-01 " in line)
        assert bog.rstrip().endswith(money(2 * 1270)) and len(bog) <= 80  # gross, whole


async def test_the_buyers_vat_status_paid_and_fulfilment_dates_are_shown(make_app, open_order):
    edit_order(
        open_order,
        OrderEdit(tax_number="12345676-2-41", paid_on="2026-03-01", fulfilment_on="2026-03-01"),
    )
    app = make_app()
    async with run(app) as pilot:
        await open_detail(pilot, open_order)
        text = await wait_for_text(pilot, "Gyümölcstea")
        assert "Adószám: 12345676-2-41 (belföldi adóalany)" in text
        assert "Fizetve: 2026.03.01." in text
        assert "Teljesítés dátuma: 2026.03.01." in text


async def test_empty_fields_are_left_out(make_app, catalog):
    stock({"BOG-01": "1"})
    number = order(
        "Nagy Ödön", {"BOG-01": "1"}, payment_method=None
    ).number  # no e-mail, payment, notes
    app = make_app()
    async with run(app) as pilot:
        await open_detail(pilot, number)
        text = await wait_for_text(pilot, "Bögre, mázas")
        assert "Vevő: Nagy Ödön" in text and "Bruttó: " in text
        for label in ("E-mail", "Felső megjegyzés", "Belső megjegyzés", "Fizetési mód"):
            assert label not in text, label


async def test_invoice_with_one_key_after_confirming(make_app, open_order, ui_config):
    app = make_app()
    async with run(app) as pilot:
        await open_detail(pilot, open_order)
        await pilot.press("i")
        assert open_order in await confirm(pilot, "y")
        await wait_until(pilot, lambda: status(open_order) == SalesOrderStatus.INVOICED)
        invoice = Invoice.get(Invoice.order == SalesOrder.get(SalesOrder.number == open_order).id)
        text = await wait_for_text(pilot, f"{invoice.number} (Számla")
        assert "Státusz: Számlázott" in text
        await wait_for_toast(pilot, f"{open_order}: {invoice.number} kiállítva")
        await wait_until(pilot, lambda: Invoice.get_by_id(invoice.id).pdf_path, what="the PDF")
        pdf = Path(Invoice.get_by_id(invoice.id).pdf_path)
        assert pdf.parent == ui_config.invoicing.pdf_dir and pdf.read_bytes()[:5] == b"%PDF-"
        # an invoiced order cannot be edited, invoiced or cancelled: the footer offers storno
        await wait_until(pilot, lambda: "s Sztornó" in footer(app), what="the footer")
        assert "i Számlázás" not in footer(app) and "e Szerkesztés" not in footer(app)
        await pilot.press("e", "i", "x")
        await settle(pilot)
        assert isinstance(app.screen, OrderDetailScreen)


async def test_no_leaves_the_order_as_it_was(make_app, open_order):
    app = make_app()
    async with run(app) as pilot:
        await open_detail(pilot, open_order)
        await pilot.press("i")
        await confirm(pilot, "escape")
        await pilot.press("x")
        await confirm(pilot, "n")
        await settle(pilot)
        assert isinstance(app.screen, OrderDetailScreen)
        assert status(open_order) == SalesOrderStatus.OPEN
        assert Invoice.select().count() == 0


async def test_cancel_an_open_order_after_confirming(make_app, open_order):
    app = make_app()
    async with run(app) as pilot:
        await open_detail(pilot, open_order)
        await pilot.press("x")
        question = await confirm(pilot, "y")
        assert open_order in question and "foglalás" in question
        await wait_until(pilot, lambda: status(open_order) == SalesOrderStatus.CANCELLED)
        await wait_for_text(pilot, "Státusz: Törölt")
        await wait_for_toast(pilot, f"{open_order} törölve")


async def test_storno_puts_the_order_back_to_open(make_app, open_order, ui_config):
    invoice = issue_invoice(open_order, invoice_settings(ui_config))
    app = make_app()
    async with run(app) as pilot:
        await open_detail(pilot, open_order)
        await pilot.press("s")
        assert invoice.number in await confirm(pilot, "y")
        await wait_until(pilot, lambda: status(open_order) == SalesOrderStatus.OPEN)
        storno = Invoice.get(Invoice.kind == InvoiceKind.STORNO)
        assert storno.original_id == invoice.id
        text = await wait_for_text(pilot, storno.number)
        assert "Státusz: Nyitott" in text and "Sztornó" in text
        await wait_for_toast(pilot, f"{storno.number} sztornó számla kiállítva")
        # nothing left to storno: the key asks nothing
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, OrderDetailScreen)
        # and it can be invoiced again
        await pilot.press("i")
        await confirm(pilot, "y")
        await wait_until(pilot, lambda: status(open_order) == SalesOrderStatus.INVOICED)


async def test_edit_quantities_prices_a_new_line_and_the_notes(make_app, open_order):
    app = make_app()
    async with run(app) as pilot:
        detail = await open_detail(pilot, open_order)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, OrderEditScreen))
        edit = app.screen
        await wait_until(pilot, lambda: edit.lines, what="the lines to edit")
        await wait_until(pilot, lambda: app.focused is edit.query_one("#qty-0", Input))
        assert "Bögre, mázas" in screen_text(app)
        edit.query_one("#qty-0", Input).value = "3"
        edit.query_one("#price-0", Input).value = "900"
        assert edit.query_one("#price-1", Input).value == "952,38"  # a decimal comma
        edit.query_one("#qty-1", Input).value = "0,0"  # removes TEA-01
        edit.query_one("#add-line", Input).value = "LIS-01=1,5"
        edit.query_one("#header-note", Input).value = "#1001 módosítva"
        edit.query_one("#internal-note", Input).value = "Hívja előtte"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is detail, what="back on the detail")
        await wait_for_text(pilot, "Hívja előtte")
        await wait_for_toast(pilot, f"{open_order} mentve")
        saved = SalesOrder.get(SalesOrder.number == open_order)
        lines = {
            line.product.sku: line
            for line in SalesOrderLine.select().where(SalesOrderLine.order == saved.id)
        }
        assert set(lines) == {"BOG-01", "LIS-01"}
        assert lines["BOG-01"].quantity == 3 and lines["BOG-01"].unit_net == 900
        assert lines["LIS-01"].quantity == Decimal("1.5")
        assert saved.header_note == "#1001 módosítva"
        text = screen_text(app)
        assert "Felső megjegyzés: #1001 módosítva" in text
        assert "Tönkölyliszt" in text and "Gyümölcstea" not in text


async def test_a_bad_edit_changes_nothing_and_says_why(make_app, open_order):
    app = make_app()
    async with run(app) as pilot:
        await open_detail(pilot, open_order)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, OrderEditScreen))
        edit = app.screen
        await wait_until(pilot, lambda: edit.lines, what="the lines to edit")
        edit.query_one("#qty-0", Input).value = "sok"
        edit.query_one("#add-line", Input).value = "NINCS-01=1"
        await pilot.press("ctrl+s")
        await wait_for_toast(pilot, "nem szám: 'sok'")
        assert app.screen is edit
        assert SalesOrderLine.select().count() == 2
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, OrderDetailScreen))
