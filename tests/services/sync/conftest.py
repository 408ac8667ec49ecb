"""Fixtures shared by the sync and push tests (those of tests/conftest.py apply here as well).

The secrets are not autouse: a module asks for the one its okos.toml names with
`pytestmark = pytest.mark.usefixtures(...)`, so modules that test missing or wrong secrets are
left alone. A module whose tests need another emulated shop defines a `shop` of its own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from okos_tui.fakeshop import FakeShop

from . import engine_helpers, push_helpers


@pytest.fixture
def push_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    """The secret of push_helpers' [[shops]] table in its environment variable."""
    monkeypatch.setenv(push_helpers.SECRET_ENV, push_helpers.SECRET)


@pytest.fixture
def webshop_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    """The secret of engine_helpers' [[shops]] table (the emulated shop's demo secret)."""
    monkeypatch.setenv(engine_helpers.SECRET_ENV, "demo-secret")


@pytest.fixture
def shop() -> Iterator[FakeShop]:
    """The emulated shop of the push tests on 127.0.0.1: no orders, a dozen products, no rate
    limit (push_helpers.shop_settings)."""
    with FakeShop(push_helpers.shop_settings()) as running:
        yield running
