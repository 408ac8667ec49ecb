"""Helpers for the stock and price push tests: an okos.toml whose shop pushes to an emulated shop
on 127.0.0.1, local products carrying the shop's SKUs, sync cycles and pushes with a fast
client, and what the shop received (its batch requests) and holds now (stock1, price)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from okos_tui.config import Config
from okos_tui.db import Product, PushQueue, ShopProduct, VatRate
from okos_tui.fakeshop import FakeShop, FakeShopSettings
from okos_tui.services.push import PushResult
from okos_tui.services.sync.engine import ShopSync
from okos_tui.services.sync.events import SyncResult
from okos_tui.shop.client import ShopClient, ShopConnection
from tests.shop.client_helpers import fast_client

from .import_helpers import open_config as open_config
from .import_helpers import sync

SEED_NOW = datetime(2025, 3, 1, 12, 0, 0)
SECRET_ENV = "OKOS_PUSH_SECRET"
SECRET = "demo-secret"
SHOP = "webshop"

# The emulated shop's first products (seed 42): SKU -> (net price, cost, stock1..4).
# KON-0001 .. KON-0006 are enough for every test; none carries a deposit.
SKUS = ("KON-0001", "KOZ-0002", "KOZ-0003", "KON-0004", "KON-0005", "KON-0006")


# the emulated shop ------------------------------------------------------------------------------


def shop_settings(**overrides: Any) -> FakeShopSettings:
    """No rate limit (speed), no seeded orders, a dozen products, unless told otherwise."""
    values: dict[str, Any] = {
        "rate_limit_per_second": None,
        "seed_now": SEED_NOW,
        "seed_orders": 0,
        "seed_products": 12,
    }
    values.update(overrides)
    return FakeShopSettings(**values)


def stock1(shop: FakeShop, sku: str) -> int:
    return int(shop.product(sku)["stock1"])


def price(shop: FakeShop, sku: str) -> Decimal:
    return Decimal(shop.product(sku)["price"])


def batch_requests(shop: FakeShop) -> list[Any]:
    """The POST /batch requests the shop received (every attempt, also refused ones)."""
    return [r for r in shop.requests if r.method == "POST" and r.path.endswith("/batch")]


def pushed_items(shop: FakeShop) -> list[dict[str, Any]]:
    """Every item of every batch received, in order: {"method", "uri", "data"}."""
    items: list[dict[str, Any]] = []
    for request in batch_requests(shop):
        body = request.body if isinstance(request.body, dict) else {}
        items.extend(body.get("data", {}).get("requests", []))
    return items


def product_pages(shop: FakeShop) -> list[Any]:
    return [r for r in shop.requests if r.method == "GET" and r.path.endswith("/products")]


def shop_product_id(shop: FakeShop, sku: str) -> str:
    return str(shop.product(sku)["id"])


def pushed_skus(shop: FakeShop) -> list[str]:
    """The SKUs of the batch items received, by the id in each item's uri."""
    by_id = {shop_product_id(shop, sku): sku for sku in shop.skus}
    return [by_id.get(item["uri"].rsplit("/", 1)[-1], "?") for item in pushed_items(shop)]


def delete_in_shop(shop: FakeShop, sku: str) -> None:
    """The shop admin deletes the product (the emulated API has no DELETE)."""
    with shop.state.lock:
        product = shop.state.product_by_sku(sku)
        assert product is not None
        del shop.state.products[product.product_id]


# okos.toml ----------------------------------------------------------------------------------------

CONFIG = """\
[database]
path = "okos.db"

[company]
name = "Teszt Webáruház Kft."
tax_number = "12345676-2-08"
postcode = "1111"
city = "Budapest"
street = "Teszt utca 1."
country = "HU"
vat_exempt = {vat_exempt}

[[warehouses]]
code = "MAIN"
name = "Központi raktár"

[[warehouses]]
code = "SHOP"
name = "Bolti raktár"

[stock]
allow_negative = true
"""


def shop_table(shop: FakeShop, *, name: str = SHOP, prefix: str = "WEB", **push: Any) -> str:
    """One [[shops]] table for `shop`; `push` holds push_stock, push_warehouses, push_price
    and vat_map (a dict, written as a [shops.vat_map] table)."""
    vat_map = push.pop("vat_map", None)
    values: dict[str, Any] = {
        "name": name,
        "api_url": shop.api_url,
        "token_url": shop.token_url,
        "client_id": shop.settings.client_id,
        "client_secret_env": SECRET_ENV,
        "order_prefix": prefix,
        "warehouse": "MAIN",
        "sync_seconds": 60,
        "push_stock": True,
    }
    values.update(push)
    lines = ["", "[[shops]]"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in values.items() if value is not None]
    if vat_map:
        lines.append("[shops.vat_map]")
        lines += [f"{json.dumps(k)} = {json.dumps(v)}" for k, v in vat_map.items()]
    return "\n".join(lines) + "\n"


def write_config(
    folder: Path, *tables: str, vat_exempt: bool = False, file_name: str = "okos.toml"
) -> Path:
    path = folder / file_name
    text = CONFIG.format(vat_exempt="true" if vat_exempt else "false") + "".join(tables)
    path.write_text(text, encoding="utf-8")
    return path


# local data -------------------------------------------------------------------------------------


def add_products(
    shop: FakeShop, skus: Iterable[str] = SKUS, *, vat: str = "27%", unit: str = "db"
) -> dict[str, Product]:
    """Local products with the shop's SKUs; net price = the shop's price + 1 and purchase price
    = the shop's cost + 1, so a pushed price is never the shop's own by accident."""
    rate = VatRate.get(VatRate.code == vat)
    products = {}
    for sku in skus:
        record = shop.product(sku)
        products[sku] = Product.create(
            sku=sku,
            name=record["name"],
            unit=unit,
            vat_rate=rate,
            net_price=Decimal(record["price"]) + 1,
            purchase_price=Decimal(record["cost"]) + 1,
        )
    return products


def queued(shop: str = SHOP) -> dict[str, int]:
    """SKU -> version of the products queued for `shop`."""
    return {
        sku: version
        for sku, version in PushQueue.select(Product.sku, PushQueue.version)
        .join(Product)
        .where(PushQueue.shop == shop)
        .tuples()
    }


def queue_row(sku: str, shop: str = SHOP) -> PushQueue | None:
    return (
        PushQueue.select()
        .join(Product)
        .where((PushQueue.shop == shop) & (Product.sku == sku))
        .first()
    )


def missing(shop: str = SHOP) -> set[str]:
    return {
        sku
        for (sku,) in ShopProduct.select(Product.sku)
        .join(Product)
        .where((ShopProduct.shop == shop) & (ShopProduct.missing == True))  # noqa: E712
        .tuples()
    }


# running -----------------------------------------------------------------------------------------


PUSH_ATTEMPTS = 3
"""The push tests' client tries a request this many times: a fault injected that often fails it."""


def push_client(connection: ShopConnection) -> ShopClient:
    """`fast_client` with three attempts and 5 s timeouts."""
    return fast_client(connection, max_attempts=PUSH_ATTEMPTS, timeout_seconds=5)


def cycle(
    config: Config,
    shop: str = SHOP,
    *,
    client_factory: Callable[[ShopConnection], ShopClient] = push_client,
) -> SyncResult:
    """One sync cycle (download orders, then push) of `shop`, in this thread."""
    return sync(config, shop, client_factory=client_factory)


def push(
    config: Config,
    shop: str = SHOP,
    *,
    full: bool = False,
    client_factory: Callable[[ShopConnection], ShopClient] = push_client,
) -> PushResult:
    """Only the push (`okos push`), under the shop's lease, in this thread."""
    runner = ShopSync(config, config.shop(shop), client_factory=client_factory)
    try:
        result = runner.push(full=full)
    finally:
        runner.close()
    assert result is not None, "the lease was not free"
    return result
