"""Stock and price push benchmark (issue 6): 10,000 products to an emulated shop at 3 requests/s.

Builds a fresh database through `open_database` (a temporary folder with its okos.toml) holding
10,000 stocked products with a goods receipt, and starts the emulated ShopRenter shop on
127.0.0.1 seeded with the same 10,000 SKUs and ShopRenter's rate limit on (3 requests in any
second). No shop product id is known. Then, through `ShopSync` with the app's own client (its
pacing, retries and token):

1. a full push (`okos push --full`): requests made (target at most 101: a token, 50 pages of
   products, 50 batches), wall time against requests / 3 s (target within 1.2x), 429 answers
   (target 0), and every product's stock1 and price checked in the shop;
2. a sync cycle with nothing changed: push requests (target 0);
3. for information, a cycle after 500 products changed (3 batches, no look-up).

Not a test: it always exits 0 once it has measured, printing MISS for a target missed:

    .venv/bin/python benchmarks/bench_push.py [--products 10000] [--rate 3] [--changed 500]
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import random
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import peewee
from _common import natural, positive

from okos_tui.db import Product, PushQueue, StockDocumentKind, VatRate, Warehouse, database
from okos_tui.domain.stock.ledger import MovementLine, post_document
from okos_tui.fakeshop import FakeShop, FakeShopSettings
from okos_tui.services.push import free_quantities
from okos_tui.services.sync.engine import ShopSync
from okos_tui.services.workspace import Context
from okos_tui.shop.client import ShopClient, ShopConnection

SECRET_ENV = "OKOS_BENCH_PUSH_SECRET"
SHOP = "benchshop"
RATIO_TARGET = 1.2

CONFIG = """\
[database]
path = "okos.db"

[company]
name = "Benchmark Kft."

[[warehouses]]
code = "MAIN"
name = "Központi raktár"

[[shops]]
name = "{name}"
api_url = "{api_url}"
token_url = "{token_url}"
client_id = "{client_id}"
client_secret_env = "{secret_env}"
order_prefix = "WEB"
warehouse = "MAIN"
push_stock = true
push_price = "list"
"""


class Recorder:
    """A client factory that keeps the clients it made, for their statistics."""

    def __init__(self) -> None:
        self.clients: list[ShopClient] = []

    def __call__(self, connection: ShopConnection) -> ShopClient:
        client = ShopClient(connection)
        self.clients.append(client)
        return client


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=positive, default=10_000, help="default 10,000")
    parser.add_argument(
        "--rate", type=positive, default=3, help="the shop's limit, requests/s; default 3"
    )
    parser.add_argument(
        "--changed", type=natural, default=500, help="products changed for step 3; default 500"
    )
    parser.add_argument("--seed", type=int, default=6, help="for the random stock")
    args = parser.parse_args(argv)

    print("okos-tui stock and price push benchmark")
    print(
        f"  SQLite {sqlite3.sqlite_version}, Python {platform.python_version()}, "
        f"peewee {peewee.__version__}, {os.cpu_count()} CPUs"
    )
    os.environ[SECRET_ENV] = "bench-secret"
    settings = FakeShopSettings(
        client_secret="bench-secret",
        rate_limit_per_second=args.rate,
        seed_products=args.products,
        seed_orders=0,
        seed_now=datetime(2025, 3, 1, 12, 0, 0),
    )
    with tempfile.TemporaryDirectory(prefix="okos-bench-push-") as folder:
        started = time.perf_counter()
        shop = FakeShop(settings)
        seeded = time.perf_counter() - started
        with shop:
            config_path = Path(folder) / "okos.toml"
            config_path.write_text(
                CONFIG.format(
                    name=SHOP,
                    api_url=shop.api_url,
                    token_url=shop.token_url,
                    client_id=settings.client_id,
                    secret_env=SECRET_ENV,
                ),
                encoding="utf-8",
            )
            config = Context(str(config_path)).open()
            try:
                print(f"  database {config.database_path}, shop {shop.api_url}")
                print()
                build = build_local(shop.skus, random.Random(args.seed))
                print("Build                                   seconds")
                print(
                    f"  {'emulated shop, ' + format(args.products, ',') + ' products':<36}"
                    f"{seeded:>9.2f}"
                )
                print(f"  {'local products and goods receipt':<36}{build:>9.2f}")
                print()
                misses = run(config, shop, args)
            finally:
                database.close()
    print()
    print("All PASS." if not misses else f"{misses} MISS.")
    return 0


def build_local(skus: list[str], rng: random.Random) -> float:
    """The shop's SKUs as local products, each with a random quantity received in MAIN."""
    started = time.perf_counter()
    vat = VatRate.get(VatRate.code == "27%")
    with database.atomic():
        rows = [
            {
                "sku": sku,
                "name": f"Termék {sku}",
                "vat_rate": vat.id,
                "net_price": Decimal(rng.randrange(100, 50_000, 10)),
            }
            for sku in skus
        ]
        for start in range(0, len(rows), 500):
            Product.insert_many(rows[start : start + 500]).execute()
        products = list(Product.select())
        lines = [MovementLine(p, Decimal(rng.randint(0, 80))) for p in products]
        warehouse = Warehouse.get(Warehouse.code == "MAIN")
        post_document(StockDocumentKind.GOODS_RECEIPT, warehouse, lines, allow_negative=False)
    return time.perf_counter() - started


def run(config, shop: FakeShop, args: argparse.Namespace) -> int:
    settings = config.shop(SHOP)
    misses = 0
    line = "  {:<38}{:>12}{:>10}  {}"

    # 1. full push, no ids known ------------------------------------------------------------
    shop.clear_requests()
    recorder = Recorder()
    runner = ShopSync(config, settings, client_factory=recorder)
    started, started_epoch = time.perf_counter(), time.time()
    result = runner.push(full=True)
    wall = time.perf_counter() - started
    ended_epoch = time.time()
    runner.close()
    assert result is not None
    stats = recorder.clients[0].stats
    seen = shop.requests
    phases = _phases(seen, started_epoch, ended_epoch, args.rate)
    by_path = Counter(_kind(r.path) for r in seen)
    statuses = Counter(r.status for r in seen)
    ideal = stats.requests_sent / args.rate
    expected_requests = 1 + 2 * math.ceil(args.products / 200)
    wrong = _check_shop(shop)
    print(f"1. Full push of {args.products:,} products, no shop ids known, limit {args.rate}/s")
    print(
        f"  pushed {result.pushed:,}, failed {result.failed:,}, missing "
        f"{len(result.missing):,}, batches {result.batches}"
    )
    print(f"  requests seen by the shop: {dict(sorted(by_path.items()))}")
    print(line.format("figure", "value", "target", "result"))
    checks = [
        (
            "requests sent",
            f"{stats.requests_sent:,}",
            f"<= {expected_requests}",
            stats.requests_sent <= expected_requests,
        ),
        ("429 answers", f"{statuses.get(429, 0)}", "0", statuses.get(429, 0) == 0),
        ("wall time, s", f"{wall:.1f}", "", None),
        (f"requests / {args.rate} s", f"{ideal:.1f}", "", None),
        (
            "wall time / ideal",
            f"{wall / ideal:.2f}x",
            f"<= {RATIO_TARGET}x",
            wall / ideal <= RATIO_TARGET,
        ),
        ("paced (waiting for a turn), s", f"{stats.paced_seconds:.1f}", "", None),
        ("products wrong in the shop", f"{wrong:,}", "0", wrong == 0),
        (
            "rows left in the queue",
            f"{PushQueue.select().count():,}",
            "0",
            PushQueue.select().count() == 0,
        ),
    ]
    misses += _print_checks(line, checks)
    print("  where the time went, s (shop-side request stamps):")
    for label, seconds in phases:
        print(f"    {label:<52}{seconds:>7.1f}")
    print()

    # 2. a cycle with nothing changed --------------------------------------------------------
    shop.clear_requests()
    recorder = Recorder()
    runner = ShopSync(config, settings, client_factory=recorder)
    started = time.perf_counter()
    cycle = runner.run()
    wall = time.perf_counter() - started
    runner.close()
    assert cycle is not None
    kinds = Counter(_kind(r.path) for r in shop.requests)
    push_requests = kinds.get("batch", 0) + kinds.get("products", 0)
    print("2. Sync cycle with nothing changed")
    print(
        f"  requests seen by the shop: {dict(sorted(kinds.items()))}, {wall:.2f} s, "
        f"status {'ok' if cycle.ok else cycle.error}"
    )
    print(line.format("figure", "value", "target", "result"))
    misses += _print_checks(
        line,
        [
            ("push requests (batches, product pages)", f"{push_requests}", "0", push_requests == 0),
            ("products pushed", f"{cycle.pushed}", "0", cycle.pushed == 0),
        ],
    )
    print()

    # 3. some products changed: batches only, the ids are known --------------------------------
    if args.changed:
        changed = list(Product.select().order_by(Product.id).limit(args.changed))
        warehouse = Warehouse.get(Warehouse.code == "MAIN")
        with database.atomic():
            post_document(
                StockDocumentKind.GOODS_RECEIPT,
                warehouse,
                [MovementLine(p, Decimal(1)) for p in changed],
                allow_negative=False,
            )
        shop.clear_requests()
        runner = ShopSync(config, settings, client_factory=Recorder())
        started = time.perf_counter()
        cycle = runner.run()
        wall = time.perf_counter() - started
        runner.close()
        assert cycle is not None
        kinds = Counter(_kind(r.path) for r in shop.requests)
        print(f"3. Sync cycle after {args.changed:,} products changed (information)")
        print(
            f"  pushed {cycle.pushed:,}, requests seen by the shop: "
            f"{dict(sorted(kinds.items()))}, {wall:.2f} s, products wrong in the shop: "
            f"{_check_shop(shop):,}"
        )
    return misses


def _phases(seen: list, started: float, ended: float, rate: int) -> list[tuple[str, float]]:
    """Before the first request (reading the queue), the product look-up, the gap to the first
    batch (remembering the ids), the batches, after the last one; and the pacing cost: the
    spans' excess over 1/rate per request."""
    stamps = [(r.timestamp, _kind(r.path)) for r in seen]
    pages = [t for t, kind in stamps if kind == "products"]
    batches = [t for t, kind in stamps if kind == "batch"]
    if not pages or not batches:
        return []
    interval = 1 / rate
    paging = pages[-1] - pages[0]
    sending = batches[-1] - batches[0]
    return [
        ("before the first request (token included)", stamps[0][0] - started),
        (f"product look-up, {len(pages)} pages", paging),
        ("last page to first batch", batches[0] - pages[-1]),
        (f"batches, {len(batches)}", sending),
        ("after the last batch (its answer, recording)", ended - batches[-1]),
        (
            f"  of which pacing above 1/{rate} s a request",
            paging + sending - interval * (len(pages) + len(batches) - 2),
        ),
    ]


def _kind(path: str) -> str:
    if path.startswith("/oauth/"):
        return "token"
    return path.rstrip("/").rsplit("/", 1)[-1]


def _check_shop(shop: FakeShop) -> int:
    """Products whose stock1 or price in the shop is not the local free stock and list price."""
    products = {p.sku: p for p in Product.select().where(Product.is_service == False)}  # noqa: E712
    free = free_quantities([p.id for p in products.values()], ())
    wrong = 0
    with shop.state.lock:
        for record in shop.state.products.values():
            local = products.get(record.sku)
            if local is None:
                continue
            if record.stock[0] != free[local.id] or record.price != local.net_price:
                wrong += 1
    return wrong


def _print_checks(line: str, checks: list[tuple[str, str, str, bool | None]]) -> int:
    misses = 0
    for label, value, target, passed in checks:
        verdict = "" if passed is None else ("PASS" if passed else "MISS")
        misses += passed is False
        print(line.format(label, value, target, verdict).rstrip())
    return misses


if __name__ == "__main__":
    sys.exit(main())
