"""SelectableTable with thousands of rows: the first screenful at once, the rest in slices after
each refresh; a reload changes only what changed and puts new rows in their place; the cursor
and the selection stay on their keys."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App, ComposeResult

from okos_tui.widgets.selectable_table import FIRST_SLICE, REMOVE_LIMIT, SelectableTable

from .helpers import SIZE, table_keys, wait_until

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
