"""okos invoice create|storno|list|show|email|render and okos cart add|remove|list.

Run through the real CLI on a real SQLite file (in this process, and as a real subprocess), with
real PDF files and a real SMTP server on 127.0.0.1 (aiosmtpd) for `invoice email`. Bad input
(a non-OPEN order, goods not on stock, a storno of a storno, no seller tax number, an unwritable
PDF folder, SMTP down, a refused recipient): exit 1, a clear message on stderr, nothing
half-done, and the rest of a batch goes on.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from okos_tui.core import clock
from okos_tui.db import EmailStatus, Invoice, PdfStatus, SalesOrderStatus
from okos_tui.domain.invoicing import get_invoice
from okos_tui.domain.sales.orders import (
    AddressInput,
    CustomerInput,
    OrderLineInput,
    cancel_order,
    create_order,
    get_order,
)
from okos_tui.domain.stock.documents import ItemInput, receive_goods
from tests.cli.test_orders_cli import created_number
from tests.services.mailing.smtp_helpers import RecordingHandler, free_port

MARCH_2 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
INVOICE_NUMBER = re.compile(r"SZ-\d{4}-\d{6}")
LIST_HEADER = (
    "number,kind,original,cancelled_by,order_number,buyer,buyer_tax_number,issued_on,"
    "fulfilled_on,due_on,paid_on,payment_method,currency,exchange_rate,net_total,vat_total,"
    "gross_total,rounding,payable,pdf_status,email_status"
)
CART_HEADER = "order_number,created,customer,gross_total"
SENDER = "szamla@teszt-webaruhaz.hu"
ORS = CustomerInput(
    "Szűcs Örs",
    email="ors@example.hu",
    tax_number="87654323-1-08",
    billing=AddressInput("Szűcs Örs Kft.", "9021", "Győr", "Őz utca 1.", "HU"),
)
URSULA = CustomerInput(
    "Őri Űrsula",
    email="ursula@example.hu",
    billing=AddressInput("Őri Űrsula", "6720", "Szeged", "Kárász utca 5.", "HU"),
)
NO_EMAIL = CustomerInput(
    "Kovács Ödön", billing=AddressInput("Kovács Ödön", "1111", "Budapest", "Fő utca 2.", "HU")
)


@dataclass
class Smtp:
    port: int
    handler: RecordingHandler


@pytest.fixture
def smtp() -> Iterator[Smtp]:
    """A plain SMTP server on 127.0.0.1 that keeps every message it accepts."""
    handler = RecordingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield Smtp(port, handler)
    controller.stop()


@pytest.fixture
def shop(catalog, config_file, monkeypatch) -> Path:
    """Products on stock in MAIN, the clock on 2 March 2026, PDFs in `szamlak` next to the
    configuration. Returns the PDF folder."""
    monkeypatch.setattr(clock, "now", lambda: MARCH_2)
    receive_goods("MAIN", [ItemInput("BOG-01", "10"), ItemInput("TEA-01", "10")])
    append_config(config_file, '[invoicing]\npdf_dir = "szamlak"\n')
    return config_file.parent / "szamlak"


def append_config(config_file: Path, text: str) -> None:
    config_file.write_text(config_file.read_text(encoding="utf-8") + "\n" + text, "utf-8")


def use_smtp(config_file: Path, port: int) -> None:
    append_config(
        config_file,
        f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n'
        f'sender = "{SENDER}"\nsubject = "Számla {{invoice_number}}"\ntimeout_seconds = 5\n',
    )


def order(*lines: str, customer: CustomerInput = ORS) -> str:
    """An OPEN order in MAIN through the domain API: lines as "SKU=QTY"."""
    inputs = [OrderLineInput(code=c, quantity=q) for c, q in (line.split("=") for line in lines)]
    return create_order(
        customer, inputs, warehouse_code="MAIN", prefix="R", payment_method="Átutalás"
    ).number


def ok(result):
    assert result.code == 0, (result.out, result.err)
    assert "Traceback" not in result.err
    return result


def assert_refused(okos, db_path, dump, args, *fragments):
    """Exit 1, a message naming `fragments` on stderr, nothing on stdout, nothing written."""
    before = dump(db_path)
    result = okos(*args)
    assert result.code == 1, (result.out, result.err)
    assert result.out == ""
    assert result.err.strip() and "Traceback" not in result.err
    for fragment in fragments:
        assert fragment in result.err, result.err
    assert dump(db_path) == before
    return result


def created(result) -> list[tuple[str, str, str]]:
    """The (order, invoice, PDF path or message) lines `invoice create` printed."""
    return [tuple(line.split("\t")) for line in result.out.splitlines()]


def listed(okos, *args: str) -> list[dict[str, str]]:
    result = ok(okos("invoice", "list", "--format", "csv", *args))
    assert result.out.splitlines()[0] == LIST_HEADER
    return list(csv.DictReader(io.StringIO(result.out)))


def shown(okos, number: str) -> dict:
    return json.loads(ok(okos("invoice", "show", number, "--format", "json")).out)


# --- create, show, list ----------------------------------------------------------------------


def test_create_prints_each_number_and_pdf_path_and_show_gives_the_invoice(shop, okos):
    first = order("BOG-01=2", "SZALL=1")
    second = order("TEA-01=3", customer=URSULA)

    result = ok(okos("invoice", "create", first, second))

    assert created(result) == [
        (first, "SZ-2026-000001", str(shop / "SZ-2026-000001.pdf")),
        (second, "SZ-2026-000002", str(shop / "SZ-2026-000002.pdf")),
    ]
    assert (shop / "SZ-2026-000001.pdf").read_bytes().startswith(b"%PDF-")
    assert get_order(first).status == SalesOrderStatus.INVOICED

    document = shown(okos, "SZ-2026-000001")
    assert {k: document[k] for k in ("number", "kind", "original", "order_number")} == {
        "number": "SZ-2026-000001",
        "kind": "invoice",
        "original": None,
        "order_number": first,
    }
    assert list(document)[: len(LIST_HEADER.split(","))] == LIST_HEADER.split(",")
    assert (document["issued_on"], document["fulfilled_on"], document["due_on"]) == (
        "2026-03-02",
        "2026-03-02",
        "2026-03-10",
    )
    assert (document["buyer"], document["buyer_tax_number"]) == (
        "Szűcs Örs Kft.",
        "87654323-1-08",
    )
    assert (document["payment_method"], document["paid_on"]) == ("Átutalás", None)
    assert (document["currency"], document["exchange_rate"]) == ("HUF", "1")
    assert (document["rounding"], document["payable"]) == ("0.00", "4445.00")
    assert document["seller"]["tax_number"] == "12345676-2-08"
    assert document["buyer_details"] == {
        "name": "Szűcs Örs Kft.",
        "postcode": "9021",
        "city": "Győr",
        "street": "Őz utca 1.",
        "country": "HU",
        "country_code": "HU",
        "tax_number": "87654323-1-08",
        "vat_status": "domestic",
        "email": "ors@example.hu",
    }
    assert [
        (li["sku"], li["quantity"], li["vat_code"], li["vat_category"], li["vat_rate"], li["gross"])
        for li in document["lines"]
    ] == [
        ("BOG-01", "2", "27%", "percentage", "27", "2540.00"),
        ("SZALL", "1", "27%", "percentage", "27", "1905.00"),
    ]
    assert document["vat_summary"] == [
        {
            "vat_code": "27%",
            "vat_category": "percentage",
            "reason": "",
            "net": "3500.00",
            "vat": "945.00",
            "gross": "4445.00",
            "net_huf": "3500.00",
            "vat_huf": "945.00",
        }
    ]
    assert (document["net_total"], document["vat_total"], document["gross_total"]) == (
        "3500.00",
        "945.00",
        "4445.00",
    )
    assert (document["pdf"], document["pdf_status"]) == (str(shop / "SZ-2026-000001.pdf"), "ok")
    assert (document["email_status"], document["email_sent_at"]) == ("unsent", None)

    table = ok(okos("invoice", "show", "SZ-2026-000002")).out
    assert "Őri Űrsula" in table and "TEA-01" in table


def test_list_in_every_format(shop, okos):
    ok(okos("invoice", "create", order("BOG-01=1"), order("TEA-01=1", customer=URSULA)))
    ok(okos("invoice", "storno", "SZ-2026-000001"))

    rows = listed(okos)
    short = (
        "number",
        "kind",
        "original",
        "cancelled_by",
        "order_number",
        "buyer",
        "gross_total",
        "payable",
    )
    assert [tuple(row[k] for k in short) for row in rows] == [
        ("SZ-2026-000001", "invoice", "", "SZ-2026-000003", "R-2026-000001", "Szűcs Örs Kft.",
         "1270.00", "1270.00"),
        ("SZ-2026-000002", "invoice", "", "", "R-2026-000002", "Őri Űrsula", "1000.00",
         "1000.00"),
        ("SZ-2026-000003", "storno", "SZ-2026-000001", "", "R-2026-000001", "Szűcs Örs Kft.",
         "-1270.00", "-1270.00"),
    ]  # fmt: skip
    assert {row["fulfilled_on"] for row in rows} == {"2026-03-02"}
    as_json = json.loads(ok(okos("invoice", "list", "--format", "json")).out)
    assert [list(item) for item in as_json] == [LIST_HEADER.split(",")] * 3
    assert [item["gross_total"] for item in as_json] == ["1270.00", "1000.00", "-1270.00"]
    table = ok(okos("invoice", "list")).out
    assert "Sztornó" in table and "Számla" in table and "nincs elküldve" in table
    assert "Sztornózta" in table and table.count("SZ-2026-000003") == 2  # marked, and itself
    assert "-1 270" in table
    shown_storno = ok(okos("invoice", "show", "SZ-2026-000001")).out
    assert "SZTORNÓZVA: SZ-2026-000003" in shown_storno


# --- the invoice cart ------------------------------------------------------------------------


def test_cart_add_list_remove_and_invoice_the_cart(shop, okos):
    first, second, third = order("BOG-01=1"), order("TEA-01=2", customer=URSULA), order("SZALL=1")

    assert ok(okos("cart", "add", third, first, second)).out == "A kosárban 3 rendelés van.\n"
    assert ok(okos("cart", "add", first)).out == "A kosárban 3 rendelés van.\n"  # once
    result = ok(okos("cart", "list", "--format", "csv"))
    assert result.out.splitlines()[0] == CART_HEADER
    assert [row["order_number"] for row in csv.DictReader(io.StringIO(result.out))] == [
        first,
        second,
        third,
    ]
    assert ok(okos("cart", "remove", second)).out == "A kosárban 2 rendelés van.\n"
    items = json.loads(ok(okos("cart", "list", "--format", "json")).out)
    assert [(i["order_number"], i["customer"], i["gross_total"]) for i in items] == [
        (first, "Szűcs Örs", "1270.00"),
        (third, "Szűcs Örs", "1905.00"),
    ]
    assert "3 175 Ft" in ok(okos("cart", "list")).out  # the cart's total for people

    result = ok(okos("invoice", "create", "--cart"))

    assert created(result) == [
        (first, "SZ-2026-000001", str(shop / "SZ-2026-000001.pdf")),
        (third, "SZ-2026-000002", str(shop / "SZ-2026-000002.pdf")),
    ]
    assert get_order(second).status == SalesOrderStatus.OPEN
    assert json.loads(ok(okos("cart", "list", "--format", "json")).out) == []


def test_an_empty_cart_and_unknown_orders_are_refused(shop, okos, db_path, dump):
    assert_refused(okos, db_path, dump, ("invoice", "create", "--cart"), "nincs számlázandó")
    assert_refused(okos, db_path, dump, ("invoice", "create"), "nincs számlázandó")
    assert_refused(okos, db_path, dump, ("cart", "add", "R-2026-000404"), "R-2026-000404")
    cancelled = order("SZALL=1")
    cancel_order(cancelled)
    assert_refused(okos, db_path, dump, ("cart", "add", order("SZALL=1"), cancelled), cancelled)
    assert_refused(okos, db_path, dump, ("invoice", "show", "SZ-2026-000404"), "SZ-2026-000404")


def test_create_cart_in_a_real_process(shop, okos, okos_process):
    numbers = [order("BOG-01=1"), order("TEA-01=1", customer=URSULA)]
    ok(okos("cart", "add", *numbers))

    result = ok(okos_process("invoice", "create", "--cart"))

    rows = created(result)
    assert [row[0] for row in rows] == numbers
    for _, number, path in rows:
        assert INVOICE_NUMBER.fullmatch(number)
        assert Path(path) == shop / f"{number}.pdf" and Path(path).is_file()
    assert listed(okos)[0]["number"] == rows[0][1]


# --- storno ----------------------------------------------------------------------------------


def test_storno_prints_its_number_and_pdf_and_reopens_the_order(shop, okos, db_path, dump):
    number = order("BOG-01=4")
    ok(okos("invoice", "create", number))

    result = ok(okos("invoice", "storno", "SZ-2026-000001"))

    assert "SZ-2026-000002" in result.out and "SZ-2026-000001" in result.out
    assert str(shop / "SZ-2026-000002.pdf") in result.out
    assert (shop / "SZ-2026-000002.pdf").is_file()
    assert get_order(number).status == SalesOrderStatus.OPEN
    document = shown(okos, "SZ-2026-000002")
    assert (document["kind"], document["original"], document["gross_total"]) == (
        "storno",
        "SZ-2026-000001",
        "-5080.00",
    )
    assert [li["quantity"] for li in document["lines"]] == ["-4"]

    assert_refused(okos, db_path, dump, ("invoice", "storno", "SZ-2026-000002"), "SZ-2026-000002")
    assert_refused(okos, db_path, dump, ("invoice", "storno", "SZ-2026-000001"), "SZ-2026-000001")
    assert_refused(okos, db_path, dump, ("invoice", "storno", "SZ-2026-000099"), "SZ-2026-000099")


# --- bad input: a clear message, nothing half-done, the rest goes on --------------------------


def test_a_non_open_order_and_goods_not_on_stock_fail_alone(shop, okos):
    good = order("BOG-01=2")
    cancelled = order("SZALL=1")
    cancel_order(cancelled)
    short = order("TEA-01=11")  # 10 on stock
    last = order("TEA-01=1", customer=URSULA)

    result = okos("invoice", "create", good, cancelled, short, "R-2026-000404", last)

    assert result.code == 1 and "Traceback" not in result.err
    assert created(result) == [
        (good, "SZ-2026-000001", str(shop / "SZ-2026-000001.pdf")),
        (last, "SZ-2026-000002", str(shop / "SZ-2026-000002.pdf")),
    ]
    errors = result.err.splitlines()
    assert len(errors) == 3
    assert errors[0].startswith(f"{cancelled}: ") and "nem nyitott" in errors[0]
    assert errors[1].startswith(f"{short}: ") and "TEA-01" in errors[1]
    assert errors[2].startswith("R-2026-000404: ")
    # no number used without an invoice, no order INVOICED without one
    assert [i.number for i in Invoice.select()] == ["SZ-2026-000001", "SZ-2026-000002"]
    assert get_order(short).status == SalesOrderStatus.OPEN
    assert sorted(p.name for p in shop.iterdir()) == ["SZ-2026-000001.pdf", "SZ-2026-000002.pdf"]


def test_negative_stock_allowed_by_configuration(shop, okos, config_file):
    short = order("TEA-01=11")
    assert okos("invoice", "create", short).code == 1
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(text.replace("allow_negative = false", "allow_negative = true"), "utf-8")
    assert created(ok(okos("invoice", "create", short)))[0][:2] == (short, "SZ-2026-000001")


def test_a_missing_seller_tax_number_is_refused(shop, okos, config_file, db_path, dump):
    number = order("BOG-01=1")
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(text.replace('tax_number = "12345676-2-08"\n', ""), "utf-8")

    result = okos("invoice", "create", number)

    assert result.code == 1 and result.out == ""
    assert "adószám" in result.err.lower() and number in result.err
    assert Invoice.select().count() == 0
    assert get_order(number).status == SalesOrderStatus.OPEN


def test_an_unwritable_pdf_folder_keeps_the_invoice_and_render_writes_it_later(
    shop, okos, config_file
):
    number = order("BOG-01=1")
    shop.write_text("a file where the folder should be")

    result = okos("invoice", "create", number)

    assert result.code == 1 and "Traceback" not in result.err
    ((order_number, invoice_number, where),) = created(result)
    assert (order_number, invoice_number) == (number, "SZ-2026-000001")
    assert where.startswith("PDF nem készült: ") and "szamlak" in where
    invoice = get_invoice("SZ-2026-000001")
    assert (invoice.pdf_status, invoice.pdf_path) == (PdfStatus.FAILED, "")
    assert get_order(number).status == SalesOrderStatus.INVOICED

    storno = okos("invoice", "storno", "SZ-2026-000001")  # done, its PDF waits too
    assert storno.code == 1 and "SZ-2026-000002" in storno.out and "PDF nem készült" in storno.out
    assert get_order(number).status == SalesOrderStatus.OPEN

    shop.unlink()
    result = ok(okos("invoice", "render"))
    assert result.out.splitlines() == [
        f"SZ-2026-000001\t{shop / 'SZ-2026-000001.pdf'}",
        f"SZ-2026-000002\t{shop / 'SZ-2026-000002.pdf'}",
    ]
    assert {i.pdf_status for i in Invoice.select()} == {PdfStatus.OK}
    assert ok(okos("invoice", "render")).out == ""


# --- e-mail ----------------------------------------------------------------------------------


def test_email_dry_run_then_send_each_with_its_pdf_and_skip_no_address(
    shop, okos, config_file, smtp, db_path, dump
):
    ok(okos("invoice", "create", order("BOG-01=1"), order("TEA-01=1", customer=URSULA)))
    ok(okos("invoice", "create", order("SZALL=1", customer=NO_EMAIL)))
    use_smtp(config_file, smtp.port)

    before = dump(db_path)
    result = ok(okos("invoice", "email", "--dry-run"))
    assert result.out.splitlines() == [
        "SZ-2026-000001\tors@example.hu\tpróba, nem ment el",
        "SZ-2026-000002\tursula@example.hu\tpróba, nem ment el",
        "SZ-2026-000003\t-\tkihagyva\ta vevőnek nincs e-mail címe",
        "0 elküldve, 0 hibás, 1 kihagyva.",
    ]
    assert dump(db_path) == before and smtp.handler.delivered == []

    result = ok(okos("invoice", "email"))

    lines = result.out.splitlines()
    assert lines[:2] == [
        "SZ-2026-000001\tors@example.hu\telküldve",
        "SZ-2026-000002\tursula@example.hu\telküldve",
    ]
    assert lines[2] == "SZ-2026-000003\t-\tkihagyva\ta vevőnek nincs e-mail címe"  # listed
    assert lines[3] == "2 elküldve, 0 hibás, 1 kihagyva."
    assert len(smtp.handler.connections) == 1
    assert [d.rcpt_tos for d in smtp.handler.delivered] == [
        ["ors@example.hu"],
        ["ursula@example.hu"],
    ]
    numbers = ("SZ-2026-000001", "SZ-2026-000002")
    for delivered, number in zip(smtp.handler.delivered, numbers, strict=True):
        assert delivered.message["Subject"] == f"Számla {number}"
        (attachment,) = delivered.message.iter_attachments()
        assert attachment.get_filename() == f"{number}.pdf"
        assert attachment.get_content() == (shop / f"{number}.pdf").read_bytes()
    assert [row["number"] for row in listed(okos, "--unsent")] == ["SZ-2026-000003"]
    assert [row["email_status"] for row in listed(okos)] == ["sent", "sent", "unsent"]

    again = ok(okos("invoice", "email"))  # nothing is sent twice
    assert again.out.splitlines()[-1] == "0 elküldve, 0 hibás, 1 kihagyva."
    assert len(smtp.handler.delivered) == 2


def test_email_with_smtp_down_or_a_refused_recipient_fails_those_and_sends_the_rest(
    shop, okos, config_file, smtp
):
    ok(okos("invoice", "create", order("BOG-01=1"), order("TEA-01=1", customer=URSULA)))
    down = free_port()
    use_smtp(config_file, down)

    result = okos("invoice", "email")

    assert result.code == 1 and "Traceback" not in result.err
    assert [line.split("\t")[2] for line in result.out.splitlines()[:2]] == ["hiba", "hiba"]
    assert result.out.splitlines()[2] == "0 elküldve, 2 hibás, 0 kihagyva."
    assert [row["email_status"] for row in listed(okos)] == ["failed", "failed"]

    smtp.handler.refuse.add("ors@example.hu")
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(text.replace(f"port = {down}", f"port = {smtp.port}"), "utf-8")
    result = okos("invoice", "email")
    assert result.code == 1
    refused, sent = result.out.splitlines()[:2]
    assert refused.startswith("SZ-2026-000001\tors@example.hu\thiba\t") and "550" in refused
    assert sent == "SZ-2026-000002\tursula@example.hu\telküldve"
    assert [d.rcpt_tos for d in smtp.handler.delivered] == [["ursula@example.hu"]]


def test_an_invoice_left_sending_is_listed_not_resent_until_a_person_allows_it(
    shop, okos, okos_process, config_file, smtp
):
    ok(okos("invoice", "create", order("BOG-01=1")))
    use_smtp(config_file, smtp.port)
    Invoice.update(email_status=EmailStatus.SENDING, email_attempts=1).execute()  # a crash

    result = ok(okos_process("invoice", "email"))

    assert result.out.splitlines() == ["0 elküldve, 0 hibás, 0 kihagyva."]
    assert "SZ-2026-000001" in result.err and "--resend SZ-2026-000001" in result.err
    assert smtp.handler.delivered == []

    result = ok(okos_process("invoice", "email", "--resend", "SZ-2026-000001"))
    assert result.out.splitlines()[0] == "SZ-2026-000001\tors@example.hu\telküldve"
    assert result.err == ""
    assert [d.rcpt_tos for d in smtp.handler.delivered] == [["ors@example.hu"]]


def test_email_without_smtp_settings_is_refused(shop, okos, db_path, dump):
    ok(okos("invoice", "create", order("BOG-01=1")))
    assert_refused(okos, db_path, dump, ("invoice", "email"), "smtp")


# --- dates and rates -------------------------------------------------------------------------


def test_a_fulfilment_date_given_by_hand_and_a_bad_one(shop, okos, dump, db_path):
    first = order("BOG-01=1")
    ok(okos("invoice", "create", "--fulfilment", "2026-02-27", first))
    shown = json.loads(ok(okos("invoice", "show", "SZ-2026-000001", "--format", "json")).out)
    assert (shown["issued_on"], shown["fulfilled_on"]) == ("2026-03-02", "2026-02-27")

    second = order("BOG-01=1")
    before = dump(db_path)
    result = okos("invoice", "create", "--fulfilment", "2026-02-30", second)
    assert result.code == 2 and "nem dátum: 2026-02-30" in result.err
    assert dump(db_path) == before


def test_rates_are_set_listed_and_used_for_a_euro_invoice(shop, okos, dump, db_path):
    euro = create_order(
        ORS,
        [OrderLineInput(code="TEA-01", quantity="1", unit_net="10.5")],
        warehouse_code="MAIN",
        prefix="R",
        payment_method="Átutalás",
        currency="EUR",
    ).number
    before = dump(db_path)
    refused = okos("invoice", "create", euro)
    assert refused.code == 1 and "okos rate set EUR" in refused.err
    assert dump(db_path) == before

    assert ok(okos("rate", "set", "eur", "400,5", "--date", "2026-03-01")).out == (
        "EUR árfolyam 2026-03-01 naptól: 400.5 Ft\n"
    )
    for bad in (["rate", "set", "EUR", "-1"], ["rate", "set", "FORINT", "1"]):
        result = okos(*bad)
        assert result.code == 1 and result.err and "Traceback" not in result.err
    rates = json.loads(ok(okos("rate", "list", "--format", "json")).out)
    assert rates == [{"currency": "EUR", "valid_on": "2026-03-01", "rate": "400.5"}]

    ok(okos("invoice", "create", euro))
    shown = json.loads(ok(okos("invoice", "show", "SZ-2026-000001", "--format", "json")).out)
    assert (shown["currency"], shown["exchange_rate"]) == ("EUR", "400.5")
    (row,) = shown["vat_summary"]
    assert (row["net"], row["vat"], row["net_huf"], row["vat_huf"]) == (
        "10.50",
        "0.53",
        "4205.00",
        "212.00",
    )


def test_show_as_json_gives_each_lines_vat_category_rounding_and_paid_date(shop, okos):
    number = created_number(
        ok(
            okos(
                "order", "create", "--customer", "Kiss Anna", "--payment", "Készpénz",
                "BOG-01=1@790", "--service", "Betétdíj=2@50@ATK",
            )
        )
    )  # fmt: skip
    ok(okos("order", "edit", number, "--paid", "2026-03-01"))
    ok(okos("invoice", "create", number))

    shown = json.loads(ok(okos("invoice", "show", "SZ-2026-000001", "--format", "json")).out)

    lines = [
        (li["vat_code"], li["vat_category"], li["vat_rate"], li["vat"]) for li in shown["lines"]
    ]
    assert lines == [("27%", "percentage", "27", "213.00"), ("ATK", "out_of_scope", None, "0.00")]
    assert [row["vat_code"] for row in shown["vat_summary"]] == ["27%", "ATK"]
    assert "Áfa tv. 2. §" in shown["vat_summary"][1]["reason"]
    assert (shown["gross_total"], shown["rounding"], shown["payable"]) == (  # cash: 0/5 Ft
        "1103.00",
        "2.00",
        "1105.00",
    )
    assert (shown["paid_on"], shown["due_on"], shown["fulfilled_on"]) == (
        "2026-03-01",
        "2026-03-01",
        "2026-03-02",  # cash: the issue date (the delivery)
    )


def test_an_aam_seller_invoices_no_vat_and_cash_is_rounded(shop, okos, config_file):
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(text.replace("[company]\n", "[company]\nvat_exempt = true\n"), "utf-8")
    number = created_number(
        ok(okos("order", "create", "--customer", "Kiss Anna", "--payment", "Utánvét", "TEA-01=1"))
    )
    ok(okos("invoice", "create", number))

    shown = json.loads(ok(okos("invoice", "show", "SZ-2026-000001", "--format", "json")).out)

    (line,) = shown["lines"]
    assert (line["vat_code"], line["vat_category"], line["vat"], line["gross"]) == (
        "AAM",
        "exempt",
        "0.00",
        "1000.00",
    )
    assert (shown["vat_total"], shown["gross_total"], shown["payable"]) == (
        "0.00",
        "1000.00",
        "1000.00",
    )
    listed = json.loads(ok(okos("invoice", "list", "--format", "json")).out)
    assert listed[0]["vat_total"] == "0.00"
