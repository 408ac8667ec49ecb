"""An invoice as NAV's data model has it (`NavInvoice`), read from the database: the invoice's
own stored figures, the same the PDF prints, so the report never says something else."""

from __future__ import annotations

from okos_tui.config import Config
from okos_tui.db import Invoice, InvoiceLine
from okos_tui.domain.invoicing import vat_summary
from okos_tui.domain.tax.countries import HOME_COUNTRY, country_code
from okos_tui.nav.invoice_data import (
    NavAddress,
    NavInvoice,
    NavLine,
    NavReference,
)


def _buyer_country(invoice: Invoice) -> str:
    return invoice.buyer_country_code or country_code(invoice.buyer_country) or HOME_COUNTRY


def nav_invoice(invoice: Invoice, *, electronic: bool) -> NavInvoice:
    """The invoice (or storno invoice) in NAV's terms; `electronic`: it reaches the buyer by
    e-mail (ELECTRONIC), else on paper."""
    lines = list(invoice.lines.order_by(InvoiceLine.position))
    reference = None
    if invoice.original_id is not None:
        original = invoice.original
        earlier = (
            Invoice.select()
            .where((Invoice.original == original.id) & (Invoice.id < invoice.id))
            .count()
        )
        reference = NavReference(
            original_number=original.number,
            modification_index=earlier + 1,
            lines_before=original.lines.count() * (earlier + 1),
        )
    return NavInvoice(
        number=invoice.number,
        issued_on=invoice.issued_on,
        fulfilled_on=invoice.fulfilled_on,
        due_on=invoice.due_on,
        currency=invoice.currency,
        exchange_rate=invoice.exchange_rate,
        payment_code=invoice.payment_code,
        electronic=electronic,
        supplier_tax_number=invoice.seller_tax_number,
        supplier_name=invoice.seller_name,
        supplier_address=NavAddress(
            invoice.seller_country or HOME_COUNTRY,
            invoice.seller_postcode,
            invoice.seller_city,
            invoice.seller_street,
        ),
        supplier_bank_account=invoice.seller_bank_account,
        supplier_exempt=bool(invoice.seller_vat_exempt),
        buyer_status=invoice.buyer_vat_status,
        buyer_tax_number=invoice.buyer_tax_number,
        buyer_name=invoice.buyer_name,
        buyer_address=NavAddress(
            _buyer_country(invoice),
            invoice.buyer_postcode,
            invoice.buyer_city,
            invoice.buyer_street,
        ),
        lines=tuple(
            NavLine(
                description=line.name,
                quantity=line.quantity,
                unit=line.unit,
                unit_price=line.unit_net,
                net=line.net,
                vat=line.vat,
                gross=line.gross,
                vat_category=line.vat_category,
                vat_percent=line.vat_percent,
                vat_code=line.vat_code,
                vat_reason=line.vat_reason,
                service=bool(line.is_service),
            )
            for line in lines
        ),
        summary=tuple(vat_summary(invoice)),
        net_total=invoice.net_total,
        vat_total=invoice.vat_total,
        gross_total=invoice.gross_total,
        reference=reference,
    )


def reaches_by_email(invoice: Invoice, config: Config) -> bool:
    """An invoice goes out ELECTRONIC when it is e-mailed (mail is set up and the buyer has an
    address), else on PAPER."""
    return config.smtp is not None and bool(invoice.buyer_email.strip())
