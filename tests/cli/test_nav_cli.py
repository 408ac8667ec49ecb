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
