"""The request security of NAV Online Számla v3.0 [spec 1.3.2, 1.5, 1.8.10]: the password hash,
the request timestamp, the request signature, the exchange token and request ids.

Pure functions, no I/O, so the client and the emulated NAV can share one implementation and
cannot drift apart. It is pinned to the specification's worked example and to the official
sample requests (see tests/nav/test_security.py).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

REQUEST_ID_PATTERN = re.compile(r"[+a-zA-Z0-9_]{1,30}")
"""`common:requestId` [1.3.1]; use `fullmatch`."""
REQUEST_ID_PREFIX = "OKOS"
EXCHANGE_KEY_BYTES = 16
"""AES-128: the technical user's exchange key is 16 characters."""
_AES_BLOCK_BITS = 128


class TokenError(ValueError):
    """The exchange token cannot be decrypted: a wrong exchange key or a damaged token.

    Raised instead of returning bytes that merely look like a token: a garbled token sent to
    `manageInvoice` would only fail later, with a far less helpful error.
    """


def password_hash(password: str) -> str:
    """`passwordHash cryptoType="SHA-512"` [1.3.2]: SHA-512 of the UTF-8 password, upper-case
    hex. Requests carry only this hash, never the password itself."""
    return hashlib.sha512(password.encode("utf-8")).hexdigest().upper()


def _utc(moment: datetime) -> datetime:
    """The moment in UTC; a naive datetime is refused, since guessing its zone would shift the
    signature by an hour or two and NAV would reject the request."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a NAV timestamp needs a time zone, got the naive {moment.isoformat()}")
    return moment.astimezone(UTC)


def request_timestamp(moment: datetime) -> str:
    """`common:timestamp`: UTC `YYYY-MM-DDThh:mm:ss.sssZ` [1.3.1].

    Milliseconds are truncated, not rounded, so the second never changes and the text always
    agrees with `signature_timestamp` of the same moment.
    """
    utc = _utc(moment)
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z"


def signature_timestamp(moment: datetime) -> str:
    """The timestamp as the signature takes it: UTC `YYYYMMDDhhmmss`, no separators, no
    milliseconds, no zone [1.5.1]."""
    return f"{_utc(moment):%Y%m%d%H%M%S}"


def _sha3_512_upper(text: str) -> str:
    return hashlib.sha3_512(text.encode("utf-8")).hexdigest().upper()


def operation_hash(operation: str, data: str) -> str:
    """One index's hash for the signature: upper-case SHA3-512 of the operation literal (CREATE,
    MODIFY, STORNO, ANNUL) followed by that index's base64 text, exactly as sent [1.5.1]."""
    return _sha3_512_upper(operation + data)


def request_signature(
    request_id: str,
    timestamp: datetime,
    signature_key: str,
    operations: Sequence[tuple[str, str]] = (),
) -> str:
    """`requestSignature cryptoType="SHA3-512"` [1.5].

    The base is requestId + `signature_timestamp` + the signature key (the "partial
    authentication"); for manageInvoice and manageAnnulment, `operations` holds per index, in
    index order, (invoiceOperation or annulmentOperation, the base64 invoiceData or
    invoiceAnnulment), and each index's `operation_hash` is appended *after* that base [1.5.1].
    Every other operation passes no operations and signs the base alone [1.5.2]. The result is
    the upper-case SHA3-512 of the whole string.
    """
    base = request_id + signature_timestamp(timestamp) + signature_key
    index_hashes = "".join(operation_hash(operation, data) for operation, data in operations)
    return _sha3_512_upper(base + index_hashes)


def _aes_key(exchange_key: str) -> bytes:
    key = exchange_key.encode("utf-8")
    if len(key) != EXCHANGE_KEY_BYTES:
        # The key itself stays out of the message: it is a secret.
        raise TokenError(
            f"the exchange key must be {EXCHANGE_KEY_BYTES} characters, not {len(key)} bytes"
        )
    return key


def _cipher(exchange_key: str) -> Cipher[modes.ECB]:
    # ECB is what the specification prescribes for the token [1.8.10]; it is not our choice.
    return Cipher(algorithms.AES(_aes_key(exchange_key)), modes.ECB())


def encrypt_exchange_token(token: str, exchange_key: str) -> str:
    """What NAV sends as `encodedExchangeToken`: AES-128-ECB with PKCS#7 (PKCS#5) padding,
    base64. Only the emulated NAV and the tests need it; a real client only decrypts."""
    if not token:
        raise TokenError("an exchange token cannot be empty")
    padder = padding.PKCS7(_AES_BLOCK_BITS).padder()
    padded = padder.update(token.encode("utf-8")) + padder.finalize()
    encryptor = _cipher(exchange_key).encryptor()
    encrypted = encryptor.update(padded) + encryptor.finalize()
    return base64.b64encode(encrypted).decode("ascii")


def decrypt_exchange_token(encoded: str, exchange_key: str) -> str:
    """The token to send in `exchangeToken`, from tokenExchange's `encodedExchangeToken`:
    base64-decode, AES-128-ECB decrypt with the 16-character exchange key, PKCS#5 unpad [1.8.10].

    ECB has no integrity check, so a wrong key is caught by the padding and by the plain text:
    NAV's tokens are printable ASCII (a UUID and a suffix), random bytes almost never are.
    Raises `TokenError` rather than returning garbage.
    """
    compact = "".join(encoded.split())  # xs:base64Binary may be wrapped over lines
    try:
        encrypted = base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError) as error:
        raise TokenError(f"the exchange token is not base64: {error}") from None
    if not encrypted or len(encrypted) % (_AES_BLOCK_BITS // 8):
        raise TokenError(
            f"the exchange token is {len(encrypted)} bytes, not a whole number of AES blocks"
        )
    decryptor = _cipher(exchange_key).decryptor()
    padded = decryptor.update(encrypted) + decryptor.finalize()
    unpadder = padding.PKCS7(_AES_BLOCK_BITS).unpadder()
    try:
        plain = unpadder.update(padded) + unpadder.finalize()
    except ValueError:
        raise TokenError(
            "the exchange token does not decrypt (wrong exchange key, or a damaged token)"
        ) from None
    try:
        token = plain.decode("ascii")
    except UnicodeDecodeError:
        token = ""
    if not token or not token.isprintable():
        raise TokenError(
            "the exchange token decrypts to garbage (wrong exchange key, or a damaged token)"
        )
    return token


def new_request_id() -> str:
    """A fresh `requestId` (`[+a-zA-Z0-9_]{1,30}`, unique per taxpayer [1.3.1]): "OKOS", the UTC
    time to the second (so it reads well in NAV's transaction list) and 48 random bits in 12
    upper-case hex digits, 30 characters in all.

    Random rather than a counter: no state to keep, and no clash between processes or after a
    restart.
    """
    stamp = f"{datetime.now(UTC):%Y%m%d%H%M%S}"
    return f"{REQUEST_ID_PREFIX}{stamp}{secrets.token_hex(6).upper()}"
