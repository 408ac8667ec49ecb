"""The invoiceData XML of real invoices on a real SQLite file: valid against NAV's official XSD
in every case a web shop meets, and saying what the PDF says."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from okos_tui.config import load_config
from okos_tui.core import clock
from okos_tui.db import Invoice, SalesOrder
from okos_tui.domain.invoicing import (
    InvoiceSettings,
    get_invoice,
    issue_invoice,
    set_exchange_rate,
    storno_invoice,
)
from okos_tui.domain.sales.orders import AddressInput, CustomerInput, OrderLineInput, create_order
from okos_tui.nav.invoice_data import NavDataError, invoice_annulment, invoice_data
from okos_tui.nav.schema import problems
from okos_tui.services.invoicing import pdf_document
from okos_tui.services.nav_documents import nav_invoice
from okos_tui.services.settings import invoice_settings

NS = {"d": "http://schemas.nav.gov.hu/OSA/3.0/data", "b": "http://schemas.nav.gov.hu/OSA/3.0/base"}
MARCH_2 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PRIVATE = CustomerInput(
    "Őri Űrsula", billing=AddressInput("Őri Űrsula", "9021", "Győr", "Fő tér 1.", "HU")
)
COMPANY = CustomerInput(
    "Tűzkő Kft.",
    tax_number="12345676-2-41",
    billing=AddressInput("Tűzkő Kft.", "6720", "Szeged", "Kárász u. 2.", "HU"),
)
EU_COMPANY = CustomerInput(
    "Gruber GmbH",
    tax_number="ATU13585627",
    billing=AddressInput("Gruber GmbH", "1010", "Wien", "Ringstraße 1.", "Österreich"),
)


@pytest.fixture
def settings(config_file, monkeypatch) -> InvoiceSettings:
    monkeypatch.setattr(clock, "now", lambda: MARCH_2)
    return invoice_settings(load_config(config_file))


def line(name: str, net: str, vat: str, quantity: str = "1", unit: str = "db") -> OrderLineInput:
    return OrderLineInput(name=name, unit_net=net, vat=vat, quantity=quantity, unit=unit)


def issued(settings, *lines, customer=PRIVATE, payment="Átutalás", **options) -> Invoice:
    number = create_order(
        customer, list(lines), warehouse_code="MAIN", prefix="R", payment_method=payment,
        **options,
    ).number  # fmt: skip
    if customer is EU_COMPANY:
        SalesOrder.update(billing_country_code="AT").where(SalesOrder.number == number).execute()
    return issue_invoice(number, settings)


def xml_of(number: str, *, electronic: bool) -> bytes:
    return invoice_data(nav_invoice(get_invoice(number), electronic=electronic))


def valid_xml(invoice: Invoice, *, electronic: bool = True) -> ET.Element:
    document = xml_of(invoice.number, electronic=electronic)
    assert problems(document) == []
    assert document.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return ET.fromstring(document)


def text(root: ET.Element, path: str) -> str | None:
    found = root.find(path, NS)
    return None if found is None else found.text


def texts(root: ET.Element, path: str) -> list[str]:
    return [element.text or "" for element in root.findall(path, NS)]


def assert_figures_equal_the_pdf(invoice: Invoice, root: ET.Element) -> None:
    """The totals and the per-rate summary, in the currency and in HUF, are the PDF's."""
    pdf = pdf_document(get_invoice(invoice.number))
    summary = root.find("d:invoiceMain/d:invoice/d:invoiceSummary", NS)
    assert summary is not None
    normal = summary.find("d:summaryNormal", NS)
    assert Decimal(text(normal, "d:invoiceNetAmount")) == pdf.net_total
    assert Decimal(text(normal, "d:invoiceVatAmount")) == pdf.vat_total
    assert Decimal(text(summary, "d:summaryGrossData/d:invoiceGrossAmount")) == pdf.gross_total
    rows = normal.findall("d:summaryByVatRate", NS)
    assert len(rows) == len(pdf.vat_summary)
    for row, printed in zip(rows, pdf.vat_summary, strict=True):
        assert Decimal(text(row, "d:vatRateNetData/d:vatRateNetAmount")) == printed.net
        assert Decimal(text(row, "d:vatRateVatData/d:vatRateVatAmount")) == printed.vat
        assert Decimal(text(row, "d:vatRateNetData/d:vatRateNetAmountHUF")) == printed.net_huf
        assert Decimal(text(row, "d:vatRateVatData/d:vatRateVatAmountHUF")) == printed.vat_huf
    lines = root.findall("d:invoiceMain/d:invoice/d:invoiceLines/d:line", NS)
    assert [Decimal(text(li, "d:lineAmountsNormal/d:lineNetAmountData/d:lineNetAmount"))
            for li in lines] == [li.net for li in pdf.lines]  # fmt: skip
    assert texts(root, ".//d:line/d:lineNumber") == [str(n) for n in range(1, len(lines) + 1)]


def test_a_private_persons_invoice_reports_nothing_of_the_person(settings, db):
    invoice = issued(settings, line("Bögre", "1000", "27%"), line("Tea", "952.38", "5%", "2"))
    root = valid_xml(invoice)

    assert text(root, "d:invoiceNumber") == invoice.number
    assert text(root, "d:invoiceIssueDate") == "2026-03-02"
    head = "d:invoiceMain/d:invoice/d:invoiceHead"
    customer = root.find(f"{head}/d:customerInfo", NS)
    assert [child.tag.split("}")[1] for child in customer] == ["customerVatStatus"]
    assert text(customer, "d:customerVatStatus") == "PRIVATE_PERSON"
    assert "Őri" not in ET.tostring(root, encoding="unicode")
    supplier = f"{head}/d:supplierInfo/d:supplierTaxNumber"
    assert (text(root, f"{supplier}/b:taxpayerId"), text(root, f"{supplier}/b:vatCode"),
            text(root, f"{supplier}/b:countyCode")) == ("12345676", "2", "08")  # fmt: skip
    assert texts(root, f"{head}/d:supplierInfo/d:supplierAddress/b:simpleAddress/*") == [
        "HU", "1111", "Budapest", "Teszt utca 1."
    ]  # fmt: skip
    detail = f"{head}/d:invoiceDetail"
    assert text(root, f"{detail}/d:invoiceDeliveryDate") == "2026-03-02"
    assert (text(root, f"{detail}/d:currencyCode"), text(root, f"{detail}/d:exchangeRate")) == (
        "HUF",
        "1",
    )
    assert text(root, f"{detail}/d:paymentMethod") == "TRANSFER"
    assert text(root, f"{detail}/d:paymentDate") == "2026-03-10"
    assert text(root, f"{detail}/d:invoiceAppearance") == "ELECTRONIC"
    assert texts(root, ".//d:lineVatRate/d:vatPercentage") == ["0.27", "0.05"]
    assert texts(root, ".//d:unitOfMeasure") == ["PIECE", "PIECE"]
    assert_figures_equal_the_pdf(invoice, root)


def test_a_domestic_company_is_reported_with_its_tax_number_and_address(settings, db):
    invoice = issued(
        settings,
        line("Bögre", "1000", "27%"),
        line("Liszt", "800", "5%", "1.5", unit="kg"),
        line("Könyv", "3000", "18%"),
        line("Tea", "500", "5%", "2", unit="doboz"),
        customer=COMPANY,
        payment="Készpénz",
    )
    root = valid_xml(invoice, electronic=False)

    customer = "d:invoiceMain/d:invoice/d:invoiceHead/d:customerInfo"
    assert text(root, f"{customer}/d:customerVatStatus") == "DOMESTIC"
    tax = f"{customer}/d:customerVatData/d:customerTaxNumber"
    assert texts(root, f"{tax}/*") == ["12345676", "2", "41"]
    assert text(root, f"{customer}/d:customerName") == "Tűzkő Kft."
    assert texts(root, f"{customer}/d:customerAddress/b:simpleAddress/*") == [
        "HU", "6720", "Szeged", "Kárász u. 2."
    ]  # fmt: skip
    assert texts(root, ".//d:unitOfMeasure") == ["PIECE", "KILOGRAM", "PIECE", "OWN"]
    assert texts(root, ".//d:unitOfMeasureOwn") == ["doboz"]
    assert texts(root, ".//d:summaryByVatRate/d:vatRate/d:vatPercentage") == [
        "0.27",
        "0.18",
        "0.05",
    ]
    assert text(root, ".//d:paymentMethod") == "CASH"
    assert text(root, ".//d:invoiceAppearance") == "PAPER"
    assert_figures_equal_the_pdf(invoice, root)


def test_an_eu_company_in_euro_with_the_rate_and_both_community_numbers(settings, db):
    set_exchange_rate("EUR", "400.5", date(2026, 3, 1))
    invoice = issued(
        settings, line("Bögre", "10.50", "27%", "3"), customer=EU_COMPANY, currency="EUR"
    )
    root = valid_xml(invoice)

    head = "d:invoiceMain/d:invoice/d:invoiceHead"
    assert text(root, f"{head}/d:supplierInfo/d:communityVatNumber") == "HU12345676"
    assert text(root, f"{head}/d:customerInfo/d:customerVatStatus") == "OTHER"
    assert text(root, f"{head}/d:customerInfo/d:customerVatData/d:communityVatNumber") == (
        "ATU13585627"
    )
    assert texts(root, f"{head}/d:customerInfo/d:customerAddress/b:simpleAddress/*")[0] == "AT"
    assert (text(root, ".//d:currencyCode"), text(root, ".//d:exchangeRate")) == ("EUR", "400.5")
    assert text(root, ".//d:lineNetAmount") == "31.50"
    assert text(root, ".//d:lineNetAmountHUF") == "12615.75"
    assert text(root, ".//d:unitPriceHUF") == "4205.25"
    assert_figures_equal_the_pdf(invoice, root)


def test_an_aam_seller_reports_exempt_lines_and_its_individual_exemption(settings, db):
    exempt = dataclasses.replace(
        settings, seller=dataclasses.replace(settings.seller, vat_exempt=True)
    )
    invoice = issued(exempt, line("Bögre", "1000", "27%"), line("Tea", "952.38", "5%"))
    root = valid_xml(invoice)

    assert text(root, ".//d:supplierInfo/d:individualExemption") == "true"
    assert texts(root, ".//d:lineVatRate/d:vatExemption/d:case") == ["AAM", "AAM"]
    assert all("187" in reason for reason in texts(root, ".//d:vatExemption/d:reason"))
    assert texts(root, ".//d:lineVatAmount") == ["0.00", "0.00"]
    assert texts(root, ".//d:summaryByVatRate/d:vatRate/d:vatExemption/d:case") == ["AAM"]
    assert_figures_equal_the_pdf(invoice, root)


def test_a_deposit_out_of_scope_and_coupon_lines(settings, db):
    invoice = issued(
        settings,
        line("Ásványvíz", "200", "27%", "6"),
        line("Visszaváltási díj", "50", "ATK", "6"),
        line("Tea", "1000", "5%"),
        line("Kupon kedvezmény (27%)", "-100", "27%"),
        line("Kupon kedvezmény (5%)", "-50", "5%"),
        line("Szállítási díj", "1000", "27%"),
    )
    root = valid_xml(invoice)

    assert texts(root, ".//d:lineVatRate/d:vatOutOfScope/d:case") == ["ATK"]
    assert "Áfa tv. 2. §" in (text(root, ".//d:lineVatRate/d:vatOutOfScope/d:reason") or "")
    assert "-100.00" in texts(root, ".//d:lineNetAmount")
    assert texts(root, ".//d:summaryByVatRate/d:vatRate/d:vatOutOfScope/d:case") == ["ATK"]
    assert_figures_equal_the_pdf(invoice, root)


def test_a_storno_refers_to_its_original_and_continues_its_line_numbers(settings, db):
    invoice = issued(settings, line("Bögre", "1000", "27%"), line("Tea", "952.38", "5%"))
    storno = storno_invoice(invoice.number, settings)
    root = valid_xml(storno)

    reference = "d:invoiceMain/d:invoice/d:invoiceReference"
    assert texts(root, f"{reference}/*") == [invoice.number, "false", "1"]
    assert text(root, ".//d:invoiceDeliveryDate") == invoice.fulfilled_on.isoformat()
    assert texts(root, ".//d:lineModificationReference/d:lineNumberReference") == ["3", "4"]
    assert texts(root, ".//d:lineModificationReference/d:lineOperation") == ["CREATE", "CREATE"]
    assert texts(root, ".//d:lineNetAmount") == ["-1000.00", "-952.00"]
    assert_figures_equal_the_pdf(storno, root)
    assert nav_invoice(get_invoice(storno.number), electronic=True).operation == "STORNO"
    assert nav_invoice(get_invoice(invoice.number), electronic=True).operation == "CREATE"


def test_a_document_the_data_model_cannot_take_is_refused_naming_what_is_missing(settings, db):
    invoice = issued(settings, line("Bögre", "1000", "27%"), customer=COMPANY)
    document = nav_invoice(get_invoice(invoice.number), electronic=True)
    no_city = dataclasses.replace(
        document, buyer_address=dataclasses.replace(document.buyer_address, city="")
    )
    with pytest.raises(NavDataError, match="buyer's address has no city"):
        invoice_data(no_city)


def test_the_schema_check_finds_what_nav_would_refuse(settings, db):
    invoice = issued(settings, line("Bögre", "1000", "27%"))
    good = xml_of(invoice.number, electronic=True)
    bad = good.replace(b"<invoiceAppearance>ELECTRONIC", b"<invoiceAppearance>EMAIL")
    found = problems(bad)
    assert found and "invoiceAppearance" in found[0]


def test_the_annulment_document_is_valid_and_refuses_an_unknown_code():
    document = invoice_annulment("SZ-2026-000001", "2026-03-02T09:00:00.000Z", "Hibás vevő.")
    assert problems(document, "invoiceAnnulment.xsd") == []
    with pytest.raises(NavDataError):
        invoice_annulment("SZ-2026-000001", "2026-03-02T09:00:00.000Z", "x", code="OOPS")
