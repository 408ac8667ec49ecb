"""Real processes on one database file: a sync killed (SIGKILL) mid-import and a second sync
after it; two `okos sync --once` at the same moment; `okos sync` (timed, in the foreground)
stopped with SIGINT or SIGTERM. The emulated shop runs in this process, the syncs talk to it
over 127.0.0.1."""

from __future__ import annotations

import signal
import socket
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from okos_tui.fakeshop import FakeShop, FakeShopSettings

from .engine_helpers import (
    SHOP,
    assert_exactly_once,
    assert_gapless,
    count_orders,
    expected_ids,
    finish,
    kill,
    read_orders,
    read_rows,
    shop_config,
    start_okos,
    wait_for,
)

pytestmark = pytest.mark.timeout(90)

SEED_NOW = datetime(2025, 3, 1, 12, 0, 0)
BUSY_ELSEWHERE = "éppen máshol fut"
STOPPED = "Szinkron leállítva."


def settings(**overrides: Any) -> FakeShopSettings:
    """ShopRenter's limit on: 3 requests a second."""
    values: dict[str, Any] = {"rate_limit_per_second": 3, "seed_now": SEED_NOW}
    values.update(overrides)
    return FakeShopSettings(**values)


def lease_owner(db_file: Path) -> str:
    try:
        rows = read_rows(db_file, "SELECT lease_owner FROM shop_state WHERE shop = ?", SHOP)
    except sqlite3.OperationalError:  # not created yet
        return ""
    return rows[0][0] if rows else ""


def assert_clean(out: str, err: str) -> None:
    for text in (out, err):
        assert "Traceback" not in text and "locked" not in text, text


@pytest.fixture(scope="module")
def big_shop() -> Iterator[FakeShop]:
    """230 sample orders (two pages), shared by the kill tests: none of them changes it."""
    with FakeShop(settings(seed_orders=230)) as running:
        yield running


def _lease_taken(db_file: Path) -> bool:
    return bool(lease_owner(db_file)) and count_orders(db_file) == 0


def _orders_at_least(count: int) -> Any:
    return lambda db_file: count_orders(db_file) >= count


@pytest.mark.parametrize(
    "moment",
    [
        pytest.param(_lease_taken, id="lease-taken-nothing-imported"),
        pytest.param(_orders_at_least(80), id="mid-first-page"),
        pytest.param(_orders_at_least(200), id="first-page-done"),
    ],
)
def test_a_sync_killed_mid_import_leaves_exactly_once_after_the_next_sync(
    tmp_path: Path, big_shop: FakeShop, moment: Any
) -> None:
    config = shop_config(tmp_path, big_shop)
    db_file = tmp_path / "okos.db"
    expected = expected_ids(big_shop)
    assert len(expected) > 210

    big_shop.faults.latency_seconds = 0.4  # every page takes a while to come
    victim = start_okos(config, "sync", "--once")
    try:
        wait_for(lambda: moment(db_file), 30, interval=0.005, what="the moment to kill")
    finally:
        kill(victim)
        big_shop.faults.latency_seconds = 0
    assert victim.returncode == -signal.SIGKILL
    kept = read_orders(db_file)
    assert len(kept) < len(expected), "the sync finished before it was killed"
    ids = [inner_id for inner_id, _ in kept]
    assert ids == expected[: len(ids)]  # a prefix: none twice, none skipped, in shop order
    assert_gapless([number for _, number in kept])
    headless = read_rows(
        db_file,
        "SELECT o.number FROM sales_order o LEFT JOIN sales_order_line l ON l.order_id = o.id "
        "WHERE l.id IS NULL",
    )
    assert headless == []  # no order without its lines
    (cursor,) = read_rows(db_file, "SELECT next_inner_id FROM shop_state")[0]
    assert cursor == (ids[-1] + 1 if ids else 1)  # moved past committed orders only
    owner = lease_owner(db_file)
    assert owner.startswith(f"{socket.gethostname()}:{victim.pid}:")  # a stale lease is left

    began = time.monotonic()
    code, out, err = finish(start_okos(config, "sync", "--once"), timeout=60)
    assert code == 0, err
    assert_clean(out, err)
    assert f"{len(expected) - len(kept)} új rendelés" in out
    assert time.monotonic() - began < 30  # the stale lease did not make it wait
    assert_exactly_once(db_file, big_shop)
    assert lease_owner(db_file) == ""
    log = read_rows(db_file, "SELECT status, orders_imported FROM sync_log ORDER BY id")
    assert log[-1] == ("ok", len(expected) - len(kept))
    # the killed one's row stays "running" (shown as "running / interrupted"); a kill right
    # after the lease was taken may come before that row was written
    assert log[:-1] == [("running", 0)] or (not kept and log[:-1] == [])


def test_two_processes_at_once_one_syncs_and_the_other_says_so(tmp_path: Path) -> None:
    with FakeShop(settings(seed_orders=30)) as shop:
        shop.faults.latency_seconds = 0.6  # a cycle of 2 s and more: they surely overlap
        config = shop_config(tmp_path, shop)
        db_file = tmp_path / "okos.db"
        processes = [start_okos(config, "sync", "--once") for _ in range(2)]
        outcomes = [finish(process, timeout=60) for process in processes]
        for _, out, err in outcomes:
            assert_clean(out, err)
        codes = sorted(code for code, _, _ in outcomes)
        assert codes == [0, 1], outcomes
        ((_, synced, _),) = [o for o in outcomes if o[0] == 0]
        ((_, busy_out, busy_err),) = [o for o in outcomes if o[0] == 1]
        assert f"{len(expected_ids(shop))} új rendelés" in synced
        assert BUSY_ELSEWHERE in busy_err and "új rendelés" not in busy_out
        assert_exactly_once(db_file, shop)
        assert read_rows(db_file, "SELECT status FROM sync_log") == [("ok",)]
        tokens = [r for r in shop.requests if r.path.startswith("/oauth/")]
        assert len(tokens) == 1  # the busy one never talked to the shop


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_the_foreground_sync_runs_on_a_timer_and_stops_cleanly(
    tmp_path: Path, signum: int, okos: Callable[..., Any]
) -> None:
    with FakeShop(settings(seed_orders=12)) as shop:
        config = shop_config(tmp_path, shop, sync_seconds=1)
        db_file = tmp_path / "okos.db"
        process = start_okos(config, "sync")
        try:
            wait_for(lambda: count_orders(db_file) == len(expected_ids(shop)), 20, what="sync 1")
            shop.generate_orders(2)
            wait_for(lambda: count_orders(db_file) == len(expected_ids(shop)), 10, what="timer")
            shop.faults.latency_seconds = 0.3  # likely mid-cycle when the signal comes
            time.sleep(0.5)
            process.send_signal(signum)
            code, out, err = finish(process, timeout=10)
        finally:
            if process.poll() is None:
                kill(process)
        assert code == 0, (out, err)
        assert_clean(out, err)
        assert "Időzített szinkron fut" in out and out.rstrip().endswith(STOPPED)
        assert_exactly_once(db_file, shop)
        assert lease_owner(db_file) == ""
        statuses = [s for (s,) in read_rows(db_file, "SELECT status FROM sync_log ORDER BY id")]
        assert len(statuses) >= 2 and "running" not in statuses
        log = okos("sync", "log", "--limit", "100", "--format", "csv", config=config)
        assert log.code == 0, log.err
        rows = log.out.strip().splitlines()[1:]
        assert len(rows) == len(statuses) and all(row.startswith(f"{SHOP},") for row in rows)
        imported = sum(n for (n,) in read_rows(db_file, "SELECT orders_imported FROM sync_log"))
        assert imported == len(expected_ids(shop))
