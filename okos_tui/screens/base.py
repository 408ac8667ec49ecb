"""What every main screen shares: header, sync status line, footer, and reloading its data in
a worker when the database changes."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header
from textual.worker import Worker, WorkerState, get_current_worker

from ..i18n import t
from ..messages import DataChanged
from ..widgets.sync_status import SyncStatus


class DataScreen(Screen):
    """A screen whose content comes from the database: `load` runs in a thread worker and
    returns plain data; `show` puts it on screen on the UI thread."""

    TITLE_KEY = ""

    def compose(self) -> ComposeResult:
        yield Header()
        yield SyncStatus(id="sync-status")
        with Vertical(id="body"):
            yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.title = t(self.TITLE_KEY) if self.TITLE_KEY else ""
        self.app.refresh_sync_status(self)

    def on_screen_resume(self) -> None:
        """Back on screen: reload, unless a load is already under way (a screen's first resume
        comes right after its on_mount started one; two loads of 5,000 orders cost twice)."""
        if not self._loading():
            self.reload()

    def _loading(self) -> bool:
        return any(
            worker.node is self
            and worker.group == "load"
            and worker.state in (WorkerState.PENDING, WorkerState.RUNNING)
            for worker in self.workers
        )

    @on(DataChanged)
    def on_data_changed(self) -> None:
        self.reload()

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self) -> None:
        data = self.load()
        if get_current_worker().is_cancelled:  # a newer load took over: show only that one
            return
        self.app.call_from_thread(self.show, data)

    def load(self) -> Any:
        """Read what the screen shows (worker thread: database only, no widgets)."""
        return None

    def show(self, data: Any) -> None:
        """Show what `load` read (UI thread)."""

    @on(Worker.StateChanged)
    def on_worker_failed(self, event: Worker.StateChanged) -> None:
        """One place turns a failed worker into a message for the user."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.notify(t("ui.error", detail=event.worker.error), severity="error", markup=False)
