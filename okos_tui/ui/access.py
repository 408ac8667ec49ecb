"""The typed way a screen reaches the app's services: `self.backoffice` for the use cases of
the open workspace (not `self.app.config`), `self.okos` for what the app does for every screen.
Protocols, so a screen needs no import of the app that imports it."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol, cast

from textual.app import App
from textual.screen import Screen

from okos_tui.services.backoffice import Backoffice
from okos_tui.services.invoicing import PdfOutcome
from okos_tui.services.sync.service import SyncService


class OkosServices(Protocol):
    """What `OkosApp` offers its screens."""

    backoffice: Backoffice
    sync_service: SyncService | None  # the shops' sync and the reporting to NAV, when running

    def data_changed(self) -> None: ...

    def refresh_sync_status(self, screen: Screen) -> None: ...

    def report_pdf_failures(self, outcomes: Iterable[PdfOutcome]) -> None: ...

    def invoices_issued(self, outcomes: Iterable[PdfOutcome]) -> None: ...

    def print_file(self, path: str | Path) -> None: ...

    def open_external(self, argv: list[str]) -> None: ...


class BackofficeAccess:
    """For the screens of the app."""

    app: App[object]

    @property
    def okos(self) -> OkosServices:
        return cast(OkosServices, self.app)

    @property
    def backoffice(self) -> Backoffice:
        return self.okos.backoffice
