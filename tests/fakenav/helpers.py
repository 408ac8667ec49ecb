"""A small NAV client for the emulator's tests, built only from okos_tui.nav.security, and
invoiceData documents to report (the official sample, or made by okos_tui.nav.invoice_data).

Every answer the client receives is checked against invoiceApi.xsd and its expected root, so
each test also proves that the emulator's answers are schema-valid.
"""

from __future__ import annotations

import base64
import gzip
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import httpx

from okos_tui.domain.invoicing import VatSummaryRow
from okos_tui.fakenav import TechnicalUser
from okos_tui.nav.invoice_data import NavAddress, NavInvoice, NavLine, NavReference, invoice_data
from okos_tui.nav.schema import schema
from okos_tui.nav.security import (
    decrypt_exchange_token,
    new_request_id,
    password_hash,
    request_signature,
    request_timestamp,
)

API = "http://schemas.nav.gov.hu/OSA/3.0/api"
COMMON = "http://schemas.nav.gov.hu/NTCA/1.0/common"
NS = {"api": API, "common": COMMON, "base": "http://schemas.nav.gov.hu/OSA/3.0/base"}

SAMPLES = Path("/work/shared/nav-online-szamla/samples")
SAMPLE_INVOICE = SAMPLES / "invoices" / "Belfoldi termekertekesites maganszemelynek.xml"
SAMPLE_NUMBER = "2021/000123"

USER = TechnicalUser(
    login="tesztuser99",
    password="Nagyon-Titkos-99",
    signature_key="99-9999-TESZTALAIRASIKULCS999999",
    exchange_key="CsereKulcs999999",
    taxpayer_id="99999999",
)
"""The taxpayer of the official sample invoice (supplier 99999999-2-41)."""
OTHER_USER = TechnicalUser(
    login="masikuser11",
    password="Masik-Jelszo-11",
    signature_key="11-1111-MASIKALAIRASIKULCS111111",
    exchange_key="MasikCsere111111",
    taxpayer_id="11111111",
)

SOFTWARE = """<software>
<softwareId>HU99999999OKOS-001</softwareId>
<softwareName>okos-tui tests</softwareName>
<softwareOperation>LOCAL_SOFTWARE</softwareOperation>
<softwareMainVersion>1.0</softwareMainVersion>
<softwareDevName>okos</softwareDevName>
<softwareDevContact>dev@example.hu</softwareDevContact>
</software>"""


@dataclass
class Answer:
    status: int
    root: ET.Element

    @property
    def name(self) -> str:
        return self.root.tag.rpartition("}")[2]

    @property
    def error_code(self) -> str | None:
        return self.root.findtext("common:result/common:errorCode", namespaces=NS) or (
            self.root.findtext("common:errorCode", namespaces=NS)
        )

    @property
    def func_code(self) -> str | None:
        return self.root.findtext("common:result/common:funcCode", namespaces=NS) or (
            self.root.findtext("common:funcCode", namespaces=NS)
        )

    @property
    def message(self) -> str | None:
        return self.root.findtext("common:result/common:message", namespaces=NS)

    def find(self, path: str) -> str | None:
        return self.root.findtext(path, namespaces=NS)


@dataclass
class Result:
    """One processingResult of queryTransactionStatus."""

    index: int
    status: str
    technical: list[str]
    business: list[tuple[str, str]]
    """(validationResultCode, validationErrorCode)."""
    original: str | None

    @property
    def codes(self) -> list[str]:
        return self.technical + [code for _, code in self.business]


@dataclass
class NavClient:
    """Builds, signs and sends requests as a real client would; checks every answer."""

    base_url: str
    """…/invoiceService/v3 of the NAV to talk to."""
    user: TechnicalUser = USER
    clock: object = None
    """A callable giving the request timestamps (the emulator's ManualClock); None: now."""
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=10))
    answers: list[Answer] = field(default_factory=list)

    def moment(self) -> datetime:
        return self.clock() if callable(self.clock) else datetime.now(UTC)

    def body(
        self,
        root_name: str,
        inner: str,
        *,
        request_id: str | None = None,
        moment: datetime | None = None,
        operations: Sequence[tuple[str, str]] = (),
        password: str | None = None,
        signature_key: str | None = None,
        tax_number: str | None = None,
        login: str | None = None,
        signature: str | None = None,
    ) -> bytes:
        request_id = request_id or new_request_id()
        moment = moment or self.moment()
        signature = signature or request_signature(
            request_id, moment, signature_key or self.user.signature_key, operations
        )
        digest = password_hash(password or self.user.password)
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<{root_name} xmlns="{API}" xmlns:common="{COMMON}">
<common:header>
<common:requestId>{request_id}</common:requestId>
<common:timestamp>{request_timestamp(moment)}</common:timestamp>
<common:requestVersion>3.0</common:requestVersion>
<common:headerVersion>1.0</common:headerVersion>
</common:header>
<common:user>
<common:login>{login or self.user.login}</common:login>
<common:passwordHash cryptoType="SHA-512">{digest}</common:passwordHash>
<common:taxNumber>{tax_number or self.user.taxpayer_id}</common:taxNumber>
<common:requestSignature cryptoType="SHA3-512">{signature}</common:requestSignature>
</common:user>
{SOFTWARE}
{inner}
</{root_name}>""".encode()

    def post(self, operation: str, body: bytes) -> Answer:
        response = self.http.post(
            f"{self.base_url}/{operation}",
            content=body,
            headers={"Content-Type": "application/xml", "Accept": "application/xml"},
        )
        return self.check(operation, response)

    def check(self, operation: str, response: httpx.Response) -> Answer:
        """Schema-valid, and the root the status calls for."""
        root = ET.fromstring(response.content)
        errors = [f"{e.path}: {e.reason}" for e in schema("invoiceApi.xsd").iter_errors(root)]
        assert errors == [], (operation, errors, response.text)
        expected = {
            200: f"{{{API}}}{operation[0].upper()}{operation[1:]}Response",
        }.get(response.status_code)
        if expected is not None:
            assert root.tag == expected, response.text
        else:
            assert root.tag in (
                f"{{{API}}}GeneralErrorResponse",
                f"{{{COMMON}}}GeneralExceptionResponse",
            ), response.text
        answer = Answer(response.status_code, root)
        self.answers.append(answer)
        return answer

    def send(self, operation: str, root_name: str, inner: str = "", **options: Any) -> Answer:
        return self.post(operation, self.body(root_name, inner, **options))

    # operations -------------------------------------------------------------------------------

    def token(self) -> str:
        answer = self.send("tokenExchange", "TokenExchangeRequest")
        assert answer.status == 200, answer.error_code
        encoded = answer.find("api:encodedExchangeToken")
        assert encoded
        return decrypt_exchange_token(encoded, self.user.exchange_key)

    def manage_invoice_body(
        self,
        documents: Sequence[tuple[str, bytes]],
        *,
        token: str | None = None,
        compressed: bool = False,
        indexes: Sequence[int] | None = None,
        **options: Any,
    ) -> bytes:
        token = token or self.token()
        texts = [
            (op, base64.b64encode(gzip.compress(doc) if compressed else doc).decode())
            for op, doc in documents
        ]
        indexes = indexes or range(1, len(texts) + 1)
        items = "".join(
            f"<invoiceOperation><index>{index}</index><invoiceOperation>{op}</invoiceOperation>"
            f"<invoiceData>{data}</invoiceData></invoiceOperation>"
            for index, (op, data) in zip(indexes, texts, strict=True)
        )
        inner = (
            f"<exchangeToken>{escape(token)}</exchangeToken><invoiceOperations>"
            f"<compressedContent>{'true' if compressed else 'false'}</compressedContent>"
            f"{items}</invoiceOperations>"
        )
        return self.body("ManageInvoiceRequest", inner, operations=texts, **options)

    def manage_invoice(self, documents: Sequence[tuple[str, bytes]], **options: Any) -> Answer:
        return self.post("manageInvoice", self.manage_invoice_body(documents, **options))

    def report(self, document: bytes, operation: str = "CREATE") -> str:
        """manageInvoice of one document; its transactionId."""
        answer = self.manage_invoice([(operation, document)])
        assert answer.status == 200, (answer.error_code, answer.message)
        transaction_id = answer.find("api:transactionId")
        assert transaction_id
        return transaction_id

    def annul(self, number: str, *, token: str | None = None) -> Answer:
        annulment = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<InvoiceAnnulment xmlns="http://schemas.nav.gov.hu/OSA/3.0/annul">'
            f"<annulmentReference>{escape(number)}</annulmentReference>"
            f"<annulmentTimestamp>{request_timestamp(self.moment())}</annulmentTimestamp>"
            "<annulmentCode>ERRATIC_DATA</annulmentCode>"
            "<annulmentReason>Hibás adatok</annulmentReason>"
            "</InvoiceAnnulment>"
        ).encode()
        data = base64.b64encode(annulment).decode()
        inner = (
            f"<exchangeToken>{escape(token or self.token())}</exchangeToken><annulmentOperations>"
            "<annulmentOperation><index>1</index><annulmentOperation>ANNUL</annulmentOperation>"
            f"<invoiceAnnulment>{data}</invoiceAnnulment></annulmentOperation>"
            "</annulmentOperations>"
        )
        body = self.body("ManageAnnulmentRequest", inner, operations=[("ANNUL", data)])
        return self.post("manageAnnulment", body)

    def status(self, transaction_id: str, *, original: bool = False) -> tuple[Answer, list[Result]]:
        inner = (
            f"<transactionId>{transaction_id}</transactionId>"
            f"<returnOriginalRequest>{'true' if original else 'false'}</returnOriginalRequest>"
        )
        answer = self.send("queryTransactionStatus", "QueryTransactionStatusRequest", inner)
        assert answer.status == 200, answer.error_code
        results = []
        for element in answer.root.findall("api:processingResults/api:processingResult", NS):
            results.append(
                Result(
                    index=int(element.findtext("api:index", namespaces=NS) or 0),
                    status=element.findtext("api:invoiceStatus", namespaces=NS) or "",
                    technical=[
                        m.findtext("common:validationErrorCode", namespaces=NS) or ""
                        for m in element.findall("api:technicalValidationMessages", NS)
                    ],
                    business=[
                        (
                            m.findtext("api:validationResultCode", namespaces=NS) or "",
                            m.findtext("api:validationErrorCode", namespaces=NS) or "",
                        )
                        for m in element.findall("api:businessValidationMessages", NS)
                    ],
                    original=element.findtext("api:originalRequest", namespaces=NS),
                )
            )
        return answer, results

    def wait(self, transaction_id: str, *, tries: int = 10) -> list[Result]:
        """Poll queryTransactionStatus until every index is DONE or ABORTED."""
        for _ in range(tries):
            _, results = self.status(transaction_id)
            if results and all(r.status in ("DONE", "ABORTED") for r in results):
                return results
        raise AssertionError(f"{transaction_id} was not processed after {tries} queries")

    def check_invoice(self, number: str) -> bool:
        inner = (
            f"<invoiceNumberQuery><invoiceNumber>{escape(number)}</invoiceNumber>"
            "<invoiceDirection>OUTBOUND</invoiceDirection></invoiceNumberQuery>"
        )
        answer = self.send("queryInvoiceCheck", "QueryInvoiceCheckRequest", inner)
        assert answer.status == 200, answer.error_code
        return answer.find("api:invoiceCheckResult") == "true"

    def transaction_list(
        self, since: datetime, until: datetime, *, page: int = 1, status: str | None = None
    ) -> Answer:
        inner = (
            f"<page>{page}</page><insDate><dateTimeFrom>{request_timestamp(since)}</dateTimeFrom>"
            f"<dateTimeTo>{request_timestamp(until)}</dateTimeTo></insDate>"
            + (f"<requestStatus>{status}</requestStatus>" if status else "")
        )
        return self.send("queryTransactionList", "QueryTransactionListRequest", inner)


# invoiceData documents --------------------------------------------------------------------------


def sample_invoice(number: str = SAMPLE_NUMBER) -> bytes:
    """The official sample (a private person's invoice, supplier 99999999) under `number`."""
    text = SAMPLE_INVOICE.read_text(encoding="utf-8")
    old = f"<invoiceNumber>{SAMPLE_NUMBER}</invoiceNumber>"
    return text.replace(old, f"<invoiceNumber>{escape(number)}</invoiceNumber>").encode("utf-8")


def with_text(document: bytes, old: str, new: str) -> bytes:
    text = document.decode("utf-8")
    assert old in text, old
    return text.replace(old, new, 1).encode("utf-8")


SELLER = NavAddress("HU", "1234", "Budapest", "Hármas utca 1.")
BUYER = NavAddress("HU", "6720", "Szeged", "Kárász utca 2.")
CENT = Decimal("0.01")


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def made_invoice(
    number: str,
    lines: Sequence[tuple[str, str, str, str]] = (("Bögre", "2", "1000", "27"),),
    *,
    buyer_status: str = "private",
    buyer_tax_number: str = "",
    supplier_tax_number: str = "99999999-2-41",
    reference: NavReference | None = None,
    sign: int = 1,
) -> bytes:
    """An invoiceData made by the project's own builder: `lines` are (description, quantity,
    unit net price, VAT percent); `sign=-1` with a `reference` makes the storno of such an
    invoice (opposite amounts)."""
    nav_lines = []
    rows: dict[Decimal, list[Decimal]] = {}
    for description, quantity, price, percent in lines:
        qty = Decimal(quantity) * sign
        net = _money(qty * Decimal(price))
        vat = _money(net * Decimal(percent) / 100)
        nav_lines.append(
            NavLine(
                description=description,
                quantity=qty,
                unit="db",
                unit_price=Decimal(price),
                net=net,
                vat=vat,
                gross=net + vat,
                vat_category="percentage",
                vat_percent=Decimal(percent),
                vat_code=f"{percent}%",
                vat_reason="",
                service=False,
            )
        )
        row = rows.setdefault(Decimal(percent), [Decimal(0), Decimal(0)])
        row[0] += net
        row[1] += vat
    summary = tuple(
        VatSummaryRow(f"{p}%", p, "percentage", "", net, vat, net + vat, net, vat)
        for p, (net, vat) in rows.items()
    )
    net_total = sum((r.net for r in summary), Decimal(0))
    vat_total = sum((r.vat for r in summary), Decimal(0))
    invoice = NavInvoice(
        number=number,
        issued_on=date(2026, 3, 2),
        fulfilled_on=date(2026, 3, 2),
        due_on=date(2026, 3, 10),
        currency="HUF",
        exchange_rate=Decimal(1),
        payment_code="BANK_TRANSFER",
        electronic=True,
        supplier_tax_number=supplier_tax_number,
        supplier_name="Értékesítő Kft",
        supplier_address=SELLER,
        supplier_bank_account="12345678-12345678-12345678",
        supplier_exempt=False,
        buyer_status=buyer_status,
        buyer_tax_number=buyer_tax_number,
        buyer_name="Tűzkő Kft." if buyer_status != "private" else "Őri Űrsula",
        buyer_address=BUYER,
        lines=tuple(nav_lines),
        summary=summary,
        net_total=net_total,
        vat_total=vat_total,
        gross_total=net_total + vat_total,
        reference=reference,
    )
    return invoice_data(invoice)


def storno_of(
    original: str, number: str, *, modification_index: int = 1, lines_before: int = 1
) -> bytes:
    return made_invoice(
        number,
        reference=NavReference(original, modification_index, lines_before),
        sign=-1,
    )
