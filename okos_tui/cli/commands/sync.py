"""okos sync [--shop NAME] [--once] and okos sync log"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from okos_tui.cli.commands.stock import add_format
from okos_tui.config import ConfigError
from okos_tui.i18n import t
from okos_tui.services.reports.columns import SYNC_LOG_COLUMNS
from okos_tui.services.reports.output import print_report
from okos_tui.services.sync.events import (
    OrdersImported,
    SyncBusy,
    SyncEvent,
    SyncFinished,
    SyncResult,
)
from okos_tui.services.sync.service import SyncService
from okos_tui.services.views import sync_log, sync_log_has
from okos_tui.services.workspace import Context


def register(commands: argparse._SubParsersAction) -> None:
    sync = commands.add_parser(
        "sync",
        help="download the shops' orders (once, or on a timer until Ctrl+C)",
        description="Without --once: run the timed sync of every shop in the foreground until "
        "Ctrl+C (for a server without a terminal user). With --once: one cycle, a summary, and "
        "a non-zero exit when a shop cannot be reached or refuses the credentials.",
    )
    sync.add_argument("--shop", metavar="NAME", help="only this shop (a [[shops]] name)")
    sync.add_argument("--once", action="store_true", help="run one cycle and exit")
    sync.set_defaults(handler=run_sync)
    verbs = sync.add_subparsers(dest="verb", metavar="VERB")
    log = verbs.add_parser("log", help="the recent sync log")
    log.add_argument("--shop", metavar="NAME", dest="log_shop")
    log.add_argument("--limit", type=int, default=20, help="how many entries (default 20)")
    add_format(log)
    log.set_defaults(handler=run_log)


def _service(context: Context, shop: str | None) -> SyncService:
    config = context.open()
    if not config.shops:
        raise ConfigError(config.path, "shops", t("sync.no_shops"))
    if shop:
        config.shop(shop)  # names the shop in a ConfigError if unknown
    return SyncService(config)


def print_result(result: SyncResult) -> None:
    numbers = ", ".join(result.imported[:5]) + (" …" if len(result.imported) > 5 else "")
    print(
        t(
            "sync.summary",
            shop=result.shop,
            imported=len(result.imported),
            numbers=f" ({numbers})" if numbers else "",
            flagged=len(result.flagged),
            skipped=len(result.skipped),
            requests=result.requests,
        )
    )
    if result.pushed or result.push_failed:
        print(t("sync.pushed", pushed=result.pushed, failed=result.push_failed))
    for warning in result.warnings:
        print(f"  ! {warning}")
    if result.error:
        print(t("cli.error", message=result.error), file=sys.stderr)


def run_sync(context: Context, args: argparse.Namespace) -> int:
    service = _service(context, args.shop)
    if args.once:
        try:
            results = service.run_once(args.shop)
        finally:
            service.stop()
        for result in results:
            print_result(result)
        if len(results) < (1 if args.shop else len(context.config.shops)):
            print(t("sync.busy_elsewhere"), file=sys.stderr)
            return 1
        return 0 if all(result.ok for result in results) else 1
    return _run_forever(service)


def _run_forever(service: SyncService) -> int:
    stop = threading.Event()

    def on_event(event: SyncEvent) -> None:
        if isinstance(event, SyncFinished):
            print_result(event.result)
        elif isinstance(event, OrdersImported):
            print(t("sync.new_orders", shop=event.shop, count=len(event.numbers)), flush=True)
        elif isinstance(event, SyncBusy):
            print(t("sync.busy", shop=event.shop), flush=True)
        sys.stdout.flush()

    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    service.subscribe(on_event)
    print(t("sync.foreground"), flush=True)
    service.start()
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        service.stop()
        signal.signal(signal.SIGTERM, previous)
    print(t("sync.stopped"))
    return 0


def run_log(context: Context, args: argparse.Namespace) -> int:
    context.open()
    if args.log_shop and not sync_log_has(args.log_shop):
        context.config.shop(args.log_shop)  # a typo is named (exit 2), not an empty log
    print_report(sync_log(args.log_shop, args.limit), SYNC_LOG_COLUMNS, args.format)
    return 0
