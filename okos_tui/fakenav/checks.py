"""The asynchronous checks of one invoiceData (or invoiceAnnulment) that need nothing but the
document itself: decoding, the XSD, and content rules NAV applies to every report [3.3].

Checks that need the register (is the number unique, is the original known) live with the
state, in `service`. Money is read as Decimal, never float.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import io
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import islice

from okos_tui.fakenav.state import Message
from okos_tui.fakenav.xmltools import DATA, NotWellFormed, local, parse, q, text
from okos_tui.nav.schema import schema

MAX_DECODED_BYTES = 50 * 1024 * 1024
MAX_SCHEMA_MESSAGES = 20
TOLERANCE = Decimal("0.01")
"""Arithmetic slips up to 1% of the amount (but at least 1 unit) are tolerated [3.3.3]."""
MINIMUM_TOLERANCE = Decimal(1)


class Rejected(Exception):
    """The document cannot be read at all; the message says why (a technical one)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.text)
        self.message = message


def technical(code: str, text: str) -> Message:
    return Message("ERROR", code, text, technical=True)


def error(code: str, text: str, *, tag: str | None = None, value: str | None = None,
          line: int | None = None) -> Message:  # fmt: skip
    return Message("ERROR", code, text, tag=tag, value=value, line=line)


def warning(code: str, text: str, *, tag: str | None = None, value: str | None = None,
            line: int | None = None) -> Message:  # fmt: skip
    return Message("WARN", code, text, tag=tag, value=value, line=line)


def decode(data: str, compressed: bool) -> bytes:
    """The document inside the base64 text (gunzipped if the request said compressedContent)."""
    try:
        raw = base64.b64decode("".join(data.split()), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise Rejected(technical("SCHEMA_VIOLATION", f"not base64: {exc}")) from None
    if not compressed:
        return raw
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as unzipped:
            document = unzipped.read(MAX_DECODED_BYTES + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise Rejected(technical("DECOMPRESSION_ERROR", f"cannot gunzip: {exc}")) from None
    if len(document) > MAX_DECODED_BYTES:
        raise Rejected(technical("COMPRESSION_TOLERANCE_EXCEEDED", "too large when unpacked"))
    return document


def validated(document: bytes, xsd: str) -> tuple[ET.Element | None, list[Message]]:
    """The parsed root and the SCHEMA_VIOLATION messages (none when valid)."""
    try:
        root = parse(document)
    except NotWellFormed as exc:
        return None, [technical("SCHEMA_VIOLATION", f"not well-formed XML: {exc}")]
    found = [
        technical("SCHEMA_VIOLATION", f"{problem.path}: {problem.reason}")
        for problem in islice(schema(xsd).iter_errors(root), MAX_SCHEMA_MESSAGES)
    ]
    return root, found


def invoice_number(document: bytes) -> str | None:
    """The invoiceNumber of an invoiceData, if it can be read at all (for counting reports)."""
    try:
        root = parse(document)
    except NotWellFormed:
        return None
    return text(root, DATA, "invoiceNumber") or None


# what an invoiceData says -----------------------------------------------------------------------


@dataclass
class InvoiceFacts:
    number: str
    supplier_taxpayer_id: str | None
    customer_tax_number: str | None
    original_number: str | None = None
    modify_without_master: bool = False
    modification_index: int | None = None
    messages: list[Message] = field(default_factory=list)
    """The content rules' findings (`content_messages`)."""


def read_invoice(root: ET.Element, operation: str, vat_rates: frozenset[Decimal]) -> InvoiceFacts:
    """The facts the register needs, and the findings of the document's own rules."""
    invoice = _find(root, "invoiceMain", "invoice")
    head = _find(invoice, "invoiceHead")
    reference = _find(invoice, "invoiceReference")
    index = text(reference, DATA, "modificationIndex")
    facts = InvoiceFacts(
        number=text(root, DATA, "invoiceNumber") or "",
        supplier_taxpayer_id=_taxpayer_id(_find(head, "supplierInfo", "supplierTaxNumber")),
        customer_tax_number=_taxpayer_id(
            _find(head, "customerInfo", "customerVatData", "customerTaxNumber")
        ),
        original_number=text(reference, DATA, "originalInvoiceNumber"),
        modify_without_master=text(reference, DATA, "modifyWithoutMaster") == "true",
        modification_index=int(index) if index and index.isdigit() else None,
    )
    if invoice is not None:
        facts.messages = content_messages(invoice, operation, vat_rates)
    return facts


def content_messages(
    invoice: ET.Element, operation: str, vat_rates: frozenset[Decimal]
) -> list[Message]:
    """The rules every report must keep, whoever sent it and whatever came before [3.3.2]."""
    found: list[Message] = []
    found += _reference_rules(invoice, operation)
    found += _customer_rules(_find(invoice, "invoiceHead", "customerInfo"))
    found += _line_rules(invoice, operation)
    found += _vat_rules(invoice, vat_rates)
    found += _summary_warnings(invoice)
    return found


def _reference_rules(invoice: ET.Element, operation: str) -> list[Message]:
    has_reference = _find(invoice, "invoiceReference") is not None
    if operation == "CREATE" and has_reference:
        return [error("INVOICE_REFERENCE_NOT_EXPECTED", "A CREATE report has no invoiceReference.")]
    if operation in ("MODIFY", "STORNO") and not has_reference:
        return [error("INVOICE_REFERENCE_EXPECTED", f"{operation} needs invoiceReference.")]
    return []


def _customer_rules(customer: ET.Element | None) -> list[Message]:
    if customer is None:
        return []
    status = text(customer, DATA, "customerVatStatus")
    present = [
        name
        for name in ("customerVatData", "customerName", "customerAddress")
        if _find(customer, name) is not None
    ]
    if status == "PRIVATE_PERSON" and present:
        return [
            error(
                "CUSTOMER_DATA_NOT_EXPECTED",
                "A private person's invoice must not report customer data: "
                + ", ".join(present)
                + ".",
                tag=present[0],
            )
        ]
    found = []
    if status == "DOMESTIC" and _find(customer, "customerVatData", "customerTaxNumber") is None:
        found.append(
            error(
                "MISSING_CUSTOMER_DOMESTIC_TAXNUMBER",
                "A DOMESTIC customer needs customerVatData/customerTaxNumber.",
                tag="customerTaxNumber",
            )
        )
    if status in ("DOMESTIC", "OTHER") and len({"customerName", "customerAddress"} - set(present)):
        found.append(
            error(
                "CUSTOMER_DATA_EXPECTED",
                f"A {status} customer needs customerName and customerAddress.",
                tag="customerInfo",
            )
        )
    return found


def _line_rules(invoice: ET.Element, operation: str) -> list[Message]:
    lines = _lines(invoice)
    if not lines:
        if operation in ("CREATE", "STORNO"):
            return [error("INVOICE_LINE_MISSING", "The invoice has no lines.")]
        return []
    found = []
    numbers = [text(line, DATA, "lineNumber") or "" for line in lines]
    if numbers != [str(n) for n in range(1, len(lines) + 1)]:
        found.append(
            error(
                "LINE_NUMBER_NOT_SEQUENTIAL",
                "lineNumber must run 1, 2, 3... without gaps or repeats.",
                tag="lineNumber",
                value=",".join(numbers)[:1024] or None,
            )
        )
    for position, line in enumerate(lines, start=1):
        modifies = _find(line, "lineModificationReference") is not None
        if operation in ("MODIFY", "STORNO") and not modifies:
            found.append(
                error(
                    "LINE_MODIFICATION_EXPECTED",
                    "A modifying document's lines need lineModificationReference.",
                    line=position,
                )
            )
        elif operation == "CREATE" and modifies:
            found.append(
                error(
                    "LINE_MODIFICATION_NOT_EXPECTED",
                    "A CREATE report's lines have no lineModificationReference.",
                    line=position,
                )
            )
    return found


def _vat_rules(invoice: ET.Element, vat_rates: frozenset[Decimal]) -> list[Message]:
    found = []
    for element in invoice.iter(q(DATA, "vatPercentage")):
        value = (element.text or "").strip()
        rate = _decimal(value)
        if rate is None or rate not in vat_rates:
            allowed = ", ".join(str(r) for r in sorted(vat_rates))
            found.append(
                error(
                    "INVALID_VAT_DATA",
                    f"vatPercentage {value} is not a VAT rate in force ({allowed}).",
                    tag="vatPercentage",
                    value=value or None,
                )
            )
    return found


def _summary_warnings(invoice: ET.Element) -> list[Message]:
    """Summary against lines, tolerating 1% (at least 1 unit) [3.3.3]."""
    summary = _find(invoice, "invoiceSummary", "summaryNormal")
    lines = _lines(invoice)
    nets = [_decimal(text(line, DATA, *LINE_NET)) for line in lines]
    if summary is None or not lines or any(net is None for net in nets):
        return []
    found = []
    line_total = sum((net for net in nets if net is not None), Decimal(0))
    stated = _decimal(text(summary, DATA, "invoiceNetAmount"))
    if stated is not None and _beyond_tolerance(stated, line_total):
        found.append(
            warning(
                "INCORRECT_SUMMARY_CALCULATION_INVOICE_NET_AMOUNT_LINE",
                f"invoiceNetAmount {stated} differs from the sum of the lines' net amounts "
                f"({line_total}).",
                tag="invoiceNetAmount",
                value=str(stated),
            )
        )
    by_rate: dict[str, Decimal] = {}
    for line, net in zip(lines, nets, strict=True):
        key = _rate_key(_find(line, "lineAmountsNormal", "lineVatRate"))
        by_rate[key] = by_rate.get(key, Decimal(0)) + (net or Decimal(0))
    for row in summary.findall(q(DATA, "summaryByVatRate")):
        key = _rate_key(_find(row, "vatRate"))
        row_net = _decimal(text(row, DATA, "vatRateNetData", "vatRateNetAmount"))
        if row_net is None or row_net == 0:
            continue
        if _beyond_tolerance(row_net, by_rate.get(key, Decimal(0))):
            found.append(
                warning(
                    "INCORRECT_SUMMARY_CALCULATION_VAT_RATE_NET_AMOUNT_LINE",
                    f"vatRateNetAmount {row_net} ({key}) differs from its lines' net amounts "
                    f"({by_rate.get(key, Decimal(0))}).",
                    tag="vatRateNetAmount",
                    value=str(row_net),
                )
            )
    return found


LINE_NET = ("lineAmountsNormal", "lineNetAmountData", "lineNetAmount")


def _beyond_tolerance(stated: Decimal, computed: Decimal) -> bool:
    return abs(stated - computed) > max(abs(stated) * TOLERANCE, MINIMUM_TOLERANCE)


def _rate_key(rate: ET.Element | None) -> str:
    """One VAT rate (or exemption case) as a comparable text: "vatPercentage=0.27"."""
    if rate is None or len(rate) == 0:
        return "-"
    choice = rate[0]
    value = (choice.text or "").strip()
    if local(choice.tag) == "vatPercentage":
        number = _decimal(value)
        value = str(number.normalize()) if number is not None else value
    elif len(choice):
        value = text(choice, DATA, "case") or ""
    return f"{local(choice.tag)}={value}"


def _lines(invoice: ET.Element) -> list[ET.Element]:
    lines = _find(invoice, "invoiceLines")
    return [] if lines is None else lines.findall(q(DATA, "line"))


def _find(parent: ET.Element | None, *path: str) -> ET.Element | None:
    element = parent
    for name in path:
        if element is None:
            return None
        element = element.find(q(DATA, name))
    return element


def _taxpayer_id(tax_number: ET.Element | None) -> str | None:
    if tax_number is None:
        return None
    for element in tax_number:
        if local(element.tag) == "taxpayerId":
            return (element.text or "").strip()
    return None


def _decimal(value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(value.strip())
    except InvalidOperation:
        return None


def first_error(messages: Iterable[Message]) -> Message | None:
    return next((m for m in messages if m.result in ("ERROR", "CRITICAL")), None)
