"""Payment methods as the settings name them: by the method's name or its code, either way."""

from __future__ import annotations


def names_method(name: str, method: str, code: str = "") -> bool:
    """Whether `name` (from okos.toml) names the payment method `method` with code `code`:
    "Utánvét" and "COD" both name the seeded cash-on-delivery method."""
    return name.casefold() in {method.casefold(), code.casefold()} - {""}
