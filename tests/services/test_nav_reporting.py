"""Reporting to NAV, end to end against the emulated NAV on 127.0.0.1 with a real SQLite file:
every invoice and storno reported exactly once (the emulator counts), faults and lost answers
resolved without a second report, NAV's refusals shown on the invoice."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from okos_tui.config import Config, load_config
from okos_tui.core import clock
from okos_tui.core.errors import InvalidState
from okos_tui.db import NavReport, NavStatus
from okos_tui.domain.invoicing import issue_invoice, storno_invoice
from okos_tui.domain.sales.orders import AddressInput, CustomerInput, OrderLineInput, create_order
from okos_tui.fakenav.nav import FakeNav
from okos_tui.fakenav.settings import DEFAULT_USER, INSTANT, FakeNavSettings
from okos_tui.services import nav_reporting
from okos_tui.services.nav_reporting import client_factory, report_all, report_rows, send_again
from okos_tui.services.settings import invoice_settings

MARCH_2 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BUYER = CustomerInput(
    "Tűzkő Kft.",
    tax_number="12345676-2-41",
    billing=AddressInput("Tűzkő Kft.", "6720", "Szeged", "Kárász u. 2.", "HU"),
)


@pytest.fixture
def nav() -> Iterator[FakeNav]:
    with FakeNav(FakeNavSettings(pace=INSTANT)) as running:
        yield running


@pytest.fixture
def config(config_file: Path, nav: FakeNav, db, monkeypatch: pytest.MonkeyPatch) -> Config:
    monkeypatch.setattr(clock, "now", lambda: MARCH_2)
    monkeypatch.setenv("OKOS_NAV_PASSWORD", DEFAULT_USER.password)
    monkeypatch.setenv("OKOS_NAV_SIGNATURE_KEY", DEFAULT_USER.signature_key)
    monkeypatch.setenv("OKOS_NAV_EXCHANGE_KEY", DEFAULT_USER.exchange_key)
    text = config_file.read_text(encoding="utf-8") + (
        f'\n[nav]\nbase_url = "{nav.base_url}"\nlogin = "{DEFAULT_USER.login}"\n'
        'password_env = "OKOS_NAV_PASSWORD"\nsignature_key_env = "OKOS_NAV_SIGNATURE_KEY"\n'
        'exchange_key_env = "OKOS_NAV_EXCHANGE_KEY"\nsoftware_id = "HU12345676OKOS-001"\n'
    )
    config_file.write_text(text, encoding="utf-8")
    return load_config(config_file)


def invoices(config: Config, count: int) -> list[str]:
    settings = invoice_settings(config)
    numbers = []
    for n in range(count):
        order = create_order(
            BUYER,
            [OrderLineInput(name=f"Tanácsadás {n}", unit_net="1000", vat="27%")],
            warehouse_code="MAIN",
            prefix="R",
            payment_method="Átutalás",
        )
        numbers.append(issue_invoice(order.number, settings).number)
    return numbers


def report(config: Config, *, later: timedelta = timedelta(0)) -> nav_reporting.ReportRun:
    """A reporting run on the wall clock (the emulated NAV's), `later` ahead of it."""
    return report_all(config, client_factory(config), now=lambda: datetime.now(UTC) + later)


def statuses() -> dict[str, str]:
    return {row.invoice_number: row.status for row in report_rows()}


def test_every_invoice_and_storno_is_reported_once_and_done(config, nav):
    numbers = invoices(config, 3)
    storno = storno_invoice(numbers[0], invoice_settings(config)).number
    assert set(statuses().values()) == {"pending"}

    run = report(config)

    assert run.error == ""
    assert statuses() == dict.fromkeys([*numbers, storno], "done")
    for number in [*numbers, storno]:
        counted = nav.reports(number)
        assert (counted.submitted, counted.done) == (1, 1), number
    assert len(nav.requests_of("manageInvoice")) == 2  # the invoices, then the storno
    rows = {row.invoice_number: row for row in report_rows()}
    assert rows[storno].operation == "STORNO" and rows[numbers[1]].operation == "CREATE"
    assert all(row.transaction_id for row in rows.values())

    again = report(config)  # nothing twice
    assert again.sent == 0 and nav.reports(numbers[1]).submitted == 1


def test_the_stored_bytes_are_what_nav_received(config, nav):
    (number,) = invoices(config, 1)
    report(config)
    stored = NavReport.get().xml.encode("utf-8")
    assert nav.invoice_data(number) == [stored]
    assert nav_reporting.stored_xml(number, config) == stored


def test_a_refused_request_goes_again_and_counts_once(config, nav):
    numbers = invoices(config, 2)
    nav.faults.fail_next(1, operation="manageInvoice")

    first = report(config)

    assert "OPERATION_FAILED" in first.error
    assert set(statuses().values()) == {"pending"}
    second = report(config)
    assert second.error == "" and set(statuses().values()) == {"done"}
    assert [nav.reports(n).submitted for n in numbers] == [1, 1]


def test_a_lost_answer_is_looked_up_not_reported_twice(config, nav):
    numbers = invoices(config, 2)
    nav.faults.lose_answer_next(1, operation="manageInvoice")

    first = report(config)

    assert first.error  # the connection dropped before the answer
    assert {r.status for r in NavReport.select()} == {NavStatus.SENDING}
    soon = report(config)  # too early to tell: nothing sent
    assert soon.sent == 0 and [nav.reports(n).submitted for n in numbers] == [1, 1]

    resolved = report(config, later=timedelta(minutes=5))

    assert resolved.error == "" and resolved.sent == 0
    assert set(statuses().values()) == {"done"}
    assert [(nav.reports(n).submitted, nav.reports(n).done) for n in numbers] == [(1, 1)] * 2


def test_an_aborted_invoice_shows_navs_message_and_goes_again_when_asked(config, nav):
    first, second = invoices(config, 2)
    nav.abort_next(first, "INVALID_INVOICE_DATA", "A vevő címe hiányos.")

    report(config)

    rows = {row.invoice_number: row for row in report_rows()}
    assert rows[first].status == "aborted" and "A vevő címe hiányos." in rows[first].message
    assert rows[second].status == "done"
    send_again(first, MARCH_2)
    report(config)
    assert statuses()[first] == "done"
    assert (nav.reports(first).submitted, nav.reports(first).done) == (2, 1)


def test_wrong_keys_stop_with_navs_code_and_nothing_is_lost(config, nav, monkeypatch):
    invoices(config, 1)
    monkeypatch.setenv("OKOS_NAV_PASSWORD", "rossz jelszó")
    run = report(config)
    assert "INVALID_SECURITY_USER" in run.error and "[nav] login és password_env" in run.error
    assert set(statuses().values()) == {"pending"}


def test_a_report_made_in_error_is_annulled_and_reported_again(config, nav):
    (number,) = invoices(config, 1)
    report(config)
    assert statuses()[number] == "done"

    transaction_id = nav_reporting.annul(config, client_factory(config), number, "Hibás vevő.")

    assert transaction_id and statuses()[number] == "pending"
    assert not nav.is_valid(number)  # NAV approved the annulment (at once, in the emulator)
    report(config)
    assert statuses()[number] == "done" and nav.is_valid(number)
    assert nav.reports(number).submitted == 2


def test_only_a_done_report_can_be_annulled(config, nav):
    (number,) = invoices(config, 1)
    with pytest.raises(InvalidState):
        nav_reporting.annul(config, client_factory(config), number, "Korai.")
    assert nav.requests_of("manageAnnulment") == []
