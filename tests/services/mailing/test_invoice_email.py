"""E-mailing invoices to a real SMTP server on 127.0.0.1 (aiosmtpd): what arrives, one
connection per batch, failures that are retried, refused and missing addresses, nothing sent
twice (also after a crash between claiming and sending), and TLS that really verifies."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from okos_tui.config import ConfigError, load_config
from okos_tui.core import clock
from okos_tui.core.errors import InvalidState
from okos_tui.db import Invoice, PdfStatus, Product, VatRate
from okos_tui.domain.invoicing import get_invoice, issue_invoice, storno_invoice
from okos_tui.domain.sales.orders import AddressInput, CustomerInput, OrderLineInput, create_order
from okos_tui.services import mailing as mail
from okos_tui.services.mailing import (
    MAX_ATTEMPTS,
    allow_resend,
    send_invoices,
    stuck_in_sending,
)
from okos_tui.services.settings import invoice_settings
from tests.conftest import write_config
from tests.services.mailing.smtp_helpers import (
    PASSWORD,
    USERNAME,
    DroppingHandler,
    RecordingHandler,
    free_port,
)

SENDER = "szamla@teszt-webaruhaz.hu"
REPLY_TO = "ugyfelszolgalat@teszt-webaruhaz.hu"
SUBJECT = "Számla {invoice_number} – {company_name}"
BODY = (
    "Kedves {customer_name}!\\n\\nMellékelten küldjük a(z) {order_number} rendelés "
    "{invoice_number} számú számláját, végösszeg: {total}.\\n\\nÜdvözlettel:\\n{company_name}"
)
CUSTOMERS = {
    "Szűcs Örs": "ors@example.hu",
    "Őri Űrsula": "ursula@example.hu",
    "Kovács Anna": "anna@example.hu",
}


def configure(folder: Path, port: int | None, security: str = "none", extra: str = ""):
    """okos.toml with [invoicing] and (unless port is None) [smtp] for 127.0.0.1:port."""
    path = write_config(folder)
    text = path.read_text(encoding="utf-8") + '\n[invoicing]\npdf_dir = "szamlak"\n'
    if port is not None:
        text += (
            f'\n[smtp]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "{security}"\n'
            f'sender = "{SENDER}"\nreply_to = "{REPLY_TO}"\nsubject = "{SUBJECT}"\n'
            f'body = "{BODY}"\ntimeout_seconds = 5\n{extra}'
        )
    path.write_text(text, encoding="utf-8")
    return load_config(path)


@pytest.fixture
def issue(db, config_file, monkeypatch):
    """issue(customer, email=...) -> an invoice of 3 x 1000 Ft + 27% for that customer."""
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    vat = VatRate.get(VatRate.code == "27%")
    Product.create(
        sku="BOG-1", name="Bögre", vat_rate=vat, net_price=Decimal(1000), is_service=True
    )
    settings = invoice_settings(configure(config_file.parent, None))

    def make(name: str, email: str | None = None) -> Invoice:
        created = create_order(
            CustomerInput(
                name,
                email=CUSTOMERS.get(name, "") if email is None else email,
                billing=AddressInput(name, "9021", "Győr", "Fő tér 1.", "HU"),
            ),
            [OrderLineInput(code="BOG-1", quantity="3")],
            warehouse_code="MAIN",
            prefix="R",
            payment_method="Átutalás",
        )
        return issue_invoice(created.number, settings)

    return make


def status(number: str) -> tuple[str, int, str]:
    invoice = get_invoice(number)
    return invoice.email_status, invoice.email_attempts, invoice.email_error


# --- what arrives ----------------------------------------------------------------------------


def test_each_invoice_arrives_with_its_pdf_over_one_connection(issue, smtp_server, config_file):
    invoices = [issue(name) for name in CUSTOMERS]
    config = configure(config_file.parent, smtp_server.port)
    progress = []

    outcomes = send_invoices(config, progress=lambda d, t, o: progress.append((d, t, o.status)))

    assert [(o.number, o.recipient, o.status, o.error) for o in outcomes] == [
        (i.number, email, "sent", "") for i, email in zip(invoices, CUSTOMERS.values(), strict=True)
    ]
    assert progress == [(1, 3, "sent"), (2, 3, "sent"), (3, 3, "sent")]
    assert len(smtp_server.handler.connections) == 1  # one SMTP session for the batch
    assert len(smtp_server.delivered) == 3
    for invoice, (name, email), got in zip(
        invoices, CUSTOMERS.items(), smtp_server.delivered, strict=True
    ):
        stored = get_invoice(invoice.number)
        message = got.message
        assert got.mail_from == SENDER and got.rcpt_tos == [email]
        assert message["To"] == email
        assert message["Reply-To"] == REPLY_TO
        (sender,) = message["From"].addresses
        assert (sender.display_name, sender.addr_spec) == ("Teszt Webáruház Kft.", SENDER)
        assert message["Subject"] == f"Számla {invoice.number} – Teszt Webáruház Kft."
        assert message["Message-ID"].endswith("@teszt-webaruhaz.hu>")
        body = message.get_body(preferencelist=("plain",)).get_content()
        assert body == (
            f"Kedves {name}!\n\nMellékelten küldjük a(z) {invoice.order_number} rendelés "
            f"{invoice.number} számú számláját, végösszeg: 3 810 Ft.\n\nÜdvözlettel:\n"
            "Teszt Webáruház Kft.\n"
        )
        (attachment,) = list(message.iter_attachments())
        assert attachment.get_content_type() == "application/pdf"
        assert attachment.get_filename() == f"{invoice.number}.pdf"
        assert attachment.get_content() == Path(stored.pdf_path).read_bytes()
        assert stored.pdf_status == PdfStatus.OK  # written by the e-mail run itself
        assert Path(stored.pdf_path).parent == config_file.parent / "szamlak"
        assert (stored.email_status, stored.email_attempts, stored.email_error) == ("sent", 1, "")
        assert stored.email_sent_at == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    # nothing is sent twice
    assert send_invoices(config) == []
    assert len(smtp_server.delivered) == 3


def test_a_storno_invoice_is_mailed_as_a_storno_naming_the_invoice_it_cancels(
    issue, smtp_server, config_file
):
    invoice = issue("Kovács Anna")
    config = configure(config_file.parent, smtp_server.port)
    storno = storno_invoice(invoice.number, invoice_settings(config))

    outcomes = send_invoices(config)

    assert [(o.number, o.status) for o in outcomes] == [
        (invoice.number, "sent"),
        (storno.number, "sent"),
    ]
    first, second = (got.message for got in smtp_server.delivered)
    assert first["Subject"] == f"Számla {invoice.number} – Teszt Webáruház Kft."
    assert second["Subject"] == f"Sztornó számla {storno.number}"
    body = second.get_body(preferencelist=("plain",)).get_content()
    assert f"{storno.number} számú sztornó számlát" in body
    assert f"a(z) {invoice.number} számú számlát érvényteleníti" in body
    assert "-3 810 Ft" in body


def test_a_dry_run_sends_and_changes_nothing(issue, smtp_server, config_file, db_path, dump):
    invoices = [issue(name) for name in CUSTOMERS]
    config = configure(config_file.parent, smtp_server.port)
    send_invoices(config, dry_run=True)  # the first run writes the PDFs
    before = dump(db_path)
    outcomes = send_invoices(config, dry_run=True)
    assert [(o.number, o.status) for o in outcomes] == [(i.number, "dry-run") for i in invoices]
    assert dump(db_path) == before
    assert smtp_server.delivered == [] and smtp_server.handler.connections == []


def test_only_the_given_numbers_are_sent(issue, smtp_server, config_file):
    first, second, third = (issue(name) for name in CUSTOMERS)
    config = configure(config_file.parent, smtp_server.port)
    outcomes = send_invoices(config, numbers=[second.number])
    assert [(o.number, o.status) for o in outcomes] == [(second.number, "sent")]
    assert [status(i.number)[0] for i in (first, second, third)] == ["unsent", "sent", "unsent"]


# --- failures ----------------------------------------------------------------------------------


def test_a_server_that_is_down_fails_each_and_the_next_run_retries(
    issue, smtp_factory, config_file
):
    invoices = [issue(name) for name in list(CUSTOMERS)[:2]]
    port = free_port()  # nobody listens there
    config = configure(config_file.parent, port)

    outcomes = send_invoices(config)
    assert [o.status for o in outcomes] == ["failed", "failed"]
    for invoice, outcome in zip(invoices, outcomes, strict=True):
        assert "levelezőszerver-hiba" in outcome.error and "refused" in outcome.error.lower()
        assert status(invoice.number) == ("failed", 1, outcome.error)
    assert [o.status for o in send_invoices(config)] == ["failed", "failed"]
    assert [status(i.number)[1] for i in invoices] == [2, 2]

    server = smtp_factory(port=port)  # the server is back
    assert [o.status for o in send_invoices(config)] == ["sent", "sent"]
    assert [status(i.number) for i in invoices] == [("sent", 3, ""), ("sent", 3, "")]
    assert [d.rcpt_tos for d in server.delivered] == [["ors@example.hu"], ["ursula@example.hu"]]


def test_a_refused_recipient_fails_alone_and_the_rest_go(issue, smtp_factory, config_file):
    server = smtp_factory(handler=RecordingHandler(refuse={"ursula@example.hu"}))
    first, refused, last = (issue(name) for name in CUSTOMERS)
    config = configure(config_file.parent, server.port)

    outcomes = send_invoices(config)

    assert [o.status for o in outcomes] == ["sent", "failed", "sent"]
    assert "ursula@example.hu" in outcomes[1].error and "550" in outcomes[1].error
    assert status(refused.number) == ("failed", 1, outcomes[1].error)
    assert [d.rcpt_tos for d in server.delivered] == [["ors@example.hu"], ["anna@example.hu"]]
    assert status(first.number)[0] == status(last.number)[0] == "sent"

    server.handler.refuse.clear()  # the mailbox exists again: the next run sends it
    assert [(o.number, o.status) for o in send_invoices(config)] == [(refused.number, "sent")]
    assert status(refused.number) == ("sent", 2, "")


def test_customers_without_a_valid_address_are_skipped_and_listed(issue, smtp_server, config_file):
    nobody = issue("Cím Nélküli Kft.", email="")
    broken = issue("Hibás Címzett", email="nem-email-cim")
    injected = issue("Fejléc Betörő", email="a@example.hu\r\nBcc: victim@example.hu")
    fine = issue("Szűcs Örs")
    config = configure(config_file.parent, smtp_server.port)

    for _ in range(2):  # listed again on the next run, never sent, never counted as attempts
        outcomes = {o.number: o for o in send_invoices(config)}
        assert outcomes[nobody.number].status == "skipped"
        assert outcomes[nobody.number].error == "a vevőnek nincs e-mail címe"
        assert outcomes[broken.number].status == "skipped"
        assert outcomes[broken.number].error == "a vevő e-mail címe hibás"
        assert outcomes[injected.number].status == "skipped"
        for invoice in (nobody, broken, injected):
            assert status(invoice.number) == ("unsent", 0, "")
    assert [d.rcpt_tos for d in smtp_server.delivered] == [["ors@example.hu"]]
    assert status(fine.number)[0] == "sent"


def test_after_too_many_failures_it_waits_for_a_person(issue, smtp_factory, config_file):
    invoice = issue("Szűcs Örs")
    port = free_port()
    config = configure(config_file.parent, port)
    for _ in range(MAX_ATTEMPTS):
        assert [o.status for o in send_invoices(config)] == ["failed"]
    server = smtp_factory(port=port)
    assert send_invoices(config) == []  # given up on: no more automatic attempts
    assert status(invoice.number)[:2] == ("failed", MAX_ATTEMPTS)
    allow_resend(invoice.number)
    assert [o.status for o in send_invoices(config)] == ["sent"]
    assert len(server.delivered) == 1


def test_without_smtp_settings_nothing_happens(issue, config_file, db_path, dump):
    issue("Szűcs Örs")
    config = configure(config_file.parent, None)
    before = dump(db_path)
    with pytest.raises(InvalidState) as caught:
        send_invoices(config)
    assert "[smtp]" in str(caught.value)
    assert dump(db_path) == before


# --- a crash between claiming and sending ------------------------------------------------------

CRASH_WHILE_SENDING = """
import os, sys
import okos_tui.services.mailing as mail
from okos_tui.config import load_config
from okos_tui.services.settings import invoice_settings
from okos_tui.db import open_database

config = load_config(sys.argv[1])
open_database(config.database_path)
mail.SmtpConnection.send = lambda self, message: os._exit(3)  # dies with the message unsent
mail.send_invoices(config)
"""


def test_an_invoice_left_sending_by_a_crash_is_not_resent_but_listed(
    issue, smtp_server, config_file
):
    crashed, other = issue("Szűcs Örs"), issue("Őri Űrsula")
    config = configure(config_file.parent, smtp_server.port)
    child = subprocess.run(
        [sys.executable, "-c", CRASH_WHILE_SENDING, str(config.path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert child.returncode == 3, child.stderr
    assert status(crashed.number)[:2] == ("sending", 1)  # claimed, committed, then the crash
    assert status(other.number)[0] == "unsent"

    outcomes = send_invoices(config)
    assert [(o.number, o.status) for o in outcomes] == [(other.number, "sent")]
    assert [i.number for i in stuck_in_sending()] == [crashed.number]
    assert send_invoices(config) == []  # still not resent by itself
    assert [d.rcpt_tos for d in smtp_server.delivered] == [["ursula@example.hu"]]

    # a person checked: it did not arrive; send it again
    allow_resend(crashed.number)
    assert [(o.number, o.status) for o in send_invoices(config)] == [(crashed.number, "sent")]
    assert stuck_in_sending() == []
    with pytest.raises(InvalidState):
        allow_resend(crashed.number)  # sent is final
    assert len(smtp_server.delivered) == 2


def test_a_connection_dropped_mid_send_leaves_that_invoice_for_a_person_the_rest_go(
    issue, smtp_factory, config_file
):
    server = smtp_factory(handler=DroppingHandler(drop_after_data={"ursula@example.hu"}))
    first, dropped, last = (issue(name) for name in CUSTOMERS)
    config = configure(config_file.parent, server.port)

    outcomes = send_invoices(config)

    assert [o.status for o in outcomes] == ["sent", "uncertain", "sent"]
    assert "ellenőrizze" in outcomes[1].error
    assert status(dropped.number) == ("sending", 1, outcomes[1].error)
    assert [i.number for i in stuck_in_sending()] == [dropped.number]
    assert send_invoices(config) == []  # it may have arrived: never sent again by itself
    assert [d.rcpt_tos for d in server.delivered] == [
        ["ors@example.hu"],
        ["ursula@example.hu"],
        ["anna@example.hu"],
    ]
    assert status(first.number)[0] == status(last.number)[0] == "sent"


def test_a_connection_the_server_closed_while_idle_is_opened_again_and_nothing_doubles(
    issue, smtp_factory, config_file, monkeypatch
):
    server = smtp_factory(handler=DroppingHandler(close_when_idle=True))
    invoices = [issue(name) for name in CUSTOMERS]
    config = configure(config_file.parent, server.port)
    monkeypatch.setattr(mail, "_claim", _slowly(mail._claim))

    outcomes = send_invoices(config)

    assert [o.status for o in outcomes] == ["sent"] * 3
    assert [d.rcpt_tos for d in server.delivered] == [
        [CUSTOMERS[name]] for name in CUSTOMERS
    ]  # each exactly once
    assert len(server.handler.connections) == 3  # reopened after each idle close
    assert [status(i.number)[0] for i in invoices] == ["sent"] * 3


def _slowly(claim):
    """The claim, after a pause longer than the server's idle close."""

    def slow(invoice_id: int) -> bool:
        time.sleep(0.2)
        return claim(invoice_id)

    return slow


# --- TLS and login -----------------------------------------------------------------------------


def test_starttls_refuses_an_unknown_certificate(issue, smtp_factory, config_file, monkeypatch):
    """The default SSL context verifies the server: a certificate from an unknown CA is refused."""
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    invoice = issue("Szűcs Örs")
    server = smtp_factory("starttls")
    config = configure(config_file.parent, server.port, "starttls")
    (outcome,) = send_invoices(config)
    assert outcome.status == "failed" and "CERTIFICATE_VERIFY_FAILED" in outcome.error
    assert status(invoice.number)[0] == "failed"
    assert server.delivered == []


# aiosmtpd warns when AUTH does not require STARTTLS, which "ssl" (implicit TLS) never needs
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_tls_with_a_trusted_certificate_and_login(
    issue, smtp_factory, config_file, certificate, monkeypatch, security
):
    """Trusting the server's own certificate through SSL_CERT_FILE (as for a private CA);
    the password comes from the environment variable that [smtp] password_env names."""
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    monkeypatch.setenv("OKOS_TEST_SMTP_PASSWORD", PASSWORD)
    invoices = [issue(name) for name in list(CUSTOMERS)[:2]]
    server = smtp_factory(security, auth=True)
    login = f'username = "{USERNAME}"\npassword_env = "OKOS_TEST_SMTP_PASSWORD"\n'
    config = configure(config_file.parent, server.port, security, login)

    assert [o.status for o in send_invoices(config)] == ["sent", "sent"]
    assert [(d.tls, d.rcpt_tos) for d in server.delivered] == [
        (True, ["ors@example.hu"]),
        (True, ["ursula@example.hu"]),
    ]
    assert len(server.handler.connections) == 1
    assert [status(i.number)[0] for i in invoices] == ["sent", "sent"]


def test_a_wrong_password_fails_and_a_missing_one_stops_before_sending(
    issue, smtp_factory, config_file, certificate, monkeypatch
):
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    invoice = issue("Szűcs Örs")
    server = smtp_factory("starttls", auth=True)
    login = f'username = "{USERNAME}"\npassword_env = "OKOS_TEST_SMTP_PASSWORD"\n'
    config = configure(config_file.parent, server.port, "starttls", login)

    monkeypatch.delenv("OKOS_TEST_SMTP_PASSWORD", raising=False)
    with pytest.raises(ConfigError) as caught:
        send_invoices(config)
    assert "OKOS_TEST_SMTP_PASSWORD" in str(caught.value)
    assert status(invoice.number) == ("unsent", 0, "")

    monkeypatch.setenv("OKOS_TEST_SMTP_PASSWORD", "rossz-jelszo")
    (outcome,) = send_invoices(config)
    assert outcome.status == "failed" and "535" in outcome.error
    assert server.delivered == []


def test_a_password_with_accents_fails_cleanly_instead_of_stopping_the_run(
    issue, smtp_factory, config_file, certificate, monkeypatch
):
    """smtplib sends credentials as ASCII only: the invoices fail with a clear reason (and are
    tried again later) rather than the run crashing with one invoice stuck in `sending`."""
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    monkeypatch.setenv("OKOS_TEST_SMTP_PASSWORD", "jelszó")
    invoices = [issue(name) for name in list(CUSTOMERS)[:2]]
    server = smtp_factory("starttls", auth=True)
    login = f'username = "{USERNAME}"\npassword_env = "OKOS_TEST_SMTP_PASSWORD"\n'
    config = configure(config_file.parent, server.port, "starttls", login)

    outcomes = send_invoices(config)

    assert [o.status for o in outcomes] == ["failed", "failed"]
    assert "ékezetes" in outcomes[0].error
    assert [status(i.number)[:2] for i in invoices] == [("failed", 1), ("failed", 1)]
    assert stuck_in_sending() == []
