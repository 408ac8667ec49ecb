"""Client-side pacing: stay under a shop's request rate limit instead of running into it.

ShopRenter allows 3 requests a second per application and shop. The emulated shop enforces it
as a 1 s sliding window that stamps a request somewhere between its arrival and its answer.
`Pacer` keeps two rules for every HTTP request it lets through:

* even spacing: consecutive requests start at least `1 / rate` seconds apart (no bursts, so a
  token bucket or a fixed per-second counter on the server is happy too);
* the window rule, proven rather than estimated: the request that would be the
  (`capacity` + 1)-th in a window starts at least `window + margin` seconds after the
  *answer* to the request `capacity` places before it. The server stamped that earlier request
  before it answered, and stamps the new one after it is sent, so the two stamps are more than a
  window apart however long the server, the network or the scheduler took.

A request that timed out on the client's side may still be counted by the server later: its
slot is held as if it ended one more timeout later.

The cost of the proof is one answer time per `capacity` requests (about 0.1 s for a full page
of 200 orders from the emulated shop): 15 requests take about 5 s, the ideal being 15 / 3 s.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager

DEFAULT_MARGIN_SECONDS = 0.03


class _Slot:
    __slots__ = ("done", "started")

    def __init__(self, started: float) -> None:
        self.started = started
        self.done: float | None = None


class Pacer:
    """At most `rate` requests a second (at most `capacity` in any `window`). Thread-safe."""

    def __init__(
        self,
        rate: float,
        *,
        window_seconds: float = 1.0,
        margin_seconds: float = DEFAULT_MARGIN_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], object] = time.sleep,
    ) -> None:
        if not rate > 0:
            raise ValueError("the request rate must be positive")
        if window_seconds <= 0 or margin_seconds < 0:
            raise ValueError("the window must be positive and the margin not negative")
        self.rate = rate
        self.unlimited = math.isinf(rate)
        self.interval = 0.0 if self.unlimited else 1.0 / rate
        self.window_seconds = window_seconds
        self.margin_seconds = margin_seconds
        self.capacity = 0 if self.unlimited else max(1, math.floor(rate * window_seconds + 1e-9))
        self._monotonic = monotonic
        self._sleep = sleep
        self._cond = threading.Condition()
        self._recent: deque[_Slot] = deque(maxlen=max(1, self.capacity))
        self._last_start: float | None = None
        self._not_before = -math.inf
        self.waited_seconds = 0.0
        """Total time callers spent waiting for their turn."""

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Wait for a turn, run the request inside the block; its end is noted on the way out."""
        taken = self.acquire()
        try:
            yield
        finally:
            self.release(taken)

    def acquire(self) -> _Slot:
        while True:
            with self._cond:
                now = self._monotonic()
                ready_at = self._ready_at()
                if ready_at is None:
                    # a request `capacity` places back is still under way: its answer decides
                    self._cond.wait(0.05)
                    continue
                if ready_at <= now:
                    taken = _Slot(now)
                    if not self.unlimited:
                        self._recent.append(taken)
                    self._last_start = now
                    return taken
                wait = ready_at - now
                self.waited_seconds += wait
            self._sleep(wait)

    def release(self, taken: _Slot, *, late_seconds: float = 0.0) -> None:
        """The request is over. `late_seconds`: the server may still count it that much later
        (it timed out on our side, the server may not have got to it yet)."""
        with self._cond:
            taken.done = self._monotonic() + max(0.0, late_seconds)
            self._cond.notify_all()

    def expected_wait(self) -> float:
        """About how long a request asking now would wait (others may come first)."""
        with self._cond:
            ready_at = self._ready_at()
            now = self._monotonic()
        if ready_at is None:
            return self.window_seconds + self.margin_seconds
        return max(0.0, ready_at - now)

    def hold(self, seconds: float) -> None:
        """No request starts in the next `seconds` (the server asked for a pause: 429)."""
        with self._cond:
            self._not_before = max(self._not_before, self._monotonic() + max(0.0, seconds))

    def _ready_at(self) -> float | None:
        ready = self._not_before
        if self.unlimited:
            return ready
        if self._last_start is not None:
            ready = max(ready, self._last_start + self.interval)
        if len(self._recent) == self.capacity:
            oldest = self._recent[0]
            if oldest.done is None:
                return None
            ready = max(ready, oldest.done + self.window_seconds + self.margin_seconds)
        return ready
