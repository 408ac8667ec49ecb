"""Retail receipts ("nyugta"): counter sales whose goods leave the stock at once."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from okos_tui.core.errors import InvalidValue
from okos_tui.core.values import parse_money, parse_quantity, round_money
from okos_tui.db import RetailReceipt, RetailReceiptLine, StockDocumentKind, database
from okos_tui.domain.catalog.lookup import (
    payment_method_by_name,
    product_by_code,
    warehouse_by_code,
)
from okos_tui.domain.stock.documents import ItemInput
from okos_tui.domain.stock.ledger import MovementLine, post_document
from okos_tui.domain.tax.payment import names_method
from okos_tui.domain.tax.rounding import cash_rounding

HUNDRED = Decimal(100)


def gross_unit_price(net: Decimal, vat_percent: Decimal) -> Decimal:
    """The consumer price of a product from its net list price, rounded to whole forints."""
    return round_money(net * (1 + vat_percent / HUNDRED))


def create_retail_receipt(
    warehouse_code: str,
    items: Sequence[ItemInput],
    *,
    payment_method: str = "Készpénz",
    note: str = "",
    allow_negative: bool = False,
    cash_methods: Sequence[str] = ("Készpénz", "Utánvét"),
) -> RetailReceipt:
    """Sell over the counter: prices are gross (as the customer pays), defaulting to the list
    price with VAT; each line's gross is authoritative and its VAT is taken out of it. Paid in
    cash (`cash_methods`, by name or code), what is payable is rounded to 0/5 Ft."""
    if not items:
        raise InvalidValue("error.required", field="items")
    with database.atomic():
        warehouse = warehouse_by_code(warehouse_code)
        method = payment_method_by_name(payment_method)
        lines = []
        for item in items:
            product = product_by_code(item.code)
            quantity = parse_quantity(item.quantity, f"{item.code} quantity", allow_zero=False)
            vat_percent = product.vat_rate.rate
            unit_gross = (
                gross_unit_price(product.net_price, vat_percent)
                if item.price is None
                else parse_money(item.price, f"{item.code} price")
            )
            gross = round_money(unit_gross * quantity)
            net = round_money(gross / (1 + vat_percent / HUNDRED))
            lines.append((product, quantity, unit_gross, net, gross - net, gross))
        stock_lines = [
            MovementLine(product=product, quantity=-quantity, unit_price=unit_gross)
            for product, quantity, unit_gross, *_ in lines
            if not product.is_service
        ]
        document = post_document(
            StockDocumentKind.RETAIL_RECEIPT,
            warehouse,
            stock_lines,
            allow_negative=allow_negative,
            note=note,
        )
        gross_total = sum((line[5] for line in lines), Decimal(0))
        cash = any(names_method(name, method.name, method.code) for name in cash_methods)
        receipt = RetailReceipt.create(
            document=document,
            number=document.number,
            issued_on=document.issued_on,
            payment_method=method,
            net_total=sum((line[3] for line in lines), Decimal(0)),
            vat_total=sum((line[4] for line in lines), Decimal(0)),
            gross_total=gross_total,
            rounding=cash_rounding(gross_total, "HUF") if cash else Decimal(0),
            created_at=document.created_at,
        )
        RetailReceiptLine.insert_many(
            [
                {
                    "receipt": receipt.id,
                    "position": position,
                    "product": product.id,
                    "name": product.name,
                    "quantity": quantity,
                    "unit": product.unit,
                    "unit_gross": unit_gross,
                    "vat_rate": product.vat_rate_id,
                    "net": net,
                    "vat": vat,
                    "gross": gross,
                }
                for position, (product, quantity, unit_gross, net, vat, gross) in enumerate(
                    lines, start=1
                )
            ]
        ).execute()
        return receipt
