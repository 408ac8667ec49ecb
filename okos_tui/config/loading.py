"""Finding okos.toml, reading it, and telling what is wrong with it.

pydantic checks the file against `OkosToml`; the first problem it finds becomes one ConfigError
that names the file, the key (as written in okos.toml: `shops[0].order_prefix`) and what is
expected, worded from the message catalogue in the current language."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from okos_tui.config.errors import ConfigError
from okos_tui.config.model import Config, OkosToml
from okos_tui.config.values import (
    PROBLEM,
    Location,
    dotted,
    expectation,
    fields_of,
    known_keys,
    table_of,
)
from okos_tui.i18n import t

CONFIG_ENV = "OKOS_CONFIG"
DEFAULT_NAME = "okos.toml"

_FILE = TypeAdapter(OkosToml)
_MISSING = {"missing", "missing_argument", "missing_keyword_argument"}
_UNKNOWN = {"extra_forbidden", "unexpected_keyword_argument", "unexpected_positional_argument"}
_NOT_A_TABLE = {"dataclass_type", "dataclass_exact_type", "dict_type", "model_type"}


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


def parse_config(raw: dict[str, Any], path: Path) -> Config:
    """The settings of a parsed okos.toml at `path`; relative paths in it are relative to its
    folder. The first mistake is raised as a ConfigError."""
    context: dict[str, Any] = {"folder": path.parent, "warnings": []}
    try:
        document = _FILE.validate_python(raw, context=context)
    except ValidationError as exc:
        first = min(exc.errors(include_url=False), key=_file_order)
        raise _config_error(path, first) from None
    tables = {name: getattr(document, name) for name in fields_of(OkosToml)}
    return Config(path=path, warnings=tuple(context["warnings"]), **tables)


def _file_order(error: ErrorDetails) -> tuple[int, ...]:
    """Where a problem is, in the order okos.toml is read: table by table, key by key in the
    order they are declared, an unknown key of a table before its known ones."""
    order: list[int] = []
    table: Any = OkosToml
    for part in error["loc"]:
        if isinstance(part, int):
            order.append(part)
            continue
        names = list(fields_of(table))
        if part not in names:  # an unknown key, or a name in a table of names (ui.keymap)
            order.append(-1)
            table = None
            continue
        order.append(names.index(part))
        table = table_of(fields_of(table)[part].annotation)
    return tuple(order)


def _table_at(location: Location) -> Any:
    """The table class at a location of the file (OkosToml for the top)."""
    table: Any = OkosToml
    for part in location:
        if isinstance(part, str):
            field = fields_of(table).get(part)
            if field is None:
                return None
            table = table_of(field.annotation)
    return table


def _config_error(path: Path, error: ErrorDetails) -> ConfigError:
    """pydantic's error as the catalogue words it."""
    location: Location = tuple(error["loc"])
    kind = error["type"]
    if kind == PROBLEM:  # worded already, about a key at, below or beside the location
        context = error.get("ctx") or {}
        base = location[: len(location) - int(context.get("up", 0))]
        return ConfigError(path, dotted(base + tuple(context["at"])), str(context["problem"]))
    key = dotted(location)
    if kind in _UNKNOWN:
        known = ", ".join(known_keys(_table_at(location[:-1])))
        return ConfigError(path, key, t("config.unknown_key", known=known))
    named = [index for index, part in enumerate(location) if isinstance(part, str)]
    name = str(location[named[-1]]) if named else ""  # an item of a list: the list's key
    field = fields_of(_table_at(location[: named[-1]])).get(name) if named else None
    expected = expectation(field)
    if kind in _MISSING:
        return ConfigError(path, key, t("config.missing_key", expected=expected))
    got = repr(error.get("input"))
    if kind in _NOT_A_TABLE:
        expected = t("config.expect.table", name=name)
        return ConfigError(path, key, t("config.wrong_value", expected=expected, got=got))
    if kind == "finite_number":
        return ConfigError(path, key, t("config.not_finite", expected=expected, got=got))
    return ConfigError(path, key, t("config.wrong_value", expected=expected, got=got))
