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
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from peewee import fn

from ..config import ShopSettings
from ..db import (
    Customer,
    Product,
    SalesOrder,
    ShopState,
    SkippedShopOrder,
    VatRate,
    database,
)
from ..domain import clock
from ..domain.errors import DomainError
from ..domain.lookup import normalise_vat_code
from ..domain.orders import (
    AddressInput,
    CustomerInput,
    OrderLineInput,
    create_order,
    order_totals,
)
from ..domain.values import currency_places, round_money
from ..i18n import t
from .shop_order import ShopAddress, ShopDataError, ShopOrder

HUNDRED = Decimal(100)
MAX_NOTE = 2000
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


def _vat(rate: Decimal) -> VatRate:
    code = normalise_vat_code(format(rate.normalize(), "f"))
    vat = VatRate.get_or_none(VatRate.code == code)
    if vat is None:
        raise ImportRefused(t("sync.unknown_vat", rate=code))
    return vat


def _truncate(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z0-9]+", "-", ascii_name.upper()).strip("-")[:30] or "SZOLGALTATAS"


def service_product(name: str, vat: VatRate) -> Product:
    """The service item of this name, created on first use (services hold no stock)."""
    product = Product.get_or_none((Product.name == name) & (Product.is_service == True))  # noqa: E712
    if product is not None:
        return product
    base = f"SZ-{_slug(name)}"
    sku, n = base, 1
    while Product.select().where(Product.sku == sku).exists():
        n += 1
        sku = f"{base}-{n}"
    return Product.create(sku=sku, name=name, unit="db", vat_rate=vat, is_service=True)


def _stock_product(shop_name: str, item_sku: str, name: str, vat: VatRate, net: Decimal) -> Product:
    sku = item_sku or f"{shop_name.upper()}-{_slug(name)}"
    product = Product.get_or_none(Product.sku == sku)
    if product is None:
        product = Product.create(
            sku=sku,
            name=_truncate(name, 500),
            unit="db",
            vat_rate=vat,
            net_price=net.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP),
        )
    return product


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


def _discount_lines(
    order: ShopOrder,
    kind: str,
    tax_rate: Decimal,
    item_gross_by_vat: dict[int, Decimal],
    vats: dict[int, VatRate],
    places: int,
) -> list[OrderLineInput]:
    """A coupon or redeemed loyalty points: negative lines; a tax rate of -1 means pro rata."""
    value = order.total_of(kind)
    if not value:
        return []
    amount = -abs(value)
    name = next(t.name for t in order.totals if t.kind == kind) or t(SERVICE_NAMES[kind])
    if tax_rate >= 0:
        vat = _vat(tax_rate)
        service = service_product(t(SERVICE_NAMES[kind]), vat)
        return [_gross_line(service.sku, name, Decimal(1), amount, vat, places)]
    lines = []
    for vat_id, share in _split_pro_rata(amount, item_gross_by_vat, places).items():
        if share:
            vat = vats[vat_id]
            service = service_product(t(SERVICE_NAMES[kind]), vat)
            lines.append(
                _gross_line(service.sku, f"{name} ({vat.code})", Decimal(1), share, vat, places)
            )
    return lines


def _fee_line(order: ShopOrder, kind: str, tax_rate: Decimal, places: int) -> list[OrderLineInput]:
    value = order.total_of(kind)
    if not value:
        return []
    vat = _vat(tax_rate)
    label = next(t.name for t in order.totals if t.kind == kind)
    service = service_product(t(SERVICE_NAMES[kind]), vat)
    return [_gross_line(service.sku, label or service.name, Decimal(1), value, vat, places)]


def build_lines(shop: ShopSettings, order: ShopOrder) -> list[OrderLineInput]:
    """The order's lines: items, addons, shipping and payment fees, coupon and points."""
    places = currency_places(order.currency)
    lines: list[OrderLineInput] = []
    gross_by_vat: dict[int, Decimal] = {}
    vats: dict[int, VatRate] = {}
    for item in order.items:
        if item.quantity == 0:
            continue
        vat = _vat(item.tax_rate)
        vats[vat.id] = vat
        product = _stock_product(shop.name, item.sku, item.name, vat, item.net_unit)
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
        lines.append(line)
    for addon in order.addons:
        if addon.quantity == 0:
            continue
        vat = _vat(addon.tax_rate)
        service = service_product(addon.name, vat)
        gross = addon.net_total * (1 + vat.rate / HUNDRED)
        lines.append(_gross_line(service.sku, addon.name, addon.quantity, gross, vat, places))
    lines += _fee_line(order, "SHIPPING", order.shipping_tax_rate, places)
    lines += _fee_line(order, "PAYMENT", order.payment_tax_rate, places)
    lines += _discount_lines(order, "COUPON", order.coupon_tax_rate, gross_by_vat, vats, places)
    lines += _discount_lines(
        order, "LOYALTYPOINTS_TO_USE", order.loyalty_tax_rate, gross_by_vat, vats, places
    )
    return lines


def _address(address: ShopAddress) -> AddressInput:
    return AddressInput(
        name=_truncate(address.company or address.name, 300),
        postcode=_truncate(address.postcode, 20),
        city=_truncate(address.city, 200),
        street=_truncate(address.street, 400),
        country=_truncate(address.country, 100),
    )


def _customer(shop: ShopSettings, order: ShopOrder) -> tuple[CustomerInput, Customer]:
    delivery = order.delivery if (order.delivery.city or order.delivery.street) else None
    customer = CustomerInput(
        name=_truncate(order.name or order.billing.company or order.email or "?", 300),
        email=_truncate(order.email, 300),
        phone=_truncate(order.phone, 100),
        tax_number=_truncate(order.tax_number, 50),
        billing=_address(order.billing),
        delivery=_address(delivery) if delivery else None,
    )
    if order.customer_id:
        record = Customer.get_or_none(
            (Customer.shop == shop.name) & (Customer.shop_customer_id == order.customer_id)
        )
        if record is None:
            record = Customer.create(
                name=customer.name, shop=shop.name, shop_customer_id=order.customer_id
            )
    else:
        record = (
            Customer.select()
            .where(
                (Customer.name == customer.name)
                & (Customer.email == customer.email)
                & Customer.shop_customer_id.is_null()
            )
            .first()
        ) or Customer.create(name=customer.name, email=customer.email)
    Customer.update(
        name=customer.name,
        email=customer.email,
        phone=customer.phone,
        tax_number=customer.tax_number,
        **{
            f"{kind}_{k}": getattr(address, k)
            for kind, address in (
                ("billing", customer.billing),
                ("delivery", customer.delivery or customer.billing),
            )
            for k in ("name", "postcode", "city", "street", "country")
        },
    ).where(Customer.id == record.id).execute()
    return customer, record


def advance_cursor(shop: ShopSettings, inner_id: int) -> None:
    """Move the shop's cursor past `inner_id`; call inside the transaction that handled it."""
    ShopState.insert(
        shop=shop.name, next_inner_id=shop.first_order_id
    ).on_conflict_ignore().execute()
    ShopState.update(next_inner_id=fn.MAX(ShopState.next_inner_id, inner_id + 1)).where(
        ShopState.shop == shop.name
    ).execute()


def import_order(shop: ShopSettings, order: ShopOrder) -> ImportOutcome:
    """Import one shop order in its own transaction; an order already here is left alone."""
    outcome = ImportOutcome(inner_id=order.inner_id)
    with database.atomic():
        existing = SalesOrder.get_or_none(
            (SalesOrder.shop == shop.name) & (SalesOrder.shop_order_id == order.inner_id)
        )
        if existing is not None:
            outcome.already_imported = True
            outcome.number = existing.number
            advance_cursor(shop, order.inner_id)
            return outcome
        lines = build_lines(shop, order)
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
            local = create_order(
                customer,
                lines,
                warehouse_code=shop.warehouse,
                prefix=shop.order_prefix,
                payment_method=_truncate(order.payment_method, 200) or None,
                shipping_method=_truncate(order.shipping_method, 200) or None,
                currency=order.currency,
                header_note=t("sync.header_note", number=order.inner_id),
                internal_note=comment,
                shop=shop.name,
                shop_order_id=order.inner_id,
                created_at=order.created,
                customer_record=record,
            )
        except DomainError as exc:
            raise ImportRefused(str(exc)) from None
        shop_total = order.total_of("TOTAL")
        gross = order_totals(local).gross
        review = ""
        if shop_total is None:
            review = t("sync.no_total", number=order.inner_id)
        elif gross != round_money(shop_total, currency_places(order.currency)):
            review = t(
                "sync.total_mismatch",
                number=order.inner_id,
                local=gross,
                shop=shop_total.normalize(),
                difference=gross - shop_total,
            )
        if review:
            outcome.warnings.append(review)
        SalesOrder.update(
            shop_updated_at=order.updated, shop_total=shop_total, review_note=review
        ).where(SalesOrder.id == local.id).execute()
        advance_cursor(shop, order.inner_id)
        SkippedShopOrder.delete().where(
            (SkippedShopOrder.shop == shop.name) & (SkippedShopOrder.inner_id == order.inner_id)
        ).execute()
        outcome.number = local.number
        return outcome


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
    "ShopDataError",
    "import_order",
    "note_shop_change",
    "record_skip",
]
