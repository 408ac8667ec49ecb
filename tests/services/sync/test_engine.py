"""ShopSync against the emulated shop over 127.0.0.1: every order exactly once, one sync per shop
at a time (threads and the database lease), cancelled orders, stopping, and a sync log that
tells the truth."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from peewee import OperationalError

from okos_tui.config import Config
from okos_tui.core import clock
from okos_tui.core.notices import load_notices, render_all
from okos_tui.db import SalesOrder, ShopState, SkippedShopOrder, SyncLog
from okos_tui.fakeshop import STORNO_STATUS_ID, FakeShop
from okos_tui.services.sync import engine, lease, order_import
from okos_tui.services.sync.engine import ShopSync
from okos_tui.services.sync.events import OrdersImported, SyncBusy, SyncFinished, SyncStarted
from tests.shop.client_helpers import api_requests, fast_client

from .engine_helpers import (
    SHOP,
    assert_exactly_once,
    expected_ids,
    open_config,
    read_orders,
    shop_config,
)
from .import_helpers import shop_settings

pytestmark = [pytest.mark.timeout(60), pytest.mark.usefixtures("webshop_secret")]


@pytest.fixture
def shop() -> Iterator[FakeShop]:
    """25 sample orders, one of them an abandoned cart and at least one cancelled; no rate
    limit (these tests are about the engine, not the pacing)."""
    with FakeShop(shop_settings(seed_orders=25)) as running:
        yield running


@pytest.fixture
def config(tmp_path: Path, shop: FakeShop) -> Config:
    return open_config(shop_config(tmp_path, shop))


@pytest.fixture
def db_file(tmp_path: Path, config: Config) -> Path:
    return tmp_path / "okos.db"


class Recorder:
    def __init__(self) -> None:
        self.events: list[Any] = []
        self.lock = threading.Lock()

    def __call__(self, event: Any) -> None:
        with self.lock:
            self.events.append(event)

    def of(self, kind: type) -> list[Any]:
        with self.lock:
            return [e for e in self.events if isinstance(e, kind)]


def make_sync(config: Config, **kwargs: Any) -> ShopSync:
    return ShopSync(config, config.shops[0], client_factory=fast_client, **kwargs)


def test_first_sync_takes_every_order_once_and_the_next_sync_nothing(
    shop: FakeShop, config: Config, db_file: Path
) -> None:
    expected = expected_ids(shop)
    with shop.state.lock:
        statuses = {order.status_id for order in shop.state.orders.values()}
    assert None in statuses and STORNO_STATUS_ID in statuses  # the data has both to leave out
    events = Recorder()
    sync = make_sync(config, listener=events)
    try:
        first = sync.run()
        second = sync.run()
    finally:
        sync.close()
    assert first is not None and first.ok, first
    assert len(first.imported) == len(expected) == len(set(first.imported))
    assert first.requests == 3  # token, one page, the change scan
    assert_exactly_once(db_file, shop)
    assert second is not None and second.ok
    assert second.imported == [] and second.requests == 2  # token cached
    # the change scan meets the newest orders again unchanged: not "already imported" noise
    assert first.already_imported == second.already_imported == 0
    assert [type(e) for e in events.events] == [
        SyncStarted,
        OrdersImported,
        SyncFinished,
        SyncStarted,
        SyncFinished,
    ]
    assert set(events.of(OrdersImported)[0].numbers) == set(first.imported)
    log = list(SyncLog.select().order_by(SyncLog.id))
    assert [(r.status, r.orders_imported, r.errors) for r in log] == [
        ("ok", len(expected), ""),
        ("ok", 0, ""),
    ]
    state = ShopState.get(ShopState.shop == SHOP)
    assert state.lease_owner == "" and state.last_success_at is not None


def test_orders_arriving_later_are_numbered_on(
    shop: FakeShop, config: Config, db_file: Path
) -> None:
    sync = make_sync(config)
    try:
        sync.run()
        shop.generate_orders(3)
        result = sync.run()
    finally:
        sync.close()
    assert result is not None and len(result.imported) == 3
    assert_exactly_once(db_file, shop)


def test_page_after_page_each_checkpoint_tells_the_listener(
    shop: FakeShop, config: Config, db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "PAGE_LIMIT", 10)
    events = Recorder()
    sync = make_sync(config, listener=events)
    try:
        result = sync.run()
    finally:
        sync.close()
    assert result is not None and result.ok
    total = len(expected_ids(shop))
    batches = [len(e.numbers) for e in events.of(OrdersImported)]
    assert sum(batches) == total and batches[:-1] == [10] * (len(batches) - 1)
    assert_exactly_once(db_file, shop)
    orders = [r for r in api_requests(shop) if "orderExtend" in r.path]
    downloads = [r for r in orders if "innerIdMin" in r.query]
    assert len(downloads) == -(-total // 10)  # no extra request after the last page


def test_an_order_cancelled_before_it_was_ever_downloaded_is_not_imported(
    shop: FakeShop, config: Config, db_file: Path
) -> None:
    """The change scan (updatedAtMin) does not leave out cancelled orders: an order placed and
    cancelled between two syncs must not come in through it as a new OPEN order."""
    sync = make_sync(config)
    try:
        sync.run()
        cancelled, _later = shop.generate_orders(2)
        shop.update_order_status(cancelled, STORNO_STATUS_ID)
        result = sync.run()
        assert result is not None and result.ok
        assert_exactly_once(db_file, shop)  # `later` in, `cancelled` not
        assert cancelled not in [i for i, _ in read_orders(db_file)]
        again = sync.run()  # and not on the next sync either
    finally:
        sync.close()
    assert again is not None and again.imported == []
    assert_exactly_once(db_file, shop)


def test_an_abandoned_cart_completed_later_is_imported(
    shop: FakeShop, config: Config, db_file: Path
) -> None:
    with shop.state.lock:
        (cart,) = [i for i, o in shop.state.orders.items() if o.status_id is None]
    sync = make_sync(config)
    try:
        sync.run()
        assert cart not in [i for i, _ in read_orders(db_file)]
        shop.complete_abandoned_cart(cart)
        result = sync.run()
    finally:
        sync.close()
    assert result is not None and len(result.imported) == 1
    assert_exactly_once(db_file, shop)
    assert cart in [i for i, _ in read_orders(db_file)]


def test_an_order_cancelled_in_the_shop_during_a_long_download_loses_no_other_order(
    shop: FakeShop, config: Config, db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages of the excludeStorno list asked for by number would shift when an order of an
    earlier page is cancelled meanwhile: the first order of the next page would never be seen
    while the cursor moves past it."""
    monkeypatch.setattr(engine, "PAGE_LIMIT", 10)
    cancelled: list[int] = []

    def cancel_one_of_the_first_page(event: Any) -> None:
        if isinstance(event, OrdersImported) and not cancelled:
            inner_id = SalesOrder.get(SalesOrder.number == event.numbers[2]).shop_order_id
            shop.update_order_status(inner_id, STORNO_STATUS_ID)
            cancelled.append(inner_id)

    expected = expected_ids(shop)
    sync = make_sync(config, listener=cancel_one_of_the_first_page)
    try:
        result = sync.run()
    finally:
        sync.close()
    assert result is not None and result.ok and cancelled
    ids = sorted(i for i, _ in read_orders(db_file))
    assert ids == expected  # the cancelled one was in before it was cancelled: flagged, kept
    assert len(result.flagged) == 1 and f"#{cancelled[0]}" in str(result.flagged[0])


def test_two_threads_one_syncs_the_other_is_told_busy(
    shop: FakeShop, config: Config, db_file: Path
) -> None:
    shop.faults.latency_seconds = 0.2  # a cycle of ~0.6 s: the two surely overlap
    events = Recorder()
    sync = make_sync(config, listener=events)
    barrier = threading.Barrier(2)
    results: list[Any] = []

    def run() -> None:
        barrier.wait()
        results.append(sync.run())

    threads = [threading.Thread(target=run) for _ in range(2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        sync.close()
    assert len(results) == 2
    done = [r for r in results if r is not None]
    assert len(done) == 1 and done[0].ok and len(done[0].imported) == len(expected_ids(shop))
    assert len(events.of(SyncBusy)) == 1 and len(events.of(SyncStarted)) == 1
    assert_exactly_once(db_file, shop)
    assert SyncLog.select().count() == 1


def test_a_second_sync_object_waits_for_the_lease(
    shop: FakeShop, config: Config, db_file: Path
) -> None:
    """Two ShopSync objects stand for two processes (each has its own lease owner)."""
    shop.faults.latency_seconds = 0.2
    first_events, second_events = Recorder(), Recorder()
    first = make_sync(config, listener=first_events)
    second = make_sync(config, listener=second_events)
    outcome: list[Any] = []
    thread = threading.Thread(target=lambda: outcome.append(first.run()))
    try:
        thread.start()
        deadline = threading.Event()
        while not first_events.of(SyncStarted) and not deadline.wait(0.01):
            pass
        assert second.run() is None
        assert [type(e) for e in second_events.events] == [SyncBusy]
        thread.join(30)
        assert outcome and outcome[0] is not None and outcome[0].ok
        after = second.run()  # the lease was released at the end
        assert after is not None and after.ok and after.imported == []
    finally:
        first.close()
        second.close()
    assert_exactly_once(db_file, shop)


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.mark.parametrize(
    ("holder", "expires_in", "taken_over"),
    [
        pytest.param("dead", 600, True, id="killed-holder-here"),
        pytest.param("alive", 600, False, id="live-holder-here"),
        pytest.param("alive", -1, True, id="expired-live-holder"),
        pytest.param("other-host", 600, False, id="live-holder-elsewhere"),
        pytest.param("other-host", -1, True, id="expired-holder-elsewhere"),
    ],
)
def test_a_lease_left_in_the_database(
    shop: FakeShop,
    config: Config,
    db_file: Path,
    holder: str,
    expires_in: int,
    taken_over: bool,
) -> None:
    pid = {"dead": dead_pid(), "alive": os.getppid(), "other-host": os.getpid()}[holder]
    host = "elsewhere.example" if holder == "other-host" else socket.gethostname()
    owner = f"{host}:{pid}:deadbeef"
    assert lease.acquire(SHOP, owner, 1)
    ShopState.update(lease_expires_at=clock.now() + timedelta(seconds=expires_in)).where(
        ShopState.shop == SHOP
    ).execute()
    events = Recorder()
    sync = make_sync(config, listener=events)
    try:
        result = sync.run()
    finally:
        sync.close()
    state = ShopState.get(ShopState.shop == SHOP)
    if taken_over:
        assert result is not None and result.ok
        assert_exactly_once(db_file, shop)
        assert state.lease_owner == ""
    else:
        assert result is None and [type(e) for e in events.events] == [SyncBusy]
        assert read_orders(db_file) == [] and state.lease_owner == owner
        assert not api_requests(shop)


def test_a_database_error_ends_the_cycle_logged_as_a_failure_and_loses_nothing(
    shop: FakeShop, config: Config, db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = order_import.OrderImporter.import_order
    calls = []

    def breaks_on_the_fifth(self: order_import.OrderImporter, order: Any) -> Any:
        calls.append(1)
        if len(calls) == 5:
            raise OperationalError("disk I/O error")
        return real(self, order)

    monkeypatch.setattr(order_import.OrderImporter, "import_order", breaks_on_the_fifth)
    sync = make_sync(config)
    try:
        with pytest.raises(OperationalError, match="disk I/O error"):
            sync.run()
        (log,) = SyncLog.select()
        errors = render_all(load_notices(log.errors))
        assert log.status == "failed" and "OperationalError: disk I/O error" in errors
        state = ShopState.get(ShopState.shop == SHOP)
        assert state.last_success_at is None and state.lease_owner == ""
        assert len(read_orders(db_file)) == 4
        assert SkippedShopOrder.select().count() == 0  # nothing skipped for a database error
        monkeypatch.setattr(order_import.OrderImporter, "import_order", real)
        result = sync.run()
    finally:
        sync.close()
    assert result is not None and result.ok
    assert len(result.imported) == len(expected_ids(shop)) - 4
    assert_exactly_once(db_file, shop)


@pytest.mark.parametrize(
    "which",
    [
        pytest.param(3, id="an-old-order-only-a-retry-brings-back"),
        pytest.param(-1, id="the-newest-order-the-change-scan-meets-again"),
    ],
)
def test_a_bug_on_one_order_skips_it_the_rest_goes_on_and_it_comes_in_later(
    shop: FakeShop,
    config: Config,
    db_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    which: int,
) -> None:
    real = order_import.OrderImporter.import_order
    victim = expected_ids(shop)[which]

    def breaks_on_one(self: order_import.OrderImporter, order: Any) -> Any:
        if order.inner_id == victim:
            raise ArithmeticError("unexpected data")
        return real(self, order)

    monkeypatch.setattr(order_import.OrderImporter, "import_order", breaks_on_one)
    sync = make_sync(config)
    try:
        first = sync.run()
        assert first is not None and first.ok
        assert [i for i, _ in first.skipped] == [victim]  # once, not again in the change scan
        assert len(first.imported) == len(expected_ids(shop)) - 1
        assert any("ArithmeticError: unexpected data" in str(w) for w in first.warnings)
        assert "unexpected data" in caplog.text  # the traceback is logged
        (log,) = SyncLog.select()
        assert log.orders_skipped == 1 and log.status == "ok"
        monkeypatch.setattr(order_import.OrderImporter, "import_order", real)  # the bug fixed
        second = sync.run()
    finally:
        sync.close()
    assert second is not None and second.ok and len(second.imported) == 1
    assert_exactly_once(db_file, shop)
    assert SkippedShopOrder.select().count() == 0


def test_a_stop_ends_the_cycle_after_the_current_order(
    shop: FakeShop, config: Config, db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "PAGE_LIMIT", 10)
    stop = threading.Event()

    def stop_after_the_first_page(event: Any) -> None:
        if isinstance(event, OrdersImported):
            stop.set()

    sync = make_sync(config, listener=stop_after_the_first_page, stop=stop)
    try:
        result = sync.run()
    finally:
        sync.close()
    assert result is not None and not result.ok
    assert result.error is not None and "megszakadt" in str(result.error)
    assert len(result.imported) == 10 == len(read_orders(db_file))
    (log,) = SyncLog.select()
    assert log.status == "failed" and log.orders_imported == 10
    assert ShopState.get(ShopState.shop == SHOP).lease_owner == ""
    rest = make_sync(config)
    try:
        result = rest.run()
    finally:
        rest.close()
    assert result is not None and result.ok
    assert_exactly_once(db_file, shop)
