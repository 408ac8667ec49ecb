"""Számlázandó rendelések: the invoice cart. Invoice all or the selected with a progress bar
and a result per order, then e-mail the invoices with a progress bar and a result per invoice;
view or print an invoice."""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, ProgressBar, RichLog, Static

from okos_tui.core.errors import DomainError
from okos_tui.core.formatting import hu_money
from okos_tui.db import EmailStatus, Invoice, InvoiceKind
from okos_tui.domain.invoicing import InvoiceOutcome, cart_orders, cart_remove
from okos_tui.domain.sales.orders import OrderSummary
from okos_tui.i18n import t
from okos_tui.services.invoice_pdfs import invoice_with_pdfs
from okos_tui.services.mailing import EmailOutcome, send_invoices, waiting_invoices
from okos_tui.ui.screens.base import DataScreen
from okos_tui.ui.screens.confirm import ConfirmScreen
from okos_tui.ui.screens.table_view import TableViewScreen
from okos_tui.ui.widgets import cells
from okos_tui.ui.widgets.selectable_table import SelectableTable

RECENT_INVOICES = 200
CUSTOMER_WIDTH = 20  # the cart's orders
BUYER_WIDTH = 14  # the invoices: with it all six columns fit in 80


class CartScreen(DataScreen):
    TITLE_KEY = "ui.screen.cart"
    BINDINGS = [  # the footer shows what fits at 80 columns, in this order; F1 lists them all
        Binding("i", "invoice", t("ui.invoice_all"), id="cart_invoice"),
        Binding("m", "email", t("ui.email.key"), tooltip=t("ui.email"), id="cart_email"),
        Binding("v", "view", t("ui.view_pdf.key"), tooltip=t("ui.view_pdf"), id="cart_view"),
        Binding("p", "print", t("ui.print_pdf"), id="cart_print"),
        Binding("r", "remove", t("ui.remove"), id="cart_remove"),
        Binding("a", "select_all", t("ui.select.all"), id="cart_select_all"),
        Binding("tab", "app.focus_next", show=False, id="cart_focus_next"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.totals: dict[str, Decimal] = {}
        self.busy = False

    def compose_body(self) -> ComposeResult:
        yield Static(id="cart-summary")
        yield SelectableTable(id="cart-table")
        yield Static(id="invoices-title")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="invoices-table")
        yield ProgressBar(id="progress", show_eta=False)
        yield RichLog(id="results", markup=False, highlight=False, max_lines=500)

    def on_mount(self) -> None:
        super().on_mount()
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
            ("order_number", t("ui.col.order_number"), None),
            ("customer", t("col.customer"), BUYER_WIDTH),
            ("gross_total", t("col.gross_total"), None),
            ("email_status", t("col.email_status"), None),
        ):
            invoices.add_column(title, key=key, width=width)
        self.query_one(ProgressBar).display = False
        self.query_one(RichLog).display = False  # until there are results
        self.query_one(SelectableTable).focus()
        self.reload()

    def load(self) -> tuple[list[OrderSummary], list[Invoice]]:
        orders = cart_orders()
        invoices = list(Invoice.select().order_by(Invoice.id.desc()).limit(RECENT_INVOICES))
        return orders, invoices

    def show(self, data: tuple[list[OrderSummary], list[Invoice]]) -> None:
        orders, invoices = data
        self.totals = {order.number: order.gross_total for order in orders}
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
                for order in orders
            ]
        )
        summary = (
            t(
                "cli.cart_total",
                count=len(orders),
                total=hu_money(sum(self.totals.values(), Decimal(0))),
            )
            if orders
            else t("ui.cart.empty")
        )
        self.query_one("#cart-summary", Static).update(Text(summary, style="bold"))
        unsent = sum(i.email_status != EmailStatus.SENT for i in invoices)
        self.query_one("#invoices-title", Static).update(
            Text(
                f"{t('ui.order.invoices')} – {t('ui.unsent_invoices', count=unsent)}", style="bold"
            )
        )
        table = self.query_one("#invoices-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        for invoice in invoices:
            table.add_row(
                cells.text(invoice.number),
                cells.text(t(f"invoice.kind.{invoice.kind}")),
                cells.text(invoice.order_number),
                cells.text(invoice.buyer_name),
                cells.money(invoice.gross_total, invoice.currency),
                cells.text(
                    t(f"ui.email_status.{invoice.email_status}"),
                    style="green" if invoice.email_status == EmailStatus.SENT else "yellow",
                ),
                key=invoice.number,
            )
        if invoices:
            table.move_cursor(row=min(cursor, len(invoices) - 1), animate=False)

    # -- selection and removal -------------------------------------------------------------
    def action_select_all(self) -> None:
        self.query_one(SelectableTable).select_where(lambda key: True)

    def _chosen(self) -> list[str]:
        table = self.query_one(SelectableTable)
        return [n for n in self.totals if n in table.selected] or list(self.totals)

    def action_remove(self) -> None:
        if self._busy():
            return
        table = self.query_one(SelectableTable)
        numbers = [n for n in self.totals if n in table.selected] or (
            [table.current_key] if table.current_key else []
        )
        if numbers:
            self._remove(numbers)

    @work(thread=True, exclusive=True, group="write", exit_on_error=False)
    def _remove(self, numbers: list[str]) -> None:
        cart_remove(numbers)
        self.app.call_from_thread(self.app.data_changed)

    # -- invoicing -------------------------------------------------------------------------
    def _busy(self) -> bool:
        """While invoices are issued, their PDFs written or e-mails sent, the cart takes no
        new work: say so rather than ignore the key."""
        if self.busy:
            self.notify(t("ui.busy"), severity="warning", markup=False)
        return self.busy

    def action_invoice(self) -> None:
        if self._busy():
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
        self.busy = True
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=total, progress=0)
        self.query_one(RichLog).display = True

    def _step(self, line: str) -> None:
        self.query_one(ProgressBar).advance(1)
        self.query_one(RichLog).write(Text(line))

    def _finish(self) -> None:
        self.busy = False
        self.query_one(ProgressBar).display = False
        self.app.data_changed()

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
            _, pdfs = invoice_with_pdfs(
                numbers,
                self.app.invoice_settings,
                self.app.config.invoicing.pdf_dir,
                progress=progress,
            )  # PDFs rendered on the other cores while the next orders are invoiced
            self.app.report_pdf_failures(pdfs.values())
        finally:
            self.app.call_from_thread(self._finish)

    # -- e-mail ----------------------------------------------------------------------------
    def action_email(self) -> None:
        if self._busy():
            return
        if self.app.config.smtp is None:
            self.notify(t("error.smtp_missing"), severity="error", markup=False)
            return
        self._count_unsent()

    @work(thread=True, exclusive=True, group="report", exit_on_error=False)
    def _count_unsent(self) -> None:
        count = len(waiting_invoices())
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
            send_invoices(self.app.config, progress=progress)
        except DomainError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
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
            self._view(number)

    @work(thread=True, exclusive=True, group="report", exit_on_error=False)
    def _view(self, number: str) -> None:
        invoice = Invoice.get(Invoice.number == number)
        if self.app.config.ui.pdf_viewer and invoice.pdf_path:
            self.app.call_from_thread(
                self.app.open_external, [*self.app.config.ui.pdf_viewer, invoice.pdf_path]
            )
            return
        lines = list(invoice.lines)
        title = f"{t('invoice.kind.' + invoice.kind)} {invoice.number} – {invoice.buyer_name}"
        note = f"{t('col.gross_total')}: {hu_money(invoice.gross_total, invoice.currency)}"
        if invoice.kind == InvoiceKind.STORNO and invoice.original_id:
            note += "  (" + t("pdf.storno_of", number=invoice.original.number) + ")"
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
                for line in lines
            ],
            note=note,
        )
        self.app.call_from_thread(self.app.push_screen, screen)

    def action_print(self) -> None:
        number = self._current_invoice()
        if number:
            invoice = Invoice.get(Invoice.number == number)
            if invoice.pdf_path:
                self.app.print_file(invoice.pdf_path)

    @on(SelectableTable.SelectionChanged)
    def selection_changed(self) -> None:
        """Nothing to recompute: the summary shows the whole cart."""
