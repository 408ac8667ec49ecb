"""Random sequences of order creation, invoicing, storno and cancelling against a simple model:
whatever the order of events, invoice numbers stay gapless, every INVOICED order has exactly one
invoice that is not cancelled (and no other order has one), and the stock equals the opening
stock minus what was invoiced plus what was cancelled by storno. Every example runs on a new
SQLite file."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okos_tui.config import load_config
from okos_tui.core import clock
from okos_tui.core.errors import DomainError, InvalidState, StockWouldGoNegative
from okos_tui.db import (
    Invoice,
    InvoiceKind,
    InvoiceLine,
    Product,
    SalesOrder,
    SalesOrderStatus,
    VatRate,
    database,
)
from okos_tui.domain.invoicing import InvoiceSettings, issue_invoice, storno_invoice
from okos_tui.domain.sales.orders import CustomerInput, OrderLineInput, cancel_order, create_order
from okos_tui.domain.stock.documents import ItemInput, adjust_stock
from okos_tui.domain.stock.report import stock_report
from okos_tui.services.settings import invoice_settings
from okos_tui.services.workspace import Context
from tests.conftest import write_config

OPENING = {"A-1": Decimal(6), "B-2": Decimal("2.5")}
QUANTITIES = {
    "A-1": [Decimal(1), Decimal(2), Decimal(3), Decimal(4)],
    "B-2": [Decimal("0.5"), Decimal("1.25"), Decimal("0.5"), Decimal(3)],
}

operation = st.one_of(
    st.tuples(
        st.just("create"),
        st.sampled_from(sorted(OPENING)),
        st.integers(1, 4),
        st.booleans(),  # with a service line too
    ),
    st.tuples(st.just("issue"), st.integers(0, 50)),
    st.tuples(st.just("storno"), st.integers(0, 50)),
    st.tuples(st.just("cancel"), st.integers(0, 50)),
)


def fresh_database(folder: Path) -> InvoiceSettings:
    config = write_config(folder)
    Context(str(config)).open()
    vat = VatRate.get(VatRate.code == "27%")
    for sku in OPENING:
        Product.create(sku=sku, name=f"Termék {sku}", vat_rate=vat, net_price=Decimal(1000))
    adjust_stock("MAIN", [ItemInput(sku, qty) for sku, qty in OPENING.items()])
    return invoice_settings(load_config(config))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(operation, min_size=1, max_size=30))
def test_random_histories_keep_numbers_orders_and_stock_consistent(monkeypatch, operations):
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 5, 4, 8, 0, tzinfo=UTC))
    with tempfile.TemporaryDirectory() as folder:
        settings_ = fresh_database(Path(folder))
        try:
            run_and_check(settings_, operations)
        finally:
            database.obj.close()


def run_and_check(settings_: InvoiceSettings, operations: list[tuple]) -> None:
    # the model
    orders: list[dict] = []  # number, sku, qty, status
    invoices: list[dict] = []  # number, kind, order index, cancelled
    physical = dict(OPENING)

    for op in operations:
        kind = op[0]
        if kind == "create":
            _, sku, pick, with_service = op
            qty = QUANTITIES[sku][pick - 1]
            lines = [OrderLineInput(code=sku, quantity=qty)]
            if with_service:
                lines.append(OrderLineInput(name="Szállítás", quantity="1", unit_net="1500"))
            created = create_order(
                CustomerInput("Győri Őrs"),
                lines,
                warehouse_code="MAIN",
                prefix="R",
                payment_method="Átutalás",
            )
            orders.append({"number": created.number, "sku": sku, "qty": qty, "status": "open"})
        elif kind == "issue" and orders:
            index = op[1] % len(orders)
            target = orders[index]
            can = target["status"] == "open" and physical[target["sku"]] >= target["qty"]
            try:
                invoice = issue_invoice(target["number"], settings_)
            except (InvalidState, StockWouldGoNegative):
                assert not can, f"issuing {target} was refused"
                continue
            assert can, f"issuing {target} was allowed"
            target["status"] = "invoiced"
            physical[target["sku"]] -= target["qty"]
            invoices.append(
                {"number": invoice.number, "kind": "invoice", "order": index, "cancelled": False}
            )
        elif kind == "storno" and invoices:
            target = invoices[op[1] % len(invoices)]
            can = target["kind"] == "invoice" and not target["cancelled"]
            try:
                storno = storno_invoice(target["number"], settings_)
            except InvalidState:
                assert not can, f"storno of {target} was refused"
                continue
            assert can, f"storno of {target} was allowed"
            target["cancelled"] = True
            the_order = orders[target["order"]]
            the_order["status"] = "open"
            physical[the_order["sku"]] += the_order["qty"]
            invoices.append({"number": storno.number, "kind": "storno", "order": target["order"]})
        elif kind == "cancel" and orders:
            target = orders[op[1] % len(orders)]
            try:
                cancel_order(target["number"])
            except DomainError:
                assert target["status"] != "open"
                continue
            assert target["status"] == "open"
            target["status"] = "cancelled"

    # numbers: gapless, in the order they were issued, invoices and stornos in one sequence
    stored = list(Invoice.select().order_by(Invoice.id))
    assert [i.number for i in stored] == [f"SZ-2026-{n:06d}" for n in range(1, len(stored) + 1)]
    assert [i.number for i in stored] == [i["number"] for i in invoices]

    # every INVOICED order has exactly one invoice that no storno cancels; others have none
    cancelled_ids = {i.original_id for i in stored if i.kind == InvoiceKind.STORNO}
    live: dict[int, int] = {}
    for invoice in stored:
        if invoice.kind == InvoiceKind.INVOICE and invoice.id not in cancelled_ids:
            live[invoice.order_id] = live.get(invoice.order_id, 0) + 1
    for order in SalesOrder.select():
        expected = 1 if order.status == SalesOrderStatus.INVOICED else 0
        assert live.get(order.id, 0) == expected, (order.number, order.status)
    assert {o.number: o.status for o in SalesOrder.select()} == {
        o["number"]: o["status"] for o in orders
    }
    # each storno mirrors its original: opposite totals, same order
    by_id = {i.id: i for i in stored}
    for storno in (i for i in stored if i.kind == InvoiceKind.STORNO):
        original = by_id[storno.original_id]
        assert storno.gross_total == -original.gross_total
        assert storno.order_id == original.order_id

    # stock = opening - invoiced + cancelled by storno (storno lines carry negative quantities)
    report = {row.sku: row for row in stock_report("MAIN")}
    for sku, opening in OPENING.items():
        invoiced = sum(
            (
                line.quantity
                for line in InvoiceLine.select().join(Product).where(Product.sku == sku)
            ),
            Decimal(0),
        )
        assert report[sku].physical == opening - invoiced == physical[sku], sku
        reserved = sum(
            (o["qty"] for o in orders if o["sku"] == sku and o["status"] == "open"), Decimal(0)
        )
        assert report[sku].reserved == reserved, sku
