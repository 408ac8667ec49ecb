"""A real SMTP server on 127.0.0.1 (aiosmtpd) for the invoice e-mail tests: plain, STARTTLS
and implicit TLS with a certificate for 127.0.0.1 from a private test CA, optional AUTH,
recipients it refuses, and a count of the connections it served (handler: smtp_helpers.py)."""

from __future__ import annotations

import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import trustme
from aiosmtpd.controller import Controller

from tests.services.mailing.smtp_helpers import Delivered, RecordingHandler, check_login, free_port


@dataclass
class SmtpServer:
    port: int
    handler: RecordingHandler
    controller: Controller | None = None

    @property
    def delivered(self) -> list[Delivered]:
        return self.handler.delivered

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture(scope="session")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """(CA file, server key and chain file): a private CA of the test's own (trustme) that
    signed a certificate for 127.0.0.1. A client trusts the server only with the CA file."""
    folder = tmp_path_factory.mktemp("tls")
    authority = trustme.CA()
    ca_file, server_file = folder / "ca.pem", folder / "server.pem"
    authority.cert_pem.write_to_path(str(ca_file))
    authority.issue_cert("127.0.0.1").private_key_and_cert_chain_pem.write_to_path(str(server_file))
    return ca_file, server_file


@pytest.fixture
def smtp_factory(request) -> Iterator[Callable[..., SmtpServer]]:
    """Start servers on 127.0.0.1: smtp_factory(security="none"|"starttls"|"ssl", auth=False,
    port=None). Every server is stopped after the test."""
    servers: list[SmtpServer] = []

    def start(
        security: str = "none",
        *,
        auth: bool = False,
        port: int | None = None,
        handler: RecordingHandler | None = None,
    ) -> SmtpServer:
        handler = handler or RecordingHandler()
        options: dict = {}
        if security in ("starttls", "ssl"):
            _, server_file = request.getfixturevalue("certificate")  # made for TLS tests only
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(server_file)
            if security == "starttls":
                options.update(tls_context=context, require_starttls=True)
            else:
                options.update(ssl_context=context, auth_require_tls=False)
        if auth:
            options.update(authenticator=check_login, auth_required=True)
        server = SmtpServer(port or free_port(), handler)
        server.controller = Controller(handler, hostname="127.0.0.1", port=server.port, **options)
        server.controller.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def smtp_server(smtp_factory) -> SmtpServer:
    """A plain SMTP server (no TLS, no AUTH) on 127.0.0.1."""
    return smtp_factory()
