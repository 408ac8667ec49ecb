"""Running an emulator from the command line: until Ctrl+C, SIGTERM, or (in tests) `stop`."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable


def run_until_stopped(
    stop_emulator: Callable[[], object],
    *,
    ready: threading.Event | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Set `ready`, wait for Ctrl+C, SIGTERM or `stop`, then stop the emulator."""
    stop = stop or threading.Event()
    restore = _stop_on_sigterm(stop)
    try:
        if ready is not None:
            ready.set()
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        restore()
        stop_emulator()


def _stop_on_sigterm(stop: threading.Event) -> Callable[[], object]:
    """Let SIGTERM end the loop like Ctrl+C (only possible from the main thread); returns undo."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    return lambda: signal.signal(signal.SIGTERM, previous)
