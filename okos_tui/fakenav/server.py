"""The HTTP side: `POST /invoiceService/v3/{operation}`, faults and the request log.

Every request is recorded before its answer is sent (and the state saved), so a client that got
an answer can count on finding its request in the log, and a lost answer is in the log too.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import urlsplit

from okos_tui.emulation.server import LoopbackServer
from okos_tui.fakenav import responses
from okos_tui.fakenav.faults import DROP, FAIL, LOSE, MAINTENANCE, SLOW, Fault, Faults
from okos_tui.fakenav.service import NOT_EMULATED, OPERATIONS, NavService, Outcome
from okos_tui.fakenav.xmltools import COMMON, NotWellFormed, child, parse, serialize, text
from okos_tui.nav.schema import schema

log = logging.getLogger(__name__)

SERVICE_PATH = "/invoiceService/v3"
MAX_BODY_BYTES = 10 * 1024 * 1024
"""NAV takes at most 10 MB [1.6.5]."""
CONTENT_TYPE = "application/xml;charset=UTF-8"


@dataclass(frozen=True)
class RecordedRequest:
    operation: str
    """As in the path: "manageInvoice", "tokenExchange"... (or the unknown path's last part)."""
    request_id: str | None
    """The requestId the answer repeats (None: no answer, or the body was not a request)."""
    status: int | None
    """The HTTP status written; None when no answer was written (a lost answer, a drop)."""
    error_code: str | None = None
    transaction_id: str | None = None
    login: str | None = None
    fault: str | None = None
    """The injected fault it suffered: fail, maintenance, slow, lose, drop."""
    timestamp: float = field(default_factory=time.time)


class RequestLog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[RecordedRequest] = []

    def add(self, request: RecordedRequest) -> None:
        with self._lock:
            self._items.append(request)

    def snapshot(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


@dataclass
class ServerContext:
    service: NavService
    faults: Faults
    log: RequestLog
    after_request: Callable[[], None] = field(default=lambda: None)
    """Runs after every processed request, before the answer goes out (saves the state)."""
    stopping: threading.Event = field(default_factory=threading.Event)
    """Set on stop, so a slow answer does not hold the shutdown up."""


class NavHTTPServer(LoopbackServer):
    def __init__(self, port: int, context: ServerContext) -> None:
        super().__init__(port, NavRequestHandler, "fake-nav")
        self.context = context


class NavRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: NavHTTPServer

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, False)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("fake NAV: " + format, *args)

    def do_POST(self) -> None:
        self._handle()

    do_GET = do_PUT = do_DELETE = do_PATCH = do_POST

    def _handle(self) -> None:
        context = self.server.context
        path = urlsplit(self.path).path.rstrip("/")
        operation = path.rpartition("/")[2]
        body = self._read_body()
        known = operation in OPERATIONS or operation in NOT_EMULATED
        if path != f"{SERVICE_PATH}/{operation}" or not known:
            self._plain(404, operation)
            return
        if self.command != "POST":
            self._plain(405, operation)
            return
        if body is None:
            self._plain(413, operation)
            return
        if context.faults.latency_seconds > 0:
            context.stopping.wait(context.faults.latency_seconds)
        fault = context.faults.take(operation)
        if fault is not None and fault.kind == DROP:
            context.log.add(RecordedRequest(operation, None, None, fault=DROP))
            self.close_connection = True
            return
        try:
            if fault is not None and fault.kind in (FAIL, MAINTENANCE):
                outcome = _fault_outcome(context.service, fault, body)
            else:
                outcome = context.service.handle(operation, body)
        except Exception:  # a bug of the emulator: say so, rather than drop the connection
            log.exception("fake NAV: %s failed", operation)
            outcome = Outcome(500, b"Generic exception occurred!", error_code="INTERNAL_ERROR")
        lost = fault is not None and fault.kind == LOSE
        context.log.add(
            RecordedRequest(
                operation=operation,
                request_id=None if lost else outcome.request_id,
                status=None if lost else outcome.status,
                error_code=outcome.error_code,
                transaction_id=outcome.transaction_id,
                login=outcome.login,
                fault=fault.kind if fault is not None else None,
            )
        )
        context.after_request()
        if lost:
            self.close_connection = True
            return
        if fault is not None and fault.kind == SLOW:
            context.stopping.wait(fault.seconds)
        self._send(outcome.status, outcome.payload)

    def _read_body(self) -> bytes | None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            self.close_connection = True
            return None
        return self.rfile.read(length) if length > 0 else b""

    def _send(self, status: int, payload: bytes) -> None:
        self.send_response(status)
        xml = payload.startswith(b"<?xml")
        self.send_header("Content-Type", CONTENT_TYPE if xml else "text/plain;charset=UTF-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _plain(self, status: int, operation: str) -> None:
        """404 (wrong endpoint), 405 (not POST), 413 (over 10 MB): no XML body, as NAV."""
        self.server.context.log.add(RecordedRequest(operation, None, status))
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()


def _fault_outcome(service: NavService, fault: Fault, body: bytes) -> Outcome:
    """500 OPERATION_FAILED or 503 MAINTENANCE_MODE, repeating the request's id and software
    when the request is valid enough to have them."""
    status, code, message = (
        (500, "OPERATION_FAILED", "Operation failed, please repeat it later (injected).")
        if fault.kind == FAIL
        else (503, "MAINTENANCE_MODE", "The system is under maintenance (injected).")
    )
    request_id = responses.answer_request_id(None)
    software = responses.EMULATOR_SOFTWARE
    login = None
    try:
        document = parse(body)
        if schema("invoiceApi.xsd").is_valid(document):
            header = child(document, COMMON, "header")
            request_id = responses.answer_request_id(text(header, COMMON, "requestId"))
            software = responses.software_of(document)
            login = text(document, COMMON, "user", "login")
    except NotWellFormed:
        pass
    payload = responses.general_error(request_id, service.now(), software, code, message)
    return Outcome(status, serialize(payload), request_id, login, code)
