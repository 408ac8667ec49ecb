"""A real `okos push` / `okos sync --once` process killed (SIGKILL) between sending a batch and
recording it: the shop has already applied the batch, the database has not heard back. Nothing
is lost: every queue row stays, the next process sends the same absolute values again, and an
order downloaded before the kill is not imported twice. The emulated shop runs in this process;
the okos processes talk to it over 127.0.0.1."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from okos_tui.db import database
from okos_tui.domain.stock.documents import ItemInput, receive_goods
from okos_tui.fakeshop import FakeShop

from .engine_helpers import finish, kill, read_rows, wait_for
from .push_helpers import (
    SECRET,
    SECRET_ENV,
    SHOP,
    SKUS,
    add_products,
    open_config,
    pushed_items,
    shop_settings,
    shop_table,
    stock1,
    write_config,
)

pytestmark = pytest.mark.timeout(90)


@pytest.fixture
def shop() -> Iterator[FakeShop]:
    with FakeShop(shop_settings(rate_limit_per_second=3)) as running:
        yield running


def _start(config: Path, *args: str) -> subprocess.Popen[str]:
    """`python -m okos_tui --config CONFIG ARGS...`, a real process with the shop's secret."""
    environment = {k: v for k, v in os.environ.items() if k not in ("OKOS_CONFIG", "OKOS_LANG")}
    environment[SECRET_ENV] = SECRET
    environment["PYTHONUNBUFFERED"] = "1"
    return subprocess.Popen(
        [sys.executable, "-m", "okos_tui", "--config", str(config), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=environment,
        cwd=config.parent,
    )


def _queue(db_file: Path) -> dict[str, tuple[int, int]]:
    """SKU -> (version, attempts) of the queue rows, read by another connection."""
    rows = read_rows(
        db_file,
        "SELECT p.sku, q.version, q.attempts FROM push_queue q "
        "JOIN product p ON p.id = q.product_id WHERE q.shop = ?",
        SHOP,
    )
    return {sku: (version, attempts) for sku, version, attempts in rows}


class HeldBatch:
    """The shop applies each batch at once but holds its answer until released."""

    def __init__(self, shop: FakeShop, monkeypatch: pytest.MonkeyPatch) -> None:
        self.applied = threading.Event()
        self.release = threading.Event()
        real_post = shop._api._post

        def held_post(resource: str, body: Any, base_url: str) -> Any:
            answer = real_post(resource, body, base_url)
            if resource.rstrip("/").endswith("batch") and not self.release.is_set():
                self.applied.set()
                self.release.wait(30)
            return answer

        monkeypatch.setattr(shop._api, "_post", held_post)


@pytest.mark.parametrize(
    "command", [("push",), ("sync", "--once")], ids=["okos-push", "okos-sync-once"]
)
def test_a_process_killed_between_the_batch_and_its_recording_loses_nothing(
    tmp_path: Path, shop: FakeShop, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    monkeypatch.setenv(SECRET_ENV, SECRET)
    config = write_config(tmp_path, shop_table(shop))
    db_file = tmp_path / "okos.db"
    open_config(config)
    add_products(shop)
    receive_goods("MAIN", [ItemInput(sku, "10") for sku in SKUS])
    database.close()
    inner_id = shop.place_order({"KON-0001": 3}, customer=shop.guest())
    expected = {sku: 10 for sku in SKUS}
    if command[0] == "sync":
        expected["KON-0001"] = 7  # the order downloaded first reserves 3
    held = HeldBatch(shop, monkeypatch)

    victim = _start(config, *command)
    try:
        wait_for(held.applied.is_set, 30, interval=0.01, what="the batch to reach the shop")
        assert {sku: stock1(shop, sku) for sku in SKUS} == expected  # the shop applied it
    finally:
        kill(victim)
        held.release.set()
    assert victim.returncode == -signal.SIGKILL
    # the shop logs a request once it has handled it (its answer goes nowhere now)
    first_items = wait_for(lambda: pushed_items(shop), 10, what="the held batch in the shop's log")
    assert len(first_items) == len(SKUS)
    queue = _queue(db_file)
    assert set(queue) == set(SKUS)  # not one row recorded as sent
    assert all(attempts == 0 for _, attempts in queue.values())
    if command[0] == "sync":  # the download before the push was committed
        assert read_rows(db_file, "SELECT shop_order_id FROM sales_order") == [(inner_id,)]
    shop.clear_requests()

    began = time.monotonic()
    code, out, err = finish(_start(config, *command), timeout=60)

    assert code == 0, (out, err)
    assert "Traceback" not in err and "locked" not in err
    assert time.monotonic() - began < 30  # the dead process's lease did not make it wait
    assert pushed_items(shop) == first_items  # the very same absolute values, sent again
    assert {sku: stock1(shop, sku) for sku in SKUS} == expected
    assert _queue(db_file) == {}
    assert read_rows(db_file, "SELECT shop_order_id FROM sales_order") == (
        [(inner_id,)] if command[0] == "sync" else []
    )
    if command[0] == "sync":
        assert "0 új rendelés" in out  # downloaded once, before the kill
        pushed = read_rows(db_file, "SELECT products_pushed, push_failed, status FROM sync_log")
        assert pushed[-1] == (len(SKUS), 0, "ok")
