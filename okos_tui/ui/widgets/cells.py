"""Table cells as plain text: names, addresses and comments from the shop are never markup.

Textual's DataTable reads a `str` cell as Rich markup, so a customer called "[bold]x[/]" would be
bold and "[@click=app.quit]x" a link: every cell is a `Text`, which is shown as it is.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from rich.text import Text

from okos_tui.core.formatting import hu_date, hu_datetime, hu_money, hu_number


def clean(value: object) -> str:
    """Control characters (escape sequences, newlines) become spaces."""
    value = str(value)
    if value.isprintable():  # the common case, without a loop over the characters
        return value
    return "".join(ch if ch.isprintable() else " " for ch in value)


def text(value: object, style: str = "") -> Text:
    if value is None:
        return Text("")
    return Text(clean(value), style=style, no_wrap=True, overflow="ellipsis")


def number(value: Decimal | int | None, style: str = "") -> Text:
    if value is None:
        return Text("")
    shown = hu_number(Decimal(value))
    return Text(shown, style=style or ("red" if value < 0 else ""), justify="right")


def money(value: Decimal | None, currency: str = "HUF") -> Text:
    if value is None:
        return Text("")
    return Text(hu_money(value, currency), justify="right")


def when(value: datetime | date | None) -> Text:
    if value is None:
        return Text("")
    if isinstance(value, datetime):
        return Text(hu_datetime(value))
    return Text(hu_date(value))
