"""Fixtures of the emulated NAV's tests: a real server on 127.0.0.1 with a hand-moved clock, and
a client that signs its requests with okos_tui.nav.security."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from okos_tui.fakenav import FakeNav, FakeNavSettings, ManualClock, Pace

from .helpers import OTHER_USER, USER, NavClient


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def settings(clock: ManualClock) -> FakeNavSettings:
    """Processed at the 2nd status query; the clock moves only when a test moves it."""
    return FakeNavSettings(
        users=(USER, OTHER_USER),
        pace=Pace(finish_after_queries=2, finish_after_seconds=None),
        clock=clock,
    )


@pytest.fixture
def nav(settings: FakeNavSettings) -> Iterator[FakeNav]:
    with FakeNav(settings) as running:
        yield running


@pytest.fixture
def client(nav: FakeNav, clock: ManualClock) -> Iterator[NavClient]:
    client = NavClient(nav.base_url, USER, clock)
    with client.http:
        yield client
