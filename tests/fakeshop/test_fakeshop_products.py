"""products and productExtend: lookup by SKU, PUT that later GETs see, and stock taken by orders."""

from __future__ import annotations

import httpx
import pytest

from okos_tui.fakeshop import FakeShop


def _by_sku(client: httpx.Client, sku: str, resource: str = "products") -> dict:
    body = client.get(resource, params={"sku": sku, "full": 1}).json()
    assert len(body["items"]) == 1
    return body["items"][0]


def test_products_page_with_string_paging_fields_like_the_fixture(client: httpx.Client) -> None:
    body = client.get("products", params={"full": 1, "limit": 25, "page": 2}).json()
    assert (body["page"], body["pageCount"], body["limit"]) == ("2", "3", "25")
    assert len(body["items"]) == 10  # 60 products
    assert body["next"] is None


def test_find_by_sku_and_get_by_id(client: httpx.Client) -> None:
    product = _by_sku(client, "KON-0001")
    assert product["sku"] == "KON-0001"
    again = client.get(f"products/{product['id']}").json()
    assert again == product
    assert client.get("products", params={"sku": "NINCS-ILYEN"}).json()["items"] == []
    missing = client.get("products/" + "cHJvZHVjdC1wcm9kdWN0X2lkPTk5OTk=")
    assert (missing.status_code, missing.json()["innerCode"]) == (404, 40401)


def test_put_changes_what_later_gets_return(client: httpx.Client, shop: FakeShop) -> None:
    product = _by_sku(client, "KOZ-0002")
    response = client.put(
        f"products/{product['id']}", json={"data": {"stock1": "12", "stock2": 0, "price": "2760"}}
    )
    assert response.status_code == 200
    assert (response.json()["stock1"], response.json()["price"]) == ("12", "2760.0000")
    again = client.get(f"products/{product['id']}").json()
    assert (again["stock1"], again["stock2"], again["price"]) == ("12", "0", "2760.0000")
    assert again["dateUpdated"] >= product["dateUpdated"]
    assert shop.product("KOZ-0002")["stock1"] == "12"
    put = [r for r in shop.requests if r.method == "PUT"]
    assert put[-1].body == {"data": {"stock1": "12", "stock2": 0, "price": "2760"}}


@pytest.mark.parametrize(
    ("body", "inner_code"),
    [
        ({"stock1": "12"}, 40001),  # not wrapped in data
        ({"data": {"stock1": "sok"}}, 40005),
        ({"data": {"stock1": "1.5"}}, 40005),
        ({"data": {"price": "-1"}}, 40005),
        ({"data": {"status": "maybe"}}, 40005),
        ({"data": {"innerId": "5"}}, 40002),
        ({"data": ["stock1", "12"]}, 40005),
    ],
)
def test_put_refuses_bad_bodies_and_changes_nothing(
    client: httpx.Client, shop: FakeShop, body: object, inner_code: int
) -> None:
    product = _by_sku(client, "KON-0004")
    response = client.put(f"products/{product['id']}", json=body)
    assert response.status_code == 400
    assert response.json()["innerCode"] == inner_code
    assert shop.product("KON-0004")["stock1"] == product["stock1"]


def test_put_with_a_body_that_is_not_json_is_400(client: httpx.Client) -> None:
    product = _by_sku(client, "KON-0004")
    response = client.put(
        f"products/{product['id']}",
        content=b"{stock1: 12",
        headers={"Content-Type": "application/json"},
    )
    assert (response.status_code, response.json()["innerCode"]) == (400, 40005)


def test_changing_a_sku_to_one_in_use_is_a_conflict(client: httpx.Client) -> None:
    product = _by_sku(client, "KON-0004")
    response = client.put(f"products/{product['id']}", json={"data": {"sku": "KON-0001"}})
    assert (response.status_code, response.json()["innerCode"]) == (409, 40901)


def test_product_extend_get_and_put_by_sku(client: httpx.Client, shop: FakeShop) -> None:
    extended = _by_sku(client, "ELE-0030", "productExtend")
    assert extended["productDescriptions"][0]["name"] == "Őszibarack befőtt 720 ml"
    assert extended["href"].split("/api/")[1].startswith("productExtend/")
    response = client.put(
        "productExtend", params={"sku": "ELE-0030"}, json={"data": {"stock1": "3", "price": "1500"}}
    )
    assert response.status_code == 200
    assert response.json()["stock1"] == "3"
    assert shop.product("ELE-0030")["price"] == "1500.0000"
    by_id = client.get(f"productExtend/{extended['id']}").json()
    assert by_id["stock1"] == "3"


def test_product_extend_put_for_an_unknown_sku_is_an_error(client: httpx.Client) -> None:
    response = client.put(
        "productExtend", params={"sku": "NINCS-ILYEN"}, json={"data": {"stock1": "3"}}
    )
    assert (response.status_code, response.json()["innerCode"]) == (404, 40401)
    response = client.put("productExtend", json={"data": {"stock1": "3"}})
    assert (response.status_code, response.json()["innerCode"]) == (400, 40004)


def test_placing_an_order_takes_stock_over_the_counters(shop: FakeShop) -> None:
    shop.update_product("TEX-0008", {"stock1": 2, "stock2": 5, "stock3": 0, "stock4": 0})
    inner_id = shop.place_order(
        {"TEX-0008": 3}, customer=101, shipping="foxpost", payment="barion", comment="Köszönöm!"
    )
    line = shop.order(inner_id)["orderProducts"][0]
    assert (line["stock1"], line["stock2"], line["stock3"], line["stock4"]) == ("2", "1", "0", "0")
    product = shop.product("TEX-0008")
    assert (product["stock1"], product["stock2"]) == ("0", "4")


def test_more_than_the_stock_is_a_backorder_on_stock1(shop: FakeShop) -> None:
    shop.update_product("TEX-0008", {"stock1": 1, "stock2": 0, "stock3": 0, "stock4": 0})
    inner_id = shop.place_order([("TEX-0008", 3)])
    assert shop.order(inner_id)["orderProducts"][0]["stock1"] == "3"
    assert shop.product("TEX-0008")["stock1"] == "-2"


def test_products_without_subtract_stock_keep_their_stock(shop: FakeShop) -> None:
    sku = next(s for s in shop.skus if shop.product(s)["subtractStock"] == "0")
    before = shop.product(sku)["stock1"]
    inner_id = shop.place_order({sku: 2})
    assert shop.order(inner_id)["orderProducts"][0]["subtractStock"] == "0"
    assert shop.product(sku)["stock1"] == before


def test_an_abandoned_cart_takes_no_stock(shop: FakeShop) -> None:
    before = shop.product("KON-0006")["stock1"]
    inner_id = shop.place_order({"KON-0006": 1}, abandoned=True)
    assert shop.order(inner_id)["orderStatus"] is None
    assert shop.product("KON-0006")["stock1"] == before


def test_place_order_with_coupon_loyalty_points_and_a_company_guest(shop: FakeShop) -> None:
    guest = shop.guest("Ödön", "Kovács", company="Tűzkő Kft.", tax_number="12345676-2-41")
    inner_id = shop.place_order({"KON-0005": 1, "ITA-0024": 6}, customer=guest, coupon="NYAR10")
    order = shop.order(inner_id)
    assert order["paymentCompany"] == "Tűzkő Kft."
    assert order["taxNumber"] == "12345676-2-41"
    assert order["customer"] in (None, {})
    assert [a["quantity"] for a in order["orderProductAddons"]] == ["6"]
    assert order["coupon"]["code"] == "NYAR10"
    types = [t["type"] for t in order["orderTotals"]]
    assert "LOYALTYPOINTS_TO_GET" not in types  # guests earn no points

    registered = shop.place_order(
        {"KON-0005": 1}, customer=102, loyalty_points=300, shipping="pickup", payment="cash"
    )
    totals = {t["type"]: t["value"] for t in shop.order(registered)["orderTotals"]}
    assert totals["LOYALTYPOINTS_TO_USE"] == "-300.0000"
    assert totals["SHIPPING"] == "0.0000"
    assert "PAYMENT" not in totals
    customer_link = shop.order(registered)["customer"]["href"]
    assert customer_link.endswith("/customers/Y3VzdG9tZXItY3VzdG9tZXJfaWQ9MTAy")  # id 102


def test_place_order_refuses_what_no_shop_would_accept(shop: FakeShop) -> None:
    with pytest.raises(ValueError, match="SKU"):
        shop.place_order({"NINCS-ILYEN": 1})
    with pytest.raises(ValueError, match="quantity"):
        shop.place_order({"KON-0001": 0})
    with pytest.raises(ValueError, match="shipping"):
        shop.place_order({"KON-0001": 1}, shipping="drón")
    with pytest.raises(ValueError, match="customer"):
        shop.place_order({"KON-0001": 1}, customer=5)
