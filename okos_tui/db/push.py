"""Stock and price push: the shops that push, the shop's product ids, and the push queue.

The queue is filled by SQLite triggers (migration 0005) in the same transaction as the change
that causes it — a movement, an order line, an order's status, a price — so no code path can
forget to queue a product and a crash cannot lose a queued push.
"""

from peewee import AutoField, BooleanField, CharField, ForeignKeyField, IntegerField, TextField

from okos_tui.db.base import BaseModel
from okos_tui.db.catalog import Product
from okos_tui.db.fields import UtcDateTimeField


class ConnectedShop(BaseModel):
    """The [[shops]] of okos.toml, mirrored at start so the queue triggers know who pushes."""

    id = AutoField()
    name = CharField(unique=True)
    push_stock = BooleanField(default=False)


class ShopProduct(BaseModel):
    """A local product's id in a shop; `missing` when the shop has no product with its SKU."""

    id = AutoField()
    shop = CharField()
    product = ForeignKeyField(Product, on_delete="CASCADE")
    shop_product_id = CharField(null=True)
    missing = BooleanField(default=False)

    class Meta:
        indexes = ((("shop", "product"), True),)


class PushQueue(BaseModel):
    """One pending push per shop and product; `version` grows with every new change, so a
    push only clears the row if nothing changed while it was being sent."""

    id = AutoField()
    shop = CharField()
    product = ForeignKeyField(Product, on_delete="CASCADE")
    version = IntegerField(default=1)
    queued_at = UtcDateTimeField()
    attempts = IntegerField(default=0)
    last_error = TextField(default="")

    class Meta:
        indexes = ((("shop", "product"), True),)
