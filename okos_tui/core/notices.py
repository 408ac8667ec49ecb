"""Notices: what the program has to tell a person, kept as a catalogue key and its parameters.

Stored facts stay independent of the UI language (a sync-log warning, an order's review note):
they are stored as codes and worded only when shown, in the language of whoever reads them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from okos_tui.i18n import MESSAGES, language, t_in

LEGACY_TEXT = "notice.text"
"""Text stored before notices were codes: shown as it was written."""


@dataclass(frozen=True)
class Notice:
    """A message by key, rendered on demand; a parameter may itself be a Notice."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, language_code: str | None = None) -> str:
        code = language_code or language()
        if self.key == LEGACY_TEXT or self.key not in MESSAGES:
            return str(self.params.get("text", self.key))
        params = {name: _shown(name, value, code) for name, value in self.params.items()}
        return t_in(code, self.key, **params)

    def __str__(self) -> str:
        return self.render()

    def to_data(self) -> dict[str, Any]:
        return {"key": self.key, "params": {k: _encode(v) for k, v in self.params.items()}}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Notice:
        params = data.get("params") or {}
        return cls(str(data["key"]), {k: _decode(v) for k, v in params.items()})


def _shown(name: str, value: Any, language_code: str) -> Any:
    if isinstance(value, Notice):
        return value.render(language_code)
    if name == "status" and f"status.{value}" in MESSAGES:  # "Törölt", not "cancelled"
        return t_in(language_code, f"status.{value}")
    return value


def notice(key: str, /, **params: Any) -> Notice:
    return Notice(key, params)


def text_notice(text: str) -> Notice:
    """A text that is already worded (a shop's or a server's own message)."""
    return Notice(LEGACY_TEXT, {"text": text})


def _encode(value: Any) -> Any:
    if isinstance(value, Notice):
        return {"$notice": value.to_data()}
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and "$notice" in value:
        return Notice.from_data(value["$notice"])
    return value


def dump_notices(notices: Iterable[Notice]) -> str:
    """Notices as stored in a text column: a JSON list; "" for none."""
    data = [n.to_data() for n in notices]
    return json.dumps(data, ensure_ascii=False) if data else ""


def load_notices(stored: str) -> list[Notice]:
    """The notices of a text column; text written before they were codes, one per line."""
    if not stored.strip():
        return []
    try:
        data = json.loads(stored)
    except ValueError:
        data = None
    if isinstance(data, list) and all(isinstance(d, dict) and "key" in d for d in data):
        return [Notice.from_data(d) for d in data]
    return [text_notice(line) for line in stored.splitlines() if line.strip()]


def render_all(notices: Iterable[Notice], separator: str = "\n") -> str:
    return separator.join(n.render() for n in notices)
