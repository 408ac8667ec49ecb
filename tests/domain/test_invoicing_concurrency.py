"""Two real processes invoicing different orders of one SQLite file at the same moment: the
numbers stay one gapless sequence and nobody sees "database is locked"."""

from __future__ import annotations

import itertools
import sqlite3
import subprocess
import sys
import time

from okos_tui.db import database, open_database
from okos_tui.domain.sales.orders import CustomerInput, OrderLineInput, create_order
from okos_tui.domain.stock.documents import ItemInput, receive_goods
from okos_tui.domain.stock.report import stock_report

PER_PROCESS = 25

WORKER = """
import sys, time
from pathlib import Path
from okos_tui.config import load_config
from okos_tui.db import open_database
from okos_tui.domain.invoicing import InvoiceSettings, issue_invoice, storno_invoice
from okos_tui.services.settings import invoice_settings

config_path, folder, tag = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
orders = sys.argv[4:]
config = load_config(config_path)
settings = invoice_settings(config)
open_database(config.database_path)
(folder / f"ready-{tag}").touch()
deadline = time.monotonic() + 30
while not (folder / "go").exists():
    if time.monotonic() > deadline:
        sys.exit("no start signal")
    time.sleep(0.001)
for n, number in enumerate(orders):
    invoice = issue_invoice(number, settings)
    print(number, invoice.number, flush=True)
    if n % 5 == 4:  # a storno now and then: same sequence, the order is OPEN again
        storno = storno_invoice(invoice.number, settings)
        print(number, storno.number, flush=True)
        print(number, issue_invoice(number, settings).number, flush=True)
    time.sleep(0.01)  # a little think time, so the two processes overlap for sure
"""


def test_two_processes_invoice_at_once_with_one_gapless_sequence(
    catalog, config_file, db_path, tmp_path
):
    receive_goods("MAIN", [ItemInput("BOG-01", "1000")])
    numbers = [
        create_order(
            CustomerInput(f"Vevő {n}"),
            [OrderLineInput(code="BOG-01", quantity="2"), OrderLineInput(code="SZALL")],
            warehouse_code="MAIN",
            prefix="R",
            payment_method="Átutalás",
        ).number
        for n in range(2 * PER_PROCESS)
    ]
    database.obj.close()
    tags = {"p1": numbers[0::2], "p2": numbers[1::2]}
    workers = {
        tag: subprocess.Popen(
            [sys.executable, "-c", WORKER, str(config_file), str(tmp_path), tag, *orders],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag, orders in tags.items()
    }
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"ready-{tag}").exists() for tag in tags):
        assert all(w.poll() is None for w in workers.values()), "a worker died early"
        assert time.monotonic() < deadline, "workers never got ready"
        time.sleep(0.005)
    (tmp_path / "go").touch()
    issued: dict[str, list[str]] = {}
    for tag, worker in workers.items():
        out, err = worker.communicate(timeout=90)
        assert "locked" not in err.lower(), err
        assert worker.returncode == 0, err
        issued[tag] = [line.split()[1] for line in out.splitlines()]

    per_process = PER_PROCESS + 2 * (PER_PROCESS // 5)  # invoices + (storno, again) pairs
    assert {tag: len(got) for tag, got in issued.items()} == {"p1": per_process, "p2": per_process}
    for got in issued.values():  # each process saw its own numbers rising
        assert got == sorted(got)
    year = issued["p1"][0][3:7]
    everything = [f"SZ-{year}-{n:06d}" for n in range(1, 2 * per_process + 1)]
    assert sorted(issued["p1"] + issued["p2"]) == everything  # no gap, no number twice

    connection = sqlite3.connect(db_path)
    try:
        stored = [n for (n,) in connection.execute("SELECT number FROM invoice ORDER BY id")]
        statuses = {s for (s,) in connection.execute("SELECT status FROM sales_order")}
        goods_out = [
            n
            for (n,) in connection.execute(
                "SELECT number FROM stock_document WHERE kind = 'invoice' ORDER BY id"
            )
        ]
    finally:
        connection.close()
    assert stored == everything  # committed in number order
    assert statuses == {"invoiced"}
    # one goods-out document per invoice, in its own gapless sequence too
    expected_out = 2 * (PER_PROCESS + PER_PROCESS // 5)
    assert goods_out == [f"KIA-{year}-{n:06d}" for n in range(1, expected_out + 1)]
    open_database(db_path)
    (mug,) = [row for row in stock_report("MAIN") if row.sku == "BOG-01"]
    assert (mug.physical, mug.reserved) == (1000 - 2 * 2 * PER_PROCESS, 0)
    # both processes really wrote at the same time: their numbers interleave
    owner = {number: tag for tag, got in issued.items() for number in got}
    switches = sum(1 for a, b in itertools.pairwise(everything) if owner[a] != owner[b])
    assert switches >= 5, "the two processes did not invoice at the same time"
