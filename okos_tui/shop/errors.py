"""What can go wrong talking to a shop. Every message names the shop and says what to check;
none ever contains a secret (client secret, password or token)."""

from __future__ import annotations

from typing import Any


class ShopError(Exception):
    """Base class: something went wrong with shop `shop`."""

    def __init__(self, shop: str, message: str) -> None:
        super().__init__(message)
        self.shop = shop
        self.message = message

    def __str__(self) -> str:
        return self.message


class ShopUnreachable(ShopError):
    """No usable answer: DNS or connection failure, timeouts, or 429/5xx after every retry."""

    def __init__(
        self, shop: str, message: str, *, status: int | None = None, attempts: int = 0
    ) -> None:
        super().__init__(shop, message)
        self.status = status
        """The last HTTP status received, None when the last attempt got no answer at all."""
        self.attempts = attempts


class ShopAuthError(ShopError):
    """The shop refused the credentials (token endpoint, Bearer token or HTTP Basic)."""

    def __init__(self, shop: str, message: str, *, status: int | None = None) -> None:
        super().__init__(shop, message)
        self.status = status


class ShopRequestError(ShopError):
    """The shop refused the request itself (404, 400/40008 page out of range, 409...)."""

    def __init__(
        self,
        shop: str,
        message: str,
        *,
        status: int,
        inner_code: int | None = None,
        body: Any = None,
        method: str = "",
        url: str = "",
    ) -> None:
        super().__init__(shop, message)
        self.status = status
        self.inner_code = inner_code
        self.body = body
        """The parsed JSON error document, or the start of the text when it was not JSON."""
        self.method = method
        self.url = url


class ShopBadResponse(ShopError):
    """The shop answered, but not with JSON (even after retrying)."""

    def __init__(
        self, shop: str, message: str, *, status: int | None = None, attempts: int = 0
    ) -> None:
        super().__init__(shop, message)
        self.status = status
        self.attempts = attempts
