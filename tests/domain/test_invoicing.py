"""Invoices and storno invoices from orders, on a real SQLite file: what an invoice copies, how
it is numbered, how stock and the order's status follow, the invoice cart, and that every
refusal leaves the database exactly as it was (no number used)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from okos_tui.config import load_config
from okos_tui.core import clock
from okos_tui.core.errors import (
    DomainError,
    InvalidState,
    InvalidValue,
    NotFound,
    StockWouldGoNegative,
)
from okos_tui.db import (
    CartItem,
    Invoice,
    InvoiceKind,
    InvoiceLine,
    NumberSequence,
    SalesOrderLine,
    SalesOrderStatus,
    StockDocument,
    StockDocumentKind,
    StockMovement,
)
from okos_tui.domain.invoicing import (
    InvoiceOutcome,
    InvoiceSettings,
    VatSummaryRow,
    cart_add,
    cart_orders,
    cart_remove,
    get_invoice,
    invoice_orders,
    issue_invoice,
    storno_invoice,
    vat_summary,
)
from okos_tui.domain.sales.orders import (
    AddressInput,
    CustomerInput,
    OrderLineInput,
    cancel_order,
    create_order,
    get_order,
    order_totals,
)
from okos_tui.domain.stock.documents import ItemInput, receive_goods
from okos_tui.domain.stock.report import stock_report
from okos_tui.services.settings import invoice_settings

MARCH_2 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ORS = CustomerInput(
    "Szűcs Örs",
    email="ors@example.hu",
    tax_number="87654323-1-08",
    billing=AddressInput("Szűcs Örs Kft.", "9021", "Győr", "Őz utca 1.", "HU"),
)


@pytest.fixture
def settings(config_file) -> InvoiceSettings:
    return invoice_settings(load_config(config_file))


@pytest.fixture
def at(monkeypatch) -> Callable[[datetime], None]:
    """Set the clock invoicing reads (issue date = the Budapest date of this moment)."""

    def set_clock(moment: datetime) -> None:
        monkeypatch.setattr(clock, "now", lambda: moment)

    set_clock(MARCH_2)
    return set_clock


def order(*specs: str | OrderLineInput, warehouse="MAIN", customer=ORS, **options):
    lines = []
    for spec in specs:
        if isinstance(spec, OrderLineInput):
            lines.append(spec)
            continue
        code, _, rest = spec.partition("=")
        quantity, sep, price = rest.partition("@")
        lines.append(OrderLineInput(code=code, quantity=quantity, unit_net=price if sep else None))
    options.setdefault("payment_method", "Átutalás")
    return create_order(
        customer, lines, warehouse_code=warehouse, prefix="R", created_at=MARCH_2, **options
    )


def stock(warehouse: str = "MAIN") -> dict[str, tuple[Decimal, Decimal]]:
    """SKU -> (physical, reserved) in a warehouse."""
    return {row.sku: (row.physical, row.reserved) for row in stock_report(warehouse)}


def refused(db_path, dump, action, error=DomainError) -> DomainError:
    """Run `action`, expecting `error`, and check that nothing at all was written."""
    before = dump(db_path)
    with pytest.raises(error) as caught:
        action()
    assert dump(db_path) == before
    message = str(caught.value)
    assert message and message != caught.value.key  # the message exists in the catalogue
    return caught.value


def numbers() -> list[str]:
    return [i.number for i in Invoice.select().order_by(Invoice.id)]


def line_values(invoice: Invoice) -> list[tuple]:
    return [
        (
            line.position,
            line.product.sku if line.product_id else None,
            line.name,
            line.quantity,
            line.unit,
            line.unit_net,
            line.vat_code,
            line.vat_percent,
            line.net,
            line.vat,
            line.gross,
        )
        for line in invoice.lines.order_by(InvoiceLine.position)
    ]


# --- issuing ---------------------------------------------------------------------------------


def test_an_invoice_copies_the_order_seller_and_buyer(catalog, settings, at):
    receive_goods("MAIN", [ItemInput("BOG-01", "10"), ItemInput("TEA-01", "10")])
    created = order(
        "BOG-01=2",
        "TEA-01=3@1000",
        OrderLineInput(name="Szállítási díj", quantity="1", unit_net="1500"),
        payment_method="Átutalás",
        shop_order_id=4711,
    )
    expected_lines = [
        (
            n,
            line.product.sku if line.product_id else None,
            line.name,
            line.quantity,
            line.unit,
            line.unit_net,
            line.vat_rate.code,
            line.vat_rate.rate,
            line.net,
            line.vat,
            line.gross,
        )
        for n, line in enumerate(created.lines.order_by(SalesOrderLine.position), start=1)
    ]
    totals = order_totals(created)

    invoice = get_invoice(issue_invoice(created.number, settings).number)

    assert invoice.number == "SZ-2026-000001"
    assert invoice.kind == InvoiceKind.INVOICE and invoice.original_id is None
    assert invoice.order_id == created.id and invoice.order_number == created.number
    assert (invoice.issued_on, invoice.fulfilled_on, invoice.due_on) == (
        date(2026, 3, 2),
        date(2026, 3, 2),
        date(2026, 3, 10),  # [invoicing] due_days defaults to 8
    )
    assert invoice.created_at == MARCH_2
    assert (invoice.payment_method, invoice.currency, invoice.shop_order_id) == (
        "Átutalás",
        "HUF",
        4711,
    )
    assert (invoice.seller_name, invoice.seller_tax_number, invoice.seller_address) == (
        "Teszt Webáruház Kft.",
        "12345676-2-08",
        "1111 Budapest, Teszt utca 1.",
    )
    assert (
        invoice.buyer_name,
        invoice.buyer_postcode,
        invoice.buyer_city,
        invoice.buyer_street,
        invoice.buyer_country,
        invoice.buyer_tax_number,
        invoice.buyer_email,
    ) == ("Szűcs Örs Kft.", "9021", "Győr", "Őz utca 1.", "HU", "87654323-1-08", "ors@example.hu")
    assert line_values(invoice) == expected_lines
    assert [row[1] for row in expected_lines] == ["BOG-01", "TEA-01", None]
    assert (invoice.net_total, invoice.vat_total, invoice.gross_total) == (
        totals.net,
        totals.vat,
        totals.gross,
    )
    assert totals.gross == Decimal("2540") + Decimal("3150") + Decimal("1905")

    assert get_order(created.number).status == SalesOrderStatus.INVOICED
    # the goods left the stock on one document of kind "invoice" linked to the invoice;
    # the service line moves nothing
    (document,) = StockDocument.select().where(StockDocument.kind == StockDocumentKind.INVOICE)
    assert document.invoice_id == invoice.id and document.note == invoice.number
    assert document.number == "KIA-2026-000001" and document.warehouse.code == "MAIN"
    assert {(m.product.sku, m.quantity) for m in document.movements} == {
        ("BOG-01", Decimal(-2)),
        ("TEA-01", Decimal(-3)),
    }
    assert stock()["BOG-01"] == (8, 0) and stock()["TEA-01"] == (7, 0)


def test_the_invoice_does_not_follow_later_changes_of_the_seller(catalog, settings, at):
    first = issue_invoice(order("SZALL=1").number, settings)
    renamed = dataclasses.replace(
        settings, seller=dataclasses.replace(settings.seller, name="Új Név Zrt.")
    )
    second = issue_invoice(order("SZALL=1").number, renamed)
    assert get_invoice(first.number).seller_name == "Teszt Webáruház Kft."
    assert get_invoice(second.number).seller_name == "Új Név Zrt."


def test_imported_line_amounts_are_kept_so_the_gross_equals_the_shops_total(catalog, settings, at):
    # a shop computes VAT on the gross price: 3 x 1270 gross = 3810 TOTAL, net 3000, VAT 810;
    # the second line's amounts do not match a recomputation (1 x 952.38 + 5%) on purpose
    shop_total = Decimal("3810") + Decimal("1000")
    created = order(
        OrderLineInput(
            code="SZALL",
            quantity="3",
            unit_net="1000",
            net=Decimal("3000"),
            vat_amount=Decimal("810"),
            gross=Decimal("3810"),
        ),
        OrderLineInput(
            code="TEA-01",
            quantity="1",
            unit_net="952.38",
            net=Decimal("952.38"),
            vat_amount=Decimal("47.62"),
            gross=Decimal("1000"),
        ),
    )
    receive_goods("MAIN", [ItemInput("TEA-01", "1")])
    invoice = issue_invoice(created.number, settings)
    assert invoice.gross_total == shop_total == order_totals(created).gross
    assert [(row[8], row[9], row[10]) for row in line_values(invoice)] == [
        (Decimal("3000"), Decimal("810"), Decimal("3810")),
        (Decimal("952.38"), Decimal("47.62"), Decimal("1000")),
    ]
    assert (invoice.net_total, invoice.vat_total) == (Decimal("3952.38"), Decimal("857.62"))


def test_vat_summary_sums_per_rate_highest_rate_first(catalog, settings, at):
    receive_goods("MAIN", [ItemInput("BOG-01", "5"), ItemInput("TEA-01", "5")])
    created = order("TEA-01=2@1000", "BOG-01=1@1000", "SZALL=1@500", "LIS-01=0.5@800")
    receive_goods("MAIN", [ItemInput("LIS-01", "1")])
    invoice = issue_invoice(created.number, settings)
    assert vat_summary(invoice) == [
        VatSummaryRow(
            "27%", Decimal(27), "percentage", "", *map(Decimal, (1500, 405, 1905, 1500, 405))
        ),
        VatSummaryRow(
            "5%", Decimal(5), "percentage", "", *map(Decimal, (2400, 120, 2520, 2400, 120))
        ),
    ]
    rows = vat_summary(invoice)
    assert sum(r.gross for r in rows) == invoice.gross_total
    assert sum(r.net for r in rows) == invoice.net_total
    storno = storno_invoice(invoice.number, settings)
    assert [(r.vat_code, r.net, r.vat, r.gross) for r in vat_summary(storno)] == [
        ("27%", Decimal(-1500), Decimal(-405), Decimal(-1905)),
        ("5%", Decimal(-2400), Decimal(-120), Decimal(-2520)),
    ]


# --- numbering -------------------------------------------------------------------------------


def test_numbers_are_gapless_and_storno_numbers_come_from_the_same_sequence(
    catalog, settings, at, db_path, dump
):
    orders = [order("SZALL=1").number for _ in range(4)]
    first = issue_invoice(orders[0], settings)
    refused(db_path, dump, lambda: issue_invoice(orders[0], settings), InvalidState)
    second = issue_invoice(orders[1], settings)
    storno = storno_invoice(first.number, settings)
    refused(db_path, dump, lambda: storno_invoice(first.number, settings), InvalidState)
    third = issue_invoice(orders[0], settings)  # the order is OPEN again after the storno
    fourth = issue_invoice(orders[2], settings)
    assert [first.number, second.number, storno.number, third.number, fourth.number] == [
        f"SZ-2026-{n:06d}" for n in range(1, 6)
    ]
    assert numbers() == [f"SZ-2026-{n:06d}" for n in range(1, 6)]
    sequence = NumberSequence.get((NumberSequence.prefix == "SZ") & (NumberSequence.year == 2026))
    assert sequence.last_number == 5


def test_a_prefix_from_the_settings_is_its_own_sequence(catalog, settings, at):
    own = dataclasses.replace(settings, prefix="E")
    assert issue_invoice(order("SZALL=1").number, own).number == "E-2026-000001"
    assert issue_invoice(order("SZALL=1").number, settings).number == "SZ-2026-000001"
    assert issue_invoice(order("SZALL=1").number, own).number == "E-2026-000002"


def test_the_year_is_the_budapest_year_of_issue(catalog, settings, at):
    at(datetime(2026, 12, 31, 22, 59, tzinfo=UTC))  # 23:59 in Budapest
    late = issue_invoice(order("SZALL=1").number, settings)
    at(datetime(2026, 12, 31, 23, 30, tzinfo=UTC))  # 00:30 on 1 January in Budapest
    new_year = issue_invoice(order("SZALL=1").number, settings)
    storno = storno_invoice(late.number, settings)
    assert (late.number, late.issued_on) == ("SZ-2026-000001", date(2026, 12, 31))
    assert (new_year.number, new_year.issued_on) == ("SZ-2027-000001", date(2027, 1, 1))
    # the storno of a 2026 invoice issued in 2027 takes a 2027 number; fulfilment stays 2026
    assert (storno.number, storno.issued_on, storno.fulfilled_on) == (
        "SZ-2027-000002",
        date(2027, 1, 1),
        date(2026, 12, 31),
    )
    assert new_year.due_on == date(2027, 1, 9)


# --- storno ----------------------------------------------------------------------------------


def test_storno_negative_lines_original_date_order_open_again_stock_back(catalog, settings, at):
    receive_goods("SHOP", [ItemInput("BOG-01", "10"), ItemInput("LIS-01", "5")])
    created = order("BOG-01=4", "LIS-01=1.25", "SZALL=1", warehouse="SHOP")
    original = issue_invoice(created.number, settings)
    assert stock("SHOP")["BOG-01"] == (6, 0)
    assert stock("SHOP")["LIS-01"] == (Decimal("3.75"), 0)

    at(datetime(2026, 3, 9, 10, 0, tzinfo=UTC))
    storno = get_invoice(storno_invoice(original.number, settings).number)

    assert storno.kind == InvoiceKind.STORNO and storno.original_id == original.id
    assert storno.number == "SZ-2026-000002"
    assert (storno.issued_on, storno.fulfilled_on) == (date(2026, 3, 9), date(2026, 3, 2))
    assert storno.order_id == original.order_id and storno.order_number == created.number
    assert (storno.buyer_name, storno.seller_tax_number) == (
        original.buyer_name,
        original.seller_tax_number,
    )
    negated = [
        (*row[:3], -row[3], *row[4:8], -row[8], -row[9], -row[10])
        for row in line_values(get_invoice(original.number))
    ]
    assert line_values(storno) == negated
    assert (storno.net_total, storno.vat_total, storno.gross_total) == (
        -original.net_total,
        -original.vat_total,
        -original.gross_total,
    )

    assert get_order(created.number).status == SalesOrderStatus.OPEN
    # the goods are back, and the OPEN order reserves them again
    assert stock("SHOP")["BOG-01"] == (10, 4)
    assert stock("SHOP")["LIS-01"] == (5, Decimal("1.25"))
    assert stock("MAIN")["BOG-01"] == (0, 0)
    (back,) = StockDocument.select().where(StockDocument.kind == StockDocumentKind.INVOICE_STORNO)
    assert back.invoice_id == storno.id and back.issued_on == date(2026, 3, 9)
    assert back.number == "VIS-2026-000001" and back.warehouse.code == "SHOP"

    # invoiced again: a new number, the goods leave again
    again = issue_invoice(created.number, settings)
    assert again.number == "SZ-2026-000003"
    assert get_order(created.number).status == SalesOrderStatus.INVOICED
    assert stock("SHOP")["BOG-01"] == (6, 0)
    # the ledger: -4, +4, -4 for the mug in SHOP
    assert [
        m.quantity
        for m in StockMovement.select()
        .join(StockDocument)
        .where(StockDocument.invoice_id.is_null(False))
        .order_by(StockMovement.id)
        if m.product.sku == "BOG-01"
    ] == [-4, 4, -4]


# --- refusals: a clear error, nothing written, no number used ---------------------------------


def test_a_non_open_order_is_refused(catalog, settings, at, db_path, dump):
    invoiced = order("SZALL=1").number
    issue_invoice(invoiced, settings)
    cancelled = order("SZALL=1").number
    cancel_order(cancelled)
    for number in (invoiced, cancelled):
        error = refused(db_path, dump, lambda n=number: issue_invoice(n, settings), InvalidState)
        assert number in str(error)
    error = refused(db_path, dump, lambda: issue_invoice("R-2026-999999", settings), NotFound)
    assert "R-2026-999999" in str(error)
    assert issue_invoice(order("SZALL=1").number, settings).number == "SZ-2026-000002"


def test_goods_not_on_stock_are_refused_unless_negative_stock_is_allowed(
    catalog, settings, at, db_path, dump
):
    receive_goods("MAIN", [ItemInput("BOG-01", "2"), ItemInput("TEA-01", "9")])
    created = order("TEA-01=1", "BOG-01=3")
    error = refused(
        db_path, dump, lambda: issue_invoice(created.number, settings), StockWouldGoNegative
    )
    assert "BOG-01" in str(error)
    assert get_order(created.number).status == SalesOrderStatus.OPEN

    allowed = dataclasses.replace(settings, allow_negative=True)
    invoice = issue_invoice(created.number, allowed)
    assert invoice.number == "SZ-2026-000001"  # the refusal used no number
    assert stock()["BOG-01"] == (-1, 0) and stock()["TEA-01"] == (8, 0)
    storno_invoice(invoice.number, settings)  # the way back never needs permission
    assert stock()["BOG-01"] == (2, 3)


def test_a_storno_of_a_storno_and_a_second_storno_are_refused(catalog, settings, at, db_path, dump):
    original = issue_invoice(order("SZALL=1").number, settings)
    storno = storno_invoice(original.number, settings)
    error = refused(db_path, dump, lambda: storno_invoice(original.number, settings), InvalidState)
    assert original.number in str(error)
    error = refused(db_path, dump, lambda: storno_invoice(storno.number, settings), InvalidState)
    assert storno.number in str(error)
    refused(db_path, dump, lambda: storno_invoice("SZ-2026-000099", settings), NotFound)
    # even after the order was invoiced again, the first invoice stays cancelled once
    issue_invoice(original.order_number, settings)
    refused(db_path, dump, lambda: storno_invoice(original.number, settings), InvalidState)
    assert numbers() == ["SZ-2026-000001", "SZ-2026-000002", "SZ-2026-000003"]


def test_a_missing_seller_tax_number_is_refused(catalog, settings, at, db_path, dump):
    created = order("SZALL=1")
    no_tax = dataclasses.replace(
        settings, seller=dataclasses.replace(settings.seller, tax_number="")
    )
    error = refused(db_path, dump, lambda: issue_invoice(created.number, no_tax), InvalidValue)
    assert "adószám" in str(error).lower()
    assert issue_invoice(created.number, settings).number == "SZ-2026-000001"


def test_a_failure_late_in_the_transaction_rolls_back_the_number(
    catalog, settings, at, db_path, dump, monkeypatch
):
    """Even an unexpected error after the number was taken leaves no trace."""
    import okos_tui.domain.invoicing as invoicing

    created = order("SZALL=1")

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(invoicing, "mark_invoiced", broken)
    before = dump(db_path)
    with pytest.raises(RuntimeError):
        issue_invoice(created.number, settings)
    assert dump(db_path) == before
    monkeypatch.undo()
    monkeypatch.setattr(clock, "now", lambda: MARCH_2)
    assert issue_invoice(created.number, settings).number == "SZ-2026-000001"


# --- the invoice cart ------------------------------------------------------------------------


def test_cart_add_remove_and_list(catalog, at, db_path, dump):
    first, second, third, fourth = (order("SZALL=1").number for _ in range(4))
    assert cart_add([second, first]) == 2
    assert cart_add([first]) == 0  # already there: once
    assert [o.number for o in cart_orders()] == [first, second]  # oldest first
    cancel_order(third)
    refused(db_path, dump, lambda: cart_add([fourth, third]), InvalidState)  # all or nothing
    refused(db_path, dump, lambda: cart_add(["R-2026-000404"]), NotFound)
    assert cart_remove([first]) == 1
    assert cart_remove([first]) == 0
    assert [o.number for o in cart_orders()] == [second]


def test_an_order_that_stops_being_open_drops_out_of_the_cart(catalog, settings, at):
    first, second = (order("SZALL=1").number for _ in range(2))
    cart_add([first, second])
    issue_invoice(first, settings)  # invoicing takes it out of the cart itself
    assert CartItem.select().count() == 1
    cancel_order(second)
    assert cart_orders() == []
    assert CartItem.select().count() == 0


def test_invoicing_the_cart_reports_each_order_and_a_failure_stops_nothing(catalog, settings, at):
    receive_goods("MAIN", [ItemInput("BOG-01", "5")])
    ok1 = order("BOG-01=2").number
    short = order("BOG-01=4").number  # after ok1 only 3 left
    ok2 = order("SZALL=1").number
    ok3 = order("BOG-01=3").number
    cart_add([ok1, short, ok2, ok3])
    seen: list[tuple[int, int, InvoiceOutcome]] = []

    outcomes = invoice_orders(
        [o.number for o in cart_orders()],
        settings,
        progress=lambda done, total, outcome: seen.append((done, total, outcome)),
    )

    assert [(o.order_number, o.invoice_number, o.ok) for o in outcomes] == [
        (ok1, "SZ-2026-000001", True),
        (short, None, False),
        (ok2, "SZ-2026-000002", True),
        (ok3, "SZ-2026-000003", True),
    ]
    assert "BOG-01" in outcomes[1].error
    assert [(done, total) for done, total, _ in seen] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert [outcome for _, _, outcome in seen] == outcomes
    # the refused order is still OPEN and still waits in the cart; the rest left it
    assert get_order(short).status == SalesOrderStatus.OPEN
    assert [o.number for o in cart_orders()] == [short]
    assert stock()["BOG-01"] == (0, 4)


def test_invoice_totals_equal_order_totals_for_many_prices(catalog, settings, at):
    receive_goods("MAIN", [ItemInput("LIS-01", "1000"), ItemInput("TEA-01", "1000")])
    for n in range(1, 12):
        created = order(
            f"LIS-01={n * 0.137:.3f}@{799 + n * 13.37:.2f}",
            f"TEA-01={n}@{952.38 + n:.2f}",
            OrderLineInput(name="Csomagolás", quantity="1", unit_net=f"{n * 99.5}", vat="5%"),
        )
        invoice = issue_invoice(created.number, settings)
        totals = order_totals(created)
        assert (invoice.net_total, invoice.vat_total, invoice.gross_total) == (
            totals.net,
            totals.vat,
            totals.gross,
        )
        assert invoice.net_total + invoice.vat_total == invoice.gross_total
        stored = list(InvoiceLine.select().where(InvoiceLine.invoice == invoice.id))
        assert sum(line.gross for line in stored) == invoice.gross_total
