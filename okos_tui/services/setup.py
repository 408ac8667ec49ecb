"""Bringing the database in line with okos.toml at start: its warehouses and shops."""

from __future__ import annotations

from collections.abc import Sequence

from peewee import Value

from okos_tui.config import ShopSettings, WarehouseSettings
from okos_tui.core import clock
from okos_tui.db import ConnectedShop, Product, PushQueue, Warehouse, database


def sync_warehouses(configured: Sequence[WarehouseSettings]) -> None:
    """Create or rename configured warehouses; ones no longer configured stay, inactive,
    because documents refer to them."""
    existing = {w.code: w for w in Warehouse.select()}
    wanted = {w.code: w for w in configured}
    if all(
        code in existing and existing[code].name == w.name and existing[code].active
        for code, w in wanted.items()
    ) and all(w.code in wanted or not w.active for w in existing.values()):
        return
    with database.atomic():
        for code, settings in wanted.items():
            Warehouse.insert(code=code, name=settings.name, active=True).on_conflict(
                conflict_target=[Warehouse.code],
                update={Warehouse.name: settings.name, Warehouse.active: True},
            ).execute()
        Warehouse.update(active=False).where(Warehouse.code.not_in(list(wanted))).execute()


def sync_shops(configured: Sequence[ShopSettings]) -> list[str]:
    """Mirror the [[shops]] into the database for the push triggers. A shop whose push was just
    turned on gets every product queued once (a full push); returns those shops' names."""
    existing = {s.name: s.push_stock for s in ConnectedShop.select()}
    if all(existing.get(s.name) == s.push_stock for s in configured):
        return []
    turned_on = []
    with database.atomic():
        for shop in configured:
            if shop.push_stock and not existing.get(shop.name, False):
                turned_on.append(shop.name)
            ConnectedShop.insert(name=shop.name, push_stock=shop.push_stock).on_conflict(
                conflict_target=[ConnectedShop.name],
                update={ConnectedShop.push_stock: shop.push_stock},
            ).execute()
        for name in turned_on:
            queue_all_products(name)
    return turned_on


def queue_all_products(shop: str) -> int:
    """Queue every stocked product of `shop` (turning the push on, or `okos push --full`)."""
    now = clock.now()
    rows = Product.select(
        Value(shop),
        Product.id,
        Value(1),
        Value(PushQueue.queued_at.db_value(now)),
        Value(0),
        Value(""),
    ).where(Product.is_service == False)  # noqa: E712
    return (
        PushQueue.insert_from(
            rows,
            [
                PushQueue.shop,
                PushQueue.product,
                PushQueue.version,
                PushQueue.queued_at,
                PushQueue.attempts,
                PushQueue.last_error,
            ],
        )
        .on_conflict(
            conflict_target=[PushQueue.shop, PushQueue.product],
            update={PushQueue.version: PushQueue.version + 1},
        )
        .execute()
    )
