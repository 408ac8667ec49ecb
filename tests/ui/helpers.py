"""Helpers for the UI tests: waiting for the app's thread workers, reading what is on the
screen as plain text, and building orders with fixed dates."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from rich.cells import get_character_cell_size
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable

from okos_tui.db import SalesOrder
from okos_tui.domain.orders import AddressInput, CustomerInput, OrderLineInput, create_order
from okos_tui.domain.stock_documents import ItemInput, receive_goods

SIZE = (80, 24)
BASE_TIME = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

# One <text> element of an exported SVG: its x position, its line and its characters.
_SVG_TEXT = re.compile(
    r'<text [^>]*?x="([\d.]+)"[^>]*?clip-path="url\(#[\w-]+-line-(\d+)\)">(.*?)</text>', re.S
)
_CELL_WIDTH = 12.2  # Rich's export_svg: 0.61 x the 20 px font


def screen_text(app: App) -> str:
    """The whole screen as text, one line per terminal row (trailing spaces dropped): read
    from `export_screenshot()`, i.e. what a person would see, toasts and dialogs included."""
    width, height = app.size
    grid = [[" "] * width for _ in range(height)]
    for x, line, chars in _SVG_TEXT.findall(app.export_screenshot()):
        row, column = int(line), round(float(x) / _CELL_WIDTH)
        if row >= height:
            continue
        for char in html.unescape(chars).replace("\xa0", " "):
            if char == "\n" or column >= width:
                break
            grid[row][column] = char
            column += max(1, get_character_cell_size(char))
    return "\n".join("".join(row).rstrip() for row in grid)


async def wait_until(
    pilot: Pilot, condition: Callable[[], object], timeout: float = 10.0, what: str = ""
) -> None:
    """Let the app run until `condition()` is true (thread workers finish in their own time);
    fail with `what` and the screen's text after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        await pilot.pause(0.02)
        if condition():
            return
        if time.monotonic() > deadline:
            raise AssertionError(
                f"timed out waiting for {what or condition}\n{screen_text(pilot.app)}"
            )


async def wait_for_text(pilot: Pilot, text: str, timeout: float = 10.0) -> str:
    await wait_until(pilot, lambda: text in screen_text(pilot.app), timeout, repr(text))
    return screen_text(pilot.app)


def table_keys(table: DataTable) -> list[str]:
    return [row.key.value for row in table.ordered_rows]


def row_text(table: DataTable, key: str) -> list[str]:
    """The plain text of a row's cells (Rich Text or str)."""
    return [getattr(cell, "plain", str(cell)) for cell in table.get_row(key)]


def stock(items: dict[str, str], warehouse: str = "MAIN") -> None:
    receive_goods(warehouse, [ItemInput(code, quantity) for code, quantity in items.items()])


def order(
    customer: str,
    lines: dict[str, str],
    *,
    minutes: int = 0,
    email: str = "",
    warehouse: str = "MAIN",
    prefix: str = "R",
) -> SalesOrder:
    """An OPEN order created `minutes` after BASE_TIME (fixed dates: the same numbers
    and the same screen every run)."""
    return create_order(
        CustomerInput(
            name=customer,
            email=email,
            billing=AddressInput(
                name=customer, postcode="1111", city="Budapest", street="Fő u. 1."
            ),
        ),
        [OrderLineInput(code=code, quantity=quantity) for code, quantity in lines.items()],
        warehouse_code=warehouse,
        prefix=prefix,
        created_at=BASE_TIME + timedelta(minutes=minutes),
    )


def money(value: Decimal | int) -> str:
    """12700 -> '12 700 Ft' as the UI shows it."""
    from okos_tui.formatting import hu_money

    return hu_money(Decimal(value))


def lines_with(text: str, needle: str) -> Sequence[str]:
    return [line for line in text.splitlines() if needle in line]
