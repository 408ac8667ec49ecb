"""`okos nav send` killed (SIGKILL, a real process) at the worst moments: before the batch is
sent, after NAV accepted it but before the answer was recorded, while asking for the results.
The next run finishes the work and NAV, which counts, got every invoice exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from okos_tui.config import load_config
from okos_tui.db import NavReport, NavStatus, database
from okos_tui.domain.invoicing import issue_invoice
from okos_tui.domain.sales.orders import AddressInput, CustomerInput, OrderLineInput, create_order
from okos_tui.fakenav.nav import FakeNav
from okos_tui.fakenav.settings import DEFAULT_USER, FakeNavSettings, Pace
from okos_tui.services.settings import invoice_settings

BUYER = CustomerInput(
    "Tűzkő Kft.",
    tax_number="12345676-2-41",
    billing=AddressInput("Tűzkő Kft.", "6720", "Szeged", "Kárász u. 2.", "HU"),
)
ENV = {
    "OKOS_NAV_PASSWORD": DEFAULT_USER.password,
    "OKOS_NAV_SIGNATURE_KEY": DEFAULT_USER.signature_key,
    "OKOS_NAV_EXCHANGE_KEY": DEFAULT_USER.exchange_key,
}


@pytest.fixture
def nav() -> Iterator[FakeNav]:
    # processed only on the 2nd status query: a run can be killed while it polls
    pace = Pace(finish_after_queries=2, finish_after_seconds=None)
    with FakeNav(FakeNavSettings(pace=pace)) as running:
        yield running


@pytest.fixture
def numbers(config_file: Path, nav: FakeNav, db) -> list[str]:
    text = config_file.read_text(encoding="utf-8") + (
        f'\n[nav]\nbase_url = "{nav.base_url}"\nlogin = "{DEFAULT_USER.login}"\n'
        'password_env = "OKOS_NAV_PASSWORD"\nsignature_key_env = "OKOS_NAV_SIGNATURE_KEY"\n'
        'exchange_key_env = "OKOS_NAV_EXCHANGE_KEY"\nsoftware_id = "HU12345676OKOS-001"\n'
        "report = false\nlookup_after_seconds = 1\ntimeout_seconds = 30\n"
    )
    config_file.write_text(text, encoding="utf-8")
    settings = invoice_settings(load_config(config_file))
    issued = []
    for n in range(3):
        order = create_order(
            BUYER,
            [OrderLineInput(name=f"Tanácsadás {n}", unit_net="1000", vat="27%")],
            warehouse_code="MAIN",
            prefix="R",
            payment_method="Átutalás",
        )
        issued.append(issue_invoice(order.number, settings).number)
    database.obj.close()  # the processes below use the file
    return issued


def nav_send(config_file: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "okos_tui", "--config", str(config_file), "nav", "send", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **ENV},
    )


def kill_when(process: subprocess.Popen[str], ready, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the moment to kill never came"
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(10)


def statuses(config_file: Path) -> list[str]:
    from okos_tui.services.workspace import Context

    Context(str(config_file)).open()
    try:
        return [r.status for r in NavReport.select().order_by(NavReport.id)]
    finally:
        database.obj.close()


def finish(config_file: Path) -> subprocess.CompletedProcess[str]:
    time.sleep(1.1)  # past lookup_after_seconds: a lost answer is looked up, not resent
    process = nav_send(config_file, "--wait", "20")
    out, err = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def test_killed_before_the_batch_is_sent(config_file, nav, numbers):
    nav.faults.slow_next(10, operation="tokenExchange")  # stuck before manageInvoice
    process = nav_send(config_file)
    kill_when(process, lambda: nav.faults.pending == 0)  # the slow token exchange is under way

    assert nav.requests_of("manageInvoice") == []
    assert statuses(config_file) == [NavStatus.SENDING] * 3  # claimed, not sent
    done = finish(config_file)

    assert done.returncode == 0, done.stderr
    assert [(nav.reports(n).submitted, nav.reports(n).done) for n in numbers] == [(1, 1)] * 3


def test_killed_after_nav_accepted_the_batch_before_its_answer_was_recorded(
    config_file, nav, numbers
):
    nav.faults.slow_next(10, operation="manageInvoice")  # accepted, then answered late
    process = nav_send(config_file)
    kill_when(process, lambda: nav.reports(numbers[0]).submitted == 1)

    assert statuses(config_file) == [NavStatus.SENDING] * 3
    done = finish(config_file)

    assert done.returncode == 0, done.stderr
    assert [(nav.reports(n).submitted, nav.reports(n).done) for n in numbers] == [(1, 1)] * 3
    assert len(nav.requests_of("manageInvoice")) == 1  # looked up, never sent again


def test_killed_while_asking_for_the_results(config_file, nav, numbers):
    nav.faults.slow_next(10, operation="queryTransactionStatus")
    process = nav_send(config_file)
    kill_when(process, lambda: nav.faults.pending == 0)  # the slow status query is under way

    assert statuses(config_file) == [NavStatus.SENT] * 3
    done = finish(config_file)

    assert done.returncode == 0, done.stderr
    assert [(nav.reports(n).submitted, nav.reports(n).done) for n in numbers] == [(1, 1)] * 3
