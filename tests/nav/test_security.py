"""The NAV request security against the specification's worked example [1.5.1] and the official
sample requests (Online-Invoice `sample/API sample/`), whose signatures must be reproduced to the
last digit: a signature that is merely plausible is rejected by NAV with INVALID_REQUEST_SIGNATURE.

The samples are NAV's own, copied unchanged into `samples/` beside this file (from
nav-online-szamla/samples/api), so these tests always run.
"""

from __future__ import annotations

import base64
import hashlib
import random
import re
import string
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from okos_tui.nav.security import (
    REQUEST_ID_PATTERN,
    TokenError,
    decrypt_exchange_token,
    encrypt_exchange_token,
    new_request_id,
    operation_hash,
    password_hash,
    request_signature,
    request_timestamp,
    signature_timestamp,
)

SAMPLES = Path(__file__).parent / "samples"
COMMON = "{http://schemas.nav.gov.hu/NTCA/1.0/common}"
API = "{http://schemas.nav.gov.hu/OSA/3.0/api}"

SAMPLE_NAMES = (
    "manageAnnulment.xml",
    "manageInvoice.xml",
    "queryInvoiceChainDigest.xml",
    "queryInvoiceCheck.xml",
    "queryInvoiceData.xml",
    "queryInvoiceDigest_inbound_invoice_chain.xml",
    "queryInvoiceDigest_outbound_query_params.xml",
    "queryTaxpayer.xml",
    "queryTransactionList.xml",
    "queryTransactionStatus.xml",
    "tokenExchange.xml",
)

# The specification's worked example [1.5.1].
SPEC_REQUEST_ID = "TSTKFT1222564"
SPEC_TIMESTAMP = "2017-12-30T18:25:45.000Z"
SPEC_KEY = "ce-8f5e-215119fa7dd621DLMRHRLH2S"
SPEC_OPERATIONS = (("CREATE", "QWJjZDEyMzQ="), ("MODIFY", "RGNiYTQzMjE="))
SPEC_INDEX_HASHES = (
    "4317798460962869BC67F07C48EA7E4A3AFA301513CEB87B8EB94ECF92BC220A"
    "89C480F87F0860E85E29A3B6C0463D4F29712C5AD48104A6486CE839DC2F24CB",
    "A881218238933F6FFB9E167445CB4DAA9749BCF484FDE48AB7649FD25E8B634A"
    "4736A65A7C4A8E2831119F739837E006566F97370415AAD55E268605206F2A6C",
)
SPEC_SIGNATURE = (
    "60BC80609EE3B8F42FE904200A49A1921A1DADA08D55319ACD40C59F626514B7"
    "4EEA49011D372600A10DBCF8199D590DA9C2841D987308F2D83DAE17C2470C42"
)

EXCHANGE_KEY = "2P11CS49ASIL4S0Z"
TOKEN = "dbd03076-3a9b-4312-bbbb-0cee3a6472572P11CS49ASIL"  # the shape of NAV's tokens


# --- the specification's worked example ----------------------------------------------------------


def test_spec_worked_example_digit_for_digit() -> None:
    moment = datetime.fromisoformat(SPEC_TIMESTAMP)
    assert request_signature(SPEC_REQUEST_ID, moment, SPEC_KEY, SPEC_OPERATIONS) == SPEC_SIGNATURE


def test_spec_worked_example_parts() -> None:
    moment = datetime.fromisoformat(SPEC_TIMESTAMP)
    assert signature_timestamp(moment) == "20171230182545"
    assert tuple(operation_hash(op, data) for op, data in SPEC_OPERATIONS) == SPEC_INDEX_HASHES


def test_index_hashes_go_after_the_partial_authentication_not_before() -> None:
    """The digest says "append first"; the specification's base string and its result show the
    index hashes follow requestId + timestamp + key. The other readings give other values."""
    partial = SPEC_REQUEST_ID + "20171230182545" + SPEC_KEY
    after = hashlib.sha3_512((partial + "".join(SPEC_INDEX_HASHES)).encode()).hexdigest().upper()
    before = hashlib.sha3_512(("".join(SPEC_INDEX_HASHES) + partial).encode()).hexdigest().upper()
    assert after == SPEC_SIGNATURE
    assert before != SPEC_SIGNATURE
    moment = datetime.fromisoformat(SPEC_TIMESTAMP)
    swapped = request_signature(SPEC_REQUEST_ID, moment, SPEC_KEY, SPEC_OPERATIONS[::-1])
    assert swapped != SPEC_SIGNATURE


def test_signature_without_operations_is_the_partial_authentication_hash() -> None:
    """[1.5.2] gives no number; the samples below are its worked examples. This pins the rule."""
    moment = datetime.fromisoformat(SPEC_TIMESTAMP)
    partial = SPEC_REQUEST_ID + "20171230182545" + SPEC_KEY
    expected = hashlib.sha3_512(partial.encode()).hexdigest().upper()
    assert request_signature(SPEC_REQUEST_ID, moment, SPEC_KEY) == expected


def test_signature_ignores_milliseconds_and_the_time_zone_of_the_moment() -> None:
    utc = datetime(2017, 12, 30, 18, 25, 45, 999_000, tzinfo=UTC)
    budapest = utc.astimezone(ZoneInfo("Europe/Budapest"))
    assert request_signature(SPEC_REQUEST_ID, utc, SPEC_KEY, SPEC_OPERATIONS) == SPEC_SIGNATURE
    assert request_signature(SPEC_REQUEST_ID, budapest, SPEC_KEY, SPEC_OPERATIONS) == (
        SPEC_SIGNATURE
    )


# --- the official sample requests ----------------------------------------------------------------


@dataclass(frozen=True)
class SampleRequest:
    root: str
    request_id: str
    timestamp_text: str
    signature: str
    signature_key: str
    operations: tuple[tuple[str, str], ...]
    index_hashes: tuple[str, ...]
    """The samples' own `firstIndexHash`, `secondIndexHash`... comments, in order."""


def _text(element: ET.Element, path: str) -> str:
    found = element.find(path)
    assert found is not None and found.text is not None, f"no {path}"
    return found.text


def _operations(root: ET.Element) -> tuple[tuple[str, str], ...]:
    """(operation literal, base64 text) per index, in index order, as [1.5.1] signs them."""
    if root.tag == f"{API}ManageInvoiceRequest":
        items = root.findall(f"{API}invoiceOperations/{API}invoiceOperation")
        operation_tag, data_tag = "invoiceOperation", "invoiceData"
    elif root.tag == f"{API}ManageAnnulmentRequest":
        items = root.findall(f"{API}annulmentOperations/{API}annulmentOperation")
        operation_tag, data_tag = "annulmentOperation", "invoiceAnnulment"
    else:
        return ()
    assert items, "a manage request without operations"
    indexed = sorted(
        (
            int(_text(item, f"{API}index")),
            _text(item, API + operation_tag),
            _text(item, API + data_tag),
        )
        for item in items
    )
    assert [index for index, _, _ in indexed] == list(range(1, len(indexed) + 1))
    return tuple((operation, data) for _, operation, data in indexed)


def _load_sample(name: str) -> SampleRequest:
    raw = (SAMPLES / name).read_text(encoding="utf-8")
    keys = re.findall(r"<signKey>([^<]+)</signKey>", raw)  # in a comment: ElementTree drops it
    assert len(keys) == 1, f"{name}: expected one signKey comment, found {keys}"
    root = ET.fromstring(raw.encode("utf-8"))
    return SampleRequest(
        root=root.tag.removeprefix(API),
        request_id=_text(root, f"{COMMON}header/{COMMON}requestId"),
        timestamp_text=_text(root, f"{COMMON}header/{COMMON}timestamp"),
        signature=_text(root, f"{COMMON}user/{COMMON}requestSignature"),
        signature_key=keys[0],
        operations=_operations(root),
        index_hashes=tuple(re.findall(r"<\w+IndexHash>([0-9A-F]+)</\w+IndexHash>", raw)),
    )


def test_the_sample_folder_holds_exactly_the_known_samples() -> None:
    """A new sample must be added to SAMPLE_NAMES, not silently left out."""
    assert sorted(path.name for path in SAMPLES.glob("*.xml")) == sorted(SAMPLE_NAMES)


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_request_signature_is_reproduced(name: str) -> None:
    sample = _load_sample(name)
    moment = datetime.fromisoformat(sample.timestamp_text)
    computed = request_signature(sample.request_id, moment, sample.signature_key, sample.operations)
    assert computed == sample.signature
    assert request_timestamp(moment) == sample.timestamp_text


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_operations_are_signed_exactly_for_manage_requests(name: str) -> None:
    sample = _load_sample(name)
    manages = sample.root in ("ManageInvoiceRequest", "ManageAnnulmentRequest")
    assert bool(sample.operations) == manages
    # Each manage sample lists its index hashes in comments: ours must agree, one by one.
    assert tuple(operation_hash(op, data) for op, data in sample.operations) == (
        sample.index_hashes
    )


def test_manage_invoice_sample_needs_its_operations() -> None:
    """Signing a manageInvoice without its indexes gives a signature NAV would refuse."""
    sample = _load_sample("manageInvoice.xml")
    assert len(sample.operations) == 3
    moment = datetime.fromisoformat(sample.timestamp_text)
    assert request_signature(sample.request_id, moment, sample.signature_key) != sample.signature


# --- password and timestamps ---------------------------------------------------------------------


def test_password_hash_is_upper_case_sha512() -> None:
    # FIPS 180-2's SHA-512 test vector for "abc".
    assert password_hash("abc") == (
        "DDAF35A193617ABACC417349AE20413112E6FA4E89A97EA20A9EEEE64B55D39A"
        "2192992A274FC1A836BA3C23A3FEEBBD454D4423643CE80E2A9AC94FA54CA49F"
    )
    assert re.fullmatch(r"[0-9A-F]{128}", password_hash("Jelszó-ŐŰ")) is not None


def test_request_timestamp_is_utc_with_milliseconds() -> None:
    moment = datetime(2024, 7, 1, 10, 5, 9, 123_987, tzinfo=ZoneInfo("Europe/Budapest"))
    assert request_timestamp(moment) == "2024-07-01T08:05:09.123Z"
    assert signature_timestamp(moment) == "20240701080509"
    winter = datetime(2024, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1)))
    assert request_timestamp(winter) == "2023-12-31T23:30:00.000Z"
    assert signature_timestamp(winter) == "20231231233000"


def test_milliseconds_are_truncated_so_the_second_never_moves() -> None:
    moment = datetime(2024, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC)
    assert request_timestamp(moment) == "2024-12-31T23:59:59.999Z"
    assert signature_timestamp(moment) == "20241231235959"


def test_naive_datetimes_are_refused() -> None:
    naive = datetime(2024, 7, 1, 10, 5, 9)
    with pytest.raises(ValueError, match="time zone"):
        request_timestamp(naive)
    with pytest.raises(ValueError, match="time zone"):
        signature_timestamp(naive)
    with pytest.raises(ValueError, match="time zone"):
        request_signature("RID1", naive, SPEC_KEY)


# --- the exchange token --------------------------------------------------------------------------


def test_token_round_trip() -> None:
    encoded = encrypt_exchange_token(TOKEN, EXCHANGE_KEY)
    assert base64.b64decode(encoded, validate=True)
    assert decrypt_exchange_token(encoded, EXCHANGE_KEY) == TOKEN


def test_token_is_aes_ecb_with_pkcs_padding() -> None:
    """ECB: equal 16-byte blocks encrypt alike; PKCS#5/7: a whole block of padding follows a
    token that fills its blocks exactly."""
    encrypted = base64.b64decode(encrypt_exchange_token("0123456789ABCDEF" * 2, EXCHANGE_KEY))
    assert len(encrypted) == 48
    assert encrypted[:16] == encrypted[16:32] != encrypted[32:]
    assert len(base64.b64decode(encrypt_exchange_token("x" * 15, EXCHANGE_KEY))) == 16


def test_token_may_be_wrapped_over_lines() -> None:
    encoded = encrypt_exchange_token(TOKEN, EXCHANGE_KEY)
    wrapped = "\n  ".join(encoded[i : i + 20] for i in range(0, len(encoded), 20))
    assert decrypt_exchange_token(wrapped, EXCHANGE_KEY) == TOKEN


def test_wrong_exchange_key_raises() -> None:
    encoded = encrypt_exchange_token(TOKEN, EXCHANGE_KEY)
    with pytest.raises(TokenError):
        decrypt_exchange_token(encoded, "2P11CS49ASIL4S0Y")
    rng = random.Random(20240701)
    alphabet = string.ascii_uppercase + string.digits
    for _ in range(500):
        key = "".join(rng.choices(alphabet, k=16))
        if key == EXCHANGE_KEY:
            continue
        with pytest.raises(TokenError):
            decrypt_exchange_token(encoded, key)


def test_token_error_is_a_value_error() -> None:
    assert issubclass(TokenError, ValueError)


@pytest.mark.parametrize(
    "encoded",
    ["not base64 at all!", "QUJD*RUY=", "", "   ", "QUJD", base64.b64encode(b"x" * 17).decode()],
)
def test_garbage_token_raises(encoded: str) -> None:
    with pytest.raises(TokenError):
        decrypt_exchange_token(encoded, EXCHANGE_KEY)


@pytest.mark.parametrize(
    "plain",
    [b"\x00\x01\x02\x1b" * 3, b"token\xff\xfe-not-ascii", "tökén".encode()],
    ids=["control-characters", "not-utf8", "not-ascii"],
)
def test_valid_padding_around_a_non_token_still_raises(plain: bytes) -> None:
    """Padding alone is a weak check (about 1 in 256 wrong keys pass it): the plain text must be
    a printable ASCII token too."""
    from cryptography.hazmat.primitives import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    padder = padding.PKCS7(128).padder()
    padded = padder.update(plain) + padder.finalize()
    encryptor = Cipher(algorithms.AES(EXCHANGE_KEY.encode()), modes.ECB()).encryptor()
    encoded = base64.b64encode(encryptor.update(padded) + encryptor.finalize()).decode()
    with pytest.raises(TokenError, match="garbage"):
        decrypt_exchange_token(encoded, EXCHANGE_KEY)


@pytest.mark.parametrize("key", ["", "short", "2P11CS49ASIL4S0ZX", "2P11CS49ASIL4S0Ő"])
def test_exchange_key_must_be_16_bytes(key: str) -> None:
    with pytest.raises(TokenError, match="16 characters"):
        decrypt_exchange_token(encrypt_exchange_token(TOKEN, EXCHANGE_KEY), key)
    with pytest.raises(TokenError, match="16 characters"):
        encrypt_exchange_token(TOKEN, key)


def test_key_never_appears_in_the_error() -> None:
    secret = "TOPSECRET-KEY-17X"  # one character too long
    with pytest.raises(TokenError) as caught:
        encrypt_exchange_token(TOKEN, secret)
    assert secret not in str(caught.value)
    encoded = encrypt_exchange_token(TOKEN, EXCHANGE_KEY)
    with pytest.raises(TokenError) as caught:
        decrypt_exchange_token(encoded, "WRONGKEY12345678")
    assert "WRONGKEY12345678" not in str(caught.value)


# --- request ids ---------------------------------------------------------------------------------


def test_request_id_format() -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    request_id = new_request_id()
    after = datetime.now(UTC)
    assert REQUEST_ID_PATTERN.fullmatch(request_id)
    assert re.fullmatch(r"[+a-zA-Z0-9_]{1,30}", request_id)
    assert request_id.startswith("OKOS")
    stamp = datetime.strptime(request_id[4:18], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    assert before <= stamp <= after


def test_request_ids_are_unique() -> None:
    ids = [new_request_id() for _ in range(20_000)]
    assert len(set(ids)) == len(ids)
    assert all(REQUEST_ID_PATTERN.fullmatch(request_id) for request_id in ids)
