"""SyncService: the timed sync in a worker thread (`schedule`), "sync now", listeners, a shop
that cannot be reached, and a stop that is quick even mid-back-off or mid-backlog."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from okos_tui.config import Config
from okos_tui.core import clock
from okos_tui.core.notices import load_notices, render_all
from okos_tui.db import SyncLog
from okos_tui.fakeshop import FakeShop
from okos_tui.services.sync import engine, order_import
from okos_tui.services.sync.engine import ShopSync
from okos_tui.services.sync.events import OrdersImported, SyncFinished, SyncStarted
from okos_tui.services.sync.service import SyncService
from okos_tui.shop.client import ShopClient, ShopConnection
from tests.shop.client_helpers import free_port

from .engine_helpers import (
    SHOP,
    assert_exactly_once,
    count_orders,
    expected_ids,
    open_config,
    read_rows,
    shop_config,
    wait_for,
)
from .import_helpers import shop_settings

pytestmark = [pytest.mark.timeout(60), pytest.mark.usefixtures("webshop_secret")]

WORKER = "okos-sync"


@pytest.fixture
def shop() -> Iterator[FakeShop]:
    with FakeShop(shop_settings(seed_orders=12)) as running:
        yield running


class Recorder:
    """Events with the thread each came on."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seen: list[tuple[Any, str]] = []

    def __call__(self, event: Any) -> None:
        with self.lock:
            self.seen.append((event, threading.current_thread().name))

    @property
    def events(self) -> list[Any]:
        with self.lock:
            return [event for event, _ in self.seen]

    def count(self, kind: type) -> int:
        return sum(isinstance(e, kind) for e in self.events)

    def of(self, kind: type) -> list[Any]:
        return [e for e in self.events if isinstance(e, kind)]


def worker_alive() -> bool:
    return any(t.name == WORKER and t.is_alive() for t in threading.enumerate())


@pytest.fixture
def running() -> Iterator[list[SyncService]]:
    """Services a test started are stopped even when it fails."""
    services: list[SyncService] = []
    yield services
    for service in services:
        service.stop(timeout=5)


def start(
    services: list[SyncService], config: Config, recorder: Recorder | None = None, **kw: Any
) -> SyncService:
    service = SyncService(config, **kw)
    if recorder is not None:
        service.subscribe(recorder)
    services.append(service)
    service.start()
    return service


def test_the_timed_sync_brings_in_orders_as_the_shop_takes_them(
    tmp_path: Path, shop: FakeShop, running: list[SyncService]
) -> None:
    config = open_config(shop_config(tmp_path, shop, sync_seconds=1))
    db_file = tmp_path / "okos.db"
    recorder = Recorder()
    service = start(running, config, recorder)
    first = len(expected_ids(shop))
    wait_for(lambda: count_orders(db_file) == first, 10, what="the first sync")
    for batch in (2, 3):
        shop.generate_orders(batch)
        total = len(expected_ids(shop))
        wait_for(lambda: count_orders(db_file) == total, 5, what=f"{total} orders")  # noqa: B023
    (status,) = service.status()
    service.stop()
    assert not worker_alive()
    assert recorder.count(SyncStarted) >= 3
    assert status.shop == SHOP and status.last_error is None and status.last_imported >= 0
    assert status.last_run is not None and status.next_run is not None
    assert status.next_run - clock.now() < timedelta(seconds=2)
    assert_exactly_once(db_file, shop)
    rows = read_rows(db_file, "SELECT status, errors FROM sync_log ORDER BY id")
    assert {status for status, _ in rows[:-1]} == {"ok"}
    last_status, last_errors = rows[-1]  # the stop may cut the last one
    assert last_status == "ok" or "megszakadt" in render_all(load_notices(last_errors))


def test_sync_now_during_a_running_sync_collapses_into_one_more_run(
    tmp_path: Path, shop: FakeShop, running: list[SyncService]
) -> None:
    shop.faults.latency_seconds = 0.25  # a cycle of about a second
    config = open_config(shop_config(tmp_path, shop, sync_seconds=300))
    recorder = Recorder()
    service = start(running, config, recorder)  # start() asks for a first run
    wait_for(lambda: recorder.count(SyncStarted) == 1, 5, what="the first run")
    for _ in range(4):
        service.sync_now()
        service.sync_now(SHOP)
    wait_for(lambda: recorder.count(SyncFinished) == 2, 10, what="the second run")
    time.sleep(0.8)  # a third run would have started by now
    assert recorder.count(SyncStarted) == 2
    assert [r.ok for r in (e.result for e in recorder.of(SyncFinished))] == [True, True]
    shop.faults.latency_seconds = 0
    asked = time.monotonic()
    service.sync_now(SHOP)  # idle: wakes the worker at once, not at its next poll
    wait_for(lambda: recorder.count(SyncStarted) == 3, 5, interval=0.005, what="a third run")
    assert time.monotonic() - asked < 0.5


def test_listeners_hear_every_step_on_the_worker_thread_and_a_bad_one_harms_nothing(
    tmp_path: Path,
    shop: FakeShop,
    running: list[SyncService],
    caplog: pytest.LogCaptureFixture,
) -> None:
    config = open_config(shop_config(tmp_path, shop))
    db_file = tmp_path / "okos.db"

    def broken(event: Any) -> None:
        raise ValueError("listener bug")

    recorder, leaving = Recorder(), Recorder()
    service = SyncService(config)
    running.append(service)
    service.subscribe(broken)  # first in line: the others must still hear everything
    service.subscribe(recorder)
    unsubscribe = service.subscribe(leaving)
    with caplog.at_level(logging.ERROR, logger="okos_tui.services.sync.service"):
        service.start()
        wait_for(lambda: recorder.count(SyncFinished) == 1, 10, what="the first run")
        unsubscribe()
        service.sync_now()
        wait_for(lambda: recorder.count(SyncFinished) == 2, 10, what="the second run")
    assert [type(e) for e in recorder.events] == [
        SyncStarted,
        OrdersImported,
        SyncFinished,
        SyncStarted,
        SyncFinished,
    ]
    threads = {name for _, name in recorder.seen}
    assert threads == {WORKER} and threading.current_thread().name != WORKER
    assert [type(e) for e in leaving.events] == [SyncStarted, OrdersImported, SyncFinished]
    first = recorder.of(SyncFinished)[0].result
    assert first.ok and len(first.imported) == len(expected_ids(shop))
    assert_exactly_once(db_file, shop)
    failures = [r for r in caplog.records if "listener failed" in r.getMessage()]
    assert len(failures) == 5 and all(r.exc_info for r in failures)


def test_a_shop_that_cannot_be_reached_is_reported_and_the_loop_goes_on(
    tmp_path: Path, running: list[SyncService]
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    config = open_config(
        shop_config(
            tmp_path,
            api_url=f"{base}/api",
            token_url=f"{base}/oauth/demo/app/token",
            sync_seconds=1,
        )
    )
    db_file = tmp_path / "okos.db"

    def one_attempt(connection: ShopConnection) -> ShopClient:
        return ShopClient(replace(connection, max_attempts=1))

    recorder = Recorder()
    service = start(running, config, recorder, client_factory=one_attempt)
    wait_for(lambda: recorder.count(SyncFinished) >= 2, 6, what="two failed runs")
    (status,) = service.status()
    assert status.last_error is not None and "nem érhető el" in str(status.last_error)
    assert str(port) in str(status.last_error) and not status.running
    rows = read_rows(db_file, "SELECT status, errors FROM sync_log ORDER BY id")
    errors = [(s, render_all(load_notices(e))) for s, e in rows[:2]]
    assert len(rows) >= 2 and all(s == "failed" and "nem érhető el" in e for s, e in errors)
    with FakeShop(shop_settings(seed_orders=12)).start(port=port) as shop:  # the shop is back
        wait_for(lambda: count_orders(db_file) == len(expected_ids(shop)), 6, what="recovery")
        wait_for(lambda: service.status()[0].last_error is None, 3, what="the error cleared")
        service.stop()
        assert_exactly_once(db_file, shop)
    assert not worker_alive()


def test_stop_is_quick_while_the_client_backs_off(
    tmp_path: Path, shop: FakeShop, running: list[SyncService]
) -> None:
    """The service gives its clients a sleep that ends the cycle when it stops: no retries
    after the stop, no busy wait, the thread joined."""
    shop.faults.fail_next(503, count=100, retry_after=30, path="orderExtend")
    config = open_config(shop_config(tmp_path, shop, sync_seconds=1))
    db_file = tmp_path / "okos.db"
    recorder = Recorder()
    service = start(running, config, recorder)  # the default client factory
    wait_for(lambda: any(r.status == 503 for r in shop.requests), 5, what="the first 503")
    time.sleep(0.2)  # well inside the 30 s back-off
    requests_before = len(shop.requests)
    cpu = time.process_time()
    began = time.monotonic()
    service.stop()
    took = time.monotonic() - began
    assert took < 2.0, f"stop took {took:.2f} s"
    assert time.process_time() - cpu < 1.0  # no spinning on a wait that returns at once
    assert not worker_alive()
    time.sleep(0.3)
    assert len(shop.requests) == requests_before  # no retry after the stop
    (status,) = service.status()
    assert status.last_error is not None and "megszakadt" in str(status.last_error)
    assert recorder.count(SyncStarted) == recorder.count(SyncFinished) == 1
    (row,) = read_rows(db_file, "SELECT status, errors FROM sync_log")
    assert row[0] == "failed" and "megszakadt" in render_all(load_notices(row[1]))


def test_stop_is_quick_in_the_middle_of_a_backlog_and_keeps_what_came_in(
    tmp_path: Path, shop: FakeShop, running: list[SyncService], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "PAGE_LIMIT", 4)
    real = order_import.OrderImporter.import_order

    def slow(self: order_import.OrderImporter, order: Any) -> Any:
        time.sleep(0.1)  # 11 orders: about 1.1 s of work
        return real(self, order)

    monkeypatch.setattr(order_import.OrderImporter, "import_order", slow)
    config = open_config(shop_config(tmp_path, shop))
    db_file = tmp_path / "okos.db"
    recorder = Recorder()
    service = start(running, config, recorder)
    wait_for(lambda: recorder.count(OrdersImported) == 1, 10, what="the first page")
    began = time.monotonic()
    service.stop()
    took = time.monotonic() - began
    assert took < 0.5, f"stop took {took:.2f} s"
    assert not worker_alive()
    kept = count_orders(db_file)
    assert 4 <= kept < len(expected_ids(shop))
    monkeypatch.setattr(order_import.OrderImporter, "import_order", real)
    rest = ShopSync(config, config.shops[0])
    try:
        result = rest.run()
    finally:
        rest.close()
    assert result is not None and result.ok
    assert len(result.imported) == len(expected_ids(shop)) - kept
    assert_exactly_once(db_file, shop)
    (first, second) = [r[0] for r in read_rows(db_file, "SELECT status FROM sync_log ORDER BY id")]
    assert (first, second) == ("failed", "ok")


def test_no_job_runs_after_stop(tmp_path: Path, shop: FakeShop) -> None:
    config = open_config(shop_config(tmp_path, shop, sync_seconds=1))
    service = SyncService(config)
    service.stop()
    assert service.run_once() == []
    assert SyncLog.select().count() == 0
