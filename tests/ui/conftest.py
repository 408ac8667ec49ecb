"""UI test fixtures: an okos.toml with invoice PDFs and exports in tmp_path (and an SMTP
server on 127.0.0.1 when a test asks for one), opened as the CLI opens it, with the catalog's
products; the app is made by `make_app` and driven with Pilot at 80x24."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from okos_tui.config import Config

UI_TOML = """
[invoicing]
prefix = "SZ"
due_days = 8
pdf_dir = "invoices"

[ui]
export_dir = "exports"
"""

SMTP_TOML = """
[smtp]
host = "127.0.0.1"
port = {port}
security = "none"
sender = "szamla@teszt.example"
"""

pytestmark = pytest.mark.timeout(60)


@dataclass
class Inbox:
    """What the test SMTP server received, as parsed messages."""

    messages: list[EmailMessage] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope) -> str:
        with self.lock:
            self.messages.append(message_from_bytes(envelope.original_content, policy=default))
        return "250 Message accepted"


def _free_port() -> int:
    """aiosmtpd's Controller cannot take port 0 (its readiness check fails): pick one first."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_inbox() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def ui_toml(request: pytest.FixtureRequest, config_file: Path) -> Path:
    """The test's okos.toml with invoice PDFs and CSV exports in tmp_path, and [smtp] pointing
    at `smtp_inbox` when the test uses that server."""
    text = config_file.read_text(encoding="utf-8") + UI_TOML
    if "smtp_inbox" in request.fixturenames:
        _, port = request.getfixturevalue("smtp_inbox")
        text += SMTP_TOML.format(port=port)
    config_file.write_text(text, encoding="utf-8")
    return config_file


@pytest.fixture
def ui_config(ui_toml: Path, catalog: dict[str, object]) -> Config:
    """The configuration of `ui_toml`; its database is open (the `db` fixture) and holds the
    `catalog` products: BOG-01 and TEA-01 (pieces, boxes), LIS-01 (kg), SZALL (service)."""
    from okos_tui.services.workspace import Context

    return Context(str(ui_toml)).config


@pytest.fixture
def make_app(ui_config: Config) -> Callable[..., object]:
    """OkosApp on the test's configuration, without a sync service unless one is given;
    `ui={...}` overrides [ui] settings, e.g. ui={"print_command": ("lpr",)}; `mode="cart"`
    starts on that screen (as if its key had been pressed, without building the first one)."""

    def make(*, ui: dict[str, object] | None = None, mode: str | None = None, **kwargs):
        from okos_tui.ui.app import OkosApp

        kwargs.setdefault("start_sync", False)
        config = ui_config
        if ui:
            config = replace(config, ui=replace(config.ui, **ui))
        cls = OkosApp
        if mode is not None:
            assert mode in OkosApp.MODES, mode
            cls = type("OkosApp", (OkosApp,), {"DEFAULT_MODE": mode})
        return cls(config, **kwargs)

    return make


@pytest.fixture
def anyio_backend() -> str:
    """Async tests (marked `anyio`) run on asyncio, Textual's loop."""
    return "asyncio"
