"""Exactly once, end to end against the emulated shop: a sync after a sync imports nothing, new
orders are picked up, orders changed or cancelled in the shop after download are flagged and
never changed silently, and an abandoned cart completed later arrives with the next sync."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from okos_tui.config import Config
from okos_tui.core.notices import load_notices, render_all
from okos_tui.db import SalesOrder
from okos_tui.fakeshop import STORNO_STATUS_ID, FakeShop

from .import_helpers import (
    PREFIX,
    SECRET_ENV,
    SEED_NOW,
    add_tables,
    fake_shop_table,
    gross_of,
    importable_ids,
    last_log,
    local,
    open_config,
    shop_settings,
    shop_total,
    sync,
)

ORDER_TABLES = (
    "sales_order",
    "sales_order_line",
    "customer",
    "product",
    "payment_method",
    "shipping_method",
    "number_sequence",
    "stock_movement",
)


@pytest.fixture
def shop() -> Iterator[FakeShop]:
    with FakeShop(shop_settings(seed_orders=12)) as running:
        yield running


@pytest.fixture
def config(config_file: Path, shop: FakeShop, monkeypatch: pytest.MonkeyPatch) -> Config:
    monkeypatch.setenv(SECRET_ENV, shop.settings.client_secret)
    add_tables(config_file, fake_shop_table(shop))
    config = open_config(config_file)
    first = sync(config)
    assert first.ok and len(first.imported) == len(importable_ids(shop)) >= 8
    return config


def tables(dump: dict, names: tuple[str, ...] = ORDER_TABLES) -> dict:
    missing = [name for name in names if name not in dump]
    assert not missing, missing
    return {name: dump[name] for name in names}


def row_of(dump: dict, table: str, row_id: int) -> tuple:
    return next(row for row in dump[table] if row[0] == row_id)


def test_a_second_sync_imports_nothing_and_changes_nothing(shop, config, db_path, dump):
    before = dump(db_path)

    result = sync(config)

    assert result.ok and result.imported == [] and result.flagged == [] and result.warnings == []
    assert tables(dump(db_path)) == tables(before)
    log = last_log()
    assert (log.status, log.orders_imported, log.orders_flagged, log.orders_skipped) == (
        "ok",
        0,
        0,
        0,
    )


def test_orders_placed_between_two_syncs_are_picked_up_with_the_next_numbers(
    shop, config, db_path, dump
):
    known = SalesOrder.select().count()
    before = dump(db_path)
    dates = [SEED_NOW + timedelta(hours=1), SEED_NOW + timedelta(hours=2), datetime(2026, 1, 1, 9)]
    placed = [
        shop.place_order({shop.skus[n]: n}, created_at=d)
        for n, d in zip((1, 2, 3), dates, strict=True)
    ]

    result = sync(config)

    # numbered in the shop's order; a new year starts its own sequence
    expected = [
        f"{PREFIX}-2025-{known + 1:06d}",
        f"{PREFIX}-2025-{known + 2:06d}",
        f"{PREFIX}-2026-000001",
    ]
    assert [local(i).number for i in placed] == expected
    assert sorted(result.imported) == expected
    for inner_id in placed:
        assert gross_of(local(inner_id)) == shop_total(shop.order(inner_id))
    after = dump(db_path)
    for table in ("sales_order", "sales_order_line"):  # the earlier ones as they were
        assert after[table][: len(before[table])] == before[table]
    assert sync(config).imported == []


@pytest.mark.parametrize("status", [2, STORNO_STATUS_ID], ids=["processing", "cancelled"])
def test_an_order_changed_in_the_shop_after_download_is_flagged_not_changed(
    shop, config, db_path, dump, status
):
    inner_id = importable_ids(shop)[2]
    order = local(inner_id)
    before = dump(db_path)

    shop.update_order_status(inner_id, status)
    result = sync(config)

    assert result.ok and result.imported == []
    assert len(result.flagged) == 1
    note = result.flagged[0]
    text = str(note)
    assert f"#{inner_id}" in text and order.number in text and str(status) in text
    assert note in result.warnings
    flagged = local(inner_id)
    assert load_notices(flagged.review_note) == [note]
    assert flagged.status == "open"  # a cancellation in the shop is shown, not applied
    assert flagged.shop_updated_at == shop.order(inner_id)["dateUpdated"]
    after = dump(db_path)
    assert tables(after, ORDER_TABLES[1:]) == tables(before, ORDER_TABLES[1:])
    others = [r for r in after["sales_order"] if r[0] != order.id]
    assert others == [r for r in before["sales_order"] if r[0] != order.id]
    columns = [c[1] for c in _columns(db_path, "sales_order")]
    changed = {
        name
        for name, old, new in zip(
            columns,
            row_of(before, "sales_order", order.id),
            row_of(after, "sales_order", order.id),
            strict=True,
        )
        if old != new
    }
    assert changed == {"review_note", "shop_updated_at"}
    log = last_log()
    assert log.orders_flagged == 1 and text in render_all(load_notices(log.warnings))

    again = sync(config)  # the same change is not flagged twice
    assert again.flagged == [] and load_notices(local(inner_id).review_note) == [note]


def test_every_later_change_is_added_to_the_review_note(shop, config):
    inner_id = importable_ids(shop)[0]
    shop.update_order_status(inner_id, 2)
    first = sync(config).flagged
    shop.update_order_status(inner_id, STORNO_STATUS_ID)
    second = sync(config).flagged
    assert len(first) == len(second) == 1
    assert render_all(load_notices(local(inner_id).review_note)) == f"{first[0]}\n{second[0]}"


def test_an_abandoned_cart_completed_later_is_imported_by_the_next_sync(shop, config):
    with shop.state.lock:
        carts = [i for i, o in shop.state.orders.items() if o.status_id is None]
    assert carts
    cart = carts[0]
    assert not SalesOrder.select().where(SalesOrder.shop_order_id == cart).exists()
    count = SalesOrder.select().count()

    shop.complete_abandoned_cart(cart)
    result = sync(config)

    assert result.imported == [f"{PREFIX}-2025-{count + 1:06d}"]
    assert result.flagged == []
    order = local(cart)
    assert order.status == "open" and order.review_note == ""
    assert gross_of(order) == shop_total(shop.order(cart))
    assert sync(config).imported == []


def test_a_cart_left_abandoned_is_never_imported(shop, config):
    cart = shop.place_order({shop.skus[1]: 1}, abandoned=True)
    assert sync(config).imported == []
    assert not SalesOrder.select().where(SalesOrder.shop_order_id == cart).exists()


def test_an_order_cancelled_before_it_was_downloaded_is_not_imported_as_open(shop, config):
    """The download leaves out orders cancelled before they were seen (excludeStorno); the
    updatedAtMin poll, which sees cancelled orders too, must not bring it in as OPEN."""
    inner_id = shop.place_order({shop.skus[1]: 1})
    shop.update_order_status(inner_id, STORNO_STATUS_ID)
    later = shop.place_order({shop.skus[2]: 1})

    result = sync(config)

    orders = SalesOrder.select().where(SalesOrder.shop_order_id == inner_id)
    assert [o.status for o in orders] in ([], ["cancelled"])
    assert result.imported == [local(later).number]


def _columns(db_path: Path, table: str) -> list[tuple]:
    import sqlite3

    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return connection.execute(f'PRAGMA table_info("{table}")').fetchall()
    finally:
        connection.close()
