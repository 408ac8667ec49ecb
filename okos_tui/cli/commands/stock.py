"""okos stock receive|adjust|count|movements and okos report stock"""

from __future__ import annotations

import argparse

from okos_tui.cli.items import add_item_arguments, collect_items
from okos_tui.domain.stock.documents import adjust_stock, count_inventory, receive_goods
from okos_tui.domain.stock.ledger import movement_history
from okos_tui.domain.stock.report import StockRow, stock_report
from okos_tui.i18n import t
from okos_tui.services.reports.columns import MOVEMENT_COLUMNS, STOCK_COLUMNS
from okos_tui.services.reports.output import FORMATS, print_report
from okos_tui.services.workspace import Context


def add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table for people, csv or json for machines",
    )


def register(commands: argparse._SubParsersAction) -> None:
    stock = commands.add_parser("stock", help="stock documents: receipt, adjustment, count")
    verbs = stock.add_subparsers(dest="verb", metavar="VERB", required=True)

    receive = verbs.add_parser(
        "receive",
        help="goods receipt from a supplier (without a purchase order)",
        description="Record a goods receipt. Items are SKU=QTY or SKU=QTY@NET_UNIT_PRICE; "
        "a GTIN (barcode) works in place of the SKU. Example: okos stock receive "
        "--warehouse MAIN --supplier 'Kerámia Kft.' TAL-01=12@1500 5998877665544=3",
    )
    _document_flags(receive)
    receive.add_argument("--supplier", help="supplier name (created if new)")
    add_item_arguments(receive, with_price=True, help_text="received items")
    receive.set_defaults(handler=run_receive)

    adjust = verbs.add_parser(
        "adjust",
        help="stock adjustment by signed quantities",
        description="Record a stock adjustment: SKU=+QTY adds, SKU=-QTY removes "
        "(e.g. breakage: okos stock adjust --note 'törött' BOR-07=-2).",
    )
    _document_flags(adjust)
    add_item_arguments(adjust, with_price=False, help_text="signed changes")
    adjust.set_defaults(handler=run_adjust)

    count = verbs.add_parser(
        "count",
        help="inventory count: set the counted quantities",
        description="Record an inventory count: each SKU=QTY is what was counted on the shelf; "
        "the document records the differences. Products not named are not touched.",
    )
    _document_flags(count)
    add_item_arguments(count, with_price=False, help_text="counted quantities")
    count.set_defaults(handler=run_count)

    movements = verbs.add_parser("movements", help="the stock movements of a product")
    movements.add_argument("sku", help="product SKU or GTIN")
    movements.add_argument("--warehouse", metavar="CODE", help="only this warehouse")
    add_format(movements)
    movements.set_defaults(handler=run_movements)


def register_reports(reports: argparse._SubParsersAction) -> None:
    parser = reports.add_parser(
        "stock",
        help="stock analysis: physical, reserved, free, minimum, incoming, to procure",
        description="Per product: physical, reserved, free = physical - reserved, minimum stock, "
        "incoming (open purchase orders) and to_procure = max(0, min_stock + reserved - "
        "physical - incoming). Without --warehouse: totals over all warehouses.",
    )
    parser.add_argument("--warehouse", metavar="CODE", help="one warehouse's figures")
    parser.add_argument(
        "--to-procure", action="store_true", help="only products that must be procured"
    )
    add_format(parser)
    parser.set_defaults(handler=run_stock_report)


def _document_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--warehouse", metavar="CODE", help="warehouse code (default: the first)")
    parser.add_argument("--note", default="", help="note on the document")


def _report_document(document, line_count: int) -> int:
    if document is None:
        print(t("cli.nothing_to_record"))
    else:
        print(t("cli.document_created", number=document.number, count=line_count))
    return 0


def run_receive(context: Context, args: argparse.Namespace) -> int:
    config = context.open()
    items = collect_items(args, with_price=True)
    document = receive_goods(
        args.warehouse or config.default_warehouse,
        items,
        supplier_name=args.supplier,
        note=args.note,
        allow_negative=config.stock.allow_negative,
    )
    return _report_document(document, len(items))


def run_adjust(context: Context, args: argparse.Namespace) -> int:
    config = context.open()
    items = collect_items(args, with_price=False)
    document = adjust_stock(
        args.warehouse or config.default_warehouse,
        items,
        note=args.note,
        allow_negative=config.stock.allow_negative,
    )
    return _report_document(document, len(items))


def run_count(context: Context, args: argparse.Namespace) -> int:
    config = context.open()
    items = collect_items(args, with_price=False)
    document = count_inventory(args.warehouse or config.default_warehouse, items, note=args.note)
    return _report_document(document, len(document.movements) if document else 0)


def run_movements(context: Context, args: argparse.Namespace) -> int:
    context.open()
    print_report(movement_history(args.sku, args.warehouse), MOVEMENT_COLUMNS, args.format)
    return 0


def run_stock_report(context: Context, args: argparse.Namespace) -> int:
    context.open()
    rows: list[StockRow] = stock_report(args.warehouse, to_procure_only=args.to_procure)
    print_report(rows, STOCK_COLUMNS, args.format)
    return 0
