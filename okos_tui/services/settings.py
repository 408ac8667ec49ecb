"""The domain's settings made from okos.toml: the rules never read the file's shapes."""

from __future__ import annotations

from okos_tui.config import Config
from okos_tui.domain.invoicing import InvoiceSettings, Seller


def invoice_settings(config: Config) -> InvoiceSettings:
    company = config.company
    return InvoiceSettings(
        seller=Seller(
            name=company.name,
            tax_number=company.tax_number,
            postcode=company.postcode,
            city=company.city,
            street=company.street,
            country=company.country,
            bank_account=company.bank_account,
            vat_exempt=company.vat_exempt,
        ),
        prefix=config.invoicing.prefix,
        due_days=config.invoicing.due_days,
        allow_negative=config.stock.allow_negative,
        cash_methods=config.invoicing.cash_methods,
        fulfilment=config.invoicing.fulfilment,
    )
