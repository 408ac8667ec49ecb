"""Document lines as command-line arguments ("SKU=QTY@PRICE") and `--file CSV`."""

from __future__ import annotations

import argparse
from pathlib import Path

from okos_tui.core.errors import InvalidValue
from okos_tui.domain.catalog.items import parse_item, read_items_file
from okos_tui.domain.stock.documents import ItemInput


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
