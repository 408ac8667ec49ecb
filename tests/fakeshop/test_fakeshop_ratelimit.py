"""The 3 requests/second limit: 429 with Retry-After past it, fine again a second later."""

from __future__ import annotations

import time

import pytest

from okos_tui.fakeshop import FakeShop
from okos_tui.fakeshop.ratelimit import SlidingWindowLimiter

from .helpers import api_client, bearer_token, settings


def test_the_fourth_request_within_a_second_gets_429() -> None:
    with FakeShop(settings(rate_limit_per_second=3)) as shop, api_client(shop) as client:
        client.headers["Authorization"] = f"Bearer {bearer_token(shop, client)}"  # not counted
        started = time.monotonic()
        statuses = [client.get("orderStatuses").status_code for _ in range(4)]
        elapsed = time.monotonic() - started
        assert elapsed < 0.9, "the test machine was too slow to hit the limit"
        assert statuses == [200, 200, 200, 429]
        refused = client.get("orderStatuses")
        assert refused.status_code == 429
        assert refused.headers["Retry-After"] == "1"
        assert refused.json()["error"] == 429
        time.sleep(max(0.0, 1.05 - (time.monotonic() - started)))
        assert client.get("orderStatuses").status_code == 200
        assert [r.status for r in shop.requests[1:]] == [200, 200, 200, 429, 429, 200]


def test_the_limit_is_configurable_and_can_be_off() -> None:
    with FakeShop(settings(rate_limit_per_second=None)) as shop, api_client(shop) as client:
        client.headers["Authorization"] = f"Bearer {bearer_token(shop, client)}"
        assert {client.get("taxClasses").status_code for _ in range(10)} == {200}
    with (
        FakeShop(settings(rate_limit_per_second=1, rate_limit_window_seconds=0.2)) as shop,
        api_client(shop) as client,
    ):
        client.headers["Authorization"] = f"Bearer {bearer_token(shop, client)}"
        assert [client.get("taxClasses").status_code for _ in range(2)] == [200, 429]
        time.sleep(0.25)
        assert client.get("taxClasses").status_code == 200


def test_sliding_window_with_a_fake_clock() -> None:
    now = [100.0]
    limiter = SlidingWindowLimiter(3, 1.0, clock=lambda: now[0])
    assert [limiter.acquire() for _ in range(3)] == [None, None, None]
    assert limiter.acquire() == 1.0
    now[0] = 100.4
    assert limiter.acquire() == pytest.approx(0.6)  # refused ones do not count
    now[0] = 101.0  # the first three leave the window together
    assert limiter.acquire() is None
    now[0] = 101.5
    assert [limiter.acquire(), limiter.acquire()] == [None, None]
    assert limiter.acquire() == pytest.approx(0.5)  # three within (100.5, 101.5]
    limiter.reset()
    assert limiter.acquire() is None
