"""What every main screen shares: header, sync status line, footer; its data loaded in a
worker when the database changes; its texts in the language of the moment; a table's rows made
in that worker, only where they changed, and its first rows shown before the rest are made."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header
from textual.worker import Worker, WorkerState, get_current_worker

from okos_tui.i18n import language, t
from okos_tui.ui.access import BackofficeAccess
from okos_tui.ui.messages import DataChanged, LanguageChanged
from okos_tui.ui.widgets.footer import Footer
from okos_tui.ui.widgets.selectable_table import Row, RowCells, SelectableTable
from okos_tui.ui.widgets.sync_status import SyncStatus
from okos_tui.ui.workers import WorkerErrors

R = TypeVar("R")
FIRST_WAIT = 0.5  # seconds a load waits for its first rows to be drawn before making the rest


class DataScreen(BackofficeAccess, WorkerErrors, Screen[None]):
    """A screen whose content comes from the database: `load` runs in a thread worker and
    returns plain data; `show` puts it on screen on the UI thread. `setup` prepares what
    `compose` made (table columns) and runs again when the language changes."""

    TITLE_KEY = ""

    def __init__(self) -> None:
        super().__init__()
        self.composed_in = language()

    def compose(self) -> ComposeResult:
        yield Header()
        yield SyncStatus(id="sync-status")
        with Vertical(id="body"):
            yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self._name_screen()
        self.setup()
        self.okos.refresh_sync_status(self)
        self.reload()

    def _name_screen(self) -> None:
        self.title = t(self.TITLE_KEY) if self.TITLE_KEY else ""

    def setup(self) -> None:
        """Prepare the widgets `compose` made (columns, focus); runs again after a language
        change recomposed the screen."""

    async def on_screen_resume(self) -> None:
        """Back on screen: in the language chosen meanwhile, and with fresh data, unless a
        load is already under way (a screen's first resume comes right after its on_mount
        started one; two loads of 5,000 orders cost twice)."""
        if self.composed_in != language():
            await self.retranslate()
        elif not self._loading():
            self.reload()

    async def retranslate(self) -> None:
        """Everything said again in the current language: composed anew, set up, reloaded."""
        self.composed_in = language()
        await self.recompose()
        self._name_screen()
        self.setup()
        self.okos.refresh_sync_status(self)
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

    @on(LanguageChanged)
    async def on_language_changed(self) -> None:
        if self.composed_in != language():
            await self.retranslate()

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self) -> None:
        worker = get_current_worker()
        data = self.load()
        if worker.is_cancelled:  # a newer load took over: show only that one
            return
        self.app.call_from_thread(self._show_current, worker, data)

    def _show_current(self, worker: Worker, data: Any) -> None:
        """Asked again on the UI thread, where a newer load cancels this one: a load that
        was replaced meanwhile (new columns, say) shows nothing."""
        if not worker.is_cancelled:
            self.show(data)

    def load(self) -> Any:
        """Read what the screen shows (worker thread: through the backoffice, no widgets)."""
        return None

    def show(self, data: Any) -> None:
        """Show what `load` read (UI thread)."""

    # -- a table of many rows ----------------------------------------------------------------
    def table_rows(
        self,
        cells: RowCells[R],
        records: Sequence[R],
        make: Callable[[R], Sequence[Text]],
        *,
        variant: object = None,
    ) -> list[Row]:
        """Worker thread (in `load`): the screen's SelectableTable rows for `records`, made
        here and only for records that changed since the last load (see RowCells; the UI
        thread then touches only changed cells), all of them again in another language. When
        the table is empty (the first load, new columns), its first rows go to it as soon as
        they are made (`show_first`), and the rest are made once those are drawn."""
        variant = (language(), variant)
        return cells.rows(records, make, variant=variant, first=self._first_rows)

    def _first_rows(self, records: Sequence[Any], rows: list[Row]) -> None:
        drawn = threading.Event()
        self.app.call_from_thread(self._show_first, get_current_worker(), records, rows, drawn)
        drawn.wait(FIRST_WAIT)  # making the rest meanwhile would slow the drawing (the GIL)

    def _show_first(
        self, worker: Worker, records: Sequence[Any], rows: list[Row], drawn: threading.Event
    ) -> None:
        table = self.query_one(SelectableTable)
        if worker.is_cancelled or table.row_count:
            drawn.set()
            return
        self.show_first(records, rows)
        self.call_after_refresh(drawn.set)

    def show_first(self, records: Sequence[Any], rows: list[Row]) -> None:
        """UI thread: a load's first rows (and their records), in an empty table, before
        `show` gets all of them."""
        self.query_one(SelectableTable).set_rows(rows)
