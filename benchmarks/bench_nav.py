"""NAV reporting benchmark (issue 14): 500 invoices reported to the emulated NAV on 127.0.0.1.

Builds a fresh database (a temporary folder) with 500 invoices of Hungarian company buyers,
starts the emulated NAV with its default pace (an invoice is processed on the second status
query of its transaction, or after a second), and times what `okos nav send` runs until every
report is DONE. Counts the requests by operation against the lower bound: ceil(500/100)
manageInvoice, one token for each, and the status queries. Then one more invoice is issued
while the background service runs with `report = true`, and the time to its DONE is taken
(what a person invoicing in the UI waits for). Not a test: it always exits 0 once
it has measured, printing MISS for a target missed:

    .venv/bin/python benchmarks/bench_nav.py [--invoices 500]
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from _common import positive, verdict

from okos_tui.config import Config, load_config
from okos_tui.db import Invoice
from okos_tui.domain.invoicing import InvoiceSettings, issue_invoice
from okos_tui.domain.sales.orders import AddressInput, CustomerInput, OrderLineInput, create_order
from okos_tui.fakenav.nav import FakeNav
from okos_tui.fakenav.settings import DEFAULT_USER, FakeNavSettings
from okos_tui.services.nav_reporting import client_factory, report_all, report_rows
from okos_tui.services.settings import invoice_settings
from okos_tui.services.sync.service import SyncService
from okos_tui.services.workspace import Context

WALL_TARGET_SECONDS = 60.0
LATENCY_TARGET_SECONDS = 60.0
CONFIG = """\
[database]
path = "bench.db"

[company]
name = "Benchmark Webáruház Kft."
tax_number = "12345676-2-08"
postcode = "1111"
city = "Budapest"
street = "Műegyetem rakpart 3."

[[warehouses]]
code = "MAIN"
name = "Központi raktár"

[nav]
base_url = "{base_url}"
login = "{login}"
password_env = "OKOS_NAV_PASSWORD"
signature_key_env = "OKOS_NAV_SIGNATURE_KEY"
exchange_key_env = "OKOS_NAV_EXCHANGE_KEY"
software_id = "HU12345676OKOS-001"
report = false
"""


def issue_to_done(config: Config, settings: InvoiceSettings, buyer: CustomerInput) -> float:
    """One more invoice issued while the background service runs with `report = true`: the
    seconds until NAV has it DONE (what a person invoicing in the UI waits for)."""
    reporting = replace(config, nav=replace(config.nav, report=True)) if config.nav else config
    service = SyncService(reporting)
    service.start()
    try:
        time.sleep(1.0)  # the service's first run is over: the next comes on its schedule
        order = create_order(
            buyer,
            [OrderLineInput(name="Sürgős tanácsadás", unit_net="9900", vat="27%")],
            warehouse_code="MAIN",
            prefix="R",
            payment_method="Átutalás",
        )
        started = time.perf_counter()
        invoice = issue_invoice(order.number, settings)
        while report_state(invoice.number) != "done":
            if time.perf_counter() - started > 2 * LATENCY_TARGET_SECONDS:
                break
            time.sleep(0.2)
        return time.perf_counter() - started
    finally:
        service.stop()


def report_state(number: str) -> str:
    return next((row.status for row in report_rows() if row.invoice_number == number), "")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--invoices", type=positive, default=500, help="default 500")
    args = parser.parse_args(argv)
    os.environ["OKOS_NAV_PASSWORD"] = DEFAULT_USER.password
    os.environ["OKOS_NAV_SIGNATURE_KEY"] = DEFAULT_USER.signature_key
    os.environ["OKOS_NAV_EXCHANGE_KEY"] = DEFAULT_USER.exchange_key
    print("okos-tui NAV reporting benchmark")
    with tempfile.TemporaryDirectory() as folder, FakeNav(FakeNavSettings()) as nav:
        path = Path(folder) / "okos.toml"
        path.write_text(CONFIG.format(base_url=nav.base_url, login=DEFAULT_USER.login), "utf-8")
        Context(str(path)).open()
        config = load_config(path)
        started = time.perf_counter()
        settings = invoice_settings(config)
        buyer = CustomerInput(
            "Tűzkő Építő Zrt.",
            tax_number="12345676-2-41",
            billing=AddressInput("Tűzkő Építő Zrt.", "6720", "Szeged", "Kárász u. 2.", "HU"),
        )
        for n in range(args.invoices):
            order = create_order(
                buyer,
                [OrderLineInput(name=f"Szőnyegtisztítás {n}", unit_net="12500", vat="27%")],
                warehouse_code="MAIN",
                prefix="R",
                payment_method="Átutalás",
            )
            issue_invoice(order.number, settings)
        print(f"  {args.invoices} invoices issued in {time.perf_counter() - started:.1f} s")

        started = time.perf_counter()
        runs = 0
        while True:
            run = report_all(config, client_factory(config))
            runs += 1
            if run.error or not (run.waiting or run.pending) or runs > 200:
                break
            time.sleep(0.2)
        wall = time.perf_counter() - started
        requests = Counter(request.operation for request in nav.requests)
        batches = math.ceil(args.invoices / 100)
        print(f"  reported, all DONE: {run.done} of {args.invoices} ({runs} runs of the reporter)")
        for operation in sorted(requests):
            print(f"  {operation:<28} {requests[operation]:5} requests")
        print(f"  lower bound: {batches} manageInvoice, {batches} tokenExchange, status queries")
        numbers = [invoice.number for invoice in Invoice.select(Invoice.number)]
        once = all(nav.reports(number).submitted == 1 for number in numbers)
        print(f"  every invoice submitted once  {'yes' if once else 'NO'}")
        misses = 0
        for label, value, target in (
            ("wall time to all DONE, s", wall, WALL_TARGET_SECONDS),
            ("manageInvoice requests", requests["manageInvoice"], batches),
            ("tokenExchange requests", requests["tokenExchange"], batches),
        ):
            ok = value <= target
            misses += not ok
            print(f"  {label:<30} {value:8.2f}   target <= {target}   {verdict(ok)}")
        latency = issue_to_done(config, settings, buyer)
        ok = latency <= LATENCY_TARGET_SECONDS
        misses += not ok
        label = "issue to DONE, background, s"
        print(f"  {label:<30} {latency:8.2f}   target <= {LATENCY_TARGET_SECONDS}   {verdict(ok)}")
        print("All PASS." if not misses and once else "Some MISS.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
