"""The shop client against mocked HTTP (pytest-httpx): authentication, retries, errors,
paging, batches. Waiting is done on a fake clock, so nothing here really sleeps."""

from __future__ import annotations

import base64
import json
import logging
import re

import httpx
import pytest
from pytest_httpx import HTTPXMock

from okos_tui.shop.client import (
    BatchItemResult,
    ShopAuthError,
    ShopBadResponse,
    ShopClient,
    ShopError,
    ShopRequestError,
    ShopUnreachable,
    needed_scope,
)
from tests.shop.client_helpers import (
    API,
    CLIENT_ID,
    LEGACY_HOST,
    PASSWORD,
    SECRET,
    TOKEN_URL,
    FakeClock,
    assert_no_secret,
    basic_connection,
    error_answer,
    fake_client,
    oauth_connection,
    orders,
    page_answer,
    token_answer,
)

ORDERS = f"{API}/orderExtend"
STATUSES = f"{API}/orderStatuses"


def add_token(httpx_mock: HTTPXMock, token: str = "tok-1", expires_in: object = 3600) -> None:
    httpx_mock.add_response(
        method="POST", url=TOKEN_URL, json=token_answer(token, expires_in=expires_in)
    )


def backoffs(clock: FakeClock) -> list[float]:
    """The waits before retries (pacing waits on a fake clock are at most 1/3 s + answer time:
    tests that look at backoff use a generous rate, so those stay tiny)."""
    return [w for w in clock.waits if w >= 0.05]


# the connection ---------------------------------------------------------------------------------


def test_repr_and_str_of_a_connection_hide_the_secrets() -> None:
    oauth = oauth_connection()
    basic = basic_connection()
    for text in (repr(oauth), str(oauth), repr(basic), str(basic)):
        assert_no_secret(text)
    assert "webshop" in repr(oauth) and CLIENT_ID in repr(oauth)
    assert "okos-api" in repr(basic)
    assert_no_secret(repr(ShopClient(oauth)))


@pytest.mark.parametrize(
    "overrides",
    [{"auth": "token"}, {"requests_per_second": 0}, {"max_attempts": 0}, {"timeout_seconds": 0}],
)
def test_a_connection_refuses_impossible_settings(overrides: dict[str, object]) -> None:
    with pytest.raises(ValueError) as caught:
        oauth_connection(**overrides)
    assert "webshop" in str(caught.value)
    assert_no_secret(caught.value)


def test_urls_stay_under_the_api_base() -> None:
    client = ShopClient(oauth_connection(api_url=API + "/"))
    assert client.url("orderExtend") == f"{API}/orderExtend"
    assert client.url("/products/abc?x=1") == f"{API}/products/abc?x=1"
    assert client.url(f"{API}/products/abc") == f"{API}/products/abc"
    # ShopRenter's links name the legacy host: the token must not go there
    assert client.url(f"{LEGACY_HOST}/orderExtend?page=2") == f"{API}/orderExtend?page=2"
    same_host_plain_http = API.replace("https:", "http:") + "/taxClasses"
    assert client.url(same_host_plain_http) == f"{API}/taxClasses"


# OAuth ----------------------------------------------------------------------------------------


def test_token_request_and_headers(httpx_mock: HTTPXMock) -> None:
    add_token(httpx_mock, "tok-abc")
    httpx_mock.add_response(method="GET", url=STATUSES, json={"items": []})
    httpx_mock.add_response(method="PUT", url=f"{API}/products/p1", json={"id": "p1"})
    with fake_client(oauth_connection()) as client:
        assert client.get("orderStatuses") == {"items": []}
        assert client.put("products/p1", {"stock1": "12", "price": "2760"}) == {"id": "p1"}
    token_request, get, put = httpx_mock.get_requests()
    assert json.loads(token_request.content) == {
        "grant_type": "client_credentials",
        "client_id": CLIENT_ID,
        "client_secret": SECRET,
    }
    assert token_request.headers["Content-Type"] == "application/json"
    assert "Authorization" not in token_request.headers
    for request in (get, put):
        assert request.headers["Accept"] == "application/json"
        assert request.headers["Authorization"] == "Bearer tok-abc"
    assert json.loads(put.content) == {"data": {"stock1": "12", "price": "2760"}}
    assert put.headers["Content-Type"] == get.headers["Content-Type"] == "application/json"


def test_the_token_is_cached(httpx_mock: HTTPXMock) -> None:
    add_token(httpx_mock)
    httpx_mock.add_response(url=STATUSES, json={}, is_reusable=True)
    with fake_client(oauth_connection()) as client:
        for _ in range(4):
            client.get("orderStatuses")
        assert client.stats.token_requests == 1
        assert client.stats.requests_sent == 5


@pytest.mark.parametrize(
    ("expires_in", "still_cached", "renewed"),
    [(3600, 3530.0, 3545.0), ("3600", 3530.0, 3545.0), (10, 8.5, 9.5)],
)
def test_the_token_is_renewed_shortly_before_it_runs_out(
    httpx_mock: HTTPXMock, expires_in: object, still_cached: float, renewed: float
) -> None:
    """60 s before the end (10% of a short lifetime), counted from when it was asked for."""
    add_token(httpx_mock, "tok-1", expires_in)
    add_token(httpx_mock, "tok-2", expires_in)
    httpx_mock.add_response(url=STATUSES, json={}, is_reusable=True)
    clock = FakeClock()
    with fake_client(oauth_connection(), clock) as client:
        start = clock.now
        client.get("orderStatuses")
        clock.now = start + still_cached
        client.get("orderStatuses")
        clock.now = start + renewed
        client.get("orderStatuses")
        clock.now = start + renewed + 1
        client.get("orderStatuses")
    used = [r.headers.get("Authorization") for r in httpx_mock.get_requests(method="GET")]
    assert used == ["Bearer tok-1", "Bearer tok-1", "Bearer tok-2", "Bearer tok-2"]


def test_a_401_renews_the_token_once_and_retries(httpx_mock: HTTPXMock) -> None:
    add_token(httpx_mock, "tok-1")
    add_token(httpx_mock, "tok-2")
    httpx_mock.add_response(url=STATUSES, json={"n": 1})
    httpx_mock.add_response(
        url=STATUSES,
        status_code=401,
        json=error_answer(401, 40101, "The access token has expired."),
    )
    httpx_mock.add_response(url=STATUSES, json={"n": 2})
    with fake_client(oauth_connection()) as client:
        assert client.get("orderStatuses") == {"n": 1}
        assert client.get("orderStatuses") == {"n": 2}
        assert client.stats.reauthentications == 1
        assert client.stats.retries == 0
        assert client.stats.token_requests == 2
    used = [r.headers["Authorization"] for r in httpx_mock.get_requests(method="GET")]
    assert used == ["Bearer tok-1", "Bearer tok-1", "Bearer tok-2"]


def test_a_second_401_after_a_fresh_token_is_an_auth_error(httpx_mock: HTTPXMock) -> None:
    add_token(httpx_mock, "tok-1")
    add_token(httpx_mock, "tok-2")
    httpx_mock.add_response(url=STATUSES, json={})
    refused = error_answer(401, 40101, "No permission! Authentication required.")
    httpx_mock.add_response(url=STATUSES, status_code=401, json=refused, is_reusable=True)
    with fake_client(oauth_connection()) as client:
        client.get("orderStatuses")
        with pytest.raises(ShopAuthError) as caught:
            client.get("orderStatuses")
    # a token just issued refused: the API user lacks the permission for the resource
    assert "webshop" in str(caught.value) and "order.orderStatus:read" in str(caught.value)
    assert caught.value.status == 401
    assert len(httpx_mock.get_requests()) == 5  # token, get, 401, token, 401: no loop
    assert_no_secret(caught.value, "tok-2")


@pytest.mark.parametrize(
    ("method", "path", "scope"),
    [
        ("GET", "orderExtend", "order.order:read"),
        ("PUT", "products/cHJvZHVjdC1wcm9kdWN0X2lkPTE=", "product.product:write"),
        ("POST", "batch", "product.product:write"),
        ("GET", "taxClasses", "taxClass.taxClass:read"),
        ("GET", "somethingElse", ""),
    ],
)
def test_the_permission_a_request_needs_is_named(method: str, path: str, scope: str) -> None:
    assert needed_scope(method, f"https://webshop.api2.myshoprenter.hu/api/{path}?page=0") == scope


def test_a_401_to_a_token_just_fetched_is_not_retried(httpx_mock: HTTPXMock) -> None:
    add_token(httpx_mock)
    httpx_mock.add_response(url=STATUSES, status_code=403, json=error_answer(403, 40301, "No"))
    with fake_client(oauth_connection()) as client, pytest.raises(ShopAuthError) as caught:
        client.get("orderStatuses")
    assert "permission" in str(caught.value)


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (401, {"error": "invalid_client", "error_description": "Client authentication failed."}),
        (400, {"error": "invalid_request", "error_description": f"bad secret {SECRET}"}),
    ],
)
def test_refused_credentials_name_the_shop_and_never_the_secret(
    httpx_mock: HTTPXMock, caplog: pytest.LogCaptureFixture, status: int, body: dict
) -> None:
    caplog.set_level(logging.DEBUG)
    httpx_mock.add_response(method="POST", url=TOKEN_URL, status_code=status, json=body)
    with fake_client(oauth_connection()) as client, pytest.raises(ShopAuthError) as caught:
        client.get("orderExtend")
    message = str(caught.value)
    assert "webshop" in message and "client_id" in message and "secret" in message
    assert caught.value.shop == "webshop" and caught.value.status == status
    assert len(httpx_mock.get_requests()) == 1  # refused credentials are not retried
    assert_no_secret(message, repr(caught.value), caught.value.args, caplog.text)


def test_missing_oauth_settings_are_an_auth_error() -> None:
    with (
        ShopClient(oauth_connection(client_secret="")) as client,
        pytest.raises(ShopAuthError) as caught,
    ):
        client.get("orderExtend")
    assert "webshop" in str(caught.value) and "client_secret_env" in str(caught.value)


def test_a_secret_echoed_by_the_shop_is_scrubbed(httpx_mock: HTTPXMock) -> None:
    add_token(httpx_mock)
    httpx_mock.add_response(
        url=STATUSES, status_code=404, json=error_answer(404, 40401, f"no {SECRET} here")
    )
    with fake_client(oauth_connection()) as client, pytest.raises(ShopRequestError) as caught:
        client.get("orderStatuses")
    assert "***" in str(caught.value)
    assert_no_secret(caught.value)


# HTTP Basic -----------------------------------------------------------------------------------


def test_basic_auth_on_every_request_and_no_token(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=f"{LEGACY_HOST}/orderStatuses", json={}, is_reusable=True)
    with fake_client(basic_connection()) as client:
        client.get("orderStatuses")
        client.get("orderStatuses")
        assert client.stats.token_requests == 0
    expected = "Basic " + base64.b64encode(f"okos-api:{PASSWORD}".encode()).decode()
    for request in httpx_mock.get_requests():
        assert request.headers["Authorization"] == expected
        assert request.headers["Accept"] == "application/json"


def test_basic_auth_refused_is_an_auth_error_at_once(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        url=f"{LEGACY_HOST}/orderStatuses",
        status_code=401,
        json=error_answer(401, 40101, "Wrong API user name or password."),
    )
    with fake_client(basic_connection()) as client, pytest.raises(ShopAuthError) as caught:
        client.get("orderStatuses")
    assert "oldshop" in str(caught.value) and "password" in str(caught.value)
    assert_no_secret(caught.value)


# retries --------------------------------------------------------------------------------------


def test_retry_after_is_honoured(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=STATUSES, status_code=503, headers={"Retry-After": "2"})
    httpx_mock.add_response(url=STATUSES, status_code=429, headers={"Retry-After": "3"})
    httpx_mock.add_response(url=STATUSES, json={"ok": True})
    clock = FakeClock()
    with fake_client(basic_connection(api_url=API), clock) as client:
        assert client.get("orderStatuses") == {"ok": True}
        assert client.stats.retries == 2
        assert client.stats.throttled == 1 and client.stats.server_errors == 1
        assert client.stats.by_status == {503: 1, 429: 1, 200: 1}
    assert backoffs(clock) == [2.0, 3.0]  # the first backoffs (<= 1 s) are shorter


def test_an_http_date_retry_after_is_understood(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        url=STATUSES, status_code=503, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}
    )
    httpx_mock.add_response(url=STATUSES, json={})
    clock = FakeClock()
    with fake_client(basic_connection(api_url=API, requests_per_second=100), clock) as client:
        client.get("orderStatuses")
    assert len(clock.waits) == 1 and 0.25 <= clock.waits[0] <= 0.5  # a date in the past


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_retries_are_bounded_then_unreachable(httpx_mock: HTTPXMock, status: int) -> None:
    httpx_mock.add_response(url=STATUSES, status_code=status, is_reusable=True)
    clock = FakeClock()
    connection = basic_connection(api_url=API, requests_per_second=100)
    with fake_client(connection, clock) as client, pytest.raises(ShopUnreachable) as caught:
        client.get("orderStatuses")
    assert len(httpx_mock.get_requests()) == 5
    assert caught.value.attempts == 5 and caught.value.status == status
    assert "oldshop" in str(caught.value) and str(status) in str(caught.value)
    waits = backoffs(clock)
    assert len(waits) == 4
    for attempt, wait in enumerate(waits, start=1):  # exponential, with jitter
        ceiling = 0.5 * 2 ** (attempt - 1)
        assert ceiling / 2 <= wait <= ceiling


def test_too_long_a_retry_after_is_not_waited_out(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=STATUSES, status_code=503, headers={"Retry-After": "3600"})
    clock = FakeClock()
    with (
        fake_client(basic_connection(api_url=API), clock) as client,
        pytest.raises(ShopUnreachable) as caught,
    ):
        client.get("orderStatuses")
    assert clock.waits == [] and "3600" in str(caught.value)


def test_max_attempts_is_configurable(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=STATUSES, status_code=503, is_reusable=True)
    with (
        fake_client(basic_connection(api_url=API, max_attempts=2)) as client,
        pytest.raises(ShopUnreachable),
    ):
        client.get("orderStatuses")
    assert len(httpx_mock.get_requests()) == 2


def test_connection_errors_and_timeouts_are_retried(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_exception(httpx.ConnectError("Connection refused"), url=STATUSES)
    httpx_mock.add_exception(httpx.ReadTimeout("timed out"), url=STATUSES)
    httpx_mock.add_exception(httpx.RemoteProtocolError("Server disconnected"), url=STATUSES)
    httpx_mock.add_response(url=STATUSES, json={"ok": 1})
    with fake_client(basic_connection(api_url=API)) as client:
        assert client.get("orderStatuses") == {"ok": 1}
        assert client.stats.transport_errors == 3 and client.stats.retries == 3
        assert client.stats.requests_sent == 4


def test_a_shop_that_never_answers_is_unreachable(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_exception(httpx.ConnectTimeout("connect timed out"), is_reusable=True)
    with (
        fake_client(oauth_connection(max_attempts=3)) as client,
        pytest.raises(ShopUnreachable) as caught,
    ):
        client.get("orderExtend")
    message = str(caught.value)
    assert "webshop" in message and "timed out" in message and "token endpoint" in message
    assert caught.value.status is None and caught.value.attempts == 3
    assert_no_secret(message)


def test_malformed_json_is_retried_then_a_bad_response(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=STATUSES, content=b'{"items": [{"id": ', is_reusable=True)
    clock = FakeClock()
    with (
        fake_client(basic_connection(api_url=API, requests_per_second=100), clock) as client,
        pytest.raises(ShopBadResponse) as caught,
    ):
        client.get("orderStatuses")
        assert client.stats.bad_bodies == 5
    assert len(httpx_mock.get_requests()) == 5 and len(backoffs(clock)) == 4
    assert "oldshop" in str(caught.value) and "not JSON" in str(caught.value)


def test_malformed_json_once_is_survived(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=STATUSES, text="<response><items/></response>")
    httpx_mock.add_response(url=STATUSES, json={"items": []})
    with fake_client(basic_connection(api_url=API)) as client:
        assert client.get("orderStatuses") == {"items": []}


def test_a_body_that_cannot_be_decoded_is_retried(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=STATUSES, headers={"Content-Encoding": "gzip"}, content=b"nope")
    httpx_mock.add_response(url=STATUSES, json={"items": []})
    with fake_client(basic_connection(api_url=API)) as client:
        assert client.get("orderStatuses") == {"items": []}
        assert client.stats.bad_bodies == 1 and client.stats.retries == 1


def test_an_empty_success_body_is_none(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=f"{API}/products/p1", status_code=204)
    with fake_client(basic_connection(api_url=API)) as client:
        assert client.put("products/p1", {"stock1": "1"}) is None


def test_a_post_is_not_repeated_once_the_shop_may_have_acted(httpx_mock: HTTPXMock) -> None:
    url = f"{API}/customers"
    httpx_mock.add_response(url=url, method="POST", status_code=429, headers={"Retry-After": "1"})
    httpx_mock.add_response(url=url, method="POST", status_code=503)
    with (
        fake_client(basic_connection(api_url=API)) as client,
        pytest.raises(ShopUnreachable) as caught,
    ):
        client.post("customers", {"email": "a@example.com"})
    assert caught.value.attempts == 2  # the 429 was retried, the 503 not
    assert json.loads(httpx_mock.get_requests()[0].content) == {"data": {"email": "a@example.com"}}


# request errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "inner", "text"),
    [(404, 40401, "Resource not found!"), (400, 40008, "Page out of range!"), (409, 40901, "x")],
)
def test_other_4xx_are_request_errors_with_the_inner_code(
    httpx_mock: HTTPXMock, status: int, inner: int, text: str
) -> None:
    httpx_mock.add_response(
        url=f"{API}/orderExtend/b3JkZXI=",
        status_code=status,
        json=error_answer(status, inner, text),
    )
    with (
        fake_client(basic_connection(api_url=API)) as client,
        pytest.raises(ShopRequestError) as caught,
    ):
        client.get("orderExtend/b3JkZXI=")
    error = caught.value
    assert (error.status, error.inner_code) == (status, inner)
    assert error.body == error_answer(status, inner, text)
    assert error.method == "GET" and error.url == f"{API}/orderExtend/b3JkZXI="
    assert "oldshop" in str(error) and str(inner) in str(error) and text in str(error)
    assert isinstance(error, ShopError)
    assert len(httpx_mock.get_requests()) == 1


def test_inner_code_as_a_string_and_a_body_that_is_not_json(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=STATUSES, status_code=400, json={"innerCode": "40005"})
    httpx_mock.add_response(url=STATUSES, status_code=404, text="<html>Not Found</html>")
    with fake_client(basic_connection(api_url=API)) as client:
        with pytest.raises(ShopRequestError) as first:
            client.get("orderStatuses")
        with pytest.raises(ShopRequestError) as second:
            client.get("orderStatuses")
    assert first.value.inner_code == 40005
    assert second.value.inner_code is None and "Not Found" in second.value.body


def test_a_redirect_says_to_use_https(httpx_mock: HTTPXMock) -> None:
    plain = API.replace("https:", "http:")
    httpx_mock.add_response(
        url=f"{plain}/orderStatuses", status_code=308, headers={"Location": f"{API}/orderStatuses"}
    )
    with (
        fake_client(basic_connection(api_url=plain)) as client,
        pytest.raises(ShopRequestError) as caught,
    ):
        client.get("orderStatuses")
    assert caught.value.status == 308 and "api_url" in str(caught.value)


# paging ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("strings", [False, True])
def test_iter_pages_walks_every_page(httpx_mock: HTTPXMock, strings: bool) -> None:
    for page, chunk in enumerate([orders(1, 200), orders(201, 200), orders(401, 7)]):
        httpx_mock.add_response(
            url=httpx.URL(
                ORDERS,
                params={
                    "full": "1",
                    "limit": "200",
                    "innerIdMin": "1",
                    "excludeAbandonedCart": "1",
                    "page": str(page),
                },
            ),
            json=page_answer(chunk, page, 3, strings=strings),
        )
    with fake_client(basic_connection(api_url=API)) as client:
        got = list(client.iter_pages("orderExtend", {"innerIdMin": 1, "excludeAbandonedCart": 1}))
    assert [o["innerId"] for o in got] == [str(n) for n in range(1, 408)]
    for request in httpx_mock.get_requests():  # by number under the API base, not by `next`
        assert str(request.url).startswith(ORDERS + "?")


def test_iter_pages_stops_on_an_empty_page(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=re.compile(r".*page=0.*"), json=page_answer(orders(1, 2), 0, 5))
    httpx_mock.add_response(url=re.compile(r".*page=1.*"), json=page_answer([], 1, 5))
    with fake_client(basic_connection(api_url=API)) as client:
        assert len(list(client.iter_pages("orderExtend"))) == 2
    assert len(httpx_mock.get_requests()) == 2


@pytest.mark.parametrize("empty", [None, {}, []])
def test_iter_pages_accepts_empty_items_in_any_form(httpx_mock: HTTPXMock, empty: object) -> None:
    body = page_answer([], 0, 0)
    body["items"] = empty
    httpx_mock.add_response(url=re.compile(r".*orderExtend.*"), json=body)
    with fake_client(basic_connection(api_url=API)) as client:
        assert list(client.iter_pages("orderExtend")) == []


def test_iter_pages_without_page_count_follows_next(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        url=re.compile(r".*page=0.*"), json=page_answer(orders(1, 2), 0, None, next_link=True)
    )
    httpx_mock.add_response(
        url=re.compile(r".*page=1.*"), json=page_answer(orders(3, 2), 1, None, next_link=False)
    )
    with fake_client(basic_connection(api_url=API)) as client:
        assert len(list(client.iter_pages("orderExtend", {"limit": 2}))) == 4
    assert "limit=2" in str(httpx_mock.get_requests()[0].url)


def test_iter_pages_ends_when_the_collection_shrank(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=re.compile(r".*page=0.*"), json=page_answer(orders(1, 2), 0, 2))
    httpx_mock.add_response(
        url=re.compile(r".*page=1.*"),
        status_code=400,
        json=error_answer(400, 40008, "Page out of range!"),
    )
    with fake_client(basic_connection(api_url=API)) as client:
        assert len(list(client.iter_pages("orderExtend"))) == 2


def test_iter_pages_refuses_a_shop_that_ignores_the_page(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        url=re.compile(r".*orderExtend.*"), json=page_answer(orders(1, 2), 0, 9), is_reusable=True
    )
    with fake_client(basic_connection(api_url=API)) as client, pytest.raises(ShopBadResponse):
        list(client.iter_pages("orderExtend"))
    assert len(httpx_mock.get_requests()) == 2


def test_iter_pages_of_a_list_answer_is_a_bad_response(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=re.compile(r".*orderExtend.*"), json=[1, 2])
    with fake_client(basic_connection(api_url=API)) as client, pytest.raises(ShopBadResponse):
        list(client.iter_pages("orderExtend"))


# batch ----------------------------------------------------------------------------------------


def test_batch_sends_full_uris_and_reads_every_item_status(httpx_mock: HTTPXMock) -> None:
    answer = {
        "requests": {
            "request": [
                {
                    "method": "PUT",
                    "uri": f"{API}/products/p1",
                    "response": {"header": {"statusCode": 200}, "body": {"id": "p1"}},
                },
                {
                    "method": "PUT",
                    "uri": f"{API}/productExtend?sku=NOPE",
                    "response": {
                        "header": {"statusCode": "404"},
                        "body": error_answer(404, 40401, "Product with sku NOPE not found!"),
                    },
                },
                {"method": "GET", "uri": f"{API}/taxClasses", "response": {}},
            ]
        }
    }
    httpx_mock.add_response(
        method="POST",
        url=f"{API}/batch",
        match_json={
            "data": {
                "requests": [
                    {"method": "PUT", "uri": f"{API}/products/p1", "data": {"stock1": "3"}},
                    {"method": "PUT", "uri": f"{API}/productExtend?sku=NOPE", "data": {}},
                    {"method": "GET", "uri": f"{API}/taxClasses"},
                ]
            }
        },
        json=answer,
    )
    with fake_client(basic_connection(api_url=API)) as client:
        results = client.batch(
            [
                {"method": "put", "uri": "products/p1", "data": {"stock1": "3"}},
                {"method": "PUT", "uri": f"{API}/productExtend?sku=NOPE", "data": {}},
                {"method": "GET", "uri": "taxClasses"},
            ]
        )
    assert [(r.status, r.ok) for r in results] == [(200, True), (404, False), (0, False)]
    assert results[0] == BatchItemResult("PUT", f"{API}/products/p1", 200, {"id": "p1"}, True)
    assert results[1].inner_code == 40401 and results[0].inner_code is None


def test_batch_accepts_a_plain_list_and_a_single_item(httpx_mock: HTTPXMock) -> None:
    item = {"method": "PUT", "uri": "u", "response": {"header": {"statusCode": 200}, "body": {}}}
    httpx_mock.add_response(url=f"{API}/batch", json=[item])
    httpx_mock.add_response(url=f"{API}/batch", json={"requests": {"request": item}})
    httpx_mock.add_response(url=f"{API}/batch", json={"something": "else"})
    with fake_client(basic_connection(api_url=API)) as client:
        one = [{"method": "PUT", "uri": "u", "data": {}}]
        assert [r.ok for r in client.batch(one)] == [True]
        assert [r.ok for r in client.batch(one)] == [True]
        with pytest.raises(ShopBadResponse):
            client.batch(one)


def test_batch_size_is_checked_before_sending(httpx_mock: HTTPXMock) -> None:
    with fake_client(basic_connection(api_url=API)) as client:
        too_many = [{"method": "PUT", "uri": f"products/p{n}", "data": {}} for n in range(201)]
        with pytest.raises(ValueError, match="200"):
            client.batch(too_many)
        with pytest.raises(ValueError):
            client.batch([{"method": "PUT"}])
        assert client.batch([]) == []
    assert httpx_mock.get_requests() == []


def test_a_batch_of_200_is_one_request(httpx_mock: HTTPXMock) -> None:
    items = [{"method": "PUT", "uri": f"products/p{n}", "data": {"stock": "1"}} for n in range(200)]
    answer = [
        {"method": "PUT", "uri": i["uri"], "response": {"header": {"statusCode": 200}, "body": {}}}
        for i in items
    ]
    httpx_mock.add_response(url=f"{API}/batch", json={"requests": {"request": answer}})
    with fake_client(basic_connection(api_url=API)) as client:
        assert all(r.ok for r in client.batch(items))
        assert client.stats.requests_sent == 1


# the official examples ------------------------------------------------------------------------


def test_every_official_example_answer_parses(httpx_mock: HTTPXMock) -> None:
    from tests.shop.client_helpers import FIXTURES

    files = sorted(FIXTURES.glob("*/response/json/*.json"))
    assert files, f"the shared ShopRenter fixtures are not at {FIXTURES}"
    with fake_client(basic_connection(api_url=API, requests_per_second=1000)) as client:
        for path in files:
            expected = json.loads(path.read_text(encoding="utf-8"))
            httpx_mock.add_response(url=f"{API}/example", content=path.read_bytes())
            assert client.get("example") == expected, path
            items = expected.get("items") if isinstance(expected, dict) else None
            if isinstance(items, list) and items:
                httpx_mock.add_response(url=re.compile(r".*/example\?"), content=path.read_bytes())
                pages = client.iter_pages("example")
                got = [next(pages) for _ in items]  # the first page only
                assert got == [i for i in items if isinstance(i, dict)], path
