"""SelectableTable with thousands of rows: the first screenful at once, the rest in slices after
each refresh; a reload changes only what changed and puts new rows in their place; the cursor
and the selection stay on their keys."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App, ComposeResult

from okos_tui.ui.widgets.selectable_table import (
    FIRST_SLICE,
    REMOVE_LIMIT,
    RowCells,
    SelectableTable,
)

from .helpers import SIZE, screen_text, table_keys, wait_until

pytestmark = pytest.mark.anyio


class TableApp(App):
    def compose(self) -> ComposeResult:
        yield SelectableTable(id="table")

    def on_mount(self) -> None:
        table = self.query_one(SelectableTable)
        table.setup_columns([("number", "Szám"), ("name", "Név")])
        table.focus()


def rows(keys: list[str], name: str = "vevő") -> list[tuple[str, list[Text]]]:
    return [(key, [Text(key), Text(f"{name} {key}")]) for key in keys]


def numbers(first: int, last: int, step: int = 1) -> list[str]:
    return [f"R-{n:05d}" for n in range(first, last, step)]


async def filled(pilot, table: SelectableTable, keys: list[str]) -> None:
    await wait_until(
        pilot, lambda: not table.filling and table_keys(table) == keys, what="every row in order"
    )


async def test_a_long_list_shows_its_first_rows_at_once_and_the_rest_in_slices() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(SelectableTable)
        keys = numbers(0, 1000)
        table.set_rows(rows(keys))
        assert table.row_count == FIRST_SLICE and table.filling
        assert table.current_key == keys[0]
        await filled(pilot, table, keys)
        assert table.row_count == 1000


async def test_the_cursor_can_move_while_the_rows_are_being_added() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(SelectableTable)
        keys = numbers(0, 5000)
        table.set_rows(rows(keys[:FIRST_SLICE]))  # as the fulfillable screen's first rows
        table.set_rows(rows(keys))
        assert table.filling
        await pilot.press("down", "down", "down")
        await filled(pilot, table, keys)
        assert table.current_key == keys[3]


async def test_a_reload_puts_new_rows_in_place_and_keeps_cursor_and_selection() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(SelectableTable)
        keys = numbers(0, 2000, 2)  # even numbers
        table.set_rows(rows(keys))
        await filled(pilot, table, keys)
        table.move_cursor(row=500, animate=False)
        current = table.current_key
        table.select([keys[10], keys[900]])

        # odd numbers arrive between them (older orders synced late), two rows are gone
        gone = {keys[3], keys[700]}
        reloaded = sorted(set(keys) - gone | set(numbers(1, 600, 2)))
        table.set_rows(rows(reloaded))
        await filled(pilot, table, reloaded)
        assert table.current_key == current
        assert table.selected == {keys[10], keys[900]}

        # a changed cell is updated in place
        renamed = rows(reloaded)
        renamed[5] = (renamed[5][0], [Text(renamed[5][0]), Text("új név")])
        table.set_rows(renamed)
        assert table.get_row(renamed[5][0])[2].plain == "új név"
        assert table.current_key == current


async def test_many_rows_gone_rebuild_the_table_and_the_cursor_finds_its_row() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(SelectableTable)
        keys = numbers(0, 1500)
        table.set_rows(rows(keys))
        await filled(pilot, table, keys)
        table.move_cursor(row=1200, animate=False)
        current = table.current_key
        left = keys[REMOVE_LIMIT + 50 :]  # more gone than REMOVE_LIMIT: a rebuild
        table.set_rows(rows(left))
        assert table.row_count == FIRST_SLICE
        await filled(pilot, table, left)
        assert table.current_key == current


async def test_the_same_cells_again_change_nothing() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(SelectableTable)
        same = rows(numbers(0, 300))
        table.set_rows(same)
        await filled(pilot, table, [key for key, _ in same])
        updated = []
        table.update_cell = lambda *args, **kwargs: updated.append(args)  # type: ignore[method-assign]
        table.set_rows(same)
        table.set_rows(rows(numbers(0, 300)))  # equal text and style, new objects
        assert updated == []


def test_row_cells_are_made_only_for_records_that_changed() -> None:
    made: list[tuple[str, str]] = []

    def make(record: tuple[str, str]) -> list[Text]:
        made.append(record)
        return [Text(record[0]), Text(record[1])]

    cells = RowCells(lambda record: record[0])
    first = cells.rows([("A", "1"), ("B", "2"), ("C", "3")], make)
    again = cells.rows([("C", "3"), ("A", "1"), ("B", "9"), ("D", "4")], make)
    assert [key for key, _ in again] == ["C", "A", "B", "D"]
    assert made == [("A", "1"), ("B", "2"), ("C", "3"), ("B", "9"), ("D", "4")]
    assert again[0][1] is first[2][1] and again[1][1] is first[0][1]  # the same cells
    assert [cell.plain for cell in again[2][1]] == ["B", "9"]

    made.clear()  # other columns (a new variant): every row made anew
    cells.rows([("A", "1")], make, variant="narrow")
    cells.rows([("A", "1")], make, variant="narrow")
    assert made == [("A", "1")]


def test_row_cells_hand_over_the_first_slice_only_when_all_of_it_is_new() -> None:
    records = [(f"R-{n:05d}", "x") for n in range(FIRST_SLICE + 50)]
    firsts: list[tuple[list, list]] = []
    cells = RowCells(lambda record: record[0])
    make = lambda record: [Text(record[0]), Text(record[1])]  # noqa: E731
    rows_ = cells.rows(records, make, first=lambda rec, got: firsts.append((list(rec), got)))
    ((shown_records, shown_rows),) = firsts
    assert shown_records == records[:FIRST_SLICE] and shown_rows == rows_[:FIRST_SLICE]
    cells.rows(records[1:], make, first=lambda rec, got: firsts.append((rec, got)))
    assert len(firsts) == 1  # a reload of known rows shows them all at once, in `show`


async def test_a_changed_cell_is_drawn_in_place_and_a_row_gone_leaves() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(SelectableTable)
        keys = numbers(0, 300)
        changed = rows(keys)
        changed[1] = (keys[1], [Text(keys[1]), Text("új név")])
        table.set_rows(rows(keys))
        await filled(pilot, table, keys)
        table.set_rows(changed)
        await pilot.pause()
        assert "új név" in screen_text(app) and table_keys(table) == keys
        table.set_rows(changed[:-1])
        await pilot.pause()
        assert table_keys(table) == keys[:-1]
