"""Sending invoices by e-mail, each exactly once.

Per invoice: unsent -> sending -> sent (time) or failed (error, attempts). The switch to
`sending` is committed before the message goes out, so a crash after it leaves the invoice in
`sending`: it is never resent automatically (the customer may have it already) but shown for a
person to decide (`okos invoice email --resend NUMBER`). Failed ones are tried again on the next
run. One SMTP connection serves the whole batch, reopened if the server drops it.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid, parseaddr
from pathlib import Path

from okos_tui.config import Config, SmtpSettings
from okos_tui.core import clock
from okos_tui.core.errors import InvalidState
from okos_tui.core.formatting import hu_money
from okos_tui.db import EmailStatus, Invoice, PdfStatus, database
from okos_tui.domain.invoicing import get_invoice
from okos_tui.i18n import t
from okos_tui.services.invoice_pdfs import render_pending

MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class EmailOutcome:
    number: str
    recipient: str
    status: str  # sent, failed, uncertain (dropped mid-send), skipped (no address), dry-run
    error: str = ""


def _message(invoice: Invoice, smtp: SmtpSettings, company_name: str) -> EmailMessage:
    values = {
        "customer_name": invoice.buyer_name,
        "invoice_number": invoice.number,
        "total": hu_money(invoice.gross_total, invoice.currency),
        "company_name": company_name,
        "order_number": invoice.order_number,
    }
    message = EmailMessage()
    message["From"] = formataddr((company_name, smtp.sender))
    message["To"] = invoice.buyer_email
    if smtp.reply_to:
        message["Reply-To"] = smtp.reply_to
    message["Subject"] = smtp.subject.format(**values)
    message["Message-ID"] = make_msgid(domain=smtp.sender.rpartition("@")[2] or None)
    message.set_content(smtp.body.format(**values))
    message.add_attachment(
        Path(invoice.pdf_path).read_bytes(),
        maintype="application",
        subtype="pdf",
        filename=f"{invoice.number}.pdf",
    )
    return message


def valid_address(address: str) -> bool:
    _, parsed = parseaddr(address)
    return (
        bool(parsed)
        and parsed == address.strip()
        and "@" in parsed
        and not any(ch in address for ch in "\r\n")
    )


class SmtpConnection:
    """One connection for a batch, opened on first use and reopened after a drop."""

    def __init__(self, smtp: SmtpSettings, password: str) -> None:
        self.smtp = smtp
        self.password = password
        self.client: smtplib.SMTP | None = None

    def _open(self) -> smtplib.SMTP:
        settings = self.smtp
        context = ssl.create_default_context()
        if settings.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=settings.timeout_seconds, context=context
            )
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_seconds)
            if settings.security == "starttls":
                client.starttls(context=context)
        if settings.username:
            try:
                client.login(settings.username, self.password)
            except UnicodeEncodeError:  # smtplib encodes credentials as ASCII
                client.close()
                raise smtplib.SMTPException(t("mail.login_not_ascii")) from None
        return client

    def ready(self) -> None:
        """Open the connection, or reopen one the server closed while idle (NOOP tells), so
        that a failure here means for sure that nothing was sent."""
        if self.client is not None:
            try:
                alive = self.client.noop()[0] == 250
            except (smtplib.SMTPException, OSError):
                alive = False
            if not alive:
                self.close()
        if self.client is None:
            self.client = self._open()

    def send(self, message: EmailMessage) -> None:
        """Send once, never again on a drop: the server may have taken the message already."""
        self.ready()
        assert self.client is not None
        self.client.send_message(message)

    def close(self) -> None:
        if self.client is not None:
            try:
                self.client.quit()
            except (smtplib.SMTPException, OSError):
                self.client.close()
            self.client = None


def _claim(invoice_id: int) -> bool:
    """unsent/failed -> sending, committed before sending; False if another process has it."""
    with database.atomic():
        return bool(
            Invoice.update(
                email_status=EmailStatus.SENDING, email_attempts=Invoice.email_attempts + 1
            )
            .where(
                (Invoice.id == invoice_id)
                & Invoice.email_status.in_([EmailStatus.UNSENT, EmailStatus.FAILED])
            )
            .execute()
        )


def _finish(invoice_id: int, error: str | None) -> None:
    with database.atomic():
        Invoice.update(
            email_status=EmailStatus.FAILED if error else EmailStatus.SENT,
            email_error=(error or "")[:500],
            email_sent_at=None if error else clock.now(),
        ).where(Invoice.id == invoice_id).execute()


def _keep_sending(invoice_id: int, error: str) -> None:
    with database.atomic():
        Invoice.update(email_error=error[:500]).where(Invoice.id == invoice_id).execute()


def waiting_invoices() -> list[Invoice]:
    return list(
        Invoice.select()
        .where(
            Invoice.email_status.in_([EmailStatus.UNSENT, EmailStatus.FAILED])
            & (Invoice.email_attempts < MAX_ATTEMPTS)
        )
        .order_by(Invoice.id)
    )


def send_invoices(
    config: Config,
    *,
    dry_run: bool = False,
    numbers: Sequence[str] | None = None,
    progress: Callable[[int, int, EmailOutcome], None] | None = None,
) -> list[EmailOutcome]:
    """E-mail every unsent (or failed) invoice, or the given ones; one failure stops nothing."""
    smtp = config.smtp
    if smtp is None:
        raise InvalidState("error.smtp_missing")
    render_pending(config.invoicing.pdf_dir)
    invoices = waiting_invoices()
    if numbers is not None:
        wanted = set(numbers)
        invoices = [i for i in invoices if i.number in wanted]
    password = "" if dry_run or not smtp.username else smtp.password.reveal(config.path)
    connection = SmtpConnection(smtp, password)
    outcomes: list[EmailOutcome] = []
    try:
        for done, invoice in enumerate(invoices, start=1):
            outcome = _send_one(invoice, config, connection, dry_run)
            outcomes.append(outcome)
            if progress is not None:
                progress(done, len(invoices), outcome)
    finally:
        connection.close()
    return outcomes


def _send_one(
    invoice: Invoice, config: Config, connection: SmtpConnection, dry_run: bool
) -> EmailOutcome:
    recipient = invoice.buyer_email.strip()
    if not recipient:
        return EmailOutcome(invoice.number, "", "skipped", t("mail.no_address"))
    if not valid_address(recipient):
        return EmailOutcome(invoice.number, recipient, "skipped", t("mail.bad_address"))
    if invoice.pdf_status != PdfStatus.OK:
        return EmailOutcome(
            invoice.number, recipient, "failed", t("mail.no_pdf", error=invoice.pdf_error)
        )
    if dry_run:
        return EmailOutcome(invoice.number, recipient, "dry-run")
    try:
        message = _message(invoice, config.smtp, config.company.name)
    except (OSError, ValueError, KeyError) as exc:
        return EmailOutcome(invoice.number, recipient, "failed", str(exc))
    if not _claim(invoice.id):
        return EmailOutcome(invoice.number, recipient, "skipped", t("mail.taken"))
    try:
        connection.ready()
    except (smtplib.SMTPException, OSError) as exc:  # nothing went out: a plain failure
        error = t("mail.server_error", detail=_smtp_detail(exc))
        _finish(invoice.id, error)
        connection.close()
        return EmailOutcome(invoice.number, recipient, "failed", error)
    try:
        connection.send(message)
    except (smtplib.SMTPServerDisconnected, TimeoutError) as exc:
        # Dropped while the message was on its way: it may have arrived. It stays `sending`
        # for a person to check (never sent twice); the rest of the batch goes on.
        error = t("mail.uncertain", detail=_smtp_detail(exc))
        _keep_sending(invoice.id, error)
        connection.close()
        return EmailOutcome(invoice.number, recipient, "uncertain", error)
    except smtplib.SMTPRecipientsRefused as exc:
        error = t("mail.refused", detail=_smtp_detail(exc))
        connection.close()  # a refused RCPT can leave the session mid-transaction
    except (smtplib.SMTPException, OSError) as exc:
        error = t("mail.server_error", detail=_smtp_detail(exc))
        connection.close()
    else:
        error = None
    _finish(invoice.id, error)
    return EmailOutcome(invoice.number, recipient, "failed" if error else "sent", error or "")


def _smtp_detail(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{rcpt}: {code} {msg.decode(errors='replace')}"
            for rcpt, (code, msg) in exc.recipients.items()
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        error = exc.smtp_error
        text = error.decode(errors="replace") if isinstance(error, bytes) else str(error)
        return f"{exc.smtp_code} {text}"
    return str(exc) or type(exc).__name__


def stuck_in_sending() -> list[Invoice]:
    """Invoices left in `sending` by a crash: a person decides whether to resend them."""
    return list(
        Invoice.select().where(Invoice.email_status == EmailStatus.SENDING).order_by(Invoice.id)
    )


def allow_resend(number: str) -> Invoice:
    """A person's decision: an invoice stuck in `sending` (or failed too often) may go again."""
    with database.atomic():
        invoice = get_invoice(number)
        if invoice.email_status == EmailStatus.SENT:
            raise InvalidState("error.already_sent", number=invoice.number)
        Invoice.update(email_status=EmailStatus.UNSENT, email_attempts=0).where(
            Invoice.id == invoice.id
        ).execute()
        return invoice
