"""Turning one downloaded shop order into a local OPEN sales order, exactly once.

Every master record is matched or created: registered customers by shop customer id, guests by
name + e-mail, products by SKU, service items by name, VAT rates by their numeric rate, payment
and shipping methods by name. Amounts are the shop's: a line's gross (gross unit price x quantity,
rounded to the currency) is authoritative, net = round(gross / (1 + rate)), VAT = gross - net.
The shop's TOTAL row is authoritative for the order: if the lines do not add up to it, the order
is still imported but flagged. Each order is one transaction that also moves the shop's cursor,
so a crash at any moment loses nothing and duplicates nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from peewee import JOIN, fn

from okos_tui.config import ShopSettings
from okos_tui.core import clock
from okos_tui.core.errors import DomainError
from okos_tui.core.values import currency_places, round_money
from okos_tui.db import (
    Customer,
    PaymentMethod,
    Product,
    SalesOrder,
    ShippingMethod,
    ShopProduct,
    ShopState,
    SkippedShopOrder,
    VatRate,
    Warehouse,
    database,
)
from okos_tui.db.prepared import Prepared, prepared_insert, slot
from okos_tui.domain.catalog.lookup import normalise_vat_code, warehouse_by_code
from okos_tui.domain.sales.orders import (
    AddressInput,
    CustomerInput,
    OrderLineInput,
    insert_order,
    method_record,
    price_line,
    priced_totals,
)
from okos_tui.i18n import t
from okos_tui.services.push import remember_shop_product
from okos_tui.shop.parsing import ShopAddress, ShopDataError, ShopItem, ShopOrder

HUNDRED = Decimal(100)
MAX_NOTE = 2000
ADDRESS_PARTS = ("name", "postcode", "city", "street", "country")
CUSTOMER_COLUMNS = (
    "name",
    "email",
    "phone",
    "tax_number",
    *(f"{kind}_{part}" for kind in ("billing", "delivery") for part in ADDRESS_PARTS),
)
SERVICE_NAMES = {
    "SHIPPING": "service.shipping",
    "PAYMENT": "service.payment",
    "COUPON": "service.coupon",
    "LOYALTYPOINTS_TO_USE": "service.loyalty",
}


class ImportRefused(Exception):
    """The order cannot be imported as it is (e.g. an unknown VAT rate); the reason says why."""


@dataclass
class ImportOutcome:
    inner_id: int
    number: str | None = None  # the local order number, when imported
    already_imported: bool = False
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ImportLine:
    """An order line with its product and VAT rate already records, priced as it is."""

    line: OrderLineInput
    product: Product | None
    vat: VatRate


class CycleCache:
    """Master records met in one sync cycle, read once per cycle instead of once per line.

    It only holds records of committed transactions: the importer empties it when an order's
    transaction rolls back (a product created there no longer exists). A SKU or VAT rate not
    found is not remembered, so one created meanwhile (in the app, say) is found next time."""

    def __init__(self) -> None:
        self.vats: dict[str, VatRate] = {}
        self.products: dict[str, Product] = {}  # by SKU
        self.shop_ids: dict[int, str | None] = {}  # product id -> shop product id known here
        self.services: dict[str, Product] = {}  # by name
        self.methods: dict[tuple[type, str], PaymentMethod | ShippingMethod | None] = {}
        self.warehouse: Warehouse | None = None


def _truncate(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z0-9]+", "-", ascii_name.upper()).strip("-")[:30] or "SZOLGALTATAS"


def _gross_line(
    code: str | None,
    name: str,
    quantity: Decimal,
    gross: Decimal,
    vat: VatRate,
    places: int,
    unit_net: Decimal | None = None,
) -> OrderLineInput:
    gross = round_money(gross, places)
    net = round_money(gross / (1 + vat.rate / HUNDRED), places)
    if unit_net is None:
        unit_net = net / quantity if quantity else net
    return OrderLineInput(
        code=code,
        name=_truncate(name, 500),
        quantity=quantity,
        unit_net=unit_net.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP),
        vat=vat.code,
        net=net,
        vat_amount=gross - net,
        gross=gross,
    )


def _split_pro_rata(
    amount: Decimal, weights: dict[int, Decimal], places: int
) -> dict[int, Decimal]:
    """Split `amount` over VAT rates in proportion to `weights`, summing exactly to it."""
    total = sum(weights.values(), Decimal(0))
    if not weights or total == 0:
        return {}
    shares: dict[int, Decimal] = {}
    allocated = Decimal(0)
    keys = sorted(weights, key=lambda k: weights[k])
    for key in keys[:-1]:
        shares[key] = round_money(amount * weights[key] / total, places)
        allocated += shares[key]
    shares[keys[-1]] = amount - allocated
    return shares


def _address(address: ShopAddress) -> AddressInput:
    return AddressInput(
        name=_truncate(address.company or address.name, 300),
        postcode=_truncate(address.postcode, 20),
        city=_truncate(address.city, 200),
        street=_truncate(address.street, 400),
        country=_truncate(address.country, 100),
    )


def _customer_input(order: ShopOrder) -> CustomerInput:
    delivery = order.delivery if (order.delivery.city or order.delivery.street) else None
    return CustomerInput(
        name=_truncate(order.name or order.billing.company or order.email or "?", 300),
        email=_truncate(order.email, 300),
        phone=_truncate(order.phone, 100),
        tax_number=_truncate(order.tax_number, 50),
        billing=_address(order.billing),
        delivery=_address(delivery) if delivery else None,
    )


def _customer_columns(customer: CustomerInput) -> dict[str, str]:
    columns = {
        "name": customer.name,
        "email": customer.email,
        "phone": customer.phone,
        "tax_number": customer.tax_number,
    }
    for kind, address in (
        ("billing", customer.billing),
        ("delivery", customer.delivery or customer.billing),
    ):
        for part in ADDRESS_PARTS:
            columns[f"{kind}_{part}"] = getattr(address, part)
    return columns


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
    def registered(self) -> Prepared:
        query = Customer.select().where(
            (Customer.shop == slot("shop")) & (Customer.shop_customer_id == slot("customer_id"))
        )
        return Prepared(query.limit(1), {"shop": None, "customer_id": None})

    @cached_property
    def guest(self) -> Prepared:
        query = Customer.select().where(
            (Customer.name == slot("name"))
            & (Customer.email == slot("email"))
            & Customer.shop_customer_id.is_null()
        )
        return Prepared(query.limit(1), {"name": None, "email": None})

    @cached_property
    def update_customer(self) -> Prepared:
        query = Customer.update({getattr(Customer, c): slot(c) for c in CUSTOMER_COLUMNS}).where(
            Customer.id == slot("id")
        )
        return Prepared(query, dict.fromkeys((*CUSTOMER_COLUMNS, "id")))

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


def _customer(shop: ShopSettings, order: ShopOrder) -> tuple[CustomerInput, Customer]:
    """The buyer's record, matched or created, holding the order's contact details (written
    only when they changed: a returning buyer costs one SELECT)."""
    customer = _customer_input(order)
    columns = _customer_columns(customer)
    if order.customer_id:
        values = {"shop": shop.name, "customer_id": order.customer_id}
        record = STATEMENTS.registered.first(Customer, values)
        if record is None:
            row = {"shop": shop.name, "shop_customer_id": order.customer_id, **columns}
            return customer, Customer(id=prepared_insert(Customer).run([row]), **row)
    else:
        record = STATEMENTS.guest.first(Customer, columns)
        if record is None:
            return customer, Customer(id=prepared_insert(Customer).run([columns]), **columns)
    if any(getattr(record, column) != value for column, value in columns.items()):
        STATEMENTS.update_customer.run({**columns, "id": record.id})
    return customer, record


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

    Master records (VAT rates, the warehouse, payment and shipping methods, service items,
    products by SKU) are read once per cycle through a `CycleCache` and handed to the domain
    already resolved, and the statements every order runs have their SQL text built once
    (`STATEMENTS`): an order costs about nine statements instead of 31, and well under 5 ms.
    Make a new importer for every cycle: records changed in the app meanwhile are seen by the
    next one."""

    def __init__(self, shop: ShopSettings) -> None:
        self.shop = shop
        self.cache = CycleCache()

    # -- master records --------------------------------------------------------------------
    def _vat(self, rate: Decimal) -> VatRate:
        """The local VAT of an item's numeric rate; a VAT-exempt seller's `vat_map` read in
        reverse first (the shop's "0 %" class is the local AAM, not 0%)."""
        code = normalise_vat_code(format(rate.normalize(), "f"))
        code = self.shop.local_vat(code) or code
        vat = self.cache.vats.get(code)
        if vat is None:
            vat = VatRate.get_or_none(VatRate.code == code)
            if vat is None:
                raise ImportRefused(t("sync.unknown_vat", rate=code))
            self.cache.vats[code] = vat
        return vat

    def service_product(self, name: str, vat: VatRate) -> Product:
        """The service item of this name, created on first use (services hold no stock)."""
        product = self.cache.services.get(name)
        if product is not None:
            return product
        product = Product.get_or_none((Product.name == name) & (Product.is_service == True))  # noqa: E712
        if product is None:
            base = f"SZ-{_slug(name)}"
            sku, n = base, 1
            while Product.select().where(Product.sku == sku).exists():
                n += 1
                sku = f"{base}-{n}"
            product = Product.create(sku=sku, name=name, unit="db", vat_rate=vat, is_service=True)
        self.cache.services[name] = product
        return product

    def _item_sku(self, item: ShopItem) -> str:
        return item.sku or f"{self.shop.name.upper()}-{_slug(item.name)}"

    def _load_products(self, skus: set[str]) -> None:
        """The products of these SKUs not met yet this cycle, in one SELECT, each with the
        shop product id already known here."""
        missing = [sku for sku in skus if sku not in self.cache.products]
        if not missing:
            return
        query = (
            Product.select(Product, ShopProduct.shop_product_id.alias("known_shop_id"))
            .join(
                ShopProduct,
                JOIN.LEFT_OUTER,
                on=(ShopProduct.product == Product.id) & (ShopProduct.shop == self.shop.name),
            )
            .where(Product.sku.in_(missing))
            .objects()
        )
        for product in query:
            self.cache.products[product.sku] = product
            self.cache.shop_ids[product.id] = product.known_shop_id

    def _stock_product(self, item: ShopItem, vat: VatRate) -> Product:
        sku = self._item_sku(item)
        product = self.cache.products.get(sku)
        if product is None:
            product = Product.create(
                sku=sku,
                name=_truncate(item.name, 500),
                unit="db",
                vat_rate=vat,
                net_price=item.net_unit.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP),
            )
            self.cache.products[sku] = product
            self.cache.shop_ids[product.id] = None
        return product

    def _method(
        self, model: type[PaymentMethod] | type[ShippingMethod], name: str
    ) -> PaymentMethod | ShippingMethod | None:
        key = (model, name)
        if key not in self.cache.methods:
            self.cache.methods[key] = method_record(model, name)
        return self.cache.methods[key]

    def _warehouse(self) -> Warehouse:
        if self.cache.warehouse is None:
            self.cache.warehouse = warehouse_by_code(self.shop.warehouse)
        return self.cache.warehouse

    # -- lines -----------------------------------------------------------------------------
    def _discount_lines(
        self,
        order: ShopOrder,
        kind: str,
        tax_rate: Decimal,
        item_gross_by_vat: dict[int, Decimal],
        vats: dict[int, VatRate],
        places: int,
    ) -> list[ImportLine]:
        """A coupon or redeemed loyalty points: negative lines; a tax rate of -1 means pro
        rata."""
        value = order.total_of(kind)
        if not value:
            return []
        amount = -abs(value)
        name = next(t.name for t in order.totals if t.kind == kind) or t(SERVICE_NAMES[kind])
        if tax_rate >= 0:
            vat = self._vat(tax_rate)
            service = self.service_product(t(SERVICE_NAMES[kind]), vat)
            line = _gross_line(service.sku, name, Decimal(1), amount, vat, places)
            return [ImportLine(line, service, vat)]
        lines = []
        for vat_id, share in _split_pro_rata(amount, item_gross_by_vat, places).items():
            if share:
                vat = vats[vat_id]
                service = self.service_product(t(SERVICE_NAMES[kind]), vat)
                line = _gross_line(
                    service.sku, f"{name} ({vat.code})", Decimal(1), share, vat, places
                )
                lines.append(ImportLine(line, service, vat))
        return lines

    def _fee_line(
        self, order: ShopOrder, kind: str, tax_rate: Decimal, places: int
    ) -> list[ImportLine]:
        value = order.total_of(kind)
        if not value:
            return []
        vat = self._vat(tax_rate)
        label = next(t.name for t in order.totals if t.kind == kind)
        service = self.service_product(t(SERVICE_NAMES[kind]), vat)
        line = _gross_line(service.sku, label or service.name, Decimal(1), value, vat, places)
        return [ImportLine(line, service, vat)]

    def build_lines(self, order: ShopOrder) -> list[ImportLine]:
        """The order's lines: items, addons, shipping and payment fees, coupon and points."""
        places = currency_places(order.currency)
        lines: list[ImportLine] = []
        gross_by_vat: dict[int, Decimal] = {}
        vats: dict[int, VatRate] = {}
        self._load_products({self._item_sku(item) for item in order.items if item.quantity})
        for item in order.items:
            if item.quantity == 0:
                continue
            vat = self._vat(item.tax_rate)
            vats[vat.id] = vat
            product = self._stock_product(item, vat)
            line = _gross_line(
                product.sku,
                item.name,
                item.quantity,
                item.gross_unit * item.quantity,
                vat,
                places,
                unit_net=item.net_unit,
            )
            gross_by_vat[vat.id] = gross_by_vat.get(vat.id, Decimal(0)) + line.gross
            lines.append(ImportLine(line, product, vat))
        for addon in order.addons:
            if addon.quantity == 0:
                continue
            vat = self._vat(addon.tax_rate)
            service = self.service_product(addon.name, vat)
            gross = addon.net_total * (1 + vat.rate / HUNDRED)
            line = _gross_line(service.sku, addon.name, addon.quantity, gross, vat, places)
            lines.append(ImportLine(line, service, vat))
        lines += self._fee_line(order, "SHIPPING", order.shipping_tax_rate, places)
        lines += self._fee_line(order, "PAYMENT", order.payment_tax_rate, places)
        lines += self._discount_lines(
            order, "COUPON", order.coupon_tax_rate, gross_by_vat, vats, places
        )
        lines += self._discount_lines(
            order, "LOYALTYPOINTS_TO_USE", order.loyalty_tax_rate, gross_by_vat, vats, places
        )
        return lines

    # -- the order -------------------------------------------------------------------------
    def import_order(self, order: ShopOrder) -> ImportOutcome:
        """Import one shop order in its own transaction; an order already here is left
        alone."""
        try:
            with database.atomic():
                return self._import(order)
        except BaseException:
            self.cache = CycleCache()  # records created in the rolled-back transaction are gone
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
        lines = self.build_lines(order)
        if not lines:
            raise ImportRefused(t("sync.no_lines"))
        customer, record = _customer(shop, order)
        comment = order.comment
        if len(comment) > MAX_NOTE:
            outcome.warnings.append(
                t("sync.comment_truncated", number=order.inner_id, length=len(comment))
            )
            comment = _truncate(comment, MAX_NOTE)
        try:
            priced = [
                price_line(line.line, line.product, line.vat, order.currency, position)
                for position, line in enumerate(lines, start=1)
            ]
            shop_total = order.total_of("TOTAL")
            review = self._review(order, priced_totals(priced).gross, shop_total)
            local = insert_order(
                customer,
                priced,
                warehouse=self._warehouse(),
                prefix=shop.order_prefix,
                customer_record=record,
                payment_method=self._method(PaymentMethod, _truncate(order.payment_method, 200)),
                shipping_method=self._method(ShippingMethod, _truncate(order.shipping_method, 200)),
                currency=order.currency,
                header_note=t("sync.header_note", number=order.inner_id),
                internal_note=comment,
                shop=shop.name,
                shop_order_id=order.inner_id,
                created_at=order.created,
                extra={
                    "shop_updated_at": order.updated,
                    "shop_total": shop_total,
                    "review_note": review,
                },
            )
        except DomainError as exc:
            raise ImportRefused(str(exc)) from None
        if review:
            outcome.warnings.append(review)
        self._learn_shop_ids(order)
        advance_cursor(shop, order.inner_id)
        STATEMENTS.unskip.run(keys)
        outcome.number = local.number
        return outcome

    @staticmethod
    def _review(order: ShopOrder, gross: Decimal, shop_total: Decimal | None) -> str:
        """Why the order needs a look: the shop's TOTAL row missing or not what the lines
        add up to; "" when it is sound."""
        if shop_total is None:
            return t("sync.no_total", number=order.inner_id)
        if gross != round_money(shop_total, currency_places(order.currency)):
            return t(
                "sync.total_mismatch",
                number=order.inner_id,
                local=gross,
                shop=shop_total.normalize(),
                difference=gross - shop_total,
            )
        return ""

    def _learn_shop_ids(self, order: ShopOrder) -> None:
        """The shop's ids of the products ordered, kept for the push (issue 6); written only
        when new or changed, so a known product costs nothing."""
        for item in order.items:
            if not item.shop_product_id or not item.quantity:
                continue
            product = self.cache.products[self._item_sku(item)]
            if self.cache.shop_ids.get(product.id) != item.shop_product_id:
                remember_shop_product(self.shop.name, product.id, item.shop_product_id)
                self.cache.shop_ids[product.id] = item.shop_product_id


_cycle_importer: ContextVar[OrderImporter | None] = ContextVar("cycle_importer", default=None)


@contextmanager
def import_cycle(shop: ShopSettings) -> Iterator[OrderImporter]:
    """One sync cycle: `import_order` calls for `shop` inside it (in this thread) share one
    importer and so its cache; the next cycle starts afresh."""
    importer = OrderImporter(shop)
    token = _cycle_importer.set(importer)
    try:
        yield importer
    finally:
        _cycle_importer.reset(token)


def import_order(shop: ShopSettings, order: ShopOrder) -> ImportOutcome:
    """Import one shop order in its own transaction; an order already here is left alone.
    Inside `import_cycle(shop)` the cycle's importer does it, else a fresh one."""
    importer = _cycle_importer.get()
    if importer is None or importer.shop is not shop:
        importer = OrderImporter(shop)
    return importer.import_order(order)


def record_skip(shop: ShopSettings, inner_id: int | None, reason: str) -> None:
    """An order that could not be imported is recorded (and the cursor moves past it)."""
    with database.atomic():
        if inner_id is None:
            return
        SkippedShopOrder.insert(
            shop=shop.name, inner_id=inner_id, reason=reason, first_seen_at=clock.now()
        ).on_conflict(
            conflict_target=[SkippedShopOrder.shop, SkippedShopOrder.inner_id],
            update={
                SkippedShopOrder.reason: reason,
                SkippedShopOrder.attempts: SkippedShopOrder.attempts + 1,
            },
        ).execute()
        advance_cursor(shop, inner_id)


def note_shop_change(shop: ShopSettings, order: ShopOrder) -> str | None:
    """An order changed in the shop after download is flagged, never changed silently.
    Returns the warning, or None when nothing changed."""
    with database.atomic():
        local = SalesOrder.get_or_none(
            (SalesOrder.shop == shop.name) & (SalesOrder.shop_order_id == order.inner_id)
        )
        if local is None or local.shop_updated_at == order.updated:
            return None
        total = order.total_of("TOTAL")
        note = t(
            "sync.changed_in_shop",
            number=order.inner_id,
            local=local.number,
            when=order.updated,
            status=order.status_id if order.status_id is not None else "-",
            total=total.normalize() if total is not None else "-",
        )
        review = f"{local.review_note}\n{note}".strip() if local.review_note else note
        SalesOrder.update(
            review_note=_truncate(review, MAX_NOTE), shop_updated_at=order.updated
        ).where(SalesOrder.id == local.id).execute()
        return note


__all__ = [
    "ImportOutcome",
    "ImportRefused",
    "OrderImporter",
    "ShopDataError",
    "import_cycle",
    "import_order",
    "note_shop_change",
    "record_skip",
]
