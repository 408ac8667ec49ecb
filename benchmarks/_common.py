"""What several benchmarks share: argument types, the PASS/MISS word, and an emulated shop
seeded with an exact number of importable orders plus the okos.toml that points at it."""

from __future__ import annotations

import argparse
import os
from datetime import datetime
from pathlib import Path

from okos_tui.commands.context import Context
from okos_tui.config import Config
from okos_tui.fakeshop import STORNO_STATUS_ID, FakeShop, FakeShopSettings

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
