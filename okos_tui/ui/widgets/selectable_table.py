"""A DataTable with keyboard multi-select: the selection is a set of row keys kept here, shown
by a mark in the first column. DataTable has no multi-row selection of its own.

Large lists stay responsive: DataTable measures every cell of a new row (about 0.15 ms a row),
so 5,000 rows at once froze the UI for most of a second. `set_rows` adds the first screenful
at once and the rest in slices, one slice per screen refresh; a reload touches only the rows
and cells that changed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from typing import Generic, TypeVar

from rich.text import Text
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

MARK = "●"
MARK_COLUMN = "mark"
FIRST_SLICE = 100  # rows added at once: more than a screenful, shown in the first frame
SLICE = 100  # then rows per refresh: DataTable measures them in about 30 ms
REMOVE_LIMIT = 20  # more rows gone than this: rebuild (remove_row is linear in the rows)


class SelectableTable(DataTable):
    """Rows are keyed by a string (a database id); `set_rows` updates in place and keeps the
    cursor and the selection on the same rows."""

    DEFAULT_CSS = """
    SelectableTable { height: 1fr; }
    """

    BINDINGS = [
        Binding("space", "toggle_row", "ui.select.toggle", id="select_toggle"),
        Binding(
            "shift+down",
            "extend(1)",
            "ui.select.extend_down",
            show=False,
            id="select_extend_down",
        ),
        Binding("shift+up", "extend(-1)", "ui.select.extend_up", show=False, id="select_extend_up"),
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
        self._row_keys: list[str] = []  # every row's key, in order; the table holds a prefix
        self._cells: dict[str, Sequence[Text]] = {}  # the cells each row of the table holds
        self._pending: list[tuple[str, Sequence[Text]]] = []  # rows still to add, in order
        self._pending_cursor: str | None = None  # the key the cursor goes to once it is added
        self._generation = 0  # a new set_rows makes the slices of an older one stop
        self._in_order = False  # the last set_rows left the rows where they were
        # Shift+Up/Down: the range runs from the anchor (where it started) to the cursor, added
        # to what was selected before it started
        self._anchor: str | None = None
        self._range_end: str | None = None
        self._range_base: frozenset[str] = frozenset()

    def setup_columns(self, columns: Sequence[tuple[str, str] | tuple[str, str, int]]) -> None:
        """(key, title) pairs, or (key, title, width) for a column of fixed width (long names
        end in an ellipsis); a mark column comes first when rows can be selected."""
        self.clear(columns=True)
        self._forget_rows()
        if self.selectable:
            self.add_column(" ", key=MARK_COLUMN, width=1)
        for key, title, *width in columns:
            self.add_column(title, key=key, width=width[0] if width else None)

    # -- rows ------------------------------------------------------------------------------
    @property
    def current_key(self) -> str | None:
        if not self.row_count or self.cursor_row < 0 or self.cursor_row >= self.row_count:
            return None
        return self._key_at(self.cursor_row)

    def _key_at(self, row: int) -> str:
        return self.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value

    @property
    def filling(self) -> bool:
        """True while rows of the last `set_rows` are still being added."""
        return bool(self._pending)

    def _forget_rows(self) -> None:
        self._row_keys = []
        self._cells = {}
        self._pending = []
        self._pending_cursor = None
        self._generation += 1

    def set_rows(self, rows: Sequence[tuple[str, Sequence[Text]]]) -> None:
        """Show exactly these rows; unchanged rows are left alone, the cursor stays on its key,
        and keys that are gone leave the selection. Rows already in the table are updated in
        place (only the cells that changed); new rows are added FIRST_SLICE at once, then SLICE
        after each refresh, and the table is put in order once they are all in. Only when many
        rows are gone is the table rebuilt (DataTable removes a row in time linear in the rows).
        Passing the same cell lists as last time (a cache) makes an unchanged row free."""
        self._generation += 1
        keys = [key for key, _ in rows]
        wanted = set(keys)
        current = self._pending_cursor or self.current_key
        gone = [key for key in self._cells if key not in wanted]
        if not self._cells or len(gone) > REMOVE_LIMIT:
            self.clear()
            self._cells = {}
            pending = list(rows)
        else:
            for key in gone:
                self.remove_row(key)
                del self._cells[key]
            pending = [(key, cells) for key, cells in rows if key not in self._cells]
            self._update_changed(rows)
        # no row added or gone, none moved: the table is in order (20,000 rows: spare the check)
        self._in_order = not gone and not pending and keys == self._row_keys
        self._row_keys = keys
        self._pending = pending
        self._pending_cursor = current if current in wanted else None
        self._add_slice(self._generation, FIRST_SLICE)
        if self._anchor not in wanted:
            self._anchor = None
        dropped = self.selected - wanted
        if dropped:
            self.selected -= dropped
            self._announce()

    def _update_changed(self, rows: Sequence[tuple[str, Sequence[Text]]]) -> None:
        offset = 1 if self.selectable else 0
        column_keys = [column.key for column in self.ordered_columns[offset:]]
        for key, cells in rows:
            old = self._cells.get(key)
            if old is None or old is cells:
                continue
            shown = list(old)  # what the table holds: the old cell where nothing changed
            for column, (before, after) in enumerate(zip(old, cells, strict=False)):
                if before is not after and _looks(before) != _looks(after):
                    self.update_cell(key, column_keys[column], after)
                    shown[column] = after
            same = all(a is b for a, b in zip(shown, cells, strict=False))
            self._cells[key] = cells if same else shown

    def _add_slice(self, generation: int, size: int = SLICE) -> None:
        if generation != self._generation:
            return
        batch, self._pending = self._pending[:size], self._pending[size:]
        for key, cells in batch:
            mark = [self._mark(key)] if self.selectable else []
            self.add_row(*mark, *cells, key=key)
            self._cells[key] = cells
        self._restore_cursor()
        if self._pending:
            self.call_after_refresh(self._add_slice, generation)
        else:
            self._put_in_order()
            self.check_idle()  # let DataTable measure the new rows now

    def _put_in_order(self) -> None:
        """Sort the table into `_row_keys` order when adding put rows out of it. DataTable sorts
        by cell values only: each row is found by its first data cell, an object of its own."""
        if self._in_order:
            return
        if not self._row_keys or [row.key.value for row in self.ordered_rows] == self._row_keys:
            return
        current = self.current_key
        position = {key: index for index, key in enumerate(self._row_keys)}
        by_cell = {id(cells[0]): position[key] for key, cells in self._cells.items()}
        first_column = self.ordered_columns[1 if self.selectable else 0].key
        self.sort(first_column, key=lambda cell: by_cell[id(cell)])
        if current is not None:  # the cursor stays on its row, wherever the row went
            self._pending_cursor = current
            self._restore_cursor()

    def _restore_cursor(self) -> None:
        """Put the cursor on the row it was on before the reload, once that row is in the
        table (once only: the user may move it while the other rows are being added)."""
        target = self._pending_cursor
        if target is not None and target in self.rows:
            self._pending_cursor = None
            index = self.get_row_index(target)
            if index != self.cursor_row:
                self.move_cursor(row=index, animate=False)

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
        self._anchor = None  # a range starts again from where the cursor is
        for key in keys:
            if value:
                self.selected.add(key)
            else:
                self.selected.discard(key)
            self._show_mark(key)
        self._announce()

    def select_where(self, predicate: Callable[[str], bool]) -> None:
        """Select exactly the rows whose key passes `predicate`."""
        self._anchor = None
        self._set_selection({key for key in self._row_keys if predicate(key)})

    def _set_selection(self, selected: set[str]) -> None:
        previous, self.selected = self.selected, selected
        for key in previous ^ selected:
            self._show_mark(key)
        self._announce()

    def clear_selection(self) -> None:
        self.select_where(lambda key: False)

    def action_toggle_row(self) -> None:
        key = self.current_key
        if key is not None and self.selectable:
            self.select([key], key not in self.selected)

    def action_extend(self, step: int) -> None:
        """Shift+Up/Down: a range as in a file manager. It starts at the row under the cursor
        (the anchor) and runs to the row the cursor moves to: Shift+Up after Shift+Down shrinks
        it, and past the anchor it grows the other way. What was selected before the range
        started stays selected; moving without Shift (or Space) ends the range."""
        key = self.current_key
        if key is None or not self.selectable:
            return
        if self._anchor is None or key != self._range_end or self._anchor not in self.rows:
            self._anchor, self._range_base = key, frozenset(self.selected)
        target = min(max(self.cursor_row + step, 0), self.row_count - 1)
        self.move_cursor(row=target, animate=False)
        low, high = sorted((self.get_row_index(self._anchor), target))
        in_range = {self._key_at(row) for row in range(low, high + 1)}
        self._range_end = self._key_at(target)
        self._set_selection(set(self._range_base) | in_range)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A table without selection offers no selection keys (nor shows them in the footer)."""
        if action in ("toggle_row", "extend"):
            return self.selectable
        return super().check_action(action, parameters)


def _looks(cell: object) -> tuple:
    """What a cell shows: its text and style."""
    return (getattr(cell, "plain", cell), getattr(cell, "style", None))


# -- rows made off the UI thread ----------------------------------------------------------------
R = TypeVar("R")
Row = tuple[str, Sequence[Text]]


class RowCells(Generic[R]):
    """A table's rows made from records, in a screen's worker thread (making the cells of
    20,000 rows takes most of a second): cells are made only for records that changed since
    the last call, and a record equal to last time's gets the very same cell objects back,
    which `SelectableTable.set_rows` skips without a look. Records must compare by value
    (frozen dataclasses, named tuples). One instance per table; safe to call from a newer
    worker while an older one still runs (each call replaces what is kept in one step)."""

    def __init__(self, key: Callable[[R], str]) -> None:
        self.key = key
        self._made: tuple[object, dict[str, tuple[R, Sequence[Text]]]] = (None, {})

    def rows(
        self,
        records: Sequence[R],
        make: Callable[[R], Sequence[Text]],
        *,
        variant: object = None,
        first: Callable[[Sequence[R], list[Row]], None] | None = None,
    ) -> list[Row]:
        """The rows of `records`, in their order, as `set_rows` takes them. `variant` is what
        else `make` depends on (the columns shown): when it is not last call's, every cell is
        made anew. When the first FIRST_SLICE rows all had to be made (the first load, other
        columns, another filter), `first(records, rows)` gets them, to show them while the
        rest are made."""
        made_for, known = self._made
        if made_for != variant:
            known = {}
        made: dict[str, tuple[R, Sequence[Text]]] = {}
        rows: list[Row] = []
        fresh = 0
        for record in records:
            if len(rows) == FIRST_SLICE and fresh == FIRST_SLICE and first is not None:
                first(records[:FIRST_SLICE], rows[:])
            key = self.key(record)
            hit = known.get(key)
            if hit is not None and hit[0] == record:
                cells = hit[1]
            else:
                cells = make(record)
                fresh += 1
            made[key] = (record, cells)
            rows.append((key, cells))
        self._made = (variant, made)
        return rows
