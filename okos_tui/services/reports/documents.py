"""An order and an invoice for machines (`--format json`): decimals as strings, times as ISO
8601 with the Budapest offset, texts worded in the reader's language."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from okos_tui.core.notices import render_all
from okos_tui.services.reports.columns import QTY
from okos_tui.services.reports.output import machine_value, money_text
from okos_tui.services.views import InvoiceView, LineView, OrderView


def _line(line: LineView, *, with_service: bool) -> dict[str, Any]:
    data: dict[str, Any] = {"sku": line.sku or None, "name": line.name}
    if with_service:
        data["service"] = line.service
    data.update(
        {
            "quantity": machine_value(QTY, line.quantity),
            "unit": line.unit,
            "unit_net": money_text(line.unit_net),
            "vat_rate": line.vat_code,
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
            "billing": asdict(order.billing),
            "delivery": asdict(order.delivery),
        },
        "header_note": order.header_note,
        "internal_note": order.internal_note,
        "review_note": render_all(order.review),
        "warehouse": order.warehouse,
        "payment_method": order.payment_method or None,
        "shipping_method": order.shipping_method or None,
        "currency": order.currency,
        "lines": [_line(line, with_service=True) for line in order.lines],
        "net_total": money_text(order.totals.net),
        "vat_total": money_text(order.totals.vat),
        "gross_total": money_text(order.totals.gross),
    }


def invoice_document(invoice: InvoiceView) -> dict[str, Any]:
    buyer = invoice.buyer
    return {
        "number": invoice.number,
        "kind": invoice.kind,
        "original": invoice.original,
        "order_number": invoice.order_number,
        "shop_order_id": invoice.shop_order_id,
        "issued": invoice.issued_on.isoformat(),
        "fulfilled": invoice.fulfilled_on.isoformat(),
        "due": invoice.due_on.isoformat(),
        "payment_method": invoice.payment_method,
        "currency": invoice.currency,
        "seller": {
            "name": invoice.seller_name,
            "address": invoice.seller_address,
            "tax_number": invoice.seller_tax_number,
            "bank_account": invoice.seller_bank_account,
        },
        "buyer": {
            "name": invoice.buyer_name,
            "postcode": buyer.postcode,
            "city": buyer.city,
            "street": buyer.street,
            "country": buyer.country,
            "tax_number": invoice.buyer_tax_number,
            "email": invoice.buyer_email,
        },
        "lines": [_line(line, with_service=False) for line in invoice.lines],
        "vat_summary": [
            {
                "vat_rate": code,
                "net": money_text(net),
                "vat": money_text(vat),
                "gross": money_text(gross),
            }
            for code, net, vat, gross in invoice.vat_summary
        ],
        "net_total": money_text(invoice.net_total),
        "vat_total": money_text(invoice.vat_total),
        "gross_total": money_text(invoice.gross_total),
        "pdf": invoice.pdf_path or None,
        "pdf_status": invoice.pdf_status,
        "email_status": invoice.email_status,
        "email_sent_at": machine_value(QTY, invoice.email_sent_at),
        "email_error": invoice.email_error,
    }
