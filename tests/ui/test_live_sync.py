"""The live sync, with a real emulated shop on 127.0.0.1 and a real SyncService: every screen
shows each shop's sync state; F5 syncs now; when a sync (timed or asked for) imports orders,
the open screen refreshes by itself with a toast, keeping its cursor and selection."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from okos_tui.config import Config
from okos_tui.fakeshop import FakeShop, FakeShopSettings
from okos_tui.services.sync.events import SyncBusy
from okos_tui.services.sync.service import SyncService
from okos_tui.shop.client import ShopClient, ShopConnection
from okos_tui.ui.messages import SyncEventArrived
from okos_tui.ui.screens.fulfillable import FulfillableScreen
from okos_tui.ui.screens.order_detail import OrderDetailScreen
from okos_tui.ui.screens.orders import OrdersScreen
from okos_tui.ui.widgets.selectable_table import SelectableTable
from tests.services.sync.engine_helpers import SECRET_ENV, SHOP_TOML, open_config, shop_config
from tests.shop.client_helpers import free_port

from .helpers import (
    run,
    settle,
    sync_status,
    table_keys,
    wait_for_text,
    wait_for_toast,
    wait_until,
)

pytestmark = [pytest.mark.anyio, pytest.mark.timeout(60)]

SEED_NOW = datetime(2025, 3, 1, 12, 0, 0)


@pytest.fixture(autouse=True)
def _secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SECRET_ENV, "demo-secret")


@pytest.fixture
def shop() -> Iterator[FakeShop]:
    settings = FakeShopSettings(
        rate_limit_per_second=None, seed_now=SEED_NOW, seed_orders=2, seed_products=12
    )
    with FakeShop(settings) as running:
        yield running


def one_attempt(connection: ShopConnection) -> ShopClient:
    """No back-off on a shop that cannot be reached: the error shows at once."""
    return ShopClient(replace(connection, max_attempts=1))


def configure(tmp_path: Path, shop: FakeShop, sync_seconds: float, *, second: bool = False):
    """okos.toml for `shop` ("webshop"); with `second`, a second shop ("teszt") that no one
    answers for."""
    path = shop_config(tmp_path, shop, sync_seconds=sync_seconds)
    if second:
        base = f"http://127.0.0.1:{free_port()}"
        with path.open("a", encoding="utf-8") as out:
            out.write(
                SHOP_TOML.format(
                    name="teszt",
                    api_url=f"{base}/api",
                    token_url=f"{base}/oauth/demo/app/token",
                    client_id="okos-demo",
                    secret_env=SECRET_ENV,
                    prefix="TST",
                    sync_seconds=300,
                    first_order_id=1,
                )
            )
    return open_config(path)


def make(config: Config):
    from okos_tui.ui.app import OkosApp

    return OkosApp(config, sync_service=SyncService(config, client_factory=one_attempt))


def table(app) -> SelectableTable:
    return app.screen.query_one(SelectableTable)


async def test_a_timed_sync_refreshes_the_screen_keeping_cursor_and_selection(tmp_path, shop):
    app = make(configure(tmp_path, shop, sync_seconds=1))
    async with run(app) as pilot:
        await wait_for_toast(pilot, "webshop: 2 új rendelés")
        rows = table(app)
        await wait_until(pilot, lambda: rows.row_count == 2, what="the first two orders")
        assert isinstance(app.screen, FulfillableScreen)
        first, second = table_keys(rows)
        await pilot.press("space", "down")
        assert rows.selected == {first} and rows.current_key == second
        shop.generate_orders(3)  # the timed sync (every second) brings them; no key pressed
        await wait_for_toast(pilot, "webshop: 3 új rendelés")
        await wait_until(pilot, lambda: rows.row_count == 5, what="the new orders on screen")
        assert table_keys(rows)[:2] == [first, second]
        assert rows.selected == {first} and rows.current_key == second
        await wait_for_text(pilot, "Kijelölve: 1 rendelés")
        await pilot.press("ctrl+q")
    assert app.return_code == 0
    # quitting stopped the sync thread
    assert not any(t.name == "okos-sync" and t.is_alive() for t in threading.enumerate())


async def test_a_sync_running_elsewhere_is_said_not_started_twice(tmp_path, shop):
    """`okos sync` on a server (another process) holds the shop: this app's run says so."""
    app = make(configure(tmp_path, shop, sync_seconds=300))
    async with run(app) as pilot:
        await wait_for_toast(pilot, "webshop: 2 új rendelés")
        app.post_message(SyncEventArrived(SyncBusy("webshop")))
        await wait_for_toast(pilot, "webshop: a szinkron máshol fut")


async def test_f5_syncs_now_and_the_orders_list_keeps_its_cursor(tmp_path, shop):
    app = make(configure(tmp_path, shop, sync_seconds=300))
    async with run(app) as pilot:
        await wait_for_toast(pilot, "webshop: 2 új rendelés")
        await pilot.press("1")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, OrdersScreen) and table(app).row_count == 2,
            what="the orders list",
        )
        rows = table(app)
        await pilot.press("down")
        current = rows.current_key
        last_run = app.sync_service.status()[0].last_run
        shop.generate_orders(3)
        await settle(pilot)
        assert app.sync_service.status()[0].last_run == last_run  # no sync ran meanwhile
        assert rows.row_count == 2  # not before the next sync (in five minutes) or F5
        await pilot.press("f5")
        await wait_for_toast(pilot, "Szinkron indul")
        await wait_for_toast(pilot, "webshop: 3 új rendelés")
        await wait_until(pilot, lambda: rows.row_count == 5, what="the new orders on screen")
        assert rows.current_key == current  # newest first: the row moved, the cursor with it
        assert table_keys(rows).index(current) == 4
        # with an order open on top, the list underneath is up to date on the way back
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, OrderDetailScreen))
        shop.generate_orders(1)
        await pilot.press("f5")
        await wait_for_toast(pilot, "webshop: 1 új rendelés")
        await pilot.press("escape")
        await wait_until(pilot, lambda: table(app).row_count == 6, what="the list after")
        assert table(app).current_key == current


async def test_every_screen_shows_each_shops_sync_state(tmp_path, shop):
    app = make(configure(tmp_path, shop, sync_seconds=300, second=True))
    async with run(app) as pilot:
        await wait_for_toast(pilot, "webshop: 2 új rendelés")
        await wait_until(
            pilot, lambda: "nem érhető el" in sync_status(app), what="the unreachable shop"
        )
        for key in ("1", "2", "3", "4"):
            await pilot.press(key)
            await wait_until(
                pilot,
                lambda: (
                    "webshop: utolsó szinkron" in sync_status(app)
                    and "teszt: utolsó szinkron" in sync_status(app)
                ),
                what=f"both shops on screen {key}",
            )
        assert "következő" in sync_status(app)  # the next timed run
        assert app.is_running


async def test_f5_without_a_shop_says_there_is_none(make_app):
    app = make_app()
    async with run(app) as pilot:
        await wait_until(pilot, lambda: "Nincs webáruház beállítva" in sync_status(app))
        await pilot.press("f5")
        await wait_for_toast(pilot, "Nincs webáruház beállítva")
