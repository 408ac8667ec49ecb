"""okos order create|edit|cancel|list|show and the order reports (fulfillable, picking,
procurement)."""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from okos_tui.cli.commands.stock import add_format
from okos_tui.core.errors import InvalidValue
from okos_tui.core.formatting import hu_date, hu_datetime, hu_money
from okos_tui.core.notices import render_all
from okos_tui.domain.catalog.items import parse_item, split_assignment
from okos_tui.domain.catalog.lookup import warehouse_by_code
from okos_tui.domain.sales.fulfillment import fulfillability, picking_summary, procurement_list
from okos_tui.domain.sales.orders import (
    AddressInput,
    CustomerInput,
    OrderEdit,
    OrderLineInput,
    SalesOrderStatus,
    cancel_order,
    create_order,
    edit_order,
    list_orders,
    order_totals,
)
from okos_tui.domain.tax.tax_numbers import (
    normalised_tax_number,
    tax_number_problem,
)
from okos_tui.i18n import t
from okos_tui.services.nav_reporting import check_taxpayer
from okos_tui.services.reports.columns import (
    FULFILLABLE_COLUMNS,
    LINE_COLUMNS,
    ORDER_LIST_COLUMNS,
    PICKING_COLUMNS,
    PROCUREMENT_COLUMNS,
)
from okos_tui.services.reports.documents import order_document
from okos_tui.services.reports.output import (
    clean_text,
    print_json,
    print_report,
)
from okos_tui.services.views import OrderView, address_line, order_view
from okos_tui.services.workspace import Context


def register(commands: argparse._SubParsersAction) -> None:
    order = commands.add_parser("order", help="sales orders")
    verbs = order.add_subparsers(dest="verb", metavar="VERB", required=True)

    create = verbs.add_parser(
        "create",
        help="record a phone or counter order",
        description="Create an OPEN sales order from flags or from a JSON file (--file). Lines "
        "are SKU=QTY or SKU=QTY@NET_UNIT_PRICE (default: the list price); services without a "
        "product go with --service 'NAME=QTY@NET_UNIT_PRICE[@VAT]'. The order reserves its "
        "goods in its warehouse until it is invoiced or cancelled.",
    )
    create.add_argument("lines", nargs="*", metavar="SKU=QTY[@PRICE]", help="product lines")
    create.add_argument("--file", type=Path, help="the whole order as JSON (see README)")
    create.add_argument("--customer", help="customer name (family name first)")
    create.add_argument("--email", default="")
    create.add_argument("--phone", default="")
    create.add_argument("--tax-number", default="")
    for kind in ("billing", "delivery"):
        for part in ("postcode", "city", "street", "country"):
            create.add_argument(f"--{kind}-{part}", default="", help=f"{kind} address: {part}")
    create.add_argument("--warehouse", metavar="CODE", help="warehouse that reserves the goods")
    create.add_argument("--payment", help="payment method name")
    create.add_argument("--shipping", help="shipping method name")
    create.add_argument("--currency", default="HUF")
    create.add_argument("--header-note", default="")
    create.add_argument("--internal-note", default="")
    create.add_argument(
        "--service",
        action="append",
        default=[],
        metavar="NAME=QTY@PRICE[@VAT]",
        help="a service line without product (repeatable)",
    )
    create.set_defaults(handler=run_create)

    edit = verbs.add_parser(
        "edit",
        help="change an OPEN order's lines, prices, notes or buyer",
        description="Edit an OPEN order: --set SKU=QTY changes a quantity, --price SKU=PRICE a "
        "net unit price, --add SKU=QTY[@PRICE] adds a line, --remove SKU drops one; notes "
        "are replaced by --header-note / --internal-note. The buyer's data the invoice will "
        "carry are corrected with --buyer-name, --tax-number (checked; its VAT status follows), "
        "--billing-* (the country as an ISO code or a name), --email, --payment, --shipping, "
        "--paid DATE / --unpaid and --fulfilment DATE / --no-fulfilment (YYYY-MM-DD); an empty "
        "value ('') clears a field. All or nothing.",
    )
    edit.add_argument("number")
    edit.add_argument("--set", action="append", default=[], metavar="SKU=QTY")
    edit.add_argument("--price", action="append", default=[], metavar="SKU=PRICE")
    edit.add_argument("--add", action="append", default=[], metavar="SKU=QTY[@PRICE]")
    edit.add_argument("--remove", action="append", default=[], metavar="SKU")
    edit.add_argument("--header-note")
    edit.add_argument("--internal-note")
    edit.add_argument("--buyer-name", help="the billing name the invoice carries")
    edit.add_argument("--tax-number", help="Hungarian (12345676-2-41) or EU (DE123456789)")
    for part in ("postcode", "city", "street", "country"):
        edit.add_argument(f"--billing-{part}", help=f"billing address: {part}")
    edit.add_argument("--email")
    edit.add_argument("--payment", metavar="METHOD", help="payment method name or code")
    edit.add_argument("--shipping", metavar="METHOD", help="shipping method name")
    paid = edit.add_mutually_exclusive_group()
    paid.add_argument("--paid", metavar="DATE", help="the day it was paid (YYYY-MM-DD)")
    paid.add_argument("--unpaid", action="store_true", help="clear the payment date")
    fulfilment = edit.add_mutually_exclusive_group()
    fulfilment.add_argument(
        "--fulfilment", metavar="DATE", help="the fulfilment date the invoice takes"
    )
    fulfilment.add_argument(
        "--no-fulfilment", action="store_true", help="clear it: the payment method's rule decides"
    )
    edit.set_defaults(handler=run_edit)

    cancel = verbs.add_parser("cancel", help="cancel an OPEN order (releases its reservation)")
    cancel.add_argument("number")
    cancel.set_defaults(handler=run_cancel)

    listing = verbs.add_parser("list", help="list orders")
    listing.add_argument("--status", choices=[s.value for s in SalesOrderStatus])
    add_format(listing)
    listing.set_defaults(handler=run_list)

    show = verbs.add_parser("show", help="one order with its lines")
    show.add_argument("number")
    add_format(show)
    show.set_defaults(handler=run_show)


def register_reports(reports: argparse._SubParsersAction) -> None:
    fulfillable = reports.add_parser(
        "fulfillable",
        help="OPEN orders marked fulfillable or not from the stock",
        description="Every OPEN order, oldest first, with whether the physical stock can cover "
        "it after the older orders took theirs; missing lists SKU:qty pairs.",
    )
    fulfillable.add_argument("--warehouse", metavar="CODE")
    fulfillable.add_argument(
        "--only", choices=("yes", "no"), help="only fulfillable (yes) or only unfulfillable (no)"
    )
    add_format(fulfillable)
    fulfillable.set_defaults(handler=run_fulfillable)

    picking = reports.add_parser("picking", help="picking summary of a set of orders")
    picking.add_argument("numbers", nargs="+", metavar="ORDER_NUMBER")
    add_format(picking)
    picking.set_defaults(handler=run_picking)

    procurement = reports.add_parser(
        "procurement", help="what must be bought to fulfil a set of orders"
    )
    procurement.add_argument("numbers", nargs="+", metavar="ORDER_NUMBER")
    add_format(procurement)
    procurement.set_defaults(handler=run_procurement)


def _service_line(text: str) -> OrderLineInput:
    name, rest = split_assignment(text)
    parts = rest.split("@")
    if len(parts) not in (2, 3):
        raise InvalidValue("error.bad_line_item", item=text)
    return OrderLineInput(
        name=name,
        quantity=parts[0].strip(),
        unit_net=parts[1].strip(),
        vat=parts[2].strip() if len(parts) == 3 else None,
    )


def _order_from_file(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidValue("error.bad_order_file", file=path, detail=exc) from None
    if not isinstance(data, dict) or not isinstance(data.get("customer"), dict):
        raise InvalidValue("error.bad_order_file", file=path, detail="customer {...} required")
    if not isinstance(data.get("lines"), list):
        raise InvalidValue("error.bad_order_file", file=path, detail="lines [...] required")
    return data


def _address(data: Any) -> AddressInput:
    if not isinstance(data, dict):
        return AddressInput()
    return AddressInput(
        **{k: str(data.get(k, "")) for k in ("name", "postcode", "city", "street", "country")}
    )


def _line_from_json(item: Any) -> OrderLineInput:
    if not isinstance(item, dict):
        raise InvalidValue("error.bad_line_item", item=str(item))

    def text(key: str) -> str | None:
        value = item.get(key)
        return None if value is None else str(value)

    return OrderLineInput(
        code=text("sku"),
        quantity=text("quantity") or "",
        unit_net=text("unit_net"),
        name=text("name"),
        vat=text("vat"),
        unit=text("unit"),
    )


def run_create(context: Context, args: argparse.Namespace) -> int:
    config = context.open()
    if args.file:
        data = _order_from_file(args.file)
        c = data["customer"]
        customer = CustomerInput(
            name=str(c.get("name", "")),
            email=str(c.get("email", "")),
            phone=str(c.get("phone", "")),
            tax_number=str(c.get("tax_number", "")),
            billing=_address(c.get("billing")),
            delivery=_address(c["delivery"]) if isinstance(c.get("delivery"), dict) else None,
        )
        lines = [_line_from_json(item) for item in data["lines"]]
        options = {
            "warehouse_code": str(data.get("warehouse") or config.default_warehouse),
            "payment_method": data.get("payment_method"),
            "shipping_method": data.get("shipping_method"),
            "currency": str(data.get("currency", "HUF")),
            "header_note": str(data.get("header_note", "")),
            "internal_note": str(data.get("internal_note", "")),
        }
    else:

        def address(kind: str) -> AddressInput:
            return AddressInput(
                name=args.customer or "",
                **{
                    part: getattr(args, f"{kind}_{part}")
                    for part in ("postcode", "city", "street", "country")
                },
            )

        has_delivery = any(getattr(args, f"delivery_{p}") for p in ("postcode", "city", "street"))
        customer = CustomerInput(
            name=args.customer or "",
            email=args.email,
            phone=args.phone,
            tax_number=args.tax_number,
            billing=address("billing"),
            delivery=address("delivery") if has_delivery else None,
        )
        lines = [
            OrderLineInput(code=item.code, quantity=item.quantity, unit_net=item.price)
            for item in map(parse_item, args.lines)
        ] + [_service_line(text) for text in args.service]
        options = {
            "warehouse_code": args.warehouse or config.default_warehouse,
            "payment_method": args.payment,
            "shipping_method": args.shipping,
            "currency": args.currency.upper(),
            "header_note": args.header_note,
            "internal_note": args.internal_note,
        }
    customer = replace(customer, tax_number=_checked_tax_number(customer.tax_number))
    order = create_order(customer, lines, prefix=config.orders.prefix, **options)
    total = hu_money(order_totals(order).gross, order.currency)
    print(t("cli.order_created", number=order.number, total=total))
    return 0


def _checked_tax_number(number: str) -> str:
    """A tax number typed here is checked at once (the domain takes a shop's as it comes and
    refuses it only at invoicing), and stored in its normal form."""
    problem = tax_number_problem(number)
    if problem is not None:
        raise InvalidValue(problem, tax_number=number.strip())
    return normalised_tax_number(number)


def _pairs(texts: list[str]) -> dict[str, str]:
    return dict(map(split_assignment, texts))


def run_edit(context: Context, args: argparse.Namespace) -> int:
    config = context.open()
    taxpayer = check_taxpayer(config, args.tax_number or "")
    edit = OrderEdit(
        set_quantities=_pairs(args.set),
        set_prices=_pairs(args.price),
        add_lines=tuple(
            OrderLineInput(code=i.code, quantity=i.quantity, unit_net=i.price)
            for i in map(parse_item, args.add)
        ),
        remove=tuple(args.remove),
        header_note=args.header_note,
        internal_note=args.internal_note,
        buyer_name=args.buyer_name,
        tax_number=args.tax_number,
        billing_postcode=args.billing_postcode,
        billing_city=args.billing_city,
        billing_street=args.billing_street,
        billing_country=args.billing_country,
        email=args.email,
        payment_method=args.payment,
        shipping_method=args.shipping,
        paid_on="" if args.unpaid else args.paid,
        fulfilment_on="" if args.no_fulfilment else args.fulfilment,
    )
    if edit == OrderEdit():
        raise InvalidValue("cli.nothing_to_edit")
    order = edit_order(args.number, edit)
    total = hu_money(order_totals(order).gross, order.currency)
    print(t("cli.order_edited", number=order.number, total=total))
    if taxpayer:
        print(t("cli.taxpayer_known", name=taxpayer))
    return 0


def run_cancel(context: Context, args: argparse.Namespace) -> int:
    context.open()
    order = cancel_order(args.number)
    print(t("cli.order_cancelled", number=order.number))
    return 0


def run_list(context: Context, args: argparse.Namespace) -> int:
    context.open()
    print_report(list_orders(args.status), ORDER_LIST_COLUMNS, args.format)
    return 0


def run_show(context: Context, args: argparse.Namespace) -> int:
    context.open()
    order = order_view(args.number)
    if args.format == "json":
        print_json(order_document(order))
        return 0
    if args.format == "table":
        print_order_header(order)
    print_report(list(order.lines), LINE_COLUMNS, args.format)
    return 0


def print_order_header(order: OrderView) -> None:
    facts = [
        (t("col.order_number"), order.number),
        (t("col.status"), t(f"status.{order.status}")),
        (t("col.created"), hu_datetime(order.created_at)),
        (t("col.shop_order_id"), str(order.shop_order_id or "")),
        (t("col.customer"), order.customer_name),
        (t("col.email"), order.email),
        (t("col.tax_number"), order.tax_number),
        (t("col.vat_status"), t(f"vat_status.{order.vat_status}")),
        (t("col.billing"), address_line(order.billing, with_name=False)),
        (t("col.delivery"), address_line(order.delivery, with_name=False)),
        (t("col.warehouse"), order.warehouse),
        (t("col.payment_method"), order.payment_method),
        (t("col.paid_on"), hu_date(order.paid_on) if order.paid_on else ""),
        (t("col.fulfilment_on"), hu_date(order.fulfilment_on) if order.fulfilment_on else ""),
        (t("col.shipping_method"), order.shipping_method),
        (t("col.header_note"), order.header_note),
        (t("col.internal_note"), order.internal_note),
        (t("ui.order.review"), render_all(order.review, " | ")),
        (t("col.gross_total"), hu_money(order.totals.gross, order.currency)),
    ]
    optional = {  # shown when there is one
        t("col.shop_order_id"),
        t("ui.order.review"),
        t("col.paid_on"),
        t("col.fulfilment_on"),
    }
    facts = [(label, value) for label, value in facts if value or label not in optional]
    width = max(len(label) for label, _ in facts)
    for label, value in facts:
        print(f"{label.ljust(width)}  {clean_text(value)}".rstrip())
    print()


def run_fulfillable(context: Context, args: argparse.Namespace) -> int:
    context.open()
    warehouse_id = warehouse_by_code(args.warehouse).id if args.warehouse else None
    rows = fulfillability(warehouse_id)
    if args.only:
        rows = [r for r in rows if r.fulfillable == (args.only == "yes")]
    print_report(rows, FULFILLABLE_COLUMNS, args.format)
    return 0


def run_picking(context: Context, args: argparse.Namespace) -> int:
    context.open()
    print_report(picking_summary(args.numbers), PICKING_COLUMNS, args.format)
    return 0


def run_procurement(context: Context, args: argparse.Namespace) -> int:
    context.open()
    print_report(procurement_list(args.numbers), PROCUREMENT_COLUMNS, args.format)
    return 0
