"""Helpers shared by the emulated shop's tests."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

from okos_tui.fakeshop import FakeShop, FakeShopSettings

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
FIXTURES = SHARED / "shoprenter-api" / "fixtures"
SEED_NOW = datetime(2025, 3, 1, 12, 0, 0)


def settings(**overrides: Any) -> FakeShopSettings:
    """Test settings: no rate limit unless a test asks for one, fixed sample-data clock."""
    values: dict[str, Any] = {"rate_limit_per_second": None, "seed_now": SEED_NOW}
    values.update(overrides)
    return FakeShopSettings(**values)


def bearer_token(shop: FakeShop, http: httpx.Client | None = None) -> str:
    post = http.post if http is not None else httpx.post
    response = post(
        shop.token_url,
        json={
            "grant_type": "client_credentials",
            "client_id": shop.settings.client_id,
            "client_secret": shop.settings.client_secret,
        },
    )
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def api_client(shop: FakeShop, token: str | None = None) -> httpx.Client:
    headers = {"Accept": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    # verify=False: plain HTTP only, and it spares loading the CA bundle for every client
    return httpx.Client(base_url=shop.api_url + "/", headers=headers, timeout=5, verify=False)


def all_orders(client: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    """Every order matching `params`, following the `next` links page by page."""
    response = client.get("orderExtend", params={"full": 1, "limit": 200, **params})
    orders = []
    while True:
        assert response.status_code == 200, response.text
        body = response.json()
        orders += body["items"]
        if body["next"] is None:
            return orders
        response = client.get(body["next"]["href"])


def money(value: str) -> Decimal:
    return Decimal(value)
