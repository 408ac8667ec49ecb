"""okos purchase create|receive|close|list"""

from __future__ import annotations

import argparse

from okos_tui.cli.commands.stock import add_format
from okos_tui.cli.items import add_item_arguments, collect_items
from okos_tui.domain.purchasing import (
    close_purchase_order,
    create_purchase_order,
    list_purchase_orders,
    receive_purchase_order,
)
from okos_tui.i18n import t
from okos_tui.services.reports.columns import PURCHASE_COLUMNS
from okos_tui.services.reports.output import print_report
from okos_tui.services.workspace import Context


def register(commands: argparse._SubParsersAction) -> None:
    purchase = commands.add_parser("purchase", help="purchase orders to suppliers")
    verbs = purchase.add_subparsers(dest="verb", metavar="VERB", required=True)

    create = verbs.add_parser(
        "create",
        help="order goods from a supplier (incoming stock until received)",
        description="Create a purchase order. Items are SKU=QTY or SKU=QTY@NET_UNIT_PRICE "
        "(default: the product's purchase price).",
    )
    create.add_argument("--supplier", required=True, help="supplier name (created if new)")
    create.add_argument("--warehouse", metavar="CODE", help="receiving warehouse (default: first)")
    create.add_argument("--note", default="", help="note on the order")
    add_item_arguments(create, with_price=True, help_text="ordered items")
    create.set_defaults(handler=run_create)

    receive = verbs.add_parser(
        "receive",
        help="receive a purchase order in part or in full",
        description="Receive goods of an open purchase order. Without items everything still "
        "expected is received; with SKU=QTY items only those. Receiving more than is still "
        "expected is refused.",
    )
    receive.add_argument("number", help="purchase order number, e.g. SZM-2026-000001")
    receive.add_argument("--note", default="", help="note on the receipt")
    add_item_arguments(receive, with_price=False, help_text="received items (default: all)")
    receive.set_defaults(handler=run_receive)

    close = verbs.add_parser(
        "close", help="close an open purchase order: the rest is no longer expected"
    )
    close.add_argument("number", help="purchase order number")
    close.set_defaults(handler=run_close)

    listing = verbs.add_parser("list", help="list purchase orders")
    listing.add_argument(
        "--status", choices=("open", "received", "closed"), help="only this status"
    )
    add_format(listing)
    listing.set_defaults(handler=run_list)


def run_create(context: Context, args: argparse.Namespace) -> int:
    config = context.open()
    items = collect_items(args, with_price=True)
    order = create_purchase_order(
        args.supplier, args.warehouse or config.default_warehouse, items, note=args.note
    )
    print(t("cli.document_created", number=order.number, count=len(items)))
    return 0


def run_receive(context: Context, args: argparse.Namespace) -> int:
    config = context.open()
    items = collect_items(args, with_price=False) if (args.items or args.file) else []
    document = receive_purchase_order(
        args.number, items, note=args.note, allow_negative=config.stock.allow_negative
    )
    print(t("cli.document_created", number=document.number, count=len(document.movements)))
    return 0


def run_close(context: Context, args: argparse.Namespace) -> int:
    context.open()
    order = close_purchase_order(args.number)
    print(t("cli.purchase_closed", number=order.number))
    return 0


def run_list(context: Context, args: argparse.Namespace) -> int:
    context.open()
    print_report(list_purchase_orders(args.status), PURCHASE_COLUMNS, args.format)
    return 0
