"""The demo's own SMTP server on 127.0.0.1: every message it receives is saved as an .eml file
in the demo folder, where the demo's mailbox screen (and a person) can read it."""

from __future__ import annotations

import socket
from email import message_from_bytes
from email.policy import default
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope, Session


def free_port() -> int:
    """aiosmtpd's Controller cannot take port 0 (its readiness check fails): pick one first."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SaveToFolder:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server, session: Session, envelope: Envelope) -> str:
        count = len(list(self.folder.glob("*.eml")))
        (self.folder / f"{count + 1:05d}.eml").write_bytes(envelope.original_content or b"")
        return "250 Message accepted"


class DemoMailServer:
    def __init__(self, folder: Path, port: int | None = None) -> None:
        self.folder = folder
        self.port = port or free_port()
        self.controller = Controller(SaveToFolder(folder), hostname="127.0.0.1", port=self.port)

    def start(self) -> DemoMailServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()


def read_mails(folder: Path) -> list[dict[str, str]]:
    """The received messages, newest first: sender, recipient, subject, attachments."""
    mails = []
    for path in sorted(folder.glob("*.eml"), reverse=True):
        message = message_from_bytes(path.read_bytes(), policy=default)
        attachments = [part.get_filename() or "" for part in message.iter_attachments()]
        mails.append(
            {
                "file": path.name,
                "from": str(message.get("From", "")),
                "to": str(message.get("To", "")),
                "subject": str(message.get("Subject", "")),
                "attachments": ", ".join(attachments),
            }
        )
    return mails
