"""Sending invoices by e-mail, each exactly once.

Per invoice: unsent -> sending -> sent (time) or failed (error, attempts). The switch to
`sending` is committed before the message goes out, so a crash after it leaves the invoice in
`sending`: it is never resent automatically (the customer may have it already) but shown for a
person to decide (`okos invoice email --resend NUMBER`). Failed ones are tried again on the next
run. One SMTP connection serves the whole batch, reopened if the server drops it.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from okos_tui.config import Config, SmtpSettings
from okos_tui.core import clock
from okos_tui.core.errors import InvalidState
from okos_tui.core.formatting import hu_money
from okos_tui.db import EmailStatus, Invoice, PdfStatus, database
from okos_tui.domain.invoicing import get_invoice
from okos_tui.i18n import t
from okos_tui.mail.message import InvoiceMail, invoice_message
from okos_tui.mail.smtp import SmtpConnection, smtp_detail, valid_address
from okos_tui.services.invoicing import render_pending

MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class EmailOutcome:
    number: str
    recipient: str
    status: str  # sent, failed, uncertain (dropped mid-send), skipped (no address), dry-run
    error: str = ""


def _message(invoice: Invoice, smtp: SmtpSettings, company_name: str) -> EmailMessage:
    mail = InvoiceMail(
        recipient=invoice.buyer_email,
        customer_name=invoice.buyer_name,
        invoice_number=invoice.number,
        total=hu_money(invoice.payable, invoice.currency),
        company_name=company_name,
        order_number=invoice.order_number,
        original_number=invoice.original.number if invoice.original_id else "",
    )
    return invoice_message(mail, smtp, Path(invoice.pdf_path).read_bytes())


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
            outcome = _send_one(invoice, smtp, config.company.name, connection, dry_run)
            outcomes.append(outcome)
            if progress is not None:
                progress(done, len(invoices), outcome)
    finally:
        connection.close()
    return outcomes


def _send_one(
    invoice: Invoice,
    smtp: SmtpSettings,
    company_name: str,
    connection: SmtpConnection,
    dry_run: bool,
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
        message = _message(invoice, smtp, company_name)
    except (OSError, ValueError, KeyError) as exc:
        return EmailOutcome(invoice.number, recipient, "failed", str(exc))
    if not _claim(invoice.id):
        return EmailOutcome(invoice.number, recipient, "skipped", t("mail.taken"))
    try:
        connection.ready()
    except (smtplib.SMTPException, OSError) as exc:  # nothing went out: a plain failure
        not_sent = t("mail.server_error", detail=smtp_detail(exc))
        _finish(invoice.id, not_sent)
        connection.close()
        return EmailOutcome(invoice.number, recipient, "failed", not_sent)
    error: str | None = None
    try:
        connection.send(message)
    except (smtplib.SMTPServerDisconnected, TimeoutError) as exc:
        # Dropped while the message was on its way: it may have arrived. It stays `sending`
        # for a person to check (never sent twice); the rest of the batch goes on.
        error = t("mail.uncertain", detail=smtp_detail(exc))
        _keep_sending(invoice.id, error)
        connection.close()
        return EmailOutcome(invoice.number, recipient, "uncertain", error)
    except smtplib.SMTPRecipientsRefused as exc:
        error = t("mail.refused", detail=smtp_detail(exc))
        connection.close()  # a refused RCPT can leave the session mid-transaction
    except (smtplib.SMTPException, OSError) as exc:
        error = t("mail.server_error", detail=smtp_detail(exc))
        connection.close()
    _finish(invoice.id, error)
    return EmailOutcome(invoice.number, recipient, "failed" if error else "sent", error or "")


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
