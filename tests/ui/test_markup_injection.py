"""Text from the shop is plain text everywhere: a customer called `[@click=app.quit]x` or
`[bold]y[/]` shows literally (Textual markup would drop the brackets) and clicking the name does
not quit, on every screen that shows a customer: the orders list, the detail, the fulfillable
orders, the cart and its invoices, the confirmations, the toasts and the sync status."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from okos_tui.domain.invoicing import cart_add, issue_invoice
from okos_tui.services.settings import invoice_settings
from okos_tui.services.sync.events import SyncFinished, SyncResult
from okos_tui.ui.messages import SyncEventArrived
from okos_tui.ui.screens.confirm import ConfirmScreen
from okos_tui.ui.screens.order_detail import OrderDetailScreen
from okos_tui.ui.screens.table_view import TableViewScreen

from .helpers import (
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

LINK = "[@click=app.quit]x"
BOLD = "[bold]y[/]"


@pytest.fixture
def hostile(catalog, ui_config) -> dict[str, str]:
    """An order for each name, both in the cart, and an invoice for a third such buyer."""
    stock({"BOG-01": "10"})
    numbers = {
        LINK: order(LINK, {"BOG-01": "1"}, email="x@example.hu").number,
        BOLD: order(BOLD, {"BOG-01": "1"}, minutes=1, email="y@example.hu").number,
    }
    cart_add(list(numbers.values()))
    invoiced = order("[red]Számla[/red] [@click=app.bell]Kft.", {"BOG-01": "1"}, minutes=2)
    issue_invoice(invoiced.number, invoice_settings(ui_config))
    return numbers


def find(app, text: str) -> tuple[int, int]:
    """Where `text` starts on screen (column, row)."""
    for row, line in enumerate(screen_text(app).splitlines()):
        if text in line:
            return line.index(text), row
    raise AssertionError(f"{text!r} is not on screen:\n{screen_text(app)}")


async def click_on(pilot, text: str) -> None:
    """Click the last character of `text` where it shows; the app must still be running."""
    column, row = find(pilot.app, text)
    await pilot.click(offset=(column + len(text) - 1, row))
    await settle(pilot)
    assert pilot.app.is_running and pilot.app.return_code is None


async def test_orders_list_and_detail(make_app, hostile):
    app = make_app(mode="orders")
    async with run(app) as pilot:
        await wait_until(pilot, lambda: BOLD in screen_text(app), what="the orders list")
        # the customer column is 16 wide: the rest of the first name is behind an ellipsis
        assert "[@click=app.qui…" in screen_text(app)
        assert "[red]Számla[/re…" in screen_text(app)
        await click_on(pilot, "[@click=app.qui")
        await click_on(pilot, BOLD)
        await click_on(pilot, BOLD)  # a second click on the row opens the order
        await wait_until(pilot, lambda: isinstance(app.screen, OrderDetailScreen))
        text = await wait_for_text(pilot, f"Vevő: {BOLD}")
        assert f"Számlázási cím: {BOLD} 1111 Budapest" in text
        await click_on(pilot, BOLD)
        await pilot.press("escape")
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, OrderDetailScreen))
        await wait_for_text(pilot, f"Vevő: {LINK}")
        await click_on(pilot, LINK)


async def test_confirmations_name_the_customer_literally(make_app, hostile):
    app = make_app()
    async with run(app) as pilot:
        await app.push_screen(OrderDetailScreen(hostile[LINK]))
        await wait_for_text(pilot, f"Vevő: {LINK}")
        for key in ("i", "x"):
            await pilot.press(key)
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            await wait_for_text(pilot, f"Vevő: {LINK}")
            await click_on(pilot, LINK)
            assert isinstance(app.screen, ConfirmScreen)  # clicking the text answers nothing
            await pilot.press("n")
            await wait_until(pilot, lambda: isinstance(app.screen, OrderDetailScreen))


async def test_fulfillable_orders(make_app, hostile):
    app = make_app()
    async with run(app) as pilot:
        await wait_for_text(pilot, LINK)  # the customer column is 18 wide here
        assert BOLD in screen_text(app)
        await click_on(pilot, LINK)
        await click_on(pilot, BOLD)
        await pilot.press("space", "p")
        await wait_until(pilot, lambda: isinstance(app.screen, TableViewScreen))
        await pilot.press("escape")
        assert app.is_running


async def test_cart_and_invoices(make_app, hostile):
    app = make_app(mode="cart")
    async with run(app) as pilot:
        await wait_for_text(pilot, BOLD)
        await wait_for_text(pilot, "[red]Számla[/…")  # the invoice's buyer, 14 wide here
        await click_on(pilot, LINK)
        await click_on(pilot, BOLD)
        await click_on(pilot, "[red]Számla")
        await pilot.press("tab", "v")  # the invoice in the app's own preview: buyer in its title
        await wait_until(pilot, lambda: isinstance(app.screen, TableViewScreen))
        await wait_for_text(pilot, "[red]Számla[/red] [@click=app.bell]Kft.")


async def test_toasts_and_the_sync_status(make_app, hostile):
    """A sync error carries the shop's own text (a customer's name, a product name)."""
    app = make_app()
    async with run(app) as pilot:
        error = f"hibás rendelés: {LINK} / {BOLD}"
        result = SyncResult(
            shop="webshop",
            started_at=datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
            imported=[LINK],
            error=error,
        )
        app.post_message(SyncEventArrived(SyncFinished("webshop", result)))
        toast = await wait_for_toast(pilot, "hibás rendelés")
        assert LINK in toast and BOLD in toast
        await wait_for_toast(pilot, "webshop: 1 új rendelés")
        await click_on(pilot, LINK)
        app.problem = f"rossz érték: {BOLD}"
        await wait_until(pilot, lambda: f"Beállítási hiba: rossz érték: {BOLD}" in screen_text(app))
        await click_on(pilot, BOLD)
