"""okos import-products FILE"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from okos_tui.domain.catalog.product_import import ImportFailed, import_products_file
from okos_tui.i18n import t
from okos_tui.services.workspace import Context


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "import-products",
        help="import the product master (and opening stock) from CSV",
        description=(
            "Import products from a CSV file (UTF-8, with or without BOM; ';' or ',' separated; "
            "decimal comma or point). Columns by header name: sku and name are required; unit, "
            "vat (e.g. 27%%), net_price, purchase_price, min_stock, warehouse (for min_stock and "
            "opening_qty; default: the first warehouse), opening_qty, supplier, supplier_sku, "
            "gtin, service (yes/no) are optional. All or nothing: one bad row and nothing is "
            "written. An empty cell keeps the value already in the database. Opening stock is "
            "recorded once per product and warehouse, never twice."
        ),
    )
    parser.add_argument("file", type=Path, help="the CSV file")
    parser.set_defaults(handler=run_import)


def run_import(context: Context, args: argparse.Namespace) -> int:
    config = context.open()
    try:
        result = import_products_file(args.file, config.default_warehouse)
    except ImportFailed as failure:
        print(t("cli.import_failed", file=args.file, count=len(failure.problems)), file=sys.stderr)
        for line, reason in failure.problems:
            print(t("cli.import_row_error", line=line, reason=reason), file=sys.stderr)
        return 1
    print(
        t(
            "cli.import_done",
            created=result.created,
            updated=result.updated,
            opening=result.opening_lines,
            document=", ".join(result.opening_documents) or "-",
            skipped=result.skipped_opening,
        )
    )
    return 0
