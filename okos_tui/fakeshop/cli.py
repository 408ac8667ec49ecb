"""`okos fake-shop`: run the emulated ShopRenter shop until Ctrl+C."""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

from okos_tui.emulation.running import run_until_stopped
from okos_tui.fakeshop.settings import FakeShopSettings
from okos_tui.fakeshop.shop import FakeShop

DEFAULT_PORT = 8777


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="okos fake-shop",
        description="Emulated ShopRenter shop with Hungarian sample data on 127.0.0.1.",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"TCP port (default {DEFAULT_PORT}; 0: any free port)",
    )
    parser.add_argument(
        "--state",
        type=Path,
        default=None,
        metavar="FILE",
        help="JSON state file: loaded if it exists, saved after every change",
    )
    parser.add_argument(
        "--order-interval",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="a new random order every SECONDS (default 60; 0: none)",
    )
    parser.add_argument(
        "--rate-limit",
        type=int,
        default=3,
        metavar="N",
        help="requests per second before 429 (default 3; 0: no limit)",
    )
    parser.add_argument(
        "--token-lifetime",
        type=float,
        default=3600,
        metavar="S",
        help="bearer token lifetime in seconds (default 3600)",
    )
    parser.add_argument("--seed", type=int, default=42, help="sample data seed (default 42)")
    return parser


def main(
    argv: list[str] | None = None,
    *,
    ready: threading.Event | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Serve until Ctrl+C (or SIGTERM, or `stop` is set); 0 on a clean stop, 2 on bad input.

    `ready` is set once the shop answers: tests use it with `stop` to run this in a thread.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.token_lifetime <= 0 or args.order_interval < 0 or args.rate_limit < 0:
        parser.error(
            "--token-lifetime must be positive; --order-interval and --rate-limit "
            "must not be negative"
        )
    settings = FakeShopSettings(
        rate_limit_per_second=args.rate_limit or None,
        token_lifetime_seconds=args.token_lifetime,
        order_interval_seconds=args.order_interval or None,
        seed=args.seed,
        state_file=args.state,
    )
    try:
        shop = FakeShop(settings).start(port=args.port)
    except (OSError, ValueError) as exc:
        print(f"A fake shop nem indult el: {exc}", file=sys.stderr)
        return 1
    print(f'Fake ShopRenter shop "{settings.shop_name}" running', flush=True)
    print(f"  API (Bearer/Basic): {shop.api_url}")
    print(f"  Legacy API (Basic): {shop.legacy_url}")
    print(f"  Token endpoint:     {shop.token_url}")
    print(f"  client_id={settings.client_id} client_secret={settings.client_secret}")
    print(f"  Basic user={settings.basic_user} password={settings.basic_password}")
    if args.state:
        print(f"  State file: {args.state}")
    print("Ctrl+C: stop", flush=True)
    run_until_stopped(shop.stop, ready=ready, stop=stop)
    print("Fake shop stopped.", flush=True)
    return 0
