"""One order: customer, addresses, lines, notes and invoices; invoice, cancel, storno, edit."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from okos_tui.core.errors import DomainError
from okos_tui.core.formatting import hu_datetime, hu_money
from okos_tui.db import Invoice, InvoiceKind, SalesOrder, SalesOrderLine, SalesOrderStatus
from okos_tui.domain.invoicing import issue_invoice, storno_invoice
from okos_tui.domain.sales.orders import cancel_order, get_order, order_totals
from okos_tui.i18n import t
from okos_tui.ui.screens.base import DataScreen
from okos_tui.ui.screens.confirm import ConfirmScreen
from okos_tui.ui.screens.order_edit import OrderEditScreen
from okos_tui.ui.widgets import cells

NAME_WIDTH = 14  # long names end in an ellipsis: the money columns always show whole
SKU_WIDTH = 10  # service items have long generated SKUs ("SZ-SZALLITASI-DIJ")


@dataclass(frozen=True)
class OrderView:
    order: SalesOrder
    lines: list[SalesOrderLine]
    invoices: list[Invoice]
    gross: object


class OrderDetailScreen(DataScreen):
    TITLE_KEY = "ui.screen.orders"
    BINDINGS = [  # the order's actions first: the footer shows what fits at 80 columns
        Binding("i", "invoice", t("ui.invoice"), id="detail_invoice"),
        Binding("e", "edit", t("ui.edit"), id="detail_edit"),
        Binding("x", "cancel_order", t("ui.cancel_order"), id="detail_cancel"),
        Binding("s", "storno", t("ui.storno"), id="detail_storno"),
        Binding("escape", "app.pop_screen", t("ui.back"), id="detail_back"),
    ]

    def __init__(self, number: str) -> None:
        super().__init__()
        self.number = number
        self.view: OrderView | None = None

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="detail"):
            yield Static(id="facts")
            yield Static(Text(t("ui.order.lines"), style="bold"), id="lines-title")
            yield DataTable(cursor_type="row", zebra_stripes=True, id="lines")
            yield Static(id="invoices")

    def on_mount(self) -> None:
        super().on_mount()
        # after DataScreen's on_mount, which Textual runs after this one and which sets the
        # title of the orders list: the header names the order
        self.call_later(self._name_the_order)
        table = self.query_one("#lines", DataTable)
        for key, title, width in (  # all eight fit in 80 columns
            ("sku", t("col.sku"), SKU_WIDTH),
            ("name", t("col.name"), NAME_WIDTH),
            ("quantity", t("ui.col.quantity"), None),
            ("unit", t("ui.col.unit"), None),
            ("unit_net", t("ui.col.unit_net"), None),
            ("vat_rate", t("ui.col.vat_rate"), None),
            ("net", t("ui.col.net"), None),
            ("gross", t("ui.col.gross"), None),
        ):
            table.add_column(title, key=key, width=width)
        table.focus()
        self.reload()

    def _name_the_order(self) -> None:
        self.title = t("ui.order.title", number=self.number)

    def load(self) -> OrderView:
        order = get_order(self.number)
        lines = list(
            SalesOrderLine.select()
            .where(SalesOrderLine.order == order.id)
            .order_by(SalesOrderLine.position)
        )
        invoices = list(Invoice.select().where(Invoice.order == order.id).order_by(Invoice.id))
        return OrderView(order, lines, invoices, order_totals(order).gross)

    def show(self, view: OrderView) -> None:
        self.view = view
        order = view.order
        facts = Text()

        def fact(label: str, value: object, style: str = "") -> None:
            """One "label: value" line; an empty value leaves the line out."""
            shown = cells.clean(value).strip() if value is not None else ""
            if not shown:
                return
            if facts:
                facts.append("\n")
            facts.append(f"{label}: ", style="bold")
            facts.append(shown, style=style)

        fact(t("col.order_number"), order.number)
        fact(t("col.status"), t(f"status.{order.status}"))
        fact(t("col.created"), hu_datetime(order.created_at))
        fact(t("col.customer"), order.customer_name)
        fact(t("col.email"), order.email)
        fact(t("col.tax_number"), order.tax_number)
        for kind in ("billing", "delivery"):
            parts = (
                getattr(order, f"{kind}_{p}")
                for p in ("name", "postcode", "city", "street", "country")
            )
            fact(t(f"col.{kind}"), " ".join(p for p in parts if p))
        fact(t("col.payment_method"), order.payment_method.name if order.payment_method else "")
        fact(t("col.shipping_method"), order.shipping_method.name if order.shipping_method else "")
        fact(t("col.header_note"), order.header_note)
        fact(t("col.internal_note"), order.internal_note)
        fact(t("ui.order.review"), order.review_note, style="bold yellow")
        fact(t("col.gross_total"), hu_money(view.gross, order.currency), style="bold")
        self.query_one("#facts", Static).update(facts)

        table = self.query_one("#lines", DataTable)
        table.clear()
        for line in view.lines:
            table.add_row(
                cells.text(line.product.sku if line.product_id else ""),
                cells.text(line.name),
                cells.number(line.quantity),
                cells.text(line.unit),
                cells.money(line.unit_net, order.currency)
                if line.unit_net == int(line.unit_net)
                else cells.number(line.unit_net),
                cells.text(line.vat_rate.code),
                cells.money(line.net, order.currency),
                cells.money(line.gross, order.currency),
            )
        label = t("ui.order.invoices") + ": "
        invoices = Text(label, style="bold")
        for index, invoice in enumerate(view.invoices):  # one a line, under each other
            kind = t(f"invoice.kind.{invoice.kind}")
            amount = hu_money(invoice.gross_total, invoice.currency)
            status = t(f"email.{invoice.email_status}")
            indent = "\n" + " " * len(label) if index else ""
            invoices.append(f"{indent}{invoice.number} ({kind}, {amount}, {status})")
        self.query_one("#invoices", Static).update(invoices)
        self.query_one("#invoices", Static).display = bool(view.invoices)
        self.refresh_bindings()

    # -- actions ---------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The footer offers only what the order's status allows."""
        if action in ("invoice", "edit", "cancel_order"):
            return self.view is not None and self.view.order.status == SalesOrderStatus.OPEN
        if action == "storno":
            return self._invoice_to_cancel() is not None
        return True

    def _ask(self, question: str, then) -> None:
        """Confirm first, naming the customer: the order on screen is the one meant."""

        def answered(yes: bool | None) -> None:
            if yes:
                then()

        if self.view is not None:
            name = cells.clean(self.view.order.customer_name)
            question += "\n" + t("ui.confirm.customer", name=name)
        self.app.push_screen(ConfirmScreen(question), answered)

    def action_invoice(self) -> None:
        if self.view and self.view.order.status == SalesOrderStatus.OPEN:
            self._ask(t("ui.confirm.invoice", number=self.number), self._invoice)

    @work(thread=True, exclusive=True, group="write", exit_on_error=False)
    def _invoice(self) -> None:
        try:
            invoice = issue_invoice(self.number, self.app.invoice_settings)
        except DomainError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.app.write_invoice_pdfs([invoice])
        self.app.call_from_thread(
            self.notify,
            t("ui.done.invoiced", order=self.number, invoice=invoice.number),
            markup=False,
        )
        self.app.call_from_thread(self.app.data_changed)

    def action_cancel_order(self) -> None:
        if self.view and self.view.order.status == SalesOrderStatus.OPEN:
            self._ask(t("ui.confirm.cancel_order", number=self.number), self._cancel)

    @work(thread=True, exclusive=True, group="write", exit_on_error=False)
    def _cancel(self) -> None:
        try:
            cancel_order(self.number)
        except DomainError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(
            self.notify, t("ui.done.cancelled", number=self.number), markup=False
        )
        self.app.call_from_thread(self.app.data_changed)

    def _invoice_to_cancel(self) -> Invoice | None:
        if not self.view:
            return None
        cancelled = {i.original_id for i in self.view.invoices if i.kind == InvoiceKind.STORNO}
        live = [
            i for i in self.view.invoices if i.kind == InvoiceKind.INVOICE and i.id not in cancelled
        ]
        return live[-1] if live else None

    def action_storno(self) -> None:
        invoice = self._invoice_to_cancel()
        if invoice is not None:
            self._ask(
                t("ui.confirm.storno", number=invoice.number), lambda: self._storno(invoice.number)
            )

    @work(thread=True, exclusive=True, group="write", exit_on_error=False)
    def _storno(self, invoice_number: str) -> None:
        try:
            storno = storno_invoice(invoice_number, self.app.invoice_settings)
        except DomainError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.app.write_invoice_pdfs([storno])
        self.app.call_from_thread(
            self.notify, t("ui.done.storno", number=storno.number), markup=False
        )
        self.app.call_from_thread(self.app.data_changed)

    def action_edit(self) -> None:
        if self.view and self.view.order.status == SalesOrderStatus.OPEN:
            self.app.push_screen(OrderEditScreen(self.number))
