"""okos nav xml: the NAV Online Számla invoiceData of an invoice."""

from __future__ import annotations

import argparse
import sys

from okos_tui.core.errors import InvalidValue
from okos_tui.nav.invoice_data import NavDataError
from okos_tui.services.nav_documents import invoice_xml, reaches_by_email
from okos_tui.services.workspace import Context


def register(commands: argparse._SubParsersAction) -> None:
    nav = commands.add_parser("nav", help="NAV Online Számla: the invoices' reports")
    verbs = nav.add_subparsers(dest="verb", metavar="VERB", required=True)
    xml = verbs.add_parser(
        "xml",
        help="the invoiceData XML (interface v3.0) of an invoice or storno invoice",
        description="Print the invoiceData document NAV gets for this invoice: CREATE for an "
        "invoice, STORNO (with its reference to the original) for a storno invoice.",
    )
    xml.add_argument("number", metavar="INVOICE_NUMBER")
    xml.set_defaults(handler=run_xml)


def run_xml(context: Context, args: argparse.Namespace) -> int:
    config = context.open()
    try:
        document = invoice_xml(args.number, electronic=reaches_by_email(config, args.number))
    except NavDataError as exc:
        raise InvalidValue("error.nav_data", number=args.number, problem=str(exc)) from None
    sys.stdout.flush()
    sys.stdout.buffer.write(document + b"\n")
    sys.stdout.buffer.flush()
    return 0


__all__ = ["register"]
