"""The demo UI: the real app plus a fifth screen with the mails the demo server received."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from okos_tui.config import Config
from okos_tui.demo.ui.mailbox import MailboxScreen
from okos_tui.i18n import t
from okos_tui.ui.app import OkosApp


class DemoApp(OkosApp):
    BINDINGS = [Binding("5", "switch_mode('mailbox')", "ui.nav.mailbox", id="go_mailbox")]

    def __init__(self, config: Config, mail_folder: Path, **kwargs) -> None:
        super().__init__(
            config, extra_modes={"mailbox": lambda: MailboxScreen(mail_folder)}, **kwargs
        )

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            t("ui.nav.mailbox"), t("ui.nav.mailbox"), lambda: self.switch_mode("mailbox")
        )
