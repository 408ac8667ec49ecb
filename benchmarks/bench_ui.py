"""UI benchmark (issue 8): the fulfillable orders screen with 5,000 open orders and 20,000
products, the event loop while a sync of 2,000 orders runs; the stock screen with 20,000
products and the orders screen with 5,000 open and 10,000 closed orders, and the event loop
while the stock screen follows a data change.

Builds a fresh database (a temporary folder unless --db is given) with the builders of `_data.py`
and an okos.toml whose one shop is the emulated ShopRenter shop on 127.0.0.1 holding 2,000
orders to import, then runs the real `OkosApp` headless at 80x24 and prints:

* (a) time to first paint: from `switch_mode("fulfillable")` (the screen is made anew) to the
  first frame in which the table's rows are drawn (target under 0.5 s), and until all the rows
  are in the table; the longest event-loop stall meanwhile;
* (b) the longest event-loop stall while the app's own SyncService downloads and imports the
  2,000 orders and the screen follows the database (target under 100 ms);
* (c) and (d) time to first paint of the stock screen (20,000 products) and of the orders
  screen (its newest 2,000 of 15,000 orders), made anew the same way (target under 0.5 s);
* (e) the longest event-loop stall while the stock screen, all its rows in, reloads after goods
  receipts written by another thread (target under 100 ms).

Not a test: it always exits 0 once it has measured, printing MISS for a target missed:

    .venv/bin/python benchmarks/bench_ui.py [--products 20000] [--movements 40000]
        [--orders 5000] [--closed-orders 10000] [--sync-orders 2000] [--shop-products 300]
        [--runs 5] [--receipts 3] [--seed 20000] [--db PATH] [--skip-sync]
        [--only a,b,c,d,e]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import peewee
import textual
from _common import open_shop_config, positive, seeded_shop, verdict
from _data import (
    add_min_stocks,
    add_open_orders,
    add_products,
    add_sales_orders,
    add_stock_movements,
    create_dataset,
)

from okos_tui.db import Product, SalesOrder, SalesOrderStatus, database
from okos_tui.domain.stock.documents import ItemInput, receive_goods
from okos_tui.domain.stock.report import stock_report
from okos_tui.fakeshop import FakeShop
from okos_tui.services.sync.events import SyncEvent, SyncFinished
from okos_tui.services.sync.service import SyncService
from okos_tui.ui.app import OkosApp
from okos_tui.ui.screens.fulfillable import FulfillableScreen
from okos_tui.ui.screens.orders import LIMIT
from okos_tui.ui.widgets.selectable_table import SelectableTable

PAINT_TARGET = 0.5
STALL_TARGET = 0.100
TICK = 0.005
SIZE = (80, 24)

CONFIG = """\
[database]
path = "{db}"

[company]
name = "Benchmark Kft."
tax_number = "12345676-2-08"
postcode = "1111"
city = "Budapest"
street = "Teszt utca 1."
country = "HU"

[[warehouses]]
code = "MAIN"
name = "Központi raktár"

[[warehouses]]
code = "BOLT"
name = "Bolti raktár"

[[shops]]
name = "webshop"
api_url = "{api_url}"
token_url = "{token_url}"
client_id = "{client_id}"
client_secret_env = "{secret_env}"
order_prefix = "WEB"
warehouse = "MAIN"
sync_seconds = 86400
"""


# -- what is measured ------------------------------------------------------------------------
@dataclass
class Stalls:
    """Event-loop lag seen by a coroutine that asks to wake every TICK seconds."""

    gaps: list[float] = field(default_factory=list)

    def reset(self) -> None:
        self.gaps.clear()

    @property
    def longest(self) -> float:
        return max(self.gaps, default=0.0)

    def over(self, seconds: float) -> int:
        return sum(gap > seconds for gap in self.gaps)

    def percentile(self, share: float) -> float:
        if not self.gaps:
            return 0.0
        ordered = sorted(self.gaps)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def tick(stalls: Stalls, stop: asyncio.Event) -> None:
    last = time.perf_counter()
    while not stop.is_set():
        await asyncio.sleep(TICK)
        now = time.perf_counter()
        stalls.gaps.append(max(0.0, now - last - TICK))
        last = now


class PaintProbe:
    """Records when the table `table_id` first draws one of its rows, and the first frame
    the app hands to its driver after that (headless: the frame is composed, not written)."""

    def __init__(self, table_id: str) -> None:
        self.table_id = table_id
        self.row_drawn: float | None = None
        self.painted: float | None = None

    def reset(self) -> None:
        self.row_drawn = self.painted = None

    @contextmanager
    def installed(self, app: OkosApp):
        probe = self
        original_render_line = SelectableTable.render_line
        original_display = app._display

        def render_line(table: SelectableTable, y: int):
            if (
                probe.row_drawn is None
                and table.id == probe.table_id
                and table.row_count
                and y >= table.header_height
            ):
                probe.row_drawn = time.perf_counter()
            return original_render_line(table, y)

        def display(screen, renderable) -> None:
            if probe.row_drawn is not None and probe.painted is None and renderable is not None:
                probe.painted = time.perf_counter()
            return original_display(screen, renderable)

        SelectableTable.render_line = render_line  # type: ignore[method-assign]
        app._display = display  # type: ignore[method-assign]
        try:
            yield self
        finally:
            SelectableTable.render_line = original_render_line  # type: ignore[method-assign]
            app._display = original_display  # type: ignore[method-assign]


class StartOnCart(OkosApp):
    """The app, opened on the (empty, quick) cart, so the screen measured is timed alone."""

    DEFAULT_MODE = "cart"


class StartOnStock(OkosApp):
    DEFAULT_MODE = "stock"


class HeldSync(SyncService):
    """The app's sync service; it starts its thread when `go()` is called, not on mount."""

    def __init__(self, config: Any) -> None:
        super().__init__(config)
        self.finished = threading.Event()
        self.imported = 0
        self.error: str | None = None
        self.subscribe(self._watch)

    def _watch(self, event: SyncEvent) -> None:
        if isinstance(event, SyncFinished):
            self.imported += len(event.result.imported)
            self.error = event.result.error
            self.finished.set()

    def start(self) -> None:
        pass

    def go(self) -> None:
        super().start()


# -- the runs --------------------------------------------------------------------------------
async def until(condition: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"timed out after {timeout:g} s waiting for {what}")
        await asyncio.sleep(0.002)


def fulfil_table(app: OkosApp) -> SelectableTable | None:
    screen = app.screen
    if isinstance(screen, FulfillableScreen):
        return screen.query_one("#fulfil-table", SelectableTable)
    return None


@dataclass(frozen=True)
class Screen:
    """A screen measured: its mode, its table, what it shows and how many rows."""

    label: str
    mode: str
    table_id: str
    what: str


FULFILLABLE = Screen("(a)", "fulfillable", "fulfil-table", "fulfillable screen")
STOCK = Screen("(c)", "stock", "stock-table", "stock screen")
ORDERS = Screen("(d)", "orders", "orders-table", "orders screen")


def table_of(app: OkosApp, table_id: str) -> SelectableTable | None:
    tables = app.screen.query(f"#{table_id}")
    return tables.first(SelectableTable) if tables else None


def all_rows_in(app: OkosApp, screen: Screen, expected: int) -> bool:
    table = table_of(app, screen.table_id)
    return table is not None and table.row_count >= expected and not table.filling


@dataclass
class PaintRun:
    first_paint: float
    all_rows: float
    rows: int
    longest_stall: float


async def first_paint_run(config: Any, screen: Screen, expected: int) -> PaintRun:
    app = StartOnCart(config, start_sync=False)
    probe = PaintProbe(screen.table_id)
    stalls = Stalls()
    stop = asyncio.Event()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)  # the cart is up and idle
        ticker = asyncio.create_task(tick(stalls, stop))
        with probe.installed(app):
            await asyncio.sleep(0.05)
            stalls.reset()
            started = time.perf_counter()
            app.switch_mode(screen.mode)
            await until(lambda: probe.painted is not None, 30, "the first paint with rows")
            await until(lambda: all_rows_in(app, screen, expected), 120, "every row in the table")
            all_rows = time.perf_counter()
            await pilot.pause(0.2)
        stop.set()
        await ticker
        rows = table_of(app, screen.table_id).row_count
    assert probe.painted is not None
    return PaintRun(probe.painted - started, all_rows - started, rows, stalls.longest)


@dataclass
class SyncRun:
    seconds: float
    imported: int
    error: str | None
    stalls: Stalls
    rows_before: int
    rows_after: int


async def sync_run(config: Any, open_orders: int, expected: int) -> SyncRun:
    service = HeldSync(config)
    app = OkosApp(config, sync_service=service)
    stalls = Stalls()
    stop = asyncio.Event()
    async with app.run_test(size=SIZE) as pilot:
        await until(
            lambda: (table := fulfil_table(app)) is not None and table.row_count >= open_orders,
            60,
            "the fulfillable screen's rows",
        )
        await pilot.pause(0.5)
        rows_before = fulfil_table(app).row_count
        ticker = asyncio.create_task(tick(stalls, stop))
        await asyncio.sleep(0.05)
        stalls.reset()
        started = time.perf_counter()
        service.go()
        await until(service.finished.is_set, 600, "the sync")
        seconds = time.perf_counter() - started
        # the screen follows: the last refresh after the sync, with every new order in it
        await until(
            lambda: fulfil_table(app).row_count >= rows_before + expected,
            60,
            "the imported orders on screen",
        )
        await pilot.pause(2.5)
        stop.set()
        await ticker
        rows_after = fulfil_table(app).row_count
    return SyncRun(seconds, service.imported, service.error, stalls, rows_before, rows_after)


@dataclass
class ReloadRun:
    rows: int
    receipts: int
    followed: list[float]  # from each receipt's commit to its row updated on screen
    stalls: Stalls
    rebuilt: int  # rows the table added again during the reloads (0: updated in place)


async def stock_reload_run(config: Any, expected: int, skus: Sequence[str]) -> ReloadRun:
    """The stock screen with every row in; another thread receives goods of one product after
    another; the app notices (it polls the database) and the screen reloads."""
    app = StartOnStock(config, start_sync=False)
    stalls = Stalls()
    stop = asyncio.Event()
    followed: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: all_rows_in(app, STOCK, expected), 120, "the stock screen's rows")
        await pilot.pause(0.5)
        table = table_of(app, STOCK.table_id)
        ids = dict(
            Product.select(Product.sku, Product.id).where(Product.sku.in_(list(skus))).tuples()
        )
        added: list[object] = []
        original_add_row = table.add_row

        def add_row(*cells, **kwargs):
            added.append(kwargs.get("key"))
            return original_add_row(*cells, **kwargs)

        table.add_row = add_row  # type: ignore[method-assign]
        ticker = asyncio.create_task(tick(stalls, stop))
        await asyncio.sleep(0.05)
        stalls.reset()
        for sku in skus:
            key = str(ids[sku])
            before = table.get_cell(key, "physical").plain
            await asyncio.to_thread(receive_goods, "MAIN", [ItemInput(sku, "7")])
            committed = time.perf_counter()
            await until(
                lambda key=key, before=before: table.get_cell(key, "physical").plain != before,
                30,
                f"the receipt of {sku} on screen",
            )
            followed.append(time.perf_counter() - committed)
            await pilot.pause(0.5)
        stop.set()
        await ticker
        rows = table.row_count
    return ReloadRun(rows, len(skus), followed, stalls, len(added))


# -- building ---------------------------------------------------------------------------------
def build_shop(args: argparse.Namespace) -> FakeShop:
    """Exactly --sync-orders importable orders, dated up to now (the wall clock), so they
    come after the open orders already on the screen."""
    return seeded_shop(args.sync_orders, args.shop_products, seed=args.seed)


def build_data(args: argparse.Namespace) -> float:
    started = time.perf_counter()

    def step(label: str, build: Callable[[], object]) -> None:
        print(f"  building {label}...", end="", flush=True, file=sys.stderr)
        began = time.perf_counter()
        build()
        print(f" {time.perf_counter() - began:.1f} s", file=sys.stderr)

    data = create_dataset(seed=args.seed)
    step("products", lambda: add_products(data, args.products))
    step("minimum stocks", lambda: add_min_stocks(data))
    step("stock documents and movements", lambda: add_stock_movements(data, args.movements))
    closed = ((SalesOrderStatus.INVOICED, 0.9), (SalesOrderStatus.CANCELLED, 0.1))
    step(  # older than the open ones: numbers follow creation order
        "closed sales orders",
        lambda: add_sales_orders(data, args.closed_orders, statuses=closed, days=(15, 365)),
    )
    step("open sales orders", lambda: add_open_orders(data, args.orders))
    return time.perf_counter() - started


# -- printing ---------------------------------------------------------------------------------


def print_paint(screen: Screen, runs: list[PaintRun]) -> bool:
    firsts = [r.first_paint for r in runs]
    median = statistics.median(firsts)
    template = "  {:<34}{:>9}{:>9}{:>9}{:>9}  {}"

    def line_format(*cells: str) -> str:
        return template.format(*cells).rstrip()

    print(f"{screen.label} {screen.what}, {runs[0].rows:,} rows, {len(runs)} runs, in seconds")
    print(line_format("", "first", "best", "median", "target", "result"))
    print(
        line_format(
            "first paint with rows",
            f"{firsts[0]:.3f}",
            f"{min(firsts):.3f}",
            f"{median:.3f}",
            f"{PAINT_TARGET:.3f}",
            verdict(median < PAINT_TARGET),
        )
    )
    alls = [r.all_rows for r in runs]
    stalls = [r.longest_stall for r in runs]
    print(
        line_format(
            "every row in the table",
            f"{alls[0]:.3f}",
            f"{min(alls):.3f}",
            f"{statistics.median(alls):.3f}",
            "",
            "",
        )
    )
    print(
        line_format(
            "longest event-loop stall",
            f"{stalls[0]:.3f}",
            f"{min(stalls):.3f}",
            f"{statistics.median(stalls):.3f}",
            "",
            "",
        )
    )
    return median < PAINT_TARGET


def print_stalls(stalls: Stalls) -> bool:
    passed = stalls.longest < STALL_TARGET
    print(
        f"  {'event-loop ticks (every 5 ms asked)':<40}{len(stalls.gaps):>9,}"
        f"   median lag {1000 * statistics.median(stalls.gaps or [0]):.1f} ms, "
        f"99th percentile {1000 * stalls.percentile(0.99):.1f} ms"
    )
    print(f"  {'stalls over 50 ms':<40}{stalls.over(0.05):>9,}")
    print(
        f"  {'longest event-loop stall':<40}{1000 * stalls.longest:>7.1f} ms   target < "
        f"{1000 * STALL_TARGET:.0f} ms   {verdict(passed)}"
    )
    return passed


def print_sync(run: SyncRun, expected: int) -> bool:
    print(
        f"(b) the fulfillable screen open while the app's sync imports {expected:,} orders "
        f"({run.seconds:.1f} s)"
    )
    if run.error:
        print(f"  !! the sync reported an error: {run.error}")
    if run.imported != expected:
        print(f"  !! expected {expected:,} orders imported, the sync imported {run.imported:,}")
    print(f"  {'rows on screen before, after':<40}{run.rows_before:>9,}{run.rows_after:>9,}")
    return print_stalls(run.stalls)


def print_reload(run: ReloadRun) -> bool:
    print(
        f"(e) the stock screen, {run.rows:,} rows, while it reloads after {run.receipts} goods "
        "receipts (another thread's commits)"
    )
    print(
        f"  {'receipt to its row on screen, seconds':<40}"
        + " ".join(f"{seconds:.2f}" for seconds in run.followed)
        + "   (the app polls the database every 2 s)"
    )
    print(f"  {'rows added again by the reloads':<40}{run.rebuilt:>9,}")
    return print_stalls(run.stalls)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=positive, default=20_000, help="default 20,000")
    parser.add_argument("--movements", type=positive, default=40_000, help="default 40,000")
    parser.add_argument("--orders", type=positive, default=5_000, help="OPEN ones; default 5,000")
    parser.add_argument(
        "--closed-orders",
        type=int,
        default=10_000,
        help="invoiced (90%%) or cancelled, older than the open ones; default 10,000",
    )
    parser.add_argument(
        "--sync-orders", type=positive, default=2_000, help="in the shop to import; default 2,000"
    )
    parser.add_argument(
        "--shop-products", type=positive, default=300, help="in the shop; default 300"
    )
    parser.add_argument("--runs", type=positive, default=5, help="of (a), (c), (d); default 5")
    parser.add_argument(
        "--receipts", type=positive, default=3, help="goods receipts in (e); default 3"
    )
    parser.add_argument("--seed", type=int, default=20_000, help="for the random data")
    parser.add_argument(
        "--db", type=Path, help="build here and keep it (must not exist); default: a temp file"
    )
    parser.add_argument("--skip-sync", action="store_true", help="leave (b) out")
    parser.add_argument(
        "--only", default="a,b,c,d,e", help="which measurements, e.g. c,d,e; default all"
    )
    args = parser.parse_args(argv)
    only = set(args.only.replace(" ", "").split(","))
    if args.skip_sync:
        only.discard("b")
    if args.db is not None and args.db.exists():
        parser.error(f"{args.db} exists: give a path to a new file (the benchmark builds afresh)")

    print("okos-tui UI benchmark")
    print(
        f"  SQLite {sqlite3.sqlite_version}, Python {platform.python_version()}, "
        f"peewee {peewee.__version__}, textual {textual.__version__}, {os.cpu_count()} CPUs"
    )
    shop = build_shop(args)
    with shop, tempfile.TemporaryDirectory(prefix="okos-bench-") as folder:
        path = args.db or Path(folder) / "bench.db"
        print(f"  database {path}; terminal {SIZE[0]}x{SIZE[1]}, headless")
        config = open_shop_config(CONFIG, Path(folder), path, shop)
        build_seconds = build_data(args)
        open_orders = SalesOrder.select().where(SalesOrder.status == SalesOrderStatus.OPEN).count()
        all_orders = SalesOrder.select().count()
        stock_rows = len(stock_report())
        print(
            f"  {args.products:,} products ({stock_rows:,} stocked), {open_orders:,} open "
            f"and {all_orders - open_orders:,} closed orders, {args.movements:,} stock "
            f"movements; built in {build_seconds:.1f} s"
        )
        print(
            f"  emulated shop: {args.sync_orders:,} orders to import, "
            f"{args.shop_products} products, rate limit 3/s"
        )
        print()
        results = []

        def paint(screen: Screen, expected: int) -> None:
            runs = [
                asyncio.run(first_paint_run(config, screen, expected)) for _ in range(args.runs)
            ]
            results.append(print_paint(screen, runs))
            print()

        if "a" in only:
            paint(FULFILLABLE, open_orders)
        if "b" in only:
            run = asyncio.run(sync_run(config, open_orders, args.sync_orders))
            results.append(print_sync(run, args.sync_orders))
            print()
            open_orders += run.imported
            all_orders += run.imported
            stock_rows = len(stock_report())  # the shop's products are new
        if "c" in only:
            paint(STOCK, stock_rows)
        if "d" in only:
            paint(ORDERS, min(LIMIT, all_orders))
        if "e" in only:
            skus = [
                row.sku for row in stock_report("MAIN")[:: max(1, stock_rows // args.receipts)]
            ][: args.receipts]
            reload = asyncio.run(stock_reload_run(config, stock_rows, skus))
            results.append(print_reload(reload))
            print()
        database.close()
    misses = results.count(False)
    print(
        f"Targets: first paint under {PAINT_TARGET} s (median), longest stall under "
        f"{1000 * STALL_TARGET:.0f} ms. "
        + ("All PASS." if not misses else f"{misses} of {len(results)} MISS.")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
