"""The emulated NAV's behaviour, without HTTP: one request's bytes in, status and bytes out.

The synchronous checks run in NAV's order of concern: is it XML, is it the operation's request,
is it schema-valid, versions and crypto types, the timestamp, who sends it (login, password,
tax number), the signature, the request id, then the operation (token, indexes...). Invoice
reports are accepted with a transaction id and checked later, when the pace says they are
processed; transactions are processed strictly in the order they arrived.
"""

from __future__ import annotations

import hmac
import math
import secrets
import string
import uuid
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import islice

from okos_tui.fakenav import responses
from okos_tui.fakenav.checks import (
    InvoiceFacts,
    Rejected,
    decode,
    error,
    first_error,
    invoice_number,
    read_invoice,
    technical,
    validated,
)
from okos_tui.fakenav.settings import FakeNavSettings, TechnicalUser
from okos_tui.fakenav.state import (
    INVOICE_OPERATIONS,
    Item,
    Message,
    NavState,
    Token,
    Transaction,
)
from okos_tui.fakenav.xmltools import (
    ANNUL,
    API,
    COMMON,
    DATA,
    NotWellFormed,
    add,
    boolean,
    child,
    parse,
    parse_timestamp,
    q,
    serialize,
    text,
    timestamp,
)
from okos_tui.nav.schema import schema
from okos_tui.nav.security import encrypt_exchange_token, request_signature

OPERATIONS = {
    "tokenExchange": "TokenExchangeRequest",
    "manageInvoice": "ManageInvoiceRequest",
    "manageAnnulment": "ManageAnnulmentRequest",
    "queryTransactionStatus": "QueryTransactionStatusRequest",
    "queryTransactionList": "QueryTransactionListRequest",
    "queryInvoiceCheck": "QueryInvoiceCheckRequest",
    "queryTaxpayer": "QueryTaxpayerRequest",
}
NOT_EMULATED = ("queryInvoiceData", "queryInvoiceDigest", "queryInvoiceChainDigest")
"""Real operations this emulator does not offer: a 400 that says so, rather than a 404."""
MAX_QUERY_DAYS = 35
MAX_SCHEMA_MESSAGES = 20
_TOKEN_SUFFIX = string.ascii_uppercase + string.digits


@dataclass(frozen=True)
class Outcome:
    """One answer: what went back and what the request log records about it."""

    status: int
    payload: bytes
    request_id: str | None = None
    login: str | None = None
    error_code: str | None = None
    transaction_id: str | None = None


@dataclass(frozen=True)
class ReportCount:
    """What happened to one invoice number's reports (`FakeNav.reports`)."""

    submitted: int
    """manageInvoice reports accepted (a transaction id issued, even if the answer was lost)."""
    done: int
    aborted: int
    pending: int
    """Accepted but not processed yet."""
    valid: int
    """DONE and not withdrawn by an approved technical annulment."""


class Refusal(Exception):
    """A synchronous rejection: GeneralErrorResponse with this HTTP status and errorCode."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True)
class _Request:
    """A schema-valid request's header, user and software."""

    root: ET.Element
    request_id: str
    timestamp: datetime
    request_version: str
    header_version: str | None
    login: str
    password_hash: str
    password_crypto: str
    taxpayer_id: str
    signature: str
    signature_crypto: str
    software: tuple[tuple[str, str], ...]

    @classmethod
    def read(cls, document: ET.Element) -> _Request:
        header = child(document, COMMON, "header")
        user = child(document, COMMON, "user")
        password = child(user, COMMON, "passwordHash")
        signature = child(user, COMMON, "requestSignature")
        assert header is not None and password is not None and signature is not None
        return cls(
            root=document,
            request_id=text(header, COMMON, "requestId") or "",
            timestamp=parse_timestamp(text(header, COMMON, "timestamp") or ""),
            request_version=text(header, COMMON, "requestVersion") or "",
            header_version=text(header, COMMON, "headerVersion"),
            login=text(user, COMMON, "login") or "",
            password_hash=(password.text or "").strip(),
            password_crypto=password.get("cryptoType", ""),
            taxpayer_id=text(user, COMMON, "taxNumber") or "",
            signature=(signature.text or "").strip(),
            signature_crypto=signature.get("cryptoType", ""),
            software=responses.software_of(document),
        )


class NavService:
    """The operations and the processing of reports over one `NavState`."""

    def __init__(self, settings: FakeNavSettings, state: NavState) -> None:
        self.settings = settings
        self.state = state

    def now(self) -> datetime:
        return self.settings.clock()

    # one request ------------------------------------------------------------------------------

    def handle(self, operation: str, body: bytes) -> Outcome:
        """Answer `POST /invoiceService/v3/{operation}` with `body`."""
        now = self.now()
        root_name = OPERATIONS.get(operation)
        if root_name is None:
            return self._exception("INVALID_REQUEST", f"The operation {operation} is not emulated.")
        try:
            document = parse(body)
        except NotWellFormed as exc:
            return self._exception("INVALID_REQUEST", f"The request is not well-formed XML: {exc}")
        if document.tag != q(API, root_name):
            return self._exception(
                "INVALID_REQUEST", f"/{operation} expects {root_name} in the namespace {API}."
            )
        header = child(document, COMMON, "header")
        request_id = responses.answer_request_id(text(header, COMMON, "requestId"))
        problems = [
            technical("SCHEMA_VIOLATION", f"{problem.path}: {problem.reason}")
            for problem in islice(
                schema("invoiceApi.xsd").iter_errors(document), MAX_SCHEMA_MESSAGES
            )
        ]
        if problems:
            payload = responses.general_error(
                request_id,
                now,
                responses.EMULATOR_SOFTWARE,
                "INVALID_REQUEST",
                "The request does not match invoiceApi.xsd.",
                problems,
            )
            return Outcome(400, serialize(payload), request_id, None, "INVALID_REQUEST")
        request = _Request.read(document)
        with self.state.lock:
            self.advance(now)
            try:
                user = self._authenticate(request, now, _signed_operations(document))
                answer, transaction_id = getattr(self, "_" + operation)(request, user, now)
            except Refusal as refusal:
                payload = responses.general_error(
                    request_id, now, request.software, refusal.code, refusal.message
                )
                return Outcome(
                    refusal.status, serialize(payload), request_id, request.login, refusal.code
                )
            self.state.request_ids.add((user.taxpayer_id, request.request_id))
            self.state.dirty = True
        return Outcome(200, serialize(answer), request_id, request.login, None, transaction_id)

    def _exception(self, code: str, message: str) -> Outcome:
        return Outcome(400, serialize(responses.general_exception(code, message)), None, None, code)

    def _authenticate(
        self, request: _Request, now: datetime, operations: list[tuple[str, str]]
    ) -> TechnicalUser:
        if request.request_version != responses.REQUEST_VERSION:
            raise Refusal(400, "INVALID_REQUEST_VERSION", "requestVersion must be 3.0.")
        if request.header_version not in (None, responses.HEADER_VERSION):
            raise Refusal(400, "INVALID_HEADER_VERSION", "headerVersion must be 1.0.")
        if request.password_crypto != "SHA-512":
            raise Refusal(400, "INVALID_PASSWORD_HASH_CRYPTO", "passwordHash must be SHA-512.")
        if request.signature_crypto != "SHA3-512":
            raise Refusal(
                400, "INVALID_REQUEST_SIGNATURE_HASH_CRYPTO", "requestSignature must be SHA3-512."
            )
        if abs(now - request.timestamp) > self.settings.timestamp_tolerance:
            raise Refusal(
                400,
                "INVALID_TIMESTAMP",
                f"The request's timestamp is more than {self.settings.timestamp_tolerance} "
                f"from the server's time ({timestamp(now)}).",
            )
        user = self.settings.user(request.login)
        if user is None or not _same(user.password_hash, request.password_hash):
            raise Refusal(401, "INVALID_SECURITY_USER", "Wrong login or password hash.")
        if request.taxpayer_id != user.taxpayer_id:
            raise Refusal(
                500,
                "INVALID_USER_RELATION",
                f"The technical user {user.login} does not belong to the taxpayer "
                f"{request.taxpayer_id}.",
            )
        expected = request_signature(
            request.request_id, request.timestamp, user.signature_key, operations
        )
        if not _same(expected, request.signature):
            raise Refusal(400, "INVALID_REQUEST_SIGNATURE", "The requestSignature is wrong.")
        if (user.taxpayer_id, request.request_id) in self.state.request_ids:
            raise Refusal(
                400,
                "REQUEST_ID_NOT_UNIQUE",
                f"The requestId {request.request_id} was already used by this taxpayer.",
            )
        return user

    # operations -------------------------------------------------------------------------------

    def _tokenExchange(
        self, request: _Request, user: TechnicalUser, now: datetime
    ) -> tuple[ET.Element, None]:
        value = str(uuid.uuid4()) + "".join(secrets.choice(_TOKEN_SUFFIX) for _ in range(12))
        token = Token(
            value,
            user.login,
            user.taxpayer_id,
            now,
            now + timedelta(seconds=self.settings.token_lifetime_seconds),
        )
        self.state.tokens[value] = token
        answer = self._answer("TokenExchangeResponse", request, now)
        add(answer, "encodedExchangeToken", encrypt_exchange_token(value, user.exchange_key))
        add(answer, "tokenValidityFrom", timestamp(token.valid_from))
        add(answer, "tokenValidityTo", timestamp(token.valid_to))
        return answer, None

    def _manageInvoice(
        self, request: _Request, user: TechnicalUser, now: datetime
    ) -> tuple[ET.Element, str]:
        operations = child(request.root, API, "invoiceOperations")
        compressed = text(operations, API, "compressedContent") == "true"
        elements = [] if operations is None else operations.findall(q(API, "invoiceOperation"))
        items = [
            Item(
                index=int(text(e, API, "index") or 0),
                operation=text(e, API, "invoiceOperation") or "",
                data=_raw_text(e, "invoiceData"),
            )
            for e in elements
        ]
        token = self._token(request, user, now)
        _check_indexes([item.index for item in items])
        token.used = True
        for item in items:
            item.invoice_number = _number_of(item.data, compressed)
        return self._accept(request, user, now, "manageInvoice", items, compressed)

    def _manageAnnulment(
        self, request: _Request, user: TechnicalUser, now: datetime
    ) -> tuple[ET.Element, str]:
        operations = child(request.root, API, "annulmentOperations")
        elements = [] if operations is None else operations.findall(q(API, "annulmentOperation"))
        items = [
            Item(
                index=int(text(e, API, "index") or 0),
                operation=text(e, API, "annulmentOperation") or "",
                data=_raw_text(e, "invoiceAnnulment"),
            )
            for e in elements
        ]
        token = self._token(request, user, now)
        _check_indexes([item.index for item in items])
        token.used = True
        for item in items:
            item.invoice_number = _annulment_reference(item.data)
        return self._accept(request, user, now, "manageAnnulment", items, False)

    def _accept(
        self,
        request: _Request,
        user: TechnicalUser,
        now: datetime,
        kind: str,
        items: list[Item],
        compressed: bool,
    ) -> tuple[ET.Element, str]:
        transaction = Transaction(
            transaction_id=self._new_transaction_id(),
            request_id=request.request_id,
            login=user.login,
            taxpayer_id=user.taxpayer_id,
            kind=kind,
            received_at=now.replace(microsecond=now.microsecond // 1000 * 1000),
            compressed=compressed,
            items=items,
        )
        self.state.transactions.append(transaction)
        self.state.dirty = True
        pace = self.settings.pace
        if pace.finish_after_seconds == 0:
            self.process_through(transaction)
        name = "ManageInvoiceResponse" if kind == "manageInvoice" else "ManageAnnulmentResponse"
        answer = self._answer(name, request, now)
        add(answer, "transactionId", transaction.transaction_id)
        return answer, transaction.transaction_id

    def _queryTransactionStatus(
        self, request: _Request, user: TechnicalUser, now: datetime
    ) -> tuple[ET.Element, str | None]:
        transaction_id = text(request.root, API, "transactionId") or ""
        original = text(request.root, API, "returnOriginalRequest") == "true"
        answer = self._answer("QueryTransactionStatusResponse", request, now)
        transaction = self.state.transaction(transaction_id)
        if transaction is None or transaction.taxpayer_id != user.taxpayer_id:
            return answer, None  # "only an OK" when there is no such transaction [1.8.8.2]
        transaction.status_queries += 1
        self.state.dirty = True
        if transaction.status_queries >= self.settings.pace.finish_after_queries:
            self.process_through(transaction)
        results = add(answer, "processingResults")
        for item in transaction.items:
            result = add(results, "processingResult")
            add(result, "index", str(item.index))
            add(result, "invoiceStatus", self.view_status(transaction, item))
            if item.status is not None:
                responses.technical_messages(result, [m for m in item.messages if m.technical])
                responses.business_messages(result, [m for m in item.messages if not m.technical])
            add(result, "compressedContentIndicator", boolean(transaction.compressed))
            if original:
                add(result, "originalRequest", item.data)
        add(results, "originalRequestVersion", responses.REQUEST_VERSION)
        if transaction.is_annulment and transaction.annulment_status is not None:
            data = add(results, "annulmentData")
            add(data, "annulmentVerificationStatus", transaction.annulment_status)
            if transaction.annulment_decided_at is not None:
                add(data, "annulmentDecisionDate", timestamp(transaction.annulment_decided_at))
                add(data, "annulmentDecisionUser", transaction.login)
        return answer, transaction.transaction_id

    def _queryTransactionList(
        self, request: _Request, user: TechnicalUser, now: datetime
    ) -> tuple[ET.Element, None]:
        page = int(text(request.root, API, "page") or 1)
        since = parse_timestamp(text(request.root, API, "insDate", "dateTimeFrom") or "")
        until = parse_timestamp(text(request.root, API, "insDate", "dateTimeTo") or "")
        wanted = text(request.root, API, "requestStatus")
        if since > until:
            raise Refusal(400, "BAD_QUERY_PARAM_OVERLAP", "dateTimeFrom is after dateTimeTo.")
        if until - since > timedelta(days=MAX_QUERY_DAYS):
            raise Refusal(
                400,
                "BAD_QUERY_PARAM_RANGE_EXCEEDED",
                f"The insDate interval is longer than {MAX_QUERY_DAYS} days.",
            )
        rows = [
            t
            for t in self.state.transactions
            if t.taxpayer_id == user.taxpayer_id
            and since <= t.received_at <= until
            and (wanted is None or _request_status(t) == wanted)
        ]
        size = self.settings.page_size
        answer = self._answer("QueryTransactionListResponse", request, now)
        result = add(answer, "transactionListResult")
        add(result, "currentPage", str(page))
        add(result, "availablePage", str(math.ceil(len(rows) / size)))
        for transaction in rows[(page - 1) * size : page * size]:
            row = add(result, "transaction")
            add(row, "insDate", timestamp(transaction.received_at))
            add(row, "insCusUser", transaction.login)
            add(row, "source", "XML")
            add(row, "transactionId", transaction.transaction_id)
            add(row, "requestStatus", _request_status(transaction))
            add(row, "technicalAnnulment", boolean(transaction.is_annulment))
            add(row, "originalRequestVersion", responses.REQUEST_VERSION)
            add(row, "itemCount", str(len(transaction.items)))
        return answer, None

    def _queryInvoiceCheck(
        self, request: _Request, user: TechnicalUser, now: datetime
    ) -> tuple[ET.Element, None]:
        query = child(request.root, API, "invoiceNumberQuery")
        number = text(query, API, "invoiceNumber") or ""
        direction = text(query, API, "invoiceDirection")
        supplier = text(query, API, "supplierTaxNumber")
        if direction == "OUTBOUND":
            if supplier:
                raise Refusal(
                    400,
                    "BAD_QUERY_PARAM_SUPPLIER_NOT_EXPECTED",
                    "supplierTaxNumber is for INBOUND queries only.",
                )
            found = len(self.state.valid_reports(number, user.taxpayer_id))
        else:
            suppliers = Counter(
                self.state.owner(item).taxpayer_id
                for item in self.state.invoice_items(number)
                if item.status == "DONE"
                and not item.annulled
                and item.customer_tax_number == user.taxpayer_id
            )
            if supplier:
                found = suppliers[supplier]
            elif len(suppliers) > 1:
                raise Refusal(
                    400,
                    "BAD_QUERY_PARAM_SUPPLIER_EXPECTED",
                    "Several suppliers issued this number: name supplierTaxNumber.",
                )
            else:
                found = sum(suppliers.values())
        if found > 1:
            raise Refusal(
                400, "MULTIPLE_QUERY_RESULT_FOUND", f"{found} valid reports of {number} exist."
            )
        answer = self._answer("QueryInvoiceCheckResponse", request, now)
        add(answer, "invoiceCheckResult", boolean(found == 1))
        return answer, None

    def _queryTaxpayer(
        self, request: _Request, user: TechnicalUser, now: datetime
    ) -> tuple[ET.Element, None]:
        taxpayer = self.settings.taxpayer(text(request.root, API, "taxNumber") or "")
        answer = self._answer("QueryTaxpayerResponse", request, now)
        add(answer, "infoDate", timestamp(now))
        add(answer, "taxpayerValidity", boolean(taxpayer is not None and taxpayer.valid))
        if taxpayer is not None and taxpayer.valid:
            data = add(answer, "taxpayerData")
            add(data, "taxpayerName", taxpayer.name)
            detail = add(data, "taxNumberDetail")
            add(detail, "base:taxpayerId", taxpayer.taxpayer_id)
            add(detail, "base:vatCode", taxpayer.vat_code)
            add(detail, "base:countyCode", taxpayer.county_code)
            add(data, "incorporation", taxpayer.incorporation)
            addresses = add(data, "taxpayerAddressList")
            item = add(addresses, "taxpayerAddressItem")
            add(item, "taxpayerAddressType", "HQ")
            address = add(item, "taxpayerAddress")
            add(address, "base:countryCode", "HU")
            add(address, "base:postalCode", taxpayer.postal_code)
            add(address, "base:city", taxpayer.city)
            add(address, "base:streetName", taxpayer.street_name)
            add(address, "base:publicPlaceCategory", taxpayer.public_place_category)
            add(address, "base:number", taxpayer.number)
        return answer, None

    # helpers of the operations ----------------------------------------------------------------

    def _answer(self, name: str, request: _Request, now: datetime) -> ET.Element:
        return responses.basic(name, request.request_id, now, request.software)

    def _token(self, request: _Request, user: TechnicalUser, now: datetime) -> Token:
        """The request's exchange token if it may be used now (the caller marks it used once
        the request is accepted). A token is the taxpayer's, not the user's: another technical
        user of the same taxpayer may use it [1.8.1.1]."""
        value = text(request.root, API, "exchangeToken") or ""
        token = self.state.tokens.get(value)
        if token is None:
            problem = "unknown (or not decrypted with the exchange key)"
        elif token.taxpayer_id != user.taxpayer_id:
            problem = "issued to another taxpayer"
        elif token.used:
            problem = "already used"
        elif not token.valid_from <= now < token.valid_to:
            problem = "expired"
        else:
            return token
        raise Refusal(400, "INVALID_EXCHANGE_TOKEN", f"The exchange token is {problem}.")

    def _new_transaction_id(self) -> str:
        known = {t.transaction_id for t in self.state.transactions}
        while True:
            candidate = "".join(secrets.choice(_TOKEN_SUFFIX) for _ in range(16))
            if candidate not in known:
                return candidate

    def view_status(self, transaction: Transaction, item: Item) -> str:
        """What a status query shows of an item: its final status, or where it seems to be."""
        if item.status is not None:
            return item.status
        return "RECEIVED" if transaction.status_queries <= 1 else "PROCESSING"

    # processing -------------------------------------------------------------------------------

    def advance(self, now: datetime | None = None) -> None:
        """Process every transaction whose time has come (`Pace.finish_after_seconds`)."""
        seconds = self.settings.pace.finish_after_seconds
        if seconds is None:
            return
        now = now or self.now()
        with self.state.lock:
            due = [
                t
                for t in self.state.transactions
                if not t.processed and (now - t.received_at).total_seconds() >= seconds
            ]
            if due:
                self.process_through(due[-1])

    def process_all(self) -> None:
        """Process everything accepted so far, now."""
        with self.state.lock:
            pending = [t for t in self.state.transactions if not t.processed]
            if pending:
                self.process_through(pending[-1])

    def process_through(self, last: Transaction) -> None:
        """Process every waiting transaction up to `last`, in the order they arrived."""
        for transaction in self.state.transactions:
            if not transaction.processed:
                if transaction.is_annulment:
                    self._process_annulments(transaction)
                else:
                    self._process_invoices(transaction)
                transaction.processed = True
                self.state.dirty = True
            if transaction is last:
                return

    def _process_invoices(self, transaction: Transaction) -> None:
        copies = Counter(item.invoice_number for item in transaction.items if item.invoice_number)
        for item in transaction.items:
            item.messages = self._invoice_messages(transaction, item, copies)
            item.status = "ABORTED" if first_error(item.messages) else "DONE"

    def _invoice_messages(
        self, transaction: Transaction, item: Item, copies: Counter[str]
    ) -> list[Message]:
        try:
            document = decode(item.data, transaction.compressed)
        except Rejected as rejected:
            return [rejected.message]
        root, problems = validated(document, "invoiceData.xsd")
        if root is None or problems:
            return problems
        if root.tag != q(DATA, "InvoiceData"):
            return [technical("SCHEMA_VIOLATION", "The root must be InvoiceData.")]
        if child(child(root, DATA, "invoiceMain"), DATA, "invoice") is None:
            return [
                error("BATCH_INVOICE_NOT_EMULATED", "The emulator takes no batchInvoice reports.")
            ]
        if item.invoice_number and copies[item.invoice_number] > 1:
            return [
                technical(
                    "DUPLICATE_IN_REQUEST",
                    f"The invoice number {item.invoice_number} is in this request more than once.",
                )
            ]
        facts = read_invoice(root, item.operation, self.settings.vat_rates)
        item.original_number = facts.original_number
        item.modification_index = facts.modification_index
        item.customer_tax_number = facts.customer_tax_number
        taxpayer = transaction.taxpayer_id
        found: list[Message] = []
        forced = self.state.forced_aborts.get(facts.number)
        if forced:
            code, message = forced.pop(0)
            if not forced:
                del self.state.forced_aborts[facts.number]
            found.append(error(code, message))
        if facts.supplier_taxpayer_id != taxpayer:
            found.append(
                error(
                    "SUPPLIER_TAX_NUMBER_MISMATCH",
                    f"The supplier's tax number is not the sender's ({taxpayer}).",
                    tag="supplierTaxNumber/taxpayerId",
                    value=facts.supplier_taxpayer_id or None,
                )
            )
        if self.state.valid_reports(facts.number, taxpayer):
            found.append(
                error(
                    "INVOICE_NUMBER_NOT_UNIQUE",
                    f"The invoice number {facts.number} has already been reported.",
                    tag="invoiceNumber",
                    value=facts.number,
                )
            )
        if item.operation in ("MODIFY", "STORNO") and facts.original_number:
            found += self._reference_messages(facts.original_number, facts, taxpayer)
        return found + facts.messages

    def _reference_messages(
        self, original: str, facts: InvoiceFacts, taxpayer: str
    ) -> list[Message]:
        """A modifying document's reference: a valid original, no annulment of it waiting, a
        modificationIndex not used yet."""
        found = []
        originals = [
            item
            for item in self.state.valid_reports(original, taxpayer)
            if item.operation == "CREATE"
        ]
        if facts.modify_without_master and originals:
            found.append(
                error(
                    "MODIFY_WITHOUT_MASTER_MISMATCH",
                    f"modifyWithoutMaster is true, yet {original} was reported.",
                    tag="modifyWithoutMaster",
                    value="true",
                )
            )
        if not facts.modify_without_master and not originals:
            found.append(
                error(
                    "INVALID_INVOICE_REFERENCE",
                    f"No valid report of the original invoice {original}.",
                    tag="originalInvoiceNumber",
                    value=original,
                )
            )
        if self.state.pending_annulment(original, taxpayer) is not None:
            found.append(
                error(
                    "ANNULMENT_IN_PROGRESS",
                    f"A technical annulment of {original} is waiting for approval.",
                    tag="originalInvoiceNumber",
                    value=original,
                )
            )
        used = {
            item.modification_index
            for transaction in self.state.transactions
            if transaction.taxpayer_id == taxpayer and not transaction.is_annulment
            for item in transaction.items
            if item.status == "DONE"
            and not item.annulled
            and item.operation in ("MODIFY", "STORNO")
            and item.original_number == original
        }
        if facts.modification_index is not None and facts.modification_index in used:
            found.append(
                error(
                    "MODIFICATION_INDEX_NOT_UNIQUE",
                    f"modificationIndex {facts.modification_index} of {original} is used.",
                    tag="modificationIndex",
                    value=str(facts.modification_index),
                )
            )
        return found

    def _process_annulments(self, transaction: Transaction) -> None:
        copies = Counter(item.invoice_number for item in transaction.items if item.invoice_number)
        for item in transaction.items:
            item.messages = self._annulment_messages(transaction, item, copies)
            item.status = "ABORTED" if first_error(item.messages) else "DONE"
        if any(item.status == "ABORTED" for item in transaction.items):
            transaction.annulment_status = "NOT_VERIFIABLE"
            return
        transaction.annulment_status = "VERIFICATION_PENDING"
        for item in transaction.items:
            item.annulment = "PENDING"
        if self.settings.auto_approve_annulments:
            for item in transaction.items:
                self.decide_annulment(item, approve=True)

    def _annulment_messages(
        self, transaction: Transaction, item: Item, copies: Counter[str]
    ) -> list[Message]:
        try:
            document = decode(item.data, False)
        except Rejected as rejected:
            return [rejected.message]
        root, problems = validated(document, "invoiceAnnulment.xsd")
        if root is None or problems:
            return problems
        if root.tag != q(ANNUL, "InvoiceAnnulment"):
            return [technical("SCHEMA_VIOLATION", "The root must be InvoiceAnnulment.")]
        reference = item.invoice_number or ""
        if copies[reference] > 1:
            return [technical("DUPLICATE_IN_REQUEST", f"{reference} is annulled twice here.")]
        if not self.state.valid_reports(reference, transaction.taxpayer_id):
            return [
                error(
                    "INVALID_ANNULMENT_REFERENCE",
                    f"No valid report of {reference} to annul.",
                    tag="annulmentReference",
                    value=reference,
                )
            ]
        if self.state.pending_annulment(reference, transaction.taxpayer_id) is not None:
            return [
                error(
                    "ANNULMENT_IN_PROGRESS",
                    f"A technical annulment of {reference} is waiting for approval.",
                    tag="annulmentReference",
                    value=reference,
                )
            ]
        return []

    def decide_annulment(self, item: Item, *, approve: bool) -> None:
        """Approve (the report and its modifications are withdrawn; the number is free again)
        or reject a processed, pending annulment, as the taxpayer would on NAV's web UI."""
        transaction = self.state.owner(item)
        item.annulment = "APPROVED" if approve else "REJECTED"
        if approve:
            number = item.invoice_number or ""
            for report in self.state.valid_reports(number, transaction.taxpayer_id):
                report.annulled = True
            for other in self.state.transactions:
                if other.taxpayer_id != transaction.taxpayer_id or other.is_annulment:
                    continue
                for report in other.items:
                    if report.original_number == number and report.status == "DONE":
                        report.annulled = True
        decisions = {i.annulment for i in transaction.items}
        if decisions == {"APPROVED"}:
            transaction.annulment_status = "VERIFICATION_DONE"
        elif "REJECTED" in decisions:
            transaction.annulment_status = "VERIFICATION_REJECTED"
        if "PENDING" not in decisions:
            transaction.annulment_decided_at = self.now()
        self.state.dirty = True

    # looking inside ---------------------------------------------------------------------------

    def reports(self, number: str, taxpayer_id: str | None = None) -> ReportCount:
        with self.state.lock:
            self.advance()
            items = self.state.invoice_items(number, taxpayer_id)
            return ReportCount(
                submitted=len(items),
                done=sum(1 for i in items if i.status == "DONE"),
                aborted=sum(1 for i in items if i.status == "ABORTED"),
                pending=sum(1 for i in items if i.status is None),
                valid=sum(1 for i in items if i.status == "DONE" and not i.annulled),
            )

    def status_of(self, number: str, taxpayer_id: str | None = None) -> str | None:
        with self.state.lock:
            self.advance()
            items = self.state.invoice_items(number, taxpayer_id)
            if not items:
                return None
            item = items[-1]
            return self.view_status(self.state.owner(item), item)


def _same(expected: str, given: str) -> bool:
    """Constant-time comparison; bytes, since compare_digest refuses non-ASCII text."""
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


def _raw_text(operation: ET.Element, name: str) -> str:
    """The base64 text exactly as sent: the signature hashes it so."""
    element = operation.find(q(API, name))
    return "" if element is None else element.text or ""


def _signed_operations(document: ET.Element) -> list[tuple[str, str]]:
    """(operation, base64) per index, in the order sent, for the request signature [1.5.1]."""
    pairs = []
    for list_name, item_name, data_name in (
        ("invoiceOperations", "invoiceOperation", "invoiceData"),
        ("annulmentOperations", "annulmentOperation", "invoiceAnnulment"),
    ):
        for element in document.findall(f"{q(API, list_name)}/{q(API, item_name)}"):
            pairs.append((text(element, API, item_name) or "", _raw_text(element, data_name)))
    return pairs


def _check_indexes(indexes: list[int]) -> None:
    if indexes != list(range(1, len(indexes) + 1)):
        raise Refusal(
            400,
            "INDEX_NOT_SEQUENTIAL",
            "The indexes must run 1, 2, 3... in order, without gaps or repeats.",
        )


def _number_of(data: str, compressed: bool) -> str | None:
    try:
        return invoice_number(decode(data, compressed))
    except Rejected:
        return None


def _annulment_reference(data: str) -> str | None:
    try:
        root = parse(decode(data, False))
    except (Rejected, NotWellFormed):
        return None
    return text(root, ANNUL, "annulmentReference") or None


def _request_status(transaction: Transaction) -> str:
    if transaction.processed:
        return "FINISHED"
    return "PROCESSING" if transaction.status_queries else "RECEIVED"


__all__ = ["INVOICE_OPERATIONS", "NOT_EMULATED", "OPERATIONS", "NavService", "Outcome"]
