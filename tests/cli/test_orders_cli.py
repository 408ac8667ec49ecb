"""okos order create|edit|cancel|list|show and okos report fulfillable|picking|procurement.

Happy paths from flags and from a JSON file, the machine formats column by column, and bad input:
exit 1, a message on stderr, nothing on stdout, the database exactly as before.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from okos_tui.db import Product, Supplier
from okos_tui.domain.purchasing import create_purchase_order
from okos_tui.domain.sales.orders import (
    CustomerInput,
    OrderLineInput,
    cancel_order,
    create_order,
    mark_invoiced,
)
from okos_tui.domain.stock.documents import ItemInput, receive_goods
from okos_tui.domain.tax.tax_numbers import BuyerVatStatus
from okos_tui.i18n import MESSAGES

ISO_WITH_OFFSET = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d")
NUMBER = re.compile(r"R-\d{4}-\d{6}")
FULFILLABLE_HEADER = (
    "order_number,shop,shop_order_id,created,customer,gross_total,fulfillable,missing"
)
PICKING_HEADER = "sku,name,quantity,unit"
PROCUREMENT_HEADER = "sku,name,needed,available,incoming,to_procure,supplier,supplier_sku"
START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def ok(result):
    assert result.code == 0, (result.out, result.err)
    assert "Traceback" not in result.err
    return result


def created_number(result) -> str:
    ok(result)
    match = NUMBER.search(result.out)
    assert match, result.out
    return match.group(0)


def show(okos, number: str) -> dict:
    return json.loads(ok(okos("order", "show", number, "--format", "json")).out)


def csv_rows(text: str) -> tuple[str, list[dict[str, str]]]:
    header = text.splitlines()[0]
    return header, list(csv.DictReader(io.StringIO(text)))


def assert_refused(okos, db_path, dump, args, *fragments):
    before = dump(db_path)
    result = okos(*args)
    assert result.code == 1, (result.out, result.err)
    assert result.out == ""
    assert result.err.strip(), "no message on stderr"
    assert "Traceback" not in result.err
    for fragment in fragments:
        assert fragment in result.err, result.err
    assert dump(db_path) == before
    return result


def order(*lines, warehouse="MAIN", minute=0, customer="Szőke Péter") -> str:
    """An order made through the domain API, at a known time (so its number is known)."""
    inputs = [
        line
        if isinstance(line, OrderLineInput)
        else OrderLineInput(code=line.split("=")[0], quantity=line.split("=")[1])
        for line in lines
    ]
    return create_order(
        CustomerInput(customer, email="peter@example.hu"),
        inputs,
        warehouse_code=warehouse,
        prefix="R",
        created_at=START + timedelta(minutes=minute),
    ).number


# --- order create / show ---------------------------------------------------------------------


def test_create_from_flags_and_show_as_json(catalog, okos):
    number = created_number(
        okos(
            "order",
            "create",
            "--customer",
            "Szőke Péter",
            "--email",
            "peter@example.hu",
            "--phone",
            "+36 30 111 2222",
            "--tax-number",
            "12345676-1-08",
            "--billing-postcode",
            "9021",
            "--billing-city",
            "Győr",
            "--billing-street",
            "Baross út 1.",
            "--payment",
            "Utánvét",
            "--shipping",
            "GLS futárszolgálat",
            "--header-note",
            "Webshop #1234",
            "--internal-note",
            "Délelőtt hívja",
            "BOG-01=2",
            "TEA-01=1@1000",
            "--service",
            "Szállítási díj=1@1574.80@27%",
        )
    )
    document = show(okos, number)
    assert document["number"] == number
    assert document["status"] == "open"
    assert (document["shop"], document["shop_order_id"]) == (None, None)
    assert ISO_WITH_OFFSET.fullmatch(document["created"]), document["created"]
    assert datetime.fromisoformat(document["created"]).utcoffset() in (
        timedelta(hours=1),
        timedelta(hours=2),
    )
    customer = document["customer"]
    assert (customer["name"], customer["email"], customer["tax_number"]) == (
        "Szőke Péter",
        "peter@example.hu",
        "12345676-1-08",
    )
    assert customer["phone"] == "+36 30 111 2222"
    assert customer["billing"] == {
        "name": "Szőke Péter",
        "postcode": "9021",
        "city": "Győr",
        "street": "Baross út 1.",
        "country": "",
    }
    assert customer["delivery"] == customer["billing"]  # no delivery address: same as billing
    assert (document["header_note"], document["internal_note"]) == (
        "Webshop #1234",
        "Délelőtt hívja",
    )
    assert document["warehouse"] == "MAIN"
    assert (document["payment_method"], document["shipping_method"]) == (
        "Utánvét",
        "GLS futárszolgálat",
    )
    keys = ("sku", "name", "quantity", "unit", "unit_net", "vat_code", "net", "vat", "gross")
    assert [line["vat_rate"] for line in document["lines"]] == ["27", "5", "27"]
    assert {line["vat_category"] for line in document["lines"]} == {"percentage"}
    assert [tuple(line[k] for k in keys) for line in document["lines"]] == [
        ("BOG-01", "Bögre, mázas", "2", "db", "1000.00", "27%", "2000.00", "540.00", "2540.00"),
        ("TEA-01", "Gyümölcstea", "1", "doboz", "1000.00", "5%", "1000.00", "50.00", "1050.00"),
        (None, "Szállítási díj", "1", "db", "1574.80", "27%", "1575.00", "425.00", "2000.00"),
    ]
    assert (document["net_total"], document["vat_total"], document["gross_total"]) == (
        "4575.00",
        "1015.00",
        "5590.00",
    )
    for line in document["lines"]:  # decimals as strings, never floats
        for key in ("quantity", "unit_net", "net", "vat", "gross"):
            assert isinstance(line[key], str), (key, line[key])


def test_create_prints_the_number_and_gross_total(catalog, okos):
    result = ok(okos("order", "create", "--customer", "Kiss Anna", "BOG-01=1"))
    assert re.fullmatch(r"R-\d{4}-000001 megrendelés rögzítve, bruttó 1 270 Ft\.\n", result.out)
    year = datetime.now(UTC).year
    assert result.out.split("-")[1] in (str(year), str(year + 1))  # the Budapest year


def test_create_from_a_json_file(catalog, okos, tmp_path):
    path = tmp_path / "order.json"
    path.write_text(
        json.dumps(
            {
                "customer": {
                    "name": "Nagy Éva",
                    "email": "eva@example.hu",
                    "tax_number": "87654323-2-41",
                    "billing": {"postcode": "1111", "city": "Budapest", "street": "Fő u. 1."},
                    "delivery": {"name": "Nagy Ödön", "city": "Szeged", "street": "Tisza L. 2."},
                },
                "warehouse": "SHOP",
                "payment_method": "Átutalás",
                "shipping_method": "Személyes átvétel",
                "header_note": "telefonos rendelés",
                "internal_note": "ajándék",
                "lines": [
                    {"sku": "LIS-01", "quantity": "1,5"},
                    {"sku": "BOG-01", "quantity": 3, "unit_net": "900"},
                    {"name": "Csomagolás", "quantity": "1", "unit_net": "100", "vat": "27%"},
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    number = created_number(okos("order", "create", "--file", path))
    document = show(okos, number)
    assert document["warehouse"] == "SHOP"
    assert document["customer"]["name"] == "Nagy Éva"
    assert document["customer"]["tax_number"] == "87654323-2-41"
    assert document["customer"]["billing"]["city"] == "Budapest"
    assert document["customer"]["delivery"]["name"] == "Nagy Ödön"
    assert document["customer"]["delivery"]["city"] == "Szeged"
    assert (document["payment_method"], document["shipping_method"]) == (
        "Átutalás",
        "Személyes átvétel",
    )
    assert (document["header_note"], document["internal_note"]) == (
        "telefonos rendelés",
        "ajándék",
    )
    assert [(line["sku"], line["quantity"], line["gross"]) for line in document["lines"]] == [
        ("LIS-01", "1.5", "1260.00"),
        ("BOG-01", "3", "3429.00"),
        (None, "1", "127.00"),
    ]
    assert document["gross_total"] == "4816.00"


def test_show_as_a_table_and_as_csv(catalog, okos):
    number = order("BOG-01=2", "SZALL=1", customer="[bold]x[/]")
    table = ok(okos("order", "show", number)).out
    assert number in table and "[bold]x[/]" in table and "Nyitott" in table
    header, rows = csv_rows(ok(okos("order", "show", number, "--format", "csv")).out)
    assert header == "sku,name,quantity,unit,unit_net,vat_code,net,vat,gross"
    assert [(r["sku"], r["quantity"], r["gross"]) for r in rows] == [
        ("BOG-01", "2", "2540.00"),
        ("SZALL", "1", "1905.00"),
    ]


# --- order edit / cancel / list --------------------------------------------------------------


def test_edit_lines_prices_and_notes(catalog, okos):
    number = order("BOG-01=2", "TEA-01=1", "SZALL=1")
    result = ok(
        okos(
            "order",
            "edit",
            number,
            "--set",
            "BOG-01=3",
            "--price",
            "TEA-01=900",
            "--add",
            "LIS-01=0,5@700",
            "--remove",
            "SZALL",
            "--header-note",
            "új fej",
            "--internal-note",
            "új belső",
        )
    )
    assert result.out == f"{number} módosítva, bruttó 5 123 Ft.\n"
    document = show(okos, number)
    assert [(line["sku"], line["quantity"], line["unit_net"]) for line in document["lines"]] == [
        ("BOG-01", "3", "1000.00"),
        ("TEA-01", "1", "900.00"),
        ("LIS-01", "0.5", "700.00"),
    ]
    assert (document["header_note"], document["internal_note"]) == ("új fej", "új belső")
    assert document["gross_total"] == "5123.00"  # 3810 + 945 + 368 (350 + 17.5 -> 18)


def test_edit_the_buyer_payment_and_dates(catalog, okos):
    number = order("BOG-01=2")
    result = ok(
        okos(
            "order",
            "edit",
            number,
            "--buyer-name",
            "Tűzkő Kft.",
            "--tax-number",
            "12345676 2 08",
            "--billing-postcode",
            "1010",
            "--billing-city",
            "Wien",
            "--billing-street",
            "Ring 1.",
            "--billing-country",
            "AT",
            "--email",
            "iroda@tuzko.hu",
            "--payment",
            "CASH",
            "--shipping",
            "Posta",
            "--paid",
            "2026-03-03",
            "--fulfilment",
            "2026-03-04",
        )
    )
    assert result.out == f"{number} módosítva, bruttó 2 540 Ft.\n"
    document = show(okos, number)
    customer = document["customer"]
    assert (customer["name"], customer["tax_number"], customer["vat_status"]) == (
        "Tűzkő Kft.",  # the order had no billing name: the customer's was the buyer's
        "12345676-2-08",
        "domestic",
    )
    assert customer["email"] == "iroda@tuzko.hu"
    assert customer["billing"] == {
        "name": "Tűzkő Kft.",
        "postcode": "1010",
        "city": "Wien",
        "street": "Ring 1.",
        "country": "Ausztria",
    }
    assert customer["billing_country_code"] == "AT"
    assert (document["payment_method"], document["shipping_method"]) == ("Készpénz", "Posta")
    assert (document["paid_on"], document["fulfilment_on"]) == ("2026-03-03", "2026-03-04")
    table = ok(okos("order", "show", number)).out
    assert "Vevő áfa-státusza  belföldi adóalany" in table
    assert "Fizetve            2026.03.03." in table
    assert "Teljesítés dátuma  2026.03.04." in table
    assert "Fizetési mód       Készpénz" in table

    ok(okos("order", "edit", number, "--unpaid", "--no-fulfilment", "--tax-number", ""))
    document = show(okos, number)
    assert (document["paid_on"], document["fulfilment_on"]) == (None, None)
    assert (document["customer"]["tax_number"], document["customer"]["vat_status"]) == (
        "",
        "private",
    )
    table = ok(okos("order", "show", number)).out
    assert "Vevő áfa-státusza  magánszemély" in table
    assert "Fizetve" not in table and "Teljesítés dátuma" not in table  # shown when set


def test_an_eu_buyer_by_the_english_country_name(catalog, okos):
    number = order("BOG-01=1")
    args = ["--tax-number", "de123456789", "--billing-country", "Germany"]
    ok(okos("order", "edit", number, *args))
    customer = show(okos, number)["customer"]
    assert (customer["tax_number"], customer["vat_status"]) == ("DE123456789", "eu")
    assert (customer["billing"]["country"], customer["billing_country_code"]) == (
        "Németország",
        "DE",
    )


def test_every_buyer_vat_status_is_worded():
    assert all(f"vat_status.{status}" in MESSAGES for status in BuyerVatStatus)


def test_edit_without_any_change_is_refused(catalog, okos, db_path, dump):
    number = order("BOG-01=2")
    assert_refused(okos, db_path, dump, ["order", "edit", number], "nincs megadva változtatás")


def test_cancel_and_cancel_again(catalog, okos, db_path, dump):
    number = order("BOG-01=2")
    result = ok(okos("order", "cancel", number))
    assert result.out == f"{number} törölve: a foglalás megszűnt.\n"
    assert show(okos, number)["status"] == "cancelled"
    assert_refused(okos, db_path, dump, ["order", "cancel", number], number, "nem nyitott")


def test_cancel_twice_in_real_processes(catalog, okos_process, db, db_path, dump):
    number = order("BOG-01=2")
    db.close()
    first = okos_process("order", "cancel", number)
    assert (first.code, first.err) == (0, ""), first
    before = dump(db_path)
    second = okos_process("order", "cancel", number)
    assert second.code == 1 and second.out == ""
    assert number in second.err and "nem nyitott" in second.err
    assert dump(db_path) == before


def test_list_by_status(catalog, okos):
    first = order("BOG-01=1", minute=1)
    second = order("TEA-01=1", minute=2)
    third = order("LIS-01=1", minute=3)
    cancel_order(second)
    mark_invoiced(third)

    def listed(*args: str) -> list[tuple[str, str]]:
        _, rows = csv_rows(ok(okos("order", "list", "--format", "csv", *args)).out)
        return [(r["number"], r["status"]) for r in rows]

    assert listed() == [(third, "invoiced"), (second, "cancelled"), (first, "open")]
    assert listed("--status", "open") == [(first, "open")]
    assert listed("--status", "cancelled") == [(second, "cancelled")]
    assert listed("--status", "invoiced") == [(third, "invoiced")]
    rows = json.loads(ok(okos("order", "list", "--format", "json")).out)
    assert rows[-1]["gross_total"] == "1270.00"
    assert ISO_WITH_OFFSET.fullmatch(rows[-1]["created"])
    assert okos("order", "list", "--status", "closed").code == 2  # not a sales order status


def test_markup_in_a_customer_name_prints_literally(catalog, okos):
    receive_goods("MAIN", [ItemInput("BOG-01", "1")])
    number = created_number(okos("order", "create", "--customer", "[bold]x[/]", "BOG-01=1"))
    assert "[bold]x[/]" in ok(okos("order", "list")).out
    assert "[bold]x[/]" in ok(okos("order", "show", number)).out
    assert "[bold]x[/]" in ok(okos("report", "fulfillable")).out
    assert show(okos, number)["customer"]["name"] == "[bold]x[/]"


# --- reports ---------------------------------------------------------------------------------


def test_report_fulfillable_as_csv(catalog, okos):
    receive_goods("MAIN", [ItemInput("BOG-01", "3"), ItemInput("LIS-01", "1")])
    receive_goods("SHOP", [ItemInput("TEA-01", "1")])
    first = order("BOG-01=2", "SZALL=1", minute=1)
    second = order("BOG-01=2", "LIS-01=1.25", "TEA-01=1", minute=2)
    third = order("LIS-01=1", minute=3, customer="Kovács, Anna")
    shop = order("TEA-01=1", warehouse="SHOP", minute=4)
    header, rows = csv_rows(ok(okos("report", "fulfillable", "--format", "csv")).out)
    assert header == FULFILLABLE_HEADER
    assert [r["order_number"] for r in rows] == [first, second, third, shop]
    by_number = {r["order_number"]: r for r in rows}
    assert by_number[first] == {
        "order_number": first,
        "shop": "",
        "shop_order_id": "",
        "created": "2026-03-02T09:01:00+01:00",
        "customer": "Szőke Péter",
        "gross_total": "4445.00",
        "fulfillable": "yes",
        "missing": "",
    }
    assert by_number[second]["fulfillable"] == "no"
    assert by_number[second]["missing"] == "BOG-01:1;LIS-01:0.25;TEA-01:1"
    assert (by_number[third]["fulfillable"], by_number[third]["customer"]) == (
        "yes",
        "Kovács, Anna",
    )
    assert (by_number[shop]["fulfillable"], by_number[shop]["missing"]) == ("yes", "")

    _, only_no = csv_rows(ok(okos("report", "fulfillable", "--format", "csv", "--only", "no")).out)
    assert [r["order_number"] for r in only_no] == [second]
    _, in_shop = csv_rows(
        ok(okos("report", "fulfillable", "--format", "csv", "--warehouse", "shop")).out
    )
    assert [r["order_number"] for r in in_shop] == [shop]
    table = ok(okos("report", "fulfillable")).out
    assert "igen" in table and "nem" in table


def test_report_picking(catalog, okos):
    first = order("BOG-01=2", "SZALL=1", "LIS-01=0.5")
    second = order("BOG-01=1", "TEA-01=3", warehouse="SHOP")
    header, rows = csv_rows(ok(okos("report", "picking", first, second, "--format", "csv")).out)
    assert header == PICKING_HEADER
    assert [tuple(r.values()) for r in rows] == [
        ("BOG-01", "Bögre, mázas", "3", "db"),
        ("LIS-01", "Tönkölyliszt", "0.5", "kg"),
        ("TEA-01", "Gyümölcstea", "3", "doboz"),
    ]


def test_report_procurement(catalog, okos):
    supplier = Supplier.create(name="Kerámia Kft.")
    Product.update(default_supplier=supplier, supplier_sku="KU-1").where(
        Product.sku == "BOG-01"
    ).execute()
    receive_goods("MAIN", [ItemInput("BOG-01", "5")])
    create_purchase_order("Kerámia Kft.", "MAIN", [ItemInput("BOG-01", "1")])
    order("BOG-01=3", minute=1)
    wanted = order("BOG-01=4", "TEA-01=2", "SZALL=1", minute=2)
    result = ok(okos("report", "procurement", wanted, "--format", "csv"))
    header, rows = csv_rows(result.out)
    assert header == PROCUREMENT_HEADER
    assert [tuple(r.values()) for r in rows] == [
        ("BOG-01", "Bögre, mázas", "4", "2", "1", "1", "Kerámia Kft.", "KU-1"),
        ("TEA-01", "Gyümölcstea", "2", "0", "0", "2", "", ""),
    ]


# --- bad input -------------------------------------------------------------------------------


@pytest.fixture
def existing(catalog, tmp_path):
    """An OPEN and a CANCELLED order, and a few order files."""
    numbers = {"open": order("BOG-01=2", "TEA-01=1"), "cancelled": order("BOG-01=1")}
    cancel_order(numbers["cancelled"])
    files = {
        "bad_json": "{not json",
        "no_customer": json.dumps({"lines": [{"sku": "BOG-01", "quantity": "1"}]}),
        "lines_not_a_list": json.dumps({"customer": {"name": "X"}, "lines": "BOG-01=1"}),
        "unknown_sku": json.dumps(
            {"customer": {"name": "X"}, "lines": [{"sku": "NOPE", "quantity": "1"}]}
        ),
        "zero": json.dumps(
            {"customer": {"name": "X"}, "lines": [{"sku": "BOG-01", "quantity": 0}]}
        ),
    }
    for name, text in files.items():
        (tmp_path / f"{name}.json").write_text(text, encoding="utf-8")
    return numbers


CREATE = ["order", "create", "--customer", "Kiss Anna"]
BAD = {
    "unknown product": ([*CREATE, "BOG-01=1", "NOPE=1"], ["NOPE"]),
    "zero quantity": ([*CREATE, "BOG-01=0"], ["BOG-01", "0"]),
    "negative quantity": ([*CREATE, "BOG-01=-1"], ["BOG-01", "-1"]),
    "not a number": ([*CREATE, "BOG-01=két"], ["két"]),
    "unknown warehouse": ([*CREATE, "--warehouse", "BACK", "BOG-01=1"], ["BACK"]),
    "no customer": (["order", "create", "BOG-01=1"], []),
    "no lines": (CREATE, []),
    "a line without quantity": ([*CREATE, "BOG-01"], ["BOG-01"]),
    "a service without price": ([*CREATE, "--service", "Díj=1"], ["Díj=1"]),
    "a service with an unknown VAT": ([*CREATE, "--service", "Díj=1@100@99%"], ["99%"]),
    "a missing file": (["order", "create", "--file", "{tmp}/missing.json"], ["missing.json"]),
    "a file that is not JSON": (["order", "create", "--file", "{tmp}/bad_json.json"], []),
    "a file without customer": (["order", "create", "--file", "{tmp}/no_customer.json"], []),
    "a file whose lines are not a list": (
        ["order", "create", "--file", "{tmp}/lines_not_a_list.json"],
        ["lines"],
    ),
    "a file with an unknown product": (
        ["order", "create", "--file", "{tmp}/unknown_sku.json"],
        ["NOPE"],
    ),
    "a file with a zero quantity": (["order", "create", "--file", "{tmp}/zero.json"], ["BOG-01"]),
    "edit: zero quantity": (["order", "edit", "{open}", "--set", "BOG-01=0"], ["BOG-01"]),
    "edit: unknown product": (["order", "edit", "{open}", "--add", "NOPE=1"], ["NOPE"]),
    "edit: a product already on it": (["order", "edit", "{open}", "--add", "TEA-01=1"], ["TEA-01"]),
    "edit: a product not on it": (["order", "edit", "{open}", "--set", "LIS-01=1"], ["LIS-01"]),
    "edit: every line removed": (
        ["order", "edit", "{open}", "--remove", "BOG-01", "--remove", "TEA-01"],
        ["{open}"],
    ),
    "edit: bad pair": (["order", "edit", "{open}", "--set", "BOG-01"], ["BOG-01"]),
    "edit: a tax number with a wrong check digit": (
        ["order", "edit", "{open}", "--buyer-name", "X", "--tax-number", "12345678-2-08"],
        ["12345678-2-08", "ellenőrző számjegye"],
    ),
    "edit: a tax number of the wrong form": (
        ["order", "edit", "{open}", "--tax-number", "1234-2-08"],
        ["1234-2-08", "nem adószám"],
    ),
    "edit: an EU VAT number too short": (
        ["order", "edit", "{open}", "--tax-number", "DE12"],
        ["DE12", "uniós"],
    ),
    "edit: an unknown country": (
        ["order", "edit", "{open}", "--billing-country", "Atlantisz"],
        ["Atlantisz", "ismeretlen ország"],
    ),
    "edit: a paid date that is not one": (
        ["order", "edit", "{open}", "--payment", "Utánvét", "--paid", "2026-02-30"],
        ["paid_on", "2026-02-30", "ÉÉÉÉ-HH-NN"],
    ),
    "edit: a fulfilment date not in ISO form": (
        ["order", "edit", "{open}", "--fulfilment", "2026.03.04."],
        ["2026.03.04."],
    ),
    "edit: an e-mail address without @": (
        ["order", "edit", "{open}", "--email", "peter.example.hu"],
        ["peter.example.hu"],
    ),
    "create: a tax number with a wrong check digit": (
        [*CREATE, "--tax-number", "12345678-2-08", "BOG-01=1"],
        ["12345678-2-08"],
    ),
    "edit: a cancelled order": (
        ["order", "edit", "{cancelled}", "--set", "BOG-01=3"],
        ["{cancelled}", "nem nyitott"],
    ),
    "edit: an unknown order": (
        ["order", "edit", "R-2026-999999", "--set", "BOG-01=3"],
        ["R-2026-999999"],
    ),
    "cancel: a cancelled order": (["order", "cancel", "{cancelled}"], ["{cancelled}"]),
    "cancel: an unknown order": (["order", "cancel", "R-2026-999999"], ["R-2026-999999"]),
    "show: an unknown order": (["order", "show", "R-2026-999999"], ["R-2026-999999"]),
    "picking: an unknown order": (
        ["report", "picking", "{open}", "R-2026-999999"],
        ["R-2026-999999"],
    ),
    "procurement: an unknown order": (
        ["report", "procurement", "R-2026-999999"],
        ["R-2026-999999"],
    ),
    "fulfillable: an unknown warehouse": (
        ["report", "fulfillable", "--warehouse", "BACK"],
        ["BACK"],
    ),
}


@pytest.mark.parametrize("args, fragments", BAD.values(), ids=BAD)
def test_bad_input_is_refused_and_changes_nothing(
    existing, okos, db_path, dump, tmp_path, args, fragments
):
    def fill(text: str) -> str:
        return text.format(tmp=tmp_path, **existing)

    assert_refused(okos, db_path, dump, [fill(a) for a in args], *map(fill, fragments))
