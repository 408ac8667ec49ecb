"""Two real processes writing stock documents to one SQLite file at the same moment."""

from __future__ import annotations

import itertools
import re
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from okos_tui.db import Product, database
from okos_tui.domain.stock.documents import ItemInput, adjust_stock, receive_goods

OPERATIONS = 200  # per process
OPENING = Decimal(1000)

WORKER = """
import sys, time
from pathlib import Path
from okos_tui.db import open_database
from okos_tui.domain.stock.documents import ItemInput, adjust_stock, receive_goods
from okos_tui.domain.sales.receipts import create_retail_receipt

db_path, folder, tag, count = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
pause = float(sys.argv[5])
open_database(db_path)
(folder / f"ready-{tag}").touch()
deadline = time.monotonic() + 30
while not (folder / "go").exists():
    if time.monotonic() > deadline:
        sys.exit("no start signal")
    time.sleep(0.001)
for i in range(count):
    note = f"{tag}-{i}"
    step = i % 4
    if step < 2:
        receive_goods("MAIN", [ItemInput("A-1", "3")], note=note)
    elif step == 2:
        adjust_stock("MAIN", [ItemInput("A-1", "-1")], note=note)
    else:
        create_retail_receipt("MAIN", [ItemInput("A-1", "1")], note=note)
    if pause:
        time.sleep(pause)  # a person's think time between documents
print("done", tag)
"""


def start_together(folder: Path, db_path: Path, tags: list[str], count: int, pause: float):
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(db_path), str(folder), tag, str(count), str(pause)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in tags
    ]
    deadline = time.monotonic() + 60
    while not all((folder / f"ready-{tag}").exists() for tag in tags):
        if any(w.poll() is not None for w in workers) or time.monotonic() > deadline:
            break
        time.sleep(0.005)
    (folder / "go").touch()
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        results.append((worker.returncode, out, err))
    return results


@pytest.mark.parametrize(
    "pause",
    [0, 0.001],
    ids=["tight loops: one process waits out the other", "with pauses: documents interleave"],
)
def test_two_processes_write_documents_at_once(catalog, db_path, tmp_path, pause):
    receive_goods("MAIN", [ItemInput("BOG-01", "1")])  # BEV number 1 is taken before the race
    Product.update(sku="A-1").where(Product.sku == "TEA-01").execute()
    adjust_stock("MAIN", [ItemInput("A-1", str(OPENING))])
    database.obj.close()

    results = start_together(tmp_path, db_path, ["p1", "p2"], OPERATIONS, pause)
    for code, out, err in results:
        assert "locked" not in err.lower(), err
        assert code == 0, err
        assert out.startswith("done"), (out, err)

    connection = sqlite3.connect(db_path)
    try:
        notes = [
            n for (n,) in connection.execute("SELECT note FROM stock_document ORDER BY id") if n
        ]
        expected = {f"{tag}-{i}" for tag in ("p1", "p2") for i in range(OPERATIONS)}
        assert len(notes) == len(expected) and set(notes) == expected
        if pause:
            switches = sum(1 for a, b in itertools.pairwise(notes) if a[:2] != b[:2])
            assert switches >= 10, "the two processes did not write at the same time"

        numbers = [n for (n,) in connection.execute("SELECT number FROM stock_document")]
        assert len(numbers) == len(set(numbers))
        blocks: dict[str, list[int]] = defaultdict(list)
        for number in numbers:
            prefix, sequence = re.fullmatch(r"([A-Z]+)-\d{4}-(\d{6})", number).groups()
            blocks[prefix].append(int(sequence))
        per_kind = OPERATIONS // 4
        assert {prefix: len(seq) for prefix, seq in blocks.items()} == {
            "BEV": 2 * 2 * per_kind + 1,
            "KOR": 2 * per_kind + 1,
            "NYU": 2 * per_kind,
        }
        for prefix, sequence in blocks.items():
            assert sorted(sequence) == list(range(1, len(sequence) + 1)), prefix

        receipts = connection.execute("SELECT COUNT(*) FROM retail_receipt").fetchone()[0]
        assert receipts == 2 * per_kind
        units = connection.execute(
            "SELECT SUM(m.quantity) FROM stock_movement m JOIN product p ON p.id = m.product_id "
            "WHERE p.sku = 'A-1'"
        ).fetchone()[0]
        per_process = 2 * per_kind * 3 - per_kind - per_kind
        assert Decimal(units).scaleb(-3) == OPENING + 2 * per_process
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        connection.close()


def test_two_processes_create_and_migrate_a_fresh_file_at_once(tmp_path):
    """Both open a file that does not exist yet: one migrates, neither fails or doubles seeds."""
    db_path = tmp_path / "fresh.db"
    script = """
import sys, time
import os
if os.environ.get("OKOS_TEST_DEFERRED"):
    import okos_tui.db.connection as c, peewee
    _orig = peewee.SqliteDatabase.__init__
    def _init(self, *a, **k):
        k["lock_type"] = "DEFERRED"; _orig(self, *a, **k)
    peewee.SqliteDatabase.__init__ = _init
from pathlib import Path
from okos_tui.db import open_database
folder = Path(sys.argv[2])
(folder / f"ready-{sys.argv[3]}").touch()
while not (folder / "go").exists():
    time.sleep(0.001)
db = open_database(sys.argv[1])
print("done", db.execute_sql("PRAGMA user_version").fetchone()[0])
"""
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(db_path), str(tmp_path), tag],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("a", "b")
    ]
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"ready-{tag}").exists() for tag in ("a", "b")):
        assert time.monotonic() < deadline and all(w.poll() is None for w in workers)
        time.sleep(0.005)
    (tmp_path / "go").touch()
    outputs = [w.communicate(timeout=60) for w in workers]
    for worker, (out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err
        assert out.startswith("done"), err
    connection = sqlite3.connect(db_path)
    try:
        assert connection.execute("SELECT COUNT(*) FROM vat_rate").fetchone()[0] == 15
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        connection.close()
