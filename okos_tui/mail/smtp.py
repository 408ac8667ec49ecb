"""SMTP: one connection for a batch of messages, reopened when the server dropped it while
idle; addresses checked before a message is built; the server's refusals in words."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import parseaddr

from okos_tui.config import SmtpSettings
from okos_tui.i18n import t


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


def smtp_detail(exc: Exception) -> str:
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
