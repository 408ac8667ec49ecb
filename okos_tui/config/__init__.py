"""okos.toml: finding it, reading it and checking every key before anything else runs.

Each key is declared once, with its type, default and meaning, in `model` (pydantic); `loading`
finds and reads the file and turns the first problem into a `ConfigError` naming the file, the key
and what is expected, in the user's language. Secrets are `Secret`s, read only when needed and
never shown; the binding ids a keymap may remap are in `keymap`.
"""

from okos_tui.config.errors import ConfigError
from okos_tui.config.keymap import BINDING_IDS
from okos_tui.config.loading import CONFIG_ENV, DEFAULT_NAME, find_config, load_config, parse_config
from okos_tui.config.model import (
    CompanySettings,
    Config,
    DatabaseSettings,
    InvoicingSettings,
    NavSettings,
    OkosToml,
    OrderSettings,
    ShopSettings,
    SmtpSettings,
    StockSettings,
    UiSettings,
    WarehouseSettings,
)
from okos_tui.config.secrets import Secret

__all__ = [
    "BINDING_IDS",
    "CONFIG_ENV",
    "DEFAULT_NAME",
    "CompanySettings",
    "Config",
    "ConfigError",
    "DatabaseSettings",
    "InvoicingSettings",
    "NavSettings",
    "OkosToml",
    "OrderSettings",
    "Secret",
    "ShopSettings",
    "SmtpSettings",
    "StockSettings",
    "UiSettings",
    "WarehouseSettings",
    "find_config",
    "load_config",
    "parse_config",
]
