"""Buyers: who they are as an order gives them, and their one record.

A shop's registered customer is matched by the shop and the shop's customer id; everyone else
(a guest in the shop, a phone or counter order) by name and e-mail among the records that no
shop customer id names. The record takes the newest contact details, written only when they
changed (a returning buyer costs one SELECT, which the order import runs thousands of times).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from okos_tui.core.errors import InvalidValue
from okos_tui.db import Customer
from okos_tui.db.prepared import Prepared, prepared_insert, slot

ADDRESS_PARTS = ("name", "postcode", "city", "street", "country")
MAX_TEXT = 2000
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f]")  # all below 32 but tab, newline
CUSTOMER_COLUMNS = (
    "name",
    "email",
    "phone",
    "tax_number",
    *(f"{kind}_{part}" for kind in ("billing", "delivery") for part in ADDRESS_PARTS),
)


@dataclass(frozen=True)
class AddressInput:
    name: str = ""
    postcode: str = ""
    city: str = ""
    street: str = ""
    country: str = ""


@dataclass(frozen=True)
class CustomerInput:
    name: str
    email: str = ""
    phone: str = ""
    tax_number: str = ""
    billing: AddressInput = field(default_factory=AddressInput)
    delivery: AddressInput | None = None  # None: same as billing


def clean_text(value: str, field_name: str, limit: int = MAX_TEXT) -> str:
    """Free text stays free (accents, brackets), but control characters and megabytes do not."""
    if len(value) > limit:
        raise InvalidValue("error.bad_text", field=field_name, limit=limit)
    return CONTROL_CHARACTERS.sub("", value).strip()


def customer_columns(customer: CustomerInput) -> dict[str, str]:
    """The buyer's columns, as a Customer and an order (which copies them) store them."""
    delivery = customer.delivery or customer.billing
    columns = {
        "name": clean_text(customer.name, "customer", 300),
        "email": clean_text(customer.email, "email", 300),
        "phone": clean_text(customer.phone, "phone", 100),
        "tax_number": clean_text(customer.tax_number, "tax_number", 50),
    }
    for prefix, address in (("billing", customer.billing), ("delivery", delivery)):
        for part in ADDRESS_PARTS:
            columns[f"{prefix}_{part}"] = clean_text(getattr(address, part), part, 500)
    return columns


class _Statements:
    """Run for nearly every imported order: their SQL text is built once per process."""

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
    def update(self) -> Prepared:
        query = Customer.update({getattr(Customer, c): slot(c) for c in CUSTOMER_COLUMNS}).where(
            Customer.id == slot("id")
        )
        return Prepared(query, dict.fromkeys((*CUSTOMER_COLUMNS, "id")))


STATEMENTS = _Statements()


def customer_record(
    columns: dict[str, str], *, shop: str | None = None, shop_customer_id: str = ""
) -> Customer:
    """The buyer's record, matched or created, holding `columns` (see `customer_columns`).
    Call inside the transaction that creates the order."""
    if shop is not None and shop_customer_id:
        values = {"shop": shop, "customer_id": shop_customer_id}
        record = STATEMENTS.registered.first(Customer, values)
        if record is None:
            row = {"shop": shop, "shop_customer_id": shop_customer_id, **columns}
            return Customer(id=prepared_insert(Customer).run([row]), **row)
    else:
        record = STATEMENTS.guest.first(Customer, columns)
        if record is None:
            return Customer(id=prepared_insert(Customer).run([columns]), **columns)
    if any(getattr(record, column) != value for column, value in columns.items()):
        STATEMENTS.update.run({**columns, "id": record.id})
    return record
