"""The back office of one workspace as a front end uses it: every read and every action the
UI offers, bound to the workspace's settings, so a screen asks for what it wants and never
reads okos.toml or a table itself.

Everything here may be slow (the database, PDFs, SMTP): the UI calls it from thread workers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal

from okos_tui.config import Config, ConfigError
from okos_tui.core import clock
from okos_tui.core.files import claim_new_file
from okos_tui.domain import invoicing
from okos_tui.domain.invoicing import InvoiceOutcome, InvoiceSettings
from okos_tui.domain.sales import fulfillment, orders
from okos_tui.domain.sales.fulfillment import FulfillabilityRow, PickingRow, ProcurementRow
from okos_tui.domain.sales.orders import OrderEdit, OrderSummary
from okos_tui.domain.stock.report import StockRow, stock_report
from okos_tui.i18n import t
from okos_tui.services import invoicing as invoicing_service
from okos_tui.services import mailing, nav_reporting, packing, views, workspace
from okos_tui.services.invoicing import PdfOutcome
from okos_tui.services.mailing import EmailOutcome
from okos_tui.services.reports.columns import STOCK_COLUMNS
from okos_tui.services.reports.output import print_report
from okos_tui.services.settings import invoice_settings
from okos_tui.services.sync.service import SyncService
from okos_tui.services.views import InvoiceRef, InvoiceView, OrderView, WarehouseRef

RECENT_INVOICES = 200
NavResend = Literal["soon", "reported", "unreachable", "manual"]


@dataclass(frozen=True)
class CartView:
    orders: list[OrderSummary]
    invoices: list[InvoiceRef]  # the newest first


class Backoffice:
    def __init__(self, config: Config) -> None:
        self.config = config

    @cached_property
    def invoice_settings(self) -> InvoiceSettings:
        return invoice_settings(self.config)

    @property
    def pdf_dir(self) -> Path:
        return self.config.invoicing.pdf_dir

    @property
    def can_email(self) -> bool:
        """Whether okos.toml names a mail server ([smtp])."""
        return self.config.smtp is not None

    @property
    def nav_configured(self) -> bool:
        """Whether okos.toml has a [nav] table: invoices are reported to NAV."""
        return self.config.nav is not None

    @property
    def print_command(self) -> tuple[str, ...]:
        """The program that prints a file (its path added last); empty: none set."""
        return tuple(self.config.ui.print_command)

    @property
    def pdf_viewer(self) -> tuple[str, ...]:
        """The program that shows a PDF; empty: the app shows the invoice itself."""
        return tuple(self.config.ui.pdf_viewer)

    @property
    def keymap(self) -> dict[str, str]:
        """Binding ids moved to other keys by [ui.keymap]."""
        return dict(self.config.ui.keymap)

    # -- reading -----------------------------------------------------------------------------
    def data_version(self) -> int:
        return workspace.data_version()

    def warehouses(self) -> list[WarehouseRef]:
        return views.active_warehouses()

    def orders(self, status: str | None, limit: int, search: str) -> list[OrderSummary]:
        return orders.list_orders(status, limit=limit, search=search)

    def order(self, number: str) -> OrderView:
        return views.order_view(number)

    def known_methods(self) -> tuple[list[str], list[str]]:
        """The payment and the shipping methods by name, for an editor to offer."""
        return orders.known_methods()

    def fulfillability(self, warehouse_id: int | None) -> list[FulfillabilityRow]:
        return fulfillment.fulfillability(warehouse_id)

    def picking(self, numbers: Sequence[str]) -> list[PickingRow]:
        return fulfillment.picking_summary(numbers)

    def procurement(self, numbers: Sequence[str]) -> list[ProcurementRow]:
        return fulfillment.procurement_list(numbers)

    def stock(self, warehouse: str | None, *, to_procure_only: bool) -> list[StockRow]:
        return stock_report(warehouse, to_procure_only=to_procure_only)

    def cart(self) -> CartView:
        return CartView(
            invoicing.cart_orders(),
            views.invoice_list(newest_first=True, limit=RECENT_INVOICES),
        )

    def invoice(self, number: str) -> InvoiceView:
        return views.invoice_view(number)

    def invoice_pdf(self, number: str) -> str:
        """Where an invoice's PDF is; "" while it is not written."""
        return invoicing.get_invoice(number).pdf_path

    def unsent_invoices(self) -> int:
        return len(mailing.waiting_invoices())

    # -- doing -------------------------------------------------------------------------------
    def issue_invoice(self, order_number: str) -> tuple[str, PdfOutcome]:
        return invoicing_service.issue_with_pdf(order_number, self.invoice_settings, self.pdf_dir)

    def storno(self, invoice_number: str) -> tuple[str, PdfOutcome]:
        return invoicing_service.storno_with_pdf(
            invoice_number, self.invoice_settings, self.pdf_dir
        )

    def invoice_orders(
        self,
        numbers: Sequence[str],
        progress: Callable[[int, int, InvoiceOutcome], None] | None = None,
    ) -> tuple[list[InvoiceOutcome], dict[str, PdfOutcome]]:
        """PDFs rendered on the other cores while the next orders are invoiced."""
        return invoicing_service.invoice_with_pdfs(
            numbers, self.invoice_settings, self.pdf_dir, progress=progress
        )

    def send_invoices(
        self, progress: Callable[[int, int, EmailOutcome], None] | None = None
    ) -> list[EmailOutcome]:
        return mailing.send_invoices(self.config, progress=progress)

    def send_to_nav_again(self, number: str, service: SyncService | None = None) -> NavResend:
        """An invoice NAV rejected goes again, once its cause is put right: its report is
        pending again, and the running sync service reports it soon ("soon"); without one it
        is reported here ("reported", or "unreachable": it waits for the next run). "manual":
        [nav] report = false, `okos nav send` sends it. ConfigError without a [nav] table."""
        nav = self.config.nav
        if nav is None:
            raise ConfigError(self.config.path, "nav", t("config.nav_missing"))
        nav_reporting.send_again(number, clock.now())
        if service is not None and service.nav_status().enabled:
            service.report_to_nav_soon()
            return "soon"
        if not nav.report:
            return "manual"
        run = nav_reporting.report_all(self.config, nav_reporting.client_factory(self.config))
        return "unreachable" if run.error else "reported"

    def cancel_order(self, number: str) -> None:
        orders.cancel_order(number)

    def edit_order(self, number: str, edit: OrderEdit) -> str:
        """Edit an OPEN order; a Hungarian tax number entered is asked of NAV first (refused
        when NAV does not know it as valid). The taxpayer's name NAV gave, or ""."""
        name = nav_reporting.check_taxpayer(self.config, edit.tax_number or "")
        orders.edit_order(number, edit)
        return name

    def add_to_cart(self, numbers: Sequence[str]) -> int:
        return invoicing.cart_add(numbers)

    def remove_from_cart(self, numbers: Sequence[str]) -> int:
        return invoicing.cart_remove(numbers)

    def packing_pdf(self, numbers: Sequence[str]) -> Path:
        return packing.write_packing_pdf(numbers, self.pdf_dir.parent / "packing")

    def export_stock(self, rows: Sequence[StockRow]) -> Path:
        """The rows as CSV in the export folder, under a new name of the moment."""
        stem = f"keszlet-{clock.local(clock.now()):%Y%m%d-%H%M%S}"
        path = claim_new_file(self.config.ui.export_dir, stem, ".csv")
        with path.open("w", encoding="utf-8", newline="") as out:
            print_report(rows, STOCK_COLUMNS, "csv", out)
        return path
