"""POST /batch: 200 with a status per item, a failing item does not stop the others."""

from __future__ import annotations

import httpx

from okos_tui.fakeshop import FakeShop

from .helpers import api_client, bearer_token, settings


def _product_id(client: httpx.Client, sku: str) -> str:
    return client.get("products", params={"sku": sku}).json()["items"][0]["href"].rsplit("/", 1)[1]


def test_batch_with_a_failing_item(client: httpx.Client, shop: FakeShop) -> None:
    first, second = _product_id(client, "KON-0001"), _product_id(client, "KOZ-0002")
    requests = [
        {"method": "PUT", "uri": f"{shop.api_url}/products/{first}", "data": {"stock1": "11"}},
        {"method": "PUT", "uri": f"{shop.api_url}/products/bm9uc2Vuc2U=", "data": {"stock1": "1"}},
        {"method": "PUT", "uri": f"{shop.api_url}/products/{second}", "data": {"stock1": "x"}},
        {"method": "GET", "uri": f"{shop.api_url}/products?sku=KOZ-0002"},
        {
            "method": "PUT",
            "uri": f"{shop.api_url}/productExtend?sku=KOZ-0002",
            "data": {"stock2": "4"},
        },
        {"method": "DELETE", "uri": f"{shop.api_url}/products/{second}"},
    ]
    response = client.post("batch", json={"data": {"requests": requests}})
    assert response.status_code == 200
    answers = response.json()["requests"]["request"]
    statuses = [a["response"]["header"]["statusCode"] for a in answers]
    assert statuses == [200, 404, 400, 200, 200, 405]
    assert [a["uri"] for a in answers] == [r["uri"] for r in requests]
    assert answers[0]["response"]["body"]["stock1"] == "11"
    assert answers[1]["response"]["body"]["innerCode"] == 40401
    assert answers[2]["response"]["body"]["innerCode"] == 40005
    assert answers[3]["response"]["body"]["items"]
    assert shop.product("KON-0001")["stock1"] == "11"
    assert shop.product("KOZ-0002")["stock2"] == "4"
    assert [r.path for r in shop.requests][-1] == "/api/batch"


def test_batch_accepts_uris_of_the_real_hosts_and_relative_ones(
    client: httpx.Client, shop: FakeShop
) -> None:
    pid = _product_id(client, "KON-0001")
    requests = [
        {
            "method": "PUT",
            "uri": f"https://demo.api2.myshoprenter.hu/api/products/{pid}",
            "data": {"stock1": "7"},
        },
        {
            "method": "PUT",
            "uri": f"https://demo.api.myshoprenter.hu/products/{pid}",
            "data": {"stock3": "2"},
        },
    ]
    answers = client.post("batch", json={"data": {"requests": requests}}).json()
    assert [a["response"]["header"]["statusCode"] for a in answers["requests"]["request"]] == [
        200,
        200,
    ]
    product = shop.product("KON-0001")
    assert (product["stock1"], product["stock3"]) == ("7", "2")


def test_batch_limits_and_body_rules(client: httpx.Client, shop: FakeShop) -> None:
    item = {"method": "GET", "uri": f"{shop.api_url}/taxClasses"}
    too_many = client.post("batch", json={"data": {"requests": [item] * 201}})
    assert (too_many.status_code, too_many.json()["innerCode"]) == (400, 40005)
    full = client.post("batch", json={"data": {"requests": [item] * 200}})
    assert full.status_code == 200
    unwrapped = client.post("batch", json={"requests": [item]})
    assert (unwrapped.status_code, unwrapped.json()["innerCode"]) == (400, 40001)
    no_list = client.post("batch", json={"data": {}})
    assert (no_list.status_code, no_list.json()["innerCode"]) == (400, 40003)
    nested = client.post(
        "batch",
        json={
            "data": {
                "requests": [
                    {"method": "POST", "uri": f"{shop.api_url}/batch", "data": {"requests": []}},
                    "nonsense",
                ]
            }
        },
    )
    codes = [a["response"]["header"]["statusCode"] for a in nested.json()["requests"]["request"]]
    assert codes == [400, 400]


def test_a_batch_counts_as_one_request_for_the_rate_limit() -> None:
    with FakeShop(settings(rate_limit_per_second=3)) as shop, api_client(shop) as client:
        client.headers["Authorization"] = f"Bearer {bearer_token(shop, client)}"
        pid = _product_id(client, "KON-0001")
        requests = [
            {"method": "PUT", "uri": f"{shop.api_url}/products/{pid}", "data": {"stock1": str(n)}}
            for n in range(50)
        ]
        response = client.post("batch", json={"data": {"requests": requests}})
        assert response.status_code == 200  # 2 of 3 requests used within the second
        assert len(response.json()["requests"]["request"]) == 50
        assert shop.product("KON-0001")["stock1"] == "49"
        api_calls = [r for r in shop.requests if r.path.startswith("/api/")]
        assert len(api_calls) == 2
