"""What a sync tells its listeners (the UI, the CLI): plain dataclasses, no UI types.

Listeners are called on the sync thread; a UI must hand them over to its own thread
(Textual: `post_message`, which is thread-safe)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from okos_tui.core.notices import Notice


@dataclass(frozen=True)
class SyncStarted:
    shop: str


@dataclass(frozen=True)
class OrdersImported:
    shop: str
    numbers: tuple[str, ...]


@dataclass
class SyncResult:
    shop: str
    started_at: datetime
    finished_at: datetime | None = None
    imported: list[str] = field(default_factory=list)
    already_imported: int = 0
    flagged: list[Notice] = field(default_factory=list)
    skipped: list[tuple[int | None, Notice]] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)  # worded when shown
    requests: int = 0
    throttled: int = 0
    error: Notice | None = None
    pushed: int = 0
    push_failed: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class SyncFinished:
    shop: str
    result: SyncResult


@dataclass(frozen=True)
class SyncBusy:
    """Another thread or process is syncing this shop right now; this run was not started."""

    shop: str


SyncEvent = SyncStarted | OrdersImported | SyncFinished | SyncBusy
