"""The terminal UI: four screens (orders, fulfillable orders, stock analysis, invoice cart),
the live sync, and everything the keyboard needs. Work runs in thread workers through the back
office; the sync runs in its own thread and reaches the UI only through post_message."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from multiprocessing import resource_tracker
from pathlib import Path

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from okos_tui.config import Config
from okos_tui.i18n import LANGUAGES, language, set_language, t
from okos_tui.services.backoffice import Backoffice
from okos_tui.services.invoicing import PdfOutcome
from okos_tui.services.sync.events import SyncBusy, SyncEvent, SyncFinished
from okos_tui.services.sync.service import SyncService
from okos_tui.ui.external import run_quietly, run_suspended
from okos_tui.ui.messages import DataChanged, LanguageChanged, SyncEventArrived
from okos_tui.ui.screens.cart import CartScreen
from okos_tui.ui.screens.fulfillable import FulfillableScreen
from okos_tui.ui.screens.help import HelpScreen
from okos_tui.ui.screens.orders import OrdersScreen
from okos_tui.ui.screens.stock import StockScreen
from okos_tui.ui.widgets.sync_status import SyncStatus
from okos_tui.ui.workers import WorkerErrors

POLL_SECONDS = 2.0
GC_THRESHOLDS = (5_000, 10, 100)  # Python's are (700, 10, 10): see on_load
SCREENS = (  # mode, the catalogue key of its name
    ("orders", "ui.nav.orders"),
    ("fulfillable", "ui.nav.fulfillable"),
    ("stock", "ui.nav.stock"),
    ("cart", "ui.nav.cart"),
)


class OkosApp(WorkerErrors, App[None]):
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    MODES = {
        "orders": OrdersScreen,
        "fulfillable": FulfillableScreen,
        "stock": StockScreen,
        "cart": CartScreen,
    }
    DEFAULT_MODE = "fulfillable"
    # Descriptions are catalogue keys, worded when drawn (the footer, the help): the language
    # can change while the app runs.
    BINDINGS = [
        Binding("1", "switch_mode('orders')", "ui.nav.orders", id="go_orders"),
        Binding("2", "switch_mode('fulfillable')", "ui.nav.fulfillable", id="go_fulfillable"),
        Binding("3", "switch_mode('stock')", "ui.nav.stock", id="go_stock"),
        Binding("4", "switch_mode('cart')", "ui.nav.cart", id="go_cart"),
        Binding("f5", "sync_now", "ui.sync_now", id="sync_now"),
        Binding("f1", "help", "ui.help", id="help"),
        Binding("ctrl+q", "quit", "ui.quit", id="quit", priority=True),
        # our own, so that the footer and the help say it in the UI's language
        Binding(
            "ctrl+p",
            "command_palette",
            "ui.palette",
            show=False,
            priority=True,
            id="command_palette",
        ),
    ]

    def __init__(
        self,
        config: Config,
        *,
        sync_service: SyncService | None = None,
        start_sync: bool = True,
        problem: str | None = None,
        extra_modes: dict[str, Callable[[], Screen]] | None = None,
    ) -> None:
        super().__init__()
        self.backoffice = Backoffice(config)
        self.title = t("ui.title")
        self.problem = problem
        self.sync_service = sync_service
        reports_to_nav = config.nav is not None and config.nav.report
        if self.sync_service is None and start_sync and (config.shops or reports_to_nav):
            self.sync_service = SyncService(config)  # the shops' sync and the NAV reporting
        for name, factory in (extra_modes or {}).items():
            self.add_mode(name, factory)
        self.run_suspended = run_suspended  # replaced by tests
        self.run_quietly = run_quietly
        self._data_version: int | None = None
        self._unsubscribe: Callable[[], None] | None = None

    # -- start and stop --------------------------------------------------------------------
    def on_load(self) -> None:
        """Before Textual swaps sys.stderr for an object whose fileno() is -1: start
        multiprocessing's resource tracker now, because starting it later (with the first
        process pool, e.g. eight or more invoice PDFs) hands that -1 to the new process and
        fails with "bad value(s) in fds_to_keep".

        Garbage collection: with Python's default thresholds a full collection of the UI's heap
        (5,000 table rows are some 300,000 objects) ran every few seconds while a sync or a
        reload allocated, and held every thread for 0.2-0.4 s: the UI froze. Young collections
        stay frequent and short; full ones become rare (benchmarks/bench_ui.py)."""
        resource_tracker.ensure_running()
        gc.set_threshold(*GC_THRESHOLDS)

    def on_mount(self) -> None:
        if self.backoffice.keymap:
            self.set_keymap(self.backoffice.keymap)
        self._data_version = self.backoffice.data_version()
        self.set_interval(POLL_SECONDS, self._poll_database)
        self.set_interval(1.0, self._refresh_status)
        if self.sync_service is not None:
            self._unsubscribe = self.sync_service.subscribe(self._from_sync_thread)
            self.sync_service.start()

    def on_unmount(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        if self.sync_service is not None:
            self.sync_service.stop(timeout=5)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every toast is plain text: messages carry shop data (names, errors) and catalogue
        texts such as "nincs [smtp] beállítás", which Textual would read as markup and drop.
        `Widget.notify` passes markup=True unless told otherwise, so `markup` is ignored."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # -- the sync --------------------------------------------------------------------------
    def _from_sync_thread(self, event: SyncEvent) -> None:
        """Called on the sync thread: hand the event over, never touch widgets here."""
        self.post_message(SyncEventArrived(event))

    @on(SyncEventArrived)
    def sync_event(self, message: SyncEventArrived) -> None:
        event = message.event
        if isinstance(event, SyncFinished):
            result = event.result
            if result.imported:
                self.notify(t("ui.new_orders", shop=event.shop, count=len(result.imported)))
            if result.error:
                self.notify(str(result.error), severity="error", timeout=10)
            if result.imported or result.pushed:
                self.data_changed()
        elif isinstance(event, SyncBusy):
            self.notify(t("ui.sync.busy", shop=event.shop), severity="warning")
        self._refresh_status()

    def action_sync_now(self) -> None:
        if self.sync_service is None or not self.backoffice.config.shops:
            self.notify(t("ui.sync.no_shops"), severity="warning")
            return
        self.sync_service.sync_now()
        self.notify(t("ui.sync.started"))

    def refresh_sync_status(self, screen: Screen) -> None:
        service = self.sync_service
        statuses = service.status() if service is not None else []
        nav = service.nav_status() if service is not None else None
        problem = t("ui.config_problem", detail=self.problem) if self.problem else None
        for widget in screen.query(SyncStatus):
            widget.show(statuses, problem, nav)

    def _refresh_status(self) -> None:
        self.refresh_sync_status(self.screen)

    # -- noticing other writers ------------------------------------------------------------
    def _poll_database(self) -> None:
        """Another process (a second user, `okos sync` on a server) or one of our own workers
        committed: reload what is on screen."""
        version = self.backoffice.data_version()
        if version != self._data_version:
            self._data_version = version
            self.data_changed()

    def data_changed(self) -> None:
        self.screen.post_message(DataChanged())

    # -- work the screens ask for ----------------------------------------------------------
    def report_pdf_failures(self, outcomes: Iterable[PdfOutcome]) -> None:
        """Called from a worker thread: a toast for each PDF that could not be written (the
        invoice is marked and its PDF written again later)."""
        for outcome in outcomes:
            if outcome.error:
                self.call_from_thread(
                    self.notify, t("cli.pdf_failed", error=outcome.error), severity="error"
                )

    def invoices_issued(self, outcomes: Iterable[PdfOutcome]) -> None:
        """Called from a worker thread after invoicing: the PDFs that failed are told, and the
        new invoices go to NAV at once rather than on the next scheduled run."""
        self.report_pdf_failures(outcomes)
        if self.sync_service is not None:
            self.sync_service.report_to_nav_soon()

    def print_file(self, path: str | Path) -> None:
        print_command = self.backoffice.print_command
        if not print_command:
            self.notify(t("ui.no_print_command"), severity="warning")
            return
        self.run_print_command([*print_command, str(path)])

    @work(thread=True, group="print", exit_on_error=False)
    def run_print_command(self, argv: list[str]) -> None:
        code, output = self.run_quietly(argv)
        if code == 0:
            self.call_from_thread(self.notify, t("ui.done.printed", path=argv[-1]))
        else:
            self.call_from_thread(
                self.notify, t("ui.error", detail=output or code), severity="error"
            )

    def open_external(self, argv: list[str]) -> None:
        """A program that takes the terminal (a PDF viewer): the one way the app steps aside."""
        self.run_suspended(self, argv)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.screen))

    # -- the language ----------------------------------------------------------------------
    def switch_language(self, code: str) -> None:
        """Say everything in another language from now on: the screen on show is recomposed
        at once, the others when they next show."""
        set_language(code)
        self.title = t("ui.title")
        self.refresh_bindings()
        self._refresh_status()
        self.screen.post_message(LanguageChanged())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Ours only, in the UI's language (Textual's own, such as themes, are English)."""
        for mode, key in SCREENS:
            yield SystemCommand(t(key), t(key), lambda mode=mode: self.switch_mode(mode))
        yield SystemCommand(t("ui.sync_now"), t("ui.sync_now"), self.action_sync_now)
        for code in LANGUAGES:
            if code != language():
                title = t("ui.language.switch", language=t(f"ui.language.{code}"))
                yield SystemCommand(
                    title, t("ui.language.help"), lambda code=code: self.switch_language(code)
                )
        yield SystemCommand(t("ui.help"), t("ui.help"), self.action_help)
        yield SystemCommand(t("ui.quit"), t("ui.quit"), self.exit)
