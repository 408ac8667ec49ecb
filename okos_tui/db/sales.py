"""Sales: payment and shipping methods, sales orders and retail receipts."""

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
from okos_tui.db.catalog import Product, VatRate
from okos_tui.db.fields import MoneyField, QuantityField, RateField, UtcDateTimeField
from okos_tui.db.partners import Customer
from okos_tui.db.stock import StockDocument
from okos_tui.db.warehouses import Warehouse


class PaymentMethod(BaseModel):
    id = AutoField()
    name = CharField(unique=True)
    code = CharField(default="")


class ShippingMethod(BaseModel):
    id = AutoField()
    name = CharField(unique=True)


class SalesOrderStatus(StrEnum):
    OPEN = "open"
    INVOICED = "invoiced"
    CANCELLED = "cancelled"


class SalesOrder(BaseModel):
    """A customer's order. The customer's name and addresses are copied onto the order, so
    later edits of the customer record do not rewrite documents already issued."""

    id = AutoField()
    number = CharField(unique=True)
    status = CharField(default=SalesOrderStatus.OPEN, index=True)
    shop = CharField(null=True)
    shop_order_id = IntegerField(null=True)
    created_at = UtcDateTimeField(index=True)
    updated_at = UtcDateTimeField()
    customer = ForeignKeyField(Customer, null=True, on_delete="RESTRICT")
    customer_name = TextField(default="")
    email = CharField(default="")
    phone = CharField(default="")
    tax_number = CharField(default="")
    billing_name = TextField(default="")
    billing_postcode = CharField(default="")
    billing_city = TextField(default="")
    billing_street = TextField(default="")
    billing_country = TextField(default="")
    delivery_name = TextField(default="")
    delivery_postcode = CharField(default="")
    delivery_city = TextField(default="")
    delivery_street = TextField(default="")
    delivery_country = TextField(default="")
    warehouse = ForeignKeyField(Warehouse, on_delete="RESTRICT")
    payment_method = ForeignKeyField(PaymentMethod, null=True, on_delete="RESTRICT")
    shipping_method = ForeignKeyField(ShippingMethod, null=True, on_delete="RESTRICT")
    currency = CharField(default="HUF")
    header_note = TextField(default="")
    internal_note = TextField(default="")
    review_note = TextField(default="")  # set when the shop changed the order after download
    shop_updated_at = CharField(default="")  # the shop's dateUpdated when downloaded
    shop_total = MoneyField(null=True)  # the shop's TOTAL: the local gross must equal it
    billing_country_code = CharField(default="")  # ISO 3166 alpha-2
    delivery_country_code = CharField(default="")
    buyer_vat_status = CharField(default="private")  # domain.tax.tax_numbers.BuyerVatStatus
    paid_on = DateField(null=True)  # when it was paid (the shop's paid status, or entered)
    fulfilment_on = DateField(null=True)  # a fulfilment date set by hand before invoicing
    exchange_rate = RateField(null=True)  # HUF per unit of `currency`, as the shop gave it

    class Meta:
        indexes = (
            (("shop", "shop_order_id"), True),
            (("status", "warehouse", "created_at"), False),  # open orders of a warehouse
        )


class SalesOrderLine(BaseModel):
    id = AutoField()
    order = ForeignKeyField(SalesOrder, backref="lines", on_delete="CASCADE")
    position = IntegerField()
    product = ForeignKeyField(Product, null=True, on_delete="RESTRICT")
    is_service = BooleanField(default=False)
    name = TextField()
    quantity = QuantityField()
    unit = CharField(default="db")
    unit_net = MoneyField()
    vat_rate = ForeignKeyField(VatRate, on_delete="RESTRICT")
    net = MoneyField()
    vat = MoneyField()
    gross = MoneyField()

    class Meta:
        indexes = ((("product", "order", "quantity"), False),)


class RetailReceipt(BaseModel):
    """A shop-counter sale ("nyugta"); its stock leaves through its stock document."""

    id = AutoField()
    document = ForeignKeyField(StockDocument, unique=True, on_delete="RESTRICT")
    number = CharField(unique=True)
    issued_on = DateField()
    payment_method = ForeignKeyField(PaymentMethod, null=True, on_delete="RESTRICT")
    currency = CharField(default="HUF")
    net_total = MoneyField()
    vat_total = MoneyField()
    gross_total = MoneyField()
    created_at = UtcDateTimeField()
    rounding = MoneyField(default=0)  # cash rounding to 0/5 Ft: payable = gross_total + rounding

    @property
    def payable(self) -> Decimal:
        return self.gross_total + self.rounding


class RetailReceiptLine(BaseModel):
    id = AutoField()
    receipt = ForeignKeyField(RetailReceipt, backref="lines", on_delete="CASCADE")
    position = IntegerField()
    product = ForeignKeyField(Product, on_delete="RESTRICT")
    name = TextField()
    quantity = QuantityField()
    unit = CharField(default="db")
    unit_gross = MoneyField()
    vat_rate = ForeignKeyField(VatRate, on_delete="RESTRICT")
    net = MoneyField()
    vat = MoneyField()
    gross = MoneyField()
