"""The demo's mailbox: the e-mails the demo SMTP server received (invoices sent from the cart)."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult

from okos_tui.demo.mailbox import read_mails
from okos_tui.i18n import t
from okos_tui.ui.screens.base import DataScreen
from okos_tui.ui.widgets import cells
from okos_tui.ui.widgets.selectable_table import SelectableTable

TO_WIDTH = 23  # long addresses end in an ellipsis: at 80 columns the rest fits


class MailboxScreen(DataScreen):
    TITLE_KEY = "ui.nav.mailbox"

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def compose_body(self) -> ComposeResult:
        yield SelectableTable(selectable=False, id="mail-table")

    def on_mount(self) -> None:
        self.set_interval(2, self.reload)

    def setup(self) -> None:
        self.query_one(SelectableTable).setup_columns(  # the attachment's name shows whole
            [
                ("file", "#"),
                ("to", t("ui.mail.to"), TO_WIDTH),
                ("subject", t("ui.mail.subject")),
                ("attachments", t("ui.mail.attachments")),
            ]
        )

    def load(self) -> list[dict[str, str]]:
        return read_mails(self.folder)

    def show(self, mails: list[dict[str, str]]) -> None:
        self.query_one(SelectableTable).set_rows(
            [
                (
                    mail["file"],
                    [
                        cells.text(mail["file"]),
                        cells.text(mail["to"]),
                        cells.text(mail["subject"]),
                        cells.text(mail["attachments"]),
                    ],
                )
                for mail in mails
            ]
        )
