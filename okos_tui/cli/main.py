"""The `okos` command: parse the arguments, run one command, turn failures into messages.

Commands are grouped `okos NOUN VERB` and live in `okos_tui.cli.commands`; this module only wires
them and decides exit codes: 0 done, 1 refused (bad input, domain rule), 2 usage or configuration.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from okos_tui.cli.commands import (
    demo,
    invoices,
    nav,
    orders,
    products,
    purchase,
    push,
    rates,
    receipt,
    stock,
    sync,
)
from okos_tui.config import ConfigError
from okos_tui.core.errors import DomainError
from okos_tui.i18n import t
from okos_tui.services.workspace import Context, DatabaseError

EXIT_REFUSED = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="okos",
        description="okos-tui: back office and warehouse for a ShopRenter web shop. "
        "Without a command: the terminal UI.",
    )
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="okos.toml to use (default: $OKOS_CONFIG, then ./okos.toml)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    products.register(commands)
    stock.register(commands)
    purchase.register(commands)
    receipt.register(commands)
    orders.register(commands)
    sync.register(commands)
    push.register(commands)
    invoices.register(commands)
    invoices.register_cart(commands)
    rates.register(commands)
    nav.register(commands)
    report = commands.add_parser("report", help="reports: stock, fulfillable, picking, procurement")
    reports = report.add_subparsers(dest="report", metavar="REPORT", required=True)
    stock.register_reports(reports)
    orders.register_reports(reports)
    demo.register(commands)
    commands.add_parser(
        "fake-shop",
        help="run the emulated ShopRenter shop (okos fake-shop --help)",
        add_help=False,
    )
    commands.add_parser(
        "fake-nav",
        help="run the emulated NAV Online Számla (okos fake-nav --help)",
        add_help=False,
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["fake-shop"]:  # its own parser; it runs without okos.toml
        from okos_tui.fakeshop.cli import main as fake_shop_main

        return fake_shop_main(argv[1:])
    if argv[:1] == ["fake-nav"]:  # its own parser; it runs without okos.toml
        from okos_tui.fakenav.cli import main as fake_nav_main

        return fake_nav_main(argv[1:])
    args = build_parser().parse_args(argv)
    if args.command is None:  # plain `okos`: the terminal UI
        from okos_tui.cli.commands.ui import run_ui

        args.handler = run_ui
    context = Context(args.config, warn=lambda warning: print(warning, file=sys.stderr))
    try:
        return args.handler(context, args)
    except ConfigError as exc:
        print(t("cli.config_error", message=exc), file=sys.stderr)
        return EXIT_USAGE
    except DomainError as exc:
        print(t("cli.error", message=exc), file=sys.stderr)
        return EXIT_REFUSED
    except DatabaseError as exc:
        print(t("cli.database_error", path=context.database_label, detail=exc), file=sys.stderr)
        return EXIT_REFUSED
    except BrokenPipeError:  # `okos ... | head`: the reader left, which is not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print(t("cli.interrupted"), file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
