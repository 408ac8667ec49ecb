"""One sync cycle of one shop: download new orders, notice changed ones, log what happened.

Never inside a transaction while talking to the shop: each order is imported in its own short
transaction after its page arrived (NOTES.md: no HTTP inside `db.atomic()`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from ..config import Config, ConfigError, ShopSettings
from ..db import ShopState, SyncLog, database
from ..domain import clock
from ..i18n import t
from . import lease
from .client import ShopAuthError, ShopClient, ShopConnection, ShopError, ShopUnreachable
from .events import OrdersImported, SyncBusy, SyncEvent, SyncFinished, SyncResult, SyncStarted
from .order_import import ImportRefused, import_order, note_shop_change, record_skip
from .push import PushResult, ShopPush
from .shop_order import ShopDataError, integer, parse_order

PAGE_LIMIT = 200
T = TypeVar("T")
Listener = Callable[[SyncEvent], None]


def connection_for(shop: ShopSettings, config: Config) -> ShopConnection:
    """The shop's connection with its secret read now (from the environment or a file)."""
    if shop.auth == "basic":
        return ShopConnection(
            name=shop.name,
            api_url=shop.api_url,
            auth="basic",
            username=shop.username,
            password=shop.password.reveal(config.path),
        )
    return ShopConnection(
        name=shop.name,
        api_url=shop.api_url,
        auth="oauth",
        token_url=shop.token_url,
        client_id=shop.client_id,
        client_secret=shop.client_secret.reveal(config.path),
    )


class ShopSync:
    """Runs sync cycles of one shop. Thread-safe: concurrent calls collapse (see `run`)."""

    def __init__(
        self,
        config: Config,
        shop: ShopSettings,
        *,
        client_factory: Callable[[ShopConnection], ShopClient] = ShopClient,
        listener: Listener | None = None,
    ) -> None:
        self.config = config
        self.shop = shop
        self.client_factory = client_factory
        self.listener = listener or (lambda event: None)
        self.owner = lease.new_owner()
        self._lock = threading.Lock()
        self._client: ShopClient | None = None  # kept between cycles: its token and pacing

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def _connect(self) -> ShopClient:
        if self._client is None:
            self._client = self.client_factory(connection_for(self.shop, self.config))
        return self._client

    def run(self) -> SyncResult | None:
        """One cycle; None (and a SyncBusy event) if this shop is being synced elsewhere."""
        return self._exclusively(self._cycle)

    def push(self, *, full: bool = False) -> PushResult | None:
        """Only the stock and price push (`okos push`), under the same lock and lease."""
        return self._exclusively(lambda: ShopPush(self.shop, self._connect()).run(full=full))

    def _exclusively(self, work: Callable[[], T]) -> T | None:
        if not self._lock.acquire(blocking=False):
            self.listener(SyncBusy(self.shop.name))
            return None
        try:
            if not lease.acquire(self.shop.name, self.owner, self.shop.first_order_id):
                self.listener(SyncBusy(self.shop.name))
                return None
            try:
                return work()
            finally:
                lease.release(self.shop.name, self.owner)
        finally:
            self._lock.release()

    def _cycle(self) -> SyncResult:
        result = SyncResult(shop=self.shop.name, started_at=clock.now())
        with database.atomic():
            log = SyncLog.create(shop=self.shop.name, started_at=result.started_at)
        self.listener(SyncStarted(self.shop.name))
        requests_before = throttled_before = 0
        client: ShopClient | None = None
        try:
            client = self._connect()
            requests_before = client.stats.requests_sent
            throttled_before = client.stats.throttled
            self._download_new(client, result)
            self._notice_changes(client, result)
            self._push(client, result)
        except ShopAuthError as exc:
            result.error = t("sync.auth_failed", shop=self.shop.name, detail=exc)
        except ShopUnreachable as exc:
            result.error = t("sync.unreachable", shop=self.shop.name, detail=exc)
        except ShopError as exc:
            result.error = t("sync.shop_error", shop=self.shop.name, detail=exc)
        except ConfigError as exc:
            result.error = t("sync.config_error", shop=self.shop.name, detail=exc)
        finally:
            if client is not None:
                result.requests = client.stats.requests_sent - requests_before
                result.throttled = client.stats.throttled - throttled_before
            result.finished_at = clock.now()
            self._write_log(log, result)
        self.listener(SyncFinished(self.shop.name, result))
        return result

    def _push(self, client: ShopClient, result: SyncResult) -> None:
        """After the download, so the quantities include the orders just downloaded. A push
        that fails stays queued and never fails the download."""
        if not self.shop.push_stock:
            return
        try:
            pushed = ShopPush(self.shop, client).run()
        except ShopError as exc:
            result.warnings.append(t("push.failed", shop=self.shop.name, detail=exc))
            return
        result.pushed = pushed.pushed
        result.push_failed = pushed.failed
        result.warnings.extend(pushed.warnings)

    def _state(self) -> ShopState:
        return ShopState.get(ShopState.shop == self.shop.name)

    def _download_new(self, client: ShopClient, result: SyncResult) -> None:
        start = max(self._state().next_inner_id, self.shop.first_order_id)
        params = {
            "full": 1,
            "limit": PAGE_LIMIT,
            "innerIdMin": start,
            "excludeAbandonedCart": 1,
            "excludeStorno": 1,  # cancelled in the shop before we saw it: nothing to reserve
        }
        self._import_pages(client.iter_pages("orderExtend", params), result)

    def _notice_changes(self, client: ShopClient, result: SyncResult) -> None:
        """Orders updated in the shop since the newest change seen: a change of a downloaded
        order is flagged; an order not here yet (an abandoned cart completed later under its
        old number) is imported."""
        since = self._state().updated_since
        if not since:
            return
        params = {"full": 1, "limit": PAGE_LIMIT, "updatedAtMin": since, "excludeAbandonedCart": 1}
        self._import_pages(client.iter_pages("orderExtend", params), result, changes=True)

    def _import_pages(
        self, records: Iterable[Any], result: SyncResult, *, changes: bool = False
    ) -> None:
        batch: list[str] = []
        newest_update = self._state().updated_since
        for count, raw in enumerate(records, start=1):
            inner_id = _inner_id(raw)
            try:
                order = parse_order(raw)
            except ShopDataError as exc:
                self._skip(result, inner_id, t("sync.bad_field", detail=exc))
                continue
            newest_update = max(newest_update, order.updated)
            if order.is_abandoned or order.inner_id < self.shop.first_order_id:
                continue
            if changes:
                warning = note_shop_change(self.shop, order)
                if warning:
                    result.flagged.append(warning)
                    result.warnings.append(warning)
                    continue
            try:
                outcome = import_order(self.shop, order)
            except ImportRefused as exc:
                self._skip(result, order.inner_id, str(exc))
                continue
            if outcome.already_imported:
                result.already_imported += 1
            else:
                result.imported.append(outcome.number)
                batch.append(outcome.number)
            result.warnings.extend(outcome.warnings)
            if count % PAGE_LIMIT == 0:
                self._checkpoint(batch, newest_update)
                batch = []
        self._checkpoint(batch, newest_update)

    def _checkpoint(self, batch: list[str], newest_update: str) -> None:
        """After each page: tell listeners, remember the newest change, keep the lease."""
        with database.atomic():
            ShopState.update(updated_since=newest_update).where(
                (ShopState.shop == self.shop.name) & (ShopState.updated_since < newest_update)
            ).execute()
        lease.renew(self.shop.name, self.owner)
        if batch:
            self.listener(OrdersImported(self.shop.name, tuple(batch)))

    def _skip(self, result: SyncResult, inner_id: int | None, reason: str) -> None:
        message = t("sync.skipped", number=inner_id if inner_id is not None else "?", reason=reason)
        result.skipped.append((inner_id, reason))
        result.warnings.append(message)
        record_skip(self.shop, inner_id, reason)

    def _write_log(self, log: SyncLog, result: SyncResult) -> None:
        with database.atomic():
            SyncLog.update(
                finished_at=result.finished_at,
                status="ok" if result.ok else "failed",
                orders_imported=len(result.imported),
                orders_flagged=len(result.flagged),
                orders_skipped=len(result.skipped),
                products_pushed=result.pushed,
                push_failed=result.push_failed,
                warnings="\n".join(result.warnings),
                errors=result.error or "",
            ).where(SyncLog.id == log.id).execute()
            if result.ok:
                ShopState.update(last_success_at=result.finished_at).where(
                    ShopState.shop == self.shop.name
                ).execute()


def _inner_id(raw: Any) -> int | None:
    try:
        return integer(raw.get("innerId"), "innerId") if isinstance(raw, dict) else None
    except ShopDataError:
        return None
