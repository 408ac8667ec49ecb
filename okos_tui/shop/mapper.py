"""A downloaded shop order as the order the domain creates: plain values, no database.

Amounts are the shop's: a line's gross (gross unit price x quantity, rounded to the currency) is
authoritative, net = round(gross / (1 + rate)), VAT = gross - net. Shipping and payment fees
become lines of service items; a coupon or redeemed loyalty points become negative lines, split
over the VAT rates of the goods in proportion (`coupon_vat = "pro_rata"`, the default: a basket
discount lowers each rate's base by its share, so goods at 18% never take 27% off) or at the rate
the shop gives them (`"shop"`; split as well when the shop gives none). The shop's TOTAL row is
authoritative for the order: lines that do not add up to it are flagged for review.

Names the shop gives (item, fee and discount labels) are kept as the shop wrote them; a name the
app has to make up is Hungarian, like the documents it ends up on.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from okos_tui.config import ShopSettings
from okos_tui.core.notices import Notice, notice
from okos_tui.core.values import currency_places, plain, round_money
from okos_tui.domain.catalog.vat_codes import normalise_vat_code
from okos_tui.domain.sales.orders import AddressInput, CustomerInput
from okos_tui.i18n import t_in
from okos_tui.shop.parsing import ShopAddress, ShopOrder

HUNDRED = Decimal(100)
UNIT_PRICE = Decimal("0.0001")
MAX_NOTE = 2000
DOCUMENT_LANGUAGE = "hu"
SERVICES = {  # the shop's total row -> our service code and its name's catalogue key
    "SHIPPING": ("shipping", "service.shipping"),
    "PAYMENT": ("payment", "service.payment"),
    "COUPON": ("coupon", "service.coupon"),
    "LOYALTYPOINTS_TO_USE": ("loyalty", "service.loyalty"),
}
SERVICE_NAME_KEYS = dict(SERVICES.values())
CouponVat = Literal["pro_rata", "shop"]


class ImportRefused(Exception):
    """The order cannot be imported as it is (e.g. an unknown VAT rate); `notice` says why."""

    def __init__(self, notice: Notice) -> None:
        super().__init__(notice.key)
        self.notice = notice

    def __str__(self) -> str:
        return self.notice.render()


@dataclass(frozen=True)
class DraftLine:
    """One line to create: a stock item (by SKU), a service of ours (by code: a fee or a
    discount) or a service by the shop's name (an addon), priced as the shop priced it."""

    name: str
    quantity: Decimal
    unit_net: Decimal
    net: Decimal
    vat_amount: Decimal
    gross: Decimal
    vat_code: str
    sku: str = ""  # a stock item
    service_code: str = ""  # a fee or a discount: shipping, payment, coupon, loyalty
    addon: bool = False  # a service the shop names (a deposit, gift wrapping...)
    list_net: Decimal = Decimal(0)  # a stock item's net unit price, for a new product

    @property
    def service_name(self) -> str:
        """The name of the service item this line is on (a new one is named so)."""
        if self.service_code:
            return t_in(DOCUMENT_LANGUAGE, SERVICE_NAME_KEYS[self.service_code])
        return self.name


@dataclass(frozen=True)
class OrderDraft:
    customer: CustomerInput
    lines: tuple[DraftLine, ...]
    comment: str
    payment_method: str
    payment_code: str  # the shop's code of it: COD, BANK_TRANSFER, BARION...
    shipping_method: str
    shop_total: Decimal | None
    review: Notice | None  # why the order needs a look; None when it is sound
    warnings: tuple[Notice, ...]
    billing_country_code: str = ""  # "" : the domain derives it from the country's name
    delivery_country_code: str = ""
    exchange_rate: Decimal | None = None  # HUF per unit; None for HUF (or not given)
    paid_on: date | None = None  # set when the shop's status says paid


def truncate(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z0-9]+", "-", ascii_name.upper()).strip("-")[:30] or "SZOLGALTATAS"


def item_sku(shop: ShopSettings, sku: str, name: str) -> str:
    """An item's SKU; one the shop left empty is made from the shop's and the item's name."""
    return sku or f"{shop.name.upper()}-{slug(name)}"


def vat_code_of(shop: ShopSettings) -> Callable[[Decimal], str]:
    """The local VAT code of a shop's numeric rate: a VAT-exempt seller's `vat_map` read in
    reverse first (the shop's "0 %" class is the local AAM, not 0%)."""

    def code(rate: Decimal) -> str:
        plain_code = normalise_vat_code(format(rate.normalize(), "f"))
        return shop.local_vat(plain_code) or plain_code

    return code


def gross_line(
    name: str,
    quantity: Decimal,
    gross: Decimal,
    rate: Decimal,
    vat_code: str,
    places: int,
    *,
    unit_net: Decimal | None = None,
    sku: str = "",
    service_code: str = "",
    addon: bool = False,
    list_net: Decimal = Decimal(0),
) -> DraftLine:
    gross = round_money(gross, places)
    net = round_money(gross / (1 + rate / HUNDRED), places)
    if unit_net is None:
        unit_net = net / quantity if quantity else net
    return DraftLine(
        name=truncate(name, 500),
        quantity=quantity,
        unit_net=unit_net.quantize(UNIT_PRICE, rounding=ROUND_HALF_UP),
        net=net,
        vat_amount=gross - net,
        gross=gross,
        vat_code=vat_code,
        sku=sku,
        service_code=service_code,
        addon=addon,
        list_net=list_net,
    )


def split_pro_rata(amount: Decimal, weights: dict[str, Decimal], places: int) -> dict[str, Decimal]:
    """Split `amount` over VAT codes in proportion to `weights`, summing exactly to it."""
    total = sum(weights.values(), Decimal(0))
    if not weights or total == 0:
        return {}
    shares: dict[str, Decimal] = {}
    allocated = Decimal(0)
    keys = sorted(weights, key=lambda k: weights[k])
    for key in keys[:-1]:
        shares[key] = round_money(amount * weights[key] / total, places)
        allocated += shares[key]
    shares[keys[-1]] = amount - allocated
    return shares


def _address(address: ShopAddress) -> AddressInput:
    return AddressInput(
        name=truncate(address.company or address.name, 300),
        postcode=truncate(address.postcode, 20),
        city=truncate(address.city, 200),
        street=truncate(address.street, 400),
        country=truncate(address.country, 100),
    )


def customer_input(order: ShopOrder) -> CustomerInput:
    delivery = order.delivery if (order.delivery.city or order.delivery.street) else None
    return CustomerInput(
        name=truncate(order.name or order.billing.company or order.email or "?", 300),
        email=truncate(order.email, 300),
        phone=truncate(order.phone, 100),
        tax_number=truncate(order.tax_number, 50),
        billing=_address(order.billing),
        delivery=_address(delivery) if delivery else None,
    )


class _Lines:
    """The draft's lines, built in the order the shop lists them."""

    def __init__(self, shop: ShopSettings, order: ShopOrder, coupon_vat: CouponVat) -> None:
        self.shop = shop
        self.order = order
        self.coupon_vat = coupon_vat
        self.places = currency_places(order.currency)
        self.code = vat_code_of(shop)
        self.lines: list[DraftLine] = []
        self.gross_by_vat: dict[str, Decimal] = {}
        self.rates: dict[str, Decimal] = {}

    def items(self) -> None:
        for item in self.order.items:
            if item.quantity == 0:
                continue
            code = self.code(item.tax_rate)
            self.rates[code] = item.tax_rate
            line = gross_line(
                item.name,
                item.quantity,
                item.gross_unit * item.quantity,
                item.tax_rate,
                code,
                self.places,
                unit_net=item.net_unit,
                sku=item_sku(self.shop, item.sku, item.name),
                list_net=item.net_unit.quantize(UNIT_PRICE, rounding=ROUND_HALF_UP),
            )
            self.gross_by_vat[code] = self.gross_by_vat.get(code, Decimal(0)) + line.gross
            self.lines.append(line)

    def addons(self) -> None:
        for addon in self.order.addons:
            if addon.quantity == 0:
                continue
            gross = addon.net_total * (1 + addon.tax_rate / HUNDRED)
            code = self.code(addon.tax_rate)
            self.lines.append(
                gross_line(
                    addon.name, addon.quantity, gross, addon.tax_rate, code, self.places, addon=True
                )
            )

    def _label(self, kind: str) -> str:
        return next(total.name for total in self.order.totals if total.kind == kind)

    def fee(self, kind: str, rate: Decimal) -> None:
        value = self.order.total_of(kind)
        if not value:
            return
        service, name_key = SERVICES[kind]
        name = self._label(kind) or t_in(DOCUMENT_LANGUAGE, name_key)
        line = gross_line(
            name, Decimal(1), value, rate, self.code(rate), self.places, service_code=service
        )
        self.lines.append(line)

    def discount(self, kind: str, rate: Decimal) -> None:
        """A coupon or redeemed loyalty points: negative lines. Pro rata over the goods' VAT
        rates unless the settings keep the shop's rate (a rate of -1: the shop gives none);
        a free-shipping coupon takes the delivery fee's rate for the part the fee covers."""
        value = self.order.total_of(kind)
        if not value:
            return
        amount = -abs(value)
        service, name_key = SERVICES[kind]
        name = self._label(kind) or t_in(DOCUMENT_LANGUAGE, name_key)
        keep_shop_rate = self.coupon_vat == "shop" or not self.gross_by_vat
        if rate >= 0 and keep_shop_rate:
            code = self.code(rate)
            self.lines.append(
                gross_line(name, Decimal(1), amount, rate, code, self.places, service_code=service)
            )
            return
        parts: dict[str, Decimal] = {}
        rates = dict(self.rates)
        if kind == "COUPON" and self.order.coupon_free_shipping:
            shipping = self.order.total_of("SHIPPING") or Decimal(0)
            covered = min(abs(amount), max(shipping, Decimal(0)))
            if covered:
                code = self.code(self.order.shipping_tax_rate)
                rates[code] = self.order.shipping_tax_rate
                parts[code] = -covered
                amount += covered
        if amount:
            for code, share in split_pro_rata(amount, self.gross_by_vat, self.places).items():
                parts[code] = parts.get(code, Decimal(0)) + share
        shares = [(code, share) for code, share in parts.items() if share]
        for code, share in shares:
            self.lines.append(
                gross_line(
                    f"{name} ({code})" if len(shares) > 1 else name,
                    Decimal(1),
                    share,
                    rates[code],
                    code,
                    self.places,
                    service_code=service,
                )
            )


def draft_lines(
    shop: ShopSettings, order: ShopOrder, coupon_vat: CouponVat = "pro_rata"
) -> list[DraftLine]:
    """The order's lines: items, addons, shipping and payment fees, coupon and points."""
    lines = _Lines(shop, order, coupon_vat)
    lines.items()
    lines.addons()
    lines.fee("SHIPPING", order.shipping_tax_rate)
    lines.fee("PAYMENT", order.payment_tax_rate)
    lines.discount("COUPON", order.coupon_tax_rate)
    lines.discount("LOYALTYPOINTS_TO_USE", order.loyalty_tax_rate)
    return lines.lines


def review(order: ShopOrder, gross: Decimal) -> Notice | None:
    """Why the order needs a look: the shop's TOTAL row missing or not what the lines add up
    to; None when it is sound."""
    shop_total = order.total_of("TOTAL")
    if shop_total is None:
        return notice("sync.no_total", number=order.inner_id)
    if gross != round_money(shop_total, currency_places(order.currency)):
        return notice(
            "sync.total_mismatch",
            number=order.inner_id,
            local=plain(gross),
            shop=plain(shop_total),
            difference=plain(gross - shop_total),
        )
    return None


def paid_on(shop: ShopSettings, order: ShopOrder) -> date | None:
    """The day the order was paid: the day the shop set a status that `paid_statuses` names
    (the API keeps no history, so its last change stands for it); None while unpaid."""
    if order.status_id is None or order.status_id not in shop.paid_statuses:
        return None
    return order.status_date


def draft_order(
    shop: ShopSettings, order: ShopOrder, coupon_vat: CouponVat = "pro_rata"
) -> OrderDraft:
    """The order to create from `order`; ImportRefused when there is nothing to create."""
    lines = draft_lines(shop, order, coupon_vat)
    if not lines:
        raise ImportRefused(notice("sync.no_lines"))
    warnings: list[Notice] = []
    comment = order.comment
    if len(comment) > MAX_NOTE:
        length = len(comment)
        warnings.append(notice("sync.comment_truncated", number=order.inner_id, length=length))
        comment = truncate(comment, MAX_NOTE)
    gross = sum((line.gross for line in lines), Decimal(0))
    customer = customer_input(order)
    return OrderDraft(
        customer=customer,
        lines=tuple(lines),
        comment=comment,
        payment_method=truncate(order.payment_method, 200),
        payment_code=truncate(order.payment_code, 50).upper(),
        shipping_method=truncate(order.shipping_method, 200),
        shop_total=order.total_of("TOTAL"),
        review=review(order, gross),
        warnings=tuple(warnings),
        billing_country_code=order.billing.country_code,
        delivery_country_code=order.delivery.country_code if customer.delivery else "",
        exchange_rate=order.exchange_rate,
        paid_on=paid_on(shop, order),
    )
