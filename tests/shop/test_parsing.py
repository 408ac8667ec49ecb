"""Reading shop records defensively: every official example parses, odd values are handled,
and unsound orders are refused with the field named."""

from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from okos_tui.shop.parsing import (
    ShopDataError,
    decimal,
    decoded_number,
    link_id,
    parse_order,
    shop_datetime,
    text,
)

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
FIXTURES = SHARED / "shoprenter-api" / "fixtures"
RESPONSE_FILES = sorted(FIXTURES.glob("*/response/json/*.json"))
ORDER_FILES = sorted((FIXTURES / "order_extend" / "response" / "json").glob("*.json"))


def records(document: dict) -> list[dict]:
    return document["items"] if isinstance(document.get("items"), list) else [document]


def test_the_fixtures_are_there():
    """Fails (not skips) without ../shared beside the repo: the tests below would be empty."""
    assert len(RESPONSE_FILES) >= 15, f"the shared ShopRenter fixtures are not at {FIXTURES}"
    assert ORDER_FILES


@pytest.mark.parametrize("path", RESPONSE_FILES, ids=lambda p: f"{p.parts[-4]}/{p.name}")
def test_every_official_response_parses(path: Path):
    document = json.loads(path.read_text(encoding="utf-8"))
    for record in records(document):
        for key, value in record.items():
            # every scalar value reads as text; amounts and dates read without raising
            text(value)
            if key in ("price", "total", "value", "grossPrice", "cost", "stock1", "taxRate"):
                assert isinstance(decimal(value, key), Decimal)
            if key.startswith("date"):
                shop_datetime(value)
            if isinstance(value, dict):
                link_id(value)
        if path.parts[-4] == "order_extend":
            order = parse_order(record)
            assert order.inner_id > 0
            assert order.items


def test_the_official_order_reads_as_the_shop_wrote_it():
    page = json.loads((ORDER_FILES[0].parent / "get_page.json").read_text(encoding="utf-8"))
    order = parse_order(page["items"][0])
    assert order.inner_id == 12
    assert order.name == "Test Elek"
    assert order.status_id == 1
    assert order.customer_id  # a registered customer's link
    assert order.currency == "HUF"
    # no grossPrice in this fixture: the ...Currency variant is used
    assert order.items[0].gross_unit == Decimal("3048")
    assert order.items[0].quantity == 1
    assert order.total_of("TOTAL") == Decimal("4038")
    assert order.total_of("SHIPPING") == Decimal("990")
    assert order.created.isoformat() == "2012-01-12T12:11:59+01:00"


def test_values_in_every_shape():
    assert decimal("400.0000", "x") == Decimal(400)
    assert decimal(12, "x") == 12
    assert decimal(2.5, "x") == Decimal("2.5")
    assert decimal({}, "x") == 0
    assert decimal(None, "x") == 0
    assert text({}) == "" and text(None) == "" and text(" a ") == "a"
    assert shop_datetime("0000-00-00") is None
    assert shop_datetime("-0001-11-30T00:00:00") is None
    assert shop_datetime("2026-07-01T10:00:00").utcoffset().total_seconds() == 7200
    assert decoded_number("b3JkZXJTdGF0dXMtb3JkZXJfc3RhdHVzX2lkPTE=") == 1
    assert decoded_number("not base64!") is None
    assert link_id({"href": "https://x/api/customers/Y3Vz?x=1"}) == "Y3Vz"
    assert link_id({}) == "" and link_id(None) == ""
    with pytest.raises(ShopDataError, match="price"):
        decimal("12 Ft", "price")
    with pytest.raises(ShopDataError):
        decimal(True, "x")


def minimal_order(**changes) -> dict:
    order = {
        "innerId": "5",
        "firstname": "Szőke",
        "lastname": "Péter",
        "orderStatus": {"href": "https://x/orderStatuses/b3JkZXJTdGF0dXMtb3JkZXJfc3RhdHVzX2lkPTE="},
        "orderProducts": [
            {"name": "Bögre", "sku": "B-1", "price": "1000", "taxRate": "27", "stock1": "2"}
        ],
        "orderTotals": [{"type": "TOTAL", "value": "2540"}],
    }
    order.update(changes)
    return order


def test_quantity_is_the_sum_of_the_stock_counters():
    raw = minimal_order()
    raw["orderProducts"][0].update(stock1="2", stock2="1", stock3=None, stock4={})
    item = parse_order(raw).items[0]
    assert item.quantity == 3
    assert item.gross_unit == Decimal("1270")  # no gross price given: net x (1 + rate)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"innerId": None}, "innerId"),
        ({"innerId": "abc"}, "innerId"),
        ({"innerId": "0"}, "innerId"),
    ],
)
def test_an_order_without_a_sound_number_is_refused(change, field):
    with pytest.raises(ShopDataError) as failure:
        parse_order(minimal_order(**change))
    assert failure.value.field == field


def test_a_negative_quantity_or_a_non_numeric_price_is_refused():
    raw = minimal_order()
    raw["orderProducts"][0]["stock1"] = "-2"
    with pytest.raises(ShopDataError, match="stock"):
        parse_order(raw)
    raw = minimal_order()
    raw["orderProducts"][0]["price"] = "sok"
    with pytest.raises(ShopDataError, match="price"):
        parse_order(raw)


def test_abandoned_carts_and_guests_are_recognised():
    guest_cart = parse_order(minimal_order(orderStatus=None, customer={}))
    assert guest_cart.is_abandoned
    assert guest_cart.customer_id == ""


def test_unknown_fields_and_wrappers_are_tolerated():
    raw = minimal_order(somethingNew={"a": 1}, orderProductAddons={"orderProductAddon": []})
    raw["orderTotals"] = {"orderTotal": copy.deepcopy(raw["orderTotals"])}
    order = parse_order(raw)
    assert order.total_of("TOTAL") == Decimal(2540)
    assert order.addons == ()


# what an invoice needs: countries, exchange rate, the day of a status --------------------------


def test_the_countries_iso_codes_are_read_from_the_official_order():
    raw = json.loads((ORDER_FILES[0].parent / "get_id.json").read_text(encoding="utf-8"))
    order = parse_order(raw)
    assert (order.billing.country, order.billing.country_code) == ("Hungary", "HU")
    assert (order.delivery.country, order.delivery.country_code) == ("Hungary", "HU")
    assert order.exchange_rate is None  # a HUF order
    assert order.coupon_free_shipping is False


@pytest.mark.parametrize(
    "country",
    [
        None,
        {},
        {"name": "Ausztria"},
        {"isoCode2": "AUT"},
        {"isoCode2": "1a"},
        "AT",
        {"isoCode2": {}},
    ],
)
def test_a_country_without_a_sound_iso_code_leaves_it_empty(country):
    order = parse_order(minimal_order(paymentCountry=country, paymentCountryName="Ausztria"))
    assert order.billing.country_code == ""  # the country's name decides later
    assert order.billing.country == "Ausztria"


def test_an_iso_code_in_lower_case_is_read_in_upper_case():
    order = parse_order(minimal_order(shippingCountry={"isoCode2": " at "}))
    assert order.delivery.country_code == "AT"


@pytest.mark.parametrize(
    ("value", "currency_value", "rate"),
    [
        ("0.00255000", "0.00250000", Decimal("392.156863")),  # 1 / value, six places, half up
        ("0.00250000", None, Decimal("400.000000")),
        (None, "0.00250000", Decimal("400")),  # the order's own value missing: its currency's
        ("", "0.00270000", Decimal("370.370370")),
        ({}, "0.0025", Decimal(400)),
        ("0", None, None),  # zero or empty: no rate (invoicing asks for `okos rate set`)
        ("0.00000000", "0", None),
        (None, None, None),
        ("sok", None, None),
        ("-0.0025", None, None),
    ],
)
def test_the_exchange_rate_is_huf_per_unit_from_the_shops_value(value, currency_value, rate):
    currency = {"code": "EUR"}
    if currency_value is not None:
        currency["value"] = currency_value
    order = parse_order(minimal_order(value=value, currency=currency))
    assert order.currency == "EUR"
    assert order.exchange_rate == rate


def test_a_huf_order_has_no_exchange_rate_whatever_its_value():
    for currency in ({"code": "HUF", "value": "1.00000000"}, {}, "huf", None):
        order = parse_order(minimal_order(value="0.5", currency=currency))
        assert (order.currency, order.exchange_rate) == ("HUF", None)


def test_the_status_date_is_the_budapest_day_of_the_last_change():
    order = parse_order(
        minimal_order(dateCreated="2026-03-01T10:00:00", dateUpdated="2026-03-04T23:30:00")
    )
    assert order.status_id == 1
    assert order.status_date == date(2026, 3, 4)  # shop times are Budapest times
    utc = parse_order(minimal_order(dateUpdated="2026-03-04T23:30:00+00:00"))
    assert utc.status_date == date(2026, 3, 5)  # 00:30 in Budapest
    unchanged = parse_order(
        minimal_order(dateCreated="2026-03-01T10:00:00", dateUpdated="0000-00-00")
    )
    assert unchanged.status_date == date(2026, 3, 1)  # no change date: the order's
    assert parse_order(minimal_order()).status_date is None


def test_a_free_shipping_coupon_is_recognised():
    order = parse_order(minimal_order(coupon={"code": "INGYEN", "freeShipping": "1"}))
    assert order.coupon_free_shipping is True
    assert parse_order(minimal_order(coupon=None)).coupon_free_shipping is False
