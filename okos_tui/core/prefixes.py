"""The numbering blocks the stock documents use internally. okos.toml may not give these to
orders or invoices: two kinds of document in one block would take each other's numbers, and an
invoice sequence must have no gaps."""

from __future__ import annotations

from enum import StrEnum


class DocumentPrefix(StrEnum):
    OPENING = "NYK"
    GOODS_RECEIPT = "BEV"
    PURCHASE_RECEIPT = "BEE"
    RETAIL_RECEIPT = "NYU"
    ADJUSTMENT = "KOR"
    INVENTORY = "LEL"
    PURCHASE_ORDER = "SZM"
    INVOICE_ISSUE = "KIA"  # goods out on an invoice
    INVOICE_RETURN = "VIS"  # goods back on a storno invoice


RESERVED_PREFIXES = frozenset(prefix.value for prefix in DocumentPrefix)
