"""Domain errors carry a catalogue key and its parameters, so every front end can word them."""

from __future__ import annotations

from okos_tui.core.notices import Notice


class DomainError(Exception):
    """A refused operation. Raised before anything is written, or inside a rolled-back
    transaction, so the database is left exactly as it was."""

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(key)

    @property
    def notice(self) -> Notice:
        """What to tell the person, worded when shown."""
        return Notice(self.key, self.params)

    def __str__(self) -> str:
        return self.notice.render()


class NotFound(DomainError):
    """A code or number that names nothing in the database."""


class InvalidValue(DomainError):
    """A value of the wrong form: not a number, negative, too precise."""


class StockWouldGoNegative(DomainError):
    """A document would take physical stock below zero while that is not allowed."""


class InvalidState(DomainError):
    """An operation that the document's current status does not allow."""
