"""okos demo: the back office with an emulated shop, a mail server and sample data, on a fresh
machine with no shop and no settings."""

from __future__ import annotations

import argparse
from pathlib import Path

from okos_tui.i18n import t
from okos_tui.services.workspace import Context


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "demo",
        help="open the app on a demo: an emulated shop with new orders, a local mail server",
        description="Create (anew) a demo folder with its own okos.toml and database, start an "
        "emulated ShopRenter shop (Hungarian sample data, a new order every minute) and a local "
        "SMTP server whose mails are kept in the folder, import the shop's products with stock, "
        "and open the UI with the timed sync running. Folder: $OKOS_DEMO_DIR, else "
        "~/.local/share/okos-tui/demo. --no-ui builds a local-only workspace and prints its "
        "stock analysis instead.",
    )
    parser.add_argument("--dir", type=Path, help="demo folder (recreated)")
    parser.add_argument("--no-ui", action="store_true", help="no shop and no UI: print a summary")
    parser.add_argument(
        "--order-interval",
        type=float,
        default=60,
        metavar="SECONDS",
        help="a new shop order every SECONDS (default 60)",
    )
    parser.set_defaults(handler=run_demo)


def run_demo(context: Context, args: argparse.Namespace) -> int:
    from okos_tui.demo import demo_folder

    folder = args.dir or demo_folder()
    if args.no_ui:
        return _local_only(folder)
    from okos_tui.demo import start_demo
    from okos_tui.domain.catalog.product_import import import_products_file

    services = start_demo(folder, order_interval=args.order_interval)
    try:
        config = Context(str(services.config_path)).open()
        import_products_file(folder / "products.csv", config.default_warehouse)
        from okos_tui.demo.ui.app import DemoApp  # after the language is set from okos.toml

        DemoApp(config, services.mail_folder).run()
    finally:
        services.stop()
    print(t("demo.bye", folder=folder))
    return 0


def _local_only(folder: Path) -> int:
    from okos_tui.cli.commands.stock import STOCK_COLUMNS
    from okos_tui.demo import prepare_folder
    from okos_tui.domain.catalog.product_import import import_products_file
    from okos_tui.domain.purchasing import create_purchase_order, receive_purchase_order
    from okos_tui.domain.sales.receipts import create_retail_receipt
    from okos_tui.domain.stock.documents import ItemInput, adjust_stock, receive_goods
    from okos_tui.domain.stock.report import stock_report
    from okos_tui.services.reports.output import print_report

    config_path = prepare_folder(folder)
    config = Context(str(config_path)).open()
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
