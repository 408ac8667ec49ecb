"""okos push [--shop NAME] [--full]"""

from __future__ import annotations

import argparse
import sys

from okos_tui.config import ConfigError
from okos_tui.i18n import t
from okos_tui.services.sync.engine import ShopSync
from okos_tui.services.workspace import Context
from okos_tui.shop.errors import ShopError


def register(commands: argparse._SubParsersAction) -> None:
    push = commands.add_parser(
        "push",
        help="send free stock and prices to the shops that push (push_stock = true)",
        description="Send the queued products' free stock (physical minus what open orders "
        "reserve, over push_warehouses, at least 0, whole units) to the shop's stock1, with the "
        "price chosen by push_price. --full queues every product first.",
    )
    push.add_argument("--shop", metavar="NAME", help="only this shop")
    push.add_argument("--full", action="store_true", help="send every product once")
    push.set_defaults(handler=run_push)


def run_push(context: Context, args: argparse.Namespace) -> int:
    config = context.open()
    shops = [config.shop(args.shop)] if args.shop else [s for s in config.shops if s.push_stock]
    if not shops:
        raise ConfigError(config.path, "shops", t("push.no_shops"))
    exit_code = 0
    for shop in shops:
        if not shop.push_stock:
            raise ConfigError(config.path, "push_stock", t("push.disabled", shop=shop.name))
        sync = ShopSync(config, shop)
        try:
            result = sync.push(full=args.full)
        except ShopError as exc:  # a shop error outside the push itself: the queue stays
            print(t("push.failed", shop=shop.name, detail=exc), file=sys.stderr)
            exit_code = 1
            continue
        finally:
            sync.close()
        if result is None:
            print(t("sync.busy", shop=shop.name), file=sys.stderr)
            exit_code = 1
            continue
        if result.error and result.nothing_done:  # unreachable, refused login: as a failure
            print(result.error, file=sys.stderr)
            exit_code = 1
            continue
        print(
            t(
                "push.summary",
                shop=shop.name,
                pushed=result.pushed,
                failed=result.failed,
                missing=len(result.missing),
                batches=result.batches,
            )
        )
        for warning in result.warnings:
            if warning != result.error:
                print(f"  ! {warning}")
        if result.error:  # stopped mid-way: the batches before it are in the summary
            print(result.error, file=sys.stderr)
        if result.failed or result.error:
            exit_code = 1
    return exit_code
