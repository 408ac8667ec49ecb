"""Printing reports as a table for people, or CSV / JSON for machines.

CSV: header row, "." decimal point, no thousands separators. JSON: decimals as strings, times as
ISO 8601 with the Budapest offset. Table: Hungarian number format, column titles from the
catalogue.
"""

from __future__ import annotations

import csv
import json
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TextIO

from okos_tui.core.formatting import hu_date, hu_datetime, hu_number, iso_datetime
from okos_tui.core.values import decimal_places, plain
from okos_tui.i18n import t

FORMATS = ("table", "csv", "json")


@dataclass(frozen=True)
class Column:
    """A report column: its machine name, how to read it from a row, and its table title key."""

    name: str
    read: Callable[[Any], Any]
    title_key: str | None = None
    money: bool = False  # money has at least two decimals for machines ("12.50")
    display: Callable[[Any], str] | None = None  # how people read the value, if not as is
    in_table: bool = True  # shown in the table for people; CSV and JSON carry every column

    @property
    def title(self) -> str:
        return t(self.title_key or f"col.{self.name}")


def machine_value(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return money_text(value) if column.money else plain(value)
    if isinstance(value, datetime):
        return iso_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def money_text(value: Decimal) -> str:
    """At least two decimals, more only when the amount has them: "12.50", "787.4016"."""
    text = plain(value)
    whole, _, fraction = text.partition(".")
    return f"{whole}.{fraction.ljust(2, '0')}"


def human_value(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if column.display is not None:
        return column.display(value)
    if isinstance(value, Decimal):
        if column.money and value != value.to_integral_value():
            return hu_number(value, max(2, decimal_places(value)))
        return hu_number(value)
    if isinstance(value, datetime):
        return hu_datetime(value)
    if isinstance(value, date):
        return hu_date(value)
    return str(value)


def print_report(
    rows: Sequence[Any], columns: Sequence[Column], fmt: str, out: TextIO | None = None
) -> None:
    out = out or sys.stdout
    if fmt == "table":
        columns = [c for c in columns if c.in_table]
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([c.name for c in columns])
        for row in rows:
            values = [machine_value(c, c.read(row)) for c in columns]
            writer.writerow(["" if v is None else v for v in values])
    elif fmt == "json":
        data = [{c.name: machine_value(c, c.read(row)) for c in columns} for row in rows]
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        print_table(
            [c.title for c in columns],
            [[human_value(c, c.read(row)) for c in columns] for row in rows],
            right_aligned=[_is_numeric(c, rows) for c in columns],
            out=out,
        )


def print_json(data: Any, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _is_numeric(column: Column, rows: Sequence[Any]) -> bool:
    return any(isinstance(column.read(row), Decimal) for row in rows[:1])


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clean_text(text: str) -> str:
    """Control characters from shop data must not move the terminal's cursor."""
    return "".join(
        "?" if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text
    )


def print_table(
    titles: Sequence[str],
    cells: Sequence[Sequence[str]],
    right_aligned: Sequence[bool],
    out: TextIO,
) -> None:
    cells = [[clean_text(c) for c in row] for row in cells]
    widths = [display_width(title) for title in titles]
    for row in cells:
        widths = [max(w, display_width(c)) for w, c in zip(widths, row, strict=True)]

    def line(values: Sequence[str]) -> str:
        parts = []
        for value, width, right in zip(values, widths, right_aligned, strict=True):
            pad = " " * (width - display_width(value))
            parts.append(pad + value if right else value + pad)
        return "  ".join(parts).rstrip()

    out.write(line(titles) + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        out.write(line(row) + "\n")
    if not cells:
        out.write(t("table.empty") + "\n")
