"""The emulator as a whole: every kind of answer is schema-valid, concurrent clients, the state
file across restarts, `okos fake-nav` as a real process, and what the package may import."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from okos_tui.fakenav import FakeNav, FakeNavSettings, ManualClock, ReportCount, TechnicalUser
from okos_tui.fakenav.cli import main

from .helpers import OTHER_USER, SAMPLE_NUMBER, USER, NavClient, sample_invoice


def test_every_kind_of_answer_is_schema_valid(nav: FakeNav, client: NavClient):
    """NavClient checks each answer against invoiceApi.xsd; this makes one of each kind."""
    transaction_id = client.report(sample_invoice())
    client.wait(transaction_id)
    client.status(transaction_id, original=True)
    client.transaction_list(client.moment().replace(hour=0), client.moment())
    client.check_invoice(SAMPLE_NUMBER)
    client.send("queryTaxpayer", "QueryTaxpayerRequest", "<taxNumber>24687531</taxNumber>")
    client.wait(client.annul(SAMPLE_NUMBER).find("api:transactionId") or "")
    client.send("tokenExchange", "TokenExchangeRequest", password="wrong")
    client.check("tokenExchange", httpx.post(nav.url("tokenExchange"), content=b"<a>"))
    nav.faults.maintenance_next()
    client.send("tokenExchange", "TokenExchangeRequest")

    names = {answer.name for answer in client.answers}
    assert names == {
        "TokenExchangeResponse",
        "ManageInvoiceResponse",
        "QueryTransactionStatusResponse",
        "QueryTransactionListResponse",
        "QueryInvoiceCheckResponse",
        "QueryTaxpayerResponse",
        "ManageAnnulmentResponse",
        "GeneralErrorResponse",
        "GeneralExceptionResponse",
    }


def test_concurrent_clients_are_each_counted_once(nav: FakeNav, clock: ManualClock):
    errors: list[BaseException] = []

    def report(n: int) -> None:
        try:
            client = NavClient(nav.base_url, USER if n % 2 else OTHER_USER, clock)
            number = f"C-{n}"
            document = sample_invoice(number)
            if client.user is OTHER_USER:
                document = document.replace(b">99999999<", b">11111111<")
            client.wait(client.report(document))
        except BaseException as exc:  # handed to the main thread
            errors.append(exc)

    threads = [threading.Thread(target=report, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert errors == []
    assert [nav.reports(f"C-{n}") for n in range(8)] == [ReportCount(1, 1, 0, 0, 1)] * 8
    assert len({t.transaction_id for t in nav.transactions()}) == 8


def test_the_state_file_survives_a_restart(tmp_path: Path, clock: ManualClock):
    settings = FakeNavSettings(users=(USER,), clock=clock, state_file=tmp_path / "nav.json")
    with FakeNav(settings) as nav:
        client = NavClient(nav.base_url, USER, clock)
        transaction_id = client.report(sample_invoice())
        client.wait(transaction_id)
        client.send("tokenExchange", "TokenExchangeRequest", request_id="RIDPERSIST")
    assert (tmp_path / "nav.json").exists()

    with FakeNav(settings) as again:
        client = NavClient(again.base_url, USER, clock)
        assert again.reports(SAMPLE_NUMBER) == ReportCount(1, 1, 0, 0, 1)
        assert client.check_invoice(SAMPLE_NUMBER)
        assert client.status(transaction_id)[1][0].status == "DONE"
        reused = client.send("tokenExchange", "TokenExchangeRequest", request_id="RIDPERSIST")
        assert reused.error_code == "REQUEST_ID_NOT_UNIQUE"
        duplicate = client.wait(client.report(sample_invoice()))
        assert ("ERROR", "INVOICE_NUMBER_NOT_UNIQUE") in duplicate[0].business


def test_a_damaged_state_file_is_refused(tmp_path: Path):
    path = tmp_path / "nav.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(ValueError, match="cannot load"):
        FakeNav(FakeNavSettings(state_file=path))


def test_settings_refuse_bad_users():
    with pytest.raises(ValueError):
        TechnicalUser("ab", "p", "k", "0123456789abcdef", "12345678")
    with pytest.raises(ValueError):
        TechnicalUser("abcdefg", "p", "k", "short", "12345678")
    with pytest.raises(ValueError):
        FakeNavSettings(users=(USER, USER))


# the command ------------------------------------------------------------------------------------


def test_main_runs_in_a_thread_until_stopped(tmp_path: Path):
    ready, stop = threading.Event(), threading.Event()
    result: list[int] = []
    thread = threading.Thread(
        target=lambda: result.append(
            main(["--port", "0", "--state", str(tmp_path / "s.json")], ready=ready, stop=stop)
        )
    )
    thread.start()
    try:
        assert ready.wait(10)
    finally:
        stop.set()
        thread.join(10)
    assert result == [0]


def test_bad_values_are_usage_errors():
    for argv in (["--exchange-key", "short"], ["--taxpayer", "123"], ["--done-after", "-1"]):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 2


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child is POSIX-only")
@pytest.mark.parametrize(
    "command", [["okos_tui", "fake-nav"], ["okos_tui.fakenav"]], ids=["okos fake-nav", "module"]
)
def test_okos_fake_nav_runs_answers_with_the_printed_credentials_and_stops_on_ctrl_c(
    command: list[str], tmp_path: Path
):
    process = subprocess.Popen(
        [sys.executable, "-m", *command, "--port", "0", "--state", str(tmp_path / "nav.json")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines = []
        for line in process.stdout:
            lines.append(line)
            if line.startswith("Ctrl+C"):
                break
        printed = "".join(lines)
        base_url = _printed(r'base_url = "([^"]+)"', printed)
        user = TechnicalUser(
            login=_printed(r'login = "([^"]+)"', printed),
            password=_printed(r"OKOS_NAV_PASSWORD='([^']+)'", printed),
            signature_key=_printed(r"OKOS_NAV_SIGNATURE_KEY='([^']+)'", printed),
            exchange_key=_printed(r"OKOS_NAV_EXCHANGE_KEY='([^']+)'", printed),
            taxpayer_id=_printed(r"of taxpayer (\d{8})", printed),
        )
        assert base_url.endswith("/invoiceService/v3")
        assert re.search(r'software_id = "[0-9A-Z-]{18}"', printed)
        client = NavClient(base_url, user)
        with client.http:
            assert client.token()
            tax = client.send(
                "queryTaxpayer", "QueryTaxpayerRequest", "<taxNumber>24687531</taxNumber>"
            )
            assert tax.find("api:taxpayerValidity") == "true"
        process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=10)
        assert process.returncode == 0
        assert "Traceback" not in errors
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=5)


def _printed(pattern: str, text: str) -> str:
    found = re.search(pattern, text)
    assert found, (pattern, text)
    return found.group(1)


def test_the_package_needs_no_ui_no_database_no_services():
    code = (
        "import sys, okos_tui.fakenav, okos_tui.fakenav.cli; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'peewee', 'rich')"
        " or m.startswith(('okos_tui.db', 'okos_tui.services', 'okos_tui.ui', 'okos_tui.domain'))))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"
