"""Per-shop sync state: the download cursor, the lease that keeps one sync per shop across
processes, the sync log, and shop orders that could not be imported."""

from peewee import AutoField, CharField, IntegerField, TextField

from okos_tui.db.base import BaseModel
from okos_tui.db.fields import UtcDateTimeField


class ShopState(BaseModel):
    """The cursor only moves past orders whose import committed (same transaction)."""

    id = AutoField()
    shop = CharField(unique=True)
    next_inner_id = IntegerField(default=1)
    updated_since = CharField(default="")  # the newest shop dateUpdated seen, as the shop wrote it
    lease_owner = CharField(default="")
    lease_expires_at = UtcDateTimeField(null=True)
    last_success_at = UtcDateTimeField(null=True)


class SyncLog(BaseModel):
    id = AutoField()
    shop = CharField(index=True)
    started_at = UtcDateTimeField()
    finished_at = UtcDateTimeField(null=True)
    status = CharField(default="running")  # running, ok, failed
    orders_imported = IntegerField(default=0)
    orders_flagged = IntegerField(default=0)
    orders_skipped = IntegerField(default=0)
    warnings = TextField(default="")  # one per line
    errors = TextField(default="")
    products_pushed = IntegerField(default=0)
    push_failed = IntegerField(default=0)


class SkippedShopOrder(BaseModel):
    """A shop order that could not be imported; kept so nothing is lost silently."""

    id = AutoField()
    shop = CharField()
    inner_id = IntegerField()
    reason = TextField()
    first_seen_at = UtcDateTimeField()
    attempts = IntegerField(default=1)

    class Meta:
        indexes = ((("shop", "inner_id"), True),)
