"""ShopRenter's rate limit (3 requests a second per application) as a sliding window."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class SlidingWindowLimiter:
    """At most `limit` accepted requests in any `window` seconds; rejected ones do not count."""

    def __init__(
        self,
        limit: int | None,
        window_seconds: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window_seconds = window_seconds
        self._clock = clock
        self._accepted: deque[float] = deque()
        self._lock = threading.Lock()

    def acquire(self) -> float | None:
        """None when the request may go ahead, otherwise the seconds until one would."""
        if not self.limit:
            return None
        with self._lock:
            now = self._clock()
            while self._accepted and self._accepted[0] <= now - self.window_seconds:
                self._accepted.popleft()
            if len(self._accepted) >= self.limit:
                return self._accepted[0] + self.window_seconds - now
            self._accepted.append(now)
            return None

    def reset(self) -> None:
        with self._lock:
            self._accepted.clear()
