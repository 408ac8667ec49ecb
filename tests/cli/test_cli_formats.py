"""Report formats: CSV for machines ('.' decimals, no thousands separators), JSON with decimals as
strings, and a table in Hungarian number format for people."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

STOCK_HEADER = [
    "sku",
    "name",
    "warehouse",
    "physical",
    "reserved",
    "free",
    "min_stock",
    "incoming",
    "to_procure",
    "supplier",
    "supplier_sku",
]


@pytest.fixture
def shop(okos, write_csv):
    data = (
        "sku;name;min_stock;warehouse;opening_qty;supplier;supplier_sku;service\n"
        'NAGY-1;"Nagy tétel; dobozos";2000;MAIN;1234,5;Kerámia Kft.;K-1;nem\n'
        "KIS-1;Kis tétel;3;SHOP;0,25;;;nem\n"
        "SZOLG;Csomagolás;;;;;;igen\n"
    )
    assert okos("import-products", write_csv(data)).code == 0
    assert okos("stock", "receive", "--warehouse", "SHOP", "NAGY-1=1000").code == 0
    assert okos("purchase", "create", "--supplier", "Kerámia Kft.", "NAGY-1=10,5").code == 0
    return okos


def test_csv(shop):
    result = shop("report", "stock", "--format", "csv")
    assert result.code == 0, result.err
    rows = list(csv.reader(io.StringIO(result.out)))
    assert rows[0] == STOCK_HEADER
    by_sku = {row[0]: dict(zip(STOCK_HEADER, row, strict=True)) for row in rows[1:]}
    assert list(by_sku) == ["KIS-1", "NAGY-1"]  # sorted, no service
    big = by_sku["NAGY-1"]
    assert big["name"] == "Nagy tétel; dobozos"
    assert big["warehouse"] == ""
    assert (big["physical"], big["free"], big["min_stock"]) == ("2234.5", "2234.5", "2000")
    assert (big["incoming"], big["to_procure"]) == ("10.5", "0")
    assert (big["supplier"], big["supplier_sku"]) == ("Kerámia Kft.", "K-1")
    assert by_sku["KIS-1"]["physical"] == "0.25"
    assert by_sku["KIS-1"]["to_procure"] == "2.75"
    for row in rows[1:]:
        for value in row[3:9]:
            assert re.fullmatch(r"-?\d+(\.\d+)?", value), value  # no ',' and no spaces


def test_csv_for_one_warehouse_and_to_procure(shop):
    rows = list(
        csv.DictReader(
            io.StringIO(shop("report", "stock", "--warehouse", "MAIN", "--format", "csv").out)
        )
    )
    big = next(r for r in rows if r["sku"] == "NAGY-1")
    assert big["warehouse"] == "MAIN"
    assert (big["physical"], big["to_procure"]) == ("1234.5", "755")  # 2000 - 1234.5 - 10.5
    procure = list(
        csv.DictReader(io.StringIO(shop("report", "stock", "--to-procure", "--format", "csv").out))
    )
    assert [r["sku"] for r in procure] == ["KIS-1"]
    main_procure = shop(
        "report", "stock", "--warehouse", "MAIN", "--to-procure", "--format", "csv"
    ).out
    assert [r["sku"] for r in csv.DictReader(io.StringIO(main_procure))] == ["NAGY-1"]


def test_json(shop):
    result = shop("report", "stock", "--warehouse", "MAIN", "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert [list(row) for row in data] == [STOCK_HEADER, STOCK_HEADER]
    big = next(row for row in data if row["sku"] == "NAGY-1")
    assert big["physical"] == "1234.5" and big["incoming"] == "10.5"
    for row in data:
        for key in STOCK_HEADER[3:9]:
            assert isinstance(row[key], str), (key, row[key])
    assert "Kerámia" in result.out  # UTF-8, not \\u escapes


def test_table_is_hungarian(shop):
    result = shop("report", "stock")
    assert result.code == 0, result.err
    lines = result.out.replace("\u00a0", " ").splitlines()
    assert lines[0].split()[:4] == ["Cikkszám", "Megnevezés", "Raktár", "Fizikai"]
    big = next(line for line in lines if line.startswith("NAGY-1"))
    assert "2 234,5" in big and "10,5" in big and "2 000" in big
    assert "2234.5" not in big
    small = next(line for line in lines if line.startswith("KIS-1"))
    assert "0,25" in small and "2,75" in small


def test_empty_report_table_and_csv(okos):
    assert "(nincs adat)" in okos("report", "stock").out
    assert okos("report", "stock", "--format", "csv").out == ",".join(STOCK_HEADER) + "\n"
    assert json.loads(okos("report", "stock", "--format", "json").out) == []


def test_purchase_list_formats(shop):
    rows = list(csv.DictReader(io.StringIO(shop("purchase", "list", "--format", "csv").out)))
    assert len(rows) == 1
    assert rows[0]["ordered"] == "10.5" and rows[0]["remaining"] == "10.5"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", rows[0]["ordered_on"])
    table = shop("purchase", "list").out.replace("\u00a0", " ")
    assert "10,5" in table
    assert re.search(r"\d{4}\.\d{2}\.\d{2}\.", table)  # Hungarian date


def test_movements_json(shop):
    data = json.loads(shop("stock", "movements", "NAGY-1", "--format", "json").out)
    assert [(m["warehouse"], m["quantity"], m["balance"]) for m in data] == [
        ("MAIN", "1234.5", "1234.5"),
        ("SHOP", "1000", "1000"),
    ]


def test_unknown_warehouse_in_the_report(shop):
    result = shop("report", "stock", "--warehouse", "BACK")
    assert result.code == 1 and "BACK" in result.err


def test_bad_format_is_a_usage_error(shop):
    result = shop("report", "stock", "--format", "xml")
    assert result.code == 2 and "xml" in result.err


def test_csv_in_a_real_process(shop, okos_process):
    result = okos_process("report", "stock", "--format", "csv")
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == ",".join(STOCK_HEADER)
    assert "NAGY-1,Nagy tétel; dobozos,,2234.5," in result.out


@pytest.mark.parametrize(
    "value, places, expected",
    [
        ("1234567.125", None, "1 234 567,125"),
        ("-1234.5", None, "-1 234,5"),
        ("12.50", None, "12,5"),
        ("0", None, "0"),
        ("999.995", 2, "1 000,00"),
        ("-0.4", 0, "0"),
        ("-0.001", 2, "0,00"),
        ("-2.5", 0, "-3"),
    ],
)
def test_hungarian_number_format(value, places, expected):
    from decimal import Decimal

    from okos_tui.core.formatting import hu_number

    assert hu_number(Decimal(value), places).replace("\u00a0", " ") == expected


def test_money_and_times():
    from datetime import UTC, datetime
    from decimal import Decimal

    from okos_tui.core.formatting import hu_money, iso_datetime

    assert hu_money(Decimal("12700")).replace("\u00a0", " ") == "12 700 Ft"
    assert hu_money(Decimal("1234.5"), "EUR").replace("\u00a0", " ") == "1 234,50 €"
    assert hu_money(Decimal("-0.4")) == "0 Ft"
    assert iso_datetime(datetime(2026, 7, 1, 12, 0, tzinfo=UTC)) == "2026-07-01T14:00:00+02:00"
    assert iso_datetime(datetime(2026, 1, 1, 12, 0, tzinfo=UTC)) == "2026-01-01T13:00:00+01:00"
