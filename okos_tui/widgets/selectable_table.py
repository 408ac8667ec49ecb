"""A DataTable with keyboard multi-select: the selection is a set of row keys kept here, shown
by a mark in the first column. DataTable has no multi-row selection of its own."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

from ..i18n import t

MARK = "●"
MARK_COLUMN = "mark"


class SelectableTable(DataTable):
    """Rows are keyed by a string (a database id); `set_rows` updates in place and keeps the
    cursor and the selection on the same rows."""

    DEFAULT_CSS = """
    SelectableTable { height: 1fr; }
    """

    BINDINGS = [
        Binding("space", "toggle_row", t("ui.select.toggle"), id="select_toggle"),
        Binding(
            "shift+down",
            "extend(1)",
            t("ui.select.extend_down"),
            show=False,
            id="select_extend_down",
        ),
        Binding(
            "shift+up", "extend(-1)", t("ui.select.extend_up"), show=False, id="select_extend_up"
        ),
    ]

    class SelectionChanged(Message):
        def __init__(self, table: SelectableTable, selected: frozenset[str]) -> None:
            super().__init__()
            self.table = table
            self.selected = selected

        @property
        def control(self) -> SelectableTable:
            return self.table

    def __init__(self, *, selectable: bool = True, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.selectable = selectable
        self.selected: set[str] = set()
        self._row_keys: list[str] = []

    def setup_columns(self, columns: Sequence[tuple[str, str] | tuple[str, str, int]]) -> None:
        """(key, title) pairs, or (key, title, width) for a column of fixed width (long names
        end in an ellipsis); a mark column comes first when rows can be selected."""
        self.clear(columns=True)
        self._row_keys = []
        if self.selectable:
            self.add_column(" ", key=MARK_COLUMN, width=1)
        for key, title, *width in columns:
            self.add_column(title, key=key, width=width[0] if width else None)

    # -- rows ------------------------------------------------------------------------------
    @property
    def current_key(self) -> str | None:
        if not self._row_keys or self.cursor_row < 0 or self.cursor_row >= len(self._row_keys):
            return None
        return self._row_keys[self.cursor_row]

    def set_rows(self, rows: Sequence[tuple[str, Sequence[Text]]]) -> None:
        """Show exactly these rows; unchanged rows are left alone, the cursor stays on its key,
        and keys that are gone leave the selection."""
        keys = [key for key, _ in rows]
        current = self.current_key
        if keys == self._row_keys:
            for key, cells in rows:
                old = self.get_row(key)[1:] if self.selectable else self.get_row(key)
                for column, (before, after) in enumerate(zip(old, cells, strict=False)):
                    if str(before) != str(after) or getattr(before, "style", None) != getattr(
                        after, "style", None
                    ):
                        column_key = self.ordered_columns[
                            column + (1 if self.selectable else 0)
                        ].key
                        self.update_cell(key, column_key, after)
        else:
            self.clear()
            for key, cells in rows:
                mark = [self._mark(key)] if self.selectable else []
                self.add_row(*mark, *cells, key=key)
            self._row_keys = keys
            if current is not None and current in keys:
                self.move_cursor(row=keys.index(current), animate=False)
        dropped = self.selected - set(keys)
        if dropped:
            self.selected -= dropped
            self._announce()

    def _mark(self, key: str) -> Text:
        return Text(MARK if key in self.selected else " ", style="bold green")

    def _show_mark(self, key: str) -> None:
        if self.selectable:
            with suppress(RowDoesNotExist):
                self.update_cell(key, MARK_COLUMN, self._mark(key))

    def _announce(self) -> None:
        self.post_message(self.SelectionChanged(self, frozenset(self.selected)))

    # -- selection -------------------------------------------------------------------------
    def select(self, keys: Iterable[str], value: bool = True) -> None:
        for key in keys:
            if value:
                self.selected.add(key)
            else:
                self.selected.discard(key)
            self._show_mark(key)
        self._announce()

    def select_where(self, predicate: Callable[[str], bool]) -> None:
        """Select exactly the rows whose key passes `predicate`."""
        previous = set(self.selected)
        self.selected = {key for key in self._row_keys if predicate(key)}
        for key in previous ^ self.selected:
            self._show_mark(key)
        self._announce()

    def clear_selection(self) -> None:
        self.select_where(lambda key: False)

    def action_toggle_row(self) -> None:
        key = self.current_key
        if key is not None and self.selectable:
            self.select([key], key not in self.selected)

    def action_extend(self, step: int) -> None:
        """Shift+Up/Down: select the row under the cursor and the one it moves to."""
        key = self.current_key
        if key is None or not self.selectable:
            return
        target = min(max(self.cursor_row + step, 0), len(self._row_keys) - 1)
        self.move_cursor(row=target, animate=False)
        self.select([key, self._row_keys[target]])
