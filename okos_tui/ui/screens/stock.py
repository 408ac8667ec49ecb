"""Készletek mennyiségi vizsgálata: physical, reserved, free, minimum, incoming, to procure;
warehouse filter, "only what must be procured", supplier columns, CSV export."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import Static

from okos_tui.domain.stock.report import StockRow
from okos_tui.i18n import t
from okos_tui.ui.screens.base import DataScreen
from okos_tui.ui.widgets import cells
from okos_tui.ui.widgets.selectable_table import Row, RowCells, SelectableTable

# What to buy and what is free come first: at 80 columns they show beside the name.
BASE_COLUMNS = (
    "sku",
    "name",
    "to_procure",
    "free",
    "physical",
    "reserved",
    "min_stock",
    "incoming",
)
SUPPLIER_COLUMNS = ("supplier", "supplier_sku")
NAME_WIDTH = 22


class StockScreen(DataScreen):
    TITLE_KEY = "ui.screen.stock"
    BINDINGS = [
        Binding("w", "cycle_warehouse", "ui.warehouse", id="stock_warehouse"),
        Binding("t", "toggle_procure", "ui.to_procure_only", id="stock_to_procure"),
        Binding("o", "toggle_suppliers", "ui.supplier_columns", id="stock_suppliers"),
        Binding("x", "export", "ui.export", id="stock_export"),
    ]

    warehouse_index: reactive[int] = reactive(-1, init=False)  # -1: all warehouses
    to_procure_only: reactive[bool] = reactive(False, init=False)
    show_suppliers: reactive[bool] = reactive(True, init=False)

    def __init__(self) -> None:
        super().__init__()
        self.warehouses: list[str] = []
        self.rows: list[StockRow] = []
        self._cells: RowCells[StockRow] = RowCells(lambda row: str(row.product_id))

    def compose_body(self) -> ComposeResult:
        yield Static(id="stock-filter")
        yield SelectableTable(selectable=False, id="stock-table")

    def setup(self) -> None:
        self._columns()
        self.query_one(SelectableTable).focus()

    def watch_warehouse_index(self) -> None:
        self.reload()

    def watch_to_procure_only(self) -> None:
        self.reload()

    def watch_show_suppliers(self) -> None:
        self._columns()
        self.reload()

    def _columns(self) -> None:
        keys = BASE_COLUMNS + (SUPPLIER_COLUMNS if self.show_suppliers else ())
        self.query_one(SelectableTable).setup_columns(
            [
                (key, t(f"col.{key}"), NAME_WIDTH) if key == "name" else (key, t(f"col.{key}"))
                for key in keys
            ]
        )

    @property
    def warehouse(self) -> str | None:
        index = self.warehouse_index
        return self.warehouses[index] if 0 <= index < len(self.warehouses) else None

    def load(self) -> tuple[list[StockRow], list[str], list[Row]]:
        """The report, the warehouses and the table's rows: cells made here, in the worker
        thread, and only for products whose figures changed since the last load (20,000
        products' cells cost most of a second)."""
        codes = [w.code for w in self.backoffice.warehouses()]
        rows = self.backoffice.stock(self.warehouse, to_procure_only=self.to_procure_only)
        suppliers = self.show_suppliers  # read once: the columns this load's cells are for
        return (
            rows,
            codes,
            self.table_rows(
                self._cells, rows, lambda row: self._make(row, suppliers), variant=suppliers
            ),
        )

    @staticmethod
    def _make(row: StockRow, suppliers: bool) -> list[Text]:
        return [
            cells.text(row.sku),
            cells.text(row.name),
            cells.number(row.to_procure, style="bold yellow" if row.to_procure else ""),
            cells.number(row.free),
            cells.number(row.physical),
            cells.number(row.reserved),
            cells.number(row.min_stock),
            cells.number(row.incoming),
            *([cells.text(row.supplier), cells.text(row.supplier_sku)] if suppliers else []),
        ]

    def show(self, data: tuple[list[StockRow], list[str], list[Row]]) -> None:
        self.rows, self.warehouses, table_rows = data
        self.query_one(SelectableTable).set_rows(table_rows)
        where = self.warehouse or t("ui.all_warehouses")
        only = f"   [{t('ui.to_procure_only')}]" if self.to_procure_only else ""
        self.query_one("#stock-filter", Static).update(
            Text(f"{t('ui.warehouse')}: {where}{only}   ({len(self.rows)})")
        )

    def action_cycle_warehouse(self) -> None:
        if self.warehouses:
            self.warehouse_index = (self.warehouse_index + 2) % (len(self.warehouses) + 1) - 1

    def action_toggle_procure(self) -> None:
        self.to_procure_only = not self.to_procure_only

    def action_toggle_suppliers(self) -> None:
        self.show_suppliers = not self.show_suppliers

    def action_export(self) -> None:
        self._export(list(self.rows))

    @work(thread=True, exclusive=True, group="report", exit_on_error=False)
    def _export(self, rows: list[StockRow]) -> None:
        path = self.backoffice.export_stock(rows)
        self.app.call_from_thread(self.notify, t("ui.done.exported", path=path), markup=False)
