"""stock_balance is kept by triggers: it must always equal the sum of the movements."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from okos_tui.db import StockBalance, StockMovement, Warehouse, open_database
from okos_tui.db.connection import migration_scripts, split_sql
from okos_tui.domain.stock.documents import ItemInput, adjust_stock, receive_goods


def balances_and_sums(path: Path) -> tuple[list[tuple], list[tuple]]:
    with sqlite3.connect(path) as connection:
        balance = connection.execute(
            "SELECT product_id, warehouse_id, quantity FROM stock_balance "
            "WHERE quantity != 0 ORDER BY 1, 2"
        ).fetchall()
        sums = connection.execute(
            "SELECT product_id, warehouse_id, SUM(quantity) FROM stock_movement "
            "GROUP BY 1, 2 HAVING SUM(quantity) != 0 ORDER BY 1, 2"
        ).fetchall()
    return balance, sums


def test_balance_follows_inserts_updates_and_deletes(catalog, db_path):
    receive_goods("MAIN", [ItemInput("BOG-01", "10"), ItemInput("LIS-01", "2.5")])
    receive_goods("SHOP", [ItemInput("BOG-01", "4")])
    adjust_stock("MAIN", [ItemInput("BOG-01", "-3")])
    balance, sums = balances_and_sums(db_path)
    assert balance == sums
    assert len(balance) == 3

    shop = Warehouse.get(Warehouse.code == "SHOP")
    movement = StockMovement.select().order_by(StockMovement.id).first()
    StockMovement.update(warehouse=shop, quantity=7).where(
        StockMovement.id == movement.id
    ).execute()
    assert balances_and_sums(db_path)[0] == balances_and_sums(db_path)[1]
    StockMovement.delete().where(StockMovement.id == movement.id).execute()
    balance, sums = balances_and_sums(db_path)
    assert balance == sums
    main_bog = StockBalance.get(
        (StockBalance.product == catalog["BOG-01"].id)
        & (StockBalance.warehouse == Warehouse.get(Warehouse.code == "MAIN").id)
    )
    assert main_bog.quantity == -3


def test_migration_fills_the_balance_from_existing_movements(tmp_path):
    """A file at schema 1 with movements gets correct balances when migrated to 2."""
    path = tmp_path / "old.db"
    first = dict(migration_scripts())[1]
    with sqlite3.connect(path) as connection:
        for statement in split_sql(first):
            connection.execute(statement)
        connection.execute("PRAGMA user_version = 1")
        connection.execute("INSERT INTO warehouse (code, name, active) VALUES ('MAIN', 'M', 1)")
        connection.execute(
            "INSERT INTO product (sku, name, unit, vat_rate_id, net_price, purchase_price, "
            "supplier_sku, gtin, is_service) VALUES ('A', 'A', 'db', 1, 0, 0, '', '', 0)"
        )
        connection.execute(
            "INSERT INTO stock_document (number, kind, warehouse_id, issued_on, created_at, note)"
            " VALUES ('X-1', 'opening', 1, '2026-01-01', '2026-01-01T00:00:00.000000+00:00', '')"
        )
        connection.executemany(
            "INSERT INTO stock_movement (document_id, product_id, warehouse_id, quantity) "
            "VALUES (1, 1, 1, ?)",
            [(5000,), (-1500,), (250,)],
        )
    database = open_database(path)
    try:
        assert database.execute_sql("PRAGMA user_version").fetchone()[0] >= 2
        assert str(StockBalance.get().quantity) == "3.750"
    finally:
        database.close()
    balance, sums = balances_and_sums(path)
    assert balance == sums == [(1, 1, 3750)]
