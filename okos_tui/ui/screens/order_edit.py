"""Editing an OPEN order: quantities, net unit prices, a new line, notes. A quantity of 0
removes the line. All or nothing: the domain refuses a bad value and nothing changes."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from okos_tui.core.errors import DomainError
from okos_tui.core.values import plain
from okos_tui.domain.catalog.items import parse_item
from okos_tui.domain.sales.orders import OrderEdit, OrderLineInput
from okos_tui.i18n import t
from okos_tui.ui.access import BackofficeAccess
from okos_tui.ui.widgets.cells import clean
from okos_tui.ui.widgets.footer import Footer
from okos_tui.ui.workers import WorkerErrors


@dataclass(frozen=True)
class EditableLine:
    sku: str
    name: str
    quantity: str
    unit_net: str


def _comma(value: Decimal) -> str:
    """A number as the user types it: decimal comma, no separators ("2,5"); the domain reads
    both a comma and a point."""
    return plain(value).replace(".", ",")


def _is_zero(text: str) -> bool:
    """0, 0,0, 0.000 ...: the line goes (anything unreadable is left to the domain to refuse)."""
    try:
        return Decimal(text.replace(",", ".")) == 0
    except ArithmeticError:
        return False


class OrderEditScreen(BackofficeAccess, WorkerErrors, ModalScreen[bool]):
    BINDINGS = [
        Binding("ctrl+s", "save", "ui.save", id="edit_save"),
        Binding("escape", "dismiss(False)", "ui.back", id="edit_back"),
    ]

    def __init__(self, number: str) -> None:
        super().__init__()
        self.number = number
        self.lines: list[EditableLine] = []
        self.header_note = ""
        self.internal_note = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="edit-dialog"):
            yield Static(Text(t("ui.edit.title", number=self.number), style="bold"))
            with Grid(id="edit-head"):  # which box is which, above the lines' boxes
                yield Label(t("col.name"))
                yield Label(t("ui.col.quantity"))
                yield Label(t("ui.col.unit_net"))
            yield VerticalScroll(id="edit-lines")
            yield Input(placeholder=t("ui.edit.add"), id="add-line")
            yield Label(t("col.header_note"))
            yield Input(id="header-note")
            yield Label(t("col.internal_note"))
            yield Input(id="internal-note")
        yield Footer()

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exit_on_error=False)
    def _load(self) -> None:
        order = self.backoffice.order(self.number)
        lines = [
            EditableLine(line.sku, line.name, _comma(line.quantity), _comma(line.unit_net))
            for line in order.lines
            if line.sku  # lines of a product (a free-text service line is not edited here)
        ]
        self.app.call_from_thread(self._show, lines, order.header_note, order.internal_note)

    def _show(self, lines: list[EditableLine], header_note: str, internal_note: str) -> None:
        self.lines = lines
        self.header_note, self.internal_note = header_note, internal_note
        container = self.query_one("#edit-lines", VerticalScroll)
        for index, line in enumerate(lines):
            grid = Grid(classes="edit-line")
            container.mount(grid)
            grid.mount(Label(Text(clean(f"{line.sku}  {line.name}"))))
            # one row a line (no borders): many lines fit at 24 rows
            grid.mount(Input(line.quantity, id=f"qty-{index}", classes="qty", compact=True))
            grid.mount(Input(line.unit_net, id=f"price-{index}", classes="price", compact=True))
        self.query_one("#header-note", Input).value = header_note
        self.query_one("#internal-note", Input).value = internal_note
        if lines:
            self.call_after_refresh(lambda: self.query_one("#qty-0", Input).focus())

    def _edit(self) -> OrderEdit:
        quantities, prices, remove = {}, {}, []
        for index, line in enumerate(self.lines):
            quantity = self.query_one(f"#qty-{index}", Input).value.strip()
            price = self.query_one(f"#price-{index}", Input).value.strip()
            if _is_zero(quantity):
                remove.append(line.sku)
                continue
            if quantity != line.quantity:
                quantities[line.sku] = quantity
            if price != line.unit_net:
                prices[line.sku] = price
        added = ()
        new_line = self.query_one("#add-line", Input).value.strip()
        if new_line:
            item = parse_item(new_line, with_price=False)
            added = (OrderLineInput(code=item.code, quantity=item.quantity),)
        header = self.query_one("#header-note", Input).value
        internal = self.query_one("#internal-note", Input).value
        return OrderEdit(
            set_quantities=quantities,
            set_prices=prices,
            add_lines=added,
            remove=tuple(remove),
            header_note=header if header != self.header_note else None,
            internal_note=internal if internal != self.internal_note else None,
        )

    def action_save(self) -> None:
        try:
            edit = self._edit()
        except DomainError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if edit == OrderEdit():
            self.dismiss(False)
            return
        self._save(edit)

    @work(thread=True, exclusive=True, group="write", exit_on_error=False)
    def _save(self, edit: OrderEdit) -> None:
        self.backoffice.edit_order(self.number, edit)
        self.app.call_from_thread(self.notify, t("ui.done.saved", number=self.number), markup=False)
        self.app.call_from_thread(self.dismiss, True)
        self.app.call_from_thread(self.okos.data_changed)
