"""The aiosmtpd handler and helpers behind tests/mail/conftest.py's fixtures."""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.smtp import AuthResult, LoginPassword

USERNAME = "szamlazo"
PASSWORD = "Titkos-jelszo-42"


def free_port() -> int:
    """A port nobody listens on right now (Controller(port=0) fails its own ready check)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Delivered:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    tls: bool
    peer: tuple


@dataclass
class RecordingHandler:
    """Keeps every accepted message; refuses the addresses in `refuse` with 550."""

    refuse: set[str] = field(default_factory=set)
    delivered: list[Delivered] = field(default_factory=list)
    connections: list[tuple] = field(default_factory=list)  # one client peer per connection

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if session.peer not in self.connections:  # STARTTLS says EHLO again on the same one
            self.connections.append(session.peer)
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Nincs ilyen postafiók / no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.delivered.append(
            Delivered(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                message_from_bytes(envelope.original_content, policy=default),
                server.transport.get_extra_info("ssl_object") is not None,
                session.peer,
            )
        )
        return "250 Message accepted for delivery"


@dataclass
class DroppingHandler(RecordingHandler):
    """Keeps the messages to the addresses in `drop_after_data` and then closes the connection
    without an answer (the client cannot know whether it arrived); with `close_when_idle`,
    closes each connection a moment after answering a message, as servers with short idle
    timeouts do."""

    drop_after_data: set[str] = field(default_factory=set)
    close_when_idle: bool = False

    async def handle_DATA(self, server, session, envelope):
        answer = await super().handle_DATA(server, session, envelope)
        if self.drop_after_data & set(envelope.rcpt_tos):
            server.transport.close()
        elif self.close_when_idle:
            asyncio.get_running_loop().call_later(0.05, server.transport.close)
        return answer


def check_login(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == USERNAME.encode()
        and auth_data.password == PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)
