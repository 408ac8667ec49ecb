"""Two real processes racing for the same sales order, round after round.

Each round the test releases both processes at once (a barrier file per round); each runs one
domain call on the same order and reports ok / refused (a DomainError) / error (anything else,
"database is locked" included). Transitions run under BEGIN IMMEDIATE and re-read the status under
the write lock, so:

- cancel vs cancel: exactly one wins, the other is refused with "not open";
- invoice vs cancel: both need an OPEN order, so exactly one wins, the other is refused;
- edit vs cancel: the two are serialised. Either the cancel came first and the edit is refused
  (the lines stay as they were), or the edit came first: then it wins and the cancel still
  succeeds afterwards, on the edited order. Never an edit on a cancelled order.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

from okos_tui.db import SalesOrderLine, SalesOrderStatus, database
from okos_tui.domain.sales.orders import CustomerInput, OrderLineInput, create_order, get_order
from okos_tui.i18n import t

ROUNDS = 20

WORKER = r"""
import json, sys, time
from pathlib import Path
from okos_tui.db import open_database
from okos_tui.core.errors import DomainError
from okos_tui.domain.sales.orders import OrderEdit, cancel_order, edit_order, mark_invoiced

db_path, folder, tag, action = sys.argv[1], Path(sys.argv[2]), sys.argv[3], sys.argv[4]
numbers = sys.argv[5].split(",")
open_database(db_path)
ACTIONS = {
    "cancel": cancel_order,
    "invoice": mark_invoiced,
    "edit": lambda n: edit_order(n, OrderEdit(set_quantities={"BOG-01": "7"}, header_note=tag)),
}
(folder / f"ready-{tag}").touch()
for round_, number in enumerate(numbers):
    go = folder / f"go-{round_}"
    deadline = time.monotonic() + 30
    while not go.exists():
        if time.monotonic() > deadline:
            sys.exit("no start signal")
        time.sleep(0.0002)
    started = time.time()
    try:
        ACTIONS[action](number)
        outcome = {"result": "ok"}
    except DomainError as exc:
        outcome = {"result": "refused", "key": exc.key, "message": str(exc)}
    except Exception as exc:  # what must never happen: "database is locked" and the like
        outcome = {"result": "error", "type": type(exc).__name__, "message": str(exc)}
    outcome.update(number=number, started=started, ended=time.time())
    print(json.dumps(outcome), flush=True)
    (folder / f"done-{tag}-{round_}").touch()
print(json.dumps({"finished": tag}), flush=True)
"""


def wait_for(paths: list[Path], workers: list[subprocess.Popen], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not all(p.exists() for p in paths):
        if any(w.poll() is not None for w in workers):
            return  # a worker ended early: its output tells why
        assert time.monotonic() < deadline, f"waited {seconds} s for {paths}"
        time.sleep(0.001)


def race(
    folder: Path, db_path: Path, actions: dict[str, str], numbers: list[str]
) -> dict[str, list[dict]]:
    """Start one process per (tag, action), release them together once per order number;
    return each one's outcomes, in round order."""
    workers = {
        tag: subprocess.Popen(
            [
                sys.executable,
                "-c",
                WORKER,
                str(db_path),
                str(folder),
                tag,
                action,
                ",".join(numbers),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag, action in actions.items()
    }
    processes = list(workers.values())
    try:
        wait_for([folder / f"ready-{tag}" for tag in workers], processes)
        for round_ in range(len(numbers)):
            (folder / f"go-{round_}").touch()
            wait_for([folder / f"done-{tag}-{round_}" for tag in workers], processes)
        results = {}
        for tag, worker in workers.items():
            out, err = worker.communicate(timeout=60)
            assert worker.returncode == 0, err
            assert "locked" not in err.lower(), err
            lines = [json.loads(line) for line in out.splitlines()]
            assert lines[-1] == {"finished": tag}, (out, err)
            results[tag] = lines[:-1]
        return results
    finally:
        for worker in processes:
            if worker.poll() is None:
                worker.kill()
                worker.wait()


@pytest.fixture
def orders(catalog, db_path) -> list[str]:
    numbers = [
        create_order(
            CustomerInput(f"Vevő {i}"),
            [OrderLineInput(code="BOG-01", quantity="2"), OrderLineInput(code="SZALL")],
            warehouse_code="MAIN",
            prefix="R",
        ).number
        for i in range(ROUNDS)
    ]
    database.obj.close()  # the workers alone touch the file while they race
    return numbers


def rounds(results: dict[str, list[dict]], numbers: list[str]) -> list[dict[str, dict]]:
    """Per round, each worker's outcome; checks that no call failed other than by the rules."""
    for tag, outcomes in results.items():
        assert [o["number"] for o in outcomes] == numbers, tag
        for outcome in outcomes:
            assert outcome["result"] in ("ok", "refused"), outcome
    return [{tag: results[tag][i] for tag in results} for i in range(len(numbers))]


def overlapping(outcomes: dict[str, dict]) -> bool:
    a, b = outcomes.values()
    return a["started"] < b["ended"] and b["started"] < a["ended"]


def test_two_processes_cancel_the_same_order(orders, db_path, tmp_path):
    results = race(tmp_path, db_path, {"p1": "cancel", "p2": "cancel"}, orders)
    per_round = rounds(results, orders)
    for number, outcome in zip(orders, per_round, strict=True):
        winners = [tag for tag, o in outcome.items() if o["result"] == "ok"]
        assert len(winners) == 1, (number, outcome)
        (loser,) = [o for o in outcome.values() if o["result"] == "refused"]
        assert loser["key"] == "error.order_not_open", loser
        assert number in loser["message"] and "Törölt" in loser["message"]
        assert get_order(number).status == SalesOrderStatus.CANCELLED
    assert sum(map(overlapping, per_round)) >= 1, "the two calls never ran at the same time"


def test_invoice_and_cancel_of_the_same_order(orders, db_path, tmp_path):
    results = race(tmp_path, db_path, {"inv": "invoice", "can": "cancel"}, orders)
    per_round = rounds(results, orders)
    for number, outcome in zip(orders, per_round, strict=True):
        results_ = {tag: o["result"] for tag, o in outcome.items()}
        assert sorted(results_.values()) == ["ok", "refused"], (number, outcome)
        winner = next(tag for tag, r in results_.items() if r == "ok")
        expected = SalesOrderStatus.INVOICED if winner == "inv" else SalesOrderStatus.CANCELLED
        assert get_order(number).status == expected
        loser = next(o for o in outcome.values() if o["result"] == "refused")
        assert loser["key"] == "error.order_not_open"
        assert t(f"status.{expected}") in loser["message"]
    assert sum(map(overlapping, per_round)) >= 1, "the two calls never ran at the same time"


def test_edit_and_cancel_of_the_same_order(orders, db_path, tmp_path):
    results = race(tmp_path, db_path, {"edit": "edit", "cancel": "cancel"}, orders)
    per_round = rounds(results, orders)
    edits_won = 0
    for number, outcome in zip(orders, per_round, strict=True):
        assert outcome["cancel"]["result"] == "ok", outcome  # valid before and after an edit
        order = get_order(number)
        assert order.status == SalesOrderStatus.CANCELLED
        quantity = (
            SalesOrderLine.select(SalesOrderLine.quantity)
            .where((SalesOrderLine.order == order.id) & SalesOrderLine.product.is_null(False))
            .order_by(SalesOrderLine.position)
            .first()
            .quantity
        )
        if outcome["edit"]["result"] == "ok":  # the edit came first and is kept
            edits_won += 1
            assert (quantity, order.header_note) == (Decimal(7), "edit")
        else:  # the cancel came first: the edit changed nothing
            assert outcome["edit"]["key"] == "error.order_not_open", outcome
            assert (quantity, order.header_note) == (Decimal(2), "")
    print(f"edit first in {edits_won} of {len(orders)} rounds")
    assert sum(map(overlapping, per_round)) >= 1, "the two calls never ran at the same time"
