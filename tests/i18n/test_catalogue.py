"""The message catalogue: every message in both languages with the same placeholders, every
key used by the code, every code a family of keys is built from worded."""

from __future__ import annotations

import ast
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

import okos_tui
from okos_tui.i18n import LANGUAGES, MESSAGES, t_in

PACKAGE = Path(okos_tui.__file__).resolve().parent
CATALOGUE = PACKAGE / "i18n" / "catalogue"


def texts(key: str) -> Iterator[tuple[str, str]]:
    """(where, template) of every language and plural form of a message."""
    for language, text in MESSAGES[key].items():
        if isinstance(text, str):
            yield language, text
        else:
            for form, template in text.items():
                yield f"{language}/{form}", template


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def source_strings() -> tuple[set[str], set[str]]:
    """(string constants, literal prefixes of f-strings) in the code outside the catalogue."""
    constants: set[str] = set()
    prefixes: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if CATALOGUE in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values:
                first = node.values[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    prefixes.add(first.value)
    return constants, prefixes


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_placeholders(key):
    assert set(MESSAGES[key]) == set(LANGUAGES), key
    found = {where: placeholders(template) for where, template in texts(key)}
    assert len(set(map(frozenset, found.values()))) == 1, (key, found)


@pytest.mark.parametrize("key", sorted(k for k in MESSAGES if not isinstance(MESSAGES[k]["hu"], str)
                                       or not isinstance(MESSAGES[k]["en"], str)))  # fmt: skip
def test_plural_messages_count_and_have_every_form(key):
    for language, text in MESSAGES[key].items():
        forms = {"other"} if isinstance(text, str) else set(text)
        assert "other" in forms and forms <= {"one", "other"}, (key, language)
    assert "count" in placeholders(next(template for _, template in texts(key))), key
    for language in LANGUAGES:
        assert t_in(language, key, **dict.fromkeys(placeholders_of(key), 1))


def placeholders_of(key: str) -> set[str]:
    return set().union(*(placeholders(template) for _, template in texts(key)))


def test_every_key_is_used():
    constants, prefixes = source_strings()
    unused = [
        key
        for key in MESSAGES
        if key not in constants and not any(key.startswith(p) and p.endswith(".") for p in prefixes)
    ]
    assert unused == []


def test_every_code_a_key_is_built_from_has_its_message():
    """Keys made from codes (f"status.{status}"): each code the program has is worded."""
    from okos_tui.core.prefixes import DocumentPrefix  # noqa: F401 (the import proves it loads)
    from okos_tui.db import (
        EmailStatus,
        InvoiceKind,
        NavStatus,
        PurchaseOrderStatus,
        SalesOrderStatus,
        StockDocumentKind,
    )

    families = {
        "status": {s.value for s in (*SalesOrderStatus, *PurchaseOrderStatus)},
        "email": {s.value for s in EmailStatus} | {"skipped", "uncertain", "dry-run"},
        "ui.email_status": {s.value for s in EmailStatus},
        "ui.nav_status": {s.value for s in NavStatus} - {NavStatus.SENDING},  # shown as sent
        "invoice.kind": {k.value for k in InvoiceKind},
        "kind": {k.value for k in StockDocumentKind},
        "sync.status": {"running", "ok", "failed"},
        "word": {"yes", "no"},
        "ui.language": set(LANGUAGES),
    }
    missing = [
        f"{family}.{code}"
        for family, codes in families.items()
        for code in codes
        if f"{family}.{code}" not in MESSAGES
    ]
    assert missing == []
