"""Pacing: at most 3 requests in any second, evenly spread, proven against answer times; on a
fake clock (no real waiting) and, briefly, with real threads."""

from __future__ import annotations

import itertools
import math
import threading
import time

import httpx
import pytest
from pytest_httpx import HTTPXMock

from okos_tui.shop.client import ShopClient
from okos_tui.shop.pacing import Pacer
from tests.shop.client_helpers import (
    API,
    TOKEN_URL,
    FakeClock,
    basic_connection,
    max_in_window,
    oauth_connection,
    token_answer,
)

STATUSES = f"{API}/orderStatuses"


def run_requests(pacer: Pacer, clock: FakeClock, count: int, answer_seconds: float) -> list:
    """(start, end) of `count` requests one after another, each answered after a while."""
    spans = []
    for _ in range(count):
        slot = pacer.acquire()
        start = clock.now
        clock.advance(answer_seconds)
        pacer.release(slot)
        spans.append((start, clock.now))
    return spans


def assert_window_rule(spans: list, capacity: int = 3, window: float = 1.0) -> None:
    """Wherever the server stamps a request between its start and its answer, no window of
    `window` seconds holds more than `capacity` of them: the start of request k+capacity
    lies more than a window after the end of request k."""
    for earlier, later in zip(spans, spans[capacity:], strict=False):
        assert later[0] - earlier[1] >= window, (earlier, later)


@pytest.mark.parametrize("answer_seconds", [0.0, 0.01, 0.1, 0.4, 1.5])
def test_requests_are_spread_and_never_more_than_three_a_second(answer_seconds: float) -> None:
    clock = FakeClock()
    pacer = Pacer(3, monotonic=clock.monotonic, sleep=clock.sleep)
    spans = run_requests(pacer, clock, 30, answer_seconds)
    starts = [start for start, _ in spans]
    assert all(b - a >= 1 / 3 - 1e-9 for a, b in itertools.pairwise(starts))
    assert_window_rule(spans)
    assert max_in_window(starts) <= 3 and max_in_window([end for _, end in spans]) <= 3
    # the cost of the proof: about one answer time per three requests, above the ideal
    ideal = 29 / 3
    natural = 29 * max(1 / 3, answer_seconds)
    allowed = max(ideal, natural) + (29 / 3) * (answer_seconds + pacer.margin_seconds) + 0.01
    assert max(ideal, natural) - 1e-6 <= starts[-1] - starts[0] <= allowed


def test_pacing_at_loopback_speed_is_within_a_few_percent_of_the_ideal() -> None:
    clock = FakeClock()
    pacer = Pacer(3, monotonic=clock.monotonic, sleep=clock.sleep)
    spans = run_requests(pacer, clock, 16, 0.005)
    elapsed = spans[-1][1] - spans[0][0]
    assert 15 / 3 <= elapsed <= 15 / 3 * 1.05


def test_through_the_client_on_a_fake_clock(httpx_mock: HTTPXMock) -> None:
    """Every HTTP request counts, the token request too."""
    clock = FakeClock()
    spans: list[tuple[float, float]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        start = clock.now
        clock.advance(0.05)  # the shop takes a while
        spans.append((start, clock.now))
        if request.url.path.endswith("/token"):
            return httpx.Response(200, json=token_answer())
        return httpx.Response(200, json={"items": []})

    httpx_mock.add_callback(answer, is_reusable=True)
    with ShopClient(oauth_connection(), monotonic=clock.monotonic, sleep=clock.sleep) as client:
        for _ in range(11):
            client.get("orderStatuses")
        assert client.stats.requests_sent == 12 and client.stats.token_requests == 1
        assert client.stats.paced_seconds > 3
    assert_window_rule(spans)
    elapsed = spans[-1][1] - spans[0][0]
    assert 11 / 3 <= elapsed <= 1.2 * 11 / 3


def test_a_429_holds_every_request_back(httpx_mock: HTTPXMock) -> None:
    clock = FakeClock()
    starts: list[float] = []

    def answer(request: httpx.Request) -> httpx.Response:
        starts.append(clock.now)
        if len(starts) == 1:
            return httpx.Response(429, headers={"Retry-After": "4"})
        return httpx.Response(200, json={})

    httpx_mock.add_callback(answer, is_reusable=True)
    connection = basic_connection(api_url=API)
    with ShopClient(connection, monotonic=clock.monotonic, sleep=clock.sleep) as client:
        client.get("orderStatuses")
        assert client.stats.throttled == 1
    assert starts[1] - starts[0] >= 4


def test_hold_and_expected_wait() -> None:
    clock = FakeClock()
    pacer = Pacer(3, monotonic=clock.monotonic, sleep=clock.sleep)
    assert pacer.expected_wait() == 0
    pacer.release(pacer.acquire())
    assert pacer.expected_wait() == pytest.approx(1 / 3)
    pacer.hold(2.5)
    assert pacer.expected_wait() == pytest.approx(2.5)
    before = clock.now
    pacer.acquire()
    assert clock.now - before == pytest.approx(2.5)


def test_a_timed_out_request_is_held_as_if_it_ended_later() -> None:
    clock = FakeClock()
    pacer = Pacer(3, monotonic=clock.monotonic, sleep=clock.sleep)
    first = pacer.acquire()
    pacer.release(first, late_seconds=5)
    for _ in range(2):
        pacer.release(pacer.acquire())
    pacer.acquire()
    assert clock.now - first.started >= 6  # 5 s late + the 1 s window


def test_rates_other_than_three() -> None:
    clock = FakeClock()
    slow = Pacer(0.5, monotonic=clock.monotonic, sleep=clock.sleep)
    assert slow.capacity == 1 and slow.interval == 2
    spans = run_requests(slow, clock, 4, 0.0)
    assert [round(b[0] - a[0], 6) for a, b in itertools.pairwise(spans)] == [2, 2, 2]
    unlimited = Pacer(math.inf, monotonic=clock.monotonic, sleep=clock.sleep)
    clock.waits.clear()
    run_requests(unlimited, clock, 50, 0.0)
    assert clock.waits == []
    with pytest.raises(ValueError):
        Pacer(0)


def test_threads_sharing_a_pacer_keep_the_rule() -> None:
    """Real time, scaled down so that it stays short: 3 in any 0.1 s, 30 a second."""
    pacer = Pacer(30, window_seconds=0.1, margin_seconds=0.005)
    assert pacer.capacity == 3
    spans: list[tuple[float, float]] = []
    lock = threading.Lock()

    def work() -> None:
        for _ in range(5):
            slot = pacer.acquire()
            start = time.monotonic()
            time.sleep(0.01)
            end = time.monotonic()
            pacer.release(slot)
            with lock:
                spans.append((start, end))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    spans.sort()
    assert len(spans) == 20
    starts = [start for start, _ in spans]
    assert all(b - a >= 1 / 30 - 0.002 for a, b in itertools.pairwise(starts))
    assert_window_rule(spans, capacity=3, window=0.1)


def test_a_token_is_not_sent_after_it_ran_out_while_waiting(httpx_mock: HTTPXMock) -> None:
    """expires_in 10 s (renewed after 9 s), one request every 2 s: the request whose turn
    comes after 9 s gets a new token, even when the wait was not foreseen."""

    class Unforeseeing(Pacer):
        def expected_wait(self) -> float:
            return 0.0

    clock = FakeClock()
    sent: list[tuple[float, str]] = []
    tokens = itertools.count(1)

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/token"):
            return httpx.Response(200, json=token_answer(f"tok-{next(tokens)}", 10))
        sent.append((clock.now, request.headers["Authorization"]))
        return httpx.Response(200, json={})

    httpx_mock.add_callback(answer, is_reusable=True)
    for pacer in (None, Unforeseeing(0.5, monotonic=clock.monotonic, sleep=clock.sleep)):
        sent.clear()
        start = clock.now = clock.now + 100
        connection = oauth_connection(requests_per_second=0.5)
        with ShopClient(
            connection, monotonic=clock.monotonic, sleep=clock.sleep, pacer=pacer
        ) as client:
            for _ in range(5):
                client.get("orderStatuses")
            assert client.stats.token_requests == 2
        first_token = sent[0][1]
        assert all(at - start < 9 for at, token in sent if token == first_token), sent
        assert sent[-1][1] != first_token
    assert len(httpx_mock.get_requests(url=TOKEN_URL)) == 4


def test_no_pacing_wait_is_recorded_for_a_single_request(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=STATUSES, json={})
    clock = FakeClock()
    with ShopClient(
        basic_connection(api_url=API), monotonic=clock.monotonic, sleep=clock.sleep
    ) as c:
        c.get("orderStatuses")
        assert c.stats.paced_seconds == 0
    assert clock.waits == []
