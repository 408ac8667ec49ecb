"""Switches that make the shop misbehave on purpose, so the client's recovery can be tested.

Queued faults hit the next matching requests, one fault per request, oldest first. By default
they match API requests only (not the token endpoint); `path` narrows them to requests whose
path contains that text (e.g. "orderExtend", or "/oauth/" to hit the token endpoint).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from okos_tui.fakeshop.auth import TokenStore


@dataclass
class Fault:
    kind: str
    """"fail" (answer `status`), "malformed" (cut the JSON) or "drop" (close, no answer)."""
    remaining: int
    status: int = 503
    retry_after: float | None = None
    path: str | None = None

    def matches(self, path: str, is_token_request: bool) -> bool:
        return not is_token_request if self.path is None else self.path in path


class Faults:
    def __init__(self, tokens: TokenStore) -> None:
        self._tokens = tokens
        self._lock = threading.Lock()
        self._queue: list[Fault] = []
        self.latency_seconds: float = 0.0
        """Every request (token endpoint included) waits this long before it is answered."""

    def fail_next(
        self,
        status: int = 503,
        count: int = 1,
        *,
        retry_after: float | None = None,
        path: str | None = None,
    ) -> None:
        """The next `count` matching requests get `status` (with Retry-After when given)."""
        self._add(Fault("fail", count, status=status, retry_after=retry_after, path=path))

    def malformed_json_next(self, count: int = 1, *, path: str | None = None) -> None:
        """The next `count` matching requests get 200 with a body cut off mid-JSON."""
        self._add(Fault("malformed", count, path=path))

    def drop_connection_next(self, count: int = 1, *, path: str | None = None) -> None:
        """The next `count` matching requests see the connection closed without an answer."""
        self._add(Fault("drop", count, path=path))

    def expire_tokens_now(self) -> None:
        """Every bearer token issued so far gets 401 from now on, as if its time ran out."""
        self._tokens.expire_all()

    def reset(self) -> None:
        with self._lock:
            self._queue.clear()
            self.latency_seconds = 0.0

    @property
    def pending(self) -> int:
        with self._lock:
            return sum(f.remaining for f in self._queue)

    def take(self, path: str, is_token_request: bool) -> Fault | None:
        """The fault this request suffers, if any (it is used up)."""
        with self._lock:
            for fault in self._queue:
                if fault.matches(path, is_token_request):
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._queue.remove(fault)
                    return fault
        return None

    def _add(self, fault: Fault) -> None:
        if fault.remaining < 1:
            raise ValueError("count must be at least 1")
        with self._lock:
            self._queue.append(fault)
