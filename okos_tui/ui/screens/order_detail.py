"""One order: customer, addresses, lines, notes and invoices (with their report to NAV);
invoice, cancel, storno, edit."""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from okos_tui.core.formatting import hu_date, hu_datetime, hu_money
from okos_tui.domain.sales.orders import SalesOrderStatus
from okos_tui.i18n import t
from okos_tui.services.views import OrderView, address_line
from okos_tui.ui.screens.base import DataScreen
from okos_tui.ui.screens.confirm import ConfirmScreen
from okos_tui.ui.screens.order_edit import OrderEditScreen
from okos_tui.ui.widgets import cells

NAME_WIDTH = 14  # long names end in an ellipsis: the money columns always show whole
SKU_WIDTH = 10  # service items have long generated SKUs ("SZ-SZALLITASI-DIJ")
NOT_REPORTED = "–"  # an invoice's NAV status without a [nav] table


class OrderDetailScreen(DataScreen):
    TITLE_KEY = "ui.screen.orders"
    BINDINGS = [  # the order's actions first: the footer shows what fits at 80 columns
        Binding("i", "invoice", "ui.invoice", id="detail_invoice"),
        Binding("e", "edit", "ui.edit", id="detail_edit"),
        Binding("x", "cancel_order", "ui.cancel_order", id="detail_cancel"),
        Binding("s", "storno", "ui.storno", id="detail_storno"),
        Binding("escape", "app.pop_screen", "ui.back", id="detail_back"),
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
            yield Static(id="nav-missing")
            yield Static(id="invoices")

    def _name_screen(self) -> None:
        self.title = t("ui.order.title", number=self.number)

    def setup(self) -> None:
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
        self.query_one("#nav-missing", Static).update(Text(t("ui.nav_missing"), style="yellow"))
        self.query_one("#nav-missing", Static).display = False  # until there are invoices
        table.focus()

    def load(self) -> OrderView:
        return self.backoffice.order(self.number)

    def show(self, view: OrderView) -> None:
        self.view = view
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

        fact(t("col.order_number"), view.number)
        fact(t("col.status"), t(f"status.{view.status}"))
        fact(t("col.created"), hu_datetime(view.created_at))
        fact(t("col.shop_order_id"), view.shop_order_id or "")
        fact(t("col.customer"), view.customer_name)
        fact(t("col.email"), view.email)
        if view.tax_number:
            status = t(f"vat_status.{view.vat_status}")
            fact(t("col.tax_number"), f"{view.tax_number} ({status})")
        fact(t("col.billing"), address_line(view.billing))
        fact(t("col.delivery"), address_line(view.delivery))
        fact(t("col.payment_method"), view.payment_method)
        fact(t("col.paid_on"), hu_date(view.paid_on) if view.paid_on else "")
        fact(t("col.fulfilment_on"), hu_date(view.fulfilment_on) if view.fulfilment_on else "")
        fact(t("col.shipping_method"), view.shipping_method)
        fact(t("col.header_note"), view.header_note)
        fact(t("col.internal_note"), view.internal_note)
        fact(t("ui.order.review"), "\n".join(map(str, view.review)), style="bold yellow")
        fact(t("col.gross_total"), hu_money(view.totals.gross, view.currency), style="bold")
        self.query_one("#facts", Static).update(facts)

        table = self.query_one("#lines", DataTable)
        table.clear()
        for line in view.lines:
            table.add_row(
                cells.text(line.sku),
                cells.text(line.name),
                cells.number(line.quantity),
                cells.text(line.unit),
                cells.money(line.unit_net, view.currency)
                if line.unit_net == int(line.unit_net)
                else cells.number(line.unit_net),
                cells.text(line.vat_code),
                cells.money(line.net, view.currency),
                cells.money(line.gross, view.currency),
            )
        self.query_one("#invoices", Static).update(self._invoices(view))
        self.query_one("#invoices", Static).display = bool(view.invoices)
        reported = self.backoffice.nav_configured
        self.query_one("#nav-missing", Static).display = bool(view.invoices) and not reported
        self.refresh_bindings()

    def _invoices(self, view: OrderView) -> Text:
        """The order's invoices one a line: kind, amount, e-mail, the report to NAV (in red,
        and NAV's message under it, when NAV rejected it). The report goes under the invoice,
        indented, when the line would be too long for the screen."""
        label = t("ui.order.invoices") + ": "
        indent = " " * len(label)
        width = self.query_one("#facts", Static).content_size.width  # 0: not laid out yet
        invoices = Text(label, style="bold")
        reported = self.backoffice.nav_configured
        for index, invoice in enumerate(view.invoices):  # one a line, under each other
            kind = t(f"invoice.kind.{invoice.shown_kind}")
            amount = hu_money(invoice.gross_total, invoice.currency)
            email = t(f"email.{invoice.email_status}")
            status = t(f"ui.nav_status.{invoice.nav_status}") if reported else NOT_REPORTED
            rejected = reported and invoice.nav_rejected
            if index:
                invoices.append("\n" + indent)
            head = f"{cells.clean(invoice.number)} ({kind}, {amount}, {email},"
            nav = t("ui.invoice.nav", status=status)
            too_long = width and cell_len(f"{indent}{head} {nav})") > width
            invoices.append(head + ("\n" + indent if too_long else " "))
            invoices.append(nav, style="bold red" if rejected else "")
            invoices.append(")")
            if reported and invoice.nav_message:
                message = cells.clean(invoice.nav_message)
                invoices.append("\n" + indent + message, style="red" if rejected else "dim")
        return invoices

    # -- actions ---------------------------------------------------------------------------
    @property
    def _open(self) -> bool:
        return self.view is not None and self.view.status == SalesOrderStatus.OPEN

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The footer offers only what the order's status allows."""
        if action in ("invoice", "edit", "cancel_order"):
            return self._open
        if action == "storno":
            return self.view is not None and self.view.invoice_to_cancel is not None
        return True

    def _ask(self, question: str, then: Callable[[], object]) -> None:
        """Confirm first, naming the customer: the order on screen is the one meant."""

        def answered(yes: bool | None) -> None:
            if yes:
                then()

        if self.view is not None:
            name = cells.clean(self.view.customer_name)
            question += "\n" + t("ui.confirm.customer", name=name)
        self.app.push_screen(ConfirmScreen(question), answered)

    def action_invoice(self) -> None:
        if self._open:
            self._ask(t("ui.confirm.invoice", number=self.number), self._invoice)

    @work(thread=True, exclusive=True, group="write", exit_on_error=False)
    def _invoice(self) -> None:
        invoice, pdf = self.backoffice.issue_invoice(self.number)
        self.okos.invoices_issued([pdf])
        self._done(t("ui.done.invoiced", order=self.number, invoice=invoice))

    def action_cancel_order(self) -> None:
        if self._open:
            self._ask(t("ui.confirm.cancel_order", number=self.number), self._cancel)

    @work(thread=True, exclusive=True, group="write", exit_on_error=False)
    def _cancel(self) -> None:
        self.backoffice.cancel_order(self.number)
        self._done(t("ui.done.cancelled", number=self.number))

    def action_storno(self) -> None:
        invoice = self.view.invoice_to_cancel if self.view is not None else None
        if invoice is not None:
            number = invoice.number
            self._ask(t("ui.confirm.storno", number=number), lambda: self._storno(number))

    @work(thread=True, exclusive=True, group="write", exit_on_error=False)
    def _storno(self, invoice_number: str) -> None:
        storno, pdf = self.backoffice.storno(invoice_number)
        self.okos.invoices_issued([pdf])
        self._done(t("ui.done.storno", number=storno))

    def _done(self, message: str) -> None:
        """Worker thread: say it, and let every screen see the change."""
        self.app.call_from_thread(self.notify, message, markup=False)
        self.app.call_from_thread(self.okos.data_changed)

    def action_edit(self) -> None:
        if self._open:
            self.app.push_screen(OrderEditScreen(self.number))
