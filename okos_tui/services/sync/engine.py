"""One sync cycle of one shop: download new orders, notice changed ones, log what happened.

Never inside a transaction while talking to the shop: each order is imported in its own short
transaction after its page arrived (NOTES.md: no HTTP inside `db.atomic()`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from peewee import DatabaseError

from okos_tui.config import Config, ConfigError, ShopSettings
from okos_tui.core import clock
from okos_tui.core.notices import Notice, dump_notices, notice
from okos_tui.db import SalesOrder, ShopState, SkippedShopOrder, SyncLog, database
from okos_tui.i18n import t
from okos_tui.services.push import PushResult, ShopPush
from okos_tui.services.sync import lease
from okos_tui.services.sync.events import (
    OrdersImported,
    SyncBusy,
    SyncEvent,
    SyncFinished,
    SyncResult,
    SyncStarted,
)
from okos_tui.services.sync.order_import import (
    ImportRefused,
    OrderImporter,
    note_shop_change,
    record_skip,
)
from okos_tui.shop.client import (
    ShopAuthError,
    ShopBadResponse,
    ShopClient,
    ShopConnection,
    ShopError,
    ShopUnreachable,
)
from okos_tui.shop.parsing import ShopDataError, integer, parse_order

PAGE_LIMIT = 200
RETRY_SKIPPED = 20
"""Orders refused before that a cycle asks the shop for again (one request each)."""
T = TypeVar("T")
log = logging.getLogger(__name__)
Listener = Callable[[SyncEvent], None]


class SyncInterrupted(ShopError):
    """The sync was asked to stop (the app is closing): raised between orders and from the
    client's waits, so a stop never waits for a whole backlog or a long back-off."""

    def __init__(self, shop: str) -> None:
        self.notice = notice("sync.interrupted", shop=shop)
        super().__init__(shop, self.notice.render())


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
        stop: threading.Event | None = None,
    ) -> None:
        """`stop`: once set, a running cycle ends after the order being imported (every
        order before it stays committed) with `SyncInterrupted` as its error."""
        self.config = config
        self.shop = shop
        self.client_factory = client_factory
        self.listener = listener or (lambda event: None)
        self.stop = stop or threading.Event()
        self.owner = lease.new_owner()
        self._lock = threading.Lock()
        self._client: ShopClient | None = None  # kept between cycles: its token and pacing
        self._importer = self._new_importer()  # a new one every cycle (see `_cycle`)

    def _new_importer(self) -> OrderImporter:
        return OrderImporter(self.shop, coupon_vat=self.config.invoicing.coupon_vat)

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
            self._importer = self._new_importer()  # master records read once per cycle
            self._download_new(client, result)
            self._retry_skipped(client, result)
            self._notice_changes(client, result)
            self._push(client, result)
        except SyncInterrupted as exc:
            result.error = exc.notice
        except ShopAuthError as exc:
            result.error = notice("sync.auth_failed", shop=self.shop.name, detail=str(exc))
        except ShopUnreachable as exc:
            result.error = notice("sync.unreachable", shop=self.shop.name, detail=str(exc))
        except ShopError as exc:
            result.error = notice("sync.shop_error", shop=self.shop.name, detail=str(exc))
        except ConfigError as exc:
            result.error = notice("sync.config_error", shop=self.shop.name, detail=str(exc))
        except Exception as exc:  # a bug or the database: the log must not say "ok"
            detail = f"{type(exc).__name__}: {exc}"
            result.error = notice("sync.failed", shop=self.shop.name, detail=detail)
            raise
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
            result.warnings.append(notice("push.failed", shop=self.shop.name, detail=str(exc)))
            return
        result.pushed = pushed.pushed
        result.push_failed = pushed.failed
        result.warnings.extend(pushed.warnings)

    def _state(self) -> ShopState:
        return ShopState.get(ShopState.shop == self.shop.name)

    def _download_new(self, client: ShopClient, result: SyncResult) -> None:
        start = max(self._state().next_inner_id, self.shop.first_order_id)
        self._import_pages(self._new_orders(client, start), result)

    def _new_orders(self, client: ShopClient, start: int) -> Iterator[Any]:
        """Orders from innerId `start` on, a page at a time, each page asked for from one past
        the newest innerId of the previous one (not by page number: an order cancelled in the
        shop meanwhile leaves the excludeStorno list, and numbered pages would then shift past
        an order never seen, while the cursor moves beyond it)."""
        while True:
            params = {
                "full": 1,
                "limit": PAGE_LIMIT,
                "page": 0,
                "innerIdMin": start,
                "excludeAbandonedCart": 1,
                "excludeStorno": 1,  # cancelled in the shop before we saw it: nothing to reserve
            }
            body = client.get("orderExtend", params)
            if not isinstance(body, dict):
                raise ShopBadResponse(
                    self.shop.name,
                    t("sync.bad_page", shop=self.shop.name, detail=type(body).__name__),
                    status=200,
                )
            items = body.get("items")
            if not isinstance(items, list) or not items:
                return
            yield from items
            ids = [n for n in map(_inner_id, items) if n is not None]
            if not ids or max(ids) < start or not _more_pages(body, items):
                return
            start = max(ids) + 1

    def _retry_skipped(self, client: ShopClient, result: SyncResult) -> None:
        """Orders refused in an earlier cycle (say for a VAT rate added since: the message
        says to add it and sync again) are asked for again one by one, as the cursor has moved
        past them; those refused in this cycle wait for the next one."""
        refused_now = {inner_id for inner_id, _ in result.skipped}
        waiting = [
            inner_id
            for (inner_id,) in SkippedShopOrder.select(SkippedShopOrder.inner_id)
            .where(SkippedShopOrder.shop == self.shop.name)
            .order_by(SkippedShopOrder.inner_id)
            .tuples()
            if inner_id not in refused_now
        ][:RETRY_SKIPPED]
        if waiting:
            self._import_pages(self._orders_by_id(client, waiting), result)

    def _orders_by_id(self, client: ShopClient, inner_ids: list[int]) -> Iterator[Any]:
        for inner_id in inner_ids:
            yield from self._ask_for(client, inner_id)

    def _ask_for(self, client: ShopClient, inner_id: int) -> list[Any]:
        """The shop's order `inner_id` (none if cancelled or an abandoned cart)."""
        params = {
            "full": 1,
            "limit": PAGE_LIMIT,
            "innerId": inner_id,
            "excludeAbandonedCart": 1,
            "excludeStorno": 1,
        }
        body = client.get("orderExtend", params)
        items = body.get("items") if isinstance(body, dict) else None
        if not isinstance(items, list):
            return []
        return [item for item in items if _inner_id(item) == inner_id]

    def _notice_changes(self, client: ShopClient, result: SyncResult) -> None:
        """Orders updated in the shop since the newest change seen: a change of a downloaded
        order is flagged; an order not here yet (an abandoned cart completed later under its
        old number) is imported."""
        since = self._state().updated_since
        if not since:
            return
        params = {"full": 1, "limit": PAGE_LIMIT, "updatedAtMin": since, "excludeAbandonedCart": 1}
        self._import_pages(client.iter_pages("orderExtend", params), result, changes=client)

    def _import_pages(
        self, records: Iterable[Any], result: SyncResult, *, changes: ShopClient | None = None
    ) -> None:
        """`changes`: the records are the change scan's (which includes cancelled orders); the
        client asks the shop again about an order that is not here yet."""
        batch: list[str] = []
        newest_update = self._state().updated_since
        for count, raw in enumerate(records, start=1):
            if self.stop.is_set():
                self._checkpoint(batch, newest_update)
                raise SyncInterrupted(self.shop.name)
            newest_update = self._import_record(raw, result, batch, newest_update, changes)
            if count % PAGE_LIMIT == 0:  # also when the page's last record was skipped
                self._checkpoint(batch, newest_update)
                batch = []
        self._checkpoint(batch, newest_update)

    def _import_record(
        self,
        raw: Any,
        result: SyncResult,
        batch: list[str],
        newest_update: str,
        changes: ShopClient | None,
    ) -> str:
        """Import (or flag, or skip) one record; returns the newest shop change seen so far."""
        inner_id = _inner_id(raw)
        if changes is not None and any(inner_id == i for i, _ in result.skipped):
            return newest_update  # refused in this very cycle: once is enough
        try:
            order = parse_order(raw)
        except ShopDataError as exc:
            self._skip(result, inner_id, notice("sync.bad_field", detail=str(exc)))
            return newest_update
        newest_update = max(newest_update, order.updated)
        if order.is_abandoned or order.inner_id < self.shop.first_order_id:
            return newest_update
        if changes is not None:
            warning = note_shop_change(self.shop, order)
            if warning:
                result.flagged.append(warning)
                result.warnings.append(warning)
                return newest_update
            if not self._new_to_import(changes, order.inner_id):
                return newest_update
        try:
            outcome = self._importer.import_order(order)
        except ImportRefused as exc:
            self._skip(result, order.inner_id, exc.notice)
            return newest_update
        except (DatabaseError, SyncInterrupted):
            raise  # the database itself: end the cycle, skip nothing
        except Exception as exc:  # a bug met on this order's data: the others must not wait
            log.exception("shop %s: importing order %s failed", self.shop.name, order.inner_id)
            detail = f"{type(exc).__name__}: {exc}"
            self._skip(result, order.inner_id, notice("sync.import_failed", detail=detail))
            return newest_update
        if outcome.already_imported:
            result.already_imported += 1
        elif outcome.number is not None:
            result.imported.append(outcome.number)
            batch.append(outcome.number)
        result.warnings.extend(outcome.warnings)
        return newest_update

    def _new_to_import(self, client: ShopClient, inner_id: int) -> bool:
        """An order the change scan found unchanged or not here: import it? One that is here
        is unchanged: nothing to do (not counted as met again, which is for downloads after a
        crash). One at or past the cursor is left to the next download (which excludes
        cancelled orders). One below it that is not here is an abandoned cart completed since,
        an order refused before, or one cancelled before it was ever downloaded: the shop is
        asked again, without the cancelled ones, so a cancelled order is never imported as a
        new open one."""
        here = (
            SalesOrder.select(SalesOrder.id)
            .where((SalesOrder.shop == self.shop.name) & (SalesOrder.shop_order_id == inner_id))
            .exists()
        )
        if here:
            return False
        if inner_id >= self._state().next_inner_id:
            return False
        return bool(self._ask_for(client, inner_id))

    def _checkpoint(self, batch: list[str], newest_update: str) -> None:
        """After each page: tell listeners, remember the newest change, keep the lease."""
        with database.atomic():
            ShopState.update(updated_since=newest_update).where(
                (ShopState.shop == self.shop.name) & (ShopState.updated_since < newest_update)
            ).execute()
        lease.renew(self.shop.name, self.owner)
        if batch:
            self.listener(OrdersImported(self.shop.name, tuple(batch)))

    def _skip(self, result: SyncResult, inner_id: int | None, reason: Notice) -> None:
        number = inner_id if inner_id is not None else "?"
        message = notice("sync.skipped", number=number, reason=reason)
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
                warnings=dump_notices(result.warnings),
                errors=dump_notices([result.error] if result.error else []),
            ).where(SyncLog.id == log.id).execute()
            if result.ok:
                ShopState.update(last_success_at=result.finished_at).where(
                    ShopState.shop == self.shop.name
                ).execute()


def _more_pages(body: dict[str, Any], items: list[Any]) -> bool:
    """Whether the list goes on after this page: `pageCount` (a number or a string), or, without
    one, a full page."""
    try:
        return int(float(str(body.get("pageCount")).strip())) > 1
    except (ValueError, OverflowError):
        return len(items) >= PAGE_LIMIT


def _inner_id(raw: Any) -> int | None:
    try:
        return integer(raw.get("innerId"), "innerId") if isinstance(raw, dict) else None
    except ShopDataError:
        return None
