"""Editing an OPEN order: quantities, net unit prices, a new line, notes, and the buyer's data
the invoice will carry (name, tax number, billing address, e-mail, payment and shipping method,
payment and fulfilment date). A quantity of 0 removes the line. Only what was changed is sent;
all or nothing: the domain refuses a bad value and nothing changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from okos_tui.core.errors import DomainError
from okos_tui.core.values import plain
from okos_tui.domain.catalog.items import parse_item
from okos_tui.domain.sales.orders import OrderEdit, OrderLineInput
from okos_tui.domain.tax.countries import NAMES, country_name
from okos_tui.domain.tax.tax_numbers import buyer_vat_status, tax_number_problem
from okos_tui.i18n import t
from okos_tui.services.views import OrderView
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


# The buyer's boxes: the OrderEdit field each one fills, its label, its id. In pairs, as the
# grid shows them (the e-mail address takes a whole row).
BUYER_FIELDS = (
    ("buyer_name", "ui.edit.buyer_name", "buyer-name"),
    ("tax_number", "col.tax_number", "tax-number"),
    ("billing_postcode", "ui.edit.postcode", "billing-postcode"),
    ("billing_city", "ui.edit.city", "billing-city"),
    ("billing_street", "ui.edit.street", "billing-street"),
    ("billing_country", "ui.edit.country", "billing-country"),
    ("email", "col.email", "email"),
    ("payment_method", "ui.edit.payment", "payment"),
    ("shipping_method", "ui.edit.shipping", "shipping"),
    ("paid_on", "ui.edit.paid_on", "paid-on"),
    ("fulfilment_on", "ui.edit.fulfilment_on", "fulfilment-on"),
)
DATE_FIELDS = ("paid_on", "fulfilment_on")
COUNTRY_NAMES = sorted(names[0] for names in NAMES.values())


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def buyer_values(order: OrderView) -> dict[str, str]:
    """What the buyer's boxes show first (by OrderEdit field): the country by its name."""
    billing, code = order.billing, order.billing_country_code
    return {
        "buyer_name": billing.name or order.customer_name,
        "tax_number": order.tax_number,
        "billing_postcode": billing.postcode,
        "billing_city": billing.city,
        "billing_street": billing.street,
        "billing_country": billing.country or (country_name(code) if code else ""),
        "email": order.email,
        "payment_method": order.payment_method,
        "shipping_method": order.shipping_method,
        "paid_on": _day(order.paid_on),
        "fulfilment_on": _day(order.fulfilment_on),
    }


def tax_number_note(number: str) -> str:
    """What a tax number means for the invoice, or what is wrong with it, as it is typed."""
    problem = tax_number_problem(number)
    if problem is not None:
        return t(problem, tax_number=number.strip())
    status = t(f"vat_status.{buyer_vat_status(number)}")
    return t("ui.edit.vat_status", status=status)


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
        self.buyer: dict[str, str] = {}  # what the buyer's boxes showed first

    def compose(self) -> ComposeResult:
        with Vertical(id="edit-dialog"):
            yield Static(Text(t("ui.edit.title", number=self.number), style="bold"))
            with VerticalScroll(id="edit-form"):  # at 24 rows the buyer's part is below
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
                yield Static(Text(t("ui.edit.buyer"), style="bold"), id="edit-buyer-title")
                with Grid(classes="edit-buyer"):  # name and tax number
                    for field_name, label, box in BUYER_FIELDS[:2]:
                        yield Label(t(label), id=f"{box}-label")
                        yield self._buyer_box(field_name, box)
                yield Static(id="tax-number-note")  # what it means, under it, as it is typed
                with Grid(classes="edit-buyer"):
                    for field_name, label, box in BUYER_FIELDS[2:]:
                        yield Label(t(label), id=f"{box}-label")
                        yield self._buyer_box(field_name, box)
        yield Footer()

    @staticmethod
    def _buyer_box(field_name: str, box: str) -> Input:
        if field_name in DATE_FIELDS:  # empty: no date
            placeholder = t("ui.edit.date_placeholder")
            return Input(
                id=box, placeholder=placeholder, restrict=r"[0-9-]*", max_length=10, compact=True
            )
        suggester = None
        if field_name == "billing_country":
            suggester = SuggestFromList(COUNTRY_NAMES, case_sensitive=False)
        return Input(id=box, suggester=suggester, compact=True)

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exit_on_error=False)
    def _load(self) -> None:
        order = self.backoffice.order(self.number)
        methods = self.backoffice.known_methods()
        lines = [
            EditableLine(line.sku, line.name, _comma(line.quantity), _comma(line.unit_net))
            for line in order.lines
            if line.sku  # lines of a product (a free-text service line is not edited here)
        ]
        notes = (order.header_note, order.internal_note)
        self.app.call_from_thread(self._show, lines, notes, buyer_values(order), methods)

    def _show(
        self,
        lines: list[EditableLine],
        notes: tuple[str, str],
        buyer: dict[str, str],
        methods: tuple[list[str], list[str]],
    ) -> None:
        self.lines = lines
        self.header_note, self.internal_note = notes
        self.buyer = buyer
        for field_name, _, box in BUYER_FIELDS:
            self.query_one(f"#{box}", Input).value = buyer[field_name]
        self._show_tax_number_note(buyer["tax_number"])  # no Changed when it stays empty
        for box, names in zip(("#payment", "#shipping"), methods, strict=True):
            self.query_one(box, Input).suggester = SuggestFromList(names, case_sensitive=False)
        container = self.query_one("#edit-lines", VerticalScroll)
        for index, line in enumerate(lines):
            grid = Grid(classes="edit-line")
            container.mount(grid)
            grid.mount(Label(Text(clean(f"{line.sku}  {line.name}"))))
            # one row a line (no borders): many lines fit at 24 rows
            grid.mount(Input(line.quantity, id=f"qty-{index}", classes="qty", compact=True))
            grid.mount(Input(line.unit_net, id=f"price-{index}", classes="price", compact=True))
        self.query_one("#header-note", Input).value = self.header_note
        self.query_one("#internal-note", Input).value = self.internal_note
        first = "#qty-0" if lines else "#buyer-name"
        self.call_after_refresh(lambda: self.query_one(first, Input).focus())

    @on(Input.Changed, "#tax-number")
    def _tax_number_changed(self, event: Input.Changed) -> None:
        self._show_tax_number_note(event.value)
        if event.input.has_focus:
            self.query_one("#tax-number-note", Static).scroll_visible(animate=False)

    def _show_tax_number_note(self, number: str) -> None:
        note = self.query_one("#tax-number-note", Static)
        note.update(Text(tax_number_note(number)))
        note.set_class(tax_number_problem(number) is not None, "problem")

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
            **self._buyer_changes(),
        )

    def _buyer_changes(self) -> dict[str, Any]:
        """The buyer's boxes whose text was changed (the domain checks and refuses)."""
        changes: dict[str, Any] = {}
        for field_name, _, box in BUYER_FIELDS:
            value = self.query_one(f"#{box}", Input).value
            if value.strip() != self.buyer.get(field_name, "").strip():
                changes[field_name] = value
        return changes

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
        taxpayer = self.backoffice.edit_order(self.number, edit)
        self.app.call_from_thread(self.notify, t("ui.done.saved", number=self.number), markup=False)
        if taxpayer:
            message = t("cli.taxpayer_known", name=taxpayer)
            self.app.call_from_thread(self.notify, message, markup=False)
        self.app.call_from_thread(self.dismiss, True)
        self.app.call_from_thread(self.okos.data_changed)
