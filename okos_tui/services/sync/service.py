"""The background sync: one worker thread runs every shop's cycle on its own schedule
(`schedule`), and at once on demand. Clean stop on exit.

Listeners get events on the worker thread. "Sync now" while a cycle of that shop runs collapses
into one more run after it; two cycles of one shop never overlap (a lock here, a lease in the
database across processes).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

import schedule

from okos_tui.config import Config
from okos_tui.core import clock
from okos_tui.core.notices import Notice, text_notice
from okos_tui.services.nav_reporting import client_factory, report_all
from okos_tui.services.sync.engine import Listener, ShopSync, SyncInterrupted
from okos_tui.services.sync.events import SyncEvent, SyncFinished, SyncResult, SyncStarted
from okos_tui.shop.client import ShopClient, ShopConnection

log = logging.getLogger(__name__)


NAV_REPORT_SECONDS = 20  # a new invoice reaches NAV within a minute


@dataclass(frozen=True)
class NavServiceStatus:
    """What the UI shows of the reporting to NAV: when NAV was last reached, what waits."""

    enabled: bool = False
    last_reached: datetime | None = None
    waiting: int = 0
    aborted: int = 0
    error: str = ""


@dataclass(frozen=True)
class ShopStatus:
    """What the UI shows per shop: last run, next run, running, the last error."""

    shop: str
    running: bool = False
    last_run: datetime | None = None
    next_run: datetime | None = None
    last_error: Notice | None = None
    last_imported: int = 0


class SyncService:
    def __init__(
        self,
        config: Config,
        *,
        client_factory: Callable[[ShopConnection], ShopClient] | None = None,
    ) -> None:
        self.config = config
        self._stop = threading.Event()
        client_factory = client_factory or self._client
        self._listeners: list[Listener] = []
        self._listeners_lock = threading.Lock()
        self._syncs = {
            shop.name: ShopSync(
                config, shop, client_factory=client_factory, listener=self._publish, stop=self._stop
            )
            for shop in config.shops
        }
        self._status = {name: ShopStatus(name) for name in self._syncs}
        self._status_lock = threading.Lock()
        self._requested: set[str] = set()
        self._nav_requested = False
        self._scheduler = schedule.Scheduler()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        for shop in config.shops:
            self._scheduler.every(max(1, round(shop.sync_seconds))).seconds.do(
                self._run_shop, shop.name
            )
        self._nav = NavServiceStatus(enabled=config.nav is not None and config.nav.report)
        if self._nav.enabled:
            self._scheduler.every(NAV_REPORT_SECONDS).seconds.do(self.report_to_nav)

    def _client(self, connection: ShopConnection) -> ShopClient:
        """A client whose waits (pacing, back-off) end the cycle at once when the service
        stops: a wait that merely returned early would retry at once, and the pacer would spin
        on it, until the retries ran out."""

        def sleep(seconds: float) -> None:
            if self._stop.wait(seconds):
                raise SyncInterrupted(connection.name)

        return ShopClient(connection, sleep=sleep)

    # -- listeners -------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(event)` for every sync event; returns the unsubscribe function."""
        with self._listeners_lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._listeners_lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def _publish(self, event: SyncEvent) -> None:
        self._track(event)
        with self._listeners_lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(event)
            except Exception:  # a listener's bug must not stop the sync
                log.exception("sync listener failed on %r", event)

    def _track(self, event: SyncEvent) -> None:
        with self._status_lock:
            status = self._status.get(event.shop)
            if status is None:
                return
            if isinstance(event, SyncStarted):
                status = replace(status, running=True)
            elif isinstance(event, SyncFinished):
                status = _finished(status, event.result)
            self._status[event.shop] = status  # SyncBusy: this process's own run (if any) goes on

    def nav_status(self) -> NavServiceStatus:
        with self._status_lock:
            return self._nav

    def report_to_nav(self) -> None:
        """One reporting run (in the worker thread, or the caller's); its outcome is kept for
        the UI, and a failure never stops the loop."""
        if not self._nav.enabled or self._stop.is_set():
            return
        try:
            run = report_all(self.config, client_factory(self.config))
        except Exception as exc:  # settings, the database: shown, and tried again later
            log.exception("reporting to NAV failed")
            with self._status_lock:
                self._nav = replace(self._nav, error=str(exc))
            return
        with self._status_lock:
            reached = clock.now() if not run.error else self._nav.last_reached
            self._nav = replace(
                self._nav,
                last_reached=reached,
                waiting=run.waiting + run.pending,
                aborted=run.aborted,
                error=run.error,
            )

    def report_to_nav_soon(self) -> None:
        """Ask for a reporting run as soon as possible (an invoice to go again); never blocks.
        Nothing happens when reporting is off or the service is not running."""
        with self._status_lock:
            self._nav_requested = self._nav.enabled
        self._wake.set()

    def status(self) -> list[ShopStatus]:
        with self._status_lock:
            statuses = dict(self._status)
        next_runs = {
            job.job_func.args[0]: job.next_run
            for job in self._scheduler.get_jobs()
            if job.job_func is not None and job.job_func.args
        }
        return [replace(s, next_run=_aware(next_runs.get(s.shop))) for s in statuses.values()]

    # -- running ---------------------------------------------------------------------------
    def sync_now(self, shop: str | None = None) -> None:
        """Ask for a cycle of `shop` (or every shop) as soon as possible; never blocks."""
        with self._status_lock:
            self._requested.update([shop] if shop else self._syncs)
        self._wake.set()

    def run_once(self, shop: str | None = None) -> list[SyncResult]:
        """Run cycles here, in the caller's thread (for the command line)."""
        names = [shop] if shop else list(self._syncs)
        return [r for r in (self._run_shop(name) for name in names) if r is not None]

    def _run_shop(self, name: str) -> SyncResult | None:
        if self._stop.is_set():  # a job that fell due while stopping
            return None
        try:
            return self._syncs[name].run()
        except Exception as exc:  # keep the loop alive; the error is shown, not swallowed
            log.exception("sync of %s failed", name)
            error = text_notice(str(exc))
            result = SyncResult(shop=name, started_at=clock.now(), error=error)
            self._publish(SyncFinished(name, result))
            return result

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._loop, name="okos-sync", daemon=True)
        self._thread.start()
        self.sync_now()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        for sync in self._syncs.values():
            sync.close()

    def _loop(self) -> None:
        self.report_to_nav()  # at once what waits from before, then every NAV_REPORT_SECONDS
        while not self._stop.is_set():
            with self._status_lock:
                requested, self._requested = self._requested, set()
                nav_requested, self._nav_requested = self._nav_requested, False
            if nav_requested:
                self.report_to_nav()
            for name in requested:
                if self._stop.is_set():
                    return
                self._run_shop(name)
            self._scheduler.run_pending()
            idle = self._scheduler.idle_seconds
            self._wake.wait(timeout=min(idle, 1.0) if idle is not None and idle > 0 else 1.0)
            self._wake.clear()


def _finished(status: ShopStatus, result: SyncResult) -> ShopStatus:
    return replace(
        status,
        running=False,
        last_run=result.finished_at or result.started_at,
        last_error=result.error,
        last_imported=len(result.imported),
    )


def _aware(moment: datetime | None) -> datetime | None:
    """`schedule` keeps naive local times; the UI wants aware ones."""
    if moment is None:
        return None
    return moment.astimezone() if moment.tzinfo is None else moment


__all__ = ["NavServiceStatus", "ShopStatus", "SyncService"]
