"""An invoice's e-mail: the settings' subject and body templates filled in (a storno invoice's
own templates: it says it cancels an invoice), the PDF attached.

Every value that goes into a header is checked here: a buyer's name or e-mail from the shop is
never a header line of its own (a newline in it is refused, not obeyed)."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from okos_tui.config import SmtpSettings


@dataclass(frozen=True)
class InvoiceMail:
    """What an invoice's e-mail says: the values its templates may name."""

    recipient: str
    customer_name: str
    invoice_number: str
    total: str  # already worded: "12 700 Ft"
    company_name: str
    order_number: str
    original_number: str = ""  # a storno's: the invoice it cancels; "" for an invoice

    @property
    def is_storno(self) -> bool:
        return bool(self.original_number)


def invoice_message(mail: InvoiceMail, smtp: SmtpSettings, pdf: bytes) -> EmailMessage:
    values = {
        "customer_name": mail.customer_name,
        "invoice_number": mail.invoice_number,
        "total": mail.total,
        "company_name": mail.company_name,
        "order_number": mail.order_number,
        "original_number": mail.original_number,
    }
    subject, body = (
        (smtp.storno_subject, smtp.storno_body) if mail.is_storno else (smtp.subject, smtp.body)
    )
    message = EmailMessage()
    message["From"] = formataddr((mail.company_name, smtp.sender))
    message["To"] = mail.recipient
    if smtp.reply_to:
        message["Reply-To"] = smtp.reply_to
    message["Subject"] = subject.format(**values)
    message["Message-ID"] = make_msgid(domain=smtp.sender.rpartition("@")[2] or None)
    message.set_content(body.format(**values))
    message.add_attachment(
        pdf, maintype="application", subtype="pdf", filename=f"{mail.invoice_number}.pdf"
    )
    return message
