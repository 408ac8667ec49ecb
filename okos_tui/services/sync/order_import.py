"""Turning one downloaded shop order into a local OPEN sales order, exactly once.

The shop order is drafted by `shop.mapper` (plain values: the shop's amounts are authoritative,
a TOTAL that the lines do not add up to is flagged for review), its master records bound by
`shop.binder` (customers by shop customer id or as guests, products by SKU, services by code,
VAT rates, payment and shipping methods), and the order created by the domain. Each order is one
transaction that also moves the shop's cursor, so a crash at any moment loses nothing and
duplicates nothing. What an invoice needs of the shop comes along: the countries' ISO codes, the
exchange rate of an order in another currency, and the day a paid status was set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from peewee import fn

from okos_tui.config import ShopSettings
from okos_tui.core import clock
from okos_tui.core.errors import DomainError
from okos_tui.core.notices import Notice, dump_notices, load_notices, notice
from okos_tui.core.values import plain
from okos_tui.db import (
    PaymentMethod,
    SalesOrder,
    SalesOrderStatus,
    ShippingMethod,
    ShopState,
    SkippedShopOrder,
    database,
)
from okos_tui.db.prepared import Prepared, slot
from okos_tui.domain.sales.customers import customer_columns, customer_record
from okos_tui.domain.sales.orders import OrderLineInput, cancel_order, insert_order, price_line
from okos_tui.shop.binder import MasterRecords, remember_shop_product
from okos_tui.shop.mapper import (
    CouponVat,
    ImportRefused,
    OrderDraft,
    draft_order,
    item_sku,
    paid_on,
)
from okos_tui.shop.parsing import ShopDataError, ShopOrder

MAX_REVIEW_NOTICES = 20


@dataclass
class ImportOutcome:
    inner_id: int
    number: str | None = None  # the local order number, when imported
    already_imported: bool = False
    warnings: list[Notice] = field(default_factory=list)


class _Statements:
    """The import's statements run for every order, their SQL text built once per process
    (see `Prepared`: peewee would build it anew for every order)."""

    @cached_property
    def existing(self) -> Prepared:
        query = SalesOrder.select(SalesOrder.number).where(
            (SalesOrder.shop == slot("shop")) & (SalesOrder.shop_order_id == slot("inner_id"))
        )
        return Prepared(query, {"shop": None, "inner_id": None})

    @cached_property
    def advance_cursor(self) -> Prepared:
        query = ShopState.insert(shop=slot("shop"), next_inner_id=slot("start")).on_conflict(
            conflict_target=[ShopState.shop],
            update={ShopState.next_inner_id: fn.MAX(ShopState.next_inner_id, slot("next"))},
        )
        return Prepared(query, {"shop": None, "start": None, "next": None})

    @cached_property
    def unskip(self) -> Prepared:
        query = SkippedShopOrder.delete().where(
            (SkippedShopOrder.shop == slot("shop"))
            & (SkippedShopOrder.inner_id == slot("inner_id"))
        )
        return Prepared(query, {"shop": None, "inner_id": None})


STATEMENTS = _Statements()


def advance_cursor(shop: ShopSettings, inner_id: int) -> None:
    """Move the shop's cursor past `inner_id`; call inside the transaction that handled it."""
    STATEMENTS.advance_cursor.run(
        {
            "shop": shop.name,
            "start": max(shop.first_order_id, inner_id + 1),
            "next": inner_id + 1,
        }
    )


class OrderImporter:
    """Imports the orders of one sync cycle of one shop, each in its own transaction.

    The master records are read once per cycle (`MasterRecords`) and the statements every
    order runs have their SQL text built once (`STATEMENTS`): an order costs about nine
    statements and a few milliseconds. Make a new importer for every cycle: records changed in
    the app meanwhile are seen by the next one."""

    def __init__(self, shop: ShopSettings, *, coupon_vat: CouponVat = "pro_rata") -> None:
        """`coupon_vat`: [invoicing] coupon_vat, how a basket discount is taxed."""
        self.shop = shop
        self.coupon_vat = coupon_vat
        self.records = MasterRecords(shop)

    def import_order(self, order: ShopOrder) -> ImportOutcome:
        """Import one shop order in its own transaction; an order already here is left
        alone."""
        try:
            with database.atomic():
                return self._import(order)
        except BaseException:
            self.records.forget()  # records created in the rolled-back transaction are gone
            raise

    def _import(self, order: ShopOrder) -> ImportOutcome:
        shop = self.shop
        outcome = ImportOutcome(inner_id=order.inner_id)
        keys = {"shop": shop.name, "inner_id": order.inner_id}
        existing = STATEMENTS.existing.run(keys).fetchone()
        if existing is not None:
            outcome.already_imported = True
            outcome.number = existing[0]
            advance_cursor(shop, order.inner_id)
            return outcome
        draft = draft_order(shop, order, self.coupon_vat)
        priced = self._priced_lines(draft, order.currency)
        columns = customer_columns(draft.customer)
        buyer = customer_record(columns, shop=shop.name, shop_customer_id=order.customer_id)
        records = self.records
        try:
            local = insert_order(
                draft.customer,
                priced,
                warehouse=records.warehouse(),
                prefix=shop.order_prefix,
                customer_record=buyer,
                payment_method=records.method(
                    PaymentMethod, draft.payment_method, draft.payment_code
                ),
                shipping_method=records.method(ShippingMethod, draft.shipping_method),
                currency=order.currency,
                internal_note=draft.comment,
                shop=shop.name,
                shop_order_id=order.inner_id,
                created_at=order.created,
                extra=_invoice_facts(draft)
                | {
                    "shop_updated_at": order.updated,
                    "shop_total": draft.shop_total,
                    "review_note": dump_notices([draft.review] if draft.review else []),
                },
            )
        except DomainError as exc:
            raise ImportRefused(exc.notice) from None
        outcome.warnings.extend(draft.warnings)
        if draft.review:
            outcome.warnings.append(draft.review)
        self._learn_shop_ids(order)
        advance_cursor(shop, order.inner_id)
        STATEMENTS.unskip.run(keys)
        outcome.number = local.number
        return outcome

    def _priced_lines(self, draft: OrderDraft, currency: str) -> list[dict]:
        records = self.records
        records.load_products(line.sku for line in draft.lines if line.sku)
        priced = []
        for position, line in enumerate(draft.lines, start=1):
            vat = records.vat(line.vat_code)
            product = records.product(line, vat)
            line_input = OrderLineInput(
                code=product.sku,
                name=line.name,
                quantity=line.quantity,
                unit_net=line.unit_net,
                vat=vat.code,
                net=line.net,
                vat_amount=line.vat_amount,
                gross=line.gross,
            )
            try:
                priced.append(price_line(line_input, product, vat, currency, position))
            except DomainError as exc:
                raise ImportRefused(exc.notice) from None
        return priced

    def _learn_shop_ids(self, order: ShopOrder) -> None:
        """The shop's ids of the products ordered, kept for the push; written only when new
        or changed, so a known product costs nothing."""
        records = self.records
        for item in order.items:
            if not item.shop_product_id or not item.quantity:
                continue
            product = records.products[item_sku(self.shop, item.sku, item.name)]
            if records.shop_ids.get(product.id) != item.shop_product_id:
                remember_shop_product(self.shop.name, product.id, item.shop_product_id)
                records.shop_ids[product.id] = item.shop_product_id


def _invoice_facts(draft: OrderDraft) -> dict[str, object]:
    """The columns an invoice needs that the shop gave: a country code only when the shop named
    one (else the domain derives it from the country's name)."""
    facts: dict[str, object] = {"exchange_rate": draft.exchange_rate, "paid_on": draft.paid_on}
    if draft.billing_country_code:
        facts["billing_country_code"] = draft.billing_country_code
    if draft.delivery_country_code:
        facts["delivery_country_code"] = draft.delivery_country_code
    return facts


def record_skip(shop: ShopSettings, inner_id: int | None, reason: Notice) -> None:
    """An order that could not be imported is recorded (and the cursor moves past it)."""
    with database.atomic():
        if inner_id is None:
            return
        stored = dump_notices([reason])
        SkippedShopOrder.insert(
            shop=shop.name, inner_id=inner_id, reason=stored, first_seen_at=clock.now()
        ).on_conflict(
            conflict_target=[SkippedShopOrder.shop, SkippedShopOrder.inner_id],
            update={
                SkippedShopOrder.reason: stored,
                SkippedShopOrder.attempts: SkippedShopOrder.attempts + 1,
            },
        ).execute()
        advance_cursor(shop, inner_id)


def note_shop_change(shop: ShopSettings, order: ShopOrder) -> Notice | None:
    """An order changed in the shop after download is flagged, never changed silently; an OPEN
    one the shop now calls paid takes the day as its paid date (once: a later change does not
    move it); one the shop cancelled (a status of `cancel_statuses`) is cancelled here too when
    OPEN (its reservation released), flagged for a person when already invoiced. Returns the
    warning, or None when nothing changed."""
    with database.atomic():
        local = SalesOrder.get_or_none(
            (SalesOrder.shop == shop.name) & (SalesOrder.shop_order_id == order.inner_id)
        )
        if local is None or local.shop_updated_at == order.updated:
            return None
        total = order.total_of("TOTAL")
        change = notice(
            "sync.changed_in_shop",
            number=order.inner_id,
            local=local.number,
            when=order.updated,
            status=order.status_id if order.status_id is not None else "-",
            total=plain(total) if total is not None else "-",
        )
        review = [*load_notices(local.review_note), change][-MAX_REVIEW_NOTICES:]
        columns: dict[str, object] = {
            "review_note": dump_notices(review),
            "shop_updated_at": order.updated,
        }
        paid = paid_on(shop, order)
        if paid is not None and local.paid_on is None and local.status == SalesOrderStatus.OPEN:
            columns["paid_on"] = paid
        cancelled = order.status_id is not None and order.status_id in shop.cancel_statuses
        if cancelled and local.status != SalesOrderStatus.CANCELLED:
            # OPEN: cancelled here too, its reservation released; INVOICED: a storno is a
            # person's decision, so it is flagged and listed
            key = (
                "sync.cancelled_in_shop"
                if local.status == SalesOrderStatus.OPEN
                else "sync.cancelled_after_invoice"
            )
            change = notice(key, number=order.inner_id, local=local.number)
            columns["review_note"] = dump_notices([*review[:-1], change][-MAX_REVIEW_NOTICES:])
        SalesOrder.update(columns).where(SalesOrder.id == local.id).execute()
        if cancelled and local.status == SalesOrderStatus.OPEN:
            cancel_order(local.number)
        return change


__all__ = [
    "ImportOutcome",
    "ImportRefused",
    "OrderImporter",
    "ShopDataError",
    "note_shop_change",
    "record_skip",
]
