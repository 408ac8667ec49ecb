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
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from peewee import JOIN, fn

from okos_tui.core import clock
from okos_tui.core.errors import DomainError, InvalidState, InvalidValue, NotFound
from okos_tui.core.formatting import postal_address
from okos_tui.core.notices import Notice
from okos_tui.core.values import RATE_PLACES, parse_decimal, round_money
from okos_tui.db import (
    CartItem,
    ExchangeRate,
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
from okos_tui.domain.catalog.lookup import vat_by_code
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
from okos_tui.domain.tax.countries import HOME_COUNTRY
from okos_tui.domain.tax.dates import FulfilmentRule, due_date, fulfilment_date
from okos_tui.domain.tax.payment import names_method
from okos_tui.domain.tax.rounding import cash_rounding
from okos_tui.domain.tax.tax_numbers import (
    buyer_vat_status,
    normalised_tax_number,
    tax_number_problem,
)
from okos_tui.domain.tax.vat import SUBJECTIVE_EXEMPTION, VatCategory, invoiceable

UNIT_PRICE = Decimal("0.0001")


@dataclass(frozen=True)
class Seller:
    """The seller as its invoices name it (copied onto each invoice at issue)."""

    name: str
    tax_number: str
    postcode: str = ""
    city: str = ""
    street: str = ""
    country: str = HOME_COUNTRY
    bank_account: str = ""
    vat_exempt: bool = False

    @property
    def address(self) -> str:
        return postal_address(self.postcode, self.city, self.street)


@dataclass(frozen=True)
class InvoiceSettings:
    """What invoicing needs from the settings: who sells, the numbering block, the due date,
    which payment methods are cash and which fulfilment rule each method follows."""

    seller: Seller
    prefix: str
    due_days: int
    allow_negative: bool
    cash_methods: tuple[str, ...]  # names or codes of payment methods paid in cash
    fulfilment: tuple[tuple[str, str], ...]  # payment method name or code -> FulfilmentRule

    def fulfilment_rule(self, method: str, code: str = "") -> str:
        """The rule of a payment method, named by its name or its code; "issue" if unnamed."""
        rules = (rule for name, rule in self.fulfilment if names_method(name, method, code))
        return next(rules, FulfilmentRule.ISSUE)

    def is_cash(self, method: str, code: str = "") -> bool:
        return any(names_method(name, method, code) for name in self.cash_methods)


def _totals(lines: Sequence[dict]) -> tuple[Decimal, Decimal, Decimal]:
    return (
        sum((line["net"] for line in lines), Decimal(0)),
        sum((line["vat"] for line in lines), Decimal(0)),
        sum((line["gross"] for line in lines), Decimal(0)),
    )


def _invoice_line(position: int, line: SalesOrderLine, *, seller_exempt: bool) -> dict:
    """An order line as the invoice states it. An AAM seller charges no VAT: a taxed line is
    exempt (AAM) for its whole amount, what the buyer pays; a line exempt or outside the scope
    of VAT on its own ground keeps it."""
    vat = line.vat_rate
    values = {
        "position": position,
        "product": line.product_id,
        "name": line.name,
        "quantity": line.quantity,
        "unit": line.unit,
        "unit_net": line.unit_net,
        "vat_code": vat.code,
        "vat_percent": vat.rate,
        "vat_category": vat.category,
        "vat_reason": vat.reason,
        "is_service": bool(line.is_service or (line.product_id and line.product.is_service)),
        "net": line.net,
        "vat": line.vat,
        "gross": line.gross,
    }
    if seller_exempt and vat.category in (VatCategory.PERCENTAGE, VatCategory.UNGROUNDED):
        exempt = vat_by_code(SUBJECTIVE_EXEMPTION)
        unit_net = line.gross / line.quantity if line.quantity else line.gross
        values.update(
            vat_code=exempt.code,
            vat_percent=Decimal(0),
            vat_category=exempt.category,
            vat_reason=exempt.reason,
            unit_net=unit_net.quantize(UNIT_PRICE, rounding=ROUND_HALF_UP),
            net=line.gross,
            vat=Decimal(0),
        )
    return values


def _refuse_unlawful(order: SalesOrder, lines: Sequence[dict]) -> None:
    """What no invoice may carry: a line without a legal ground for its missing VAT, a buyer's
    tax number that is not one, an order without a payment method, a taxpayer buyer without an
    address."""
    for line in lines:
        if not invoiceable(line["vat_category"]):
            raise InvalidValue(
                "error.vat_without_ground",
                number=order.number,
                name=line["name"],
                code=line["vat_code"],
            )
    problem = tax_number_problem(order.tax_number)
    if problem is not None:
        wrong = Notice(problem, {"tax_number": order.tax_number})
        raise InvalidValue("error.buyer_tax_number", number=order.number, problem=wrong)
    if order.payment_method_id is None:
        raise InvalidValue("error.no_payment_method", number=order.number)
    if order.tax_number.strip() and not (
        order.billing_postcode.strip()
        and order.billing_city.strip()
        and order.billing_street.strip()
    ):  # a taxpayer's invoice names its address (Áfa tv. 169. § e), NAV's customerAddress)
        raise InvalidValue("error.buyer_address_missing", number=order.number)


def exchange_rate(currency: str, on: date) -> Decimal:
    """HUF per unit of `currency` on a day: 1 for HUF, else the newest rate set for a day on or
    before it (`okos rate set`); a currency without one is refused, saying how to set it."""
    if currency.upper() == "HUF":
        return Decimal(1)
    rate = (
        ExchangeRate.select()
        .where((ExchangeRate.currency == currency.upper()) & (ExchangeRate.valid_on <= on))
        .order_by(ExchangeRate.valid_on.desc())
        .first()
    )
    if rate is None:
        raise InvalidValue("error.no_exchange_rate", currency=currency.upper(), date=on.isoformat())
    return rate.rate


def set_exchange_rate(currency: str, rate: str | Decimal, valid_on: date) -> Decimal:
    """Record HUF per unit of `currency` from `valid_on` on (replacing that day's rate)."""
    code = currency.strip().upper()
    if len(code) != 3 or not code.isalpha() or not code.isascii() or code == "HUF":
        raise InvalidValue("error.bad_currency", currency=currency)
    value = parse_decimal(rate, "rate", RATE_PLACES, allow_zero=False)
    with database.atomic():
        ExchangeRate.insert(currency=code, valid_on=valid_on, rate=value).on_conflict(
            conflict_target=[ExchangeRate.currency, ExchangeRate.valid_on],
            update={ExchangeRate.rate: value},
        ).execute()
    return value


@dataclass(frozen=True)
class RateRow:
    currency: str
    valid_on: date
    rate: Decimal


def exchange_rates() -> list[RateRow]:
    """Every rate recorded, by currency, newest day first."""
    query = ExchangeRate.select().order_by(ExchangeRate.currency, ExchangeRate.valid_on.desc())
    return [RateRow(r.currency, r.valid_on, r.rate) for r in query]


def issue_invoice(
    order_number: str,
    settings: InvoiceSettings,
    *,
    issued_on: date | None = None,
    fulfilled_on: date | None = None,
) -> Invoice:
    """Invoice an OPEN order: INVOICED, read-only, its goods leave the stock.

    The fulfilment date is `fulfilled_on` if given, else the one set on the order by hand, else
    the payment method's rule; a paid order's invoice is due on the payment date; cash is
    rounded to 0/5 Ft in what is payable (VAT untouched)."""
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
            _invoice_line(n, line, seller_exempt=seller.vat_exempt)
            for n, line in enumerate(order_lines, start=1)
        ]
        _refuse_unlawful(order, lines)
        payment = order.payment_method
        fulfilled_on = (
            fulfilled_on
            or order.fulfilment_on
            or fulfilment_date(
                settings.fulfilment_rule(payment.name, payment.code),
                issued_on=issued_on,
                ordered_on=clock.local(order.created_at).date(),
                paid_on=order.paid_on,
            )
        )
        rate = order.exchange_rate or exchange_rate(order.currency, fulfilled_on)
        net, vat, gross = _totals(lines)
        cash = settings.is_cash(payment.name, payment.code)
        invoice = Invoice.create(
            number=next_number(settings.prefix, issued_on.year),
            kind=InvoiceKind.INVOICE,
            order=order,
            issued_on=issued_on,
            fulfilled_on=fulfilled_on,
            due_on=due_date(issued_on=issued_on, due_days=settings.due_days, paid_on=order.paid_on),
            created_at=clock.now(),
            payment_method=payment.name,
            payment_code=payment.code,
            paid_on=order.paid_on,
            currency=order.currency,
            exchange_rate=rate,
            seller_name=seller.name,
            seller_address=seller.address,
            seller_postcode=seller.postcode,
            seller_city=seller.city,
            seller_street=seller.street,
            seller_country=seller.country,
            seller_tax_number=seller.tax_number,
            seller_bank_account=seller.bank_account,
            seller_vat_exempt=int(seller.vat_exempt),
            buyer_name=order.billing_name or order.customer_name,
            buyer_postcode=order.billing_postcode,
            buyer_city=order.billing_city,
            buyer_street=order.billing_street,
            buyer_country=order.billing_country,
            buyer_country_code=order.billing_country_code,
            buyer_tax_number=normalised_tax_number(order.tax_number),
            buyer_vat_status=buyer_vat_status(order.tax_number),
            buyer_email=order.email,
            order_number=order.number,
            shop_order_id=order.shop_order_id,
            header_note=order.header_note,
            net_total=net,
            vat_total=vat,
            gross_total=gross,
            rounding=cash_rounding(gross, order.currency) if cash else Decimal(0),
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
    fulfilment date, exchange rate and cash rounding; the order is OPEN again (reserving again)
    and the goods come back."""
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
                "vat_category": line.vat_category,
                "vat_reason": line.vat_reason,
                "is_service": line.is_service,
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
                "payment_code",
                "paid_on",
                "currency",
                "exchange_rate",
                "seller_name",
                "seller_address",
                "seller_postcode",
                "seller_city",
                "seller_street",
                "seller_country",
                "seller_tax_number",
                "seller_bank_account",
                "seller_vat_exempt",
                "buyer_name",
                "buyer_postcode",
                "buyer_city",
                "buyer_street",
                "buyer_country",
                "buyer_country_code",
                "buyer_tax_number",
                "buyer_vat_status",
                "buyer_email",
                "order_number",
                "shop_order_id",
                "header_note",
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
            rounding=-original.rounding,
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
    """One VAT rate's (or exemption case's) sums, in the invoice's currency and in HUF."""

    vat_code: str
    vat_percent: Decimal
    vat_category: str
    vat_reason: str
    net: Decimal
    vat: Decimal
    gross: Decimal
    net_huf: Decimal
    vat_huf: Decimal


def in_huf(amount: Decimal, rate: Decimal) -> Decimal:
    """An amount of the invoice's currency in forints (Áfa tv. 80. §), rounded to whole Ft."""
    return round_money(amount * rate, 0)


def vat_summary(invoice: Invoice) -> list[VatSummaryRow]:
    """Net, VAT and gross per VAT rate or case ("ÁFA összesítő"), summed in SQL."""
    rows = (
        InvoiceLine.select(
            InvoiceLine.vat_code,
            InvoiceLine.vat_percent,
            InvoiceLine.vat_category,
            fn.MAX(InvoiceLine.vat_reason),
            fn.SUM(InvoiceLine.net),
            fn.SUM(InvoiceLine.vat),
            fn.SUM(InvoiceLine.gross),
        )
        .where(InvoiceLine.invoice == invoice.id)
        .group_by(InvoiceLine.vat_code, InvoiceLine.vat_percent, InvoiceLine.vat_category)
        .order_by(InvoiceLine.vat_percent.desc(), InvoiceLine.vat_code)
        .tuples()
    )
    summary = []
    for code, percent, category, reason, *units in rows:
        net, vat, gross = (from_units(u, MONEY_PLACES) for u in units)
        rate = invoice.exchange_rate
        summary.append(
            VatSummaryRow(
                code,
                percent,
                category,
                reason,
                net,
                vat,
                gross,
                in_huf(net, rate),
                in_huf(vat, rate),
            )
        )
    return summary


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
    fulfilled_on: date | None = None,
) -> list[InvoiceOutcome]:
    """Invoice each order on its own: a failure is reported and the rest go on."""
    outcomes = []
    for done, number in enumerate(numbers, start=1):
        try:
            invoice = issue_invoice(number, settings, fulfilled_on=fulfilled_on)
            outcome = InvoiceOutcome(number, invoice.number)
        except DomainError as exc:
            outcome = InvoiceOutcome(number, error=str(exc))
        outcomes.append(outcome)
        if progress is not None:
            progress(done, len(numbers), outcome)
    return outcomes
