"""Invoicing benchmark (issue 7): 500 orders invoiced from the cart with PDFs, then e-mailed.

Builds a fresh database through `open_database` (a temporary file unless --db is given) with
500 OPEN orders of 1-5 lines for Hungarian customers (ő, ű and all), their goods on stock, all of
them in the invoice cart. Then times what `okos invoice create --cart` runs: invoicing the cart
(one transaction per order) with every PDF written by worker processes on the other cores
meanwhile; and what `okos invoice email` runs: sending all the invoices with their PDFs to an
SMTP server on 127.0.0.1 (aiosmtpd), over one connection. Not a test: it always exits 0 once
it has measured, printing MISS for a target missed:

    .venv/bin/python benchmarks/bench_invoicing.py [--orders 500] [--products 2000]
        [--seed 20000] [--db PATH] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import math
import os
import platform
import pstats
import resource
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import fpdf
import peewee
from _common import positive, verdict
from _data import add_open_orders, add_products, create_dataset
from aiosmtpd.controller import Controller

from okos_tui.config import Config
from okos_tui.db import Invoice, PdfStatus, Product, SalesOrder, SalesOrderLine, Warehouse
from okos_tui.demo.mailbox import free_port
from okos_tui.domain.invoicing import InvoiceOutcome, cart_add, cart_orders
from okos_tui.domain.stock.documents import ItemInput, receive_goods
from okos_tui.pdf.invoice import render
from okos_tui.services.invoicing import invoice_with_pdfs, pdf_document
from okos_tui.services.mailing import send_invoices
from okos_tui.services.settings import invoice_settings
from okos_tui.services.workspace import Context

INVOICE_TARGET_SECONDS = 30.0
EMAIL_TARGET_SECONDS = 30.0
PROFILED_PDFS = 50

CONFIG = """\
[database]
path = "{db}"

[company]
name = "Benchmark Webáruház Kft."
tax_number = "12345676-2-08"
postcode = "1111"
city = "Budapest"
street = "Műegyetem rakpart 3."
country = "HU"
bank_account = "11700000-12345678-00000000"

[[warehouses]]
code = "MAIN"
name = "Központi raktár"

[[warehouses]]
code = "BOLT"
name = "Bolti raktár"

[invoicing]
pdf_dir = "{pdf_dir}"

[smtp]
host = "127.0.0.1"
port = {port}
security = "none"
sender = "szamla@benchmark-webaruhaz.hu"
subject = "Számla {{invoice_number}}"
timeout_seconds = 10
"""


@dataclass
class CountingHandler:
    """Accepts every message and counts: connections, messages, bytes. Writes nothing."""

    connections: set[tuple] = field(default_factory=set)
    messages: int = 0
    size: int = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        self.connections.add(session.peer)
        return responses

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages += 1
        self.size += len(envelope.original_content or b"")
        return "250 Message accepted"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=positive, default=500, help="default 500")
    parser.add_argument("--products", type=positive, default=2_000, help="default 2,000")
    parser.add_argument("--seed", type=int, default=20_000, help="for the random data")
    parser.add_argument(
        "--db", type=Path, help="build here and keep it (must not exist); default: a temp file"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help=f"also render {PROFILED_PDFS} PDFs in this process under cProfile",
    )
    args = parser.parse_args(argv)
    if args.db is not None and args.db.exists():
        parser.error(f"{args.db} exists: give a path to a new file (the benchmark builds afresh)")

    handler = CountingHandler()
    port = free_port()
    server = Controller(handler, hostname="127.0.0.1", port=port)
    server.start()
    try:
        with tempfile.TemporaryDirectory(prefix="okos-bench-") as folder:
            path = (args.db or Path(folder) / "bench.db").resolve()
            pdf_dir = Path(folder) / "invoices"
            config_path = Path(folder) / "okos.toml"
            config_path.write_text(
                CONFIG.format(db=path, pdf_dir=pdf_dir, port=port), encoding="utf-8"
            )
            config = Context(str(config_path)).open()
            print_header(path)
            build_data(args)
            print_data()
            invoiced = time_invoicing(config)
            emailed = time_emails(config, handler)
            print()
            misses = (not invoiced) + (not emailed)
            print(
                f"Targets: under {INVOICE_TARGET_SECONDS:.0f} s each. "
                + ("All PASS." if not misses else f"{misses} of 2 MISS.")
            )
            if args.profile:
                profile_render()
    finally:
        server.stop()
    return 0


def build_data(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    print("  building products and orders...", end="", flush=True, file=sys.stderr)
    data = create_dataset(seed=args.seed)
    add_products(data, args.products, service_share=0.01)
    add_open_orders(data, args.orders, lines=(1, 5))
    print(f" {time.perf_counter() - started:.1f} s", file=sys.stderr)
    started = time.perf_counter()
    print("  receiving their goods, filling the cart...", end="", flush=True, file=sys.stderr)
    receive_needed_goods()
    cart_add([order.number for order in SalesOrder.select(SalesOrder.number)])
    print(f" {time.perf_counter() - started:.1f} s", file=sys.stderr)


def receive_needed_goods() -> None:
    """One goods receipt per warehouse, through the domain API: what the open orders need and
    a little more, so every order can be invoiced without negative stock."""
    needed: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    rows = (
        SalesOrderLine.select(Warehouse.code, Product.sku, SalesOrderLine.quantity)
        .join(SalesOrder)
        .join(Warehouse)
        .switch(SalesOrderLine)
        .join(Product)
        .where(~Product.is_service)
        .tuples()
    )
    for code, sku, quantity in rows:
        needed[code][sku] += quantity
    for code, quantities in needed.items():
        items = [ItemInput(sku, str(math.ceil(q) + 5)) for sku, q in sorted(quantities.items())]
        receive_goods(code, items, supplier_name="Benchmark Nagyker Kft.")


def print_header(path: Path) -> None:
    print("okos-tui invoicing benchmark")
    print(
        f"  SQLite {sqlite3.sqlite_version}, Python {platform.python_version()}, "
        f"peewee {peewee.__version__}, fpdf2 {fpdf.__version__}, {os.cpu_count()} CPUs"
    )
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"  load average {load} (other work on the machine slows the wall times)")
    print(f"  database {path}")
    print()


def print_data() -> None:
    orders = SalesOrder.select()
    lines = SalesOrderLine.select()
    accented = orders.where(
        SalesOrder.billing_name.contains("ő") | SalesOrder.billing_name.contains("ű")
        | SalesOrder.billing_name.contains("Ő") | SalesOrder.billing_name.contains("Ű")
    )  # fmt: skip
    print("Data")
    print(f"  open orders in the cart {len(cart_orders()):>7,}  {lines.count():,} lines")
    print(f"  buyers with ő/ű/Ő/Ű     {accented.count():>7,}  of {orders.count():,} orders")
    print()


def time_invoicing(config: Config) -> bool:
    """What `okos invoice create --cart` runs: the cart's orders, then `invoice_with_pdfs`
    (PDFs rendered in worker processes while the next orders are invoiced). Also the CPU time,
    which a busy machine disturbs far less than the wall time."""
    last_invoiced = 0.0

    def progress(done: int, total: int, outcome: InvoiceOutcome) -> None:
        nonlocal last_invoiced
        last_invoiced = time.perf_counter()

    workers_cpu = children_cpu()
    started, cpu = time.perf_counter(), time.process_time()
    numbers = [order.number for order in cart_orders()]
    outcomes, pdfs = invoice_with_pdfs(
        numbers, invoice_settings(config), config.invoicing.pdf_dir, progress=progress
    )
    done, main_cpu = time.perf_counter(), time.process_time() - cpu
    workers_cpu = children_cpu() - workers_cpu  # the pool's processes have ended by now

    total = done - started
    written = [p for p in pdfs.values() if p.error is None]
    sizes = [p.path.stat().st_size for p in written if p.path is not None]
    passed = total < INVOICE_TARGET_SECONDS and len(written) == len(numbers)
    failed = sum(not o.ok for o in outcomes) + sum(p.error is not None for p in pdfs.values())
    cores = os.cpu_count() or 1
    count = max(1, len(numbers))
    print(f"(a) invoicing the cart with PDFs ({len(numbers):,} orders)")
    row("invoices issued, PDFs written", f"{sum(o.ok for o in outcomes):,}",
        f"{len(written):,} PDFs of {sum(sizes) / max(1, len(sizes)) / 1024:.1f} KiB, "
        f"{failed} failed")  # fmt: skip
    invoicing = last_invoiced - started
    row("last order invoiced after", f"{invoicing:.2f} s",
        f"{1000 * invoicing / count:.1f} ms per order, PDFs rendered meanwhile")  # fmt: skip
    row("last PDF written after", f"{total:.2f} s", f"{len(written) / total:.1f} invoices/s")
    row("CPU: this process", f"{main_cpu:.2f} s",
        f"{1000 * main_cpu / count:.1f} ms per order: invoicing, reading invoices")  # fmt: skip
    row("CPU: the PDF worker processes", f"{workers_cpu:.2f} s",
        f"{1000 * workers_cpu / count:.1f} ms per PDF, start-up included")  # fmt: skip
    row("all CPU / cores", f"{(main_cpu + workers_cpu) / cores:.2f} s",
        f"the wall time on {cores} cores with nothing else running")  # fmt: skip
    row("target", f"{INVOICE_TARGET_SECONDS:.2f} s", verdict(passed))
    print()
    return passed


def children_cpu() -> float:
    """CPU seconds of the ended child processes (the PDF workers) so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_emails(config: Config, handler: CountingHandler) -> bool:
    """What `okos invoice email` runs: every unsent invoice with its PDF, one connection."""
    waiting = Invoice.select().where(Invoice.pdf_status == PdfStatus.OK).count()
    started = time.perf_counter()
    outcomes = send_invoices(config)
    total = time.perf_counter() - started
    sent = sum(o.status == "sent" for o in outcomes)
    passed = total < EMAIL_TARGET_SECONDS and sent == waiting
    print(f"(b) e-mailing the invoices to aiosmtpd on 127.0.0.1 ({waiting:,} waiting)")
    row("sent", f"{sent:,}", f"{len(outcomes) - sent} failed or skipped")
    row("received by the server", f"{handler.messages:,}",
        f"{handler.size / max(1, handler.messages) / 1024:.1f} KiB each, "
        f"{len(handler.connections)} SMTP connection(s)")  # fmt: skip
    row("send_invoices", f"{total:.2f} s", f"{sent / total:.1f} e-mails/s")
    row("target", f"{EMAIL_TARGET_SECONDS:.2f} s", verdict(passed))
    return passed


def profile_render() -> None:
    invoices = list(Invoice.select().order_by(Invoice.id).limit(PROFILED_PDFS))
    documents = [pdf_document(invoice) for invoice in invoices]
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.runcall(lambda: [render(document) for document in documents])
    seconds = time.perf_counter() - started
    print()
    print(f"Profile: {len(documents)} PDFs rendered in this process, {seconds:.2f} s (cProfile)")
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(20)


def row(label: str, value: str, note: str = "") -> None:
    print(f"  {label:<38}{value:>10}   {note}".rstrip())


if __name__ == "__main__":
    sys.exit(main())
