"""The shape of the message catalogue."""

from __future__ import annotations

from collections.abc import Mapping

PluralForms = Mapping[str, str]
"""A message that depends on a number: CLDR plural categories ("one", "other") to templates."""
Text = str | PluralForms
Entry = Mapping[str, Text]
"""One message: its text per language ("hu", "en")."""
Catalogue = dict[str, Entry]
