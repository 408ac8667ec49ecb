"""Invoices, storno invoices, their lines, and the invoice cart.

An invoice copies everything it prints (seller, buyer, lines, amounts) at issue, so it never
changes afterwards, whatever happens to the order, the customer or okos.toml.
"""

from decimal import Decimal
from enum import StrEnum

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    DateField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from okos_tui.db.base import BaseModel
from okos_tui.db.catalog import Product
from okos_tui.db.fields import MoneyField, QuantityField, RateField, UtcDateTimeField
from okos_tui.db.sales import SalesOrder


class InvoiceKind(StrEnum):
    INVOICE = "invoice"
    STORNO = "storno"


class PdfStatus(StrEnum):
    PENDING = "pending"
    OK = "ok"
    FAILED = "failed"


class EmailStatus(StrEnum):
    UNSENT = "unsent"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class Invoice(BaseModel):
    id = AutoField()
    number = CharField(unique=True)
    kind = CharField(default=InvoiceKind.INVOICE)
    order = ForeignKeyField(SalesOrder, backref="invoices", on_delete="RESTRICT")
    original = ForeignKeyField("self", null=True, unique=True, on_delete="RESTRICT")
    issued_on = DateField()
    fulfilled_on = DateField()
    due_on = DateField()
    created_at = UtcDateTimeField()
    payment_method = TextField(default="")
    currency = CharField(default="HUF")
    seller_name = TextField()
    seller_address = TextField(default="")
    seller_tax_number = CharField()
    seller_bank_account = CharField(default="")
    seller_vat_exempt = IntegerField(default=0)
    buyer_name = TextField()
    buyer_postcode = CharField(default="")
    buyer_city = TextField(default="")
    buyer_street = TextField(default="")
    buyer_country = TextField(default="")
    buyer_tax_number = CharField(default="")
    buyer_email = CharField(default="")
    order_number = CharField()
    shop_order_id = IntegerField(null=True)
    net_total = MoneyField()
    vat_total = MoneyField()
    gross_total = MoneyField()
    pdf_status = CharField(default=PdfStatus.PENDING, index=True)
    pdf_path = TextField(default="")
    pdf_error = TextField(default="")
    email_status = CharField(default=EmailStatus.UNSENT, index=True)
    email_attempts = IntegerField(default=0)
    email_error = TextField(default="")
    email_sent_at = UtcDateTimeField(null=True)
    seller_postcode = CharField(default="")
    seller_city = TextField(default="")
    seller_street = TextField(default="")
    seller_country = CharField(default="")  # ISO 3166 alpha-2
    buyer_country_code = CharField(default="")
    buyer_vat_status = CharField(default="private")
    payment_code = CharField(default="")  # CASH, COD, CARD, BANK_TRANSFER...
    paid_on = DateField(null=True)  # printed "Fizetve" when paid before issue
    exchange_rate = RateField(default=1)  # HUF per unit of `currency`
    rounding = MoneyField(default=0)  # cash rounding: payable = gross_total + rounding
    header_note = TextField(default="")

    @property
    def payable(self) -> Decimal:
        return self.gross_total + self.rounding


class InvoiceLine(BaseModel):
    id = AutoField()
    invoice = ForeignKeyField(Invoice, backref="lines", on_delete="CASCADE")
    position = IntegerField()
    product = ForeignKeyField(Product, null=True, on_delete="RESTRICT")
    name = TextField()
    quantity = QuantityField()
    unit = CharField(default="db")
    unit_net = MoneyField()
    vat_code = CharField()
    vat_percent = MoneyField()
    net = MoneyField()
    vat = MoneyField()
    gross = MoneyField()
    vat_category = CharField(default="percentage")
    vat_reason = TextField(default="")
    is_service = BooleanField(default=False)


class CartItem(BaseModel):
    """An order waiting in the invoice cart ("Számlázandó rendelések")."""

    id = AutoField()
    order = ForeignKeyField(SalesOrder, unique=True, on_delete="CASCADE")
    added_at = UtcDateTimeField()


class ExchangeRate(BaseModel):
    """HUF per unit of a currency from a day on (`okos rate set`), for invoices in it."""

    id = AutoField()
    currency = CharField()
    valid_on = DateField()
    rate = RateField()

    class Meta:
        indexes = ((("currency", "valid_on"), True),)


class NavStatus(StrEnum):
    PENDING = "pending"  # to be reported (again)
    SENDING = "sending"  # recorded, sent or about to be: its answer may have been lost
    SENT = "sent"  # NAV has it (a transactionId), no final answer yet
    DONE = "done"
    ABORTED = "aborted"

    @classmethod
    def shown(cls, status: str | None) -> str:
        """As people are told it: no report yet is pending, and one sending is sent (NAV may
        have it)."""
        if status is None:
            return cls.PENDING
        return cls.SENT if status == cls.SENDING else status


class NavReport(BaseModel):
    """An invoice's report to NAV Online Számla, recorded before it is sent (the outbox): what
    was sent (`xml`, the exact bytes), in which request and transaction, and NAV's answer."""

    id = AutoField()
    invoice = ForeignKeyField(Invoice, unique=True, on_delete="RESTRICT")
    operation = CharField()  # CREATE or STORNO
    status = CharField(default=NavStatus.PENDING, index=True)
    xml = TextField(default="")
    request_id = CharField(null=True)
    transaction_id = CharField(null=True)
    batch_index = IntegerField(null=True)
    messages = TextField(default="")
    attempts = IntegerField(default=0)
    sent_at = UtcDateTimeField(null=True)
    updated_at = UtcDateTimeField()
