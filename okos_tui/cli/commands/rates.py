"""okos rate set|list: exchange rates for invoices in a foreign currency (Áfa tv. 80. §)."""

from __future__ import annotations

import argparse

from okos_tui.cli.commands.stock import add_format
from okos_tui.cli.dates import iso_date
from okos_tui.core import clock
from okos_tui.core.values import plain
from okos_tui.domain.invoicing import exchange_rates, set_exchange_rate
from okos_tui.i18n import t
from okos_tui.services.reports.columns import RATE_COLUMNS
from okos_tui.services.reports.output import print_report
from okos_tui.services.workspace import Context


def register(commands: argparse._SubParsersAction) -> None:
    rate = commands.add_parser("rate", help="exchange rates (HUF per unit) for invoices")
    verbs = rate.add_subparsers(dest="verb", metavar="VERB", required=True)
    set_rate = verbs.add_parser(
        "set",
        help="record a currency's rate from a day on",
        description="HUF per unit of CURRENCY from --date (default today) on; an invoice in "
        "that currency uses the newest rate on or before its fulfilment date, unless the shop "
        "order brought its own.",
    )
    set_rate.add_argument("currency", metavar="CURRENCY", help="e.g. EUR")
    set_rate.add_argument("rate", metavar="RATE", help="HUF per unit, e.g. 400.25")
    set_rate.add_argument("--date", type=iso_date, help="from this day (YYYY-MM-DD)")
    set_rate.set_defaults(handler=run_set)
    listing = verbs.add_parser("list", help="the rates recorded")
    add_format(listing)
    listing.set_defaults(handler=run_list)


def run_set(context: Context, args: argparse.Namespace) -> int:
    context.open()
    valid_on = args.date or clock.today()
    rate = set_exchange_rate(args.currency, args.rate, valid_on)
    currency = args.currency.strip().upper()
    print(t("cli.rate_set", currency=currency, date=valid_on.isoformat(), rate=plain(rate)))
    return 0


def run_list(context: Context, args: argparse.Namespace) -> int:
    context.open()
    print_report(exchange_rates(), RATE_COLUMNS, args.format)
    return 0


__all__ = ["register"]
