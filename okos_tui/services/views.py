"""What the front ends show, read in one go into plain values: no ORM object leaves here, so a
screen never runs a query on the UI thread by touching an attribute, and the CLI prints the
same facts the UI shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from peewee import JOIN, Select

from okos_tui.core.notices import Notice, load_notices
from okos_tui.db import (
    EmailStatus,
    Invoice,
    InvoiceKind,
    InvoiceLine,
    NavReport,
    NavStatus,
    PaymentMethod,
    Product,
    SalesOrder,
    SalesOrderLine,
    ShippingMethod,
    SyncLog,
    VatRate,
    Warehouse,
)
from okos_tui.domain.invoicing import VatSummaryRow, get_invoice, vat_summary
from okos_tui.domain.sales.customers import ADDRESS_PARTS, AddressInput
from okos_tui.domain.sales.orders import OrderTotals, get_order
from okos_tui.domain.tax.vat import VatCategory


def address_line(address: AddressInput, *, with_name: bool = True) -> str:
    """An address on one line: name (unless left out), postcode, city, street, country."""
    parts = (address.name if with_name else "", address.postcode, address.city, address.street)
    return " ".join(p for p in (*parts, address.country) if p)


@dataclass(frozen=True)
class LineView:
    """An order's or an invoice's line."""

    sku: str
    name: str
    service: bool
    quantity: Decimal
    unit: str
    unit_net: Decimal
    vat_code: str
    net: Decimal
    vat: Decimal
    gross: Decimal
    vat_category: str = "percentage"
    vat_percent: Decimal | None = None  # None: exempt or outside the scope of VAT
    vat_reason: str = ""


@dataclass(frozen=True)
class InvoiceRef:
    """An invoice as lists show it."""

    number: str
    kind: str
    order_number: str
    buyer_name: str
    issued_on: date
    gross_total: Decimal
    currency: str
    email_status: str
    original: str | None  # a storno's invoice
    cancelled_by: str | None = None  # the storno that cancels an invoice
    buyer_tax_number: str = ""
    fulfilled_on: date | None = None
    due_on: date | None = None
    paid_on: date | None = None
    payment_method: str = ""
    exchange_rate: Decimal = Decimal(1)
    net_total: Decimal = Decimal(0)
    vat_total: Decimal = Decimal(0)
    rounding: Decimal = Decimal(0)
    pdf_status: str = ""
    nav_status: str = NavStatus.PENDING  # pending, sent, done or aborted (`sending` is sent)
    nav_message: str = ""  # NAV's messages, joined by "; "

    @property
    def sent(self) -> bool:
        return self.email_status == EmailStatus.SENT

    @property
    def payable(self) -> Decimal:
        return self.gross_total + self.rounding

    @property
    def nav_rejected(self) -> bool:
        """NAV refused the report (ABORTED): it goes again once its cause is put right."""
        return self.nav_status == NavStatus.ABORTED

    @property
    def shown_kind(self) -> str:
        """invoice, storno, or cancelled (an invoice a storno cancels): what lists mark."""
        if self.kind == InvoiceKind.INVOICE and self.cancelled_by:
            return "cancelled"
        return self.kind


@dataclass(frozen=True)
class OrderView:
    number: str
    status: str
    shop: str
    shop_order_id: int | None
    created_at: datetime
    customer_name: str
    email: str
    phone: str
    tax_number: str
    billing: AddressInput
    delivery: AddressInput
    warehouse: str
    payment_method: str
    shipping_method: str
    currency: str
    header_note: str
    internal_note: str
    review: tuple[Notice, ...]
    lines: tuple[LineView, ...]
    invoices: tuple[InvoiceRef, ...]
    totals: OrderTotals
    vat_status: str = "private"
    billing_country_code: str = ""
    paid_on: date | None = None
    fulfilment_on: date | None = None

    @property
    def invoice_to_cancel(self) -> InvoiceRef | None:
        """The invoice a storno would cancel: the newest one not cancelled yet."""
        cancelled = {i.original for i in self.invoices if i.kind == InvoiceKind.STORNO}
        live = [
            i for i in self.invoices if i.kind == InvoiceKind.INVOICE and i.number not in cancelled
        ]
        return live[-1] if live else None


@dataclass(frozen=True)
class InvoiceView:
    number: str
    kind: str
    original: str | None
    order_number: str
    shop_order_id: int | None
    issued_on: date
    fulfilled_on: date
    due_on: date
    payment_method: str
    currency: str
    seller_name: str
    seller_address: str
    seller_tax_number: str
    seller_bank_account: str
    buyer_name: str
    buyer: AddressInput
    buyer_tax_number: str
    buyer_email: str
    lines: tuple[LineView, ...]
    vat_summary: tuple[tuple[str, Decimal, Decimal, Decimal], ...]  # code, net, vat, gross
    net_total: Decimal
    vat_total: Decimal
    gross_total: Decimal
    pdf_path: str
    pdf_status: str
    email_status: str
    email_sent_at: datetime | None
    email_error: str
    cancelled_by: str | None = None
    original_issued_on: date | None = None
    original_fulfilled_on: date | None = None
    paid_on: date | None = None
    exchange_rate: Decimal = Decimal(1)
    rounding: Decimal = Decimal(0)
    buyer_vat_status: str = "private"
    buyer_country_code: str = ""
    header_note: str = ""
    summary: tuple[VatSummaryRow, ...] = ()

    @property
    def payable(self) -> Decimal:
        return self.gross_total + self.rounding


@dataclass(frozen=True)
class WarehouseRef:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class SyncLogRow:
    shop: str
    started_at: datetime
    finished_at: datetime | None
    status: str
    orders_imported: int
    orders_flagged: int
    orders_skipped: int
    products_pushed: int
    push_failed: int
    warnings: tuple[Notice, ...]
    errors: tuple[Notice, ...]


def _address(record: SalesOrder, kind: str) -> AddressInput:
    return AddressInput(**{part: getattr(record, f"{kind}_{part}") for part in ADDRESS_PARTS})


def _line_view(row: SalesOrderLine | InvoiceLine, *, service: bool) -> LineView:
    """A line read with its product's SKU (`sku`), its VAT code (`vat_code`), category
    (`vat_category`), percentage (`vat_percent`) and legal ground (`vat_reason`) alongside."""
    percentage = row.vat_category == VatCategory.PERCENTAGE
    return LineView(
        sku=row.sku or "",
        name=row.name,
        service=service,
        quantity=row.quantity,
        unit=row.unit,
        unit_net=row.unit_net,
        vat_code=row.vat_code,
        net=row.net,
        vat=row.vat,
        gross=row.gross,
        vat_category=row.vat_category,
        vat_percent=Decimal(row.vat_percent) if percentage else None,
        vat_reason=row.vat_reason,
    )


def _invoice_ref(invoice: Invoice, original: str | None, cancelled_by: str | None) -> InvoiceRef:
    return InvoiceRef(
        number=invoice.number,
        kind=invoice.kind,
        order_number=invoice.order_number,
        buyer_name=invoice.buyer_name,
        issued_on=invoice.issued_on,
        gross_total=invoice.gross_total,
        currency=invoice.currency,
        email_status=invoice.email_status,
        original=original,
        cancelled_by=cancelled_by,
        buyer_tax_number=invoice.buyer_tax_number,
        fulfilled_on=invoice.fulfilled_on,
        due_on=invoice.due_on,
        paid_on=invoice.paid_on,
        payment_method=invoice.payment_method,
        exchange_rate=invoice.exchange_rate,
        net_total=invoice.net_total,
        vat_total=invoice.vat_total,
        rounding=invoice.rounding,
        pdf_status=invoice.pdf_status,
        nav_status=NavStatus.shown(invoice.report_status),
        nav_message=invoice.report_messages or "",
    )


def _invoice_refs(query: Select) -> list[InvoiceRef]:
    """The invoices of `query` with the number of the invoice a storno cancels, of the storno
    that cancels an invoice, and the state of its report to NAV, in the same query."""
    original = Invoice.alias("original")
    storno = Invoice.alias("storno")
    rows = (
        query.select(
            Invoice,
            original.number.alias("original_number"),
            storno.number.alias("cancelled_by"),
            NavReport.status.alias("report_status"),
            NavReport.messages.alias("report_messages"),
        )
        .join_from(Invoice, original, JOIN.LEFT_OUTER, on=(Invoice.original == original.id))
        .join_from(Invoice, storno, JOIN.LEFT_OUTER, on=(storno.original == Invoice.id))
        .join_from(Invoice, NavReport, JOIN.LEFT_OUTER, on=(NavReport.invoice == Invoice.id))
        .objects()
    )
    return [_invoice_ref(row, row.original_number, row.cancelled_by) for row in rows]


def order_view(number: str) -> OrderView:
    """One order with its lines, invoices and totals."""
    order = get_order(number)
    record = (
        SalesOrder.select(
            SalesOrder,
            Warehouse.code.alias("warehouse_code"),
            PaymentMethod.name.alias("payment_name"),
            ShippingMethod.name.alias("shipping_name"),
        )
        .join(Warehouse)
        .switch(SalesOrder)
        .join(PaymentMethod, JOIN.LEFT_OUTER)
        .switch(SalesOrder)
        .join(ShippingMethod, JOIN.LEFT_OUTER)
        .where(SalesOrder.id == order.id)
        .objects()
        .get()
    )
    lines = tuple(
        _line_view(row, service=row.is_service)
        for row in SalesOrderLine.select(
            SalesOrderLine,
            Product.sku.alias("sku"),
            VatRate.code.alias("vat_code"),
            VatRate.category.alias("vat_category"),
            VatRate.rate.alias("vat_percent"),
            VatRate.reason.alias("vat_reason"),
        )
        .join(VatRate)
        .switch(SalesOrderLine)
        .join(Product, JOIN.LEFT_OUTER)
        .where(SalesOrderLine.order == order.id)
        .order_by(SalesOrderLine.position)
        .objects()
    )
    invoices = tuple(
        _invoice_refs(Invoice.select().where(Invoice.order == order.id).order_by(Invoice.id))
    )
    zero = Decimal(0)
    totals = OrderTotals(
        sum((line.net for line in lines), zero),
        sum((line.vat for line in lines), zero),
        sum((line.gross for line in lines), zero),
    )
    return OrderView(
        number=record.number,
        status=record.status,
        shop=record.shop or "",
        shop_order_id=record.shop_order_id,
        created_at=record.created_at,
        customer_name=record.customer_name,
        email=record.email,
        phone=record.phone,
        tax_number=record.tax_number,
        billing=_address(record, "billing"),
        delivery=_address(record, "delivery"),
        warehouse=record.warehouse_code,
        payment_method=record.payment_name or "",
        shipping_method=record.shipping_name or "",
        currency=record.currency,
        header_note=record.header_note,
        internal_note=record.internal_note,
        review=tuple(load_notices(record.review_note)),
        lines=lines,
        invoices=invoices,
        totals=totals,
        vat_status=record.buyer_vat_status,
        billing_country_code=record.billing_country_code,
        paid_on=record.paid_on,
        fulfilment_on=record.fulfilment_on,
    )


def invoice_list(
    *, unsent_only: bool = False, newest_first: bool = False, limit: int = 0, number: str = ""
) -> list[InvoiceRef]:
    query = Invoice.select().order_by(Invoice.id.desc() if newest_first else Invoice.id)
    if number:
        query = query.where(Invoice.number == number.strip())
    if unsent_only:
        query = query.where(Invoice.email_status != EmailStatus.SENT)
    if limit:
        query = query.limit(limit)
    return _invoice_refs(query)


def invoice_view(number: str) -> InvoiceView:
    invoice = get_invoice(number)
    lines = tuple(
        _line_view(row, service=row.is_service)
        for row in InvoiceLine.select(InvoiceLine, Product.sku.alias("sku"))
        .join(Product, JOIN.LEFT_OUTER)
        .where(InvoiceLine.invoice == invoice.id)
        .order_by(InvoiceLine.position)
        .objects()
    )
    rows = vat_summary(invoice)
    summary = tuple((r.vat_code, r.net, r.vat, r.gross) for r in rows)
    original = Invoice.get_by_id(invoice.original_id) if invoice.original_id else None
    cancelled_by = Invoice.select(Invoice.number).where(Invoice.original == invoice.id).scalar()
    return InvoiceView(
        number=invoice.number,
        kind=invoice.kind,
        original=original.number if original else None,
        order_number=invoice.order_number,
        shop_order_id=invoice.shop_order_id,
        issued_on=invoice.issued_on,
        fulfilled_on=invoice.fulfilled_on,
        due_on=invoice.due_on,
        payment_method=invoice.payment_method,
        currency=invoice.currency,
        seller_name=invoice.seller_name,
        seller_address=invoice.seller_address,
        seller_tax_number=invoice.seller_tax_number,
        seller_bank_account=invoice.seller_bank_account,
        buyer_name=invoice.buyer_name,
        buyer=AddressInput(
            name=invoice.buyer_name,
            postcode=invoice.buyer_postcode,
            city=invoice.buyer_city,
            street=invoice.buyer_street,
            country=invoice.buyer_country,
        ),
        buyer_tax_number=invoice.buyer_tax_number,
        buyer_email=invoice.buyer_email,
        lines=lines,
        vat_summary=summary,
        net_total=invoice.net_total,
        vat_total=invoice.vat_total,
        gross_total=invoice.gross_total,
        pdf_path=invoice.pdf_path,
        pdf_status=invoice.pdf_status,
        email_status=invoice.email_status,
        email_sent_at=invoice.email_sent_at,
        email_error=invoice.email_error,
        cancelled_by=cancelled_by,
        original_issued_on=original.issued_on if original else None,
        original_fulfilled_on=original.fulfilled_on if original else None,
        paid_on=invoice.paid_on,
        exchange_rate=invoice.exchange_rate,
        rounding=invoice.rounding,
        buyer_vat_status=invoice.buyer_vat_status,
        buyer_country_code=invoice.buyer_country_code,
        header_note=invoice.header_note,
        summary=tuple(rows),
    )


def active_warehouses() -> list[WarehouseRef]:
    return [
        WarehouseRef(w.id, w.code, w.name)
        for w in Warehouse.select().where(Warehouse.active == True).order_by(Warehouse.id)  # noqa: E712
    ]


def all_warehouses() -> list[WarehouseRef]:
    return [WarehouseRef(w.id, w.code, w.name) for w in Warehouse.select().order_by(Warehouse.id)]


def sync_log(shop: str | None = None, limit: int = 20) -> list[SyncLogRow]:
    """The newest sync-log entries, their warnings and errors worded when shown."""
    query = SyncLog.select().order_by(SyncLog.id.desc()).limit(max(1, limit))
    if shop:
        query = query.where(SyncLog.shop == shop)
    return [
        SyncLogRow(
            shop=row.shop,
            started_at=row.started_at,
            finished_at=row.finished_at,
            status=row.status,
            orders_imported=row.orders_imported,
            orders_flagged=row.orders_flagged,
            orders_skipped=row.orders_skipped,
            products_pushed=row.products_pushed,
            push_failed=row.push_failed,
            warnings=tuple(load_notices(row.warnings)),
            errors=tuple(load_notices(row.errors)),
        )
        for row in query
    ]


def sync_log_has(shop: str) -> bool:
    return SyncLog.select().where(SyncLog.shop == shop).exists()


__all__ = [
    "InvoiceRef",
    "InvoiceView",
    "LineView",
    "OrderView",
    "SyncLogRow",
    "WarehouseRef",
    "active_warehouses",
    "address_line",
    "all_warehouses",
    "invoice_list",
    "invoice_view",
    "order_view",
    "sync_log",
    "sync_log_has",
]
