"""A real SMTP server on 127.0.0.1 (aiosmtpd) for the invoice e-mail tests: plain, STARTTLS
and implicit TLS with a self-signed certificate for 127.0.0.1, optional AUTH, recipients it
refuses, and a count of the connections it served (the handler is in smtp_helpers.py)."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests.mail.smtp_helpers import Delivered, RecordingHandler, check_login, free_port


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
    """A self-signed certificate for 127.0.0.1 (and its key), made with the openssl CLI
    (the `cryptography` package is not installed here)."""
    if shutil.which("openssl") is None:
        pytest.skip("neither the cryptography package nor the openssl command is available")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def smtp_factory(certificate_or_none) -> Iterator[Callable[..., SmtpServer]]:
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
            cert, key = certificate_or_none()
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(cert, key)
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
def certificate_or_none(request) -> Callable[[], tuple[Path, Path]]:
    """The certificate, asked for only by the TLS servers (so a missing openssl skips only
    the TLS tests)."""
    return lambda: request.getfixturevalue("certificate")


@pytest.fixture
def smtp_server(smtp_factory) -> SmtpServer:
    """A plain SMTP server (no TLS, no AUTH) on 127.0.0.1."""
    return smtp_factory()
