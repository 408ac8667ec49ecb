"""One line per shop: last run, next run, running, the last error. Shown on every screen."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from okos_tui.core.formatting import hu_datetime
from okos_tui.i18n import t
from okos_tui.services.sync.service import ShopStatus
from okos_tui.ui.widgets.cells import clean


class SyncStatus(Static):
    DEFAULT_CSS = """
    SyncStatus { height: auto; padding: 0 1; background: $panel; color: $text-muted; }
    """

    statuses: reactive[tuple[ShopStatus, ...]] = reactive((), init=False)
    problem: reactive[str | None] = reactive(None, init=False)

    def on_mount(self) -> None:
        self.update(self.line())

    def show(self, statuses: Sequence[ShopStatus], problem: str | None = None) -> None:
        """The app calls this every second: the line is drawn again only when it changed."""
        self.statuses = tuple(statuses)
        self.problem = problem

    def watch_statuses(self) -> None:
        self.update(self.line())

    def watch_problem(self) -> None:
        self.update(self.line())

    def line(self) -> Text:
        line = Text()
        if self.problem:
            line.append(clean(self.problem), style="bold red")
        if not self.statuses and not self.problem:
            line.append(t("ui.sync.no_shops"))
        for index, status in enumerate(self.statuses):
            if index or self.problem:
                line.append("  │  ")
            line.append(clean(status.shop), style="bold")
            line.append(": ")
            if status.running:
                line.append(t("ui.sync.running"), style="yellow")
            elif status.last_run is not None:
                line.append(t("ui.sync.last", when=hu_datetime(status.last_run)))
            else:
                line.append(t("ui.sync.never"))
            if status.next_run is not None and not status.running:
                line.append("  " + t("ui.sync.next", when=hu_datetime(status.next_run)[-5:]))
            if status.last_error:
                line.append("  " + clean(str(status.last_error))[:120], style="red")
        return line
