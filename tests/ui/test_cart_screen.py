"""Számlázandó rendelések (kosár): remove; invoice all or the selected with a progress bar and
a result per order; e-mail the invoices (a real SMTP server on 127.0.0.1) with a progress bar
and a result per invoice, never twice; view and print an invoice's PDF."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import DataTable, ProgressBar, RichLog

from okos_tui.db import CartItem, EmailStatus, Invoice, SalesOrder, SalesOrderStatus
from okos_tui.domain.invoicing import cart_add
from okos_tui.ui.screens.cart import CartScreen
from okos_tui.ui.screens.confirm import ConfirmScreen
from okos_tui.ui.screens.table_view import TableViewScreen
from okos_tui.ui.widgets.selectable_table import SelectableTable

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


@pytest.fixture
def cart(catalog) -> list[str]:
    """Three orders in the cart, oldest first; the third wants more mugs than there are."""
    stock({"BOG-01": "4", "TEA-01": "2"})
    numbers = [
        order("Szőke Péter", {"BOG-01": "2"}, email="peter@example.hu").number,
        order("Kovács Anna", {"TEA-01": "2"}, minutes=1, email="anna@example.hu").number,
        order("Nagy Ödön", {"BOG-01": "3"}, minutes=2, email="odon@example.hu").number,
    ]
    order("Nincs Kosárban", {"BOG-01": "1"}, minutes=3)
    cart_add(numbers)
    return numbers


def footer(app) -> str:
    return screen_text(app).splitlines()[-1]


def cart_table(app) -> SelectableTable:
    return app.screen.query_one("#cart-table", SelectableTable)


def invoices_table(app) -> DataTable:
    return app.screen.query_one("#invoices-table", DataTable)


def results(app) -> list[str]:
    return [line.text.rstrip() for line in app.screen.query_one(RichLog).lines]


def status(number: str) -> str:
    return SalesOrder.get(SalesOrder.number == number).status


async def open_cart(pilot, count: int) -> SelectableTable:
    await wait_until(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, CartScreen) and cart_table(pilot.app).row_count == count
        ),
        what="the cart",
    )
    return cart_table(pilot.app)


async def confirm(pilot, key: str = "y") -> str:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen), what="dialog")
    question = pilot.app.screen.question
    await pilot.press(key)
    return question


async def test_the_cart_lists_its_orders_with_the_total(make_app, cart):
    app = make_app()
    async with run(app) as pilot:
        await pilot.press("4")  # from the first screen
        table = await open_cart(pilot, 3)
        assert table_keys(table) == cart
        assert row_text(table, cart[0])[1:] == [
            cart[0],
            "2026.03.02. 09:00",
            "Szőke Péter",
            money(2540),
        ]
        text = screen_text(app)
        assert "Nincs Kosárban" not in text
        assert money(2540 + 2000 + 3810) in text


async def test_remove_the_order_under_the_cursor_or_the_selected(make_app, cart):
    app = make_app(mode="cart")
    async with run(app) as pilot:
        table = await open_cart(pilot, 3)
        await pilot.press("r")
        await wait_until(pilot, lambda: table_keys(table) == cart[1:], what="first removed")
        await pilot.press("space", "down", "space", "r")
        await wait_until(pilot, lambda: table_keys(table) == [], what="the rest removed")
        assert CartItem.select().count() == 0
        await wait_for_text(pilot, "A kosár üres")
        assert all(status(n) == SalesOrderStatus.OPEN for n in cart)


async def test_invoice_all_shows_progress_and_a_result_per_order(make_app, cart, ui_config):
    app = make_app(mode="cart")
    async with run(app) as pilot:
        table = await open_cart(pilot, 3)
        await pilot.press("i")
        assert "3 számlát" in await confirm(pilot, "y")
        await wait_until(pilot, lambda: len(results(app)) == 3, what="three results")
        ok_first, ok_second, failed = results(app)
        invoices = {i.order_number: i.number for i in Invoice.select()}
        assert ok_first == f"✓ {cart[0]} → {invoices[cart[0]]}"
        assert ok_second == f"✓ {cart[1]} → {invoices[cart[1]]}"
        assert failed.startswith(f"✗ {cart[2]}: ")  # not enough mugs: reported, the rest went on
        bar = app.screen.query_one(ProgressBar)
        assert (bar.total, bar.progress) == (3, 3)
        await wait_until(pilot, lambda: table_keys(table) == [cart[2]], what="the cart after")
        await wait_until(pilot, lambda: invoices_table(app).row_count == 2, what="the invoices")
        assert not bar.display
        assert status(cart[0]) == status(cart[1]) == SalesOrderStatus.INVOICED
        assert status(cart[2]) == SalesOrderStatus.OPEN
        await wait_until(pilot, lambda: all(i.pdf_path for i in Invoice.select()), what="PDFs")
        for invoice in Invoice.select():
            assert Path(invoice.pdf_path).parent == ui_config.invoicing.pdf_dir
        await wait_for_text(pilot, "Elküldetlen számlák: 2")


async def test_invoice_only_the_selected(make_app, cart):
    app = make_app(mode="cart")
    async with run(app) as pilot:
        table = await open_cart(pilot, 3)
        await pilot.press("down", "space")
        await pilot.press("i")
        assert "1 számlát" in await confirm(pilot, "i")
        await wait_until(pilot, lambda: table_keys(table) == [cart[0], cart[2]], what="cart after")
        assert [status(n) for n in cart] == ["open", "invoiced", "open"]
        assert len(results(app)) == 1


async def test_keys_pressed_while_invoicing_say_it_is_busy(make_app, cart, monkeypatch):
    from okos_tui.services.backoffice import Backoffice

    release, started = threading.Event(), threading.Event()
    real = Backoffice.invoice_orders

    def slow(*args, **kwargs):
        started.set()
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(Backoffice, "invoice_orders", slow)
    app = make_app(mode="cart")
    async with run(app) as pilot:
        await open_cart(pilot, 3)
        log = app.screen.query_one(RichLog)
        assert not log.display  # no results yet: no empty box with a scrollbar
        await pilot.press("i")
        await confirm(pilot, "y")
        await wait_until(pilot, started.is_set, what="invoicing")
        assert log.display
        for key in ("m", "i", "r"):
            await pilot.press(key)
            await wait_for_toast(pilot, "Még fut az előző művelet")
            assert isinstance(app.screen, CartScreen)  # no question asked
            app.clear_notifications()
        release.set()
        await wait_until(pilot, lambda: len(results(app)) == 3, what="the results")
        await wait_until(pilot, lambda: not app.screen.busy, what="the end")
        assert CartItem.select().count() == 1  # "r" removed nothing meanwhile


async def test_footer_and_invoices_fit_in_80_columns(make_app, cart):
    long_name = "Fűzfa Éva Krisztina Borbála Hosszúnevű"
    cart_add([order(long_name, {"SZALL": "1"}, minutes=9).number])
    app = make_app(mode="cart")
    async with run(app) as pilot:
        await open_cart(pilot, 4)
        keys = "i Számlázás m E-mail v Megtekintés p Nyomtatás r Kivétel"
        await wait_until(pilot, lambda: keys in footer(app), what="the footer")
        assert footer(app).startswith("space Kijelöl ") and footer(app).endswith(" f1 Súgó")
        await pilot.press("i")
        await confirm(pilot, "y")
        await wait_until(pilot, lambda: invoices_table(app).row_count == 3, what="the invoices")
        lines = screen_text(app).splitlines()
        header = next(line for line in lines if "Típus" in line)
        for title in ("Szám", "Vevő", "Bruttó", "E-mail", "NAV"):
            assert f" {title}" in header, (title, header)
        row = next(line for line in lines if "Fűzfa" in line and "SZ-" in line)
        gross = Invoice.get(Invoice.buyer_name == long_name).gross_total
        assert f"{money(gross)}  nincs" in row  # whole, and the e-mail status
        assert row.split()[-2:] == ["nincs", "–"]  # and the NAV status (no [nav]: "–")
        # the order of the invoice under the cursor (the newest), under the table
        number = Invoice.get(Invoice.buyer_name == long_name).number
        order_number = Invoice.get(Invoice.buyer_name == long_name).order_number
        assert f" {number} – rendelés: {order_number}" in lines


async def test_answering_no_issues_nothing(make_app, cart):
    app = make_app(mode="cart")
    async with run(app) as pilot:
        await open_cart(pilot, 3)
        await pilot.press("i")
        await confirm(pilot, "n")
        await settle(pilot)
        assert Invoice.select().count() == 0 and results(app) == []


async def test_email_the_invoices_with_the_pdf_attached_and_never_twice(make_app, cart, smtp_inbox):
    inbox, _ = smtp_inbox
    cart_add([order("Cím Nélkül", {"SZALL": "1"}, minutes=9).number])  # no e-mail address
    app = make_app(mode="cart")
    async with run(app) as pilot:
        await open_cart(pilot, 4)
        await pilot.press("i")
        await confirm(pilot, "y")
        await wait_until(pilot, lambda: len(results(app)) == 4, what="invoicing")
        await wait_until(pilot, lambda: invoices_table(app).row_count == 3, what="3 invoices")
        await pilot.press("m")
        assert "3 számlát" in await confirm(pilot, "y")
        await wait_until(pilot, lambda: len(results(app)) == 7, what="the e-mail results")
        sent = results(app)[4:]
        numbers = {i.order_number: i.number for i in Invoice.select()}
        assert sent[0] == f"✓ {numbers[cart[0]]} → peter@example.hu: elküldve"
        assert sent[1] == f"✓ {numbers[cart[1]]} → anna@example.hu: elküldve"
        assert sent[2].startswith(f"– {numbers['R-2026-000005']} → -: kihagyva")
        bar = app.screen.query_one(ProgressBar)
        assert (bar.total, bar.progress) == (3, 3)
        assert len(inbox.messages) == 2
        message = next(m for m in inbox.messages if m["To"] == "peter@example.hu")
        (attachment,) = message.iter_attachments()
        assert attachment.get_content_type() == "application/pdf"
        assert attachment.get_filename() == f"{numbers[cart[0]]}.pdf"
        pdf = Invoice.get(Invoice.number == numbers[cart[0]]).pdf_path
        assert attachment.get_content() == Path(pdf).read_bytes()
        await wait_until(
            pilot,
            lambda: row_text(invoices_table(app), numbers[cart[0]])[4] == "elküldve",
            what="the e-mail status in the list",
        )
        assert Invoice.get(Invoice.number == numbers[cart[0]]).email_status == EmailStatus.SENT
        # again: only the one without an address is still waiting; the sent ones stay sent
        await pilot.press("m")
        assert "1 számlát" in await confirm(pilot, "y")
        await wait_until(pilot, lambda: len(results(app)) == 8, what="the second round")
        await settle(pilot)
        assert len(inbox.messages) == 2
        Invoice.update(email_status=EmailStatus.SENT).execute()  # say it was sent by hand
        await pilot.press("m")
        await wait_for_toast(pilot, "Nincs elküldendő számla")
        assert not isinstance(app.screen, ConfirmScreen)


async def test_email_without_smtp_settings_says_so(make_app, cart):
    app = make_app(mode="cart")
    async with run(app) as pilot:
        await open_cart(pilot, 3)
        await pilot.press("m")
        await wait_for_toast(pilot, "nincs [smtp] beállítás")
        assert isinstance(app.screen, CartScreen)


async def invoice_first(pilot, app) -> str:
    await open_cart(pilot, 3)
    await pilot.press("space", "i")
    await confirm(pilot, "y")
    await wait_until(pilot, lambda: invoices_table(app).row_count == 1, what="the invoice")
    await wait_until(pilot, lambda: Invoice.get().pdf_path, what="its PDF")
    return Invoice.get().number


async def test_view_the_invoice_pdf_with_the_configured_viewer(make_app, cart):
    app = make_app(ui={"pdf_viewer": ("zathura", "--fork")}, mode="cart")
    external = External().install(app)
    async with run(app) as pilot:
        number = await invoice_first(pilot, app)
        await pilot.press("tab")  # to the invoices
        assert app.focused is invoices_table(app)
        await pilot.press("v")
        await wait_until(pilot, lambda: external.viewed, what="the viewer")
        assert external.viewed == [["zathura", "--fork", Invoice.get().pdf_path]]
        assert Path(external.viewed[0][-1]).name == f"{number}.pdf"


async def test_view_without_a_viewer_shows_the_invoice_in_the_app(make_app, cart):
    app = make_app(mode="cart")
    external = External().install(app)
    async with run(app) as pilot:
        number = await invoice_first(pilot, app)
        await pilot.press("v")
        await wait_until(pilot, lambda: isinstance(app.screen, TableViewScreen), what="preview")
        text = screen_text(app)
        assert number in text and "Szőke Péter" in text and "Bögre, mázas" in text
        assert money(2540) in text
        assert external.viewed == []
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, CartScreen))


async def test_print_the_invoice_pdf(make_app, cart):
    app = make_app(ui={"print_command": ("lp",)}, mode="cart")
    external = External().install(app)
    async with run(app) as pilot:
        await invoice_first(pilot, app)
        await pilot.press("p")
        await wait_until(pilot, lambda: external.printed, what="the print command")
        assert external.printed == [["lp", Invoice.get().pdf_path]]
        await wait_for_toast(pilot, "Nyomtatásra küldve")


async def test_print_without_a_print_command_says_which_setting_is_missing(make_app, cart):
    app = make_app(mode="cart")
    external = External().install(app)
    async with run(app) as pilot:
        await invoice_first(pilot, app)
        await pilot.press("p")
        await wait_for_toast(pilot, "Nincs nyomtatóparancs ([ui] print_command).")
        assert external.printed == []
