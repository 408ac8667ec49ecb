"""Stock report benchmark (issue 2): 20,000 products, 2 warehouses, 200,000 movements.

Builds a fresh database through `open_database` (a temporary file unless --db is given), then
times `stock_report()` for all warehouses, for one warehouse and with `to_procure_only`, and
prints the figures against the target. Not a test: it always exits 0 once it has measured,
printing MISS for a target missed. Run it by hand or with `make bench`:

    .venv/bin/python benchmarks/bench_stock_report.py [--products 20000] [--movements 200000]
                                                      [--db PATH]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from _common import BuildSteps, measure, positive, print_header, verdict
from _data import (
    Dataset,
    add_min_stocks,
    add_products,
    add_purchase_orders,
    add_stock_movements,
    create_dataset,
)

from okos_tui.db import (
    ProductWarehouse,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    RetailReceipt,
    StockDocument,
    StockMovement,
    open_database,
)
from okos_tui.domain.stock.report import stock_report

TARGET_SECONDS = 0.5
RUNS = 5


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=positive, default=20_000, help="default 20,000")
    parser.add_argument("--movements", type=positive, default=200_000, help="default 200,000")
    parser.add_argument(
        "--purchase-orders", type=positive, default=300, help="open ones; default 300"
    )
    parser.add_argument("--runs", type=positive, default=RUNS, help=f"per report; default {RUNS}")
    parser.add_argument("--seed", type=int, default=20_000, help="for the random data")
    parser.add_argument(
        "--db", type=Path, help="build here and keep it (must not exist); default: a temp file"
    )
    args = parser.parse_args(argv)
    if args.db is not None and args.db.exists():
        parser.error(f"{args.db} exists: give a path to a new file (the benchmark builds afresh)")

    with tempfile.TemporaryDirectory(prefix="okos-bench-") as folder:
        path = args.db or Path(folder) / "bench.db"
        db = open_database(path)
        try:
            print_header("okos-tui stock report benchmark", path)
            steps = BuildSteps()
            data = build_data(args, steps)
            print_data(data, steps)
            print_reports(args.runs)
        finally:
            db.close()
    return 0


def build_data(args: argparse.Namespace, steps: BuildSteps) -> Dataset:
    """The stock data set (products, minimum stocks, movements, open purchase orders), built
    step by step; `bench_orders.py` builds on it."""
    # The part receipts of open purchase orders are movements too: keep the total exact.
    received_lines = min(args.purchase_orders, args.movements // 100)
    data = create_dataset(seed=args.seed)
    steps.run("products", lambda: add_products(data, args.products))
    steps.run("minimum stocks", lambda: add_min_stocks(data))
    steps.run(
        "stock documents and movements",
        lambda: add_stock_movements(data, args.movements - received_lines),
    )
    steps.run(
        "open purchase orders",
        lambda: add_purchase_orders(data, args.purchase_orders, received_lines=received_lines),
    )
    return data


def print_data(data: Dataset, steps: BuildSteps) -> None:
    services = sum(p.is_service for p in data.products)
    open_orders = PurchaseOrder.select().where(PurchaseOrder.status == PurchaseOrderStatus.OPEN)
    open_lines = (
        PurchaseOrderLine.select()
        .join(PurchaseOrder)
        .where(PurchaseOrder.status == PurchaseOrderStatus.OPEN)
    )
    figures = [
        ("products", len(data.products), f"{services:,} of them services"),
        ("warehouses", len(data.warehouses), ", ".join(data.warehouses)),
        ("stock movements", StockMovement.select().count(), ""),
        ("stock documents", StockDocument.select().count(), ""),
        ("retail receipts", RetailReceipt.select().count(), ""),
        ("minimum stocks", ProductWarehouse.select().count(), "product and warehouse rows"),
        ("open purchase orders", open_orders.count(), f"{open_lines.count():,} lines"),
        ("all purchase orders", PurchaseOrder.select().count(), ""),
    ]
    print("Data")
    for label, count, note in figures:
        print(f"  {label:<22}{count:>9,}  {note}".rstrip())
    print()
    steps.print_build()


def print_reports(runs: int) -> None:
    warehouse = "MAIN"
    reports: list[tuple[str, Callable[[], list]]] = [
        ("stock_report()", lambda: stock_report()),
        (f'stock_report("{warehouse}")', lambda: stock_report(warehouse)),
        ("stock_report(to_procure_only=True)", lambda: stock_report(to_procure_only=True)),
    ]
    line = "  {:<36}{:>8}{:>9}{:>9}{:>9}{:>9}  {}"
    print(f"Report, {runs} runs each, in seconds")
    print(line.format("call", "rows", "first", "best", "median", "target", "result"))
    misses = 0
    for label, report in reports:
        rows, times = measure(report, runs)
        best, median = min(times), statistics.median(times)
        passed = median < TARGET_SECONDS
        misses += not passed
        print(
            line.format(
                label,
                f"{rows:,}",
                f"{times[0]:.3f}",
                f"{best:.3f}",
                f"{median:.3f}",
                f"{TARGET_SECONDS:.3f}",
                verdict(passed),
            )
        )
    print()
    print(
        f"Target: median under {TARGET_SECONDS} s per report. "
        + ("All PASS." if not misses else f"{misses} of {len(reports)} MISS.")
    )


if __name__ == "__main__":
    sys.exit(main())
