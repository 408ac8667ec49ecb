"""Reporting invoices to NAV Online Számla, each exactly once, without a person in the loop.

The outbox (`NavReport`) is written before anything is sent. A batch of up to 100 invoices is
claimed in one transaction (status `sending`, the request id and the exact XML recorded), then
sent; its transactionId is recorded when it comes back (`sent`), and the status queries bring
`done` or `aborted` with NAV's messages. A crash or a lost answer leaves rows `sending`: before
anything is sent again, such a row is looked up at NAV (is the invoice known? is it in one of
the recent transactions?), and only what NAV does not have goes again, with the same bytes.

A storno is reported only after its original is DONE (NAV processes a batch in no fixed order
and refuses a modification of an unknown invoice). Two processes may run this at once: a batch
is claimed under the write lock, and a `sending` row is only looked up once it is older than a
sender could still be waiting for its answer.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from peewee import JOIN, Expression

from okos_tui.config import Config, ConfigError, NavSettings
from okos_tui.core import clock
from okos_tui.core.errors import InvalidState, InvalidValue
from okos_tui.db import Invoice, InvoiceKind, NavReport, NavStatus, database
from okos_tui.domain.invoicing import get_invoice
from okos_tui.domain.tax.tax_numbers import hungarian_tax_number
from okos_tui.i18n import t
from okos_tui.nav.client import NavClient, NavError, NavUser, ProcessingResult
from okos_tui.nav.invoice_data import NavDataError, invoice_annulment, invoice_data
from okos_tui.nav.schema import problems
from okos_tui.nav.security import request_timestamp
from okos_tui.services.nav_documents import nav_invoice, reaches_by_email

BATCH = 100
DATA_NS = {"d": "http://schemas.nav.gov.hu/OSA/3.0/data"}
ClientFactory = Callable[[], NavClient]


@dataclass
class ReportRun:
    """What one run did."""

    sent: int = 0
    done: int = 0
    aborted: int = 0
    waiting: int = 0  # sent or sending, no final answer yet
    pending: int = 0  # not sent (a storno waiting for its original, or not claimed yet)
    error: str = ""  # why the run stopped early (NAV unreachable, settings)


def nav_user(config: Config, nav: NavSettings) -> NavUser:
    """The technical user from okos.toml and its secrets (read now, never printed)."""
    tax_number = config.company.tax_number.replace("-", "")[:8]
    return NavUser(
        login=nav.login,
        password=nav.password.reveal(config.path),
        signature_key=nav.signature_key.reveal(config.path),
        exchange_key=nav.exchange_key.reveal(config.path),
        tax_number=tax_number,
        software_id=nav.software_id,
    )


def client_factory(config: Config) -> ClientFactory:
    """How this okos.toml reaches NAV; ConfigError without a [nav] table."""
    nav = config.nav
    if nav is None:
        raise ConfigError(config.path, "nav", t("config.nav_missing"))
    user = nav_user(config, nav)
    return lambda: NavClient(nav.base_url, user, timeout=nav.timeout_seconds)


@contextmanager
def _writing() -> Iterator[None]:
    with database.atomic():
        yield


def _unreported() -> list[Invoice]:
    """Invoices without a report row, or whose row is pending, oldest first."""
    return list(
        Invoice.select(Invoice)
        .join(NavReport, JOIN.LEFT_OUTER, on=(NavReport.invoice == Invoice.id))
        .where(NavReport.id.is_null() | (NavReport.status == NavStatus.PENDING))
        .order_by(Invoice.id)
    )


def _original_done(invoice: Invoice) -> bool:
    if invoice.kind != InvoiceKind.STORNO or invoice.original_id is None:
        return True
    report = NavReport.get_or_none(NavReport.invoice == invoice.original_id)
    return report is not None and report.status == NavStatus.DONE


def claim_batch(config: Config, now: datetime) -> tuple[list[NavReport], int]:
    """Up to 100 reportable invoices marked `sending` with their XML, in one transaction; and
    how many stay pending (stornos waiting for their original)."""
    claimed: list[NavReport] = []
    waiting = 0
    with _writing():
        for invoice in _unreported():
            if not _original_done(invoice):
                waiting += 1
                continue
            if len(claimed) == BATCH:
                break
            report = NavReport.get_or_none(NavReport.invoice == invoice.id)
            if report is None:
                report = NavReport(
                    invoice=invoice,
                    operation="STORNO" if invoice.kind == InvoiceKind.STORNO else "CREATE",
                    updated_at=now,
                )
            if not report.xml:
                try:
                    document = nav_invoice(invoice, electronic=reaches_by_email(invoice, config))
                    xml = invoice_data(document)
                    found = problems(xml)
                    if found:  # NAV would refuse it: say so here, send nothing
                        raise NavDataError("; ".join(found[:3]))
                    report.xml = xml.decode("utf-8")
                except NavDataError as exc:
                    report.status = NavStatus.ABORTED
                    report.messages = f"ERROR DATA: {exc}"
                    report.updated_at = now
                    report.save()
                    continue
            report.status = NavStatus.SENDING
            report.attempts += 1
            report.sent_at = now
            report.updated_at = now
            report.save()
            claimed.append(report)
    return claimed, waiting


def _record(reports: list[NavReport], **values: object) -> None:
    with _writing():
        ids = [report.id for report in reports]
        NavReport.update(**values).where(NavReport.id.in_(ids)).execute()


def _send(client: NavClient, reports: list[NavReport], now: datetime) -> None:
    """Sign and send a claimed batch; the request id is on the rows before it goes."""
    try:
        token = client.token()
    except NavError as exc:  # nothing went: the batch waits for the next run
        _record(reports, status=NavStatus.PENDING, messages=str(exc), updated_at=now)
        raise
    prepared = client.prepare_invoices(
        token, [(report.operation, report.xml.encode("utf-8")) for report in reports]
    )
    with _writing():
        for index, report in enumerate(reports, start=1):
            NavReport.update(request_id=prepared.request_id, batch_index=index).where(
                NavReport.id == report.id
            ).execute()
    try:
        transaction_id = client.send_invoices(prepared)
    except NavError as exc:
        if exc.code in ("TIMEOUT", "CONNECTION"):
            raise  # the answer may be lost: the rows stay `sending`, to be looked up
        # NAV answered with a refusal: nothing was accepted, so the batch may go again
        _record(reports, status=NavStatus.PENDING, messages=str(exc), updated_at=now)
        raise
    _record(reports, status=NavStatus.SENT, transaction_id=transaction_id, updated_at=now)


def _apply(result: ProcessingResult, report: NavReport, now: datetime) -> str:
    messages = "; ".join(str(m) for m in result.messages)
    status = {"DONE": NavStatus.DONE, "ABORTED": NavStatus.ABORTED}.get(
        result.status, NavStatus.SENT
    )
    NavReport.update(status=status, messages=messages, updated_at=now).where(
        NavReport.id == report.id
    ).execute()
    return status


def poll(client: NavClient, now: datetime) -> None:
    """Ask NAV about every transaction still without a final answer."""
    sent = list(NavReport.select().where(NavReport.status == NavStatus.SENT))
    by_transaction: dict[str, list[NavReport]] = {}
    for report in sent:
        by_transaction.setdefault(report.transaction_id or "", []).append(report)
    for transaction_id, reports in by_transaction.items():
        if not transaction_id:
            continue
        results = {r.index: r for r in client.transaction_status(transaction_id)}
        with _writing():
            for report in reports:
                result = results.get(report.batch_index or 0)
                if result is not None:
                    _apply(result, report, now)


def _numbers_in(document: bytes | None) -> str:
    if not document:
        return ""
    try:
        return ET.fromstring(document).findtext("d:invoiceNumber", "", DATA_NS)
    except ET.ParseError:
        return ""


def resolve_uncertain(client: NavClient, now: datetime, settle: timedelta) -> None:
    """Rows left `sending` (a crash, a lost answer) and older than `settle` (a sender could no
    longer be waiting for its answer): NAV has the invoice (DONE, or in a recent transaction:
    adopt it), or it goes again as it was."""
    uncertain = list(
        NavReport.select(NavReport, Invoice)
        .join(Invoice)
        .where((NavReport.status == NavStatus.SENDING) & (NavReport.sent_at < now - settle))
    )
    if not uncertain:
        return
    by_number = {report.invoice.number: report for report in uncertain}
    for number, report in list(by_number.items()):
        if client.invoice_known(number):
            _record([report], status=NavStatus.DONE, updated_at=now)
            del by_number[number]
    if by_number:
        since = min(report.sent_at for report in by_number.values()) - settle
        known = {
            r.transaction_id
            for r in NavReport.select(NavReport.transaction_id).where(
                NavReport.transaction_id.is_null(False)
            )
        }
        for transaction in client.transactions(since, now + timedelta(minutes=1)):
            if transaction.transaction_id in known or not by_number:
                continue
            for result in client.transaction_status(transaction.transaction_id, original=True):
                report = by_number.pop(_numbers_in(result.original), None)
                if report is not None:
                    with _writing():
                        NavReport.update(
                            transaction_id=transaction.transaction_id,
                            batch_index=result.index,
                            status=NavStatus.SENT,
                        ).where(NavReport.id == report.id).execute()
                        _apply(result, report, now)
    if by_number:  # NAV has none of these: they go again, the same bytes
        _record(list(by_number.values()), status=NavStatus.PENDING, updated_at=now)


def report_all(
    config: Config, make_client: ClientFactory, *, now: Callable[[], datetime] | None = None
) -> ReportRun:
    """One reporting run: look up what is uncertain, send what is pending (batches of 100),
    ask about what was sent. NAV being unreachable ends the run; the rest waits for the next."""
    now = now or clock.now
    run = ReportRun()
    with make_client() as client:
        try:
            settle = timedelta(seconds=config.nav.lookup_after_seconds if config.nav else 120)
            resolve_uncertain(client, now(), settle)
            for _ in range(2):  # again after the answers: stornos of originals just DONE
                while batch := claim_batch(config, now())[0]:
                    _send(client, batch, now())
                    run.sent += len(batch)
                poll(client, now())
        except NavError as exc:
            run.error = worded(exc)
    counts = dict.fromkeys(NavStatus, 0)
    for report in NavReport.select(NavReport.status):
        counts[NavStatus(report.status)] += 1
    run.done = counts[NavStatus.DONE]
    run.aborted = counts[NavStatus.ABORTED]
    run.waiting = counts[NavStatus.SENT] + counts[NavStatus.SENDING]
    run.pending = counts[NavStatus.PENDING] + unreported_count()
    return run


FATAL_CHECKS = {  # NAV's code -> what to check in okos.toml
    "INVALID_SECURITY_USER": "nav.check.user",
    "INVALID_REQUEST_SIGNATURE": "nav.check.signature",
    "INVALID_EXCHANGE_TOKEN": "nav.check.exchange",
    "NOT_REGISTERED_CUSTOMER": "nav.check.taxpayer",
    "INVALID_USER_RELATION": "nav.check.taxpayer",
    "FORBIDDEN": "nav.check.rights",
}


def worded(error: NavError) -> str:
    """NAV's refusal as a person reads it: a settings problem names what to check."""
    check = FATAL_CHECKS.get(error.code)
    if check is None:
        return str(error)
    return t("nav.fatal", error=str(error), check=t(check))


def unreported_count() -> int:
    return (
        Invoice.select()
        .join(NavReport, JOIN.LEFT_OUTER, on=(NavReport.invoice == Invoice.id))
        .where(NavReport.id.is_null())
        .count()
    )


def _report_again(where: Expression, now: datetime) -> None:
    """Reports that go again as new ones: their XML made anew, the old request forgotten."""
    with _writing():
        NavReport.update(
            status=NavStatus.PENDING,
            xml="",
            messages="",
            request_id=None,
            transaction_id=None,
            batch_index=None,
            updated_at=now,
        ).where(where).execute()


def send_again(number: str, now: datetime) -> None:
    """An ABORTED report goes again once its cause is put right."""
    invoice = get_invoice(number)
    _report_again((NavReport.invoice == invoice.id) & (NavReport.status == NavStatus.ABORTED), now)


def annul(config: Config, make_client: ClientFactory, number: str, reason: str) -> str:
    """A technical annulment of a DONE report made in error; once NAV approves it (on its web
    UI), the invoice number can be reported again, so its report is pending again. Returns the
    annulment's transactionId."""
    invoice = get_invoice(number)
    report = NavReport.get_or_none(NavReport.invoice == invoice.id)
    if report is None or report.status != NavStatus.DONE:
        raise InvalidState("error.nav_not_done", number=invoice.number)
    document = invoice_annulment(invoice.number, request_timestamp(clock.now()), reason)
    with make_client() as client:
        transaction_id = client.annul(client.token(), [document])
    _report_again(NavReport.id == report.id, clock.now())
    return transaction_id


def check_taxpayer(config: Config, tax_number: str) -> str:
    """A Hungarian tax number as it is entered, asked of NAV (queryTaxpayer) when [nav] is set
    up: InvalidValue when NAV does not know it as valid; the taxpayer's name when it does; ""
    for any other number, without [nav], or when NAV cannot be reached (its form and check
    digit were checked already)."""
    if config.nav is None or not hungarian_tax_number(tax_number):
        return ""
    try:
        with client_factory(config)() as client:
            valid, name = client.taxpayer(tax_number.replace("-", "")[:8])
    except (NavError, ConfigError):
        return ""
    if not valid:
        raise InvalidValue("error.taxpayer_invalid", tax_number=tax_number.strip())
    return name


@dataclass(frozen=True)
class ReportRow:
    invoice_number: str
    operation: str
    status: str
    transaction_id: str
    message: str


def report_rows() -> list[ReportRow]:
    """Every invoice with its report's state (`pending` when none yet), oldest first."""
    rows = (
        Invoice.select(
            Invoice.number,
            Invoice.kind,
            NavReport.status,
            NavReport.transaction_id,
            NavReport.messages,
            NavReport.operation,
        )
        .join(NavReport, JOIN.LEFT_OUTER, on=(NavReport.invoice == Invoice.id))
        .order_by(Invoice.id)
        .tuples()
    )
    result = []
    for number, kind, status, transaction_id, messages, operation in rows:
        shown = NavStatus.shown(status)
        result.append(
            ReportRow(
                number,
                operation or ("STORNO" if kind == InvoiceKind.STORNO else "CREATE"),
                shown,
                transaction_id or "",
                messages or "",
            )
        )
    return result


def stored_xml(number: str, config: Config) -> bytes:
    """The bytes reported (or to be reported) for an invoice."""
    invoice = get_invoice(number)
    report = NavReport.get_or_none(NavReport.invoice == invoice.id)
    if report is not None and report.xml:
        return report.xml.encode("utf-8")
    return invoice_data(nav_invoice(invoice, electronic=reaches_by_email(invoice, config)))
