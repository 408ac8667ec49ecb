"""The shop's state: products, customers and orders behind one lock, saved as JSON on demand.

Placing an order takes stock from the product's counters in order (stock1 first), the way a
real shop with subtractStock does; an abandoned cart takes nothing until it is completed.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from okos_tui.fakeshop import catalog
from okos_tui.fakeshop.errors import ApiError, bad_data
from okos_tui.fakeshop.models import (
    STOCK_COUNTERS,
    Address,
    Customer,
    Order,
    OrderAddon,
    OrderLine,
    OrderTotal,
    Product,
    from_data,
    to_data,
)
from okos_tui.fakeshop.pricing import compute_totals, net_price_in

STATE_FORMAT = 1
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S"


def stamp(moment: datetime) -> str:
    return moment.strftime(DATE_FORMAT)


def wall_clock() -> datetime:
    return datetime.now().replace(microsecond=0)


@dataclass
class OrderSpec:
    """What a buyer put in the cart and chose at checkout."""

    items: list[tuple[str, int]]
    customer: Customer
    shipping_code: str = "gls"
    payment_code: str = "cod"
    coupon_code: str | None = None
    loyalty_points: int = 0
    comment: str = ""
    status_id: int | None = catalog.PENDING_STATUS_ID
    shipping_address: Address | None = None
    pickup_point: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    ip: str = "192.0.2.10"
    currency: str = catalog.DEFAULT_CURRENCY


class ShopState:
    """All records of the shop. Every public method takes the lock; callers may too (RLock)."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._save_lock = threading.Lock()
        self.products: dict[int, Product] = {}
        self.customers: dict[int, Customer] = {}
        self.orders: dict[int, Order] = {}
        self.next_ids: dict[str, int] = {
            "product": 1,
            "customer": 1,
            "order": 1001,
            "order_product": 1,
            "order_total": 1,
            "order_addon": 1,
        }
        self.dirty = False

    def new_id(self, kind: str) -> int:
        with self.lock:
            value = self.next_ids[kind]
            self.next_ids[kind] = value + 1
            return value

    # products ---------------------------------------------------------------------------------

    def add_product(self, product: Product) -> None:
        with self.lock:
            self.products[product.product_id] = product
            self.next_ids["product"] = max(self.next_ids["product"], product.product_id + 1)
            self.dirty = True

    def product_by_sku(self, sku: str) -> Product | None:
        with self.lock:
            return next((p for p in self.products.values() if p.sku == sku), None)

    def update_product(self, product_id: int, data: Any) -> Product:
        """Apply a PUT body's `data` (all or nothing); raises ApiError on bad input."""
        if not isinstance(data, dict):
            raise bad_data("The given data is empty or not in PHP array format.")
        readonly = sorted(set(data) & {"innerId", "dateCreated", "dateUpdated"})
        if readonly:
            raise ApiError(400, 40002, f"The following fields are readonly: {', '.join(readonly)}!")
        with self.lock:
            product = self.products[product_id]
            changes = _parse_product_changes(data)
            new_sku = changes.get("sku")
            if new_sku is not None and new_sku != product.sku and self.product_by_sku(new_sku):
                raise ApiError(409, 40901, f"Resource exists: sku {new_sku}!")
            for counter in range(STOCK_COUNTERS):
                value = changes.pop(f"stock{counter + 1}", None)
                if value is not None:
                    product.stock[counter] = value
            for name, value in changes.items():
                setattr(product, name, value)
            product.date_updated = stamp(wall_clock())
            self.dirty = True
            return product

    # orders -----------------------------------------------------------------------------------

    def place_order(self, spec: OrderSpec) -> int:
        """Create an order as the shop's checkout would; returns its innerId."""
        with self.lock:
            shipping = _lookup(catalog.SHIPPING_METHODS, spec.shipping_code, "shipping method")
            payment = _lookup(catalog.PAYMENT_METHODS, spec.payment_code, "payment method")
            coupon = (
                _lookup(catalog.COUPONS, spec.coupon_code, "coupon") if spec.coupon_code else None
            )
            if spec.status_id is not None and spec.status_id not in catalog.ORDER_STATUSES:
                raise ValueError(f"unknown order status id {spec.status_id}")
            if not spec.items:
                raise ValueError("an order needs at least one item")
            currency = _lookup(catalog.CURRENCIES, spec.currency, "currency")
            shipping_address = spec.shipping_address or spec.customer.address
            for address in (spec.customer.address, shipping_address):
                _lookup(catalog.COUNTRIES, address.country, "country")
            created = spec.created_at or wall_clock()
            order = Order(
                order_id=self.new_id("order"),
                customer=spec.customer,
                shipping_address=shipping_address,
                shipping_code=shipping.code,
                payment_code=payment.code,
                status_id=spec.status_id,
                date_created=stamp(created),
                date_updated=stamp(max(spec.updated_at or created, created)),
                comment=spec.comment,
                coupon_code=coupon.code if coupon else None,
                pickup_point=spec.pickup_point or (shipping.pickup_points[:1] or ("",))[0],
                ip=spec.ip,
                currency=currency.code,
                currency_value=currency.value,
            )
            for sku, quantity in spec.items:
                self._add_line(order, sku, quantity, currency)
            rows = compute_totals(
                order.lines,
                order.addons,
                shipping,
                payment,
                coupon=coupon,
                loyalty_points=spec.loyalty_points if spec.customer.registered else 0,
                registered=spec.customer.registered,
                pickup_point=order.pickup_point,
                currency=currency,
            )
            order.totals = [
                OrderTotal(self.new_id("order_total"), r.type, r.name, r.value, r.sort_order, r.key)
                for r in rows
            ]
            if order.status_id is not None:
                self._take_stock(order)
            self.orders[order.order_id] = order
            self.dirty = True
            return order.order_id

    def _add_line(self, order: Order, sku: str, quantity: int, currency: catalog.Currency) -> None:
        if not isinstance(quantity, int) or quantity < 1:
            raise ValueError(f"quantity of {sku} must be a positive whole number")
        product = self.product_by_sku(sku)
        if product is None:
            raise ValueError(f"no product with SKU {sku!r}")
        rate = catalog.TAX_CLASSES[product.tax_class_id].rate
        price = product.special_price if product.special_price is not None else product.price
        order.lines.append(
            OrderLine(
                order_product_id=self.new_id("order_product"),
                product_id=product.product_id,
                sku=product.sku,
                name=product.name,
                gtin=product.gtin,
                price=net_price_in(price, rate, currency),
                original_price=net_price_in(product.price, rate, currency),
                tax_rate=rate,
                stock=_split_over_counters(product, quantity),
                subtract_stock=product.subtract_stock,
            )
        )
        if product.has_deposit:
            deposit = catalog.DEPOSIT
            order.addons.append(
                OrderAddon(
                    self.new_id("order_addon"),
                    product.product_id,
                    deposit.addon_id,
                    deposit.name,
                    deposit.sku,
                    "DEPOSIT_FEE",
                    net_price_in(deposit.price, deposit.tax_rate, currency),
                    quantity,
                    deposit.tax_rate,
                )
            )

    def _take_stock(self, order: Order) -> None:
        for line in order.lines:
            product = self.products.get(line.product_id)
            if product is None or not line.subtract_stock:
                continue
            product.stock = [
                have - took for have, took in zip(product.stock, line.stock, strict=True)
            ]
            product.date_updated = order.date_updated

    def set_order_status(self, order_id: int, status_id: int) -> None:
        """Change an order's status as the shop admin would; dateUpdated moves forward."""
        if status_id not in catalog.ORDER_STATUSES:
            raise ValueError(f"unknown order status id {status_id}")
        with self.lock:
            order = self._order(order_id)
            if order.status_id is None:
                self._take_stock(order)
            order.status_id = status_id
            self._touch(order)

    def complete_abandoned_cart(self, order_id: int) -> None:
        """The buyer came back and finished the checkout: now it is a pending order."""
        with self.lock:
            order = self._order(order_id)
            if order.status_id is not None:
                raise ValueError(f"order {order_id} is not an abandoned cart")
            self.set_order_status(order_id, catalog.PENDING_STATUS_ID)

    def _order(self, order_id: int) -> Order:
        order = self.orders.get(order_id)
        if order is None:
            raise KeyError(f"no order with innerId {order_id}")
        return order

    def _touch(self, order: Order) -> None:
        """dateUpdated strictly later than before, so `updatedAtMin` always sees the change."""
        previous = datetime.strptime(order.date_updated, DATE_FORMAT)
        order.date_updated = stamp(max(wall_clock(), previous + timedelta(seconds=1)))
        self.dirty = True

    # persistence ------------------------------------------------------------------------------

    def to_data(self) -> dict[str, Any]:
        with self.lock:
            return {
                "format": STATE_FORMAT,
                "next_ids": dict(self.next_ids),
                "products": to_data(list(self.products.values())),
                "customers": to_data(list(self.customers.values())),
                "orders": to_data(list(self.orders.values())),
            }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ShopState:
        if data.get("format") != STATE_FORMAT:
            raise ValueError(f"unsupported fake shop state format: {data.get('format')!r}")
        state = cls()
        state.next_ids.update(data["next_ids"])
        products = (from_data(Product, d) for d in data["products"])
        state.products = {p.product_id: p for p in products}
        customers = (from_data(Customer, d) for d in data["customers"])
        state.customers = {c.customer_id: c for c in customers if c.customer_id is not None}
        state.orders = {o.order_id: o for o in (from_data(Order, d) for d in data["orders"])}
        return state

    def save(self, path: Path) -> None:
        """Write atomically (temp file + rename), so a crash never leaves half a file."""
        with self._save_lock:  # one writer of the temp file at a time; readers may go on
            with self.lock:
                text = json.dumps(self.to_data(), ensure_ascii=False, indent=1)
                self.dirty = False
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> ShopState:
        try:
            return cls.from_data(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"cannot load fake shop state from {path}: {exc}") from exc


def _lookup(table: dict[str, Any], code: str, what: str) -> Any:
    try:
        return table[code]
    except KeyError:
        raise ValueError(f"unknown {what} {code!r}; known: {', '.join(table)}") from None


def _split_over_counters(product: Product, quantity: int) -> list[int]:
    """Take from stock1, then stock2...; what no counter covers comes from stock1 (backorder)."""
    taken = [0] * STOCK_COUNTERS
    if not product.subtract_stock:
        taken[0] = quantity
        return taken
    left = quantity
    for counter, available in enumerate(product.stock):
        take = min(left, max(available, 0))
        taken[counter] = take
        left -= take
    taken[0] += left
    return taken


_DECIMAL_FIELDS = {"price": "price", "cost": "cost", "multiplier": "multiplier"}
_FLAG_FIELDS = {
    "status": "status",
    "orderable": "orderable",
    "multiplierLock": "multiplier_lock",
    "subtractStock": "subtract_stock",
}
_TEXT_FIELDS = {"sku": "sku", "gtin": "gtin", "modelNumber": "model_number"}


def _parse_product_changes(data: dict[str, Any]) -> dict[str, Any]:
    """Validated attribute changes from a PUT body; unknown fields are ignored."""
    changes: dict[str, Any] = {}
    for counter in range(1, STOCK_COUNTERS + 1):
        name = f"stock{counter}"
        if name in data:
            value = _number(name, data[name])
            if value != value.to_integral_value():
                raise bad_data(f"The {name} parameter has wrong data. The data is not int.")
            changes[name] = int(value)
    for api_name, attr in _DECIMAL_FIELDS.items():
        if api_name in data:
            value = _number(api_name, data[api_name])
            if value < 0:
                raise bad_data(f"The {api_name} parameter has wrong data.")
            changes[attr] = value
    for api_name, attr in _FLAG_FIELDS.items():
        if api_name in data:
            flag = str(data[api_name]).strip().lower()
            if flag not in {"0", "1", "true", "false"}:
                raise bad_data(f"The {api_name} parameter has wrong data.")
            on = flag in {"1", "true"}
            changes[attr] = on if attr == "subtract_stock" else int(on)
    for api_name, attr in _TEXT_FIELDS.items():
        if api_name in data:
            text = data[api_name]
            if not isinstance(text, str | int) or (api_name == "sku" and not str(text).strip()):
                raise bad_data(f"The {api_name} field cannot be empty")
            changes[attr] = str(text)
    return changes


def _number(name: str, raw: Any) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise bad_data(f"The {name} parameter has wrong data. The data is not scalar.")
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise bad_data(f"The {name} parameter has wrong data.") from None
    if not value.is_finite():
        raise bad_data(f"The {name} parameter has wrong data.")
    return value
