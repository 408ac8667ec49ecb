"""Invoices from OPEN orders, storno invoices, and the invoice cart.

An invoice is issued in one IMMEDIATE transaction that takes its number, copies the order's lines
and amounts, moves the goods out of stock and marks the order INVOICED: all of it or none, so no
number is ever used without its invoice and no order is INVOICED without one. Its PDF is written
after the commit (a failed file write never costs a number). Invoices are never edited or
deleted; a storno invoice, with its own number from the same sequence, cancels one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from peewee import JOIN, fn

from okos_tui.core import clock
from okos_tui.core.errors import DomainError, InvalidState, InvalidValue, NotFound
from okos_tui.db import (
    CartItem,
    Invoice,
    InvoiceKind,
    InvoiceLine,
    Product,
    SalesOrder,
    SalesOrderLine,
    SalesOrderStatus,
    StockDocument,
    StockDocumentKind,
    StockMovement,
    VatRate,
    database,
)
from okos_tui.db.fields import MONEY_PLACES, from_units
from okos_tui.domain.numbering import next_number
from okos_tui.domain.sales.orders import (
    OrderSummary,
    get_order,
    mark_invoiced,
    reopen_order,
    summaries,
    summary_query,
)
from okos_tui.domain.stock.ledger import MovementLine, post_document


@dataclass(frozen=True)
class Seller:
    """The seller as its invoices name it (copied onto each invoice at issue)."""

    name: str
    tax_number: str
    address: str = ""
    bank_account: str = ""
    vat_exempt: bool = False


@dataclass(frozen=True)
class InvoiceSettings:
    """What invoicing needs from the settings: who sells, the numbering block, the due date."""

    seller: Seller
    prefix: str
    due_days: int
    allow_negative: bool


def _totals(lines: Sequence[dict]) -> tuple[Decimal, Decimal, Decimal]:
    return (
        sum((line["net"] for line in lines), Decimal(0)),
        sum((line["vat"] for line in lines), Decimal(0)),
        sum((line["gross"] for line in lines), Decimal(0)),
    )


def issue_invoice(
    order_number: str, settings: InvoiceSettings, *, issued_on: date | None = None
) -> Invoice:
    """Invoice an OPEN order: INVOICED, read-only, its goods leave the stock."""
    seller = settings.seller
    if not seller.tax_number:
        raise InvalidValue("error.seller_tax_number_missing")
    issued_on = issued_on or clock.today()
    with database.atomic():
        order = get_order(order_number)
        if order.status != SalesOrderStatus.OPEN:
            raise InvalidState("error.order_not_open", number=order.number, status=order.status)
        order_lines = list(  # with their products: no query per line when stock moves
            SalesOrderLine.select(SalesOrderLine, VatRate, Product)
            .join(VatRate)
            .switch(SalesOrderLine)
            .join(Product, JOIN.LEFT_OUTER)
            .where(SalesOrderLine.order == order.id)
            .order_by(SalesOrderLine.position)
        )
        if not order_lines:
            raise InvalidValue("error.order_without_lines", number=order.number)
        lines = [
            {
                "position": n,
                "product": line.product_id,
                "name": line.name,
                "quantity": line.quantity,
                "unit": line.unit,
                "unit_net": line.unit_net,
                "vat_code": line.vat_rate.code,
                "vat_percent": line.vat_rate.rate,
                "net": line.net,
                "vat": line.vat,
                "gross": line.gross,
            }
            for n, line in enumerate(order_lines, start=1)
        ]
        net, vat, gross = _totals(lines)
        invoice = Invoice.create(
            number=next_number(settings.prefix, issued_on.year),
            kind=InvoiceKind.INVOICE,
            order=order,
            issued_on=issued_on,
            fulfilled_on=issued_on,
            due_on=issued_on + timedelta(days=settings.due_days),
            created_at=clock.now(),
            payment_method=order.payment_method.name if order.payment_method else "",
            currency=order.currency,
            seller_name=seller.name,
            seller_address=seller.address,
            seller_tax_number=seller.tax_number,
            seller_bank_account=seller.bank_account,
            seller_vat_exempt=int(seller.vat_exempt),
            buyer_name=order.billing_name or order.customer_name,
            buyer_postcode=order.billing_postcode,
            buyer_city=order.billing_city,
            buyer_street=order.billing_street,
            buyer_country=order.billing_country,
            buyer_tax_number=order.tax_number,
            buyer_email=order.email,
            order_number=order.number,
            shop_order_id=order.shop_order_id,
            net_total=net,
            vat_total=vat,
            gross_total=gross,
        )
        InvoiceLine.insert_many([{**line, "invoice": invoice.id} for line in lines]).execute()
        _move_stock(invoice, order, order_lines, sign=-1, allow_negative=settings.allow_negative)
        mark_invoiced(order.number)
        CartItem.delete().where(CartItem.order == order.id).execute()
        return invoice


def _move_stock(
    invoice: Invoice,
    order: SalesOrder,
    order_lines: Sequence[SalesOrderLine],
    *,
    sign: int,
    allow_negative: bool,
) -> None:
    quantities: dict[int, Decimal] = {}
    products = {}
    for line in order_lines:
        if line.product_id is None or line.is_service or line.product.is_service:
            continue
        quantities[line.product_id] = quantities.get(line.product_id, Decimal(0)) + line.quantity
        products[line.product_id] = line.product
    if not quantities:
        return
    kind = StockDocumentKind.INVOICE if sign < 0 else StockDocumentKind.INVOICE_STORNO
    document = post_document(
        kind,
        order.warehouse,
        [MovementLine(products[pid], sign * qty) for pid, qty in quantities.items()],
        allow_negative=allow_negative,
        issued_on=invoice.issued_on,
        note=invoice.number,
    )
    StockDocument.update(invoice_id=invoice.id).where(StockDocument.id == document.id).execute()


def storno_invoice(
    invoice_number: str, settings: InvoiceSettings, *, issued_on: date | None = None
) -> Invoice:
    """Cancel an invoice with a storno invoice of its own number: negative lines, the original
    fulfilment date; the order is OPEN again (reserving again) and the goods come back."""
    issued_on = issued_on or clock.today()
    with database.atomic():
        original = get_invoice(invoice_number)
        if original.kind != InvoiceKind.INVOICE:
            raise InvalidState("error.storno_of_storno", number=original.number)
        if Invoice.select().where(Invoice.original == original.id).exists():
            raise InvalidState("error.already_cancelled", number=original.number)
        lines = [
            {
                "position": line.position,
                "product": line.product_id,
                "name": line.name,
                "quantity": -line.quantity,
                "unit": line.unit,
                "unit_net": line.unit_net,
                "vat_code": line.vat_code,
                "vat_percent": line.vat_percent,
                "net": -line.net,
                "vat": -line.vat,
                "gross": -line.gross,
            }
            for line in original.lines.order_by(InvoiceLine.position)
        ]
        net, vat, gross = _totals(lines)
        copied = {
            field: getattr(original, field)
            for field in (
                "order",
                "fulfilled_on",
                "payment_method",
                "currency",
                "seller_name",
                "seller_address",
                "seller_tax_number",
                "seller_bank_account",
                "seller_vat_exempt",
                "buyer_name",
                "buyer_postcode",
                "buyer_city",
                "buyer_street",
                "buyer_country",
                "buyer_tax_number",
                "buyer_email",
                "order_number",
                "shop_order_id",
            )
        }
        storno = Invoice.create(
            number=next_number(settings.prefix, issued_on.year),
            kind=InvoiceKind.STORNO,
            original=original,
            issued_on=issued_on,
            due_on=issued_on,
            created_at=clock.now(),
            net_total=net,
            vat_total=vat,
            gross_total=gross,
            **copied,
        )
        InvoiceLine.insert_many([{**line, "invoice": storno.id} for line in lines]).execute()
        reopen_order(original.order.number)
        _move_back(storno, original)
        return storno


def _move_back(storno: Invoice, original: Invoice) -> None:
    """The goods the original invoice took out of stock come back, exactly those."""
    movements = list(
        StockMovement.select().join(StockDocument).where(StockDocument.invoice_id == original.id)
    )
    if not movements:
        return
    document = post_document(
        StockDocumentKind.INVOICE_STORNO,
        movements[0].warehouse,
        [MovementLine(m.product, -m.quantity) for m in movements],
        allow_negative=True,
        issued_on=storno.issued_on,
        note=storno.number,
    )
    StockDocument.update(invoice_id=storno.id).where(StockDocument.id == document.id).execute()


def get_invoice(number: str) -> Invoice:
    invoice = Invoice.get_or_none(Invoice.number == number.strip())
    if invoice is None:
        raise NotFound("error.unknown_invoice", number=number)
    return invoice


@dataclass(frozen=True)
class VatSummaryRow:
    vat_code: str
    vat_percent: Decimal
    net: Decimal
    vat: Decimal
    gross: Decimal


def vat_summary(invoice: Invoice) -> list[VatSummaryRow]:
    """Net, VAT and gross per VAT rate ("ÁFA összesítő"), summed in SQL."""
    rows = (
        InvoiceLine.select(
            InvoiceLine.vat_code,
            InvoiceLine.vat_percent,
            fn.SUM(InvoiceLine.net),
            fn.SUM(InvoiceLine.vat),
            fn.SUM(InvoiceLine.gross),
        )
        .where(InvoiceLine.invoice == invoice.id)
        .group_by(InvoiceLine.vat_code, InvoiceLine.vat_percent)
        .order_by(InvoiceLine.vat_percent.desc(), InvoiceLine.vat_code)
        .tuples()
    )
    return [
        VatSummaryRow(code, percent, *(from_units(u, MONEY_PLACES) for u in units))
        for code, percent, *units in rows
    ]


# -- the invoice cart ----------------------------------------------------------------------


def cart_add(numbers: Sequence[str]) -> int:
    """Put OPEN orders in the invoice cart; an order already there stays once."""
    with database.atomic():
        added = 0
        for number in numbers:
            order = get_order(number)
            if order.status != SalesOrderStatus.OPEN:
                raise InvalidState("error.order_not_open", number=order.number, status=order.status)
            if not CartItem.select().where(CartItem.order == order.id).exists():
                CartItem.create(order=order, added_at=clock.now())
                added += 1
        return added


def cart_remove(numbers: Sequence[str]) -> int:
    with database.atomic():
        ids = [get_order(number).id for number in numbers]
        return CartItem.delete().where(CartItem.order.in_(ids)).execute()


def cart_orders() -> list[OrderSummary]:
    """The OPEN orders in the cart, oldest first, with their totals. Read only: a cart row of
    an order no longer OPEN (cancelled meanwhile) is not shown, and goes when it is invoiced
    or cancelled."""
    return summaries(
        summary_query()
        .join_from(SalesOrder, CartItem)
        .where(SalesOrder.status == SalesOrderStatus.OPEN)
        .order_by(SalesOrder.created_at, SalesOrder.number)
    )


@dataclass(frozen=True)
class InvoiceOutcome:
    order_number: str
    invoice_number: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def invoice_orders(
    numbers: Sequence[str],
    settings: InvoiceSettings,
    *,
    progress: Callable[[int, int, InvoiceOutcome], None] | None = None,
) -> list[InvoiceOutcome]:
    """Invoice each order on its own: a failure is reported and the rest go on."""
    outcomes = []
    for done, number in enumerate(numbers, start=1):
        try:
            invoice = issue_invoice(number, settings)
            outcome = InvoiceOutcome(number, invoice.number)
        except DomainError as exc:
            outcome = InvoiceOutcome(number, error=str(exc))
        outcomes.append(outcome)
        if progress is not None:
            progress(done, len(numbers), outcome)
    return outcomes
