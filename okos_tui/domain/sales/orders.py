"""Sales orders ("megrendelések"): creation, editing while OPEN, and guarded status changes.

OPEN -> INVOICED, OPEN -> CANCELLED and INVOICED -> OPEN (when the invoice is cancelled). Every
change runs in one IMMEDIATE transaction that re-reads the status under the write lock, so two
processes racing to cancel or edit the same order cannot both win.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from peewee import JOIN, Select, fn

from okos_tui.core import clock
from okos_tui.core.errors import InvalidState, InvalidValue, NotFound
from okos_tui.core.values import (
    currency_places,
    parse_date,
    parse_money,
    parse_quantity,
    round_money,
)
from okos_tui.db import (
    CartItem,
    Customer,
    PaymentMethod,
    Product,
    SalesOrder,
    SalesOrderLine,
    SalesOrderStatus,
    ShippingMethod,
    VatRate,
    Warehouse,
    database,
)
from okos_tui.db.fields import MONEY_PLACES, from_units
from okos_tui.db.prepared import prepared_insert
from okos_tui.domain.catalog.lookup import product_by_code, vat_by_code, warehouse_by_code
from okos_tui.domain.numbering import next_number
from okos_tui.domain.sales.customers import (
    AddressInput,
    CustomerInput,
    clean_text,
    customer_columns,
)
from okos_tui.domain.sales.customers import customer_record as customer_record_of
from okos_tui.domain.tax.countries import HOME_COUNTRY, country_code, country_name
from okos_tui.domain.tax.tax_numbers import (
    buyer_vat_status,
    normalised_tax_number,
    tax_number_problem,
)

HUNDRED = Decimal(100)
__all__ = [  # the buyer's inputs are given with the order's
    "AddressInput",
    "CustomerInput",
    "OrderEdit",
    "OrderLineInput",
    "OrderSummary",
    "SalesOrderStatus",
    "cancel_order",
    "create_order",
    "edit_order",
    "get_order",
    "insert_order",
    "known_methods",
    "list_orders",
    "order_totals",
    "price_line",
]
LINE_BATCH = 50  # order lines per INSERT (13 parameters each)
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class OrderLineInput:
    """A line by product code (stock item or service item), or a free-text service line.

    Without `unit_net` the product's net list price is used; without `vat` the product's rate.
    `net`/`vat_amount`/`gross` may be given by an importer whose amounts are authoritative."""

    code: str | None = None
    quantity: str | Decimal = "1"
    unit_net: str | Decimal | None = None
    name: str | None = None
    vat: str | None = None
    unit: str | None = None
    net: Decimal | None = None
    vat_amount: Decimal | None = None
    gross: Decimal | None = None


@dataclass(frozen=True)
class OrderEdit:
    """Changes to an OPEN order; fields left None stay as they are.

    The buyer's fields correct what the invoice will say: an empty text clears one (an empty
    country is the home country, an empty method none, an empty date none); a date is a `date`
    or its ISO text (YYYY-MM-DD), so a front end can hand over what was typed."""

    set_quantities: dict[str, str | Decimal] = field(default_factory=dict)
    set_prices: dict[str, str | Decimal] = field(default_factory=dict)
    add_lines: Sequence[OrderLineInput] = ()
    remove: Sequence[str] = ()
    header_note: str | None = None
    internal_note: str | None = None
    buyer_name: str | None = None
    tax_number: str | None = None
    billing_postcode: str | None = None
    billing_city: str | None = None
    billing_street: str | None = None
    billing_country: str | None = None  # an ISO code or a known name
    email: str | None = None
    payment_method: str | None = None  # by name or code; a new name is a new method
    shipping_method: str | None = None
    paid_on: date | str | None = None
    fulfilment_on: date | str | None = None


def _priced_line(line: OrderLineInput, currency: str, position: int) -> dict:
    """Resolve a line input into the column values of a SalesOrderLine."""
    product: Product | None = product_by_code(line.code) if line.code else None
    vat_rate = vat_by_code(line.vat) if line.vat else None
    return price_line(line, product, vat_rate, currency, position)


def price_line(
    line: OrderLineInput,
    product: Product | None,
    vat_rate: VatRate | None,
    currency: str,
    position: int,
) -> dict:
    """The column values of a SalesOrderLine for a line whose product and VAT rate are already
    records (an importer resolves them once per sync cycle, not once per line). Without
    `vat_rate` the product's rate applies, else 27%."""
    label = line.code or line.name or f"#{position}"
    quantity = parse_quantity(line.quantity, f"{label} quantity", allow_zero=False)
    if product is not None:
        list_price, product_name = product.net_price, product.name
    elif line.name and line.unit_net is not None:  # a free-text service line
        list_price, product_name = Decimal(0), line.name
    else:
        raise InvalidValue("error.service_line_incomplete", line=label)
    if vat_rate is None:
        vat_rate = product.vat_rate if product else vat_by_code("27%")
    unit_net = (
        parse_money(line.unit_net, f"{label} price", allow_negative=True)
        if line.unit_net is not None
        else list_price
    )
    places = currency_places(currency)
    if line.gross is not None:
        net, vat_amount, gross = line.net, line.vat_amount, line.gross
    else:
        net = round_money(unit_net * quantity, places)
        vat_amount = round_money(net * vat_rate.rate / HUNDRED, places)
        gross = net + vat_amount
    return {
        "position": position,
        "product": product.id if product else None,
        "is_service": product.is_service if product else True,
        "name": clean_text(line.name or product_name, "name", 500),
        "quantity": quantity,
        "unit": line.unit or (product.unit if product else "db"),
        "unit_net": unit_net,
        "vat_rate": vat_rate.id,
        "net": net,
        "vat": vat_amount,
        "gross": gross,
    }


def method_record(
    model: type[PaymentMethod] | type[ShippingMethod], name: str | None, code: str = ""
) -> PaymentMethod | ShippingMethod | None:
    """The payment or shipping method of this name, created on first use; a new payment
    method keeps the shop's code for it (COD, BANK_TRANSFER...), which the invoicing rules
    (cash, fulfilment) and NAV's payment method read."""
    if not name:
        return None
    name = clean_text(name, "method", 200)
    if model is PaymentMethod:  # "COD" and "Utánvét" name the same method
        known = PaymentMethod.get_or_none(
            (PaymentMethod.name == name) | (PaymentMethod.code == name.upper())
        )
        if known is not None:
            return known
        record, _ = PaymentMethod.get_or_create(
            name=name, defaults={"code": clean_text(code, "code", 50).upper()}
        )
        return record
    record, _ = model.get_or_create(name=name)
    return record


def create_order(
    customer: CustomerInput,
    lines: Sequence[OrderLineInput],
    *,
    warehouse_code: str,
    prefix: str,
    payment_method: str | None = None,
    shipping_method: str | None = None,
    currency: str = "HUF",
    header_note: str = "",
    internal_note: str = "",
    shop: str | None = None,
    shop_order_id: int | None = None,
    created_at: datetime | None = None,
    customer_record: Customer | None = None,
) -> SalesOrder:
    """Create an OPEN order; it reserves its stock lines in its warehouse from now on."""
    if not customer.name.strip():
        raise InvalidValue("error.required", field="customer")
    if not lines:
        raise InvalidValue("error.required", field="lines")
    with database.atomic():
        warehouse = warehouse_by_code(warehouse_code)
        priced = [_priced_line(line, currency, n) for n, line in enumerate(lines, start=1)]
        return insert_order(
            customer,
            priced,
            warehouse=warehouse,
            prefix=prefix,
            customer_record=customer_record or customer_record_of(customer_columns(customer)),
            payment_method=method_record(PaymentMethod, payment_method),
            shipping_method=method_record(ShippingMethod, shipping_method),
            currency=currency,
            header_note=header_note,
            internal_note=internal_note,
            shop=shop,
            shop_order_id=shop_order_id,
            created_at=created_at,
        )


def insert_order(
    customer: CustomerInput,
    priced: Sequence[dict],
    *,
    warehouse: Warehouse,
    prefix: str,
    customer_record: Customer,
    payment_method: PaymentMethod | None = None,
    shipping_method: ShippingMethod | None = None,
    currency: str = "HUF",
    header_note: str = "",
    internal_note: str = "",
    shop: str | None = None,
    shop_order_id: int | None = None,
    created_at: datetime | None = None,
    extra: Mapping[str, Any] | None = None,
) -> SalesOrder:
    """Create an OPEN order from lines already priced by `price_line` and records already
    resolved: the part of `create_order` an importer shares, so nothing is looked up twice.
    `extra`: further SalesOrder columns (the shop's total, a review note, the countries' ISO
    codes as the shop gives them) written in the same INSERT; without them the codes are read
    from the countries' names (none: the home country) and the buyer's VAT status from the tax
    number, which is kept as given (invoicing refuses a malformed one). Runs inside the
    caller's transaction (it takes the order's number), adding no savepoint of its own."""
    if not customer.name.strip():
        raise InvalidValue("error.required", field="customer")
    if not priced:
        raise InvalidValue("error.required", field="lines")
    created_at = created_at or clock.now()
    columns = customer_columns(customer)
    values = {
        "number": next_number(prefix, clock.local(created_at).year),
        "status": SalesOrderStatus.OPEN,
        "shop": shop,
        "shop_order_id": shop_order_id,
        "created_at": created_at,
        "updated_at": clock.now(),
        "customer": customer_record,
        "customer_name": columns.pop("name"),
        "warehouse": warehouse,
        "payment_method": payment_method,
        "shipping_method": shipping_method,
        "currency": currency,
        "header_note": clean_text(header_note, "header_note"),
        "internal_note": clean_text(internal_note, "internal_note"),
        "billing_country_code": _country_code_of(columns["billing_country"]),
        "delivery_country_code": _country_code_of(columns["delivery_country"]),
        "buyer_vat_status": buyer_vat_status(columns["tax_number"]).value,
        **columns,
        **(extra or {}),
    }
    order = SalesOrder(id=prepared_insert(SalesOrder).run([values]), **values)
    rows = [{**line, "order": order.id} for line in priced]
    for start in range(0, len(rows), LINE_BATCH):
        batch = rows[start : start + LINE_BATCH]
        prepared_insert(SalesOrderLine, len(batch)).run(batch)
    return order


def _country_code_of(country: str) -> str:
    """The ISO code of an order's country as it arrived: none is the home country, a name
    not known here stays without a code (the order is still taken)."""
    if not country:
        return HOME_COUNTRY
    return country_code(country) or ""


def get_order(number: str) -> SalesOrder:
    order = SalesOrder.get_or_none(SalesOrder.number == number.strip())
    if order is None:
        raise NotFound("error.unknown_order", number=number)
    return order


def _require_open(order: SalesOrder) -> None:
    if order.status != SalesOrderStatus.OPEN:
        raise InvalidState("error.order_not_open", number=order.number, status=order.status)


def edit_order(number: str, edit: OrderEdit) -> SalesOrder:
    """Change the lines, notes or buyer's data of an OPEN order, all or nothing."""
    with database.atomic():
        order = get_order(number)
        _require_open(order)
        lines = list(order.lines.order_by(SalesOrderLine.position))

        def line_of(code: str) -> SalesOrderLine:
            product = product_by_code(code)
            for line in lines:
                if line.product_id == product.id:
                    return line
            raise InvalidValue("error.not_on_order", sku=product.sku, number=order.number)

        places = currency_places(order.currency)
        changed: dict[int, SalesOrderLine] = {}
        for code in edit.remove:
            line = line_of(code)
            lines.remove(line)
            line.delete_instance()
        for code, quantity in edit.set_quantities.items():
            line = line_of(code)
            line.quantity = parse_quantity(quantity, f"{code} quantity", allow_zero=False)
            changed[line.id] = line
        for code, price in edit.set_prices.items():
            line = line_of(code)
            line.unit_net = parse_money(price, f"{code} price", allow_negative=True)
            changed[line.id] = line
        for line in changed.values():
            line.net = round_money(line.unit_net * line.quantity, places)
            line.vat = round_money(line.net * line.vat_rate.rate / HUNDRED, places)
            line.gross = line.net + line.vat
            line.save()
        next_position = max((line.position for line in lines), default=0) + 1
        for offset, line_input in enumerate(edit.add_lines):
            values = _priced_line(line_input, order.currency, next_position + offset)
            if values["product"] and any(line.product_id == values["product"] for line in lines):
                raise InvalidValue("error.duplicate_item", sku=line_input.code)
            lines.append(SalesOrderLine.create(order=order, **values))
        if not order.lines.count():
            raise InvalidValue("error.order_without_lines", number=order.number)
        if edit.header_note is not None:
            order.header_note = clean_text(edit.header_note, "header_note")
        if edit.internal_note is not None:
            order.internal_note = clean_text(edit.internal_note, "internal_note")
        _apply_buyer(order, edit)
        order.updated_at = clock.now()
        order.save()
        return order


def _apply_buyer(order: SalesOrder, edit: OrderEdit) -> None:
    """Put the buyer's fields of `edit` on `order` (the caller saves it). A tax number is
    checked, stored in its normal form, and sets the buyer's VAT status; the customer record
    is left alone (it follows the shop; the order holds what its invoice says)."""
    if edit.buyer_name is not None:
        name = clean_text(edit.buyer_name, "customer", 300)
        if not name:
            raise InvalidValue("error.required", field="buyer_name")
        if order.billing_name in ("", order.customer_name):  # one person: a correction of both
            order.customer_name = name
        order.billing_name = name
    if edit.tax_number is not None:
        text = clean_text(edit.tax_number, "tax_number", 50)
        problem = tax_number_problem(text)
        if problem is not None:
            raise InvalidValue(problem, tax_number=text)
        order.tax_number = normalised_tax_number(text)
        order.buyer_vat_status = buyer_vat_status(order.tax_number).value
    for part in ("postcode", "city", "street"):
        value = getattr(edit, f"billing_{part}")
        if value is not None:
            setattr(order, f"billing_{part}", clean_text(value, part, 500))
    if edit.billing_country is not None:
        text = clean_text(edit.billing_country, "country", 500)
        code = country_code(text) if text else HOME_COUNTRY
        if code is None:
            raise InvalidValue("error.unknown_country", country=text)
        order.billing_country_code = code
        order.billing_country = country_name(code) if text else ""
    if edit.email is not None:
        email = clean_text(edit.email, "email", 300)
        if email and not EMAIL.fullmatch(email):
            raise InvalidValue("error.bad_email", email=email)
        order.email = email
    if edit.payment_method is not None:
        order.payment_method = method_record(PaymentMethod, edit.payment_method)
    if edit.shipping_method is not None:
        order.shipping_method = method_record(ShippingMethod, edit.shipping_method)
    if edit.paid_on is not None:
        order.paid_on = parse_date(edit.paid_on, "paid_on")
    if edit.fulfilment_on is not None:
        order.fulfilment_on = parse_date(edit.fulfilment_on, "fulfilment_on")


def known_methods() -> tuple[list[str], list[str]]:
    """The payment and the shipping methods used so far, by name: what an editor offers."""
    payments = PaymentMethod.select(PaymentMethod.name).order_by(PaymentMethod.name)
    shippings = ShippingMethod.select(ShippingMethod.name).order_by(ShippingMethod.name)
    return [m.name for m in payments], [m.name for m in shippings]


def _transition(number: str, allowed_from: str, to: str, error_key: str) -> SalesOrder:
    with database.atomic():
        order = get_order(number)
        if order.status != allowed_from:
            raise InvalidState(error_key, number=order.number, status=order.status)
        updated = (
            SalesOrder.update(status=to, updated_at=clock.now())
            .where((SalesOrder.id == order.id) & (SalesOrder.status == allowed_from))
            .execute()
        )
        if updated != 1:  # cannot happen under the write lock; a guard, not a code path
            raise InvalidState(error_key, number=order.number, status="?")
        order.status = to
        return order


def cancel_order(number: str) -> SalesOrder:
    """OPEN -> CANCELLED: the reservation ends, and the order leaves the invoice cart."""
    with database.atomic():
        order = _transition(
            number, SalesOrderStatus.OPEN, SalesOrderStatus.CANCELLED, "error.order_not_open"
        )
        CartItem.delete().where(CartItem.order == order.id).execute()
        return order


def mark_invoiced(number: str) -> SalesOrder:
    """OPEN -> INVOICED; called by invoicing inside its own transaction."""
    return _transition(
        number, SalesOrderStatus.OPEN, SalesOrderStatus.INVOICED, "error.order_not_open"
    )


def reopen_order(number: str) -> SalesOrder:
    """INVOICED -> OPEN, when the invoice is cancelled (storno): it reserves again."""
    return _transition(
        number, SalesOrderStatus.INVOICED, SalesOrderStatus.OPEN, "error.order_not_invoiced"
    )


@dataclass(frozen=True)
class OrderTotals:
    net: Decimal
    vat: Decimal
    gross: Decimal


def order_totals(order: SalesOrder) -> OrderTotals:
    net, vat, gross = (
        SalesOrderLine.select(
            fn.COALESCE(fn.SUM(SalesOrderLine.net), 0),
            fn.COALESCE(fn.SUM(SalesOrderLine.vat), 0),
            fn.COALESCE(fn.SUM(SalesOrderLine.gross), 0),
        )
        .where(SalesOrderLine.order == order.id)
        .tuples()
        .get()
    )
    return OrderTotals(*(from_units(units, MONEY_PLACES) for units in (net, vat, gross)))


def priced_totals(priced: Sequence[dict]) -> OrderTotals:
    """The totals of lines priced by `price_line`, summed in memory (what `order_totals`
    reads back once they are inserted)."""
    zero = Decimal(0)
    return OrderTotals(
        sum((line["net"] for line in priced), zero),
        sum((line["vat"] for line in priced), zero),
        sum((line["gross"] for line in priced), zero),
    )


@dataclass(frozen=True)
class OrderSummary:
    id: int
    number: str
    status: str
    shop: str
    shop_order_id: int | None
    created: datetime
    customer: str
    warehouse: str
    gross_total: Decimal
    currency: str


def summary_query() -> Select:
    """Orders as `OrderSummary` rows (see `summaries`), gross totals summed in SQL."""
    return (
        SalesOrder.select(
            SalesOrder.id,
            SalesOrder.number,
            SalesOrder.status,
            SalesOrder.shop,
            SalesOrder.shop_order_id,
            SalesOrder.created_at,
            SalesOrder.customer_name,
            Warehouse.code,
            fn.COALESCE(fn.SUM(SalesOrderLine.gross), 0),
            SalesOrder.currency,
        )
        .join(Warehouse)
        .switch(SalesOrder)
        .join(SalesOrderLine, JOIN.LEFT_OUTER)
        .group_by(SalesOrder.id)
    )


def summaries(query: Select) -> list[OrderSummary]:
    """The rows of a `summary_query` (narrowed, ordered) as `OrderSummary`s."""
    return [
        OrderSummary(
            id=row[0],
            number=row[1],
            status=row[2],
            shop=row[3] or "",
            shop_order_id=row[4],
            created=row[5],
            customer=row[6],
            warehouse=row[7],
            gross_total=from_units(row[8], MONEY_PLACES),
            currency=row[9],
        )
        for row in query.tuples()
    ]


def list_orders(
    status: str | None = None, limit: int | None = None, search: str = ""
) -> list[OrderSummary]:
    """Orders newest first with their gross totals summed in SQL; `search` matches the order
    number, the shop's order number, the customer's name or e-mail."""
    query = summary_query().order_by(SalesOrder.created_at.desc(), SalesOrder.number.desc())
    if status:
        query = query.where(SalesOrder.status == status)
    if search.strip():
        pattern = f"%{search.strip()}%"
        query = query.where(
            SalesOrder.number.contains(search.strip())
            | SalesOrder.customer_name**pattern
            | SalesOrder.email**pattern
            | (SalesOrder.shop_order_id.cast("TEXT") == search.strip())
        )
    if limit:
        query = query.limit(limit)
    return summaries(query)
