"""The shop's own records (not the API shapes: `render` makes those), and their JSON form."""

from __future__ import annotations

import types
from dataclasses import dataclass, field, fields, is_dataclass
from decimal import Decimal
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

STOCK_COUNTERS = 4


@dataclass
class Product:
    product_id: int
    sku: str
    name: str
    price: Decimal
    """Net normal selling price."""
    cost: Decimal
    tax_class_id: int
    stock: list[int]
    """stock1..stock4: the shop's four stock counters."""
    gtin: str
    date_created: str
    date_updated: str
    subtract_stock: bool = True
    status: int = 1
    orderable: int = 1
    multiplier: Decimal = Decimal(1)
    multiplier_lock: int = 0
    model_number: str = ""
    special_price: Decimal | None = None
    """Net special price the shop charges instead of `price` when set."""
    has_deposit: bool = False


@dataclass
class Address:
    firstname: str
    lastname: str
    postcode: str
    city: str
    address1: str
    address2: str = ""
    company: str = ""
    country: str = "HU"
    """ISO alpha-2 code, one of `catalog.COUNTRIES`."""


@dataclass
class Customer:
    """A buyer: registered when `customer_id` is set, a guest otherwise."""

    firstname: str
    lastname: str
    email: str
    phone: str
    address: Address
    tax_number: str = ""
    customer_id: int | None = None
    date_created: str = ""

    @property
    def registered(self) -> bool:
        return self.customer_id is not None


@dataclass
class OrderLine:
    order_product_id: int
    product_id: int
    sku: str
    name: str
    gtin: str
    price: Decimal
    """Net unit price actually charged, in the order's currency."""
    original_price: Decimal
    tax_rate: Decimal
    stock: list[int]
    """How many came from each of stock1..stock4: their sum is the quantity."""
    subtract_stock: bool

    @property
    def quantity(self) -> int:
        return sum(self.stock)


@dataclass
class OrderAddon:
    addon_row_id: int
    product_id: int
    addon_id: int
    name: str
    sku: str
    type: str
    price: Decimal
    quantity: int
    tax_rate: Decimal


@dataclass
class OrderTotal:
    total_id: int
    type: str
    name: str
    value: Decimal
    sort_order: int
    key: str = ""


@dataclass
class Order:
    order_id: int
    """Also the innerId the shop admin shows."""
    customer: Customer
    shipping_address: Address
    shipping_code: str
    payment_code: str
    status_id: int | None
    """None: an abandoned cart."""
    date_created: str
    date_updated: str
    comment: str = ""
    coupon_code: str | None = None
    pickup_point: str = ""
    ip: str = ""
    currency: str = "HUF"
    """The buyer's currency (`catalog.CURRENCIES`): prices and totals are in it."""
    currency_value: Decimal = Decimal(1)
    """1 HUF = `currency_value` units of `currency`, as on the day of the order."""
    lines: list[OrderLine] = field(default_factory=list)
    addons: list[OrderAddon] = field(default_factory=list)
    totals: list[OrderTotal] = field(default_factory=list)

    def total(self, kind: str) -> Decimal:
        return sum((t.value for t in self.totals if t.type == kind), Decimal(0))


def to_data(value: Any) -> Any:
    """A JSON-ready copy: dataclasses become dicts, Decimals strings."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list | tuple):
        return [to_data(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    return value


T = TypeVar("T")


def from_data(cls: type[T], data: dict[str, Any]) -> T:
    """The inverse of `to_data`, guided by the dataclass's type hints."""
    hints = get_type_hints(cls)
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    return cls(**{name: _convert(hints[name], data[name]) for name in names if name in data})


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        hint = next(arg for arg in get_args(hint) if arg is not type(None))
        origin = get_origin(hint)
    if origin is list:
        (item,) = get_args(hint)
        return [_convert(item, v) for v in value]
    if hint is Decimal:
        return Decimal(value)
    if is_dataclass(hint):
        return from_data(hint, value)  # type: ignore[arg-type]
    return value
