"""Token endpoint, Bearer and Basic authentication, and the documented 401 answers."""

from __future__ import annotations

import time

import httpx
import pytest

from okos_tui.fakeshop import FakeShop

from .helpers import api_client, bearer_token


def test_token_endpoint_issues_bearer_tokens_that_open_the_api(shop: FakeShop) -> None:
    response = httpx.post(
        shop.token_url,
        json={
            "grant_type": "client_credentials",
            "client_id": "okos-demo",
            "client_secret": "demo-secret",
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert body["access_token"].count(".") == 2  # JWT-shaped
    with api_client(shop, body["access_token"]) as client:
        assert client.get("taxClasses").status_code == 200


def test_token_endpoint_accepts_a_form_body_too(shop: FakeShop) -> None:
    response = httpx.post(
        shop.token_url,
        data={
            "grant_type": "client_credentials",
            "client_id": "okos-demo",
            "client_secret": "demo-secret",
        },
    )
    assert response.status_code == 200
    assert response.json()["token_type"] == "Bearer"


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        (
            {"grant_type": "client_credentials", "client_id": "okos-demo", "client_secret": "nope"},
            401,
            "invalid_client",
        ),
        (
            {"grant_type": "client_credentials", "client_id": "stranger", "client_secret": "x"},
            401,
            "invalid_client",
        ),
        ({"grant_type": "client_credentials", "client_id": "okos-demo"}, 400, "invalid_request"),
        (
            {"grant_type": "password", "client_id": "okos-demo", "client_secret": "demo-secret"},
            400,
            "unsupported_grant_type",
        ),
    ],
)
def test_token_endpoint_refuses_bad_requests(
    shop: FakeShop, body: dict[str, str], status: int, error: str
) -> None:
    response = httpx.post(shop.token_url, json=body)
    assert response.status_code == status
    assert response.json()["error"] == error
    assert response.json()["error_description"]


def test_token_endpoint_refuses_a_body_that_is_not_json(shop: FakeShop) -> None:
    response = httpx.post(
        shop.token_url, content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_token_endpoint_of_another_shop_is_not_found(shop: FakeShop) -> None:
    response = httpx.post(shop.token_url.replace("/demo/", "/other/"), json={})
    assert response.status_code == 404


def _assert_401(response: httpx.Response) -> None:
    assert response.status_code == 401
    body = response.json()
    assert body["error"] == 401
    assert body["innerCode"] == 40101
    assert body["message"]
    assert "WWW-Authenticate" in response.headers


def test_requests_without_credentials_get_401_with_the_error_body(shop: FakeShop) -> None:
    with api_client(shop) as client:
        _assert_401(client.get("orderExtend"))


def test_an_unknown_bearer_token_gets_401(shop: FakeShop) -> None:
    with api_client(shop, "not-a-token") as client:
        response = client.get("orderExtend")
    _assert_401(response)
    assert "invalid_token" in response.headers["WWW-Authenticate"]


def test_a_token_past_its_lifetime_gets_401_and_a_new_one_works(shop: FakeShop) -> None:
    shop.tokens.lifetime_seconds = 0.2
    token = bearer_token(shop)
    with api_client(shop, token) as client:
        assert client.get("orderStatuses").status_code == 200
        shop.faults.expire_tokens_now()  # as if 0.2 s had passed, without sleeping
        expired = client.get("orderStatuses")
    _assert_401(expired)
    assert "expired" in expired.json()["message"]
    with api_client(shop, bearer_token(shop)) as client:
        assert client.get("orderStatuses").status_code == 200


def test_token_lifetime_is_configurable_and_really_runs_out(shop: FakeShop) -> None:
    shop.tokens.lifetime_seconds = 0.15
    response = httpx.post(
        shop.token_url,
        json={
            "grant_type": "client_credentials",
            "client_id": "okos-demo",
            "client_secret": "demo-secret",
        },
    )
    assert response.json()["expires_in"] == 1  # whole seconds, rounded up
    with api_client(shop, response.json()["access_token"]) as client:
        assert client.get("taxClasses").status_code == 200
        time.sleep(0.2)
        _assert_401(client.get("taxClasses"))


def test_basic_auth_works_on_the_api_and_on_the_legacy_base(shop: FakeShop) -> None:
    auth = httpx.BasicAuth("okos", "demo-pass")
    headers = {"Accept": "application/json"}
    for base in (shop.api_url, shop.legacy_url):
        response = httpx.get(f"{base}/orderExtend", params={"limit": 1}, auth=auth, headers=headers)
        assert response.status_code == 200, base
        assert response.json()["items"][0]["href"].startswith(base + "/orderExtend/")
    assert [r.auth for r in shop.requests] == ["basic", "basic"]


def test_wrong_basic_password_gets_401(shop: FakeShop) -> None:
    response = httpx.get(
        f"{shop.legacy_url}/orderExtend",
        auth=httpx.BasicAuth("okos", "bad"),
        headers={"Accept": "application/json"},
    )
    _assert_401(response)


def test_the_legacy_base_takes_no_bearer_tokens(shop: FakeShop) -> None:
    response = httpx.get(
        f"{shop.legacy_url}/orderExtend",
        headers={
            "Accept": "application/json",
            "Authorization": f"Bearer {bearer_token(shop)}",
        },
    )
    _assert_401(response)


def test_without_accept_json_the_answer_is_xml_like_the_real_api(shop: FakeShop) -> None:
    response = httpx.get(
        f"{shop.api_url}/taxClasses", headers={"Authorization": f"Bearer {bearer_token(shop)}"}
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/xml")
    assert response.text.startswith("<?xml")
