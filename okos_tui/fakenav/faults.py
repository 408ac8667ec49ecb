"""Switches that make the emulated NAV misbehave on purpose, so the client's recovery can be
tested: server errors, maintenance, slow and lost answers, and invoices forced to fail.

Queued faults hit the next matching requests, one fault per request, oldest first; `operation`
("manageInvoice", "tokenExchange"...) narrows a fault to that operation, None matches any.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from okos_tui.fakenav.state import NavState

FAIL = "fail"
"""HTTP 500 OPERATION_FAILED; the request is not processed."""
MAINTENANCE = "maintenance"
"""HTTP 503 MAINTENANCE_MODE; the request is not processed."""
SLOW = "slow"
"""The request is processed, its answer is written `seconds` later (a client timeout)."""
LOSE = "lose"
"""The request is processed, then the connection is closed without an answer."""
DROP = "drop"
"""The connection is closed before the request is processed: nothing happened."""


@dataclass
class Fault:
    kind: str
    remaining: int
    operation: str | None = None
    seconds: float = 0.0

    def matches(self, operation: str) -> bool:
        return self.operation is None or self.operation == operation


class Faults:
    def __init__(self, state: NavState) -> None:
        self._state = state
        self._lock = threading.Lock()
        self._queue: list[Fault] = []
        self.latency_seconds: float = 0.0
        """Every request waits this long before it is processed."""
        self.maintenance: bool = False
        """While True every request gets 503 MAINTENANCE_MODE (queued faults wait)."""

    def fail_next(self, count: int = 1, *, operation: str | None = None) -> None:
        """The next `count` matching requests get 500 OPERATION_FAILED, unprocessed."""
        self._add(Fault(FAIL, count, operation))

    def maintenance_next(self, count: int = 1, *, operation: str | None = None) -> None:
        """The next `count` matching requests get 503 MAINTENANCE_MODE, unprocessed."""
        self._add(Fault(MAINTENANCE, count, operation))

    def slow_next(self, seconds: float, count: int = 1, *, operation: str | None = None) -> None:
        """The next `count` matching requests are processed at once but answered `seconds`
        later: a client with a shorter timeout gives up although NAV did the work."""
        if seconds <= 0:
            raise ValueError("seconds must be positive")
        self._add(Fault(SLOW, count, operation, seconds))

    def lose_answer_next(self, count: int = 1, *, operation: str | None = None) -> None:
        """The next `count` matching requests are fully processed (a report is accepted and
        will be processed), then the connection is closed before the answer is written."""
        self._add(Fault(LOSE, count, operation))

    def drop_connection_next(self, count: int = 1, *, operation: str | None = None) -> None:
        """The next `count` matching requests see the connection closed before processing."""
        self._add(Fault(DROP, count, operation))

    def abort_next(
        self,
        invoice_number: str,
        code: str = "INVALID_INVOICE_DATA",
        message: str = "Forced failure of the emulated NAV.",
    ) -> None:
        """The next processed report of `invoice_number` ends ABORTED with a business ERROR
        `code` and `message` (on top of whatever else it has)."""
        if not code.strip() or not message.strip():
            raise ValueError("a forced abort needs a code and a message")
        with self._state.lock:
            self._state.forced_aborts.setdefault(invoice_number, []).append((code, message))
            self._state.dirty = True

    def reset(self) -> None:
        with self._lock:
            self._queue.clear()
            self.latency_seconds = 0.0
            self.maintenance = False
        with self._state.lock:
            if self._state.forced_aborts:
                self._state.forced_aborts.clear()
                self._state.dirty = True

    @property
    def pending(self) -> int:
        with self._lock:
            return sum(f.remaining for f in self._queue)

    def take(self, operation: str) -> Fault | None:
        """The fault this request suffers, if any (it is used up)."""
        if self.maintenance:
            return Fault(MAINTENANCE, 1, operation)
        with self._lock:
            for fault in self._queue:
                if fault.matches(operation):
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
