"""FakeNav: the emulated NAV Online Számla as one object that tests and the CLI start and stop."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import TracebackType

from okos_tui.emulation.server import HOST
from okos_tui.fakenav.checks import Rejected, decode
from okos_tui.fakenav.faults import Faults
from okos_tui.fakenav.server import (
    SERVICE_PATH,
    NavHTTPServer,
    RecordedRequest,
    RequestLog,
    ServerContext,
)
from okos_tui.fakenav.service import NavService, ReportCount
from okos_tui.fakenav.settings import FakeNavSettings, TechnicalUser
from okos_tui.fakenav.state import NavState


@dataclass(frozen=True)
class InvoiceReport:
    """One index of a manageInvoice as NAV sees it now."""

    index: int
    operation: str
    invoice_number: str | None
    status: str
    """RECEIVED, PROCESSING, DONE or ABORTED."""
    codes: tuple[str, ...]
    """The validation messages' codes (SCHEMA_VIOLATION, INVOICE_NUMBER_NOT_UNIQUE, a WARN...)."""
    annulled: bool


@dataclass(frozen=True)
class TransactionSummary:
    transaction_id: str
    request_id: str
    login: str
    kind: str
    """manageInvoice or manageAnnulment."""
    received_at: datetime
    items: tuple[InvoiceReport, ...]
    annulment_status: str | None


class FakeNav:
    """NAV Online Számla (interface v3.0) on 127.0.0.1: loaded from the state file on
    construction if there is one, served by `start` until `stop`."""

    def __init__(self, settings: FakeNavSettings | None = None) -> None:
        self.settings = settings = settings or FakeNavSettings()
        path = settings.state_file
        self.state = NavState.load(path) if path is not None and path.exists() else NavState()
        self.service = NavService(settings, self.state)
        self.faults = Faults(self.state)
        self._log = RequestLog()
        self._context: ServerContext | None = None
        self._server: NavHTTPServer | None = None
        self._port = 0

    # life cycle -------------------------------------------------------------------------------

    def start(self, port: int = 0) -> FakeNav:
        """Serve on 127.0.0.1:`port` (0: a free port) in a daemon thread; returns self."""
        if self._server is not None:
            raise RuntimeError("the fake NAV is already running")
        self._context = ServerContext(self.service, self.faults, self._log, self.save)
        self._server = NavHTTPServer(port, self._context)
        self._port = self._server.port
        self._server.serve_in_background()
        return self

    def stop(self) -> None:
        """Stop serving, cut slow answers short, close open connections, save the state."""
        if self._context is not None:
            self._context.stopping.set()
        if self._server is not None:
            self._server.stop_serving()
            self._server = None
        self._context = None
        self.save()

    @property
    def running(self) -> bool:
        return self._server is not None

    def __enter__(self) -> FakeNav:
        return self if self.running else self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # addresses and users ----------------------------------------------------------------------

    @property
    def port(self) -> int:
        return self._port

    @property
    def base_url(self) -> str:
        """What okos.toml's [nav] base_url takes: …/invoiceService/v3 (operations below it)."""
        return f"http://{HOST}:{self._port}{SERVICE_PATH}"

    def url(self, operation: str) -> str:
        return f"{self.base_url}/{operation}"

    @property
    def user(self) -> TechnicalUser:
        """The first technical user (the only one unless more were configured)."""
        return self.settings.users[0]

    @property
    def users(self) -> tuple[TechnicalUser, ...]:
        return self.settings.users

    # request log ------------------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, oldest first (a copy)."""
        return self._log.snapshot()

    def clear_requests(self) -> None:
        self._log.clear()

    def requests_of(self, operation: str) -> list[RecordedRequest]:
        return [r for r in self._log.snapshot() if r.operation == operation]

    # counters ---------------------------------------------------------------------------------

    def reports(self, invoice_number: str, taxpayer_id: str | None = None) -> ReportCount:
        """How often this invoice number was submitted and how each submission ended: the
        proof of "reported exactly once" is `submitted == done == valid == 1`."""
        try:
            return self.service.reports(invoice_number, taxpayer_id)
        finally:
            self.save()

    def status_of(self, invoice_number: str, taxpayer_id: str | None = None) -> str | None:
        """The latest submission's invoiceStatus (RECEIVED, PROCESSING, DONE, ABORTED), None
        if the number was never submitted."""
        try:
            return self.service.status_of(invoice_number, taxpayer_id)
        finally:
            self.save()

    def is_valid(self, invoice_number: str, taxpayer_id: str | None = None) -> bool:
        """What queryInvoiceCheck answers: exactly one valid (DONE, not annulled) report."""
        taxpayer = taxpayer_id or self.user.taxpayer_id
        with self.state.lock:
            self.service.advance()
            return len(self.state.valid_reports(invoice_number, taxpayer)) == 1

    def invoice_data(self, invoice_number: str) -> list[bytes]:
        """Every invoiceData document submitted under this number, oldest first (decoded)."""
        with self.state.lock:
            found = []
            for transaction in self.state.transactions:
                for item in transaction.items:
                    if item.invoice_number == invoice_number and not transaction.is_annulment:
                        try:
                            found.append(decode(item.data, transaction.compressed))
                        except Rejected:
                            continue
            return found

    def transactions(self) -> list[TransactionSummary]:
        """Every accepted manageInvoice / manageAnnulment, oldest first."""
        with self.state.lock:
            self.service.advance()
            return [
                TransactionSummary(
                    t.transaction_id,
                    t.request_id,
                    t.login,
                    t.kind,
                    t.received_at,
                    tuple(
                        InvoiceReport(
                            i.index,
                            i.operation,
                            i.invoice_number,
                            self.service.view_status(t, i),
                            tuple(m.code for m in i.messages),
                            i.annulled,
                        )
                        for i in t.items
                    ),
                    t.annulment_status,
                )
                for t in self.state.transactions
            ]

    # NAV-side actions -------------------------------------------------------------------------

    def process_now(self) -> None:
        """Process every accepted report now, whatever the pace."""
        self.service.process_all()
        self.save()

    def abort_next(
        self,
        invoice_number: str,
        code: str = "INVALID_INVOICE_DATA",
        message: str = "Forced failure of the emulated NAV.",
    ) -> None:
        """The next processed report of this number ends ABORTED with `code` and `message`."""
        self.faults.abort_next(invoice_number, code, message)
        self.save()

    def approve_annulment(self, invoice_number: str) -> None:
        """Approve the waiting technical annulment of this number, as the taxpayer would on
        NAV's web UI (needed when `auto_approve_annulments` is False). KeyError if none."""
        self._decide(invoice_number, approve=True)

    def reject_annulment(self, invoice_number: str) -> None:
        self._decide(invoice_number, approve=False)

    def _decide(self, invoice_number: str, *, approve: bool) -> None:
        with self.state.lock:
            waiting = [
                t
                for t in self.state.transactions
                if t.is_annulment
                and not t.processed
                and any(i.invoice_number == invoice_number for i in t.items)
            ]
            if waiting:  # it can only be decided on once it is processed
                self.service.process_through(waiting[-1])
            item = self.state.pending_annulment(invoice_number, None)
            if item is None:
                raise KeyError(f"no technical annulment of {invoice_number} is waiting")
            self.service.decide_annulment(item, approve=approve)
        self.save()

    def save(self) -> None:
        """Write the state file if there is one and something changed."""
        path = self.settings.state_file
        if path is not None and self.state.dirty:
            self.state.save(path)
