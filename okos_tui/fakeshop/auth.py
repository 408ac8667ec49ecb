"""OAuth2 client-credentials tokens (the current scheme) and HTTP Basic (the legacy one)."""

from __future__ import annotations

import base64
import binascii
import json
import math
import secrets
import threading
import time
from collections.abc import Callable
from enum import Enum


class TokenCheck(Enum):
    VALID = "valid"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class TokenStore:
    """Issues JWT-looking bearer tokens and remembers until when each is valid."""

    def __init__(
        self, lifetime_seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.lifetime_seconds = lifetime_seconds
        self._clock = clock
        self._expiry: dict[str, float] = {}
        self._lock = threading.Lock()

    def issue(self, client_id: str) -> tuple[str, int]:
        """A new token and its `expires_in` (whole seconds, rounded up as a server would)."""
        header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        claims = {
            "sub": client_id,
            "jti": secrets.token_hex(8),
            "exp": int(time.time() + self.lifetime_seconds),
        }
        payload = _b64url(json.dumps(claims).encode())
        token = f"{header}.{payload}.{_b64url(secrets.token_bytes(32))}"
        with self._lock:
            self._expiry[token] = self._clock() + self.lifetime_seconds
        return token, max(1, math.ceil(self.lifetime_seconds))

    def check(self, token: str) -> TokenCheck:
        with self._lock:
            expiry = self._expiry.get(token)
        if expiry is None:
            return TokenCheck.UNKNOWN
        return TokenCheck.VALID if self._clock() < expiry else TokenCheck.EXPIRED

    def expire_all(self) -> None:
        """Every token issued so far stops working at once (new ones work again)."""
        with self._lock:
            now = self._clock()
            self._expiry = {token: min(expiry, now) for token, expiry in self._expiry.items()}


def basic_credentials(header: str) -> tuple[str, str] | None:
    """(user, password) from an `Authorization: Basic ...` value, or None when malformed."""
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
        user, sep, password = decoded.partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return (user, password) if sep else None


def same(given: str, expected: str) -> bool:
    return secrets.compare_digest(given.encode(), expected.encode())
