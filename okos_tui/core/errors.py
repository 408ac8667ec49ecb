"""Domain errors carry a catalogue key and its parameters, so every front end can word them."""

from __future__ import annotations

from okos_tui.i18n import MESSAGES, t


class DomainError(Exception):
    """A refused operation. Raised before anything is written, or inside a rolled-back
    transaction, so the database is left exactly as it was."""

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(key)

    def __str__(self) -> str:
        params = dict(self.params)
        if "status" in params and f"status.{params['status']}" in MESSAGES:
            params["status"] = t(f"status.{params['status']}")  # "Törölt", not "cancelled"
        return t(self.key, **params)


class NotFound(DomainError):
    """A code or number that names nothing in the database."""


class InvalidValue(DomainError):
    """A value of the wrong form: not a number, negative, too precise."""


class StockWouldGoNegative(DomainError):
    """A document would take physical stock below zero while that is not allowed."""


class InvalidState(DomainError):
    """An operation that the document's current status does not allow."""
