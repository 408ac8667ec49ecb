"""Sales order benchmark (issue 3): 20,000 products, 200,000 movements, 5,000 OPEN orders.

Builds a fresh database through `open_database` (a temporary file unless --db is given): the
stock report data set of `bench_stock_report.py`, then a history of invoiced and cancelled orders
and 5,000 OPEN orders of 1-5 lines. Times the stock report with reservations and the
fulfillability of all open orders, and prints the figures against the target. Not a test: it
always exits 0 once it has measured, printing MISS for a target missed:

    .venv/bin/python benchmarks/bench_orders.py [--products 20000] [--movements 200000]
        [--orders 5000] [--closed-orders 10000] [--runs 5] [--seed 20000] [--db PATH]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from _common import BuildSteps, measure, natural, positive, print_header, verdict
from _data import (
    Dataset,
    add_open_orders,
    add_sales_orders,
)
from bench_stock_report import build_data as stock_data

from okos_tui.db import (
    SalesOrder,
    SalesOrderLine,
    SalesOrderStatus,
    StockMovement,
    Warehouse,
    open_database,
)
from okos_tui.domain.sales.fulfillment import fulfillability, picking_summary, procurement_list
from okos_tui.domain.stock.report import stock_report

TARGET_SECONDS = 0.5
RUNS = 5


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=positive, default=20_000, help="default 20,000")
    parser.add_argument("--movements", type=positive, default=200_000, help="default 200,000")
    parser.add_argument("--orders", type=positive, default=5_000, help="OPEN ones; default 5,000")
    parser.add_argument(
        "--closed-orders",
        type=natural,
        default=10_000,
        help="invoiced (90%%) and cancelled (10%%) orders before them; default 10,000",
    )
    parser.add_argument("--purchase-orders", type=positive, default=300, help="default 300")
    parser.add_argument("--runs", type=positive, default=RUNS, help=f"per call; default {RUNS}")
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
            print_header("okos-tui sales order benchmark", path)
            steps = BuildSteps()
            data = build_data(args, steps)
            print_data(data, steps)
            print_timings(args.runs)
        finally:
            db.close()
    return 0


def build_data(args: argparse.Namespace, steps: BuildSteps) -> Dataset:
    """The stock report's data set, then a year of closed orders and the open ones."""
    data = stock_data(args, steps)
    if args.closed_orders:
        steps.run(
            "invoiced and cancelled orders",
            lambda: add_sales_orders(
                data,
                args.closed_orders,
                statuses=((SalesOrderStatus.INVOICED, 0.9), (SalesOrderStatus.CANCELLED, 0.1)),
                days=(15, 365),
            ),
        )
    steps.run("open sales orders", lambda: add_open_orders(data, args.orders))
    return data


def print_data(data: Dataset, steps: BuildSteps) -> None:
    open_orders = SalesOrder.select().where(SalesOrder.status == SalesOrderStatus.OPEN)
    open_lines = (
        SalesOrderLine.select().join(SalesOrder).where(SalesOrder.status == SalesOrderStatus.OPEN)
    )
    services = sum(p.is_service for p in data.products)
    figures = [
        ("products", len(data.products), f"{services:,} of them services"),
        ("warehouses", len(data.warehouses), ", ".join(data.warehouses)),
        ("stock movements", StockMovement.select().count(), ""),
        ("open sales orders", open_orders.count(), f"{open_lines.count():,} lines"),
        ("all sales orders", SalesOrder.select().count(), ""),
        ("all order lines", SalesOrderLine.select().count(), ""),
    ]
    print("Data")
    for label, count, note in figures:
        print(f"  {label:<22}{count:>9,}  {note}".rstrip())
    print()
    steps.print_build()


def print_timings(runs: int) -> None:
    main_id = Warehouse.get(Warehouse.code == "MAIN").id
    rows = fulfillability()
    fulfillable = sum(r.fulfillable for r in rows)
    unfulfillable = [r.order_number for r in rows if not r.fulfillable]
    selected = [r.order_number for r in rows if r.fulfillable][:200]
    calls: list[tuple[str, Callable[[], list], bool]] = [
        ("stock_report()", lambda: stock_report(), True),
        ('stock_report("MAIN")', lambda: stock_report("MAIN"), True),
        ("fulfillability()", lambda: fulfillability(), True),
        ("fulfillability(MAIN)", lambda: fulfillability(main_id), False),
        (
            f"picking_summary({len(selected):,} orders)",
            lambda: picking_summary(selected),
            False,
        ),
        (
            f"procurement_list({len(unfulfillable):,} orders)",
            lambda: procurement_list(unfulfillable),
            False,
        ),
    ]
    line = "  {:<36}{:>8}{:>9}{:>9}{:>9}{:>9}  {}"
    print(
        f"Fulfillability: {fulfillable:,} of {len(rows):,} open orders fulfillable, "
        f"{len(rows) - fulfillable:,} not"
    )
    print()
    print(f"Calls, {runs} runs each, in seconds (* = a target of issue 3)")
    print(line.format("call", "rows", "first", "best", "median", "target", "result"))
    misses = targeted = 0
    for label, call, is_target in calls:
        count, times = measure(call, runs)
        best, median = min(times), statistics.median(times)
        passed = median < TARGET_SECONDS
        targeted += is_target
        misses += is_target and not passed
        print(
            line.format(
                ("* " if is_target else "  ") + label,
                f"{count:,}",
                f"{times[0]:.3f}",
                f"{best:.3f}",
                f"{median:.3f}",
                f"{TARGET_SECONDS:.3f}",
                verdict(passed),
            )
        )
    print()
    print(
        f"Target: median under {TARGET_SECONDS} s per call. "
        + ("All PASS." if not misses else f"{misses} of {targeted} targets MISS.")
    )


if __name__ == "__main__":
    sys.exit(main())
