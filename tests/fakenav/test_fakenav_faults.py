"""Fault injection: server errors and maintenance (nothing happens), a slow answer and a lost
answer (NAV did the work, the client does not know), a dropped connection."""

from __future__ import annotations

import base64
from datetime import timedelta

import httpx
import pytest

from okos_tui.fakenav import FakeNav, ManualClock, ReportCount

from .helpers import NS, SAMPLE_NUMBER, NavClient, sample_invoice


def post_raw(nav: FakeNav, operation: str, body: bytes, timeout: float = 5) -> httpx.Response:
    with httpx.Client(timeout=timeout) as http:
        return http.post(nav.url(operation), content=body)


def test_a_lost_answer_the_invoice_is_done_and_counted_once(
    nav: FakeNav, client: NavClient, clock: ManualClock
):
    since = clock() - timedelta(minutes=1)
    nav.faults.lose_answer_next(operation="manageInvoice")
    body = client.manage_invoice_body([("CREATE", sample_invoice())])

    with pytest.raises(httpx.RemoteProtocolError):
        post_raw(nav, "manageInvoice", body)

    # The very same request again: NAV already accepted it, so its id is taken.
    retry = client.post("manageInvoice", body)
    assert (retry.status, retry.error_code) == (400, "REQUEST_ID_NOT_UNIQUE")
    # The recovery of [1.9.2]: list the recent transactions, read them back.
    listing = client.transaction_list(since, clock())
    ids = [
        row.findtext("api:transactionId", namespaces=NS)
        for row in listing.root.findall("api:transactionListResult/api:transaction", NS)
    ]
    assert len(ids) == 1 and ids[0]
    assert [r.status for r in client.wait(ids[0])] == ["DONE"]
    _, results = client.status(ids[0], original=True)
    assert base64.b64decode(results[0].original or "") == sample_invoice()
    assert client.check_invoice(SAMPLE_NUMBER)
    assert nav.reports(SAMPLE_NUMBER) == ReportCount(1, 1, 0, 0, 1)
    logged = [(r.status, r.fault, r.transaction_id) for r in nav.requests_of("manageInvoice")]
    assert logged == [(None, "lose", ids[0]), (400, None, None)]


def test_a_lost_answer_of_token_exchange_burns_nothing_but_the_token(
    nav: FakeNav, client: NavClient
):
    nav.faults.lose_answer_next(operation="tokenExchange")
    with pytest.raises(httpx.RemoteProtocolError):
        post_raw(nav, "tokenExchange", client.body("TokenExchangeRequest", ""))
    assert client.token()


def test_operation_failed_for_the_next_n_requests_then_success(nav: FakeNav, client: NavClient):
    nav.faults.fail_next(2, operation="manageInvoice")
    token = client.token()  # another operation: not affected
    body = client.manage_invoice_body([("CREATE", sample_invoice())], token=token)

    first = client.post("manageInvoice", body)
    second = client.post("manageInvoice", body)
    third = client.post("manageInvoice", body)

    assert [(a.status, a.error_code) for a in (first, second)] == [
        (500, "OPERATION_FAILED"),
        (500, "OPERATION_FAILED"),
    ]
    assert first.find("common:header/common:requestId") == third.find(
        "common:header/common:requestId"
    )
    assert third.status == 200  # nothing was done before: neither the id nor the token is used
    assert nav.reports(SAMPLE_NUMBER).submitted == 1


def test_maintenance_mode(nav: FakeNav, client: NavClient):
    nav.faults.maintenance_next()
    answer = client.send("tokenExchange", "TokenExchangeRequest")
    assert (answer.status, answer.error_code) == (503, "MAINTENANCE_MODE")
    assert client.token()

    nav.faults.maintenance = True
    assert (
        client.send(
            "queryTaxpayer", "QueryTaxpayerRequest", "<taxNumber>24687531</taxNumber>"
        ).status
        == 503
    )
    nav.faults.maintenance = False
    assert (
        client.send(
            "queryTaxpayer", "QueryTaxpayerRequest", "<taxNumber>24687531</taxNumber>"
        ).status
        == 200
    )


def test_a_fault_answer_for_a_non_request_is_still_schema_valid(nav: FakeNav, client: NavClient):
    nav.faults.fail_next()
    answer = client.check("tokenExchange", post_raw(nav, "tokenExchange", b"garbage"))
    assert (answer.status, answer.name) == (500, "GeneralErrorResponse")


def test_a_slow_answer_times_the_client_out_but_the_report_is_accepted(
    nav: FakeNav, client: NavClient
):
    nav.faults.slow_next(1.5, operation="manageInvoice")
    body = client.manage_invoice_body([("CREATE", sample_invoice())])

    with pytest.raises(httpx.ReadTimeout):
        post_raw(nav, "manageInvoice", body, timeout=0.3)

    nav.process_now()
    assert nav.reports(SAMPLE_NUMBER) == ReportCount(1, 1, 0, 0, 1)


def test_a_slow_answer_does_arrive_for_a_patient_client(nav: FakeNav, client: NavClient):
    nav.faults.slow_next(0.3)
    answer = client.send("tokenExchange", "TokenExchangeRequest")
    assert answer.status == 200


def test_a_dropped_connection_processes_nothing(nav: FakeNav, client: NavClient):
    nav.faults.drop_connection_next(operation="manageInvoice")
    body = client.manage_invoice_body([("CREATE", sample_invoice())])

    with pytest.raises(httpx.RemoteProtocolError):
        post_raw(nav, "manageInvoice", body)

    assert client.post("manageInvoice", body).status == 200  # same id, same token: unused
    assert nav.reports(SAMPLE_NUMBER).submitted == 1


def test_faults_are_used_up_and_reset(nav: FakeNav):
    nav.faults.fail_next(3)
    nav.faults.lose_answer_next()
    assert nav.faults.pending == 4
    nav.abort_next("X-1")
    nav.faults.reset()
    assert nav.faults.pending == 0
    assert nav.state.forced_aborts == {}
    with pytest.raises(ValueError):
        nav.faults.fail_next(0)
