"""okos receipt create"""

from __future__ import annotations

import argparse

from okos_tui.cli.items import add_item_arguments, collect_items
from okos_tui.core.formatting import hu_money
from okos_tui.domain.sales.receipts import create_retail_receipt
from okos_tui.i18n import t
from okos_tui.services.workspace import Context


def register(commands: argparse._SubParsersAction) -> None:
    receipt = commands.add_parser("receipt", help="retail receipts (counter sales)")
    verbs = receipt.add_subparsers(dest="verb", metavar="VERB", required=True)
    create = verbs.add_parser(
        "create",
        help="sell over the counter: the goods leave the stock",
        description="Issue a retail receipt. Items are SKU=QTY or SKU=QTY@GROSS_UNIT_PRICE "
        "(default: the net list price plus VAT, rounded to whole forints).",
    )
    create.add_argument("--warehouse", metavar="CODE", help="warehouse (default: the first)")
    create.add_argument(
        "--payment", default="Készpénz", help="payment method name or code (default: Készpénz)"
    )
    create.add_argument("--note", default="", help="note on the receipt")
    add_item_arguments(create, with_price=True, help_text="sold items")
    create.set_defaults(handler=run_create)


def run_create(context: Context, args: argparse.Namespace) -> int:
    config = context.open()
    items = collect_items(args, with_price=True)
    receipt = create_retail_receipt(
        args.warehouse or config.default_warehouse,
        items,
        payment_method=args.payment,
        note=args.note,
        allow_negative=config.stock.allow_negative,
        cash_methods=config.invoicing.cash_methods,
    )
    print(t("cli.receipt_created", number=receipt.number, total=hu_money(receipt.payable)))
    return 0
