"""Gapless document numbers: PREFIX-YYYY-NNNNNN, one sequence per block and year.

`next_number` must run inside the transaction that creates the document, so a number is used
exactly when its document commits: a rollback returns it, and two processes never share one.
"""

from __future__ import annotations

from okos_tui.core.prefixes import DocumentPrefix
from okos_tui.db import NumberSequence, database

NUMBER_WIDTH = 6
__all__ = ["DocumentPrefix", "format_number", "next_number"]


def format_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}-{year:04d}-{sequence:0{NUMBER_WIDTH}d}"


def next_number(prefix: str, year: int) -> str:
    """Take the next number of block `prefix` for `year`. Call inside `database.atomic()`."""
    if not database.in_transaction():
        raise RuntimeError("next_number must be called inside a transaction")
    NumberSequence.insert(prefix=prefix, year=year, last_number=0).on_conflict_ignore().execute()
    updated = (
        NumberSequence.update(last_number=NumberSequence.last_number + 1)
        .where((NumberSequence.prefix == prefix) & (NumberSequence.year == year))
        .returning(NumberSequence.last_number)
        .execute()
    )
    return format_number(prefix, year, next(iter(updated)).last_number)
