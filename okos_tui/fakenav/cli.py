"""`okos fake-nav`: run the emulated NAV Online Számla until Ctrl+C."""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

from okos_tui.emulation.running import run_until_stopped
from okos_tui.fakenav.nav import FakeNav
from okos_tui.fakenav.settings import DEFAULT_USER, FakeNavSettings, Pace, TechnicalUser

DEFAULT_PORT = 8778
SOFTWARE_ID_HINT = "HU{taxpayer}OKOS-001"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="okos fake-nav",
        description="Emulated NAV Online Számla (interface v3.0) on 127.0.0.1, with one "
        "technical user. Test credentials only.",
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
    parser.add_argument("--login", default=DEFAULT_USER.login, help="technical user's login")
    parser.add_argument("--password", default=DEFAULT_USER.password)
    parser.add_argument("--signature-key", default=DEFAULT_USER.signature_key)
    parser.add_argument("--exchange-key", default=DEFAULT_USER.exchange_key, help="16 characters")
    parser.add_argument(
        "--taxpayer",
        default=DEFAULT_USER.taxpayer_id,
        metavar="ID",
        help=f"the first 8 digits of the seller's tax number (default {DEFAULT_USER.taxpayer_id})",
    )
    parser.add_argument(
        "--done-after",
        type=float,
        default=1.0,
        metavar="SECONDS",
        help="a report is processed this long after it arrived, or at its 2nd status query "
        "(default 1)",
    )
    parser.add_argument(
        "--manual-annulment",
        action="store_true",
        help="technical annulments wait for approval instead of taking effect at once",
    )
    return parser


def main(
    argv: list[str] | None = None,
    *,
    ready: threading.Event | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Serve until Ctrl+C (or SIGTERM, or `stop` is set); 0 on a clean stop, 1 when it cannot
    start, 2 on bad input. `ready` is set once it answers (tests run it in a thread)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.done_after < 0:
        parser.error("--done-after must not be negative")
    try:
        user = TechnicalUser(
            login=args.login,
            password=args.password,
            signature_key=args.signature_key,
            exchange_key=args.exchange_key,
            taxpayer_id=args.taxpayer,
        )
        settings = FakeNavSettings(
            users=(user,),
            pace=Pace(finish_after_seconds=args.done_after),
            auto_approve_annulments=not args.manual_annulment,
            state_file=args.state,
        )
    except ValueError as exc:
        parser.error(str(exc))
    try:
        nav = FakeNav(settings).start(port=args.port)
    except (OSError, ValueError) as exc:
        print(f"A fake NAV nem indult el: {exc}", file=sys.stderr)
        return 1
    _print_banner(nav, user, args.state)
    run_until_stopped(nav.stop, ready=ready, stop=stop)
    print("Fake NAV stopped.", flush=True)
    return 0


def _print_banner(nav: FakeNav, user: TechnicalUser, state: Path | None) -> None:
    print("Fake NAV Online Számla (interface v3.0) running", flush=True)
    print(f"  Base URL: {nav.base_url}")
    print(f"  Technical user: {user.login} of taxpayer {user.taxpayer_id} (test credentials)")
    print("For okos.toml:")
    print("  [nav]")
    print(f'  base_url = "{nav.base_url}"')
    print(f'  login = "{user.login}"')
    print('  password_env = "OKOS_NAV_PASSWORD"')
    print('  signature_key_env = "OKOS_NAV_SIGNATURE_KEY"')
    print('  exchange_key_env = "OKOS_NAV_EXCHANGE_KEY"')
    print(f'  software_id = "{SOFTWARE_ID_HINT.format(taxpayer=user.taxpayer_id)}"')
    print("and in the environment:")
    print(f"  export OKOS_NAV_PASSWORD='{user.password}'")
    print(f"  export OKOS_NAV_SIGNATURE_KEY='{user.signature_key}'")
    print(f"  export OKOS_NAV_EXCHANGE_KEY='{user.exchange_key}'")
    print(f"  ([company] tax_number must start with {user.taxpayer_id})")
    if state is not None:
        print(f"  State file: {state}")
    print("Ctrl+C: stop", flush=True)
