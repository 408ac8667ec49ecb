"""The synchronous side of the emulated NAV: the exchange token, and every reason NAV refuses a
request before looking at its content (schema, timestamp, user, signature, request id, token)."""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta

import httpx
import pytest

from okos_tui.fakenav import FakeNav, ManualClock
from okos_tui.nav.security import (
    decrypt_exchange_token,
    operation_hash,
    request_signature,
    signature_timestamp,
)

from .helpers import NS, OTHER_USER, USER, NavClient, sample_invoice


def test_token_exchange_gives_an_encrypted_single_use_token_valid_for_five_minutes(
    nav: FakeNav, client: NavClient, clock: ManualClock
):
    answer = client.send("tokenExchange", "TokenExchangeRequest")

    assert answer.status == 200
    assert answer.func_code == "OK"
    token = decrypt_exchange_token(answer.find("api:encodedExchangeToken") or "", USER.exchange_key)
    assert len(token) == 48 and token.isprintable()
    assert answer.find("api:tokenValidityFrom") == client_stamp(clock)
    assert answer.find("api:tokenValidityTo") == client_stamp(clock, minutes=5)


def test_an_answer_repeats_the_request_id_and_the_software(client: NavClient):
    answer = client.send("tokenExchange", "TokenExchangeRequest", request_id="RID0001TESZT")

    assert answer.find("common:header/common:requestId") == "RID0001TESZT"
    assert answer.find("common:header/common:requestVersion") == "3.0"
    assert answer.find("common:header/common:headerVersion") == "1.0"
    assert answer.find("api:software/api:softwareId") == "HU99999999OKOS-001"


def test_the_token_decrypts_only_with_the_users_exchange_key(client: NavClient):
    answer = client.send("tokenExchange", "TokenExchangeRequest")
    encoded = answer.find("api:encodedExchangeToken") or ""
    with pytest.raises(ValueError):
        decrypt_exchange_token(encoded, OTHER_USER.exchange_key)


def test_a_token_is_used_once(client: NavClient):
    token = client.token()
    first = client.manage_invoice([("CREATE", sample_invoice("A-1"))], token=token)
    again = client.manage_invoice([("CREATE", sample_invoice("A-2"))], token=token)

    assert first.status == 200
    assert (again.status, again.error_code) == (400, "INVALID_EXCHANGE_TOKEN")
    assert "already used" in (again.message or "")


def test_an_expired_token_is_refused(client: NavClient, clock: ManualClock):
    token = client.token()
    clock.advance(minutes=5, seconds=1)

    answer = client.manage_invoice([("CREATE", sample_invoice())], token=token)

    assert (answer.status, answer.error_code) == (400, "INVALID_EXCHANGE_TOKEN")
    assert "expired" in (answer.message or "")


def test_a_token_still_valid_at_four_minutes_59(client: NavClient, clock: ManualClock):
    token = client.token()
    clock.advance(minutes=4, seconds=59)
    assert client.manage_invoice([("CREATE", sample_invoice())], token=token).status == 200


def test_an_unknown_or_undecrypted_token_and_another_taxpayers_token_are_refused(
    nav: FakeNav, client: NavClient, clock: ManualClock
):
    other = NavClient(nav.base_url, OTHER_USER, clock)
    foreign = other.token()
    encoded = base64.b64encode(b"not decrypted").decode()

    for token in (encoded, foreign):
        answer = client.manage_invoice([("CREATE", sample_invoice())], token=token)
        assert (answer.status, answer.error_code) == (400, "INVALID_EXCHANGE_TOKEN")


def test_a_refused_manage_invoice_does_not_use_up_the_token(client: NavClient):
    token = client.token()
    wrong = client.manage_invoice(
        [("CREATE", sample_invoice("B-1")), ("CREATE", sample_invoice("B-2"))],
        token=token,
        indexes=[1, 3],
    )
    assert (wrong.status, wrong.error_code) == (400, "INDEX_NOT_SEQUENTIAL")
    right = client.manage_invoice([("CREATE", sample_invoice("B-1"))], token=token)
    assert right.status == 200


@pytest.mark.parametrize("indexes", [[2], [1, 1], [2, 1], [1, 2, 4]])
def test_indexes_must_run_from_one_without_gaps(client: NavClient, indexes: list[int]):
    documents = [("CREATE", sample_invoice(f"I-{n}")) for n in range(len(indexes))]
    answer = client.manage_invoice(documents, indexes=indexes)
    assert (answer.status, answer.error_code) == (400, "INDEX_NOT_SEQUENTIAL")


def test_a_wrong_password_or_unknown_login_is_401(client: NavClient):
    for options in ({"password": "wrong"}, {"login": "senkisem01"}):
        answer = client.send("tokenExchange", "TokenExchangeRequest", **options)
        assert (answer.status, answer.error_code) == (401, "INVALID_SECURITY_USER")
        assert answer.name == "GeneralErrorResponse"


def test_a_password_hash_that_is_not_even_hexadecimal_is_refused_not_a_crash(client: NavClient):
    body = client.body("TokenExchangeRequest", "")
    digest = body.split(b'cryptoType="SHA-512">')[1].split(b"<")[0]
    answer = client.post("tokenExchange", body.replace(digest, "árvíztűrő".encode()))
    assert (answer.status, answer.error_code) == (401, "INVALID_SECURITY_USER")


def test_a_tax_number_that_is_not_the_users_is_500_invalid_user_relation(client: NavClient):
    answer = client.send("tokenExchange", "TokenExchangeRequest", tax_number="11111111")
    assert (answer.status, answer.error_code) == (500, "INVALID_USER_RELATION")


def test_a_wrong_signature_is_refused(client: NavClient):
    answer = client.send("tokenExchange", "TokenExchangeRequest", signature_key="not-the-key")
    assert (answer.status, answer.error_code) == (400, "INVALID_REQUEST_SIGNATURE")


def test_manage_invoice_is_signed_with_the_index_hashes_after_the_base(client: NavClient):
    """[1.5.1] as corrected: requestId + timestamp + key, then each index's hash; a signature
    without the index hashes, or with them first, is refused."""
    document = sample_invoice()
    data = base64.b64encode(document).decode()
    moment = client.moment()
    request_id = "RIDSIGN0001"
    base = request_id + signature_timestamp(moment) + USER.signature_key
    hashes_first = hashlib.sha3_512((operation_hash("CREATE", data) + base).encode()).hexdigest()
    without_hashes = request_signature(request_id, moment, USER.signature_key)

    for signature in (hashes_first.upper(), without_hashes):
        body = client.manage_invoice_body(
            [("CREATE", document)], request_id=request_id, moment=moment, signature=signature
        )
        answer = client.post("manageInvoice", body)
        assert (answer.status, answer.error_code) == (400, "INVALID_REQUEST_SIGNATURE")
    body = client.manage_invoice_body([("CREATE", document)], request_id=request_id, moment=moment)
    assert client.post("manageInvoice", body).status == 200


def test_a_request_id_is_unique_among_accepted_requests(client: NavClient):
    assert client.send("tokenExchange", "TokenExchangeRequest", request_id="RIDONCE").status == 200

    again = client.send("tokenExchange", "TokenExchangeRequest", request_id="RIDONCE")

    assert (again.status, again.error_code) == (400, "REQUEST_ID_NOT_UNIQUE")


def test_a_refused_requests_id_may_be_used_again(client: NavClient):
    refused = client.send(
        "tokenExchange", "TokenExchangeRequest", request_id="RIDRETRY", password="wrong"
    )
    assert refused.status == 401
    assert client.send("tokenExchange", "TokenExchangeRequest", request_id="RIDRETRY").status == 200


def test_request_ids_are_per_taxpayer(nav: FakeNav, client: NavClient, clock: ManualClock):
    other = NavClient(nav.base_url, OTHER_USER, clock)
    assert (
        client.send("tokenExchange", "TokenExchangeRequest", request_id="RIDSHARED").status == 200
    )
    assert other.send("tokenExchange", "TokenExchangeRequest", request_id="RIDSHARED").status == 200


@pytest.mark.parametrize("hours", [-25, 25])
def test_a_timestamp_more_than_a_day_off_is_refused(
    client: NavClient, clock: ManualClock, hours: int
):
    moment = clock() + timedelta(hours=hours)
    answer = client.send("tokenExchange", "TokenExchangeRequest", moment=moment)
    assert (answer.status, answer.error_code) == (400, "INVALID_TIMESTAMP")


def test_a_timestamp_23_hours_off_is_accepted(client: NavClient, clock: ManualClock):
    moment = clock() - timedelta(hours=23)
    assert client.send("tokenExchange", "TokenExchangeRequest", moment=moment).status == 200


def test_a_schema_invalid_request_is_400_with_schema_violations(client: NavClient):
    body = client.body("QueryTaxpayerRequest", "<taxNumber>1234</taxNumber>")

    answer = client.post("queryTaxpayer", body)

    assert (answer.status, answer.error_code) == (400, "INVALID_REQUEST")
    codes = answer.root.findall("api:technicalValidationMessages/common:validationErrorCode", NS)
    assert codes and {c.text for c in codes} == {"SCHEMA_VIOLATION"}
    messages = answer.root.findall("api:technicalValidationMessages/common:message", NS)
    assert any("taxNumber" in (m.text or "") for m in messages)


def test_xml_that_is_not_well_formed_gets_a_general_exception_response(
    nav: FakeNav, client: NavClient
):
    response = client.http.post(nav.url("tokenExchange"), content=b"<TokenExchangeRequest>")
    answer = client.check("tokenExchange", response)

    assert answer.status == 400
    assert answer.name == "GeneralExceptionResponse"
    assert (answer.func_code, answer.error_code) == ("ERROR", "INVALID_REQUEST")


def test_the_wrong_request_for_the_endpoint_is_refused(client: NavClient):
    body = client.body("TokenExchangeRequest", "")
    answer = client.post("queryTaxpayer", body)
    assert (answer.status, answer.name) == (400, "GeneralExceptionResponse")


def test_request_version_and_crypto_types_are_checked(client: NavClient):
    body = client.body("TokenExchangeRequest", "")
    cases = {
        b"<common:requestVersion>3.0<": b"<common:requestVersion>2.0<",
        b'cryptoType="SHA-512"': b'cryptoType="SHA-256"',
        b'cryptoType="SHA3-512"': b'cryptoType="SHA-512"',
    }
    codes = []
    for old, new in cases.items():
        assert old in body
        codes.append(client.post("tokenExchange", body.replace(old, new)).error_code)
    assert codes == [
        "INVALID_REQUEST_VERSION",
        "INVALID_PASSWORD_HASH_CRYPTO",
        "INVALID_REQUEST_SIGNATURE_HASH_CRYPTO",
    ]


def test_wrong_endpoints_and_methods(nav: FakeNav):
    with httpx.Client(timeout=5) as http:
        assert http.post(nav.url("noSuchOperation"), content=b"<x/>").status_code == 404
        assert http.post(f"http://127.0.0.1:{nav.port}/other", content=b"").status_code == 404
        assert http.get(nav.url("tokenExchange")).status_code == 405
    assert [r.status for r in nav.requests] == [404, 404, 405]


def test_the_request_log_records_operation_request_id_and_status(nav: FakeNav, client: NavClient):
    client.send("tokenExchange", "TokenExchangeRequest", request_id="RIDLOG1")
    client.send("tokenExchange", "TokenExchangeRequest", request_id="RIDLOG2", password="x")

    logged = [(r.operation, r.request_id, r.status, r.error_code) for r in nav.requests]
    assert logged == [
        ("tokenExchange", "RIDLOG1", 200, None),
        ("tokenExchange", "RIDLOG2", 401, "INVALID_SECURITY_USER"),
    ]


def client_stamp(clock: ManualClock, **delta: float) -> str:
    from okos_tui.nav.security import request_timestamp

    return request_timestamp(clock() + timedelta(**delta))
