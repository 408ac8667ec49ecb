"""Teljesíthető rendelések: OPEN orders marked fulfillable or not, keyboard multi-select, and
for the selection: picking summary, packing PDF, to cart, procurement list."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import Static

from okos_tui.core.formatting import hu_money_totals
from okos_tui.domain.sales.fulfillment import FulfillabilityRow
from okos_tui.i18n import t
from okos_tui.services.views import WarehouseRef
from okos_tui.ui.screens.base import DataScreen
from okos_tui.ui.screens.order_detail import OrderDetailScreen
from okos_tui.ui.screens.table_view import TableViewScreen
from okos_tui.ui.widgets import cells
from okos_tui.ui.widgets.selectable_table import Row, RowCells, SelectableTable

CUSTOMER_WIDTH = 18
MISSING_WIDTH = 22  # with the columns before it, the rest of the 80 columns
NAME_WIDTH = 12  # the procurement list's product and supplier names
SUPPLIER_WIDTH = 11


class FulfillableScreen(DataScreen):
    TITLE_KEY = "ui.screen.fulfillable"
    BINDINGS = [  # the footer shows what fits at 80 columns, in this order; F1 lists them all
        Binding("p", "picking", "ui.picking", id="fulfil_picking"),
        Binding(
            "d",
            "packing_pdf",
            "ui.packing_pdf.key",
            tooltip="ui.packing_pdf",
            id="fulfil_packing",
        ),
        Binding("k", "to_cart", "ui.to_cart", id="fulfil_to_cart"),
        Binding(
            "b",
            "procurement",
            "ui.procurement.key",
            tooltip="ui.procurement.help",
            id="fulfil_procurement",
        ),
        Binding("w", "cycle_warehouse", "ui.warehouse", id="fulfil_warehouse"),
        Binding("a", "select_all", "ui.select.all", id="fulfil_select_all"),
        Binding("f", "select_fulfillable", "ui.select.fulfillable", id="fulfil_select_ok"),
        Binding(
            "n",
            "select_unfulfillable",
            "ui.select.unfulfillable",
            show=False,
            id="fulfil_select_missing",
        ),
        Binding("escape", "clear_selection", "ui.select.clear", id="fulfil_clear"),
        Binding("enter", "open_order", "ui.open_order", show=False, id="fulfil_open"),
    ]

    warehouse_index: reactive[int] = reactive(-1, init=False)
    """Which warehouse's orders: -1 for all."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, FulfillabilityRow] = {}
        self.warehouses: list[WarehouseRef] = []
        self._cells: RowCells[FulfillabilityRow] = RowCells(lambda row: row.order_number)

    def compose_body(self) -> ComposeResult:
        yield Static(id="fulfil-filter")
        yield SelectableTable(id="fulfil-table")
        yield Static(id="selection-summary")

    def setup(self) -> None:
        self.query_one(SelectableTable).setup_columns(
            [  # at 80 columns everything up to "missing" shows; the rest by scrolling right
                ("order_number", t("ui.col.order_number")),
                ("fulfillable", t("ui.col.fulfillable")),
                ("customer", t("col.customer"), CUSTOMER_WIDTH),
                ("gross_total", t("col.gross_total")),
                ("missing", t("col.missing"), MISSING_WIDTH),
                ("created", t("ui.col.created")),
                ("shop_order_id", t("ui.col.shop_order_id")),
            ]
        )
        self.query_one(SelectableTable).focus()

    @property
    def warehouse_id(self) -> int | None:
        return self.warehouses[self.warehouse_index].id if self.warehouse_index >= 0 else None

    def watch_warehouse_index(self) -> None:
        self.reload()

    def load(self) -> tuple[list[FulfillabilityRow], list[WarehouseRef], list[Row]]:
        """The rows, the warehouses, and the table's rows: cells made here, in the worker
        thread, and only for orders that changed since the last load (5,000 orders' cells
        cost a third of a second)."""
        warehouses = self.backoffice.warehouses()
        rows = self.backoffice.fulfillability(self.warehouse_id)
        return rows, warehouses, self.table_rows(self._cells, rows, self._make)

    def show_first(self, records: Sequence[FulfillabilityRow], rows: list[Row]) -> None:
        self.rows = {row.order_number: row for row in records}  # the selection's summary
        super().show_first(records, rows)

    @staticmethod
    def _make(row: FulfillabilityRow) -> list[Text]:
        return [
            cells.text(row.order_number),
            cells.text(
                t("word.yes") if row.fulfillable else t("word.no"),
                style="green" if row.fulfillable else "red",
            ),
            cells.text(row.customer),
            cells.money(row.gross_total, row.currency),
            cells.text("; ".join(f"{m.sku}: {cells.number(m.quantity)}" for m in row.missing)),
            cells.when(row.created),
            cells.text(row.shop_order_id or ""),
        ]

    def show(self, data: tuple[list[FulfillabilityRow], list[WarehouseRef], list[Row]]) -> None:
        rows, self.warehouses, table_rows = data
        self.rows = {row.order_number: row for row in rows}
        table = self.query_one(SelectableTable)
        table.set_rows(table_rows)
        where = (
            self.warehouses[self.warehouse_index].code
            if 0 <= self.warehouse_index < len(self.warehouses)
            else t("ui.all_warehouses")
        )
        fulfillable = sum(row.fulfillable for row in rows)
        counts = t("ui.counts", fulfillable=fulfillable, unfulfillable=len(rows) - fulfillable)
        self.query_one("#fulfil-filter", Static).update(
            Text(f"{t('ui.warehouse')}: {where}   {counts}")
        )
        self._show_selection(table.selected)

    @on(SelectableTable.SelectionChanged)
    def selection_changed(self, event: SelectableTable.SelectionChanged) -> None:
        self._show_selection(event.selected)

    def _show_selection(self, selected: set[str] | frozenset[str]) -> None:
        chosen = [self.rows[n] for n in selected if n in self.rows]
        total = hu_money_totals((row.gross_total, row.currency) for row in chosen)
        self.query_one("#selection-summary", Static).update(
            Text(t("ui.selection", count=len(chosen), total=total), style="bold")
        )

    # -- selection -------------------------------------------------------------------------
    def action_select_all(self) -> None:
        self.query_one(SelectableTable).select_where(lambda key: True)

    def action_select_fulfillable(self) -> None:
        self.query_one(SelectableTable).select_where(lambda key: self.rows[key].fulfillable)

    def action_select_unfulfillable(self) -> None:
        self.query_one(SelectableTable).select_where(lambda key: not self.rows[key].fulfillable)

    def action_clear_selection(self) -> None:
        self.query_one(SelectableTable).clear_selection()

    def action_cycle_warehouse(self) -> None:
        if self.warehouses:
            self.warehouse_index = (self.warehouse_index + 2) % (len(self.warehouses) + 1) - 1

    def action_open_order(self) -> None:
        number = self.query_one(SelectableTable).current_key
        if number:
            self.app.push_screen(OrderDetailScreen(number))

    @on(SelectableTable.RowSelected)
    def row_chosen(self) -> None:
        """Enter reaches the focused table first (DataTable's own binding), not `enter` above."""
        self.action_open_order()

    def _selection(self) -> list[str]:
        table = self.query_one(SelectableTable)
        chosen = [key for key in self.rows if key in table.selected]
        if not chosen:
            self.notify(t("ui.nothing_selected"), severity="warning", markup=False)
        return chosen

    # -- what to do with the selection -----------------------------------------------------
    def action_picking(self) -> None:
        if numbers := self._selection():
            self._picking(numbers)

    @work(thread=True, exclusive=True, group="report", exit_on_error=False)
    def _picking(self, numbers: list[str]) -> None:
        rows = self.backoffice.picking(numbers)
        screen = TableViewScreen(
            f"{t('ui.picking')} – {len(numbers)}",
            [t("col.sku"), t("col.name"), t("ui.col.quantity"), t("col.unit")],
            [
                [
                    cells.text(r.sku),
                    cells.text(r.name),
                    cells.number(r.quantity),
                    cells.text(r.unit),
                ]
                for r in rows
            ],
        )
        self.app.call_from_thread(self.app.push_screen, screen)

    def action_procurement(self) -> None:
        if numbers := self._selection():
            self._procurement(numbers)

    @work(thread=True, exclusive=True, group="report", exit_on_error=False)
    def _procurement(self, numbers: list[str]) -> None:
        rows = self.backoffice.procurement(numbers)
        screen = TableViewScreen(
            f"{t('ui.procurement.help')} – {len(numbers)}",
            [  # fits in the dialog at 80 columns
                t("col.sku"),
                (t("col.name"), NAME_WIDTH),
                t("ui.col.needed"),
                t("ui.col.available"),
                t("ui.col.incoming"),
                t("ui.col.to_procure"),
                (t("col.supplier"), SUPPLIER_WIDTH),
                t("ui.col.supplier_sku"),
            ],
            [
                [
                    cells.text(r.sku),
                    cells.text(r.name),
                    cells.number(r.needed),
                    cells.number(r.available),
                    cells.number(r.incoming),
                    cells.number(r.to_procure, style="bold" if r.to_procure else ""),
                    cells.text(r.supplier),
                    cells.text(r.supplier_sku),
                ]
                for r in rows
            ],
        )
        self.app.call_from_thread(self.app.push_screen, screen)

    def action_to_cart(self) -> None:
        if numbers := self._selection():
            self._to_cart(numbers)

    @work(thread=True, exclusive=True, group="write", exit_on_error=False)
    def _to_cart(self, numbers: list[str]) -> None:
        self.backoffice.add_to_cart(numbers)
        self.app.call_from_thread(
            self.notify, t("ui.done.to_cart", count=len(numbers)), markup=False
        )
        self.app.call_from_thread(self.query_one(SelectableTable).clear_selection)

    def action_packing_pdf(self) -> None:
        if numbers := self._selection():
            self._packing(numbers)

    @work(thread=True, exclusive=True, group="report", exit_on_error=False)
    def _packing(self, numbers: list[str]) -> None:
        path = self.backoffice.packing_pdf(numbers)
        self.app.call_from_thread(self.notify, t("ui.done.packing", path=path), markup=False)
        if self.backoffice.print_command:
            self.app.call_from_thread(self.okos.print_file, path)
