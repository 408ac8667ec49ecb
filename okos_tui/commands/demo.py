"""okos demo: a working back office with Hungarian sample data, on a fresh machine."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..demo import demo_folder, prepare_folder
from ..domain.product_import import import_products_file
from ..domain.purchasing import create_purchase_order, receive_purchase_order
from ..domain.receipts import create_retail_receipt
from ..domain.stock_documents import ItemInput, adjust_stock, receive_goods
from ..domain.stock_report import stock_report
from ..i18n import t
from .context import Context
from .output import print_report
from .stock import STOCK_COLUMNS


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "demo",
        help="build a demo workspace with Hungarian sample data and show it",
        description="Create (anew) a demo folder with its own okos.toml and database, import "
        "sample products with opening stock, record a few documents and show the stock "
        "analysis. Folder: $OKOS_DEMO_DIR, else ~/.local/share/okos-tui/demo.",
    )
    parser.add_argument("--dir", type=Path, help="demo folder (recreated)")
    parser.set_defaults(handler=run_demo)


def run_demo(context: Context, args: argparse.Namespace) -> int:
    folder = args.dir or demo_folder()
    config_path = prepare_folder(folder)
    demo = Context(str(config_path))
    config = demo.open()
    import_products_file(folder / "products.csv", config.default_warehouse)
    order = create_purchase_order(
        "Kerámia és Üveg Kft.", "MAIN", [ItemInput("TAL-001", "10"), ItemInput("BOG-010", "24")]
    )
    receive_purchase_order(order.number, [ItemInput("BOG-010", "12")])
    create_purchase_order("Pörkölő Műhely Kft.", "MAIN", [ItemInput("TEA-100", "20")])
    receive_goods("BOLT", [ItemInput("SZA-LEV", "10"), ItemInput("MEZ-500", "4")])
    create_retail_receipt("BOLT", [ItemInput("SZA-LEV", "2"), ItemInput("CSO-ERT", "1")])
    adjust_stock("MAIN", [ItemInput("BOR-007", "-1")], note="Törött palack")
    print(t("demo.intro", folder=folder, config=config_path))
    print()
    print_report(stock_report(), STOCK_COLUMNS, "table")
    print()
    print(t("demo.next_steps", config=config_path))
    return 0
