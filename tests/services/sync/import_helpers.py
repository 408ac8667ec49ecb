"""Helpers for the order import tests: [[shops]] tables in a real okos.toml, a running emulated
shop, a sync cycle with a fast client, the shop's own view of an order, and a pytest-httpx
stand-in shop that serves any raw JSON (for orders the emulated shop cannot produce)."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import httpx

from okos_tui.config import Config
from okos_tui.db import SalesOrder, SalesOrderLine, SyncLog
from okos_tui.fakeshop import FakeShop, FakeShopSettings
from okos_tui.services.sync.engine import ShopSync
from okos_tui.services.sync.events import SyncResult
from okos_tui.services.workspace import Context
from okos_tui.shop.client import ShopClient, ShopConnection
from tests.shop.client_helpers import fast_client

SEED_NOW = datetime(2025, 3, 1, 12, 0, 0)
SECRET_ENV = "OKOS_WEBSHOP_SECRET"
SHOP = "webshop"
PREFIX = "WEB"
SHARED = Path(__file__).resolve().parents[3].parent / "shared"
ORDER_FIXTURE = SHARED / "shoprenter-api/fixtures/order_extend/response/json/get_page.json"
SYNC_TABLES = ("shop_state", "sync_log", "skipped_shop_order")
"""Tables a sync cycle writes even when it imports nothing."""


# the emulated shop -----------------------------------------------------------------------------


def shop_settings(**overrides: Any) -> FakeShopSettings:
    """No rate limit (speed), fixed sample-data clock, 40 seeded orders, unless told."""
    values: dict[str, Any] = {"rate_limit_per_second": None, "seed_now": SEED_NOW}
    values.update(overrides)
    return FakeShopSettings(**values)


def importable_ids(shop: FakeShop) -> list[int]:
    """The orders a first sync must import: not abandoned carts, not cancelled before seen."""
    with shop.state.lock:
        return sorted(
            inner_id
            for inner_id, order in shop.state.orders.items()
            if order.status_id is not None and order.status_id != 7
        )


def shop_total(raw: dict[str, Any]) -> Decimal:
    return next(Decimal(t["value"]) for t in raw["orderTotals"] if t["type"] == "TOTAL")


# okos.toml ------------------------------------------------------------------------------------


def shop_table(
    *,
    api_url: str,
    token_url: str,
    name: str = SHOP,
    prefix: str = PREFIX,
    secret: tuple[str, str] | None = ("client_secret_env", SECRET_ENV),
    client_id: str = "okos-demo",
    **extra: Any,
) -> str:
    """One [[shops]] table; `extra` values are written as TOML (strings quoted)."""
    values: dict[str, Any] = {
        "name": name,
        "api_url": api_url,
        "token_url": token_url,
        "client_id": client_id,
    }
    if secret is not None:
        values[secret[0]] = secret[1]
    values.update({"order_prefix": prefix, "warehouse": "MAIN", "sync_seconds": 5})
    values.update(extra)
    lines = ["", "[[shops]]"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in values.items() if value is not None]
    return "\n".join(lines) + "\n"


def fake_shop_table(shop: FakeShop, **overrides: Any) -> str:
    return shop_table(api_url=shop.api_url, token_url=shop.token_url, **overrides)


def add_tables(config_file: Path, *tables: str) -> Path:
    with config_file.open("a", encoding="utf-8") as file:
        file.write("".join(tables))
    return config_file


def open_config(config_file: Path) -> Config:
    """Load okos.toml and open (migrate) its database, as the CLI does."""
    context = Context(str(config_file))
    return context.open()


# running a sync ---------------------------------------------------------------------------------


def sync(
    config: Config,
    shop: str = SHOP,
    *,
    client_factory: Callable[[ShopConnection], ShopClient] = fast_client,
) -> SyncResult:
    """One sync cycle of `shop`, in this thread."""
    runner = ShopSync(config, config.shop(shop), client_factory=client_factory)
    try:
        result = runner.run()
    finally:
        runner.close()
    assert result is not None, "the lease was not free"
    return result


# the local side ---------------------------------------------------------------------------------


def local(inner_id: int, shop: str = SHOP) -> SalesOrder:
    return SalesOrder.get((SalesOrder.shop == shop) & (SalesOrder.shop_order_id == inner_id))


def last_log() -> SyncLog:
    """The newest sync log entry (None before the first sync)."""
    return SyncLog.select().order_by(SyncLog.id.desc()).first()


def lines_of(order: SalesOrder) -> list[SalesOrderLine]:
    return list(
        SalesOrderLine.select()
        .where(SalesOrderLine.order == order)
        .order_by(SalesOrderLine.position)
    )


def gross_of(order: SalesOrder) -> Decimal:
    return sum((line.gross for line in lines_of(order)), Decimal(0))


def whole(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def without(dump: dict[str, object], tables: Iterable[str] = SYNC_TABLES) -> dict[str, object]:
    return {k: v for k, v in dump.items() if k not in tables}


# a shop made of raw JSON (pytest-httpx) ---------------------------------------------------------

MOCK_API = "https://webshop.api2.myshoprenter.hu/api"
MOCK_TOKEN_URL = "https://oauth.app.shoprenter.net/webshop/app/token"


def mock_shop_table(**overrides: Any) -> str:
    return shop_table(api_url=MOCK_API, token_url=MOCK_TOKEN_URL, **overrides)


def raw_order_id(raw: Any) -> int | None:
    try:
        return int(str(raw.get("innerId")))
    except (AttributeError, TypeError, ValueError):
        return None


class RawShop:
    """Answers the token endpoint and `orderExtend` from a list of raw order records, exactly as
    given (a record may lack fields, carry odd values, or not be a dict). Filters innerIdMin,
    updatedAtMin and excludeAbandonedCart as the shop does; records whose innerId cannot be read
    pass the innerIdMin filter. `page_size` small: several pages; `broken_ids`: an answer that
    would carry one of these innerIds is cut off mid-JSON (every time it is asked for), however
    the client pages (by page number or by moving innerIdMin)."""

    def __init__(self, records: list[Any], *, page_size: int = 200) -> None:
        self.records = records
        self.page_size = page_size
        self.broken_ids: set[int] = set()
        self.requests: list[httpx.Request] = []

    def install(self, httpx_mock: Any) -> RawShop:
        httpx_mock.add_callback(self, is_reusable=True)
        return self

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if str(request.url) == MOCK_TOKEN_URL:
            token = {"token_type": "Bearer", "expires_in": 3600, "access_token": "tok"}
            return httpx.Response(200, json=token)
        assert request.url.path == "/api/orderExtend", request.url
        params = request.url.params
        selected = [r for r in self.records if self._matches(r, params)]
        page = int(params.get("page", "0"))
        count = max(1, math.ceil(len(selected) / self.page_size))
        items = selected[page * self.page_size : (page + 1) * self.page_size]
        body = {
            "href": f"{MOCK_API}/orderExtend?page={page}",
            "page": page,
            "pageCount": count,
            "limit": self.page_size,
            "first": {"href": f"{MOCK_API}/orderExtend?page=0"},
            "previous": None,
            "next": {"href": f"{MOCK_API}/orderExtend?page={page + 1}"}
            if page + 1 < count
            else None,
            "last": {"href": f"{MOCK_API}/orderExtend?page={count - 1}"},
            "items": items,
        }
        content = json.dumps(body, ensure_ascii=False).encode()
        if any(raw_order_id(r) in self.broken_ids for r in items if isinstance(r, dict)):
            content = content[: len(content) // 2]
        return httpx.Response(
            200, content=content, headers={"Content-Type": "application/json; charset=utf-8"}
        )

    @staticmethod
    def _matches(raw: Any, params: httpx.QueryParams) -> bool:
        if not isinstance(raw, dict):
            return True
        inner_id = raw_order_id(raw)
        minimum = int(params.get("innerIdMin", "0"))
        if inner_id is not None and inner_id < minimum:
            return False
        if "updatedAtMin" in params and str(raw.get("dateUpdated", "")) < params["updatedAtMin"]:
            return False
        return not (params.get("excludeAbandonedCart") == "1" and raw.get("orderStatus") is None)

    def order_requests(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.path.endswith("/orderExtend")]


def rendered_orders(count: int = 12, **settings: Any) -> dict[int, dict[str, Any]]:
    """Realistic raw orders as the emulated shop renders them (no server needed), by innerId."""
    shop = FakeShop(shop_settings(seed_orders=count, **settings))
    return {inner_id: shop.order(inner_id) for inner_id in shop.order_ids}


BASE_CONFIG = """\
[database]
path = "okos.db"

[company]
name = "Teszt Webáruház Kft."
tax_number = "12345676-2-08"

[[warehouses]]
code = "MAIN"
name = "Központi raktár"

[[warehouses]]
code = "SHOP"
name = "Bolti raktár"
"""


def write_config(folder: Path) -> Path:
    """okos.toml without shops (for module-scoped fixtures, where `config_file` cannot go)."""
    path = folder / "okos.toml"
    path.write_text(BASE_CONFIG, encoding="utf-8")
    return path


def raw_orders(count: int, *, comment: str = "") -> list[dict[str, Any]]:
    """`count` pending orders as the emulated shop renders them (innerId 1001, 1002, ...), each
    with one or two items, for the raw-JSON shop to serve and the tests to spoil."""
    maker = FakeShop(shop_settings(seed_orders=0))
    skus = maker.skus
    made = []
    for n in range(count):
        items = {skus[n % len(skus)]: 1 + n % 3}
        if n % 2:
            items[skus[(n + 7) % len(skus)]] = 1
        made.append(maker.place_order(items, comment=comment or f"{n}. rendelés"))
    return [maker.order(inner_id) for inner_id in made]


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def control_characters_in(dump: dict[str, object]) -> list[tuple[str, str]]:
    """Every (table, text) of a database dump holding a control character (newline and tab
    are fine)."""
    found = []
    for table, rows in dump.items():
        if table.startswith("__"):
            continue
        for row in rows:  # type: ignore[union-attr]
            for value in row:
                if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
                    found.append((table, value[:80]))
    return found
