"""What every command needs: the configuration and an open, migrated database."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from okos_tui.config import Config, load_config
from okos_tui.db import open_database
from okos_tui.i18n import set_language
from okos_tui.services.setup import sync_shops, sync_warehouses


@dataclass
class Context:
    config_arg: str | None
    _config: Config | None = field(default=None, init=False)
    _opened: bool = field(default=False, init=False)

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.config_arg)
            set_language(self._config.ui.language)
            for warning in self._config.warnings:
                print(warning, file=sys.stderr)
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
