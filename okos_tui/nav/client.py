"""The NAV Online Számla v3.0 interface over HTTP (httpx): the operations a web shop's invoicing
program needs, each request signed as the specification says [1.3-1.5].

A request that may be sent again without harm (a token, a query) is retried on a timeout, a
lost connection, HTTP 5xx, OPERATION_FAILED or MAINTENANCE_MODE, with a growing pause. A
manageInvoice is NOT retried here: whether its answer was lost is the reporter's question (it
records the request before sending and resolves a lost answer by querying NAV). Errors a person
must fix (a wrong password or key, an unregistered user) stop with `NavError.fatal`.
"""

from __future__ import annotations

import base64
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from okos_tui.nav.security import (
    decrypt_exchange_token,
    new_request_id,
    password_hash,
    request_signature,
    request_timestamp,
)

API = "http://schemas.nav.gov.hu/OSA/3.0/api"
COMMON = "http://schemas.nav.gov.hu/NTCA/1.0/common"
NS = {"api": API, "common": COMMON}
RETRIED_CODES = {"OPERATION_FAILED", "MAINTENANCE_MODE"}
FATAL_CODES = {
    "INVALID_SECURITY_USER",
    "INVALID_REQUEST_SIGNATURE",
    "NOT_REGISTERED_CUSTOMER",
    "INVALID_USER_RELATION",
    "FORBIDDEN",
    "INVALID_EXCHANGE_TOKEN",
}
SOFTWARE_NAME = "okos-tui"
SOFTWARE_VERSION = "1.0"


class NavError(Exception):
    """NAV refused a request or could not be reached: `code` is NAV's errorCode (or one of
    ours: TIMEOUT, CONNECTION, HTTP_nnn), `fatal` when a person must change the settings."""

    def __init__(self, code: str, message: str, *, fatal: bool = False) -> None:
        super().__init__(f"{code}: {message}" if message else code)
        self.code = code
        self.message = message
        self.fatal = fatal or code in FATAL_CODES

    @property
    def retryable(self) -> bool:
        return not self.fatal and (
            self.code in RETRIED_CODES
            or self.code in ("TIMEOUT", "CONNECTION")
            or self.code.startswith("HTTP_5")
        )


@dataclass(frozen=True)
class NavUser:
    """The technical user and the software, as every request names them."""

    login: str
    password: str
    signature_key: str
    exchange_key: str
    tax_number: str  # the taxpayer's first eight digits
    software_id: str


@dataclass(frozen=True)
class ValidationMessage:
    result: str  # ERROR, WARN, INFO
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.result} {self.code}: {self.message}".strip()


@dataclass(frozen=True)
class ProcessingResult:
    """One invoice of a transaction: RECEIVED, PROCESSING, SAVED, DONE or ABORTED."""

    index: int
    status: str
    messages: tuple[ValidationMessage, ...]
    original: bytes | None  # the invoiceData as sent, when asked for


@dataclass(frozen=True)
class Transaction:
    transaction_id: str
    status: str
    sent_at: str


@dataclass(frozen=True)
class PreparedRequest:
    """A manageInvoice built and signed, not sent: the reporter records `request_id` first."""

    request_id: str
    body: bytes


def _sub(parent: ET.Element, name: str, text: str | None = None, ns: str = API) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ns}}}{name}")
    if text is not None:
        element.text = text
    return element


class NavClient:
    def __init__(
        self,
        base_url: str,
        user: NavUser,
        *,
        timeout: float = 20.0,
        attempts: int = 4,
        pause: float = 0.5,
        transport: httpx.BaseTransport | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.user = user
        self.attempts = attempts
        self.pause = pause
        self.now = now
        self.sleep = sleep
        self.http = httpx.Client(
            timeout=timeout,
            transport=transport,
            headers={"Content-Type": "application/xml", "Accept": "application/xml"},
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> NavClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- building requests ---------------------------------------------------------------------

    def _request(
        self, root: str, request_id: str, operations: Sequence[tuple[str, str]] = ()
    ) -> ET.Element:
        ET.register_namespace("", API)
        ET.register_namespace("common", COMMON)
        moment = self.now()
        element = ET.Element(f"{{{API}}}{root}")
        header = _sub(element, "header", ns=COMMON)
        _sub(header, "requestId", request_id, COMMON)
        _sub(header, "timestamp", request_timestamp(moment), COMMON)
        _sub(header, "requestVersion", "3.0", COMMON)
        _sub(header, "headerVersion", "1.0", COMMON)
        user = _sub(element, "user", ns=COMMON)
        _sub(user, "login", self.user.login, COMMON)
        _sub(user, "passwordHash", password_hash(self.user.password), COMMON).set(
            "cryptoType", "SHA-512"
        )
        _sub(user, "taxNumber", self.user.tax_number, COMMON)
        signature = request_signature(request_id, moment, self.user.signature_key, operations)
        _sub(user, "requestSignature", signature, COMMON).set("cryptoType", "SHA3-512")
        software = _sub(element, "software")
        _sub(software, "softwareId", self.user.software_id)
        _sub(software, "softwareName", SOFTWARE_NAME)
        _sub(software, "softwareOperation", "LOCAL_SOFTWARE")
        _sub(software, "softwareMainVersion", SOFTWARE_VERSION)
        _sub(software, "softwareDevName", "okos-tui")
        _sub(software, "softwareDevContact", "okos-tui@example.hu")
        return element

    # -- sending -------------------------------------------------------------------------------

    def _post_once(self, operation: str, body: bytes) -> ET.Element:
        try:
            response = self.http.post(f"{self.base_url}/{operation}", content=body)
        except httpx.TimeoutException as exc:
            raise NavError("TIMEOUT", str(exc) or "no answer in time") from None
        except httpx.TransportError as exc:
            raise NavError("CONNECTION", str(exc) or type(exc).__name__) from None
        try:
            root = ET.fromstring(response.content)
        except ET.ParseError:
            raise NavError(f"HTTP_{response.status_code}", response.text[:200]) from None
        result = root.find("common:result", NS)
        if result is not None and result.findtext("common:funcCode", "", NS) == "ERROR":
            code = result.findtext("common:errorCode", "", NS) or f"HTTP_{response.status_code}"
            message = result.findtext("common:message", "", NS)
            messages = [
                m.findtext("common:message", "", NS) or m.findtext("api:message", "", NS)
                for m in root.iter()
                if m.tag.endswith("technicalValidationMessages")
            ]
            raise NavError(code, "; ".join(filter(None, [message, *messages])))
        if response.status_code >= 400:
            raise NavError(f"HTTP_{response.status_code}", response.text[:200])
        return root

    def _post(
        self, operation: str, build: Callable[[], bytes], *, retry: bool = True
    ) -> ET.Element:
        """Send; a query is built anew (new request id and timestamp) and retried."""
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._post_once(operation, build())
            except NavError as exc:
                if not retry or not exc.retryable or attempt >= self.attempts:
                    raise
                self.sleep(self.pause * 2 ** (attempt - 1))

    def _simple(self, root: str, fill: Callable[[ET.Element], None]) -> Callable[[], bytes]:
        def build() -> bytes:
            element = self._request(root, new_request_id())
            fill(element)
            return ET.tostring(element, encoding="utf-8", xml_declaration=True)

        return build

    # -- operations ----------------------------------------------------------------------------

    def token(self) -> str:
        """A fresh single-use exchange token, decrypted [1.8.10]."""
        root = self._post("tokenExchange", self._simple("TokenExchangeRequest", lambda e: None))
        encoded = root.findtext("api:encodedExchangeToken", "", NS)
        return decrypt_exchange_token(encoded, self.user.exchange_key)

    def prepare_invoices(
        self, token: str, operations: Sequence[tuple[str, bytes]]
    ) -> PreparedRequest:
        """A manageInvoice of 1-100 (operation, invoiceData) in index order, signed."""
        if not 1 <= len(operations) <= 100:
            raise ValueError("a manageInvoice carries 1 to 100 invoices")
        request_id = new_request_id()
        encoded = [(op, base64.b64encode(data).decode("ascii")) for op, data in operations]
        element = self._request("ManageInvoiceRequest", request_id, encoded)
        _sub(element, "exchangeToken", token)
        block = _sub(element, "invoiceOperations")
        _sub(block, "compressedContent", "false")
        for index, (operation, data) in enumerate(encoded, start=1):
            item = _sub(block, "invoiceOperation")
            _sub(item, "index", str(index))
            _sub(item, "invoiceOperation", operation)
            _sub(item, "invoiceData", data)
        body = ET.tostring(element, encoding="utf-8", xml_declaration=True)
        return PreparedRequest(request_id, body)

    def send_invoices(self, prepared: PreparedRequest) -> str:
        """Send a prepared manageInvoice once; its transactionId."""
        root = self._post("manageInvoice", lambda: prepared.body, retry=False)
        return root.findtext("api:transactionId", "", NS)

    def transaction_status(
        self, transaction_id: str, *, original: bool = False
    ) -> list[ProcessingResult]:
        def fill(element: ET.Element) -> None:
            _sub(element, "transactionId", transaction_id)
            _sub(element, "returnOriginalRequest", "true" if original else "false")

        root = self._post(
            "queryTransactionStatus", self._simple("QueryTransactionStatusRequest", fill)
        )
        results = []
        for item in root.iterfind("api:processingResults/api:processingResult", NS):
            messages = tuple(
                ValidationMessage(
                    m.findtext("api:validationResultCode", "", NS)
                    or m.findtext("common:validationResultCode", "", NS),
                    m.findtext("api:validationErrorCode", "", NS)
                    or m.findtext("common:validationErrorCode", "", NS),
                    m.findtext("api:message", "", NS) or m.findtext("common:message", "", NS),
                )
                for m in item
                if m.tag.endswith("ValidationMessages")
            )
            raw = item.findtext("api:originalRequest", "", NS)
            results.append(
                ProcessingResult(
                    index=int(item.findtext("api:index", "0", NS)),
                    status=item.findtext("api:invoiceStatus", "", NS),
                    messages=messages,
                    original=base64.b64decode(raw) if raw else None,
                )
            )
        return results

    def transactions(self, since: datetime, until: datetime) -> list[Transaction]:
        """The taxpayer's transactions in a window (every page) [1.8.7]."""
        found: list[Transaction] = []
        page = 1
        while True:

            def fill(element: ET.Element, page: int = page) -> None:
                _sub(element, "page", str(page))
                interval = _sub(element, "insDate")
                _sub(interval, "dateTimeFrom", request_timestamp(since))
                _sub(interval, "dateTimeTo", request_timestamp(until))

            root = self._post(
                "queryTransactionList", self._simple("QueryTransactionListRequest", fill)
            )
            result = root.find("api:transactionListResult", NS)
            if result is None:
                return found
            for item in result.iterfind("api:transaction", NS):
                found.append(
                    Transaction(
                        item.findtext("api:transactionId", "", NS),
                        item.findtext("api:requestStatus", "", NS),
                        item.findtext("api:insDate", "", NS),
                    )
                )
            if page >= int(result.findtext("api:availablePage", "1", NS) or 1):
                return found
            page += 1

    def invoice_known(self, number: str) -> bool:
        """Whether exactly one valid report of this outbound invoice number exists [1.8.4]."""

        def fill(element: ET.Element) -> None:
            _sub(element, "invoiceNumberQuery")
            query = element.find(f"{{{API}}}invoiceNumberQuery")
            assert query is not None
            _sub(query, "invoiceNumber", number)
            _sub(query, "invoiceDirection", "OUTBOUND")

        root = self._post("queryInvoiceCheck", self._simple("QueryInvoiceCheckRequest", fill))
        return root.findtext("api:invoiceCheckResult", "false", NS) == "true"

    def annul(self, token: str, annulments: Sequence[bytes]) -> str:
        """A manageAnnulment of InvoiceAnnulment documents; its transactionId."""
        request_id = new_request_id()
        encoded = [("ANNUL", base64.b64encode(data).decode("ascii")) for data in annulments]
        element = self._request("ManageAnnulmentRequest", request_id, encoded)
        _sub(element, "exchangeToken", token)
        block = _sub(element, "annulmentOperations")
        for index, (operation, data) in enumerate(encoded, start=1):
            item = _sub(block, "annulmentOperation")
            _sub(item, "index", str(index))
            _sub(item, "annulmentOperation", operation)
            _sub(item, "invoiceAnnulment", data)
        body = ET.tostring(element, encoding="utf-8", xml_declaration=True)
        root = self._post("manageAnnulment", lambda: body, retry=False)
        return root.findtext("api:transactionId", "", NS)

    def taxpayer(self, tax_number: str) -> tuple[bool, str]:
        """Whether a Hungarian taxpayer (its first eight digits) is valid, and its name."""

        def fill(element: ET.Element) -> None:
            _sub(element, "taxNumber", tax_number[:8])

        root = self._post("queryTaxpayer", self._simple("QueryTaxpayerRequest", fill))
        valid = root.findtext("api:taxpayerValidity", "false", NS) == "true"
        name = root.findtext(".//api:taxpayerName", "", NS)
        return valid, name
