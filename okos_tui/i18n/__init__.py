"""The one message catalogue: every text a user reads, in Hungarian (default) and English.

Code refers to messages by key; `t(key, **params)` renders one in the current language. A
message that counts something has plural forms (`{"one": ..., "other": ...}`) chosen by its
`count` parameter. The catalogue is split by area in `catalogue/`; a key is unique across all.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from okos_tui.i18n.catalogue import cli, config, documents, errors, reports, sync, ui
from okos_tui.i18n.types import Catalogue, Entry, Text

LANGUAGES = ("hu", "en")
_language = os.environ.get("OKOS_LANG", "hu") if os.environ.get("OKOS_LANG") in LANGUAGES else "hu"


def _merge(*parts: Catalogue) -> Catalogue:
    merged: Catalogue = {}
    for part in parts:
        twice = merged.keys() & part.keys()
        if twice:
            raise ValueError(f"message keys defined twice: {sorted(twice)}")
        merged.update(part)
    return merged


MESSAGES: Catalogue = _merge(
    config.MESSAGES,
    cli.MESSAGES,
    errors.MESSAGES,
    sync.MESSAGES,
    documents.MESSAGES,
    reports.MESSAGES,
    ui.MESSAGES,
)


def set_language(language: str) -> None:
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language: {language}")
    _language = language


def language() -> str:
    return _language


def is_key(text: str) -> bool:
    """Whether `text` names a message (bindings carry keys, translated when drawn)."""
    return text in MESSAGES


def t(key: str, /, **params: object) -> str:
    """Render message `key` in the current language with its named parameters."""
    return t_in(_language, key, **params)


def t_in(language: str, key: str, /, **params: object) -> str:
    """Render `key` in a given language: documents such as invoices are always Hungarian."""
    entry: Entry = MESSAGES[key]
    text: Text = entry.get(language) or entry["hu"]
    if isinstance(text, Mapping):
        text = text.get(plural_category(language, params.get("count")), text["other"])
    return text.format(**params) if params else text


def plural_category(language: str, count: object) -> str:
    """CLDR's cardinal category of `count`: both languages have "one" (exactly 1) and "other"
    (Hungarian nouns stay singular after a number, so its two forms are usually alike)."""
    return "one" if count == 1 else "other"
