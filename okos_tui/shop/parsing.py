"""Reading a ShopRenter order (`orderExtend?full=1` item) defensively into plain values.

The API writes numbers as strings or numbers, empty values as "", {} or null, and "no date" as
"0000-00-00" or "-0001-11-30T00:00:00"; unknown fields are ignored. Anything that makes the order
unsound (no innerId, a negative quantity, an amount that is not a number) raises ShopDataError
naming the field, so the sync can skip that order with a clear log entry and go on.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from okos_tui.core.clock import BUDAPEST
from okos_tui.core.values import MAX_ABS, RATE_PLACES

ZERO = Decimal(0)
HOME_CURRENCY = "HUF"  # the shop's default currency: `value` is relative to it
RATE_UNIT = Decimal(1).scaleb(-RATE_PLACES)
NO_DATES = ("0000-00-00", "-0001-11-30")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
PRODUCT_ID = re.compile(r"product-product_id=\d+")
ISO_ALPHA2 = re.compile(r"[A-Z]{2}")


class ShopDataError(ValueError):
    """A field of a shop record that cannot be read; `field` names it."""

    def __init__(self, field: str, value: Any) -> None:
        shown = repr(value)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        super().__init__(f"{field}: {shown}")
        self.field = field


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == {} or value == []


def text(value: Any) -> str:
    """A field as text, without control characters (an ESC or a BEL from the shop must never
    reach a terminal; newlines and tabs stay). Markup such as "[bold]" is text like any other."""
    if is_empty(value) or isinstance(value, dict | list):
        return ""
    return CONTROL_CHARACTERS.sub("", str(value)).strip()


def decimal(value: Any, field: str, default: Decimal | None = ZERO) -> Decimal:
    if is_empty(value):
        if default is None:
            raise ShopDataError(field, value)
        return default
    if isinstance(value, bool | dict | list):
        raise ShopDataError(field, value)
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ShopDataError(field, value) from None
    if not number.is_finite():
        raise ShopDataError(field, value)
    return number


def integer(value: Any, field: str) -> int:
    number = decimal(value, field, default=None)
    if number != number.to_integral_value():
        raise ShopDataError(field, value)
    return int(number)


def shop_datetime(value: Any) -> datetime | None:
    """The shop's local time ("2026-11-23T14:05:00") as an aware Budapest datetime."""
    raw = text(value)
    if not raw or raw.startswith(NO_DATES):
        return None
    try:
        moment = datetime.fromisoformat(raw.replace(" ", "T"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=BUDAPEST)


def link_id(value: Any) -> str:
    """The opaque id of a linked resource: its "id", else the last part of its "href"."""
    if not isinstance(value, dict) or is_empty(value):
        return ""
    if text(value.get("id")):
        return text(value["id"])
    href = text(value.get("href"))
    return href.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0] if href else ""


def decoded_number(opaque_id: str) -> int | None:
    """ShopRenter ids are base64 of e.g. "orderStatus-order_status_id=1": the trailing number."""
    if not opaque_id:
        return None
    try:
        decoded = base64.b64decode(opaque_id + "=" * (-len(opaque_id) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    tail = decoded.rsplit("=", 1)[-1]
    return int(tail) if tail.isdigit() else None


def product_link_id(value: Any) -> str:
    """An order item's link to its product ({"href": ".../products/<id>"}) as the product's
    opaque id, "" unless it is one (base64 of "product-product_id=N"): a garbled link must never
    decide which shop product a push writes to."""
    opaque_id = link_id(value)
    if not opaque_id:
        return ""
    try:
        decoded = base64.b64decode(opaque_id + "=" * (-len(opaque_id) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return ""
    return opaque_id if PRODUCT_ID.fullmatch(decoded) else ""


@dataclass(frozen=True)
class ShopAddress:
    name: str
    company: str
    postcode: str
    city: str
    street: str
    country: str
    country_code: str = ""  # ISO 3166 alpha-2 from the shop's country record; "" if none


@dataclass(frozen=True)
class ShopItem:
    name: str
    sku: str
    gtin: str
    quantity: Decimal
    net_unit: Decimal
    gross_unit: Decimal
    tax_rate: Decimal
    shop_product_id: str = ""  # the shop's opaque id of the product ordered; "" if unknown


@dataclass(frozen=True)
class ShopAddon:
    name: str
    kind: str
    quantity: Decimal
    net_total: Decimal
    tax_rate: Decimal


@dataclass(frozen=True)
class ShopTotal:
    kind: str
    name: str
    value: Decimal


@dataclass(frozen=True)
class ShopOrder:
    inner_id: int
    shop_id: str
    created: datetime | None
    updated: str
    status_id: int | None  # None: an abandoned cart
    customer_id: str  # "" for a guest
    name: str
    email: str
    phone: str
    tax_number: str
    billing: ShopAddress
    delivery: ShopAddress
    payment_method: str
    payment_code: str
    payment_tax_rate: Decimal
    shipping_method: str
    shipping_tax_rate: Decimal
    comment: str
    currency: str
    items: tuple[ShopItem, ...]
    addons: tuple[ShopAddon, ...]
    totals: tuple[ShopTotal, ...]
    coupon_tax_rate: Decimal
    loyalty_tax_rate: Decimal
    exchange_rate: Decimal | None = None  # HUF per unit of `currency`; None: HUF or unknown
    coupon_free_shipping: bool = False  # the coupon waives the delivery fee

    def total_of(self, kind: str) -> Decimal | None:
        values = [t.value for t in self.totals if t.kind == kind]
        return sum(values, ZERO) if values else None

    @property
    def is_abandoned(self) -> bool:
        return self.status_id is None

    @property
    def status_date(self) -> date | None:
        """The Budapest day of the shop's last change (else of the order): the day a status it
        has now, such as paid, was set, as near as the API tells."""
        moment = shop_datetime(self.updated) or self.created
        return moment.astimezone(BUDAPEST).date() if moment else None


def _person(first: Any, last: Any) -> str:
    """ShopRenter's firstname holds the family name: "firstname lastname" as it comes."""
    return " ".join(part for part in (text(first), text(last)) if part)


def _address(raw: dict[str, Any], prefix: str) -> ShopAddress:
    street = ", ".join(
        p for p in (text(raw.get(f"{prefix}Address1")), text(raw.get(f"{prefix}Address2"))) if p
    )
    return ShopAddress(
        name=_person(raw.get(f"{prefix}Firstname"), raw.get(f"{prefix}Lastname")),
        company=text(raw.get(f"{prefix}Company")),
        postcode=text(raw.get(f"{prefix}Postcode")),
        city=text(raw.get(f"{prefix}City")),
        street=street,
        country=text(raw.get(f"{prefix}CountryName")),
        country_code=country_code(raw.get(f"{prefix}Country")),
    )


def country_code(value: Any) -> str:
    """The ISO alpha-2 code of an embedded country record ({"isoCode2": "HU", ...}); "" when
    it is missing or not two letters, so the order's country name decides instead."""
    code = text(value.get("isoCode2")).upper() if isinstance(value, dict) else ""
    return code if ISO_ALPHA2.fullmatch(code) else ""


def exchange_rate(raw: dict[str, Any], currency_code: str) -> Decimal | None:
    """HUF per unit of the order's currency: 1 / `value` (the order's own multiplier, else its
    currency's; 1 HUF = `value` units), to six places. None for a HUF order and for a value that
    is missing, not a number, zero or negative: an invoice then asks for a rate set by hand."""
    if currency_code == HOME_CURRENCY:
        return None
    currency = raw.get("currency")
    for candidate in (
        raw.get("value"),
        currency.get("value") if isinstance(currency, dict) else None,
    ):
        try:
            multiplier = decimal(candidate, "value", default=None)
        except ShopDataError:
            continue
        if multiplier <= 0:
            continue
        rate = (1 / multiplier).quantize(RATE_UNIT, rounding=ROUND_HALF_UP)
        return rate if 0 < rate < MAX_ABS else None
    return None


def _list(value: Any) -> list[dict[str, Any]]:
    """Embedded collections come as a list, a {"...": [...]} wrapper, or empty."""
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    if isinstance(value, dict):
        for inner in value.values():
            if isinstance(inner, list):
                return [v for v in inner if isinstance(v, dict)]
    return []


def _first_amount(raw: dict[str, Any], keys: tuple[str, ...], field: str) -> Decimal | None:
    """The order currency's variant first ("...Currency"), then the base one; None if absent."""
    for key in keys:
        if not is_empty(raw.get(key)):
            return decimal(raw[key], field)
    return None


def _item(raw: dict[str, Any], index: int) -> ShopItem:
    field = f"orderProducts[{index}]"
    quantity = sum((decimal(raw.get(f"stock{n}"), f"{field}.stock{n}") for n in (1, 2, 3, 4)), ZERO)
    if quantity < 0:
        raise ShopDataError(f"{field}.stock1..4", quantity)
    tax_rate = decimal(raw.get("taxRate"), f"{field}.taxRate")
    net_unit = _first_amount(raw, ("priceCurrency", "price"), f"{field}.price")
    gross_unit = _first_amount(raw, ("grossPriceCurrency", "grossPrice"), f"{field}.grossPrice")
    if gross_unit is None:
        if net_unit is None:
            raise ShopDataError(f"{field}.price", None)
        gross_unit = net_unit * (1 + tax_rate / 100)
    elif net_unit is None:
        net_unit = gross_unit / (1 + tax_rate / 100)
    if tax_rate < 0 or gross_unit < 0:
        raise ShopDataError(f"{field}.grossPrice", gross_unit)
    return ShopItem(
        name=text(raw.get("name")) or text(raw.get("sku")) or f"#{index + 1}",
        sku=text(raw.get("sku")),
        gtin=text(raw.get("gtin")),
        quantity=quantity,
        net_unit=net_unit,
        gross_unit=gross_unit,
        tax_rate=tax_rate,
        shop_product_id=product_link_id(raw.get("product")),
    )


def _addon(raw: dict[str, Any], index: int) -> ShopAddon:
    field = f"orderProductAddons[{index}]"
    quantity = decimal(raw.get("quantity"), f"{field}.quantity", default=Decimal(1))
    if quantity < 0:
        raise ShopDataError(f"{field}.quantity", quantity)
    price = decimal(raw.get("price"), f"{field}.price")
    total_raw = raw.get("total")
    net_total = price * quantity if is_empty(total_raw) else decimal(total_raw, f"{field}.total")
    return ShopAddon(
        name=text(raw.get("name")) or text(raw.get("type")) or "Betétdíj",
        kind=text(raw.get("type")),
        quantity=quantity,
        net_total=net_total,
        tax_rate=decimal(raw.get("taxRate"), f"{field}.taxRate"),
    )


def parse_order(raw: Any) -> ShopOrder:
    """One `orderExtend` record as a ShopOrder; ShopDataError when it is not sound."""
    if not isinstance(raw, dict):
        raise ShopDataError("order", type(raw).__name__)
    inner_id = integer(raw.get("innerId"), "innerId")
    if inner_id <= 0:
        raise ShopDataError("innerId", inner_id)
    currency = raw.get("currency")
    currency_code = text(currency.get("code")) if isinstance(currency, dict) else text(currency)
    currency_code = (currency_code or HOME_CURRENCY).upper()
    coupon = raw.get("coupon")
    status_link = raw.get("orderStatus")
    status_id = None
    if isinstance(status_link, dict) and not is_empty(status_link):
        status_id = decoded_number(link_id(status_link)) or 0
    billing = _address(raw, "payment")
    return ShopOrder(
        inner_id=inner_id,
        shop_id=text(raw.get("id")),
        created=shop_datetime(raw.get("dateCreated")),
        updated=text(raw.get("dateUpdated")),
        status_id=status_id,
        customer_id=link_id(raw.get("customer")),
        name=_person(raw.get("firstname"), raw.get("lastname")) or billing.name,
        email=text(raw.get("email")),
        phone=text(raw.get("phone")),
        tax_number=text(raw.get("taxNumber")),
        billing=billing,
        delivery=_address(raw, "shipping"),
        payment_method=text(raw.get("paymentMethodName")),
        payment_code=text(raw.get("paymentMethodCode")),
        payment_tax_rate=decimal(raw.get("paymentMethodTaxRate"), "paymentMethodTaxRate"),
        shipping_method=text(raw.get("shippingMethodLocalizedName"))
        or text(raw.get("shippingMethodName")),
        shipping_tax_rate=decimal(raw.get("shippingMethodTaxRate"), "shippingMethodTaxRate"),
        comment=text(raw.get("comment")),
        currency=currency_code,
        items=tuple(_item(item, n) for n, item in enumerate(_list(raw.get("orderProducts")))),
        addons=tuple(
            _addon(addon, n) for n, addon in enumerate(_list(raw.get("orderProductAddons")))
        ),
        totals=tuple(
            ShopTotal(
                kind=text(total.get("type")).upper(),
                name=text(total.get("name")).rstrip(":").strip(),
                value=decimal(total.get("value"), f"orderTotals[{n}].value"),
            )
            for n, total in enumerate(_list(raw.get("orderTotals")))
        ),
        coupon_tax_rate=decimal(raw.get("couponTaxRate"), "couponTaxRate", default=Decimal(-1)),
        loyalty_tax_rate=decimal(
            raw.get("loyaltyPointsTaxRate"), "loyaltyPointsTaxRate", default=Decimal(-1)
        ),
        exchange_rate=exchange_rate(raw, currency_code),
        coupon_free_shipping=isinstance(coupon, dict) and text(coupon.get("freeShipping")) == "1",
    )
