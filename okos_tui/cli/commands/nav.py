"""okos nav send|status|xml: invoices reported to NAV Online Számla."""

from __future__ import annotations

import argparse
import sys
import time

from okos_tui.cli.commands.stock import add_format
from okos_tui.core import clock
from okos_tui.core.errors import InvalidValue
from okos_tui.i18n import t
from okos_tui.nav.invoice_data import NavDataError
from okos_tui.services.nav_reporting import (
    annul,
    client_factory,
    report_all,
    report_rows,
    send_again,
    stored_xml,
)
from okos_tui.services.reports.columns import NAV_COLUMNS
from okos_tui.services.reports.output import print_report
from okos_tui.services.workspace import Context


def register(commands: argparse._SubParsersAction) -> None:
    nav = commands.add_parser("nav", help="NAV Online Számla: the invoices' reports")
    verbs = nav.add_subparsers(dest="verb", metavar="VERB", required=True)
    send = verbs.add_parser(
        "send",
        help="report every invoice not yet reported and wait for NAV's answers",
        description="Report what is not reported yet (batches of 100, each invoice exactly "
        "once), then ask NAV until every report is DONE or ABORTED or --wait runs out. Exit 0: "
        "all DONE; 1: some ABORTED or still open; 2: settings.",
    )
    send.add_argument("--wait", type=float, default=60.0, metavar="SECONDS")
    send.add_argument(
        "--again",
        action="append",
        default=[],
        metavar="INVOICE_NUMBER",
        help="send an ABORTED report again (after its cause was put right)",
    )
    send.set_defaults(handler=run_send)
    status = verbs.add_parser("status", help="each invoice's report: pending, sent, done, aborted")
    add_format(status)
    status.set_defaults(handler=run_status)
    xml = verbs.add_parser(
        "xml",
        help="the invoiceData XML (interface v3.0) of an invoice or storno invoice",
        description="Print the invoiceData document NAV gets for this invoice: exactly the "
        "bytes reported, or those to be reported.",
    )
    xml.add_argument("number", metavar="INVOICE_NUMBER")
    xml.set_defaults(handler=run_xml)
    annul = verbs.add_parser(
        "annul",
        help="technical annulment of a report made in error (not a storno)",
        description="Withdraw a DONE report that carried wrong data (technical annulment). It "
        "takes effect when approved on NAV's web UI; the invoice is then reported again.",
    )
    annul.add_argument("number", metavar="INVOICE_NUMBER")
    annul.add_argument("--reason", required=True, help="why the report was wrong")
    annul.set_defaults(handler=run_annul)


def run_send(context: Context, args: argparse.Namespace) -> int:
    config = context.open()
    make_client = client_factory(config)
    for number in args.again:
        send_again(number, clock.now())
    deadline = time.monotonic() + max(0.0, args.wait)
    while True:
        run = report_all(config, make_client)
        if run.error or not (run.waiting or run.pending) or time.monotonic() >= deadline:
            break
        time.sleep(1.0)
    print(
        t(
            "cli.nav_summary",
            sent=run.sent,
            done=run.done,
            aborted=run.aborted,
            waiting=run.waiting + run.pending,
        )
    )
    if run.error:
        print(t("cli.nav_unreachable", error=run.error), file=sys.stderr)
    for row in report_rows():
        if row.status == "aborted":
            print(f"{row.invoice_number}\t{row.message}", file=sys.stderr)
    return 0 if not (run.error or run.aborted or run.waiting or run.pending) else 1


def run_status(context: Context, args: argparse.Namespace) -> int:
    context.open()
    print_report(report_rows(), NAV_COLUMNS, args.format)
    return 0


def run_annul(context: Context, args: argparse.Namespace) -> int:
    config = context.open()
    transaction_id = annul(config, client_factory(config), args.number, args.reason)
    print(t("cli.nav_annulled", number=args.number, transaction=transaction_id))
    return 0


def run_xml(context: Context, args: argparse.Namespace) -> int:
    config = context.open()
    try:
        document = stored_xml(args.number, config)
    except NavDataError as exc:
        raise InvalidValue("error.nav_data", number=args.number, problem=str(exc)) from None
    sys.stdout.flush()
    sys.stdout.buffer.write(document + b"\n")
    sys.stdout.buffer.flush()
    return 0


__all__ = ["register"]
