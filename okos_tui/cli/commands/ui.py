"""`okos` (no command): open the terminal UI.

A configuration error does not keep anyone from the local data: when okos.toml is wrong but its
database can still be found, the UI opens on it read from a minimal configuration and shows the
problem on every screen."""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

from okos_tui.config import CompanySettings, Config, ConfigError, WarehouseSettings, find_config
from okos_tui.db import Warehouse, open_database
from okos_tui.i18n import t
from okos_tui.services.workspace import Context


def run_ui(context: Context, args: argparse.Namespace) -> int:
    try:
        config = context.open()
        problem = None
    except ConfigError as exc:
        config = _fallback(args.config, exc)
        problem = str(exc)
    from okos_tui.ui.app import OkosApp  # after the language is set from okos.toml

    OkosApp(config, problem=problem).run()
    return 0


def _fallback(explicit: str | None, error: ConfigError) -> Config:
    """The database named by a broken okos.toml, if it exists; else the error stands."""
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
    warehouses = tuple(WarehouseSettings(w.code, w.name) for w in Warehouse.select())
    if not warehouses:
        raise error
    print(t("ui.config_problem", detail=error), file=sys.stderr)
    return Config(
        path=path,
        database_path=db_path,
        company=CompanySettings(name=str(raw.get("company", {}).get("name", "?"))),
        warehouses=warehouses,
    )
