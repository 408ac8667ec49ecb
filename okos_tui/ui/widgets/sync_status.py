"""One line per shop: last run, next run, running, the last error; and, when invoices are
reported to NAV, when NAV was last reached and how many invoices wait. Shown on every screen."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.reactive import reactive
from textual.widgets import Static

from okos_tui.core.formatting import hu_datetime
from okos_tui.i18n import t
from okos_tui.services.sync.service import NavServiceStatus, ShopStatus
from okos_tui.ui.widgets.cells import clean


class SyncStatus(Static):
    DEFAULT_CSS = """
    SyncStatus { height: auto; padding: 0 1; background: $panel; color: $text-muted; }
    """

    statuses: reactive[tuple[ShopStatus, ...]] = reactive((), init=False)
    problem: reactive[str | None] = reactive(None, init=False)
    nav: reactive[NavServiceStatus | None] = reactive(None, init=False)

    def on_mount(self) -> None:
        self.update(self.line())

    def show(
        self,
        statuses: Sequence[ShopStatus],
        problem: str | None = None,
        nav: NavServiceStatus | None = None,
    ) -> None:
        """The app calls this every second: the line is drawn again only when it changed."""
        self.statuses = tuple(statuses)
        self.problem = problem
        self.nav = nav if nav is not None and nav.enabled else None

    def watch_statuses(self) -> None:
        self.update(self.line())

    def watch_problem(self) -> None:
        self.update(self.line())

    def watch_nav(self) -> None:
        self.update(self.line())

    def on_resize(self, event: events.Resize) -> None:
        self.update(self.line())  # the NAV part goes on a line of its own when it must

    def line(self) -> Text:
        line = self.shops_line()
        nav = self.nav_part()
        if nav:
            width = self.content_size.width
            fits = not width or cell_len(line.plain) + 5 + cell_len(nav.plain) <= width
            line.append("  │  " if fits else "\n")
            line.append_text(nav)
        return line

    def nav_part(self) -> Text:
        """When NAV was last reached and what waits; nothing when invoices are not reported."""
        nav = self.nav
        part = Text()
        if nav is None:
            return part
        if nav.error:
            part.append(t("ui.nav_report.unreachable"), style="red")
        elif nav.last_reached is None:
            part.append(t("ui.nav_report.starting"))
        else:
            when = hu_datetime(nav.last_reached)[-5:]
            part.append(t("ui.nav_report.last", when=when, count=nav.waiting))
        if nav.aborted:
            part.append(", ")
            part.append(t("ui.nav_report.aborted", count=nav.aborted), style="bold red")
        return part

    def shops_line(self) -> Text:
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
