"""The order editor corrects the buyer's data before invoicing: name, tax number (its VAT status
or its problem shown as it is typed), billing address, e-mail, payment and shipping method, paid
and fulfilment date. Only what was changed is saved; a refusal is a toast and changes nothing;
the whole form is reached with the keyboard at 80x24."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input, Static

from okos_tui.db import SalesOrder
from okos_tui.ui.screens.order_detail import OrderDetailScreen
from okos_tui.ui.screens.order_edit import BUYER_FIELDS, OrderEditScreen

from .helpers import SIZE, order, run, screen_text, settle, stock, wait_for_toast, wait_until

pytestmark = pytest.mark.anyio


@pytest.fixture
def open_order(catalog) -> str:
    stock({"BOG-01": "10"})
    return order("Szőke Péter", {"BOG-01": "2"}, email="peter@example.hu").number


def stored(number: str) -> SalesOrder:
    return SalesOrder.get(SalesOrder.number == number)


async def open_editor(pilot, number: str) -> OrderEditScreen:
    await pilot.app.push_screen(OrderDetailScreen(number))
    await wait_until(pilot, lambda: pilot.app.screen.view is not None, what="the order")
    await pilot.press("e")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, OrderEditScreen))
    editor = pilot.app.screen
    await wait_until(pilot, lambda: editor.buyer, what="the buyer's data")
    await settle(pilot)
    return editor


def box(editor: OrderEditScreen, name: str) -> Input:
    return editor.query_one(f"#{name}", Input)


def note(editor: OrderEditScreen) -> str:
    return str(editor.query_one("#tax-number-note", Static).render())


async def test_the_buyer_is_shown_changed_and_saved(make_app, open_order):
    app = make_app()
    async with run(app) as pilot:
        editor = await open_editor(pilot, open_order)
        assert box(editor, "buyer-name").value == "Szőke Péter"
        assert box(editor, "billing-city").value == "Budapest"
        assert box(editor, "billing-country").value == "Magyarország"  # from the code HU
        assert box(editor, "email").value == "peter@example.hu"
        assert box(editor, "payment").value == "Átutalás"
        assert (box(editor, "paid-on").value, box(editor, "fulfilment-on").value) == ("", "")
        assert "Áfa szerint: magánszemély" in note(editor)

        box(editor, "buyer-name").value = "Tűzkő Kft."
        box(editor, "tax-number").value = "12345676 2 08"
        await settle(pilot)
        assert "Áfa szerint: belföldi adóalany" in note(editor)
        box(editor, "billing-street").value = "Fő u. 2."
        box(editor, "payment").value = "Készpénz"
        box(editor, "paid-on").value = "2026-03-03"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, OrderDetailScreen))
        await wait_for_toast(pilot, f"{open_order} mentve")
        saved = stored(open_order)
        assert (saved.billing_name, saved.customer_name) == ("Tűzkő Kft.", "Tűzkő Kft.")
        assert (saved.tax_number, saved.buyer_vat_status) == ("12345676-2-08", "domestic")
        assert (saved.billing_street, saved.billing_city) == ("Fő u. 2.", "Budapest")
        assert (saved.billing_country, saved.billing_country_code) == ("", "HU")  # untouched
        assert saved.payment_method.name == "Készpénz"
        assert (saved.paid_on, saved.fulfilment_on) == (date(2026, 3, 3), None)
        assert saved.lines.get().quantity == 2

        editor = await open_editor(pilot, open_order)  # and it reads back
        assert box(editor, "tax-number").value == "12345676-2-08"
        assert box(editor, "paid-on").value == "2026-03-03"
        box(editor, "paid-on").value = ""  # cleared: not paid
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, OrderDetailScreen))
        await wait_until(pilot, lambda: stored(open_order).paid_on is None, what="no paid date")


async def test_a_wrong_tax_number_is_named_and_refused(make_app, open_order, db_path, dump):
    app = make_app()
    async with run(app) as pilot:
        editor = await open_editor(pilot, open_order)
        before = dump(db_path)
        box(editor, "buyer-name").value = "Tűzkő Kft."
        box(editor, "tax-number").value = "12345678-2-08"
        await settle(pilot)
        assert "ellenőrző számjegye" in note(editor)  # said while typing
        await pilot.press("ctrl+s")
        await wait_for_toast(pilot, "12345678-2-08: az adószám ellenőrző számjegye")
        assert app.screen is editor
        assert dump(db_path) == before
        box(editor, "tax-number").value = "DE12"
        box(editor, "fulfilment-on").value = "2026-02-30"
        await pilot.press("ctrl+s")
        await wait_for_toast(pilot, "DE12")
        assert dump(db_path) == before


async def test_a_bad_date_is_refused(make_app, open_order, db_path, dump):
    app = make_app()
    async with run(app) as pilot:
        editor = await open_editor(pilot, open_order)
        before = dump(db_path)
        box(editor, "fulfilment-on").value = "2026-02-30"
        await pilot.press("ctrl+s")
        await wait_for_toast(pilot, "2026-02-30")
        assert app.screen is editor and dump(db_path) == before


async def test_every_box_is_reached_with_tab_and_scrolled_into_view(make_app, open_order):
    app = make_app()
    async with run(app) as pilot:
        editor = await open_editor(pilot, open_order)
        assert app.focused is box(editor, "qty-0")
        wanted = {name for _, _, name in BUYER_FIELDS}
        reached = set()
        for _ in range(30):
            await pilot.press("tab")
            await settle(pilot)
            focused = app.focused
            if focused is not None and focused.id in wanted:
                reached.add(focused.id)
                region = focused.region
                assert region.height == 1 and 0 < region.y < SIZE[1] - 1, (focused.id, region)
                label = editor.query_one(f"#{focused.id}-label").region
                assert label.y == region.y  # its label beside it, on screen
        assert reached == wanted
        # typing in the last box: a date, digits and dashes only
        box(editor, "fulfilment-on").focus()
        await settle(pilot)
        await pilot.press(*"2026x-03-04")
        assert box(editor, "fulfilment-on").value == "2026-03-04"
        assert "Teljesítés" in screen_text(app)
