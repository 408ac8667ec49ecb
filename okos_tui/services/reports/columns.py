"""The columns of every report: one definition each, used by the command line (table, CSV,
JSON) and by the UI's exports. A column reads a plain row (a view or a domain row)."""

from __future__ import annotations

from okos_tui.core.notices import render_all
from okos_tui.i18n import t
from okos_tui.services.reports.output import Column, machine_value

QTY = Column("quantity", lambda v: v)

STOCK_COLUMNS = (
    Column("sku", lambda r: r.sku),
    Column("name", lambda r: r.name),
    Column("warehouse", lambda r: r.warehouse),
    Column("physical", lambda r: r.physical),
    Column("reserved", lambda r: r.reserved),
    Column("free", lambda r: r.free),
    Column("min_stock", lambda r: r.min_stock),
    Column("incoming", lambda r: r.incoming),
    Column("to_procure", lambda r: r.to_procure),
    Column("supplier", lambda r: r.supplier),
    Column("supplier_sku", lambda r: r.supplier_sku),
)

MOVEMENT_COLUMNS = (
    Column("number", lambda m: m.number),
    Column("kind", lambda m: t(f"kind.{m.kind}")),
    Column("issued_on", lambda m: m.issued_on),
    Column("warehouse", lambda m: m.warehouse),
    Column("sku", lambda m: m.sku),
    Column("quantity", lambda m: m.quantity),
    Column("balance", lambda m: m.balance),
    Column("note", lambda m: m.note),
)

PURCHASE_COLUMNS = (
    Column("number", lambda p: p.number),
    Column("supplier", lambda p: p.supplier),
    Column("warehouse", lambda p: p.warehouse),
    Column("status", lambda p: p.status, display=lambda v: t(f"status.{v}")),
    Column("ordered_on", lambda p: p.ordered_on),
    Column("ordered", lambda p: p.ordered),
    Column("received", lambda p: p.received),
    Column("remaining", lambda p: p.remaining),
)

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

LINE_COLUMNS = (  # an order's or an invoice's lines (`LineView`)
    Column("sku", lambda line: line.sku),
    Column("name", lambda line: line.name),
    Column("quantity", lambda line: line.quantity),
    Column("unit", lambda line: line.unit),
    Column("unit_net", lambda line: line.unit_net, money=True),
    Column("vat_code", lambda line: line.vat_code, title_key="col.vat_rate"),
    Column("net", lambda line: line.net, money=True),
    Column("vat", lambda line: line.vat, money=True),
    Column("gross", lambda line: line.gross, money=True),
)

INVOICE_COLUMNS = (  # `InvoiceRef`: the contract of `okos invoice list --format csv|json`
    Column("number", lambda i: i.number),
    Column("kind", lambda i: i.kind, display=lambda v: t(f"invoice.kind.{v}")),
    Column("original", lambda i: i.original),
    Column("cancelled_by", lambda i: i.cancelled_by),
    Column("order_number", lambda i: i.order_number),
    Column("buyer", lambda i: i.buyer_name, title_key="col.customer"),
    Column("buyer_tax_number", lambda i: i.buyer_tax_number, in_table=False),
    Column("issued_on", lambda i: i.issued_on),
    Column("fulfilled_on", lambda i: i.fulfilled_on, in_table=False),
    Column("due_on", lambda i: i.due_on, in_table=False),
    Column("paid_on", lambda i: i.paid_on),
    Column("payment_method", lambda i: i.payment_method, in_table=False),
    Column("currency", lambda i: i.currency, in_table=False),
    Column("exchange_rate", lambda i: i.exchange_rate, in_table=False),
    Column("net_total", lambda i: i.net_total, money=True, in_table=False),
    Column("vat_total", lambda i: i.vat_total, money=True, in_table=False),
    Column("gross_total", lambda i: i.gross_total, money=True),
    Column("rounding", lambda i: i.rounding, money=True, in_table=False),
    Column("payable", lambda i: i.payable, money=True),
    Column("pdf_status", lambda i: i.pdf_status, in_table=False),
    Column(
        "email_status",
        lambda i: i.email_status,
        title_key="col.email_status",
        display=lambda v: t(f"email.{v}"),
    ),
)

RATE_COLUMNS = (  # `domain.invoicing.RateRow`
    Column("currency", lambda r: r.currency),
    Column("valid_on", lambda r: r.valid_on),
    Column("rate", lambda r: r.rate),
)

NAV_COLUMNS = (  # `ReportRow`: the contract of `okos nav status --format csv|json`
    Column("invoice_number", lambda r: r.invoice_number, title_key="col.number"),
    Column("operation", lambda r: r.operation),
    Column("status", lambda r: r.status, display=lambda v: t(f"nav.status.{v}")),
    Column("transaction_id", lambda r: r.transaction_id),
    Column("message", lambda r: r.message),
)

CART_COLUMNS = (
    Column("order_number", lambda o: o.number),
    Column("created", lambda o: o.created),
    Column("customer", lambda o: o.customer),
    Column("gross_total", lambda o: o.gross_total, money=True),
)

SYNC_LOG_COLUMNS = (  # `SyncLogRow`
    Column("shop", lambda r: r.shop),
    Column("started", lambda r: r.started_at, title_key="col.started"),
    Column("finished", lambda r: r.finished_at, title_key="col.finished"),
    Column("status", lambda r: r.status, display=lambda v: t(f"sync.status.{v}")),
    Column("imported", lambda r: r.orders_imported, title_key="col.imported"),
    Column("flagged", lambda r: r.orders_flagged, title_key="col.flagged"),
    Column("skipped", lambda r: r.orders_skipped, title_key="col.skipped"),
    Column("pushed", lambda r: r.products_pushed, title_key="col.pushed"),
    Column("push_failed", lambda r: r.push_failed, title_key="col.push_failed"),
    Column("warnings", lambda r: render_all(r.warnings, " | "), title_key="col.warnings"),
    Column("errors", lambda r: render_all(r.errors, " | "), title_key="col.errors"),
)
