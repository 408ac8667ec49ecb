"""What the front ends show is read in one go into plain values: a screen that shows an order
or the cart never queries the database on the UI thread, and reading the cart never waits for
another process's write."""

from __future__ import annotations

import dataclasses
import sqlite3
import time
from datetime import UTC, datetime
from decimal import Decimal

import peewee

from okos_tui.config import load_config
from okos_tui.db import database
from okos_tui.domain.invoicing import cart_add, issue_invoice
from okos_tui.domain.sales.orders import (
    AddressInput,
    CustomerInput,
    OrderLineInput,
    cancel_order,
    create_order,
)
from okos_tui.domain.stock.documents import ItemInput, receive_goods
from okos_tui.services.backoffice import Backoffice
from okos_tui.services.settings import invoice_settings
from okos_tui.services.views import order_view

CUSTOMER = CustomerInput(
    "Szőke Péter", email="peter@example.hu", billing=AddressInput("Szőke Péter", "9021", "Győr")
)


def an_order(*lines: OrderLineInput, minutes: int = 0) -> str:
    moment = datetime(2026, 3, 2, 9, minutes, tzinfo=UTC)
    return create_order(
        CUSTOMER,
        list(lines),
        warehouse_code="MAIN",
        prefix="R",
        created_at=moment,
        payment_method="Átutalás",
    ).number


def walk(value: object) -> None:
    """Read every field of a view, recursively; fail on anything that is a model."""
    assert not isinstance(value, peewee.Model), value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            walk(getattr(value, field.name))
    elif isinstance(value, tuple | list):
        for item in value:
            walk(item)
    str(value)


def test_an_order_view_needs_no_database_once_read(config_file, db, catalog):
    receive_goods("MAIN", [ItemInput("BOG-01", "5")])
    number = an_order(
        OrderLineInput(code="BOG-01", quantity="2"),
        OrderLineInput(name="Szállítás", quantity="1", unit_net="1500", vat="27%"),
    )
    settings = invoice_settings(load_config(config_file))
    invoice = issue_invoice(number, settings)

    view = order_view(number)
    database.obj.close()  # what is shown needs nothing more from the database

    walk(view)
    assert [line.sku for line in view.lines] == ["BOG-01", ""]
    assert [line.vat_code for line in view.lines] == ["27%", "27%"]
    assert view.invoices[0].number == invoice.number and view.warehouse == "MAIN"
    assert view.totals.gross == Decimal("2540") + Decimal("1905")
    assert view.invoice_to_cancel is not None


def test_the_cart_is_read_without_the_write_lock(config_file, db, db_path, catalog):
    """Another process holds the write lock (a long sync, say): the cart still shows at once,
    and an order cancelled meanwhile is not in it (nothing is deleted to show it)."""
    receive_goods("MAIN", [ItemInput("BOG-01", "5")])
    kept = an_order(OrderLineInput(code="BOG-01", quantity="1"))
    gone = an_order(OrderLineInput(code="BOG-01", quantity="1"), minutes=1)
    cart_add([kept, gone])
    cancel_order(gone)
    backoffice = Backoffice(load_config(config_file))

    writer = sqlite3.connect(db_path, timeout=0)
    try:
        writer.execute("BEGIN IMMEDIATE")  # the write lock, held
        started = time.monotonic()
        cart = backoffice.cart()
        took = time.monotonic() - started
    finally:
        writer.rollback()
        writer.close()

    assert [order.number for order in cart.orders] == [kept]
    assert took < 1.0, f"the cart waited {took:.1f} s for the write lock"


def test_a_cancelled_order_leaves_the_cart(db, catalog):
    receive_goods("MAIN", [ItemInput("BOG-01", "5")])
    number = an_order(OrderLineInput(code="BOG-01", quantity="1"))
    cart_add([number])
    cancel_order(number)
    assert database.execute_sql("SELECT COUNT(*) FROM cart_item").fetchone()[0] == 0


def test_each_invoice_comes_with_its_report_to_nav_in_the_same_query(config_file, db, catalog):
    """No report yet is pending, one on its way (sending) is sent; NAV's messages come along,
    and an order's invoices carry the same."""
    from okos_tui.db import Invoice, NavReport, NavStatus
    from okos_tui.services.views import invoice_list

    settings = invoice_settings(load_config(config_file))
    line = OrderLineInput(name="Tanácsadás", quantity="1", unit_net="1000", vat="27%")
    numbers = [issue_invoice(an_order(line, minutes=n), settings).number for n in range(5)]
    moment = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    for number, status, messages in zip(
        numbers[1:],
        (NavStatus.PENDING, NavStatus.SENDING, NavStatus.DONE, NavStatus.ABORTED),
        ("", "", "WARN: x", "ERROR INVALID_X: rossz"),
        strict=True,
    ):
        NavReport.create(
            invoice=Invoice.get(Invoice.number == number),
            operation="CREATE",
            status=status,
            messages=messages,
            updated_at=moment,
        )

    listed = invoice_list()
    assert [(i.nav_status, i.nav_message, i.nav_rejected) for i in listed] == [
        ("pending", "", False),
        ("pending", "", False),
        ("sent", "", False),
        ("done", "WARN: x", False),
        ("aborted", "ERROR INVALID_X: rossz", True),
    ]
    rejected = Invoice.get(Invoice.number == numbers[4]).order_number
    (invoice,) = order_view(rejected).invoices
    assert (invoice.nav_status, invoice.nav_message) == ("aborted", "ERROR INVALID_X: rossz")
