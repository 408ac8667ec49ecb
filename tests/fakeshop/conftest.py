"""Fixtures for the emulated shop's own tests: a real server on 127.0.0.1 and httpx clients."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from okos_tui.fakeshop import FakeShop

from .helpers import FIXTURES, api_client, bearer_token, settings


@pytest.fixture
def shop() -> Iterator[FakeShop]:
    with FakeShop(settings()) as running:
        yield running


@pytest.fixture
def client(shop: FakeShop) -> Iterator[httpx.Client]:
    with api_client(shop) as http:
        http.headers["Authorization"] = f"Bearer {bearer_token(shop, http)}"
        yield http


@pytest.fixture
def fixtures_dir() -> Path:
    assert FIXTURES.is_dir(), f"the shared ShopRenter fixtures are not at {FIXTURES}"
    return FIXTURES
