"""Számlázandó rendelések: the invoice cart. Invoice all or the selected with a progress bar
and a result per order, then e-mail the invoices with a progress bar and a result per invoice;
view or print an invoice; see each invoice's report to NAV, and send a rejected one again."""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import DataTable, ProgressBar, RichLog, Static

from okos_tui.core.formatting import hu_money, hu_money_totals
from okos_tui.domain.invoicing import InvoiceOutcome
from okos_tui.i18n import t
from okos_tui.services.backoffice import CartView
from okos_tui.services.mailing import EmailOutcome
from okos_tui.services.views import InvoiceRef
from okos_tui.ui.screens.base import DataScreen
from okos_tui.ui.screens.confirm import ConfirmScreen
from okos_tui.ui.screens.table_view import TableViewScreen
from okos_tui.ui.widgets import cells
from okos_tui.ui.widgets.selectable_table import SelectableTable

CUSTOMER_WIDTH = 20  # the cart's orders
BUYER_WIDTH = 14  # the invoices: with it all six columns fit in 80 (the order: under the table)
NOT_REPORTED = "–"  # the NAV column without a [nav] table
NAV_STYLES = {"done": "green", "pending": "yellow", "aborted": "bold red"}


class CartScreen(DataScreen):
    TITLE_KEY = "ui.screen.cart"
    BINDINGS = [  # the footer shows what fits at 80 columns, in this order; F1 lists them all
        Binding("i", "invoice", "ui.invoice_all", id="cart_invoice"),
        Binding("m", "email", "ui.email.key", tooltip="ui.email", id="cart_email"),
        Binding("v", "view", "ui.view_pdf.key", tooltip="ui.view_pdf", id="cart_view"),
        Binding("p", "print", "ui.print_pdf", id="cart_print"),
        Binding("r", "remove", "ui.remove", id="cart_remove"),
        Binding(  # shown while the invoice under the cursor is one NAV rejected
            "n",
            "nav_send_again",
            "ui.nav_send_again.key",
            tooltip="ui.nav_send_again",
            id="nav_send_again",
        ),
        Binding("a", "select_all", "ui.select.all", id="cart_select_all"),
        Binding("tab", "app.focus_next", show=False, id="cart_focus_next"),
    ]

    busy: reactive[bool] = reactive(False, init=False)
    """Invoices being issued, their PDFs written or e-mails sent: the cart takes no new work."""

    def __init__(self) -> None:
        super().__init__()
        self.totals: dict[str, tuple[Decimal, str]] = {}  # order number -> gross, currency
        self.invoices: dict[str, InvoiceRef] = {}  # the invoices listed, by number

    def compose_body(self) -> ComposeResult:
        yield Static(id="cart-summary")
        yield SelectableTable(id="cart-table")
        yield Static(id="invoices-title")
        yield Static(id="nav-missing")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="invoices-table")
        yield Static(id="invoice-note")
        yield ProgressBar(id="progress", show_eta=False)
        yield RichLog(id="results", markup=False, highlight=False, max_lines=500)

    def setup(self) -> None:
        self.query_one(SelectableTable).setup_columns(
            [
                ("order_number", t("ui.col.order_number")),
                ("created", t("ui.col.created")),
                ("customer", t("col.customer"), CUSTOMER_WIDTH),
                ("gross_total", t("col.gross_total")),
            ]
        )
        invoices = self.query_one("#invoices-table", DataTable)
        for key, title, width in (
            ("number", t("col.number"), None),
            ("kind", t("ui.col.kind"), None),
            ("customer", t("col.customer"), BUYER_WIDTH),
            ("gross_total", t("col.gross_total"), None),
            ("email_status", t("col.email_status"), None),
            ("nav_status", t("ui.col.nav"), None),
        ):
            invoices.add_column(title, key=key, width=width)
        missing = self.query_one("#nav-missing", Static)
        missing.update(Text(t("ui.nav_missing"), style="yellow"))
        missing.display = not self.backoffice.nav_configured
        self.query_one("#invoice-note", Static).display = False  # until there are invoices
        self.query_one(ProgressBar).display = self.busy
        self.query_one(RichLog).display = False  # until there are results
        self.query_one(SelectableTable).focus()

    def watch_busy(self, busy: bool) -> None:
        self.query_one(ProgressBar).display = busy
        if busy:
            self.query_one(RichLog).display = True
        else:
            self.okos.data_changed()

    def load(self) -> CartView:
        return self.backoffice.cart()

    def show(self, cart: CartView) -> None:
        self.totals = {order.number: (order.gross_total, order.currency) for order in cart.orders}
        self.query_one(SelectableTable).set_rows(
            [
                (
                    order.number,
                    [
                        cells.text(order.number),
                        cells.when(order.created),
                        cells.text(order.customer),
                        cells.money(order.gross_total, order.currency),
                    ],
                )
                for order in cart.orders
            ]
        )
        summary = (
            t(
                "cli.cart_total",
                count=len(cart.orders),
                total=hu_money_totals(self.totals.values()),
            )
            if cart.orders
            else t("ui.cart.empty")
        )
        self.query_one("#cart-summary", Static).update(Text(summary, style="bold"))
        unsent = sum(not invoice.sent for invoice in cart.invoices)
        self.query_one("#invoices-title", Static).update(
            Text(
                f"{t('ui.order.invoices')} – {t('ui.unsent_invoices', count=unsent)}", style="bold"
            )
        )
        table = self.query_one("#invoices-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        for invoice in cart.invoices:
            table.add_row(
                cells.text(invoice.number),
                cells.text(
                    t(f"invoice.kind.{invoice.shown_kind}"),
                    style="red" if invoice.cancelled_by else "",
                ),
                cells.text(invoice.buyer_name),
                cells.money(invoice.gross_total, invoice.currency),
                cells.text(
                    t(f"ui.email_status.{invoice.email_status}"),
                    style="green" if invoice.sent else "yellow",
                ),
                self._nav_cell(invoice),
                key=invoice.number,
            )
        self.invoices = {invoice.number: invoice for invoice in cart.invoices}
        if cart.invoices:
            table.move_cursor(row=min(cursor, len(cart.invoices) - 1), animate=False)
        self._show_note()

    # -- the report to NAV -----------------------------------------------------------------
    def _nav_cell(self, invoice: InvoiceRef) -> Text:
        if not self.backoffice.nav_configured:
            return cells.text(NOT_REPORTED)
        style = NAV_STYLES.get(invoice.nav_status, "")
        return cells.text(t(f"ui.nav_status.{invoice.nav_status}"), style=style)

    def _show_note(self) -> None:
        """Under the invoices: the order of the invoice under the cursor, its report to NAV
        and NAV's message (why it was rejected)."""
        note = self.query_one("#invoice-note", Static)
        invoice = self.invoices.get(self._current_invoice() or "")
        note.display = invoice is not None
        self.refresh_bindings()
        if invoice is None:
            return
        line = Text(cells.clean(invoice.number), style="bold")
        line.append(" – " + t("ui.invoice.order", order=cells.clean(invoice.order_number)))
        if self.backoffice.nav_configured:
            aborted = invoice.nav_rejected
            line.append(" – ")
            status = t(f"nav.status.{invoice.nav_status}")
            line.append(t("ui.invoice.nav", status=status), style="bold red" if aborted else "")
            if invoice.nav_message:
                line.append(": ")
                line.append(cells.clean(invoice.nav_message), style="red" if aborted else "dim")
        note.update(line)

    @on(DataTable.RowHighlighted, "#invoices-table")
    def invoice_highlighted(self) -> None:
        self._show_note()

    def _current_aborted(self) -> str | None:
        """The number of the invoice under the cursor when NAV rejected it."""
        invoice = self.invoices.get(self._current_invoice() or "")
        if invoice is None or not invoice.nav_rejected:
            return None
        return invoice.number if self.backoffice.nav_configured else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The re-send key is there only for an invoice NAV rejected."""
        if action == "nav_send_again":
            return self._current_aborted() is not None
        return True

    def action_nav_send_again(self) -> None:
        number = self._current_aborted()
        if number:
            self._nav_send_again(number)

    @work(thread=True, exclusive=True, group="nav", exit_on_error=False)
    def _nav_send_again(self, number: str) -> None:
        outcome = self.backoffice.send_to_nav_again(number, self.okos.sync_service)
        message = t(f"ui.nav_resend.{outcome}", number=number)
        severity = "warning" if outcome == "unreachable" else "information"
        self.app.call_from_thread(self.notify, message, severity=severity, markup=False)
        self.app.call_from_thread(self.okos.data_changed)

    # -- selection and removal -------------------------------------------------------------
    def action_select_all(self) -> None:
        self.query_one(SelectableTable).select_where(lambda key: True)

    def _chosen(self) -> list[str]:
        table = self.query_one(SelectableTable)
        return [n for n in self.totals if n in table.selected] or list(self.totals)

    def action_remove(self) -> None:
        if self._refuse_while_busy():
            return
        table = self.query_one(SelectableTable)
        numbers = [n for n in self.totals if n in table.selected] or (
            [table.current_key] if table.current_key else []
        )
        if numbers:
            self._remove(numbers)

    @work(thread=True, exclusive=True, group="write", exit_on_error=False)
    def _remove(self, numbers: list[str]) -> None:
        self.backoffice.remove_from_cart(numbers)
        self.app.call_from_thread(self.okos.data_changed)

    # -- invoicing -------------------------------------------------------------------------
    def _refuse_while_busy(self) -> bool:
        """While the cart works, say so rather than ignore the key."""
        if self.busy:
            self.notify(t("ui.busy"), severity="warning", markup=False)
        return self.busy

    def action_invoice(self) -> None:
        if self._refuse_while_busy():
            return
        numbers = self._chosen()
        if not numbers:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._start_progress(len(numbers))
                self._invoice(numbers)

        self.app.push_screen(
            ConfirmScreen(t("ui.confirm.invoice_many", count=len(numbers))), answered
        )

    def _start_progress(self, total: int) -> None:
        self.query_one(ProgressBar).update(total=total, progress=0)
        self.busy = True

    def _step(self, line: str) -> None:
        self.query_one(ProgressBar).advance(1)
        self.query_one(RichLog).write(Text(line))

    def _finish(self) -> None:
        self.busy = False

    @work(thread=True, exclusive=True, group="write", exit_on_error=False)
    def _invoice(self, numbers: list[str]) -> None:
        def progress(done: int, total: int, outcome: InvoiceOutcome) -> None:
            if outcome.ok:
                line = t(
                    "ui.result.invoice_ok",
                    order=outcome.order_number,
                    invoice=outcome.invoice_number,
                )
            else:
                line = t(
                    "ui.result.invoice_failed", order=outcome.order_number, error=outcome.error
                )
            self.app.call_from_thread(self._step, line)

        try:
            _, pdfs = self.backoffice.invoice_orders(numbers, progress=progress)
            self.okos.invoices_issued(pdfs.values())
        finally:
            self.app.call_from_thread(self._finish)

    # -- e-mail ----------------------------------------------------------------------------
    def action_email(self) -> None:
        if self._refuse_while_busy():
            return
        if not self.backoffice.can_email:
            self.notify(t("error.smtp_missing"), severity="error", markup=False)
            return
        self._count_unsent()

    @work(thread=True, exclusive=True, group="report", exit_on_error=False)
    def _count_unsent(self) -> None:
        count = self.backoffice.unsent_invoices()
        if count:
            self.app.call_from_thread(self._ask_email, count)
        else:
            self.app.call_from_thread(self.notify, t("ui.nothing_to_send"), markup=False)

    def _ask_email(self, count: int) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self._start_progress(count)
                self._email()

        self.app.push_screen(ConfirmScreen(t("ui.confirm.email", count=count)), answered)

    @work(thread=True, exclusive=True, group="write", exit_on_error=False)
    def _email(self) -> None:
        def progress(done: int, total: int, outcome: EmailOutcome) -> None:
            mark = "✓" if outcome.status == "sent" else "✗" if outcome.status == "failed" else "–"
            status = t(f"email.{outcome.status}")
            detail = f" ({outcome.error})" if outcome.error else ""
            line = (
                t(
                    "ui.result.email",
                    mark=mark,
                    number=outcome.number,
                    recipient=outcome.recipient or "-",
                    status=status,
                )
                + detail
            )
            self.app.call_from_thread(self._step, line)

        try:
            self.backoffice.send_invoices(progress=progress)
        finally:
            self.app.call_from_thread(self._finish)

    # -- view and print --------------------------------------------------------------------
    def _current_invoice(self) -> str | None:
        table = self.query_one("#invoices-table", DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def action_view(self) -> None:
        number = self._current_invoice()
        if number:
            self._view(number, self.invoices.get(number))

    @work(thread=True, exclusive=True, group="report", exit_on_error=False)
    def _view(self, number: str, listed: InvoiceRef | None) -> None:
        invoice = self.backoffice.invoice(number)
        viewer = self.backoffice.pdf_viewer
        if viewer and invoice.pdf_path:
            self.app.call_from_thread(self.okos.open_external, [*viewer, invoice.pdf_path])
            return
        title = f"{t('invoice.kind.' + invoice.kind)} {invoice.number} – {invoice.buyer_name}"
        note = f"{t('col.gross_total')}: {hu_money(invoice.gross_total, invoice.currency)}"
        if invoice.original:  # a storno invoice
            note += "  (" + t("pdf.storno_of", number=invoice.original) + ")"
        if listed is not None and self.backoffice.nav_configured:
            note += "\n" + t("ui.invoice.nav", status=t(f"nav.status.{listed.nav_status}"))
            if listed.nav_message:
                note += ": " + cells.clean(listed.nav_message)
        screen = TableViewScreen(
            cells.clean(title),
            [
                t("col.name"),
                t("ui.col.quantity"),
                t("ui.col.unit_net"),
                t("ui.col.vat_rate"),
                t("ui.col.net"),
                t("ui.col.gross"),
            ],
            [
                [
                    cells.text(line.name),
                    cells.number(line.quantity),
                    cells.number(line.unit_net),
                    cells.text(line.vat_code),
                    cells.money(line.net, invoice.currency),
                    cells.money(line.gross, invoice.currency),
                ]
                for line in invoice.lines
            ],
            note=note,
        )
        self.app.call_from_thread(self.app.push_screen, screen)

    def action_print(self) -> None:
        number = self._current_invoice()
        if number:
            self._print_invoice(number)

    @work(thread=True, exclusive=True, group="report", exit_on_error=False)
    def _print_invoice(self, number: str) -> None:
        path = self.backoffice.invoice_pdf(number)
        if path:
            self.app.call_from_thread(self.okos.print_file, path)

    @on(SelectableTable.SelectionChanged)
    def selection_changed(self) -> None:
        """Nothing to recompute: the summary shows the whole cart."""
