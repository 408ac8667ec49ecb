"""Product master: VAT rates, products, price lists and per-warehouse minimum stock."""

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    ForeignKeyField,
    TextField,
)

from okos_tui.db.base import BaseModel
from okos_tui.db.fields import MoneyField, QuantityField
from okos_tui.db.partners import Supplier
from okos_tui.db.warehouses import Warehouse


class VatRate(BaseModel):
    """A VAT code by its short name ("27%", "5%", "AAM", "ATK"): a rate, or an exemption or a
    case outside the scope of VAT (rate 0) with the legal ground printed on invoices."""

    id = AutoField()
    code = CharField(unique=True)
    rate = MoneyField()  # percent, e.g. 27
    exempt = BooleanField(default=False)
    description = TextField(default="")
    category = CharField(default="percentage")  # domain.tax.vat.VatCategory
    reason = TextField(default="")  # the legal ground, e.g. "Alanyi adómentes – Áfa tv. 187. §"


class Product(BaseModel):
    """A stocked product or a service (services never hold stock)."""

    id = AutoField()
    sku = CharField(unique=True)
    name = TextField()
    unit = CharField(default="db")
    vat_rate = ForeignKeyField(VatRate, on_delete="RESTRICT")
    net_price = MoneyField(default=0)
    purchase_price = MoneyField(default=0)
    default_supplier = ForeignKeyField(Supplier, null=True, on_delete="SET NULL")
    supplier_sku = CharField(default="")
    gtin = CharField(default="", index=True)
    is_service = BooleanField(default=False)
    service_code = CharField(null=True, unique=True)  # shipping, payment, coupon, loyalty


class ProductWarehouse(BaseModel):
    """Per product and warehouse settings: the minimum stock to keep there."""

    id = AutoField()
    product = ForeignKeyField(Product, on_delete="CASCADE")
    warehouse = ForeignKeyField(Warehouse, on_delete="CASCADE")
    min_stock = QuantityField(default=0)

    class Meta:
        indexes = ((("product", "warehouse"), True),)


class PriceList(BaseModel):
    id = AutoField()
    name = CharField(unique=True)
    currency = CharField(default="HUF")


class PriceListItem(BaseModel):
    id = AutoField()
    price_list = ForeignKeyField(PriceList, on_delete="CASCADE")
    product = ForeignKeyField(Product, on_delete="CASCADE")
    net_price = MoneyField()

    class Meta:
        indexes = ((("price_list", "product"), True),)
