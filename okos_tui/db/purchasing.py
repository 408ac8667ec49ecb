"""Purchase orders to suppliers: their open quantities are the incoming stock."""

from enum import StrEnum

from peewee import AutoField, CharField, DateField, ForeignKeyField, IntegerField, TextField

from okos_tui.db.base import BaseModel
from okos_tui.db.catalog import Product
from okos_tui.db.fields import MoneyField, QuantityField, UtcDateTimeField
from okos_tui.db.partners import Supplier
from okos_tui.db.warehouses import Warehouse


class PurchaseOrderStatus(StrEnum):
    OPEN = "open"
    RECEIVED = "received"
    CLOSED = "closed"


class PurchaseOrder(BaseModel):
    id = AutoField()
    number = CharField(unique=True)
    supplier = ForeignKeyField(Supplier, on_delete="RESTRICT")
    warehouse = ForeignKeyField(Warehouse, on_delete="RESTRICT")
    status = CharField(default=PurchaseOrderStatus.OPEN, index=True)
    ordered_on = DateField()
    created_at = UtcDateTimeField()
    note = TextField(default="")

    class Meta:
        indexes = ((("status", "warehouse"), False),)


class PurchaseOrderLine(BaseModel):
    id = AutoField()
    purchase_order = ForeignKeyField(PurchaseOrder, backref="lines", on_delete="CASCADE")
    position = IntegerField()
    product = ForeignKeyField(Product, on_delete="RESTRICT")
    quantity = QuantityField()
    received_quantity = QuantityField(default=0)
    unit_price = MoneyField(default=0)

    class Meta:
        indexes = ((("purchase_order", "product"), True),)
