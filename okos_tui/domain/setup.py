"""Bringing the database in line with okos.toml at start: the configured warehouses exist."""

from __future__ import annotations

from collections.abc import Sequence

from ..config import WarehouseSettings
from ..db import Warehouse, database


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
