"""The buyer's data of an OPEN order corrected before invoicing: name, tax number (checked, its
VAT status derived), billing address and country, e-mail, payment and shipping method, payment
and fulfilment date. A bad value changes nothing; an order that is not OPEN is not edited. And
what a new order stores of its countries and the buyer's VAT status."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from okos_tui.core.errors import DomainError, InvalidState, InvalidValue
from okos_tui.db import Customer, PaymentMethod, SalesOrder, ShippingMethod, Warehouse, database
from okos_tui.domain.sales.customers import customer_columns, customer_record
from okos_tui.domain.sales.orders import (
    AddressInput,
    CustomerInput,
    OrderEdit,
    OrderLineInput,
    cancel_order,
    create_order,
    edit_order,
    get_order,
    insert_order,
    known_methods,
    mark_invoiced,
    price_line,
)
from okos_tui.i18n import set_language
from okos_tui.services.views import order_view

WHEN = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ANNA = CustomerInput(
    "Kovács Anna",
    email="anna@example.hu",
    billing=AddressInput("Kovács Anna", "9021", "Győr", "Baross Gábor út 1."),
)


def order(customer: CustomerInput = ANNA, **options) -> str:
    return create_order(
        customer,
        [OrderLineInput(code="BOG-01", quantity="1")],
        warehouse_code="MAIN",
        prefix="R",
        created_at=WHEN,
        **{"payment_method": "Átutalás", **options},
    ).number


def refused(db_path, dump, number: str, edit: OrderEdit, error=InvalidValue) -> DomainError:
    """The edit is refused with `error` and the database is exactly as before."""
    before = dump(db_path)
    with pytest.raises(error) as caught:
        edit_order(number, edit)
    assert dump(db_path) == before
    assert str(caught.value) != caught.value.key  # worded from the catalogue
    return caught.value


# --- each field -------------------------------------------------------------------------------


def test_the_buyers_name_is_the_billing_name_and_the_customers_when_they_were_one(catalog):
    number = order()
    edit_order(number, OrderEdit(buyer_name="  Kovács Anna Mária "))
    stored = get_order(number)
    assert (stored.billing_name, stored.customer_name) == ("Kovács Anna Mária",) * 2
    assert stored.delivery_name == "Kovács Anna"  # where the parcel goes is not the invoice's


def test_a_company_buyer_keeps_the_person_who_ordered(catalog):
    company = CustomerInput(
        "Szőke Péter", billing=AddressInput("Tűzkő Kft.", "1111", "Budapest", "Fő u. 1.")
    )
    number = order(company)
    edit_order(number, OrderEdit(buyer_name="Tűzkő Kereskedelmi Kft."))
    stored = get_order(number)
    assert (stored.billing_name, stored.customer_name) == ("Tűzkő Kereskedelmi Kft.", "Szőke Péter")


def test_the_customer_record_is_left_alone(catalog):
    number = order()
    edit_order(number, OrderEdit(buyer_name="Kiss Anna", tax_number="12345676-2-08"))
    record = Customer.get_by_id(get_order(number).customer_id)
    assert (record.name, record.tax_number) == ("Kovács Anna", "")


def test_a_domestic_tax_number_is_stored_normalised_with_its_status(catalog):
    number = order()
    edit_order(number, OrderEdit(tax_number=" 12345676 2 08 "))
    stored = get_order(number)
    assert (stored.tax_number, stored.buyer_vat_status) == ("12345676-2-08", "domestic")
    edit_order(number, OrderEdit(tax_number="12345676208"))
    assert get_order(number).tax_number == "12345676-2-08"


def test_an_eu_vat_number_makes_an_eu_buyer_and_clearing_it_a_private_one(catalog):
    number = order()
    edit_order(number, OrderEdit(tax_number="de 123 456 789"))
    stored = get_order(number)
    assert (stored.tax_number, stored.buyer_vat_status) == ("DE123456789", "eu")
    edit_order(number, OrderEdit(tax_number=""))
    stored = get_order(number)
    assert (stored.tax_number, stored.buyer_vat_status) == ("", "private")


def test_a_third_countrys_tax_id_is_kept_as_other(catalog):
    number = order()
    edit_order(number, OrderEdit(tax_number="CHE-123.456.788"))
    stored = get_order(number)
    assert (stored.tax_number, stored.buyer_vat_status) == ("CHE-123.456.788", "other")


def test_the_billing_address_and_a_country_by_code_or_by_name(catalog):
    number = order()
    edit_order(
        number,
        OrderEdit(
            billing_postcode="1010",
            billing_city="Wien",
            billing_street="Ringstraße 1.",
            billing_country="at",
        ),
    )
    stored = get_order(number)
    assert (stored.billing_postcode, stored.billing_city, stored.billing_street) == (
        "1010",
        "Wien",
        "Ringstraße 1.",
    )
    assert (stored.billing_country_code, stored.billing_country) == ("AT", "Ausztria")
    edit_order(number, OrderEdit(billing_country="Germany"))
    stored = get_order(number)
    assert (stored.billing_country_code, stored.billing_country) == ("DE", "Németország")
    edit_order(number, OrderEdit(billing_country="  magyarország "))
    stored = get_order(number)
    assert (stored.billing_country_code, stored.billing_country) == ("HU", "Magyarország")
    edit_order(number, OrderEdit(billing_country=""))  # empty: at home, no name printed
    stored = get_order(number)
    assert (stored.billing_country_code, stored.billing_country) == ("HU", "")
    assert stored.delivery_country_code == "HU"  # the delivery address is not edited here


def test_email_payment_and_shipping(catalog):
    number = order(shipping_method="GLS")
    edit_order(
        number,
        OrderEdit(email=" uj@example.hu ", payment_method="cash", shipping_method="Posta"),
    )
    stored = get_order(number)
    assert stored.email == "uj@example.hu"
    assert stored.payment_method.name == "Készpénz"  # by its code
    assert stored.shipping_method.name == "Posta"
    edit_order(number, OrderEdit(payment_method="Utánvét", shipping_method=""))
    stored = get_order(number)
    assert stored.payment_method.name == "Utánvét"  # a new name is a new method
    assert stored.shipping_method is None
    assert PaymentMethod.select().where(PaymentMethod.name == "Utánvét").count() == 1
    payments, shippings = known_methods()
    assert {"Átutalás", "Készpénz", "Utánvét"} <= set(payments)
    assert shippings == ["GLS", "Posta"]


def test_paid_and_fulfilment_dates_set_by_date_or_text_and_cleared(catalog):
    number = order()
    edit_order(number, OrderEdit(paid_on=date(2026, 3, 3), fulfilment_on="2026-03-04"))
    stored = get_order(number)
    assert (stored.paid_on, stored.fulfilment_on) == (date(2026, 3, 3), date(2026, 3, 4))
    edit_order(number, OrderEdit(header_note="x"))  # left None: unchanged
    assert get_order(number).paid_on == date(2026, 3, 3)
    edit_order(number, OrderEdit(paid_on="", fulfilment_on=" "))
    stored = get_order(number)
    assert (stored.paid_on, stored.fulfilment_on) == (None, None)


def test_every_field_at_once_with_a_line_in_one_edit(catalog):
    number = order()
    before = get_order(number).updated_at
    edit_order(
        number,
        OrderEdit(
            set_quantities={"BOG-01": "2"},
            buyer_name="Tűzkő Kft.",
            tax_number="12345676-2-08",
            billing_postcode="6720",
            billing_city="Szeged",
            billing_street="Kárász u. 2.",
            billing_country="HU",
            email="iroda@tuzko.hu",
            payment_method="Készpénz",
            shipping_method="Személyes átvétel",
            paid_on="2026-03-02",
            fulfilment_on="2026-03-02",
        ),
    )
    details = order_view(number)
    billing = details.billing
    assert billing.name == "Tűzkő Kft."
    assert (details.tax_number, details.vat_status) == ("12345676-2-08", "domestic")
    assert (billing.postcode, billing.city, billing.street) == ("6720", "Szeged", "Kárász u. 2.")
    assert (billing.country, details.billing_country_code) == ("Magyarország", "HU")
    assert details.email == "iroda@tuzko.hu"
    assert (details.payment_method, details.shipping_method) == ("Készpénz", "Személyes átvétel")
    assert details.paid_on == details.fulfilment_on == date(2026, 3, 2)
    assert get_order(number).lines.get().quantity == 2
    assert get_order(number).updated_at >= before


# --- refusals ---------------------------------------------------------------------------------


BAD = {
    "a Hungarian tax number's check digit": (
        OrderEdit(tax_number="12345678-2-08"),
        "error.tax_number_check_digit",
        "12345678-2-08",
    ),
    "a tax number of the wrong form": (
        OrderEdit(tax_number="1234567-2-08"),
        "error.tax_number_format",
        "1234567-2-08",
    ),
    "a tax number with a bad VAT code": (
        OrderEdit(tax_number="12345676-9-08"),
        "error.tax_number_format",
        "12345676-9-08",
    ),
    "an EU VAT number too short": (OrderEdit(tax_number="DE12"), "error.eu_vat_format", "DE12"),
    "a Hungarian EU VAT number's check digit": (
        OrderEdit(tax_number="HU12345678"),
        "error.eu_vat_format",
        "HU12345678",
    ),
    "an unknown country": (
        OrderEdit(billing_country="Atlantisz"),
        "error.unknown_country",
        "Atlantisz",
    ),
    "a date that is not one": (OrderEdit(paid_on="2026-02-30"), "error.bad_date", "2026-02-30"),
    "a date not in ISO form": (
        OrderEdit(fulfilment_on="2026.03.02."),
        "error.bad_date",
        "2026.03.02.",
    ),
    "an e-mail address without @": (OrderEdit(email="anna.example.hu"), "error.bad_email", "anna"),
    "an empty name": (OrderEdit(buyer_name="  "), "error.required", "buyer_name"),
    "a street of a megabyte": (
        OrderEdit(billing_street="x" * 1_000_000),
        "error.bad_text",
        "street",
    ),
}


@pytest.mark.parametrize("bad, key, mentioned", BAD.values(), ids=BAD)
def test_a_bad_value_after_good_ones_changes_nothing(catalog, db_path, dump, bad, key, mentioned):
    """Good changes before the bad one (a line, the name, a new payment method) are rolled back
    with it."""
    set_language("en")
    number = order()
    fields = {
        "set_quantities": {"BOG-01": "3"},
        "buyer_name": "Másik Név",
        "payment_method": "Bankkártya",
        "tax_number": "12345676-2-08",
    }
    fields.update({k: v for k, v in vars(bad).items() if v not in (None, {}, ())})
    error = refused(db_path, dump, number, OrderEdit(**fields))
    assert error.key == key
    assert mentioned in str(error)


def test_a_good_tax_number_after_the_wrong_one_is_taken(catalog, db_path, dump):
    number = order()
    refused(db_path, dump, number, OrderEdit(tax_number="12345678-2-08"))
    edit_order(number, OrderEdit(tax_number="12345676-2-08"))
    assert get_order(number).tax_number == "12345676-2-08"


@pytest.mark.parametrize("status", ["invoiced", "cancelled"])
def test_an_order_that_is_not_open_is_not_edited(catalog, db_path, dump, status):
    number = order()
    (mark_invoiced if status == "invoiced" else cancel_order)(number)
    error = refused(db_path, dump, number, OrderEdit(tax_number="12345676-2-08"), InvalidState)
    assert error.key == "error.order_not_open"


# --- what a new order stores ------------------------------------------------------------------


def test_a_new_order_takes_its_countries_codes_and_the_buyers_status(catalog):
    number = order()  # no country: at home
    stored = get_order(number)
    assert (stored.billing_country_code, stored.delivery_country_code) == ("HU", "HU")
    assert stored.buyer_vat_status == "private"
    abroad = CustomerInput(
        "Huber GmbH",
        tax_number="ATU12345678",
        billing=AddressInput("Huber GmbH", "1010", "Wien", "Ring 1.", "Ausztria"),
        delivery=AddressInput("Huber GmbH", "80331", "München", "Markt 2.", "DE"),
    )
    stored = get_order(order(abroad))
    assert (stored.billing_country_code, stored.delivery_country_code) == ("AT", "DE")
    assert (stored.billing_country, stored.buyer_vat_status) == ("Ausztria", "eu")


def test_a_new_order_is_taken_leniently(catalog):
    """Shop data arrive as they are: a malformed tax number and an unknown country are stored
    (invoicing refuses the first)."""
    odd = CustomerInput(
        "Kiss Bt.",
        tax_number="12345678-2-08",
        billing=AddressInput("Kiss Bt.", "", "", "", "Narnia"),
    )
    stored = get_order(order(odd))
    assert (stored.tax_number, stored.buyer_vat_status) == ("12345678-2-08", "other")
    assert (stored.billing_country, stored.billing_country_code) == ("Narnia", "")


def test_a_new_order_takes_the_codes_and_status_an_importer_gives(catalog):
    service = price_line(OrderLineInput(name="Díj", unit_net="100"), None, None, "HUF", 1)
    with database.atomic():  # an importer's transaction
        order_record = insert_order(
            ANNA,
            [service],
            warehouse=Warehouse.get(Warehouse.code == "MAIN"),
            prefix="W",
            customer_record=customer_record(customer_columns(ANNA)),
            extra={"billing_country_code": "SK", "buyer_vat_status": "other"},
        )
    stored = SalesOrder.get_by_id(order_record.id)
    assert (stored.billing_country_code, stored.delivery_country_code) == ("SK", "HU")
    assert stored.buyer_vat_status == "other"
    assert ShippingMethod.select().count() == 0
