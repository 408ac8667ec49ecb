"""The shop client end to end against the emulated shop over 127.0.0.1, with ShopRenter's
3 requests/second limit on: paging, every injected fault, credentials, pacing."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator

import pytest

from okos_tui.fakeshop import FakeShop
from okos_tui.shop.client import (
    ShopAuthError,
    ShopClient,
    ShopConnection,
    ShopUnreachable,
)
from tests.shop.client_helpers import (
    CappedSleep,
    FakeClock,
    api_requests,
    assert_no_secret,
    free_port,
    max_in_window,
    shop_connection,
    shop_settings,
)

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def shop() -> Iterator[FakeShop]:
    """250 orders: the token and two pages of 200 and 50."""
    with FakeShop(shop_settings(seed_orders=250)) as running:
        yield running


@pytest.fixture
def small_shop() -> Iterator[FakeShop]:
    with FakeShop(shop_settings(seed_orders=10)) as running:
        yield running


def assert_paced(shop: FakeShop) -> None:
    """The shop's own limiter refused nothing, and what it saw never exceeded 3 a second."""
    stamps = [r.timestamp for r in shop.requests if r.status != 429]
    assert max_in_window(stamps) <= 3


def download(client: ShopClient, on_first: Callable[[], None] | None = None) -> list[dict]:
    """Every order, full=1; `on_first` runs after the first order arrived (mid-download)."""
    got: list[dict] = []
    for order in client.iter_pages("orderExtend"):
        got.append(order)
        if len(got) == 1 and on_first is not None:
            on_first()
    return got


def assert_complete(shop: FakeShop, got: list[dict]) -> None:
    assert [int(o["innerId"]) for o in got] == shop.order_ids
    for order in got[::37]:
        assert order == shop.order(int(order["innerId"]))


def test_pages_through_every_order(shop: FakeShop) -> None:
    with ShopClient(shop_connection(shop)) as client:
        got = download(client)
        stats = client.stats
    assert_complete(shop, got)
    assert len(got) == 250
    assert stats.requests_sent == 3 and stats.token_requests == 1  # token + 2 pages of 200
    assert stats.by_status == {200: 3} and stats.retries == 0
    pages = api_requests(shop)
    assert [r.query for r in pages] == [
        {"full": "1", "limit": "200", "page": str(n)} for n in range(2)
    ]
    assert {r.auth for r in pages} == {"bearer"}


def test_retry_after_is_waited_out_mid_download(shop: FakeShop) -> None:
    def inject() -> None:
        shop.faults.fail_next(503, count=2, retry_after=1, path="orderExtend")

    with ShopClient(shop_connection(shop)) as client:
        got = download(client, on_first=inject)
        stats = client.stats
    assert_complete(shop, got)
    assert stats.retries == 2 and stats.server_errors == 2 and stats.backoff_seconds >= 2.0
    page_one = [r for r in api_requests(shop) if r.query.get("page") == "1"]
    assert [r.status for r in page_one] == [503, 503, 200]
    gaps = [b.timestamp - a.timestamp for a, b in itertools.pairwise(page_one)]
    assert min(gaps) >= 0.95  # Retry-After: 1, as the shop saw it
    assert_paced(shop)


def test_every_fault_on_the_way_is_survived_and_the_data_is_complete(shop: FakeShop) -> None:
    """Pages of 50: each page after the first meets other faults on its way, with latency on
    every request. Backoff sleeps are cut short (the injected faults do not care), pacing is
    real, so the shop's own limiter must refuse nothing."""
    shop.faults.latency_seconds = 0.05
    faults = shop.faults
    on_page = {
        1: lambda: faults.fail_next(429, count=1, path="orderExtend"),
        2: lambda: (
            faults.fail_next(504, count=1, path="orderExtend"),
            faults.malformed_json_next(1, path="orderExtend"),
        ),
        3: lambda: faults.drop_connection_next(2, path="orderExtend"),
        4: lambda: (faults.expire_tokens_now(), faults.drop_connection_next(1, path="/oauth/")),
    }
    sleep = CappedSleep()
    got: list[dict] = []
    with ShopClient(shop_connection(shop), sleep=sleep) as client:
        for order in client.iter_pages("orderExtend", {"limit": 50}):
            got.append(order)
            if len(got) % 50 == 1:  # the first order of a page: the next page meets a fault
                on_page.get(len(got) // 50 + 1, lambda: None)()
        stats = client.stats
    assert_complete(shop, got)
    assert faults.pending == 0
    statuses: dict[str, list[int | None]] = {}
    for request in shop.requests:
        key = "token" if request.path.startswith("/oauth/") else request.query["page"]
        statuses.setdefault(key, []).append(request.status)
    assert statuses == {
        "token": [200, None, 200],
        "0": [200],
        "1": [429, 200],
        "2": [504, 200, 200],  # the second 200 is the one cut off mid-JSON
        "3": [None, None, 200],
        "4": [401, 200],
    }
    assert stats.throttled == 1 and stats.server_errors == 1 and stats.bad_bodies == 1
    assert stats.transport_errors == 3 and stats.reauthentications == 1
    assert stats.retries == 6 and stats.token_requests == 3 and stats.requests_sent == 14
    assert_paced(shop)


def test_timeouts_are_retried_a_bounded_number_of_times(small_shop: FakeShop) -> None:
    connection = shop_connection(small_shop, timeout_seconds=0.2, max_attempts=2)
    with ShopClient(connection, sleep=CappedSleep()) as client:
        client.get("orderStatuses")  # the token first
        small_shop.faults.latency_seconds = 0.4
        started = time.monotonic()
        with pytest.raises(ShopUnreachable) as caught:
            client.get("orderStatuses")
        assert time.monotonic() - started < 3
        assert "timed out" in str(caught.value) and caught.value.attempts == 2
        small_shop.faults.latency_seconds = 0.0
        assert client.get("orderStatuses")["items"]
        assert client.stats.throttled == 0
    # the shop answered the timed-out requests later, and counted them: still no 429
    deadline = time.monotonic() + 5
    while len(small_shop.requests) < 5 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert [r.status for r in small_shop.requests] == [200] * 5


def test_wrong_credentials_are_an_auth_error(shop: FakeShop) -> None:
    connection = shop_connection(shop, client_secret="not-the-secret")
    with ShopClient(connection) as client, pytest.raises(ShopAuthError) as caught:
        client.get("orderExtend")
    message = str(caught.value)
    assert "fakeshop" in message and "client_id" in message
    assert "not-the-secret" not in message and "not-the-secret" not in repr(connection)
    assert [r.status for r in shop.requests] == [401]


def test_a_wrong_shop_in_the_token_url_is_an_auth_error(shop: FakeShop) -> None:
    connection = shop_connection(shop, token_url=shop.token_url.replace("/demo/", "/other/"))
    with ShopClient(connection) as client, pytest.raises(ShopAuthError) as caught:
        client.get("orderExtend")
    assert "token_url" in str(caught.value)
    assert_no_secret(caught.value)


def test_an_unreachable_port_fails_fast() -> None:
    port = free_port()
    connection = ShopConnection(
        name="gone",
        api_url=f"http://127.0.0.1:{port}/api",
        token_url=f"http://127.0.0.1:{port}/oauth/demo/app/token",
        client_id="okos-demo",
        client_secret="demo-secret",
        max_attempts=3,
        timeout_seconds=2,
    )
    clock = FakeClock()
    started = time.monotonic()
    with ShopClient(connection, monotonic=clock.monotonic, sleep=clock.sleep) as client:
        with pytest.raises(ShopUnreachable) as caught:
            client.get("orderExtend")
        assert client.stats.requests_sent == 3 and client.stats.transport_errors == 3
    assert time.monotonic() - started < 1
    assert len(clock.waits) >= 2  # two backoffs, on the fake clock
    message = str(caught.value)
    assert "gone" in message and "ConnectError" in message and str(port) in message
    assert_no_secret(message)


def test_legacy_basic_auth(small_shop: FakeShop) -> None:
    shop = small_shop
    connection = ShopConnection(
        name="legacy",
        api_url=shop.legacy_url,
        auth="basic",
        username=shop.settings.basic_user,
        password=shop.settings.basic_password,
    )
    with ShopClient(connection) as client:
        got = download(client)
        assert client.stats.token_requests == 0
    assert [int(o["innerId"]) for o in got] == shop.order_ids  # (links name the legacy base)
    assert {r.auth for r in shop.requests} == {"basic"}
    assert not any(r.path.startswith("/oauth/") for r in shop.requests)
    wrong = ShopConnection(
        name="legacy", api_url=shop.legacy_url, auth="basic", username="okos", password="nope"
    )
    with ShopClient(wrong) as client, pytest.raises(ShopAuthError) as caught:
        client.get("orderStatuses")
    assert "legacy" in str(caught.value) and "nope" not in str(caught.value)


def test_bearer_tokens_do_not_work_on_the_legacy_base(small_shop: FakeShop) -> None:
    connection = shop_connection(small_shop, api_url=small_shop.legacy_url)
    with ShopClient(connection) as client, pytest.raises(ShopAuthError):
        client.get("orderStatuses")


def test_put_and_batch_change_the_shop(small_shop: FakeShop) -> None:
    shop = small_shop
    first, second = shop.skus[:2]
    product_id = shop.product(first)["id"]
    with ShopClient(shop_connection(shop)) as client:
        client.put(f"products/{product_id}", {"stock1": "12"})
        results = client.batch(
            [
                {"method": "PUT", "uri": f"productExtend?sku={second}", "data": {"stock1": "7"}},
                {"method": "PUT", "uri": "productExtend?sku=NO-SUCH-SKU", "data": {"stock1": "1"}},
                {"method": "PUT", "uri": f"products/{product_id}", "data": {"price": "2760"}},
            ]
        )
    assert [(r.status, r.ok) for r in results] == [(200, True), (404, False), (200, True)]
    assert results[1].inner_code == 40401
    assert str(shop.product(first)["stock1"]).startswith("12")
    assert str(shop.product(second)["stock1"]).startswith("7")
    assert str(shop.product(first)["price"]).startswith("2760")


def test_fifteen_requests_at_the_limit_take_five_seconds_and_draw_no_429(
    small_shop: FakeShop,
) -> None:
    with ShopClient(shop_connection(small_shop)) as client:
        client.get("orderStatuses")  # the token and one request before the clock starts
        started = time.monotonic()
        for _ in range(15):
            client.get("orderStatuses")
        elapsed = time.monotonic() - started
        stats = client.stats
    ideal = 15 / 3
    print(
        f"\n15 paced requests: {elapsed:.2f} s (ideal {ideal:.2f} s, ratio {elapsed / ideal:.3f})"
    )
    assert stats.requests_sent == 17 and stats.throttled == 0 and stats.retries == 0
    assert all(r.status == 200 for r in small_shop.requests)
    assert max_in_window([r.timestamp for r in small_shop.requests]) <= 3
    assert ideal - 0.3 <= elapsed < 1.2 * ideal + 0.5


def test_short_lived_tokens_are_renewed_before_they_run_out() -> None:
    settings = shop_settings(seed_orders=10, token_lifetime_seconds=1.0)
    with FakeShop(settings) as shop, ShopClient(shop_connection(shop)) as client:
        for _ in range(3):
            client.get("orderStatuses")
        stats = client.stats
        statuses = [r.status for r in shop.requests]
    assert stats.token_requests >= 2 and stats.reauthentications == 0
    assert set(statuses) == {200}  # never a 401
