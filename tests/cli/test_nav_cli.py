"""okos nav xml: the invoiceData NAV gets, valid against its XSD, for an invoice and a storno."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from okos_tui.core import clock
from okos_tui.domain.sales.orders import AddressInput, CustomerInput, OrderLineInput, create_order
from okos_tui.nav.schema import problems

NS = {"d": "http://schemas.nav.gov.hu/OSA/3.0/data"}


def test_the_xml_of_an_invoice_and_of_its_storno(catalog, okos, monkeypatch, dump, db_path):
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    buyer = CustomerInput(
        "Tűzkő Kft.",
        tax_number="12345676-2-41",
        email="iroda@tuzko.hu",
        billing=AddressInput("Tűzkő Kft.", "6720", "Szeged", "Kárász u. 2.", "HU"),
    )
    number = create_order(
        buyer,
        [OrderLineInput(code="SZALL", quantity="1")],
        warehouse_code="MAIN",
        prefix="R",
        payment_method="Átutalás",
    ).number
    assert okos("invoice", "create", number).code == 0
    assert okos("invoice", "storno", "SZ-2026-000001").code == 0
    before = dump(db_path)

    for invoice, operation in (("SZ-2026-000001", None), ("SZ-2026-000002", "SZ-2026-000001")):
        result = okos("nav", "xml", invoice)
        assert result.code == 0, result.err
        document = result.out.encode("utf-8")
        assert problems(document) == []
        root = ET.fromstring(document)
        assert root.findtext("d:invoiceNumber", namespaces=NS) == invoice
        reference = root.findtext(".//d:originalInvoiceNumber", namespaces=NS)
        assert reference == operation
        # no [smtp] in okos.toml: the invoice is not e-mailed, so it is on paper
        assert root.findtext(".//d:invoiceAppearance", namespaces=NS) == "PAPER"
    assert dump(db_path) == before  # reading only

    unknown = okos("nav", "xml", "SZ-2026-999999")
    assert unknown.code == 1 and "SZ-2026-999999" in unknown.err and not unknown.out


# --- reporting ------------------------------------------------------------------------------


def nav_config(config_file, nav, monkeypatch) -> None:
    from okos_tui.fakenav.settings import DEFAULT_USER

    monkeypatch.setenv("OKOS_NAV_PASSWORD", DEFAULT_USER.password)
    monkeypatch.setenv("OKOS_NAV_SIGNATURE_KEY", DEFAULT_USER.signature_key)
    monkeypatch.setenv("OKOS_NAV_EXCHANGE_KEY", DEFAULT_USER.exchange_key)
    text = config_file.read_text(encoding="utf-8") + (
        f'\n[nav]\nbase_url = "{nav.base_url}"\nlogin = "{DEFAULT_USER.login}"\n'
        'password_env = "OKOS_NAV_PASSWORD"\nsignature_key_env = "OKOS_NAV_SIGNATURE_KEY"\n'
        'exchange_key_env = "OKOS_NAV_EXCHANGE_KEY"\nsoftware_id = "HU12345676OKOS-001"\n'
        "report = false\n"
    )
    config_file.write_text(text, encoding="utf-8")


def test_send_reports_everything_once_and_status_lists_it(catalog, okos, config_file, monkeypatch):
    import csv
    import io

    from okos_tui.fakenav.nav import FakeNav
    from okos_tui.fakenav.settings import INSTANT, FakeNavSettings

    with FakeNav(FakeNavSettings(pace=INSTANT)) as nav:
        nav_config(config_file, nav, monkeypatch)
        numbers = []
        for _ in range(3):
            order = create_order(
                CustomerInput("Kiss Anna"),
                [OrderLineInput(code="SZALL", quantity="1")],
                warehouse_code="MAIN",
                prefix="R",
                payment_method="Készpénz",
            ).number
            assert okos("invoice", "create", order).code == 0  # report = false: not yet
            numbers.append(f"SZ-{datetime.now(UTC).year}-00000{len(numbers) + 1}")
        nav.abort_next(numbers[2], "INVALID_INVOICE_DATA", "Hibás adat.")
        status = okos("nav", "status", "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(status.out)))
        assert (
            status.out.splitlines()[0] == "invoice_number,operation,status,transaction_id,message"
        )
        assert [r["status"] for r in rows] == ["pending"] * 3

        sent = okos("nav", "send", "--wait", "5")

        assert sent.code == 1  # one ABORTED
        assert "3 elküldve, 2 befogadva, 1 elutasítva" in sent.out
        assert f"{numbers[2]}\tERROR INVALID_INVOICE_DATA: Hibás adat." in sent.err
        rows = list(csv.DictReader(io.StringIO(okos("nav", "status", "--format", "csv").out)))
        assert [r["status"] for r in rows] == ["done", "done", "aborted"]
        assert all(r["transaction_id"] for r in rows) and rows[0]["operation"] == "CREATE"

        again = okos("nav", "send", "--again", numbers[2], "--wait", "5")
        assert again.code == 0, again.err
        assert [nav.reports(n).done for n in numbers] == [1, 1, 1]
        assert [nav.reports(n).submitted for n in numbers] == [1, 1, 2]
        table = okos("nav", "status").out
        assert "befogadva" in table and "ELUTASÍTVA" not in table


def test_without_a_nav_table_send_is_a_settings_error(catalog, okos):
    result = okos("nav", "send")
    assert result.code == 2 and "[nav]" in result.err


def test_a_tax_number_entered_is_asked_of_nav(
    catalog, okos, config_file, monkeypatch, dump, db_path
):
    from okos_tui.fakenav.nav import FakeNav

    with FakeNav() as nav:
        nav_config(config_file, nav, monkeypatch)
        number = create_order(
            CustomerInput("Kiss Anna"),
            [OrderLineInput(code="SZALL", quantity="1")],
            warehouse_code="MAIN",
            prefix="R",
            payment_method="Átutalás",
        ).number
        before = dump(db_path)
        ended = okos("order", "edit", number, "--tax-number", "88888888-2-41")
        assert ended.code == 1 and "NAV szerint" in ended.err
        assert dump(db_path) == before
        known = okos("order", "edit", number, "--tax-number", "11111111-2-42")
        assert known.code == 0 and "NAV: Teszt Vevő Zrt." in known.out
        assert len(nav.requests_of("queryTaxpayer")) == 2
