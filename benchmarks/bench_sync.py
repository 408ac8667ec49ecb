"""Order sync benchmark (issue 5): 2,000 orders from the emulated shop with the rate limit on.

Starts the emulated ShopRenter shop on 127.0.0.1 with ShopRenter's limit (3 requests/second)
holding exactly 2,000 orders to import, builds a fresh database through the app's own
`open_database` (a temporary file unless --db is given) and runs one sync cycle of all of them
through `ShopSync`, the code `okos sync` runs. Prints, timed separately:

* the download: requests made against the lower bound (token + ceil(2000/200) pages, target
  <= 1.1x), 429s drawn (target 0), and the time spent inside the client's requests against
  requests/3 s (target within 1.2x); a download of the same orders with nothing imported
  shows the pacing on its own;
* the local import: time per order (target under 5 ms), with a breakdown by step and the SQL
  statements per order.

Not a test: it always exits 0 once it has measured, printing MISS for a target missed:

    .venv/bin/python benchmarks/bench_sync.py [--orders 2000] [--products 300] [--rate 3]
        [--seed 42] [--db PATH] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import math
import os
import platform
import pstats
import re
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import peewee
from _common import open_shop_config, positive, seeded_shop, verdict

from okos_tui.db import SalesOrder, SalesOrderLine, database
from okos_tui.domain.sales import orders as domain_orders
from okos_tui.fakeshop import FakeShop, FakeShopSettings
from okos_tui.services.sync import engine, order_import
from okos_tui.services.sync.engine import ShopSync
from okos_tui.services.sync.order_import import OrderImporter as Importer
from okos_tui.shop.binder import MasterRecords
from okos_tui.shop.client import PAGE_LIMIT, ShopClient, ShopConnection

REQUESTS_TARGET = 1.1
WALL_TARGET = 1.2
IMPORT_TARGET_MS = 5.0

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

[[shops]]
name = "webshop"
api_url = "{api_url}"
token_url = "{token_url}"
client_id = "{client_id}"
client_secret_env = "{secret_env}"
order_prefix = "WEB"
warehouse = "MAIN"
"""

# (label, module, attribute, depth): timed by wrappers, inclusive of what they call
STEPS: list[tuple[str, Any, str, int]] = [
    ("parse_order (JSON to ShopOrder)", engine, "parse_order", 0),
    ("import_order (one transaction)", Importer, "import_order", 0),
    ("draft_order (the pure mapping)", order_import, "draft_order", 1),
    ("_priced_lines (records bound, priced)", Importer, "_priced_lines", 1),
    ("vat (VAT rate, cached per cycle)", MasterRecords, "vat", 2),
    ("load_products (new SKUs, one SELECT)", MasterRecords, "load_products", 2),
    ("product (by SKU or service code)", MasterRecords, "product", 2),
    ("customer_record (match or create)", order_import, "customer_record", 1),
    ("price_line (per line)", order_import, "price_line", 2),
    ("insert_order", order_import, "insert_order", 1),
    ("next_number", domain_orders, "next_number", 2),
    ("_learn_shop_ids (issue 6)", Importer, "_learn_shop_ids", 1),
    ("advance_cursor", order_import, "advance_cursor", 1),
]


class Timer:
    def __init__(self) -> None:
        self.seconds: Counter[str] = Counter()
        self.cpu: Counter[str] = Counter()
        self.calls: Counter[str] = Counter()

    def wrap(self, label: str, module: Any, name: str) -> None:
        original = getattr(module, name)

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            started, cpu = time.perf_counter(), time.thread_time()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[label] += time.perf_counter() - started
                self.cpu[label] += time.thread_time() - cpu
                self.calls[label] += 1

        setattr(module, name, timed)


class TimedClient(ShopClient):
    """The app's client; the time spent inside its requests (pacing, retries and all) is the
    download time."""

    download_seconds = 0.0

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        started = time.perf_counter()
        try:
            return super().get(path, params)
        finally:
            TimedClient.download_seconds += time.perf_counter() - started


class SqlCounter:
    """Every statement the import sends to SQLite, by kind and table, and the time in SQLite."""

    PATTERN = re.compile(
        r'^\s*(?:UPDATE\s+"?(\w+)|(\w+)(?:.*?\b(?:FROM|INTO)\s+"?(\w+))?)', re.S | re.I
    )

    def __init__(self, db: peewee.Database) -> None:
        self.db = db
        self.statements: Counter[str] = Counter()
        self.seconds = 0.0
        self.active = False
        original = db.execute_sql

        def execute_sql(sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
            if not self.active:
                return original(sql, params, *args, **kwargs)
            started = time.perf_counter()
            try:
                return original(sql, params, *args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started
                match = self.PATTERN.match(sql)
                if match and match.group(1):
                    kind, table = "UPDATE", match.group(1)
                elif match:
                    kind, table = (match.group(2) or "?").upper(), match.group(3) or ""
                else:
                    kind, table = "?", ""
                self.statements[f"{kind} {table}".strip()] += 1

        db.execute_sql = execute_sql  # type: ignore[method-assign]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=positive, default=2_000, help="to import; default 2,000")
    parser.add_argument("--products", type=positive, default=300, help="in the shop; default 300")
    parser.add_argument("--rate", type=positive, default=3, help="requests/s; default 3")
    parser.add_argument("--seed", type=int, default=42, help="the shop's sample data seed")
    parser.add_argument(
        "--db", type=Path, help="build here and keep it (must not exist); default: a temp file"
    )
    parser.add_argument(
        "--profile", action="store_true", help="also run the import under cProfile (slower)"
    )
    args = parser.parse_args(argv)
    if args.db is not None and args.db.exists():
        parser.error(f"{args.db} exists: give a path to a new file (the benchmark builds afresh)")

    print("okos-tui order sync benchmark")
    print(
        f"  SQLite {sqlite3.sqlite_version}, Python {platform.python_version()}, "
        f"peewee {peewee.__version__}, {os.cpu_count()} CPUs"
    )
    started = time.perf_counter()
    shop = build_shop(args)
    print(
        f"  emulated shop: {len(shop.order_ids):,} orders, {args.orders:,} of them to import "
        f"(the rest cancelled or abandoned), {args.products} products, "
        f"rate limit {args.rate}/s; built in {time.perf_counter() - started:.1f} s",
    )
    with shop, tempfile.TemporaryDirectory(prefix="okos-bench-") as folder:
        path = args.db or Path(folder) / "bench.db"
        print(f"  database {path}")
        print()
        config = open_shop_config(CONFIG, Path(folder), path, shop)
        run_sync(config, shop, args)
        time.sleep(1.1)  # a fresh rate-limit window for the download on its own
        download_only(config, shop, args)
        if args.profile:
            profile_import(args)
        database.close()
    return 0


def build_shop(args: argparse.Namespace) -> FakeShop:
    """Exactly `--orders` importable orders, dated up to a fixed 'now'."""
    return seeded_shop(
        args.orders,
        args.products,
        seed=args.seed,
        rate=args.rate,
        seed_now=datetime(2025, 3, 1, 12, 0, 0),
    )


def run_sync(config: Any, shop: FakeShop, args: argparse.Namespace) -> None:
    timer = Timer()
    for label, module, name, _ in STEPS:
        timer.wrap(label, module, name)
    sql = SqlCounter(database.obj)
    sql.active = True
    clients: list[ShopClient] = []

    def factory(connection: ShopConnection) -> ShopClient:
        client = TimedClient(connection)
        clients.append(client)
        return client

    sync = ShopSync(config, config.shops[0], client_factory=factory)
    shop.clear_requests()
    began = time.perf_counter()
    try:
        result = sync.run()
    finally:
        sync.close()
    wall = time.perf_counter() - began
    sql.active = False
    if result is None or not result.ok:
        print(f"The sync failed: {result.error if result else 'busy'}")
        return
    stats = clients[0].stats
    imported = len(result.imported)
    orders_here = SalesOrder.select().count()
    lines = SalesOrderLine.select().count()
    print(
        f"One sync cycle through ShopSync: {imported:,} orders imported ({lines:,} lines) "
        f"in {wall:.1f} s"
    )
    if imported != args.orders or orders_here != args.orders:
        print(f"  !! expected {args.orders:,} orders, the database holds {orders_here:,}")
    print()
    download = TimedClient.download_seconds
    print_download("(a) download, inside the sync", stats, download, args)
    print()
    label = "import_order (one transaction)"
    local = wall - download
    per_order = 1000 * timer.seconds[label] / imported
    print("(b) local import")
    print(
        f"  {'import_order per order':<44}{per_order:>8.2f} ms   target < {IMPORT_TARGET_MS:g} ms"
        f"   {verdict(per_order < IMPORT_TARGET_MS)}"
    )
    print(
        f"  {'  the same in CPU time of the sync thread':<44}"
        f"{1000 * timer.cpu[label] / imported:>8.2f} ms   (less disturbed on a busy machine)"
    )
    print(
        f"  {'all local work per order (wall - download)':<44}{1000 * local / imported:>8.2f} ms"
        f"   ({local:.1f} s: parsing, imports, checkpoints, log)"
    )
    print(
        f"  {'of which inside SQLite (execute_sql)':<44}{1000 * sql.seconds / imported:>8.2f} ms"
        f"   {sum(sql.statements.values()) / imported:.1f} statements per order"
    )
    print()
    print("  breakdown, ms per order (inclusive; indented = called by the line above)")
    for label, _, _, depth in STEPS:
        seconds, calls = timer.seconds[label], timer.calls[label]
        if not calls:
            continue
        print(
            f"    {'  ' * depth + label:<46}{1000 * seconds / imported:>8.2f}"
            f"   {calls / imported:5.2f} calls/order"
        )
    print()
    print("  SQL statements per order")
    for statement, count in sql.statements.most_common(16):
        print(f"    {statement:<46}{count / imported:>8.2f}")


def print_download(title: str, stats: Any, seconds: float, args: argparse.Namespace) -> None:
    bound = 1 + math.ceil(args.orders / PAGE_LIMIT)
    requests = stats.requests_sent
    ideal = requests / args.rate
    print(title)
    print(
        f"  {'requests':<44}{requests:>8}   lower bound {bound} (token + "
        f"{bound - 1} pages): {requests / bound:.2f}x, target <= {REQUESTS_TARGET}x"
        f"   {verdict(requests / bound <= REQUESTS_TARGET)}"
    )
    statuses = ", ".join(f"{code}: {n}" for code, n in sorted(stats.by_status.items()))
    print(
        f"  {'429 answers drawn':<44}{stats.throttled:>8}   target 0"
        f"   {verdict(stats.throttled == 0)}   (statuses {statuses}; retries {stats.retries})"
    )
    print(
        f"  {'time inside requests':<44}{seconds:>8.2f} s   vs requests/{args.rate} s = "
        f"{ideal:.2f} s: {seconds / ideal:.2f}x, target <= {WALL_TARGET}x"
        f"   {verdict(seconds / ideal <= WALL_TARGET)}"
    )
    print(f"  {'of which waiting for a turn (pacing)':<44}{stats.paced_seconds:>8.2f} s")


def download_only(config: Any, shop: FakeShop, args: argparse.Namespace) -> None:
    """The same orders page by page with nothing imported: the pacing on its own."""
    TimedClient.download_seconds = 0.0
    connection = engine.connection_for(config.shops[0], config)
    params = {"limit": PAGE_LIMIT, "excludeAbandonedCart": 1, "excludeStorno": 1}
    with TimedClient(connection) as client:
        began = time.perf_counter()
        count = sum(1 for _ in client.iter_pages("orderExtend", params))
        wall = time.perf_counter() - began
        print()
        print_download(
            f"(a') the same {count:,} orders downloaded alone, nothing imported "
            f"({wall:.2f} s wall)",
            client.stats,
            TimedClient.download_seconds,
            args,
        )


def profile_import(args: argparse.Namespace) -> None:
    """The import of 300 orders again into a fresh database, under cProfile."""
    print()
    count = min(300, args.orders)
    print(f"cProfile of the import ({count} sample orders into a fresh database; the profiler")
    print("itself makes peewee's query building look about 3x slower than it is)")
    with (
        FakeShop(
            FakeShopSettings(rate_limit_per_second=None, seed_orders=count, seed_products=300)
        ) as shop,
        tempfile.TemporaryDirectory(prefix="okos-bench-") as folder,
    ):
        config = open_shop_config(CONFIG, Path(folder), Path(folder) / "profile.db", shop)
        sync = ShopSync(config, config.shops[0])
        profiler = cProfile.Profile()
        profiler.enable()
        try:
            sync.run()
        finally:
            profiler.disable()
            sync.close()
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("tottime").print_stats(15)
        stats.sort_stats("cumulative").print_stats(r"okos_tui", 25)


if __name__ == "__main__":
    sys.exit(main())
