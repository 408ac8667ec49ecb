"""What the invoices need from the emulated shop: ISO codes of the countries, orders in EUR with
their multiplier `value`, and card-paid orders in a paid status."""

from __future__ import annotations

import base64
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from okos_tui.fakeshop import FakeShop, catalog

from .helpers import all_orders, settings

CENT = Decimal("0.01")


def _b64_status(status_id: int) -> str:
    return base64.b64encode(f"orderStatus-order_status_id={status_id}".encode()).decode()


def test_every_order_names_its_countries_with_iso_codes(client: httpx.Client) -> None:
    for order in all_orders(client):
        for prefix in ("payment", "shipping"):
            country = order[f"{prefix}Country"]
            assert (country["isoCode2"], country["isoCode3"]) == ("HU", "HUN")
            assert country["name"] == order[f"{prefix}CountryName"] == "Magyarország"


def test_a_buyer_abroad_gets_the_countrys_record(shop: FakeShop) -> None:
    buyer = shop.guest("Huber", "Anna", postcode="1010", city="Wien", country="AT")
    other = shop.guest("Novák", "Jana", city="Bratislava", country="SK").address
    order = shop.order(shop.place_order({shop.skus[1]: 1}, customer=buyer, shipping_address=other))
    assert order["paymentCountryName"] == "Ausztria"
    assert (order["paymentCountry"]["isoCode2"], order["paymentCountry"]["isoCode3"]) == (
        "AT",
        "AUT",
    )
    assert order["shippingCountryName"] == "Szlovákia"
    assert order["shippingCountry"]["isoCode2"] == "SK"
    with pytest.raises(ValueError, match="country"):
        shop.place_order({shop.skus[1]: 1}, customer=shop.guest(country="XX"))


def _eur_order(shop: FakeShop, **options: Any) -> dict[str, Any]:
    with shop.state.lock:
        deposit = next(p.sku for p in shop.state.products.values() if p.has_deposit)
        vat18 = next(
            p.sku for p in shop.state.products.values() if p.tax_class_id == catalog.VAT_18
        )
    inner_id = shop.place_order(
        {shop.skus[1]: 2, deposit: 3, vat18: 1}, currency="EUR", payment="cod", **options
    )
    return shop.order(inner_id)


def test_an_order_in_euro_carries_its_multiplier_and_adds_up_in_cents(shop: FakeShop) -> None:
    order = _eur_order(shop, customer=101, coupon="NYAR10", loyalty_points=500)
    value = Decimal(order["value"])
    assert order["value"] == "0.00255000" == order["currency"]["value"]
    assert (order["currency"]["code"], order["currency"]["decimalPlace"]) == ("EUR", "2")

    net = tax = Decimal(0)
    for line in order["orderProducts"]:
        quantity = sum(int(line[f"stock{n}"]) for n in range(1, 5))
        price, rate = Decimal(line["priceCurrency"]), Decimal(line["taxRate"])
        assert price == price.quantize(CENT) and price * rate / 100 == (
            price * rate / 100
        ).quantize(CENT)  # net x VAT exact to the cent
        assert Decimal(line["grossPriceCurrency"]) == price * (100 + rate) / 100
        # the plain prices are the default currency's (HUF)
        assert abs(Decimal(line["price"]) - price / value) < Decimal("0.0001")
        net += price * quantity
        tax += price * quantity * rate / 100
    (addon,) = order["orderProductAddons"]
    assert Decimal(addon["price"]) == Decimal("0.13")  # 50 Ft x 0.00255, to the cent
    net += Decimal(addon["total"])

    rows: dict[str, list[Decimal]] = {}
    for row in order["orderTotals"]:
        rows.setdefault(row["type"], []).append(Decimal(row["value"]))
    assert rows["SUB_TOTAL"] == [net]
    assert sum(rows["TAX"]) == tax
    assert rows["SHIPPING"] == [Decimal("3.80")]  # 1490 Ft
    assert rows["PAYMENT"] == [Decimal("0.99")]  # 390 Ft
    assert rows["LOYALTYPOINTS_TO_USE"] == [Decimal("-1.28")]  # 500 points = 500 Ft
    total = sum(
        (v for kind in ("SUB_TOTAL", "TAX", "SHIPPING", "PAYMENT", "COUPON", "LOYALTYPOINTS_TO_USE")
         for v in rows[kind]),
        Decimal(0),
    )  # fmt: skip
    assert rows["TOTAL"] == [total] and Decimal(order["total"]) == total
    assert all(
        v == v.quantize(CENT) for kind, values in rows.items() for v in values if kind != "TAX"
    )
    text = next(row["valueText"] for row in order["orderTotals"] if row["type"] == "TOTAL")
    assert text.endswith(" €") and "," in text


def test_a_euro_order_survives_the_state_file(tmp_path: Path) -> None:
    path = tmp_path / "shop.json"
    with FakeShop(settings(state_file=path, seed_orders=0)) as shop:
        order = _eur_order(shop)
    reloaded = FakeShop(settings(state_file=path))
    assert reloaded.order(int(order["innerId"]))["value"] == "0.00255000"
    totals = reloaded.order(int(order["innerId"]))["orderTotals"]
    assert [t["value"] for t in totals] == [t["value"] for t in order["orderTotals"]]


def test_card_paid_orders_start_in_the_paid_status(client: httpx.Client, shop: FakeShop) -> None:
    paid_link = f"orderStatuses/{_b64_status(catalog.PAID_STATUS_ID)}"
    orders = all_orders(client)
    paid = [o for o in orders if o["orderStatus"] and o["orderStatus"]["href"].endswith(paid_link)]
    assert paid and {o["paymentMethodCode"] for o in paid} == {"barion"}
    pending = f"orderStatuses/{_b64_status(catalog.PENDING_STATUS_ID)}"
    assert not [
        o
        for o in orders
        if o["paymentMethodCode"] == "barion"
        and o["orderStatus"]
        and o["orderStatus"]["href"].endswith(pending)
    ]
    names = client.get(
        "orderStatusDescriptions", params={"full": 1, "orderStatusId": _b64_status(11)}
    ).json()["items"]
    assert "Fizetve" in {n["name"] for n in names}
    generated = shop.generate_orders(12)
    with shop.state.lock:
        for inner_id in generated:
            placed = shop.state.orders[inner_id]
            expected = 11 if placed.payment_code == "barion" else catalog.PENDING_STATUS_ID
            assert placed.status_id == expected


def test_an_explicit_status_is_kept(shop: FakeShop) -> None:
    inner_id = shop.place_order(
        {shop.skus[1]: 1}, payment="barion", created_at=datetime(2025, 2, 1, 10, 0)
    )
    with shop.state.lock:
        assert shop.state.orders[inner_id].status_id == catalog.PENDING_STATUS_ID
