"""okos invoice create|storno|list|show|email|render and okos cart add|remove|list"""

from __future__ import annotations

import argparse
import sys

from okos_tui.cli.commands.stock import add_format
from okos_tui.cli.dates import iso_date
from okos_tui.config import Config
from okos_tui.core.errors import InvalidValue
from okos_tui.core.formatting import hu_money, hu_money_totals
from okos_tui.domain.invoicing import cart_add, cart_orders, cart_remove
from okos_tui.i18n import t
from okos_tui.services.invoicing import invoice_with_pdfs, render_pending, storno_with_pdf
from okos_tui.services.mailing import allow_resend, send_invoices, stuck_in_sending
from okos_tui.services.nav_reporting import client_factory, report_all
from okos_tui.services.reports.columns import CART_COLUMNS, INVOICE_COLUMNS, LINE_COLUMNS
from okos_tui.services.reports.documents import invoice_document
from okos_tui.services.reports.output import clean_text, print_json, print_report
from okos_tui.services.settings import invoice_settings
from okos_tui.services.views import invoice_list, invoice_view
from okos_tui.services.workspace import Context


def register(commands: argparse._SubParsersAction) -> None:
    invoice = commands.add_parser("invoice", help="invoices: create, storno, list, e-mail")
    verbs = invoice.add_subparsers(dest="verb", metavar="VERB", required=True)

    create = verbs.add_parser(
        "create",
        help="invoice OPEN orders (or the invoice cart)",
        description="Invoice each order on its own (a failure does not stop the rest), write the "
        "PDFs and print each invoice number and PDF path. With --cart: the orders in the "
        "invoice cart (or, with order numbers too, those of them).",
    )
    create.add_argument("numbers", nargs="*", metavar="ORDER_NUMBER")
    create.add_argument("--cart", action="store_true", help="invoice the invoice cart")
    create.add_argument(
        "--fulfilment",
        type=iso_date,
        metavar="DATE",
        help="the fulfilment date (YYYY-MM-DD) of these invoices, instead of the payment "
        "method's rule",
    )
    create.set_defaults(handler=run_create)

    storno = verbs.add_parser(
        "storno",
        help="cancel an invoice with a storno invoice (the order becomes OPEN again)",
    )
    storno.add_argument("number", metavar="INVOICE_NUMBER")
    storno.set_defaults(handler=run_storno)

    listing = verbs.add_parser("list", help="list invoices")
    listing.add_argument("--unsent", action="store_true", help="only those not yet e-mailed")
    add_format(listing)
    listing.set_defaults(handler=run_list)

    show = verbs.add_parser("show", help="one invoice with its lines")
    show.add_argument("number", metavar="INVOICE_NUMBER")
    add_format(show)
    show.set_defaults(handler=run_show)

    email = verbs.add_parser(
        "email",
        help="e-mail every unsent invoice with its PDF",
        description="Send every unsent (or earlier failed) invoice to its customer over one SMTP "
        "connection. Nothing is sent twice: an invoice left 'sending' by a crash is listed, "
        "not resent; --resend NUMBER allows it again after you checked.",
    )
    email.add_argument("--dry-run", action="store_true", help="show what would be sent")
    email.add_argument(
        "--resend",
        metavar="INVOICE_NUMBER",
        action="append",
        default=[],
        help="allow sending this invoice again (after checking it did not arrive)",
    )
    email.set_defaults(handler=run_email)

    render = verbs.add_parser(
        "render", help="write the PDFs still missing (e.g. after a full disk)"
    )
    render.set_defaults(handler=run_render)


def register_cart(commands: argparse._SubParsersAction) -> None:
    cart = commands.add_parser("cart", help="the invoice cart (orders waiting to be invoiced)")
    verbs = cart.add_subparsers(dest="verb", metavar="VERB", required=True)
    add = verbs.add_parser("add", help="put OPEN orders in the cart")
    add.add_argument("numbers", nargs="+", metavar="ORDER_NUMBER")
    add.set_defaults(handler=run_cart_add)
    remove = verbs.add_parser("remove", help="take orders out of the cart")
    remove.add_argument("numbers", nargs="+", metavar="ORDER_NUMBER")
    remove.set_defaults(handler=run_cart_remove)
    listing = verbs.add_parser("list", help="the orders in the cart")
    add_format(listing)
    listing.set_defaults(handler=run_cart_list)


def run_create(context: Context, args: argparse.Namespace) -> int:
    config = context.open()
    if args.cart:
        in_cart = [order.number for order in cart_orders()]
        numbers = [n for n in in_cart if not args.numbers or n in set(args.numbers)]
    else:
        numbers = args.numbers
    if not numbers:
        raise InvalidValue("cli.nothing_to_invoice")
    settings = invoice_settings(config)
    outcomes, paths = invoice_with_pdfs(
        numbers, settings, config.invoicing.pdf_dir, fulfilled_on=args.fulfilment
    )
    for outcome in outcomes:
        if not outcome.ok:
            print(
                t("cli.invoice_failed", order=outcome.order_number, error=outcome.error),
                file=sys.stderr,
            )
            continue
        pdf = paths[outcome.invoice_number]
        where = str(pdf.path) if pdf.path else t("cli.pdf_failed", error=pdf.error)
        print(f"{outcome.order_number}\t{outcome.invoice_number}\t{where}")
    report_batch(config)
    # a PDF that could not be written is pending (`okos invoice render`): tell scripts too
    done = all(o.ok for o in outcomes) and all(p.error is None for p in paths.values())
    return 0 if done else 1


def report_batch(config: Config) -> None:
    """The batch goes to NAV at once when okos.toml says so; what fails waits for the next
    run (`okos nav send`, or the background service)."""
    if config.nav is None or not config.nav.report:
        return
    run = report_all(config, client_factory(config))
    waiting = run.waiting + run.pending
    print(t("cli.nav_summary", sent=run.sent, done=run.done, aborted=run.aborted, waiting=waiting))
    if run.error:
        print(t("cli.nav_unreachable", error=run.error), file=sys.stderr)


def run_storno(context: Context, args: argparse.Namespace) -> int:
    config = context.open()
    storno, pdf = storno_with_pdf(args.number, invoice_settings(config), config.invoicing.pdf_dir)
    print(
        t(
            "cli.storno_done",
            number=storno,
            original=args.number,
            path=pdf.path or t("cli.pdf_failed", error=pdf.error),
        )
    )
    report_batch(config)
    return 0 if pdf.error is None else 1


def run_list(context: Context, args: argparse.Namespace) -> int:
    context.open()
    print_report(invoice_list(unsent_only=args.unsent), INVOICE_COLUMNS, args.format)
    return 0


def run_show(context: Context, args: argparse.Namespace) -> int:
    context.open()
    invoice = invoice_view(args.number)
    (listed,) = invoice_list(number=invoice.number)
    if args.format == "json":
        print_json(invoice_document(invoice, listed))
        return 0
    if args.format == "table":
        kind = t(f"invoice.kind.{invoice.kind}")
        print(clean_text(f"{kind} {invoice.number} ({invoice.order_number}, {invoice.buyer_name})"))
        if invoice.original:
            print(t("cli.storno_of", number=invoice.original))
        if invoice.cancelled_by:
            print(t("cli.cancelled_by", number=invoice.cancelled_by))
        print(f"{t('col.gross_total')}: {hu_money(invoice.gross_total, invoice.currency)}")
        if invoice.rounding:
            print(f"{t('col.payable')}: {hu_money(invoice.payable, invoice.currency)}")
        print()
    print_report(list(invoice.lines), LINE_COLUMNS, args.format)
    return 0


def run_email(context: Context, args: argparse.Namespace) -> int:
    config = context.open()
    for number in args.resend:
        allow_resend(number)
    outcomes = send_invoices(config, dry_run=args.dry_run)
    for outcome in outcomes:
        status = t(f"email.{outcome.status}")
        line = f"{outcome.number}\t{outcome.recipient or '-'}\t{status}"
        print(f"{line}\t{outcome.error}" if outcome.error else line)
    for invoice in stuck_in_sending():
        print(t("cli.stuck_sending", number=invoice.number), file=sys.stderr)
    sent = sum(o.status == "sent" for o in outcomes)
    print(
        t(
            "cli.email_summary",
            sent=sent,
            failed=sum(o.status == "failed" for o in outcomes),
            skipped=sum(o.status == "skipped" for o in outcomes),
        )
    )
    return 1 if any(o.status in ("failed", "uncertain") for o in outcomes) else 0


def run_render(context: Context, args: argparse.Namespace) -> int:
    config = context.open()
    outcomes = render_pending(config.invoicing.pdf_dir)
    for outcome in outcomes:
        print(f"{outcome.number}\t{outcome.path or outcome.error}")
    return 1 if any(o.error for o in outcomes) else 0


def run_cart_add(context: Context, args: argparse.Namespace) -> int:
    context.open()
    cart_add(args.numbers)
    print(t("cli.cart_size", count=len(cart_orders())))
    return 0


def run_cart_remove(context: Context, args: argparse.Namespace) -> int:
    context.open()
    cart_remove(args.numbers)
    print(t("cli.cart_size", count=len(cart_orders())))
    return 0


def run_cart_list(context: Context, args: argparse.Namespace) -> int:
    context.open()
    orders = cart_orders()
    print_report(orders, CART_COLUMNS, args.format)
    if args.format == "table" and orders:
        total = hu_money_totals((o.gross_total, o.currency) for o in orders)
        print(t("cli.cart_total", count=len(orders), total=total))
    return 0


__all__ = ["register", "register_cart"]
