"""A read-only table in a modal: the picking summary, the procurement list, a preview."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from okos_tui.ui.widgets.footer import Footer


class TableViewScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q", "dismiss", "ui.back", id="table_view_back")]

    def __init__(
        self,
        title: str,
        columns: Sequence[str | tuple[str, int]],
        rows: Sequence[Sequence[Text]],
        note: str = "",
    ) -> None:
        super().__init__()
        self.heading = title
        self.columns = columns
        self.rows = rows
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="table-view"):
            yield Static(Text(self.heading, style="bold"), id="table-view-title")
            yield DataTable(cursor_type="row", zebra_stripes=True, id="table-view-table")
            if self.note:
                yield Static(Text(self.note), id="table-view-note")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for column in self.columns:  # a title, or (title, width): long texts end in "…"
            title, width = column if isinstance(column, tuple) else (column, None)
            table.add_column(title, width=width)
        table.add_rows(self.rows)
        table.focus()
