"""Helpers for the UI tests: waiting for the app's thread workers, reading what is on the
screen as plain text, and building orders with fixed dates."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from rich.cells import get_character_cell_size
from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable

from okos_tui.db import SalesOrder
from okos_tui.domain.sales.orders import AddressInput, CustomerInput, OrderLineInput, create_order
from okos_tui.domain.stock.documents import ItemInput, receive_goods

SIZE = (80, 24)
BASE_TIME = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

# One <text> element of an exported SVG: its x position, its line and its characters.
_SVG_TEXT = re.compile(
    r'<text [^>]*?x="([\d.]+)"[^>]*?clip-path="url\(#[\w-]+-line-(\d+)\)">(.*?)</text>', re.S
)
_CELL_WIDTH = 12.2  # Rich's export_svg: 0.61 x the 20 px font


def run(app: App):
    """`app.run_test` at 80x24 with toasts shown (run_test hides notifications by default)."""
    return app.run_test(size=SIZE, notifications=True)


def screen_text(app: App) -> str:
    """The whole screen as text, one line per terminal row (trailing spaces dropped): read
    from `export_screenshot()`, i.e. what a person would see, dialogs included (and toasts,
    when the app runs with notifications: see `run`)."""
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


async def settle(pilot: Pilot) -> None:
    """Let what a key or a message started run to its end: the messages waiting, the thread
    workers they started, and the messages those posted back. After it, "nothing happened" is
    a fact, not a guess about how long something might take."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def columns_laid_out(table: DataTable) -> bool:
    """Every column measured against its rows and the table sized to them (DataTable does it
    on a later refresh than the one that added the rows)."""
    widths = [column.get_render_width(table) for column in table.columns.values()]
    measured = all(width > 2 * table.cell_padding for width in widths)
    return measured and table.virtual_size.width >= sum(widths)


def region_text(app: App, widget: Widget, screen: str | None = None) -> str:
    """What is on screen inside `widget`, its wrapped lines joined by spaces (`screen`: a
    `screen_text` already taken)."""
    rows = (screen if screen is not None else screen_text(app)).splitlines()
    region = widget.region
    parts = [
        rows[y][region.x : region.right].strip(" ▌▐▊▎▏")
        for y in range(region.y, min(region.bottom, len(rows)))
    ]
    return " ".join(part for part in parts if part)


def toasts(app: App) -> list[str]:
    """The notifications on screen, as a person reads them (long ones wrap)."""
    screen = screen_text(app)
    return [region_text(app, toast, screen) for toast in app.screen.query("Toast")]


def sync_status(app: App) -> str:
    """The sync status line(s) under the header of the current screen."""
    return region_text(app, app.screen.query_one("#sync-status"))


async def wait_for_toast(pilot: Pilot, text: str, timeout: float = 10.0) -> str:
    """Wait for a toast containing `text`; returns that toast's text."""
    await wait_until(
        pilot, lambda: any(text in toast for toast in toasts(pilot.app)), timeout, f"toast {text!r}"
    )
    return next(toast for toast in toasts(pilot.app) if text in toast)


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
    delivery: AddressInput | None = None,
    **more: Any,
) -> SalesOrder:
    """An OPEN order created `minutes` after BASE_TIME (fixed dates: the same numbers
    and the same screen every run); `more` goes to `create_order` (notes, shop, ...)."""
    return create_order(
        CustomerInput(
            name=customer,
            email=email,
            billing=AddressInput(
                name=customer, postcode="1111", city="Budapest", street="Fő u. 1."
            ),
            delivery=delivery,
        ),
        [OrderLineInput(code=code, quantity=quantity) for code, quantity in lines.items()],
        warehouse_code=warehouse,
        prefix=prefix,
        created_at=BASE_TIME + timedelta(minutes=minutes),
        **{"payment_method": "Átutalás", **more},
    )


def money(value: Decimal | int) -> str:
    """12700 -> '12 700 Ft' as the UI shows it."""
    from okos_tui.core.formatting import hu_money

    return hu_money(Decimal(value))


def lines_with(text: str, needle: str) -> Sequence[str]:
    return [line for line in text.splitlines() if needle in line]


class External:
    """Stands in for the app's `run_suspended` (a PDF viewer) and `run_quietly` (the print
    command): records each argv and runs nothing. `install(app)` before `run_test`."""

    def __init__(self, code: int = 0, output: str = "") -> None:
        self.viewed: list[list[str]] = []
        self.printed: list[list[str]] = []
        self.code, self.output = code, output

    def install(self, app: App) -> External:
        app.run_suspended = self._suspended
        app.run_quietly = self._quietly
        return self

    def _suspended(self, app: App, argv: Sequence[str]) -> int:
        self.viewed.append(list(argv))
        return 0

    def _quietly(self, argv: Sequence[str]) -> tuple[int, str]:
        self.printed.append(list(argv))
        return self.code, self.output
