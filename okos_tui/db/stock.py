"""The stock ledger: every stock change is a movement row tied to the document that made it."""

from enum import StrEnum

from peewee import (
    AutoField,
    CharField,
    CompositeKey,
    DateField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from okos_tui.db.base import BaseModel
from okos_tui.db.catalog import Product
from okos_tui.db.fields import MoneyField, QuantityField, UtcDateTimeField
from okos_tui.db.partners import Supplier
from okos_tui.db.purchasing import PurchaseOrder
from okos_tui.db.warehouses import Warehouse


class StockDocumentKind(StrEnum):
    OPENING = "opening"
    GOODS_RECEIPT = "goods_receipt"
    PURCHASE_RECEIPT = "purchase_receipt"
    RETAIL_RECEIPT = "retail_receipt"
    ADJUSTMENT = "adjustment"
    INVENTORY = "inventory"
    INVOICE = "invoice"
    INVOICE_STORNO = "invoice_storno"


class StockDocument(BaseModel):
    """The header of any document that moves stock: one number, one warehouse, one date."""

    id = AutoField()
    number = CharField(unique=True)
    kind = CharField(index=True)
    warehouse = ForeignKeyField(Warehouse, on_delete="RESTRICT")
    issued_on = DateField()
    created_at = UtcDateTimeField()
    supplier = ForeignKeyField(Supplier, null=True, on_delete="RESTRICT")
    purchase_order = ForeignKeyField(PurchaseOrder, null=True, on_delete="RESTRICT")
    note = TextField(default="")
    invoice_id = IntegerField(null=True, index=True)  # the invoice that moved the goods


class StockMovement(BaseModel):
    """A signed quantity of one product in one warehouse; physical stock is their sum."""

    id = AutoField()
    document = ForeignKeyField(StockDocument, backref="movements", on_delete="RESTRICT")
    product = ForeignKeyField(Product, on_delete="RESTRICT")
    warehouse = ForeignKeyField(Warehouse, on_delete="RESTRICT")
    quantity = QuantityField()
    unit_price = MoneyField(null=True)

    class Meta:
        indexes = ((("product", "warehouse", "quantity"), False),)


class StockBalance(BaseModel):
    """The running sum of movements per product and warehouse, kept by SQLite triggers on
    stock_movement (migration 0002) inside the same transaction: never written by code, so it
    cannot drift from the ledger, and reports need not add up 200,000 rows each time."""

    product = ForeignKeyField(Product, on_delete="CASCADE")
    warehouse = ForeignKeyField(Warehouse, on_delete="CASCADE")
    quantity = QuantityField()

    class Meta:
        primary_key = CompositeKey("product", "warehouse")
