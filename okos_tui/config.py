"""okos.toml: finding it, reading it and checking every key before anything else runs.

A mistake is reported once, naming the file, the key and what is expected, as a `ConfigError`.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .i18n import t

CONFIG_ENV = "OKOS_CONFIG"
DEFAULT_NAME = "okos.toml"
TAX_NUMBER = re.compile(r"^\d{8}-\d-\d{2}$")
WAREHOUSE_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,15}$")
ORDER_PREFIX = re.compile(r"^[A-Z][A-Z0-9]{0,7}$")
LANGUAGES = ("hu", "en")


class ConfigError(Exception):
    """A configuration problem, with the file and the key it concerns."""

    def __init__(self, path: Path | None, key: str, problem: str) -> None:
        self.path = path
        self.key = key
        self.problem = problem
        where = f"{path}: " if path else ""
        super().__init__(f"{where}{key}: {problem}" if key else f"{where}{problem}")


@dataclass(frozen=True)
class CompanySettings:
    name: str
    tax_number: str = ""
    address: str = ""
    bank_account: str = ""
    vat_exempt: bool = False


@dataclass(frozen=True)
class WarehouseSettings:
    code: str
    name: str


@dataclass(frozen=True)
class StockSettings:
    allow_negative: bool = False


@dataclass(frozen=True)
class OrderSettings:
    prefix: str = "R"


@dataclass(frozen=True)
class UiSettings:
    language: str = "hu"


@dataclass(frozen=True)
class Config:
    path: Path
    database_path: Path
    company: CompanySettings
    warehouses: tuple[WarehouseSettings, ...]
    stock: StockSettings = field(default_factory=StockSettings)
    orders: OrderSettings = field(default_factory=OrderSettings)
    ui: UiSettings = field(default_factory=UiSettings)

    @property
    def default_warehouse(self) -> str:
        return self.warehouses[0].code


def find_config(explicit: str | Path | None, cwd: Path | None = None) -> Path:
    """--config PATH, then $OKOS_CONFIG, then ./okos.toml."""
    if explicit:
        path = Path(explicit)
        source = "--config"
    elif os.environ.get(CONFIG_ENV):
        path = Path(os.environ[CONFIG_ENV])
        source = f"${CONFIG_ENV}"
    else:
        path = (cwd or Path.cwd()) / DEFAULT_NAME
        source = None
    if not path.is_file():
        if source:
            raise ConfigError(path, "", t("config.missing_named", source=source))
        raise ConfigError(None, "", t("config.no_file"))
    return path.resolve()


def load_config(explicit: str | Path | None = None, cwd: Path | None = None) -> Config:
    path = find_config(explicit, cwd)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, "", t("config.bad_toml", detail=exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, "", t("config.unreadable", detail=exc)) from None
    return parse_config(raw, path)


class _Reader:
    """Typed access to one TOML table that names the key in every complaint."""

    def __init__(self, path: Path, table: dict[str, Any], prefix: str, known: set[str]) -> None:
        self.path = path
        self.table = table
        self.prefix = prefix
        unknown = sorted(set(table) - known)
        if unknown:
            known_keys = ", ".join(sorted(known))
            raise ConfigError(path, self.key(unknown[0]), t("config.unknown_key", known=known_keys))

    def key(self, name: str) -> str:
        return f"{self.prefix}.{name}" if self.prefix else name

    def wrong(self, name: str, expected: str, got: object) -> ConfigError:
        problem = t("config.wrong_value", expected=expected, got=repr(got))
        return ConfigError(self.path, self.key(name), problem)

    def string(
        self,
        name: str,
        default: str | None = None,
        pattern: re.Pattern | None = None,
        expected: str | None = None,
    ) -> str:
        expected = expected or t("config.expect.text")
        if name not in self.table:
            if default is None:
                problem = t("config.missing_key", expected=expected)
                raise ConfigError(self.path, self.key(name), problem)
            return default
        value = self.table[name]
        if not isinstance(value, str) or (default is None and not value.strip()):
            raise self.wrong(name, expected, value)
        if pattern and value and not pattern.match(value):
            raise self.wrong(name, expected, value)
        return value

    def boolean(self, name: str, default: bool) -> bool:
        value = self.table.get(name, default)
        if not isinstance(value, bool):
            raise self.wrong(name, t("config.expect.bool"), value)
        return value

    def table_of(self, name: str) -> dict[str, Any]:
        value = self.table.get(name, {})
        if not isinstance(value, dict):
            raise self.wrong(name, t("config.expect.table", name=name), value)
        return value


TOP_LEVEL_KEYS = {"database", "company", "warehouses", "stock", "orders", "ui"}


def parse_config(raw: dict[str, Any], path: Path) -> Config:
    top = _Reader(path, raw, "", TOP_LEVEL_KEYS)

    database = _Reader(path, top.table_of("database"), "database", {"path"})
    db_text = database.string("path", "okos.db", expected=t("config.expect.path"))
    if not db_text.strip():  # "" would name the okos.toml's folder, not a file
        raise database.wrong("path", t("config.expect.path"), db_text)
    db_path = Path(db_text)
    if not db_path.is_absolute():
        db_path = path.parent / db_path

    if "company" not in raw:
        problem = t("config.missing_key", expected=t("config.expect.company"))
        raise ConfigError(path, "company", problem)
    company_table = _Reader(
        path,
        top.table_of("company"),
        "company",
        {"name", "tax_number", "address", "bank_account", "vat_exempt"},
    )
    company = CompanySettings(
        name=company_table.string("name", expected=t("config.expect.company_name")),
        tax_number=company_table.string(
            "tax_number", "", TAX_NUMBER, t("config.expect.tax_number")
        ),
        address=company_table.string("address", ""),
        bank_account=company_table.string("bank_account", ""),
        vat_exempt=company_table.boolean("vat_exempt", False),
    )

    warehouses = _parse_warehouses(path, raw.get("warehouses"))

    stock_table = _Reader(path, top.table_of("stock"), "stock", {"allow_negative"})
    orders_table = _Reader(path, top.table_of("orders"), "orders", {"prefix"})
    ui_table = _Reader(path, top.table_of("ui"), "ui", {"language"})
    language = ui_table.string("language", "hu", expected=t("config.expect.language"))
    if language not in LANGUAGES:
        raise ui_table.wrong("language", t("config.expect.language"), language)
    return Config(
        path=path,
        database_path=db_path,
        company=company,
        warehouses=warehouses,
        stock=StockSettings(allow_negative=stock_table.boolean("allow_negative", False)),
        orders=OrderSettings(
            prefix=orders_table.string("prefix", "R", ORDER_PREFIX, t("config.expect.prefix"))
        ),
        ui=UiSettings(language=language),
    )


def _parse_warehouses(path: Path, value: Any) -> tuple[WarehouseSettings, ...]:
    if value is None:
        problem = t("config.missing_key", expected=t("config.expect.warehouses"))
        raise ConfigError(path, "warehouses", problem)
    if not isinstance(value, list) or not value or not all(isinstance(w, dict) for w in value):
        problem = t("config.wrong_value", expected=t("config.expect.warehouses"), got=repr(value))
        raise ConfigError(path, "warehouses", problem)
    result: list[WarehouseSettings] = []
    for index, table in enumerate(value):
        reader = _Reader(path, table, f"warehouses[{index}]", {"code", "name"})
        code = reader.string(
            "code", pattern=WAREHOUSE_CODE, expected=t("config.expect.warehouse_code")
        )
        if any(w.code == code for w in result):
            problem = t("config.duplicate_warehouse", code=code)
            raise ConfigError(path, reader.key("code"), problem)
        result.append(WarehouseSettings(code=code, name=reader.string("name")))
    return tuple(result)
