"""okos order create|edit|cancel|list|show and the order reports (fulfillable, picking,
procurement)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from okos_tui.cli.commands.stock import add_format
from okos_tui.cli.items import parse_item
from okos_tui.core.errors import InvalidValue
from okos_tui.core.formatting import hu_datetime, hu_money
from okos_tui.db import SalesOrder, SalesOrderLine, SalesOrderStatus
from okos_tui.domain.catalog.lookup import warehouse_by_code
from okos_tui.domain.sales.fulfillment import fulfillability, picking_summary, procurement_list
from okos_tui.domain.sales.orders import (
    AddressInput,
    CustomerInput,
    OrderEdit,
    OrderLineInput,
    cancel_order,
    create_order,
    edit_order,
    get_order,
    list_orders,
    order_totals,
)
from okos_tui.i18n import t
from okos_tui.services.reports.output import (
    Column,
    clean_text,
    machine_value,
    money_text,
    print_json,
    print_report,
)
from okos_tui.services.workspace import Context

ORDER_LIST_COLUMNS = (
    Column("number", lambda o: o.number),
    Column("status", lambda o: o.status, display=lambda v: t(f"status.{v}")),
    Column("shop", lambda o: o.shop),
    Column("shop_order_id", lambda o: o.shop_order_id),
    Column("created", lambda o: o.created),
    Column("customer", lambda o: o.customer),
    Column("warehouse", lambda o: o.warehouse),
    Column("gross_total", lambda o: o.gross_total, money=True),
)

FULFILLABLE_COLUMNS = (
    Column("order_number", lambda r: r.order_number),
    Column("shop", lambda r: r.shop),
    Column("shop_order_id", lambda r: r.shop_order_id),
    Column("created", lambda r: r.created),
    Column("customer", lambda r: r.customer),
    Column("gross_total", lambda r: r.gross_total, money=True),
    Column(
        "fulfillable",
        lambda r: "yes" if r.fulfillable else "no",
        display=lambda v: t(f"word.{v}"),
    ),
    Column(
        "missing",
        lambda r: ";".join(f"{m.sku}:{machine_value(QTY, m.quantity)}" for m in r.missing),
    ),
)
QTY = Column("quantity", lambda v: v)

PICKING_COLUMNS = (
    Column("sku", lambda r: r.sku),
    Column("name", lambda r: r.name),
    Column("quantity", lambda r: r.quantity),
    Column("unit", lambda r: r.unit),
)

PROCUREMENT_COLUMNS = (
    Column("sku", lambda r: r.sku),
    Column("name", lambda r: r.name),
    Column("needed", lambda r: r.needed),
    Column("available", lambda r: r.available),
    Column("incoming", lambda r: r.incoming),
    Column("to_procure", lambda r: r.to_procure),
    Column("supplier", lambda r: r.supplier),
    Column("supplier_sku", lambda r: r.supplier_sku),
)


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
        help="change an OPEN order's lines, prices or notes",
        description="Edit an OPEN order: --set SKU=QTY changes a quantity, --price SKU=PRICE a "
        "net unit price, --add SKU=QTY[@PRICE] adds a line, --remove SKU drops one; notes "
        "are replaced by --header-note / --internal-note. All or nothing.",
    )
    edit.add_argument("number")
    edit.add_argument("--set", action="append", default=[], metavar="SKU=QTY")
    edit.add_argument("--price", action="append", default=[], metavar="SKU=PRICE")
    edit.add_argument("--add", action="append", default=[], metavar="SKU=QTY[@PRICE]")
    edit.add_argument("--remove", action="append", default=[], metavar="SKU")
    edit.add_argument("--header-note")
    edit.add_argument("--internal-note")
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
    name, sep, rest = text.rpartition("=")
    parts = rest.split("@")
    if not sep or not name.strip() or len(parts) not in (2, 3):
        raise InvalidValue("cli.bad_line_item", item=text)
    return OrderLineInput(
        name=name.strip(),
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
        raise InvalidValue("cli.bad_line_item", item=str(item))

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
    order = create_order(customer, lines, prefix=config.orders.prefix, **options)
    total = hu_money(order_totals(order).gross, order.currency)
    print(t("cli.order_created", number=order.number, total=total))
    return 0


def _pairs(texts: list[str]) -> dict[str, str]:
    pairs = {}
    for text in texts:
        code, sep, value = text.rpartition("=")
        if not sep or not code.strip() or not value.strip():
            raise InvalidValue("cli.bad_line_item", item=text)
        pairs[code.strip()] = value.strip()
    return pairs


def run_edit(context: Context, args: argparse.Namespace) -> int:
    context.open()
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
    )
    if edit == OrderEdit():
        raise InvalidValue("cli.nothing_to_edit")
    order = edit_order(args.number, edit)
    total = hu_money(order_totals(order).gross, order.currency)
    print(t("cli.order_edited", number=order.number, total=total))
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


def order_document(order: SalesOrder) -> dict[str, Any]:
    """The machine-readable order: decimals as strings, times ISO 8601 with offset."""
    totals = order_totals(order)

    def address(kind: str) -> dict[str, str]:
        return {
            p: getattr(order, f"{kind}_{p}")
            for p in ("name", "postcode", "city", "street", "country")
        }

    lines = order.lines.order_by(SalesOrderLine.position)
    return {
        "number": order.number,
        "status": order.status,
        "shop": order.shop,
        "shop_order_id": order.shop_order_id,
        "created": machine_value(QTY, order.created_at),
        "customer": {
            "name": order.customer_name,
            "email": order.email,
            "phone": order.phone,
            "tax_number": order.tax_number,
            "billing": address("billing"),
            "delivery": address("delivery"),
        },
        "header_note": order.header_note,
        "internal_note": order.internal_note,
        "review_note": order.review_note,
        "warehouse": order.warehouse.code,
        "payment_method": order.payment_method.name if order.payment_method else None,
        "shipping_method": order.shipping_method.name if order.shipping_method else None,
        "currency": order.currency,
        "lines": [
            {
                "sku": line.product.sku if line.product else None,
                "name": line.name,
                "service": line.is_service,
                "quantity": machine_value(QTY, line.quantity),
                "unit": line.unit,
                "unit_net": money_text(line.unit_net),
                "vat_rate": line.vat_rate.code,
                "net": money_text(line.net),
                "vat": money_text(line.vat),
                "gross": money_text(line.gross),
            }
            for line in lines
        ],
        "net_total": money_text(totals.net),
        "vat_total": money_text(totals.vat),
        "gross_total": money_text(totals.gross),
    }


ORDER_LINE_COLUMNS = (
    Column("sku", lambda line: line.product.sku if line.product else ""),
    Column("name", lambda line: line.name),
    Column("quantity", lambda line: line.quantity),
    Column("unit", lambda line: line.unit),
    Column("unit_net", lambda line: line.unit_net, money=True),
    Column("vat_rate", lambda line: line.vat_rate.code),
    Column("net", lambda line: line.net, money=True),
    Column("vat", lambda line: line.vat, money=True),
    Column("gross", lambda line: line.gross, money=True),
)


def run_show(context: Context, args: argparse.Namespace) -> int:
    context.open()
    order = get_order(args.number)
    if args.format == "json":
        print_json(order_document(order))
        return 0
    lines = list(order.lines.order_by(SalesOrderLine.position))
    if args.format == "table":
        print_order_header(order)
    print_report(lines, ORDER_LINE_COLUMNS, args.format)
    return 0


def print_order_header(order: SalesOrder) -> None:
    def address(kind: str) -> str:
        parts = (getattr(order, f"{kind}_{p}") for p in ("postcode", "city", "street", "country"))
        return " ".join(p for p in parts if p)

    facts = [
        (t("col.order_number"), order.number),
        (t("col.status"), t(f"status.{order.status}")),
        (t("col.created"), hu_datetime(order.created_at)),
        (t("col.customer"), order.customer_name),
        (t("col.email"), order.email),
        (t("col.tax_number"), order.tax_number),
        (t("col.billing"), address("billing")),
        (t("col.delivery"), address("delivery")),
        (t("col.warehouse"), order.warehouse.code),
        (t("col.payment_method"), order.payment_method.name if order.payment_method else ""),
        (t("col.shipping_method"), order.shipping_method.name if order.shipping_method else ""),
        (t("col.header_note"), order.header_note),
        (t("col.internal_note"), order.internal_note),
        (t("col.gross_total"), hu_money(order_totals(order).gross, order.currency)),
    ]
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
