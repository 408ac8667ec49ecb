"""Opening the SQLite file: WAL, foreign keys, busy timeout, IMMEDIATE transactions, migrations.

Every `atomic()` begins IMMEDIATE: SQLite skips the busy handler when a read lock must be upgraded
to a write lock, so a deferred read-then-write transaction fails at once under concurrency
(measured in NOTES.md); taking the write lock up front makes the other process wait instead.
"""

from __future__ import annotations

import sqlite3
import time
from importlib import resources
from pathlib import Path

from peewee import OperationalError, SqliteDatabase

from okos_tui.db.base import database

BUSY_TIMEOUT_SECONDS = 10
PRAGMAS = {  # per connection; WAL is set once per file in `enable_wal`
    "synchronous": "normal",
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_SECONDS * 1000,
}


def open_database(path: Path | str) -> SqliteDatabase:
    """Open (creating if needed) the database at `path`, bind the models to it and migrate it."""
    db = SqliteDatabase(
        str(path), pragmas=PRAGMAS, timeout=BUSY_TIMEOUT_SECONDS, lock_type="IMMEDIATE"
    )
    database.initialize(db)
    db.connect(reuse_if_open=True)
    enable_wal(db)
    migrate(db)
    return db


def enable_wal(db: SqliteDatabase) -> None:
    """Switch the file to WAL (it stays so). Two processes creating a fresh file at once can
    meet here, and SQLite answers a journal-mode change with "locked" without waiting for the
    busy timeout, so wait and try again ourselves."""
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            db.execute_sql("PRAGMA journal_mode = wal")
            return
        except OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def migration_scripts() -> list[tuple[int, str]]:
    """The SQL migrations shipped in the package, as (version, sql), in order."""
    folder = resources.files("okos_tui.db") / "migrations"
    scripts = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            version = int(entry.name.split("_", 1)[0])
            scripts.append((version, entry.read_text(encoding="utf-8")))
    return sorted(scripts)


def schema_version(db: SqliteDatabase) -> int:
    return db.execute_sql("PRAGMA user_version").fetchone()[0]


def migrate(db: SqliteDatabase) -> int:
    """Apply the migrations the file has not seen yet; safe when two processes start at once."""
    scripts = migration_scripts()
    latest = scripts[-1][0] if scripts else 0
    if schema_version(db) >= latest:
        return latest
    with db.atomic():
        current = schema_version(db)  # again, now that we hold the write lock
        for version, sql in scripts:
            if version > current:
                for statement in split_sql(sql):
                    db.execute_sql(statement)
                db.execute_sql(f"PRAGMA user_version = {int(version)}")
    return latest


def split_sql(script: str) -> list[str]:
    """Split a migration file into statements; a trigger's BEGIN ... END stays whole."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        if not buffer.strip() and line.lstrip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statement = buffer.strip().removesuffix(";").strip()
            if statement:
                statements.append(statement)
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
