"""Each fault switch: injected statuses, malformed JSON, dropped connections, latency, expiry."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from okos_tui.fakeshop import FakeShop

from .helpers import bearer_token


def test_fail_next_answers_the_status_with_retry_after(
    client: httpx.Client, shop: FakeShop
) -> None:
    shop.faults.fail_next(status=503, count=2, retry_after=2)
    assert shop.faults.pending == 2
    first, second = client.get("orderExtend"), client.get("products")
    for response in (first, second):
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "2"
        assert response.json()["error"] == 503
    assert client.get("orderExtend").status_code == 200
    assert shop.faults.pending == 0
    assert [r.status for r in shop.requests[-3:]] == [503, 503, 200]


def test_fail_next_without_retry_after_and_as_a_fake_429(
    client: httpx.Client, shop: FakeShop
) -> None:
    shop.faults.fail_next(status=500)
    shop.faults.fail_next(status=429, retry_after=0.2)
    plain, limited = client.get("taxClasses"), client.get("taxClasses")
    assert plain.status_code == 500
    assert "Retry-After" not in plain.headers
    assert (limited.status_code, limited.headers["Retry-After"]) == (429, "1")


def test_faults_can_target_one_resource(client: httpx.Client, shop: FakeShop) -> None:
    shop.faults.fail_next(status=504, path="orderExtend")
    assert client.get("taxClasses").status_code == 200
    assert client.get("orderExtend").status_code == 504
    assert client.get("orderExtend").status_code == 200


def test_faults_skip_the_token_endpoint_unless_targeted(shop: FakeShop) -> None:
    shop.faults.fail_next(status=503)
    token = bearer_token(shop)  # not hit
    assert token
    assert shop.faults.pending == 1
    shop.faults.reset()
    shop.faults.fail_next(status=503, path="/oauth/")
    response = httpx.post(
        shop.token_url,
        json={
            "grant_type": "client_credentials",
            "client_id": "okos-demo",
            "client_secret": "demo-secret",
        },
    )
    assert response.status_code == 503


def test_malformed_json_next(client: httpx.Client, shop: FakeShop) -> None:
    shop.faults.malformed_json_next()
    broken = client.get("orderExtend", params={"full": 1, "limit": 2})
    assert broken.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(broken.text)
    assert client.get("orderExtend", params={"full": 1, "limit": 2}).json()["items"]


def test_drop_connection_next(client: httpx.Client, shop: FakeShop) -> None:
    shop.faults.drop_connection_next(count=1)
    with pytest.raises(httpx.RemoteProtocolError):
        client.get("orderExtend")
    assert client.get("orderExtend").status_code == 200
    statuses = [r.status for r in shop.requests if r.path == "/api/orderExtend"]
    assert statuses == [None, 200]


def test_latency(client: httpx.Client, shop: FakeShop) -> None:
    shop.faults.latency_seconds = 0.3
    started = time.monotonic()
    assert client.get("taxClasses").status_code == 200
    assert time.monotonic() - started >= 0.3
    with pytest.raises(httpx.ReadTimeout):
        client.get("taxClasses", timeout=0.1)
    shop.faults.reset()
    assert shop.faults.latency_seconds == 0
    started = time.monotonic()
    assert client.get("taxClasses").status_code == 200
    assert time.monotonic() - started < 0.3


def test_expire_tokens_now(client: httpx.Client, shop: FakeShop) -> None:
    assert client.get("taxClasses").status_code == 200
    shop.faults.expire_tokens_now()
    assert client.get("taxClasses").status_code == 401
    client.headers["Authorization"] = f"Bearer {bearer_token(shop, client)}"
    assert client.get("taxClasses").status_code == 200


def test_a_fault_count_must_be_positive(shop: FakeShop) -> None:
    with pytest.raises(ValueError):
        shop.faults.fail_next(count=0)
