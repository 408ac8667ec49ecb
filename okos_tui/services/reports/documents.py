"""An order and an invoice for machines (`--format json`): decimals as strings, times as ISO
8601 with the Budapest offset, texts worded in the reader's language."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from okos_tui.core.notices import render_all
from okos_tui.core.values import plain
from okos_tui.services.reports.columns import INVOICE_COLUMNS, QTY
from okos_tui.services.reports.output import machine_value, money_text
from okos_tui.services.views import InvoiceRef, InvoiceView, LineView, OrderView


def _line(line: LineView, *, with_service: bool) -> dict[str, Any]:
    data: dict[str, Any] = {"sku": line.sku or None, "name": line.name}
    if with_service:
        data["service"] = line.service
    data.update(
        {
            "quantity": machine_value(QTY, line.quantity),
            "unit": line.unit,
            "unit_net": money_text(line.unit_net),
            "vat_code": line.vat_code,
            "vat_category": line.vat_category,
            "vat_rate": None if line.vat_percent is None else plain(line.vat_percent),
            "net": money_text(line.net),
            "vat": money_text(line.vat),
            "gross": money_text(line.gross),
        }
    )
    return data


def order_document(order: OrderView) -> dict[str, Any]:
    return {
        "number": order.number,
        "status": order.status,
        "shop": order.shop or None,
        "shop_order_id": order.shop_order_id,
        "created": machine_value(QTY, order.created_at),
        "customer": {
            "name": order.customer_name,
            "email": order.email,
            "phone": order.phone,
            "tax_number": order.tax_number,
            "vat_status": order.vat_status,
            "billing_country_code": order.billing_country_code,
            "billing": asdict(order.billing),
            "delivery": asdict(order.delivery),
        },
        "header_note": order.header_note,
        "internal_note": order.internal_note,
        "review_note": render_all(order.review),
        "warehouse": order.warehouse,
        "payment_method": order.payment_method or None,
        "paid_on": machine_value(QTY, order.paid_on),
        "fulfilment_on": machine_value(QTY, order.fulfilment_on),
        "shipping_method": order.shipping_method or None,
        "currency": order.currency,
        "lines": [_line(line, with_service=True) for line in order.lines],
        "net_total": money_text(order.totals.net),
        "vat_total": money_text(order.totals.vat),
        "gross_total": money_text(order.totals.gross),
    }


def invoice_document(invoice: InvoiceView, listed: InvoiceRef) -> dict[str, Any]:
    """The invoice as `invoice list` gives it (`listed`, the same columns), with its lines, its
    VAT summary (in HUF too), the seller and the buyer."""
    buyer = invoice.buyer
    return {
        **{column.name: machine_value(column, column.read(listed)) for column in INVOICE_COLUMNS},
        "shop_order_id": invoice.shop_order_id,
        "header_note": invoice.header_note,
        "original_issued_on": machine_value(QTY, invoice.original_issued_on),
        "original_fulfilled_on": machine_value(QTY, invoice.original_fulfilled_on),
        "seller": {
            "name": invoice.seller_name,
            "address": invoice.seller_address,
            "tax_number": invoice.seller_tax_number,
            "bank_account": invoice.seller_bank_account,
        },
        "buyer_details": {
            "name": invoice.buyer_name,
            "postcode": buyer.postcode,
            "city": buyer.city,
            "street": buyer.street,
            "country": buyer.country,
            "country_code": invoice.buyer_country_code,
            "tax_number": invoice.buyer_tax_number,
            "vat_status": invoice.buyer_vat_status,
            "email": invoice.buyer_email,
        },
        "lines": [_line(line, with_service=True) for line in invoice.lines],
        "vat_summary": [
            {
                "vat_code": row.vat_code,
                "vat_category": row.vat_category,
                "reason": row.vat_reason,
                "net": money_text(row.net),
                "vat": money_text(row.vat),
                "gross": money_text(row.gross),
                "net_huf": money_text(row.net_huf),
                "vat_huf": money_text(row.vat_huf),
            }
            for row in invoice.summary
        ],
        "pdf": invoice.pdf_path or None,
        "email_sent_at": machine_value(QTY, invoice.email_sent_at),
        "email_error": invoice.email_error,
    }
