"""What several benchmarks share: argument types, the PASS/MISS word, and an emulated shop
seeded with an exact number of importable orders plus the okos.toml that points at it."""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import peewee

from okos_tui.config import Config
from okos_tui.fakeshop import STORNO_STATUS_ID, FakeShop, FakeShopSettings
from okos_tui.services.workspace import Context

SECRET_ENV = "OKOS_BENCH_SECRET"


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {text}")
    return value


def natural(text: str) -> int:
    """An argparse type: a whole number of at least 0."""
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected zero or a positive whole number, got {text}")
    return value


def verdict(passed: bool) -> str:
    return "PASS" if passed else "MISS"


def print_header(title: str, path: Path) -> None:
    print(title)
    print(
        f"  SQLite {sqlite3.sqlite_version}, Python {platform.python_version()}, "
        f"peewee {peewee.__version__}, {os.cpu_count()} CPUs"
    )
    print(f"  database {path}")
    print()


class BuildSteps:
    """Runs the building steps of a data set, with progress on stderr and each one's seconds
    kept for `print_build`."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, float]] = []

    def run(self, label: str, build: Callable[[], object]) -> None:
        print(f"  building {label}...", end="", flush=True, file=sys.stderr)
        started = time.perf_counter()
        build()
        self.steps.append((label, time.perf_counter() - started))
        print(f" {self.steps[-1][1]:.1f} s", file=sys.stderr)

    def print_build(self) -> None:
        print("Build                                   seconds")
        for label, seconds in self.steps:
            print(f"  {label:<36}{seconds:>9.2f}")
        print(f"  {'total':<36}{sum(s for _, s in self.steps):>9.2f}")
        print()


def measure(call: Callable[[], list], runs: int) -> tuple[int, list[float]]:
    """Rows returned and the wall-clock seconds of each run (the first on a cold page cache
    of this connection, the way a fresh `okos` process starts)."""
    times = []
    rows = 0
    for _ in range(runs):
        started = time.perf_counter()
        rows = len(call())
        times.append(time.perf_counter() - started)
    return rows, times


def importable(shop: FakeShop) -> list[int]:
    """The shop's orders a sync imports: neither abandoned carts nor cancelled."""
    with shop.state.lock:
        return [
            inner_id
            for inner_id, order in shop.state.orders.items()
            if order.status_id is not None and order.status_id != STORNO_STATUS_ID
        ]


def seeded_shop(
    orders: int,
    products: int,
    *,
    seed: int,
    rate: float | None = 3,
    seed_now: datetime | None = None,
) -> FakeShop:
    """A started shop with seeded sample orders (some cancelled, one abandoned), topped up
    with new pending ones until exactly `orders` are importable."""
    settings = FakeShopSettings(
        rate_limit_per_second=rate,
        seed=seed,
        seed_orders=orders,
        seed_products=products,
        seed_now=seed_now,  # None: the wall clock
    )
    shop = FakeShop(settings)
    missing = orders - len(importable(shop))
    if missing > 0:
        shop.generate_orders(missing)
    assert len(importable(shop)) == orders
    return shop.start()


def open_shop_config(template: str, folder: Path, db_path: Path, shop: FakeShop) -> Config:
    """Write okos.toml from `template` (placeholders db, api_url, token_url, client_id,
    secret_env) for `shop` and open its database as every command does."""
    os.environ[SECRET_ENV] = shop.settings.client_secret
    config_path = folder / "okos.toml"
    config_path.write_text(
        template.format(
            db=str(db_path).replace("\\", "/"),
            api_url=shop.api_url,
            token_url=shop.token_url,
            client_id=shop.settings.client_id,
            secret_env=SECRET_ENV,
        ),
        encoding="utf-8",
    )
    return Context(str(config_path)).open()
