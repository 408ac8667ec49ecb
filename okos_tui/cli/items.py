"""Reading document lines from the command line ("SKU=QTY@PRICE") or from a CSV file."""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

from okos_tui.core.errors import InvalidValue
from okos_tui.domain.stock.documents import ItemInput
from okos_tui.i18n import t


def parse_item(text: str, *, with_price: bool = True) -> ItemInput:
    code, sep, rest = text.rpartition("=")
    if not sep or not code.strip() or not rest.strip():
        raise InvalidValue("cli.bad_line_item", item=text)
    quantity, at, price = rest.partition("@")
    if at and (not with_price or not price.strip()):
        raise InvalidValue("cli.bad_line_item", item=text)
    return ItemInput(
        code=code.strip(), quantity=quantity.strip(), price=price.strip() if at else None
    )


def read_items_file(path: Path) -> list[ItemInput]:
    """A CSV with columns sku and quantity (price optional), ';' or ',' separated."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidValue("import.not_csv", detail=str(exc)) from None
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if ";" in first else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter, strict=True)
    try:
        fields = [f.strip().lower() for f in reader.fieldnames or []]
        missing = [name for name in ("sku", "quantity") if name not in fields]
        if missing:
            raise InvalidValue("import.missing_columns", columns=", ".join(missing))
        items = []
        for row in reader:
            if None in row or None in row.values():  # more or fewer cells than the header
                found = len(fields) + len(row.get(None) or []) - list(row.values()).count(None)
                reason = t("import.wrong_field_count", found=found, expected=len(fields))
                raise InvalidValue("import.bad_row", line=reader.line_num, reason=reason)
            row = {k.strip().lower(): v.strip() for k, v in row.items()}
            if not any(row.values()):
                continue
            items.append(ItemInput(row["sku"], row["quantity"], row.get("price") or None))
    except csv.Error as exc:
        reason = t("import.not_csv", detail=exc)
        raise InvalidValue("import.bad_row", line=reader.line_num, reason=reason) from None
    return items


def add_item_arguments(
    parser: argparse.ArgumentParser, *, with_price: bool, help_text: str
) -> None:
    parser.add_argument(
        "items", nargs="*", metavar="SKU=QTY" + ("[@PRICE]" if with_price else ""), help=help_text
    )
    parser.add_argument(
        "--file",
        type=Path,
        metavar="CSV",
        help="read the lines from a CSV with columns sku;quantity"
        + (";price" if with_price else ""),
    )


def collect_items(args: argparse.Namespace, *, with_price: bool) -> list[ItemInput]:
    items = [parse_item(text, with_price=with_price) for text in args.items]
    if args.file:
        items.extend(read_items_file(args.file))
    if not items:
        raise InvalidValue("cli.no_items")
    return items
