"""Logging in to a shop: where its API is and with what (`ShopConnection`), and the OAuth2
access token, kept until shortly before it runs out (`TokenCache`). The secrets stay out of
every repr, str and message."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

TOKEN_RENEW_MARGIN_SECONDS = 60.0
"""A token is renewed this long before it runs out (10% of its lifetime when that is shorter)."""
DEFAULT_TOKEN_LIFETIME_SECONDS = 3600.0
AUTH_MODES = ("oauth", "basic")


@dataclass(frozen=True)
class ShopConnection:
    """Where one shop's API is and how to log in. The secrets stay out of repr and str."""

    name: str
    api_url: str
    """e.g. "https://SHOP.api2.myshoprenter.hu/api", or the emulated shop's `api_url`."""
    auth: str = "oauth"
    """"oauth" (client credentials, Bearer token) or "basic" (the legacy API user)."""
    token_url: str = ""
    client_id: str = ""
    client_secret: str = field(default="", repr=False)
    username: str = ""
    password: str = field(default="", repr=False)
    requests_per_second: float = 3.0
    timeout_seconds: float = 30.0
    max_attempts: int = 5
    """Attempts per request, the first one included."""

    def __post_init__(self) -> None:
        if self.auth not in AUTH_MODES:
            raise ValueError(
                f"shop {self.name!r}: auth must be 'oauth' or 'basic', not {self.auth!r}"
            )
        if not self.requests_per_second > 0:
            raise ValueError(f"shop {self.name!r}: requests_per_second must be positive")
        if not self.timeout_seconds > 0:
            raise ValueError(f"shop {self.name!r}: timeout_seconds must be positive")
        if self.max_attempts < 1:
            raise ValueError(f"shop {self.name!r}: max_attempts must be at least 1")


class TokenCache:
    """The current access token and when to renew it, replaced as a whole so that readers need
    no lock; one fetch at a time."""

    def __init__(self, monotonic: Callable[[], float]) -> None:
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self.state: tuple[str, float] | None = None
        """(token, when to renew it)."""

    @property
    def token(self) -> str | None:
        state = self.state
        return state[0] if state is not None else None

    def bearer(
        self, stale: str | None, wait: float, fetch: Callable[[], tuple[str, float]]
    ) -> tuple[str, bool]:
        """(the token to use, whether it was fetched just now): the cached one if it is still
        good after `wait` seconds (this request's turn) and is not `stale` (refused)."""
        with self._lock:
            state = self.state
            if state is not None and state[0] != stale and self._monotonic() + wait < state[1]:
                return state[0], False
            self.state = None
            asked_at = self._monotonic()
            token, lifetime = fetch()
            margin = min(TOKEN_RENEW_MARGIN_SECONDS, lifetime * 0.1)
            self.state = (token, asked_at + lifetime - margin)
            return token, True

    def usable(self, now: float, fetched: str | None) -> str | None:
        """The token to send at `now`; None if it ran out (unless it is the one `fetched` for
        this very call: a lifetime shorter than the pacing would loop)."""
        state = self.state
        if state is None or (now >= state[1] and state[0] != fetched):
            return None
        return state[0]


def missing_oauth_settings(connection: ShopConnection) -> list[str]:
    """The OAuth settings a token request needs and the connection lacks."""
    return [
        label
        for label, value in (
            ("token_url", connection.token_url),
            ("client_id", connection.client_id),
            ("client secret (client_secret or client_secret_env)", connection.client_secret),
        )
        if not value.strip()
    ]


def token_request_body(connection: ShopConnection) -> dict[str, str]:
    return {
        "grant_type": "client_credentials",
        "client_id": connection.client_id,
        "client_secret": connection.client_secret,
    }


def read_token(answer: Any, as_float: Callable[[Any], float | None]) -> tuple[str, float] | None:
    """(token, lifetime in seconds) from the token endpoint's answer; None without a token."""
    token = answer.get("access_token") if isinstance(answer, dict) else None
    if not isinstance(token, str) or not token.strip():
        return None
    lifetime = as_float(answer.get("expires_in"))
    if lifetime is None or lifetime <= 0:
        lifetime = DEFAULT_TOKEN_LIFETIME_SECONDS
    return token.strip(), lifetime
