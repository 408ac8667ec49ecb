"""Invoices as Áfa tv. 169. § and the NAV data model want them, on a real SQLite file: the VAT
category of every line with its legal ground, an AAM seller charging no VAT, the fulfilment and
due dates by payment, cash rounding, foreign currency, the buyer's tax number, and what is
refused (leaving the database as it was)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from okos_tui.config import load_config
from okos_tui.core import clock
from okos_tui.core.errors import InvalidValue
from okos_tui.db import Invoice, InvoiceLine, NumberSequence, SalesOrder
from okos_tui.domain.invoicing import (
    InvoiceSettings,
    exchange_rate,
    issue_invoice,
    set_exchange_rate,
    storno_invoice,
    vat_summary,
)
from okos_tui.domain.sales.orders import (
    AddressInput,
    CustomerInput,
    OrderLineInput,
    create_order,
    order_totals,
)
from okos_tui.services.settings import invoice_settings
from okos_tui.services.views import invoice_view

MARCH_2 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ORDERED = datetime(2026, 2, 20, 9, 0, tzinfo=UTC)
BUYER = CustomerInput(
    "Szűcs Örs",
    email="ors@example.hu",
    billing=AddressInput("Szűcs Örs", "9021", "Győr", "Őz utca 1.", "HU"),
)


@pytest.fixture
def settings(config_file, monkeypatch) -> InvoiceSettings:
    monkeypatch.setattr(clock, "now", lambda: MARCH_2)
    return invoice_settings(load_config(config_file))


def service(name: str, net: str, vat: str, quantity: str = "1") -> OrderLineInput:
    """A free-text line (no stock to move), priced net."""
    return OrderLineInput(name=name, unit_net=net, vat=vat, quantity=quantity)


def order(*lines: OrderLineInput, payment: str | None = "Átutalás", **options) -> str:
    options.setdefault("customer", BUYER)
    customer = options.pop("customer")
    return create_order(
        customer,
        list(lines),
        warehouse_code="MAIN",
        prefix="R",
        payment_method=payment,
        created_at=ORDERED,
        **options,
    ).number


def set_order(number: str, **values) -> None:
    SalesOrder.update(**values).where(SalesOrder.number == number).execute()


def nothing_issued() -> bool:
    invoice_block = NumberSequence.select().where(NumberSequence.prefix == "SZ")
    return not Invoice.select().exists() and not invoice_block.exists()


# --- VAT categories --------------------------------------------------------------------------


def test_an_aam_seller_charges_no_vat_whatever_the_products_codes(settings, db):
    exempt = dataclasses.replace(
        settings, seller=dataclasses.replace(settings.seller, vat_exempt=True)
    )
    number = order(service("Tanácsadás", "1000", "27%"), service("Könyv", "2000", "5%"))
    gross = order_totals(SalesOrder.get(SalesOrder.number == number)).gross

    invoice = issue_invoice(number, exempt)

    lines = list(invoice.lines.order_by(InvoiceLine.position))
    assert [(li.vat_code, li.vat_category, li.vat) for li in lines] == [
        ("AAM", "exempt", 0),
        ("AAM", "exempt", 0),
    ]
    assert all("Áfa tv. 187. §" in li.vat_reason for li in lines)
    assert [li.net for li in lines] == [li.gross for li in lines] == [1270, 2100]
    assert (invoice.vat_total, invoice.net_total, invoice.gross_total) == (0, gross, gross)
    (row,) = vat_summary(invoice)
    assert (row.vat_code, row.vat, row.gross) == ("AAM", 0, gross)


def test_a_zero_percent_line_has_no_legal_ground_and_is_refused(settings, db, dump, db_path):
    number = order(service("Bögre", "1000", "27%"), service("Betétdíj", "50", "0%"))
    before = dump(db_path)

    with pytest.raises(InvalidValue) as refused:
        issue_invoice(number, settings)

    assert refused.value.key == "error.vat_without_ground"
    assert "Betétdíj" in str(refused.value) and "[shops.vat_map]" in str(refused.value)
    assert dump(db_path) == before and nothing_issued()


def test_out_of_scope_and_exempt_lines_carry_their_case_and_reason(settings, db):
    number = order(
        service("Bögre", "1000", "27%"),
        service("Visszaváltási díj", "50", "ATK", quantity="2"),
        service("Oktatás", "3000", "TAM"),
    )

    invoice = issue_invoice(number, settings)

    lines = {li.name: li for li in invoice.lines}
    assert (lines["Bögre"].vat_category, lines["Bögre"].vat) == ("percentage", 270)
    deposit = lines["Visszaváltási díj"]
    assert (deposit.vat_code, deposit.vat_category, deposit.vat, deposit.gross) == (
        "ATK",
        "out_of_scope",
        0,
        100,
    )
    assert "Áfa tv. 2. §" in deposit.vat_reason
    assert lines["Oktatás"].vat_category == "exempt" and "85" in lines["Oktatás"].vat_reason
    codes = [(row.vat_code, row.vat_category, row.gross) for row in vat_summary(invoice)]
    assert codes == [("27%", "percentage", 1270), ("ATK", "out_of_scope", 100),
                     ("TAM", "exempt", 3000)]  # fmt: skip
    view = invoice_view(invoice.number)
    assert [line.vat_percent for line in view.lines] == [Decimal(27), None, None]


# --- dates, payment, rounding ----------------------------------------------------------------


def test_a_card_order_paid_in_advance_is_fulfilled_and_due_on_the_payment_date(settings, db):
    number = order(service("Bögre", "1000", "27%"), payment="Bankkártya")
    set_order(number, paid_on=date(2026, 2, 21))

    invoice = issue_invoice(number, settings)

    assert (invoice.issued_on, invoice.fulfilled_on, invoice.due_on, invoice.paid_on) == (
        date(2026, 3, 2),
        date(2026, 2, 21),
        date(2026, 2, 21),
        date(2026, 2, 21),
    )
    assert invoice.payment_code == "CARD" and invoice.rounding == 0


def test_an_unpaid_transfer_is_fulfilled_on_issue_and_due_after_due_days(settings, db):
    invoice = issue_invoice(order(service("Bögre", "1000", "27%")), settings)
    assert (invoice.fulfilled_on, invoice.due_on, invoice.paid_on) == (
        date(2026, 3, 2),
        date(2026, 3, 10),
        None,
    )


def test_the_order_rule_a_date_on_the_order_and_one_given_win_in_that_order(settings, db):
    by_order = dataclasses.replace(settings, fulfilment=(("Átutalás", "order"),))
    first = order(service("Bögre", "1000", "27%"))
    assert issue_invoice(first, by_order).fulfilled_on == date(2026, 2, 20)

    second = order(service("Bögre", "1000", "27%"))
    set_order(second, fulfilment_on=date(2026, 2, 25))
    assert issue_invoice(second, by_order).fulfilled_on == date(2026, 2, 25)

    third = order(service("Bögre", "1000", "27%"))
    set_order(third, fulfilment_on=date(2026, 2, 25))
    given_date = issue_invoice(third, by_order, fulfilled_on=date(2026, 2, 27))
    assert given_date.fulfilled_on == date(2026, 2, 27)


@pytest.mark.parametrize(
    ("net", "payment", "rounding"),
    [
        ("790", "Készpénz", 2),  # 790 + 213 VAT = 1003 Ft, paid 1005
        ("789", "Utánvét", -2),  # 789 + 213 = 1002, paid 1000
        ("788", "Készpénz", -1),  # 788 + 213 = 1001, paid 1000
        ("790", "Átutalás", 0),  # not cash: never rounded
    ],
)
def test_cash_is_rounded_to_0_or_5_forints_and_the_vat_is_not(settings, db, net, payment, rounding):
    number = order(service("Bögre", net, "27%"), payment=payment)
    invoice = issue_invoice(number, settings)
    gross = invoice.gross_total
    if payment in ("Készpénz", "Utánvét"):
        assert invoice.payable % 5 == 0 and abs(invoice.rounding) <= 2
        assert invoice.payable - gross == invoice.rounding
    else:
        assert invoice.rounding == 0
    assert invoice.rounding == rounding
    assert invoice.vat_total == sum(li.vat for li in invoice.lines)


def test_a_storno_keeps_the_fulfilment_date_and_undoes_the_rounding(settings, db):
    number = order(service("Bögre", "790", "27%"), payment="Készpénz")
    set_order(number, fulfilment_on=date(2026, 2, 24))
    invoice = issue_invoice(number, settings)
    storno = storno_invoice(invoice.number, settings)

    assert storno.fulfilled_on == invoice.fulfilled_on == date(2026, 2, 24)
    assert (storno.rounding, storno.payable) == (-invoice.rounding, -invoice.payable)
    view = invoice_view(storno.number)
    assert (view.original, view.original_issued_on, view.original_fulfilled_on) == (
        invoice.number,
        date(2026, 3, 2),
        date(2026, 2, 24),
    )
    assert invoice_view(invoice.number).cancelled_by == storno.number


# --- currency --------------------------------------------------------------------------------


def test_a_euro_invoice_needs_a_rate_and_shows_the_vat_in_forints(settings, db, dump, db_path):
    number = order(service("Bögre", "10.50", "27%"), currency="EUR")
    before = dump(db_path)
    with pytest.raises(InvalidValue) as refused:
        issue_invoice(number, settings)
    assert refused.value.key == "error.no_exchange_rate"
    assert "okos rate set EUR" in str(refused.value)
    assert dump(db_path) == before

    set_exchange_rate("EUR", "390", date(2026, 2, 1))
    set_exchange_rate("EUR", "400.5", date(2026, 3, 1))
    set_exchange_rate("EUR", "410", date(2026, 3, 5))  # after the fulfilment date: not used
    assert exchange_rate("EUR", date(2026, 3, 2)) == Decimal("400.5")
    invoice = issue_invoice(number, settings)

    assert (invoice.currency, invoice.exchange_rate) == ("EUR", Decimal("400.5"))
    (row,) = vat_summary(invoice)
    assert (row.net, row.vat) == (Decimal("10.50"), Decimal("2.84"))
    assert (row.net_huf, row.vat_huf) == (Decimal(4205), Decimal(1137))


def test_the_shops_own_rate_wins_and_huf_is_always_one(settings, db):
    number = order(service("Bögre", "10", "27%"), currency="EUR")
    set_order(number, exchange_rate=Decimal("395.123456"))
    assert issue_invoice(number, settings).exchange_rate == Decimal("395.123456")
    huf = issue_invoice(order(service("Bögre", "1000", "27%")), settings)
    assert huf.exchange_rate == 1


@pytest.mark.parametrize("rate", ["0", "-1", "abc", "1e3"])
def test_a_bad_rate_or_currency_is_refused(db, rate):
    with pytest.raises(InvalidValue):
        set_exchange_rate("EUR", rate, date(2026, 3, 1))
    with pytest.raises(InvalidValue):
        set_exchange_rate("HUF", "1", date(2026, 3, 1))


# --- the buyer -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tax_number", "status"),
    [
        ("", "private"),
        ("12345676-2-41", "domestic"),
        ("DE123456789", "eu"),
        ("CHE-123.456.789", "other"),
    ],
)
def test_the_buyers_vat_status_comes_from_the_tax_number(settings, db, tax_number, status):
    buyer = dataclasses.replace(BUYER, tax_number=tax_number)
    invoice = issue_invoice(order(service("Bögre", "1000", "27%"), customer=buyer), settings)
    assert (invoice.buyer_vat_status, invoice.buyer_tax_number) == (status, tax_number)


@pytest.mark.parametrize("tax_number", ["12345678-2-41", "1234567-2-41", "DE12"])
def test_a_wrong_tax_number_is_refused_before_anything_is_written(
    settings, db, dump, db_path, tax_number
):
    buyer = dataclasses.replace(BUYER, tax_number=tax_number)
    number = order(service("Bögre", "1000", "27%"), customer=buyer)
    before = dump(db_path)
    with pytest.raises(InvalidValue) as refused:
        issue_invoice(number, settings)
    assert refused.value.key == "error.buyer_tax_number"
    assert tax_number in str(refused.value) and "--tax-number" in str(refused.value)
    assert dump(db_path) == before and nothing_issued()


def test_a_taxpayer_buyer_without_a_full_address_is_refused(settings, db):
    buyer = CustomerInput("Tűzkő Kft.", tax_number="12345676-2-41")
    number = order(service("Bögre", "1000", "27%"), customer=buyer)
    with pytest.raises(InvalidValue) as refused:
        issue_invoice(number, settings)
    assert refused.value.key == "error.buyer_address_missing"
    assert "--billing-city" in str(refused.value) and nothing_issued()


def test_an_order_without_a_payment_method_is_refused(settings, db):
    number = order(service("Bögre", "1000", "27%"), payment=None)
    with pytest.raises(InvalidValue) as refused:
        issue_invoice(number, settings)
    assert refused.value.key == "error.no_payment_method"
    assert nothing_issued()


# --- properties ------------------------------------------------------------------------------

LINES = st.lists(
    st.tuples(
        st.sampled_from(["27%", "18%", "5%", "AAM", "TAM", "ATK"]),
        st.integers(min_value=-50_000, max_value=500_000).map(lambda n: Decimal(n) / 100),
        st.integers(min_value=1, max_value=50),
    ),
    min_size=1,
    max_size=6,
).filter(lambda lines: sum(net * qty for _, net, qty in lines) > 0)


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lines=LINES,
    payment=st.sampled_from(["Készpénz", "Utánvét", "Bankkártya", "Átutalás"]),
    exempt=st.booleans(),
)
def test_sums_per_rate_the_order_gross_and_cash_rounding_hold_for_any_order(
    settings, db, lines, payment, exempt
):
    seller = dataclasses.replace(settings.seller, vat_exempt=exempt)
    number = order(
        *(service(f"Tétel {n}", str(net), code, str(qty)) for n, (code, net, qty) in
          enumerate(lines)),
        payment=payment,
    )  # fmt: skip
    expected_gross = order_totals(SalesOrder.get(SalesOrder.number == number)).gross

    invoice = issue_invoice(number, dataclasses.replace(settings, seller=seller))

    items = list(invoice.lines)
    summary = vat_summary(invoice)
    assert invoice.gross_total == expected_gross
    assert sum(r.net for r in summary) == invoice.net_total == sum(li.net for li in items)
    assert sum(r.vat for r in summary) == invoice.vat_total == sum(li.vat for li in items)
    assert sum(r.gross for r in summary) == invoice.gross_total
    for row in summary:
        mine = [li for li in items if li.vat_code == row.vat_code]
        assert row.net == sum(li.net for li in mine) and row.vat == sum(li.vat for li in mine)
    for item in items:
        assert item.net + item.vat == item.gross
        assert item.vat_category in ("percentage", "exempt", "out_of_scope")
        if item.vat_category != "percentage":
            assert item.vat == 0 and item.vat_reason
    if exempt:
        assert invoice.vat_total == 0
        assert {li.vat_code for li in items} <= {"AAM", "TAM", "ATK"}
    cash = payment in ("Készpénz", "Utánvét")
    assert abs(invoice.payable - invoice.gross_total) <= (2 if cash else 0)
    if cash:
        assert invoice.payable % 5 == 0
