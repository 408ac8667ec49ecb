"""The report of each invoice to NAV Online Számla in the UI: its status in every list of
invoices (ABORTED in red, NAV's message under the cursor), a key that sends a rejected invoice
again, a line that says so when okos.toml has no [nav] table, and NAV in the status line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import DataTable

from okos_tui.config import Config
from okos_tui.db import Invoice, NavReport, NavStatus
from okos_tui.domain.invoicing import issue_invoice
from okos_tui.services.settings import invoice_settings
from okos_tui.services.sync.service import NavServiceStatus, ShopStatus
from okos_tui.ui.screens.cart import CartScreen
from okos_tui.ui.screens.order_detail import OrderDetailScreen

from .helpers import (
    BASE_TIME,
    order,
    row_text,
    run,
    screen_text,
    stock,
    sync_status,
    wait_for_text,
    wait_for_toast,
    wait_until,
)

pytestmark = pytest.mark.anyio

NAV_TOML = """
[nav]
base_url = "https://nav.invalid/invoiceService/v3"
login = "abcdefghijklmno"
password_env = "OKOS_TEST_NAV_PASSWORD"
signature_key_env = "OKOS_TEST_NAV_SIGNATURE_KEY"
exchange_key_env = "OKOS_TEST_NAV_EXCHANGE_KEY"
software_id = "HU12345676OKOS-001"
"""
REJECTED = "ERROR INVALID_CUSTOMER_TAX_NUMBER: a vevő adószáma érvénytelen"


@pytest.fixture
def nav_table(ui_toml: Path) -> Path:
    """okos.toml with a [nav] table (NAV itself is never reached: the sync service is a fake).
    Ask for it before `make_app`, so that the app reads it."""
    ui_toml.write_text(ui_toml.read_text(encoding="utf-8") + NAV_TOML, encoding="utf-8")
    return ui_toml


@pytest.fixture
def manual_nav_table(ui_toml: Path) -> Path:
    """A [nav] table whose invoices go only with `okos nav send` (report = false)."""
    text = ui_toml.read_text(encoding="utf-8") + NAV_TOML + "report = false\n"
    ui_toml.write_text(text, encoding="utf-8")
    return ui_toml


@pytest.fixture
def reported(catalog, ui_config: Config) -> dict[str, str]:
    """Three invoices: one NAV accepted (DONE), one it rejected (ABORTED, with its message),
    one not reported yet (no report row: pending), the newest first in the cart's list."""
    stock({"BOG-01": "10"})
    settings = invoice_settings(ui_config)
    numbers = {}
    for minutes, name in enumerate(("done", "aborted", "pending")):
        sales_order = order(f"Vevő {name}", {"BOG-01": "1"}, minutes=minutes)
        numbers[name] = issue_invoice(sales_order.number, settings).number
    for name, status, messages in (
        ("done", NavStatus.DONE, ""),
        ("aborted", NavStatus.ABORTED, REJECTED),
    ):
        NavReport.create(
            invoice=Invoice.get(Invoice.number == numbers[name]),
            operation="CREATE",
            status=status,
            messages=messages,
            transaction_id="T-1",
            updated_at=BASE_TIME,
        )
    return numbers


class NavSync:
    """Stands in for the running SyncService: no shops, reporting to NAV on (`nav`), and it
    counts the requests to report soon."""

    def __init__(self, nav: NavServiceStatus) -> None:
        self.nav = nav
        self.asked = 0
        self.shops: list[ShopStatus] = []

    def status(self) -> list[ShopStatus]:
        return self.shops

    def nav_status(self) -> NavServiceStatus:
        return self.nav

    def report_to_nav_soon(self) -> None:
        self.asked += 1

    def subscribe(self, listener: object) -> Callable[[], None]:
        return lambda: None

    def start(self) -> None:
        pass

    def stop(self, timeout: float = 10.0) -> None:
        pass

    def sync_now(self, shop: str | None = None) -> None:
        pass


REACHED = datetime(2026, 3, 2, 13, 5, tzinfo=UTC)  # 14:05 in Budapest


def invoices_table(app) -> DataTable:
    return app.screen.query_one("#invoices-table", DataTable)


def nav_cell(app, number: str):
    return invoices_table(app).get_row(number)[-1]


def footer(app) -> str:
    return screen_text(app).splitlines()[-1]


async def open_cart_invoices(pilot, count: int) -> DataTable:
    await wait_until(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, CartScreen)
            and invoices_table(pilot.app).row_count == count
        ),
        what="the invoices",
    )
    return invoices_table(pilot.app)


async def test_each_invoice_shows_its_nav_status_the_rejected_in_red(nav_table, make_app, reported):
    app = make_app(mode="cart", sync_service=NavSync(NavServiceStatus(enabled=True)))
    async with run(app) as pilot:
        await open_cart_invoices(pilot, 3)
        assert row_text(invoices_table(app), reported["done"])[-1] == "befogadva"
        assert row_text(invoices_table(app), reported["aborted"])[-1] == "ELUTASÍTVA"
        assert row_text(invoices_table(app), reported["pending"])[-1] == "vár"
        assert nav_cell(app, reported["aborted"]).style == "bold red"
        assert "NAV-bejelentés nincs beállítva" not in screen_text(app)
        # under the cursor: the newest (pending), then the rejected one with NAV's message
        await wait_for_text(pilot, f"{reported['pending']} – rendelés: ")
        assert "NAV: bejelentésre vár" in screen_text(app)
        assert "NAV újra" not in footer(app)  # nothing to send again
        await pilot.press("tab", "down")  # to the invoices, one down
        assert app.focused is invoices_table(app)
        text = await wait_for_text(pilot, f"{reported['aborted']} – rendelés: ")
        assert "NAV: ELUTASÍTVA: ERROR" in text  # NAV's message, wrapped under the table
        assert "INVALID_CUSTOMER_TAX_NUMBER: a vevő adószáma érvénytelen" in text
        await wait_until(pilot, lambda: "n NAV újra" in footer(app), what="the re-send key")


async def test_the_key_sends_a_rejected_invoice_again(nav_table, make_app, reported):
    sync = NavSync(NavServiceStatus(enabled=True, last_reached=REACHED, aborted=1))
    app = make_app(mode="cart", sync_service=sync)
    async with run(app) as pilot:
        await open_cart_invoices(pilot, 3)
        await pilot.press("tab", "down", "n")
        await wait_for_toast(pilot, f"{reported['aborted']}: újra bejelentésre vár, hamarosan")
        report = NavReport.get(
            NavReport.invoice == Invoice.get(Invoice.number == reported["aborted"])
        )
        assert (report.status, report.messages) == (NavStatus.PENDING, "")
        assert sync.asked == 1  # the running service reports it soon
        await wait_until(
            pilot,
            lambda: row_text(invoices_table(app), reported["aborted"])[-1] == "vár",
            what="pending again",
        )
        await wait_until(pilot, lambda: "NAV újra" not in footer(app), what="the key gone")
        # on a pending or an accepted invoice the key does nothing
        await pilot.press("n", "up", "n")
        await pilot.pause()
        assert sync.asked == 1
        done = NavReport.get(NavReport.invoice == Invoice.get(Invoice.number == reported["done"]))
        assert done.status == NavStatus.DONE


async def test_with_reporting_left_to_the_command_line_it_says_who_sends_it(
    manual_nav_table, make_app, reported
):
    app = make_app(mode="cart")
    async with run(app) as pilot:
        await open_cart_invoices(pilot, 3)
        await pilot.press("tab", "down", "n")
        await wait_for_toast(pilot, "az `okos nav send` küldi el")
        report = NavReport.get(
            NavReport.invoice == Invoice.get(Invoice.number == reported["aborted"])
        )
        assert report.status == NavStatus.PENDING


async def test_without_a_nav_table_the_invoice_lists_say_so(make_app, reported):
    app = make_app(mode="cart")
    async with run(app) as pilot:
        await open_cart_invoices(pilot, 3)
        text = await wait_for_text(pilot, "NAV-bejelentés nincs beállítva ([nav] az okos.toml-ban)")
        assert all(row_text(invoices_table(app), n)[-1] == "–" for n in reported.values())
        assert "ELUTASÍTVA" not in text and "NAV:" not in text
        await pilot.press("tab", "down", "n")  # nothing to send again without [nav]
        await pilot.pause()
        report = NavReport.get(
            NavReport.invoice == Invoice.get(Invoice.number == reported["aborted"])
        )
        assert report.status == NavStatus.ABORTED
        order_number = Invoice.get(Invoice.number == reported["aborted"]).order_number
        await app.push_screen(OrderDetailScreen(order_number))
        text = await wait_for_text(pilot, f"{reported['aborted']} (Számla")
        assert "NAV-bejelentés nincs beállítva ([nav] az okos.toml-ban)" in text
        assert "NAV: –" in text


async def test_the_order_shows_its_invoices_report_and_nav_message(nav_table, make_app, reported):
    app = make_app()
    async with run(app) as pilot:
        order_number = Invoice.get(Invoice.number == reported["aborted"]).order_number
        await app.push_screen(OrderDetailScreen(order_number))
        text = await wait_for_text(pilot, f"{reported['aborted']} (Számla")
        assert "NAV: ELUTASÍTVA" in text and "INVALID_CUSTOMER_TAX_NUMBER" in text
        assert "NAV-bejelentés nincs beállítva" not in text
        done = Invoice.get(Invoice.number == reported["done"]).order_number
        await app.push_screen(OrderDetailScreen(done))
        await wait_for_text(pilot, f"{reported['done']} (Számla")
        assert "NAV: befogadva" in screen_text(app)


async def test_the_status_line_says_when_nav_was_reached_and_what_waits(nav_table, make_app):
    sync = NavSync(NavServiceStatus(enabled=True, last_reached=REACHED, waiting=3))
    app = make_app(sync_service=sync)
    async with run(app) as pilot:
        await wait_until(pilot, lambda: "NAV: 14:05, 3 vár" in sync_status(app), what="NAV")
        sync.nav = NavServiceStatus(enabled=True, last_reached=REACHED, waiting=3, aborted=2)
        await wait_until(
            pilot, lambda: "NAV: 14:05, 3 vár, 2 elutasítva" in sync_status(app), what="aborted"
        )
        sync.nav = NavServiceStatus(enabled=True, last_reached=REACHED, error="CONNECTION: x")
        await wait_until(pilot, lambda: "NAV: nem érhető el" in sync_status(app), what="error")
        # after a shop's line when it fits, on a line of its own when not: never broken up
        sync.nav = NavServiceStatus(enabled=True, last_reached=REACHED, waiting=3)
        sync.shops = [ShopStatus("webshop", last_run=REACHED, next_run=REACHED)]
        await wait_until(
            pilot,
            lambda: screen_text(app).splitlines()[2] == " NAV: 14:05, 3 vár",
            what="NAV on a line of its own",
        )
        assert screen_text(app).splitlines()[1].startswith(" webshop: utolsó szinkron")
        sync.shops = [ShopStatus("web", running=True)]
        await wait_until(
            pilot, lambda: "web: szinkron fut…  │  NAV: 14:05, 3 vár" in sync_status(app)
        )
        sync.nav = NavServiceStatus(enabled=False)  # not reported: nothing said
        await wait_until(pilot, lambda: "NAV" not in sync_status(app), what="nothing")


async def test_the_running_sync_service_reports_the_rejected_invoice_soon(
    nav_table, make_app, reported, ui_config, monkeypatch
):
    """The real service (no shops, reporting on): a run at its start, and one more at once
    when an invoice is sent again, not 20 s later; its outcome in the status line."""
    from okos_tui.services.nav_reporting import ReportRun
    from okos_tui.services.sync import service as sync_module

    runs: list[str] = []
    rejected = Invoice.get(Invoice.number == reported["aborted"])

    def report_all(config, make_client) -> ReportRun:
        runs.append(NavReport.get(NavReport.invoice == rejected).status)  # what it finds
        return ReportRun(waiting=0, pending=1, aborted=0)

    monkeypatch.setattr(sync_module, "report_all", report_all)
    monkeypatch.setattr(sync_module, "client_factory", lambda config: None)
    app = make_app(mode="cart", sync_service=sync_module.SyncService(ui_config))
    async with run(app) as pilot:
        await wait_until(pilot, lambda: runs == ["aborted"], what="the first run")
        await wait_until(pilot, lambda: ", 1 vár" in sync_status(app), what="the status line")
        await open_cart_invoices(pilot, 3)
        await pilot.press("tab", "down", "n")
        await wait_until(pilot, lambda: runs == ["aborted", "pending"], what="a run at once")
        await wait_for_toast(pilot, "hamarosan megy a NAV-nak")
