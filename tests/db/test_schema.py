"""The migrations build exactly the schema the Peewee models describe, and run once per file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from peewee import SqliteDatabase

from okos_tui.db import MODELS, VatRate, database, open_database
from okos_tui.db import connection as db_connection
from okos_tui.db.connection import migration_scripts, schema_version, split_sql


def describe(db: SqliteDatabase) -> dict[str, dict[str, object]]:
    """Per table: columns (name, type, not null, primary key), foreign keys and indexes."""
    tables = [
        name
        for (name,) in db.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    ]
    schema: dict[str, dict[str, object]] = {}
    for table in sorted(tables):
        columns = [
            (name, kind.upper(), notnull, pk)
            for _, name, kind, notnull, _, pk in db.execute_sql(
                f'PRAGMA table_info("{table}")'
            ).fetchall()
        ]
        foreign_keys = sorted(
            (row[2], row[3], row[4], row[6])  # table, from, to, on_delete
            for row in db.execute_sql(f'PRAGMA foreign_key_list("{table}")').fetchall()
        )
        indexes = {}
        for _, name, unique, origin, _ in db.execute_sql(f'PRAGMA index_list("{table}")'):
            index_columns = [
                row[2] for row in db.execute_sql(f'PRAGMA index_info("{name}")').fetchall()
            ]
            indexes[name] = (bool(unique), origin, index_columns)
        schema[table] = {"columns": columns, "foreign_keys": foreign_keys, "indexes": indexes}
    return schema


@pytest.fixture
def models_schema() -> dict[str, dict[str, object]]:
    memory = SqliteDatabase(":memory:")
    with memory.bind_ctx(MODELS):
        memory.create_tables(MODELS)
        described = describe(memory)
    memory.close()
    return described


@pytest.fixture
def migrated(tmp_path: Path) -> SqliteDatabase:
    db = open_database(tmp_path / "migrated.db")
    yield db
    db.close()


def test_migrated_tables_are_the_models_tables(migrated, models_schema):
    assert sorted(describe(migrated)) == sorted(models_schema)
    assert sorted(models_schema) == sorted(m._meta.table_name for m in MODELS)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.table_name)
def test_columns_keys_and_indexes_match_the_model(migrated, models_schema, model):
    table = model._meta.table_name
    actual = describe(migrated)[table]
    expected = models_schema[table]
    assert actual["columns"] == expected["columns"], "add a migration for the model change"
    assert actual["foreign_keys"] == expected["foreign_keys"]
    assert sorted(actual["indexes"]) == sorted(expected["indexes"])
    assert actual["indexes"] == expected["indexes"]


def test_the_comparison_notices_a_model_change_without_migration(migrated, models_schema):
    """The schema comparison above would fail for a column added in the model only."""
    migrated.execute_sql('ALTER TABLE "product" ADD COLUMN "colour" TEXT')
    assert describe(migrated)["product"]["columns"] != models_schema["product"]["columns"]


def test_pragmas_on_an_opened_database(migrated, tmp_path):
    assert migrated.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert migrated.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert migrated.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 1000
    latest = migration_scripts()[-1][0]
    assert schema_version(migrated) == latest
    # WAL is a property of the file: another connection sees it too.
    other = sqlite3.connect(tmp_path / "migrated.db")
    try:
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert other.execute("PRAGMA user_version").fetchone()[0] == latest
    finally:
        other.close()


def test_transactions_take_the_write_lock_up_front(migrated, tmp_path):
    """An IMMEDIATE transaction holds the write lock even before it writes anything."""
    other = sqlite3.connect(tmp_path / "migrated.db", timeout=0)
    try:
        with migrated.atomic():
            VatRate.select().count()  # a read only
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()


def test_foreign_keys_are_enforced(migrated):
    from peewee import IntegrityError

    with pytest.raises(IntegrityError):
        migrated.execute_sql(
            "INSERT INTO product (sku, name, unit, vat_rate_id, net_price, purchase_price, "
            "supplier_sku, gtin, is_service) VALUES ('X', 'x', 'db', 999, 0, 0, '', '', 0)"
        )


def test_migration_seeds_vat_rates_and_payment_methods(migrated):
    codes = {code for (code,) in migrated.execute_sql("SELECT code FROM vat_rate")}
    assert {"27%", "18%", "5%", "0%", "AAM", "TAM"} <= codes
    assert VatRate.get(VatRate.code == "27%").rate == 27
    names = {n for (n,) in migrated.execute_sql("SELECT name FROM payment_method")}
    assert "Készpénz" in names


def test_every_vat_code_has_a_category_and_every_exempt_one_a_legal_ground(migrated):
    rows = migrated.execute_sql("SELECT code, category, reason FROM vat_rate").fetchall()
    categories = {code: category for code, category, _ in rows}
    assert categories["27%"] == "percentage"
    assert categories["0%"] == "ungrounded"  # no 0% domestic rate: refused on an invoice
    assert categories["AAM"] == categories["TAM"] == categories["KBAET"] == "exempt"
    assert categories["ATK"] == categories["HO"] == "out_of_scope"
    for code, category, reason in rows:
        if category in ("exempt", "out_of_scope"):
            assert "Áfa tv." in reason or "tagállam" in reason or "ország" in reason, code


def test_reopening_does_not_run_migrations_again(tmp_path, monkeypatch):
    path = tmp_path / "again.db"
    open_database(path).close()

    def refuse(script):
        raise AssertionError("migration re-run on an up-to-date file")

    monkeypatch.setattr(db_connection, "split_sql", refuse)
    db = open_database(path)
    try:
        assert db.execute_sql("SELECT COUNT(*) FROM vat_rate").fetchone()[0] == 15
        assert schema_version(db) == migration_scripts()[-1][0]
    finally:
        db.close()


def test_a_new_migration_is_applied_once_on_the_next_open(tmp_path, monkeypatch):
    path = tmp_path / "upgrade.db"
    open_database(path).close()
    latest = migration_scripts()[-1][0]
    extra = (
        latest + 1,
        "-- test\nCREATE TABLE extra (id INTEGER PRIMARY KEY);\nINSERT INTO extra (id) VALUES (1);",
    )
    shipped = migration_scripts()
    monkeypatch.setattr(db_connection, "migration_scripts", lambda: [*shipped, extra])
    db = open_database(path)
    assert schema_version(db) == latest + 1
    db.close()
    db = open_database(path)  # the INSERT would fail on a second run (primary key)
    try:
        assert db.execute_sql("SELECT COUNT(*) FROM extra").fetchone()[0] == 1
    finally:
        db.close()


def test_a_failing_migration_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "broken.db"
    open_database(path).close()
    latest = migration_scripts()[-1][0]
    broken = (latest + 1, "CREATE TABLE half (id INTEGER);\nCREATE TABLE (oops;")
    shipped = migration_scripts()
    monkeypatch.setattr(db_connection, "migration_scripts", lambda: [*shipped, broken])
    with pytest.raises(Exception, match="syntax"):
        open_database(path)
    database.obj.close()
    check = sqlite3.connect(path)
    try:
        assert check.execute("PRAGMA user_version").fetchone()[0] == latest
        tables = {n for (n,) in check.execute("SELECT name FROM sqlite_master")}
        assert "half" not in tables
    finally:
        check.close()


def test_split_sql_drops_comments_and_empty_statements():
    script = "-- heading\nCREATE TABLE a (x);\n\n  -- note\nINSERT INTO a VALUES (1);\n;"
    assert split_sql(script) == ["CREATE TABLE a (x)", "INSERT INTO a VALUES (1)"]


def test_split_sql_keeps_a_trigger_body_whole():
    script = (
        "CREATE TABLE a (x);\n"
        "CREATE TRIGGER t AFTER INSERT ON a\nBEGIN\n    UPDATE a SET x = 1;\n    SELECT 1;\nEND;\n"
    )
    statements = split_sql(script)
    assert len(statements) == 2
    assert statements[1].startswith("CREATE TRIGGER t") and statements[1].endswith("END")


def test_migration_files_are_numbered_without_gaps():
    versions = [version for version, _ in migration_scripts()]
    assert versions == list(range(1, len(versions) + 1))
