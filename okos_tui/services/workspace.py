"""What every front end needs first: the configuration, and its database opened, migrated and
brought in line with it (warehouses, shops)."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from peewee import DatabaseError

from okos_tui.config import (
    CompanySettings,
    Config,
    ConfigError,
    DatabaseSettings,
    WarehouseSettings,
    find_config,
    load_config,
)
from okos_tui.db import Warehouse, database, open_database
from okos_tui.i18n import set_language
from okos_tui.services.setup import sync_shops, sync_warehouses


def _ignore(warning: str) -> None:
    """Warnings go nowhere unless a front end says where."""


@dataclass
class Context:
    """okos.toml (`config_arg`, else found as `find_config` says) and its database, opened
    once; `warn` gets what the file warns about (a front end shows it)."""

    config_arg: str | None
    warn: Callable[[str], None] = _ignore
    _config: Config | None = field(default=None, init=False)
    _opened: bool = field(default=False, init=False)

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.config_arg)
            set_language(self._config.ui.language)
            for warning in self._config.warnings:
                self.warn(warning)
        return self._config

    @property
    def database_label(self) -> str:
        """The database path for messages, without loading a configuration that failed."""
        return str(self._config.database_path) if self._config else "?"

    def open(self) -> Config:
        """Load the configuration and open the database it names (migrating it if needed)."""
        config = self.config
        if not self._opened:
            open_database(Path(config.database_path))
            sync_warehouses(config.warehouses)
            sync_shops(config.shops)
            self._opened = True
        return config


def fallback_config(explicit: str | None, error: ConfigError) -> Config:
    """A minimal configuration for a broken okos.toml whose database exists (its warehouses
    read from it), so the UI can still open on the local data; else the error stands."""
    try:
        path = find_config(explicit)
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        db_path = Path(raw["database"]["path"])
    except (ConfigError, OSError, tomllib.TOMLDecodeError, KeyError, TypeError):
        raise error from None
    db_path = db_path if db_path.is_absolute() else path.parent / db_path
    if not db_path.is_file():
        raise error
    open_database(db_path)
    warehouses = tuple(WarehouseSettings(code=w.code, name=w.name) for w in Warehouse.select())
    if not warehouses:
        raise error
    company = raw.get("company")
    name = str(company.get("name", "")) if isinstance(company, dict) else ""
    return Config(
        path=path,
        database=DatabaseSettings(path=db_path),
        company=CompanySettings(name=name.strip() or "?"),
        warehouses=warehouses,
    )


def data_version() -> int:
    """SQLite's data_version: it changes when another connection (another process, or a
    worker of ours) commits, so a screen knows to reload."""
    return database.execute_sql("PRAGMA data_version").fetchone()[0]


__all__ = ["Context", "DatabaseError", "data_version", "fallback_config"]
