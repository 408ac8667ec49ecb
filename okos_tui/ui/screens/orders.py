"""Megrendelések: every order, searchable and filtered by status; Enter opens one."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Input, Static

from okos_tui.domain.sales.orders import OrderSummary, SalesOrderStatus
from okos_tui.i18n import t
from okos_tui.ui.screens.base import DataScreen
from okos_tui.ui.screens.order_detail import OrderDetailScreen
from okos_tui.ui.widgets import cells
from okos_tui.ui.widgets.selectable_table import Row, RowCells, SelectableTable

LIMIT = 2000
CUSTOMER_WIDTH = 16
STATUS_FILTERS = (
    None,
    SalesOrderStatus.OPEN,
    SalesOrderStatus.INVOICED,
    SalesOrderStatus.CANCELLED,
)


class OrdersScreen(DataScreen):
    TITLE_KEY = "ui.screen.orders"
    BINDINGS = [
        Binding("slash", "search", "ui.search", id="orders_search"),
        Binding("f", "cycle_status", "ui.filter_status", id="orders_filter_status"),
        Binding("enter", "open_order", "ui.open_order", id="orders_open", show=True),
    ]

    status_filter: reactive[int] = reactive(0, init=False)
    search_text: reactive[str] = reactive("", init=False)

    def __init__(self) -> None:
        super().__init__()
        self._cells: RowCells[OrderSummary] = RowCells(lambda order: order.number)

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="filters"):
            yield Input(self.search_text, placeholder=t("ui.search.placeholder"), id="search")
            yield Static("", id="status-filter")
        yield SelectableTable(selectable=False, id="orders-table")

    def setup(self) -> None:
        self.query_one(SelectableTable).setup_columns(
            [  # all six fit in 80 columns: the day only (11 columns crop the time off)
                ("number", t("col.number")),
                ("status", t("col.status")),
                ("created", t("ui.col.created"), 11),
                ("customer", t("col.customer"), CUSTOMER_WIDTH),
                ("gross_total", t("col.gross_total")),
                ("shop_order_id", t("ui.col.shop_order_id")),
            ]
        )
        self._show_filter()
        self.query_one(SelectableTable).focus()

    def watch_status_filter(self) -> None:
        self._show_filter()
        self.reload()

    def watch_search_text(self) -> None:
        self.reload()

    def _show_filter(self) -> None:
        status = STATUS_FILTERS[self.status_filter]
        label = t(f"status.{status}") if status else t("ui.filter.all")
        self.query_one("#status-filter", Static).update(f"{t('ui.filter_status')}: {label}")

    def load(self) -> list[Row]:
        """The table's rows: cells made here, in the worker thread, and only for orders that
        changed since the last load."""
        orders = self.backoffice.orders(
            STATUS_FILTERS[self.status_filter], limit=LIMIT, search=self.search_text
        )
        return self.table_rows(self._cells, orders, self._make)

    @staticmethod
    def _make(order: OrderSummary) -> list[Text]:
        return [
            cells.text(order.number),
            cells.text(t(f"status.{order.status}")),
            cells.when(order.created),
            cells.text(order.customer),
            cells.money(order.gross_total, order.currency),
            cells.text(order.shop_order_id or ""),
        ]

    def show(self, rows: list[Row]) -> None:
        self.query_one(SelectableTable).set_rows(rows)

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        self.search_text = event.value

    @on(Input.Submitted, "#search")
    def search_done(self) -> None:
        self.query_one(SelectableTable).focus()

    def action_cycle_status(self) -> None:
        self.status_filter = (self.status_filter + 1) % len(STATUS_FILTERS)

    def action_open_order(self) -> None:
        number = self.query_one(SelectableTable).current_key
        if number:
            self.app.push_screen(OrderDetailScreen(number))

    @on(SelectableTable.RowSelected)
    def row_chosen(self) -> None:
        self.action_open_order()
