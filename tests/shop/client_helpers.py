"""Helpers for the shop client's tests: a fake clock, connections, canned API answers."""

from __future__ import annotations

import math
import socket
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from okos_tui.fakeshop import FakeShop, FakeShopSettings
from okos_tui.shop.client import ShopClient, ShopConnection

API = "https://webshop.api2.myshoprenter.hu/api"
TOKEN_URL = "https://oauth.app.shoprenter.net/webshop/app/token"
LEGACY_HOST = "https://webshop.api.myshoprenter.hu"
CLIENT_ID = "okos-app-id"
SECRET = "Sup3r-S3cret-Value"
PASSWORD = "Pa55word-Legacy"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
FIXTURES = SHARED / "shoprenter-api" / "fixtures"
SEED_NOW = datetime(2025, 3, 1, 12, 0, 0)


class FakeClock:
    """monotonic() and sleep() for tests: sleeping only moves the clock and records the wait."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.waits: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds

    def advance(self, seconds: float) -> None:
        self.now += seconds


class CappedSleep:
    """Remembers the waits asked for but really sleeps at most `cap` seconds each: backoff
    before retrying an injected fault costs no test time, while the pacer, which checks the
    real clock again after every sleep, still keeps the rate limit."""

    def __init__(self, cap: float = 0.05) -> None:
        self.cap = cap
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        time.sleep(min(seconds, self.cap))


def oauth_connection(**overrides: Any) -> ShopConnection:
    values: dict[str, Any] = {
        "name": "webshop",
        "api_url": API,
        "token_url": TOKEN_URL,
        "client_id": CLIENT_ID,
        "client_secret": SECRET,
    }
    values.update(overrides)
    return ShopConnection(**values)


def basic_connection(**overrides: Any) -> ShopConnection:
    values: dict[str, Any] = {
        "name": "oldshop",
        "api_url": LEGACY_HOST,
        "auth": "basic",
        "username": "okos-api",
        "password": PASSWORD,
    }
    values.update(overrides)
    return ShopConnection(**values)


def fake_client(connection: ShopConnection, clock: FakeClock | None = None) -> ShopClient:
    clock = clock or FakeClock()
    return ShopClient(connection, monotonic=clock.monotonic, sleep=clock.sleep)


def fast_client(
    connection: ShopConnection, *, max_attempts: int = 2, timeout_seconds: float = 10
) -> ShopClient:
    """The client of the sync and push tests against a shop without a rate limit: no
    client-side pacing, short timeouts, `max_attempts` attempts, back-off waits of a few ms."""
    fast = replace(
        connection,
        requests_per_second=math.inf,
        timeout_seconds=timeout_seconds,
        max_attempts=max_attempts,
    )
    return ShopClient(fast, sleep=lambda seconds: time.sleep(min(seconds, 0.005)))


def token_answer(token: str = "tok-1", expires_in: Any = 3600) -> dict[str, Any]:
    return {"token_type": "Bearer", "expires_in": expires_in, "access_token": token}


def page_answer(
    items: list[dict[str, Any]],
    page: int,
    page_count: int | None,
    *,
    strings: bool = False,
    next_link: bool | None = None,
    host: str = LEGACY_HOST,
) -> dict[str, Any]:
    """A collection page as ShopRenter answers it; its links name the legacy host, as the
    official examples do."""

    def number(n: int) -> int | str:
        return str(n) if strings else n

    has_next = next_link if next_link is not None else (page_count or 0) > page + 1
    body: dict[str, Any] = {
        "href": f"{host}/orderExtend?page={page}",
        "page": number(page),
        "limit": number(200),
        "first": {"href": f"{host}/orderExtend?page=0"},
        "previous": {"href": f"{host}/orderExtend?page={page - 1}"} if page else None,
        "next": {"href": f"{host}/orderExtend?page={page + 1}"} if has_next else None,
        "items": items,
    }
    if page_count is not None:
        body["pageCount"] = number(page_count)
    return body


def orders(first: int, count: int) -> list[dict[str, Any]]:
    return [{"id": f"order-{n}", "innerId": str(n)} for n in range(first, first + count)]


def error_answer(status: int, inner_code: int, message: str) -> dict[str, Any]:
    return {"error": status, "innerCode": inner_code, "message": message}


def shop_settings(**overrides: Any) -> FakeShopSettings:
    """The emulated shop with ShopRenter's limit on, fixed sample data."""
    values: dict[str, Any] = {"rate_limit_per_second": 3, "seed_now": SEED_NOW, "seed_orders": 450}
    values.update(overrides)
    return FakeShopSettings(**values)


def shop_connection(shop: FakeShop, **overrides: Any) -> ShopConnection:
    values: dict[str, Any] = {
        "name": "fakeshop",
        "api_url": shop.api_url,
        "token_url": shop.token_url,
        "client_id": shop.settings.client_id,
        "client_secret": shop.settings.client_secret,
        "timeout_seconds": 5.0,
    }
    values.update(overrides)
    return ShopConnection(**values)


def api_requests(shop: FakeShop) -> list[Any]:
    """The requests the emulated shop received, its token endpoint's left out."""
    return [r for r in shop.requests if not r.path.startswith("/oauth/")]


def free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def max_in_window(stamps: list[float], window: float = 1.0) -> int:
    """The most stamps in any half-open window of `window` seconds, as a sliding-window
    limiter counts them."""
    ordered = sorted(stamps)
    best = 0
    start = 0
    for end, stamp in enumerate(ordered):
        while ordered[start] <= stamp - window:
            start += 1
        best = max(best, end - start + 1)
    return best


def assert_no_secret(*texts: object) -> None:
    for text in texts:
        for secret in (SECRET, PASSWORD, "demo-secret", "demo-pass"):
            assert secret not in str(text), f"a secret leaked into: {text!r}"
