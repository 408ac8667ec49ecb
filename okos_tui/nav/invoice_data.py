"""The invoiceData XML (NAV Online Számla v3.0) of an invoice or a storno invoice.

Built from plain values (`NavInvoice`), so the same bytes can be stored, reported, shown by
`okos nav xml` and checked against NAV's schema (`schema.validate`) without a database. The
figures are the invoice's own, as its PDF prints them: amounts in the invoice's currency and, per
VAT rate, in forints rounded as the PDF rounds them.

What the data model asks of a web shop's invoice [2.1-2.5]: the supplier's tax number in its
three parts and its address; the buyer by VAT status (a private person's name and address are
never reported); each line's nature, quantity and unit, its VAT category (a percentage, or an
exemption or a case outside the scope of VAT with its case code and reason); the per-rate
summary; a storno's reference to its original and the line numbers it continues.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from okos_tui.domain.invoicing import VatSummaryRow

DATA = "http://schemas.nav.gov.hu/OSA/3.0/data"
BASE = "http://schemas.nav.gov.hu/OSA/3.0/base"
COMMON = "http://schemas.nav.gov.hu/NTCA/1.0/common"

UNITS = {  # our unit as written on the invoice -> NAV's unitOfMeasure; anything else is OWN
    "db": "PIECE",
    "darab": "PIECE",
    "kg": "KILOGRAM",
    "t": "TON",
    "tonna": "TON",
    "kwh": "KWH",
    "nap": "DAY",
    "óra": "HOUR",
    "perc": "MINUTE",
    "hónap": "MONTH",
    "l": "LITER",
    "liter": "LITER",
    "km": "KILOMETER",
    "m3": "CUBIC_METER",
    "m³": "CUBIC_METER",
    "m": "METER",
    "fm": "LINEAR_METER",
    "karton": "CARTON",
    "csomag": "PACK",
}
PAYMENT_METHODS = {  # a payment method's code -> NAV's paymentMethod; anything else is OTHER
    "CASH": "CASH",
    "COD": "CASH",
    "BANK_TRANSFER": "TRANSFER",
    "TRANSFER": "TRANSFER",
    "CARD": "CARD",
    "BARION": "CARD",
    "VOUCHER": "VOUCHER",
}
CUSTOMER_STATUS = {"private": "PRIVATE_PERSON", "domestic": "DOMESTIC", "eu": "OTHER"}
CENT = Decimal("0.01")


class NavDataError(ValueError):
    """The invoice cannot be put in NAV's data model as it is (e.g. a taxpayer buyer without an
    address); the message says what is missing."""


@dataclass(frozen=True)
class NavAddress:
    country_code: str
    postcode: str
    city: str
    street: str


@dataclass(frozen=True)
class NavLine:
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal  # net, in the invoice's currency
    net: Decimal
    vat: Decimal
    gross: Decimal
    vat_category: str  # percentage, exempt, out_of_scope
    vat_percent: Decimal  # 27 for 27 %
    vat_code: str  # the exemption's or out-of-scope case: AAM, TAM, ATK...
    vat_reason: str
    service: bool


@dataclass(frozen=True)
class NavReference:
    """What a storno modifies: the original's number, and how many lines the original and the
    earlier modifications of it have (the storno's line numbers continue after them)."""

    original_number: str
    modification_index: int
    lines_before: int


@dataclass(frozen=True)
class NavInvoice:
    number: str
    issued_on: date
    fulfilled_on: date
    due_on: date
    currency: str
    exchange_rate: Decimal
    payment_code: str
    electronic: bool  # e-mailed (ELECTRONIC) or printed (PAPER)
    supplier_tax_number: str  # 12345676-2-41
    supplier_name: str
    supplier_address: NavAddress
    supplier_bank_account: str
    supplier_exempt: bool  # alanyi adómentes
    buyer_status: str  # private, domestic, eu, other
    buyer_tax_number: str
    buyer_name: str
    buyer_address: NavAddress
    lines: tuple[NavLine, ...]
    summary: tuple[VatSummaryRow, ...]  # the invoice's, as its PDF prints it
    net_total: Decimal
    vat_total: Decimal
    gross_total: Decimal
    reference: NavReference | None = None  # set for a storno

    @property
    def operation(self) -> str:
        return "STORNO" if self.reference else "CREATE"


def _money(value: Decimal) -> str:
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def _number(value: Decimal) -> str:
    """A decimal as NAV reads it: no exponent, no needless trailing zeros."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def _rate(percent: Decimal) -> str:
    return _number(percent / 100)


def _sub(parent: ET.Element, name: str, text: str | None = None, ns: str = DATA) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ns}}}{name}")
    if text is not None:
        element.text = text
    return element


def tax_number_parts(number: str) -> tuple[str, str, str]:
    """12345676-2-41 -> ("12345676", "2", "41"); NavDataError when it is not one."""
    parts = number.strip().split("-")
    if len(parts) != 3 or [len(p) for p in parts] != [8, 1, 2] or not "".join(parts).isdigit():
        raise NavDataError(f"not a Hungarian tax number: {number!r}")
    return parts[0], parts[1], parts[2]


def _tax_number(parent: ET.Element, name: str, number: str) -> None:
    element = _sub(parent, name)
    taxpayer_id, vat_code, county = tax_number_parts(number)
    _sub(element, "taxpayerId", taxpayer_id, BASE)
    _sub(element, "vatCode", vat_code, BASE)
    _sub(element, "countyCode", county, BASE)


def _address(parent: ET.Element, name: str, address: NavAddress, whose: str) -> None:
    missing = [
        part
        for part, value in (
            ("postcode", address.postcode),
            ("city", address.city),
            ("street", address.street),
            ("country", address.country_code),
        )
        if not value.strip()
    ]
    if missing:
        raise NavDataError(f"the {whose}'s address has no {', '.join(missing)}")
    simple = _sub(_sub(parent, name), "simpleAddress", ns=BASE)
    _sub(simple, "countryCode", address.country_code.upper(), BASE)
    _sub(simple, "postalCode", address.postcode.strip().upper(), BASE)
    _sub(simple, "city", address.city.strip(), BASE)
    _sub(simple, "additionalAddressDetail", address.street.strip(), BASE)


def _vat_rate(
    parent: ET.Element, name: str, category: str, percent: Decimal, case: str, reason: str
) -> None:
    rate = _sub(parent, name)
    if category == "percentage":
        _sub(rate, "vatPercentage", _rate(percent))
        return
    kind = {"exempt": "vatExemption", "out_of_scope": "vatOutOfScope"}.get(category)
    if kind is None:
        raise NavDataError(f"a line of VAT code {case} has no legal ground")
    ground = _sub(rate, kind)
    _sub(ground, "case", case)
    _sub(ground, "reason", reason[:200] or case)


def _supplier(head: ET.Element, invoice: NavInvoice) -> None:
    supplier = _sub(head, "supplierInfo")
    _tax_number(supplier, "supplierTaxNumber", invoice.supplier_tax_number)
    if invoice.buyer_status == "eu":  # an intra-community supply names both EU VAT numbers
        _sub(supplier, "communityVatNumber", "HU" + invoice.supplier_tax_number[:8])
    _sub(supplier, "supplierName", invoice.supplier_name)
    _address(supplier, "supplierAddress", invoice.supplier_address, "seller")
    if invoice.supplier_bank_account.strip():
        _sub(supplier, "supplierBankAccountNumber", invoice.supplier_bank_account.strip())
    if invoice.supplier_exempt:
        _sub(supplier, "individualExemption", "true")


def _customer(head: ET.Element, invoice: NavInvoice) -> None:
    customer = _sub(head, "customerInfo")
    status = CUSTOMER_STATUS.get(invoice.buyer_status, "OTHER")
    _sub(customer, "customerVatStatus", status)
    if status == "PRIVATE_PERSON":  # nothing else may be reported of a private person
        return
    number = invoice.buyer_tax_number.strip()
    if status == "DOMESTIC":
        _tax_number(_sub(customer, "customerVatData"), "customerTaxNumber", number)
    elif number:
        vat_data = _sub(customer, "customerVatData")
        if invoice.buyer_status == "eu":
            _sub(vat_data, "communityVatNumber", number.replace(" ", "").upper())
        else:
            _sub(vat_data, "thirdStateTaxId", number[:50])
    _sub(customer, "customerName", invoice.buyer_name[:512])
    _address(customer, "customerAddress", invoice.buyer_address, "buyer")


def _detail(head: ET.Element, invoice: NavInvoice) -> None:
    detail = _sub(head, "invoiceDetail")
    _sub(detail, "invoiceCategory", "NORMAL")
    _sub(detail, "invoiceDeliveryDate", invoice.fulfilled_on.isoformat())
    _sub(detail, "currencyCode", invoice.currency.upper())
    _sub(detail, "exchangeRate", _number(invoice.exchange_rate))
    _sub(detail, "paymentMethod", PAYMENT_METHODS.get(invoice.payment_code.upper(), "OTHER"))
    _sub(detail, "paymentDate", invoice.due_on.isoformat())
    _sub(detail, "invoiceAppearance", "ELECTRONIC" if invoice.electronic else "PAPER")


def _huf(amount: Decimal, invoice: NavInvoice) -> str:
    return _money(amount * invoice.exchange_rate)


def _line(lines: ET.Element, number: int, line: NavLine, invoice: NavInvoice) -> None:
    element = _sub(lines, "line")
    _sub(element, "lineNumber", str(number))
    if invoice.reference is not None:
        modification = _sub(element, "lineModificationReference")
        _sub(modification, "lineNumberReference", str(invoice.reference.lines_before + number))
        _sub(modification, "lineOperation", "CREATE")
    _sub(element, "lineExpressionIndicator", "true")
    _sub(element, "lineNatureIndicator", "SERVICE" if line.service else "PRODUCT")
    _sub(element, "lineDescription", line.description[:512] or "-")
    _sub(element, "quantity", _number(line.quantity))
    unit = UNITS.get(line.unit.strip().lower())
    _sub(element, "unitOfMeasure", unit or "OWN")
    if unit is None:
        _sub(element, "unitOfMeasureOwn", line.unit.strip()[:50] or "-")
    _sub(element, "unitPrice", _number(line.unit_price))
    _sub(element, "unitPriceHUF", _number(line.unit_price * invoice.exchange_rate))
    amounts = _sub(element, "lineAmountsNormal")
    net = _sub(amounts, "lineNetAmountData")
    _sub(net, "lineNetAmount", _money(line.net))
    _sub(net, "lineNetAmountHUF", _huf(line.net, invoice))
    _vat_rate(
        amounts, "lineVatRate", line.vat_category, line.vat_percent, line.vat_code, line.vat_reason
    )
    vat = _sub(amounts, "lineVatData")
    _sub(vat, "lineVatAmount", _money(line.vat))
    _sub(vat, "lineVatAmountHUF", _huf(line.vat, invoice))
    gross = _sub(amounts, "lineGrossAmountData")
    _sub(gross, "lineGrossAmountNormal", _money(line.gross))
    _sub(gross, "lineGrossAmountNormalHUF", _huf(line.gross, invoice))


def _summary(parent: ET.Element, invoice: NavInvoice) -> None:
    summary = _sub(parent, "invoiceSummary")
    normal = _sub(summary, "summaryNormal")
    for row in invoice.summary:
        by_rate = _sub(normal, "summaryByVatRate")
        _vat_rate(
            by_rate, "vatRate", row.vat_category, row.vat_percent, row.vat_code, row.vat_reason
        )
        net = _sub(by_rate, "vatRateNetData")
        _sub(net, "vatRateNetAmount", _money(row.net))
        _sub(net, "vatRateNetAmountHUF", _money(row.net_huf))
        vat = _sub(by_rate, "vatRateVatData")
        _sub(vat, "vatRateVatAmount", _money(row.vat))
        _sub(vat, "vatRateVatAmountHUF", _money(row.vat_huf))
        gross = _sub(by_rate, "vatRateGrossData")
        _sub(gross, "vatRateGrossAmount", _money(row.gross))
        _sub(gross, "vatRateGrossAmountHUF", _money(row.net_huf + row.vat_huf))
    net_huf = sum((row.net_huf for row in invoice.summary), Decimal(0))
    vat_huf = sum((row.vat_huf for row in invoice.summary), Decimal(0))
    _sub(normal, "invoiceNetAmount", _money(invoice.net_total))
    _sub(normal, "invoiceNetAmountHUF", _money(net_huf))
    _sub(normal, "invoiceVatAmount", _money(invoice.vat_total))
    _sub(normal, "invoiceVatAmountHUF", _money(vat_huf))
    gross = _sub(summary, "summaryGrossData")
    _sub(gross, "invoiceGrossAmount", _money(invoice.gross_total))
    _sub(gross, "invoiceGrossAmountHUF", _money(net_huf + vat_huf))


def invoice_data(invoice: NavInvoice) -> bytes:
    """The invoiceData document, UTF-8 with its XML declaration; NavDataError when the invoice
    lacks what the data model requires."""
    ET.register_namespace("", DATA)
    ET.register_namespace("base", BASE)
    ET.register_namespace("common", COMMON)
    root = ET.Element(f"{{{DATA}}}InvoiceData")
    _sub(root, "invoiceNumber", invoice.number)
    _sub(root, "invoiceIssueDate", invoice.issued_on.isoformat())
    _sub(root, "completenessIndicator", "false")
    main = _sub(root, "invoiceMain")
    document = _sub(main, "invoice")
    if invoice.reference is not None:
        reference = _sub(document, "invoiceReference")
        _sub(reference, "originalInvoiceNumber", invoice.reference.original_number)
        _sub(reference, "modifyWithoutMaster", "false")
        _sub(reference, "modificationIndex", str(invoice.reference.modification_index))
    head = _sub(document, "invoiceHead")
    _supplier(head, invoice)
    _customer(head, invoice)
    _detail(head, invoice)
    lines = _sub(document, "invoiceLines")
    _sub(lines, "mergedItemIndicator", "false")
    for number, line in enumerate(invoice.lines, start=1):
        _line(lines, number, line, invoice)
    _summary(document, invoice)
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


ANNUL = "http://schemas.nav.gov.hu/OSA/3.0/annul"
ANNULMENT_CODES = (
    "ERRATIC_DATA",
    "ERRATIC_INVOICE_NUMBER",
    "ERRATIC_INVOICE_ISSUE_DATE",
    "ERRATIC_ELECTRONIC_HASH_VALUE",
)


def invoice_annulment(
    number: str, timestamp: str, reason: str, code: str = "ERRATIC_DATA"
) -> bytes:
    """The InvoiceAnnulment document of a technical annulment [2.4]: it withdraws a report made
    with wrong data (unlike a storno, it is not an invoice)."""
    if code not in ANNULMENT_CODES:
        raise NavDataError(f"not an annulment code: {code}")
    ET.register_namespace("", ANNUL)
    root = ET.Element(f"{{{ANNUL}}}InvoiceAnnulment")
    for name, text in (
        ("annulmentReference", number),
        ("annulmentTimestamp", timestamp),
        ("annulmentCode", code),
        ("annulmentReason", reason.strip()[:1024] or "-"),
    ):
        ET.SubElement(root, f"{{{ANNUL}}}{name}").text = text
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
