"""Suppliers and customers. Customer addresses are kept as billing and delivery columns."""

from peewee import AutoField, CharField, TextField

from okos_tui.db.base import BaseModel


class Supplier(BaseModel):
    id = AutoField()
    name = CharField(unique=True)
    tax_number = CharField(default="")
    email = CharField(default="")
    address = TextField(default="")


class Customer(BaseModel):
    """A buyer. Shop customers are matched by shop + shop customer id, guests by name + e-mail."""

    id = AutoField()
    name = TextField()
    email = CharField(default="", index=True)
    phone = CharField(default="")
    tax_number = CharField(default="")
    shop = CharField(null=True)
    shop_customer_id = CharField(null=True)
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

    class Meta:
        indexes = ((("shop", "shop_customer_id"), True),)
