"""orderExtend: paging, filters, money that adds up, stock counters, and shop-side changes."""

from __future__ import annotations

import base64
from collections import Counter
from decimal import Decimal
from typing import Any

import httpx
import pytest

from okos_tui.fakeshop import STORNO_STATUS_ID, FakeShop

from .helpers import all_orders, settings


def test_paging_fields_and_links(client: httpx.Client) -> None:
    response = client.get("orderExtend", params={"full": 1, "page": 1, "limit": 7})
    assert response.status_code == 200
    body = response.json()
    assert (body["page"], body["limit"], body["pageCount"]) == (1, 7, 6)  # 40 orders
    assert body["href"].endswith("/orderExtend?full=1&page=1&limit=7")
    assert body["first"]["href"].endswith("/orderExtend?full=1&page=0&limit=7")
    assert body["previous"]["href"].endswith("page=0&limit=7")
    assert body["next"]["href"].endswith("page=2&limit=7")
    assert body["last"]["href"].endswith("page=5&limit=7")
    assert len(body["items"]) == 7

    last = client.get(body["last"]["href"]).json()
    assert last["next"] is None
    assert len(last["items"]) == 40 - 5 * 7
    first = client.get(body["first"]["href"]).json()
    assert first["previous"] is None


def test_paging_keeps_the_filters_in_its_links(client: httpx.Client) -> None:
    body = client.get("orderExtend", params={"innerIdMin": 1010, "full": 1, "limit": 5}).json()
    assert "innerIdMin=1010" in body["next"]["href"]
    orders = all_orders(client, innerIdMin=1010)
    assert [int(o["innerId"]) for o in orders] == list(range(1010, 1041))


def test_without_full_items_are_links_to_the_records(client: httpx.Client) -> None:
    body = client.get("orderExtend", params={"limit": 3}).json()
    assert all(set(item) == {"href"} for item in body["items"])
    record = client.get(body["items"][0]["href"]).json()
    assert record["innerId"] == "1001"


def test_ids_are_opaque_base64_and_numbers_are_strings(client: httpx.Client) -> None:
    order = client.get("orderExtend", params={"full": 1, "limit": 1}).json()["items"][0]
    assert base64.b64decode(order["id"]).decode() == "order-order_id=1001"
    assert order["innerId"] == "1001"
    assert isinstance(order["total"], str)
    assert order["total"].endswith(".0000")
    line = order["orderProducts"][0]
    assert (
        base64.b64decode(line["product"]["href"].rsplit("/", 1)[1])
        .decode()
        .startswith("product-product_id=")
    )


@pytest.mark.parametrize(
    ("params", "status", "inner_code"),
    [
        ({"page": 99}, 400, 40008),
        ({"page": -1}, 400, 40005),
        ({"limit": 201}, 400, 40005),
        ({"limit": 0}, 400, 40005),
        ({"page": "x"}, 400, 40005),
        ({"createdAtMin": "tegnap"}, 400, 40005),
    ],
)
def test_bad_paging_and_filter_values_are_refused(
    client: httpx.Client, params: dict[str, Any], status: int, inner_code: int
) -> None:
    response = client.get("orderExtend", params=params)
    assert response.status_code == status
    assert response.json()["innerCode"] == inner_code


def test_limit_200_is_allowed(client: httpx.Client) -> None:
    body = client.get("orderExtend", params={"limit": 200, "full": 1}).json()
    assert (body["pageCount"], len(body["items"])) == (1, 40)


def test_filters(client: httpx.Client, shop: FakeShop) -> None:
    orders = all_orders(client)
    assert len(orders) == 40

    assert [o["innerId"] for o in all_orders(client, innerId=1005)] == ["1005"]

    abandoned = [o for o in orders if o["orderStatus"] is None]
    assert len(abandoned) == 1
    without_carts = all_orders(client, excludeAbandonedCart=1)
    assert len(without_carts) == 39
    assert all(o["orderStatus"] is not None for o in without_carts)

    storno_link = f"orderStatuses/{_b64(f'orderStatus-order_status_id={STORNO_STATUS_ID}')}"
    storno = [
        o for o in orders if o["orderStatus"] and o["orderStatus"]["href"].endswith(storno_link)
    ]
    assert storno, "the sample data has cancelled orders"
    assert len(all_orders(client, excludeStorno=1)) == 40 - len(storno)
    status_id = _b64(f"orderStatus-order_status_id={STORNO_STATUS_ID}")
    assert {o["innerId"] for o in all_orders(client, orderStatusId=status_id)} == {
        o["innerId"] for o in storno
    }

    sample = orders[10]
    by_email = all_orders(client, email=sample["email"].upper())
    assert sample["innerId"] in {o["innerId"] for o in by_email}
    assert all(o["email"] == sample["email"] for o in by_email)

    middle = sorted(o["dateCreated"] for o in orders)[20]
    newer = all_orders(client, createdAtMin=middle)
    older = all_orders(client, createdAtMax=middle)
    assert all(o["dateCreated"] >= middle for o in newer)
    assert all(o["dateCreated"] <= middle for o in older)
    assert len(newer) + len(older) == 41  # the middle one is in both
    assert all_orders(client, createdAt=middle[:10])
    updated_since = sorted(o["dateUpdated"] for o in orders)[-5]
    assert len(all_orders(client, updatedAtMin=updated_since)) >= 5


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def test_a_single_order_and_an_unknown_one(client: httpx.Client) -> None:
    order = client.get("orderExtend/" + _b64("order-order_id=1002"))
    assert order.status_code == 200
    assert order.json()["innerId"] == "1002"
    for missing in (_b64("order-order_id=9999"), "bm9uc2Vuc2U=", "!!"):
        response = client.get("orderExtend/" + missing)
        assert response.status_code == 404
        assert response.json() == {"error": 404, "innerCode": 40401, "message": "Order not found!"}


def test_unknown_resources_are_404(client: httpx.Client) -> None:
    response = client.get("kittens")
    assert response.status_code == 404
    assert response.json()["innerCode"] == 40401


def _totals(order: dict[str, Any]) -> dict[str, list[Decimal]]:
    rows: dict[str, list[Decimal]] = {}
    for row in order["orderTotals"]:
        rows.setdefault(row["type"], []).append(Decimal(row["value"]))
    return rows


def test_every_order_adds_up_like_the_official_example(client: httpx.Client) -> None:
    for order in all_orders(client):
        rows = _totals(order)
        lines = order["orderProducts"]
        net = Decimal(0)
        tax = Decimal(0)
        for line in lines:
            quantity = sum(int(line[f"stock{n}"]) for n in range(1, 5))
            price, rate = Decimal(line["price"]), Decimal(line["taxRate"])
            assert Decimal(line["total"]) == price * quantity
            assert Decimal(line["grossPrice"]) == price * (100 + rate) / 100
            net += price * quantity
            tax += price * quantity * rate / 100
        for addon in order["orderProductAddons"]:
            assert addon["type"] == "DEPOSIT_FEE"
            assert Decimal(addon["total"]) == Decimal(addon["price"]) * int(addon["quantity"])
            net += Decimal(addon["total"])
        assert rows["SUB_TOTAL"] == [net]
        assert sum(rows["TAX"]) == tax
        assert rows["SUB_TOTAL_WITH_TAX"] == [net + tax]
        total = (
            net
            + tax
            + sum(rows["SHIPPING"])
            + sum(rows.get("PAYMENT", []))
            + sum(rows.get("COUPON", []))
            + sum(rows.get("LOYALTYPOINTS_TO_USE", []))
        )
        assert rows["TOTAL"] == [total], order["innerId"]
        assert Decimal(order["total"]) == total
        assert all(v <= 0 for v in rows.get("COUPON", []) + rows.get("LOYALTYPOINTS_TO_USE", []))
        assert order["currency"]["code"] == "HUF"


def test_the_sample_data_covers_the_cases_the_sync_must_handle(client: httpx.Client) -> None:
    orders = all_orders(client)
    kinds = Counter(row["type"] for o in orders for row in o["orderTotals"])
    for kind in ("SHIPPING", "PAYMENT", "COUPON", "LOYALTYPOINTS_TO_USE", "LOYALTYPOINTS_TO_GET"):
        assert kinds[kind], kind
    rates = {line["taxRate"] for o in orders for line in o["orderProducts"]}
    assert {"27.0000", "18.0000", "5.0000"} <= rates
    assert any(o["orderProductAddons"] for o in orders)
    guests = [o for o in orders if not o["customer"]]
    registered = [o for o in orders if o["customer"] and "href" in o["customer"]]
    assert guests and registered
    assert {type(o["customer"]) for o in guests} == {dict, type(None)}  # {} and null both occur
    assert any(o["taxNumber"] for o in orders)
    assert any(line["stock2"] != "0" for o in orders for line in o["orderProducts"])
    lines = [line for o in orders for line in o["orderProducts"]]
    assert any(line["price"] != line["originalPrice"] for line in lines)  # special prices
    methods = {o["shippingMethodLocalizedName"] for o in orders}
    assert {"GLS futárszolgálat", "Foxpost csomagautomata", "Személyes átvétel"} <= methods
    assert {"Utánvét", "Banki átutalás", "Bankkártya (Barion)"} <= {
        o["paymentMethodName"] for o in orders
    }
    names = " ".join(line["name"] for o in orders for line in o["orderProducts"])
    assert any(ch in names for ch in "őűŐŰ")
    assert any(any(ch in o["comment"] for ch in "áéőű") for o in orders)


def test_shop_side_status_change_moves_date_updated(client: httpx.Client, shop: FakeShop) -> None:
    before = client.get("orderExtend", params={"innerId": 1020, "full": 1}).json()["items"][0]
    shop.update_order_status(1020, STORNO_STATUS_ID)
    after = client.get("orderExtend", params={"innerId": 1020, "full": 1}).json()["items"][0]
    assert after["dateUpdated"] > before["dateUpdated"]
    assert after["orderStatus"]["href"].endswith(
        _b64(f"orderStatus-order_status_id={STORNO_STATUS_ID}")
    )
    changed = all_orders(client, updatedAtMin=after["dateUpdated"])
    assert "1020" in {o["innerId"] for o in changed}
    with pytest.raises(ValueError):
        shop.update_order_status(1020, 999)


def test_completing_the_abandoned_cart_makes_it_an_order_and_takes_stock(
    client: httpx.Client, shop: FakeShop
) -> None:
    (cart,) = [o for o in all_orders(client) if o["orderStatus"] is None]
    line = cart["orderProducts"][0]
    stock_before = shop.product(line["sku"])
    shop.complete_abandoned_cart(int(cart["innerId"]))
    order = client.get(cart["href"]).json()
    assert order["orderStatus"] is not None
    assert order["dateUpdated"] > cart["dateUpdated"]
    stock_after = shop.product(line["sku"])
    if line["subtractStock"] == "1":
        for n in range(1, 5):
            key = f"stock{n}"
            assert int(stock_after[key]) == int(stock_before[key]) - int(line[key])
    with pytest.raises(ValueError):
        shop.complete_abandoned_cart(int(cart["innerId"]))


def test_the_same_seed_gives_the_same_shop() -> None:
    first, second = FakeShop(settings()), FakeShop(settings())
    assert [first.order(i) for i in first.order_ids] == [second.order(i) for i in second.order_ids]
    other = FakeShop(settings(seed=7))
    assert [other.order(i) for i in other.order_ids] != [first.order(i) for i in first.order_ids]
