"""okos stock / purchase / receipt: happy paths, and bad input refused with the database intact."""

from __future__ import annotations

import json

import pytest

PRODUCTS = """\
sku;name;unit;vat;net_price;purchase_price;min_stock;warehouse;opening_qty;gtin
BOG-01;Bögre, mázas;db;27%;1000;600;5;MAIN;10;5998877100035
LIS-01;Tönkölyliszt;kg;5%;800;450;2;MAIN;3,5;
TEA-01;Gyümölcstea;doboz;5%;952,38;500;;SHOP;4;
SZALL;Szállítási díj;db;27%;1500;;;;;
"""


@pytest.fixture
def shop(okos, write_csv):
    """A database with products and opening stock, made through the CLI."""
    csv_text = PRODUCTS.replace("SZALL;Szállítási díj;db;27%;1500;;;;;", "")
    result = okos("import-products", write_csv(csv_text))
    assert result.code == 0, result.err
    return okos


def report(okos, *args: str) -> dict[str, dict[str, str]]:
    result = okos("report", "stock", "--format", "json", *args)
    assert result.code == 0, result.err
    return {row["sku"]: row for row in json.loads(result.out)}


def assert_refused(okos, db_path, dump, args, *fragments):
    """The command fails with exit 1, a clear one-line-per-problem message, nothing written."""
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


# --- happy paths -----------------------------------------------------------------------------


def test_stock_receive_adjust_count_and_movements(shop, write_csv):
    result = shop(
        "stock",
        "receive",
        "--supplier",
        "Kerámia Kft.",
        "--note",
        "szl. 7",
        "BOG-01=12@590,5",
        "5998877100035=3",
    )
    assert result.code == 1 and "kétszer" in result.err  # the same product twice: refused
    result = shop("stock", "receive", "--supplier", "Kerámia Kft.", "BOG-01=12@590,5", "LIS-01=0,5")
    assert result.code == 0, result.err
    assert "BEV-" in result.out and "(2 tétel)" in result.out
    assert report(shop, "--warehouse", "MAIN")["BOG-01"]["physical"] == "22"

    assert shop("stock", "adjust", "--note", "törött", "BOG-01=-2", "LIS-01=+1").code == 0
    rows = report(shop, "--warehouse", "MAIN")
    assert (rows["BOG-01"]["physical"], rows["LIS-01"]["physical"]) == ("20", "5")

    items = write_csv("sku;quantity\nBOG-01;18\nLIS-01;5\n", "count.csv")
    result = shop("stock", "count", "--file", items)
    assert result.code == 0 and "LEL-" in result.out and "(1 tétel)" in result.out
    assert report(shop, "--warehouse", "MAIN")["BOG-01"]["physical"] == "18"
    result = shop("stock", "count", "BOG-01=18")
    assert result.code == 0 and "Nincs eltérés" in result.out

    movements = shop("stock", "movements", "BOG-01", "--format", "csv")
    assert movements.code == 0
    lines = movements.out.splitlines()
    assert lines[0] == "number,kind,issued_on,warehouse,sku,quantity,balance,note"
    assert [line.split(",")[5:7] for line in lines[1:]] == [
        ["10", "10"],
        ["12", "22"],
        ["-2", "20"],
        ["-2", "18"],
    ]


def test_stock_receive_into_the_other_warehouse(shop):
    assert shop("stock", "receive", "--warehouse", "shop", "TEA-01=2").code == 0
    assert report(shop, "--warehouse", "SHOP")["TEA-01"]["physical"] == "6"
    assert report(shop, "--warehouse", "MAIN")["TEA-01"]["physical"] == "0"


def test_purchase_create_receive_close_list(shop):
    created = shop("purchase", "create", "--supplier", "Kerámia Kft.", "BOG-01=10@590", "LIS-01=4")
    assert created.code == 0, created.err
    number = created.out.split()[0]
    assert number.startswith("SZM-")
    assert report(shop)["BOG-01"]["incoming"] == "10"

    assert shop("purchase", "receive", number, "BOG-01=4").code == 0
    rows = report(shop)
    assert (rows["BOG-01"]["physical"], rows["BOG-01"]["incoming"]) == ("14", "6")

    listing = json.loads(shop("purchase", "list", "--format", "json").out)
    assert listing == [
        {
            "number": number,
            "supplier": "Kerámia Kft.",
            "warehouse": "MAIN",
            "status": "open",
            "ordered_on": listing[0]["ordered_on"],
            "ordered": "14",
            "received": "4",
            "remaining": "10",
        }
    ]
    assert shop("purchase", "receive", number).code == 0  # the rest
    rows = report(shop)
    assert (rows["BOG-01"]["physical"], rows["LIS-01"]["physical"]) == ("20", "7.5")
    assert json.loads(shop("purchase", "list", "--status", "received", "--format", "json").out)

    second = shop(
        "purchase", "create", "--supplier", "Tea Kft.", "--warehouse", "SHOP", "TEA-01=5"
    ).out.split()[0]
    assert report(shop, "--warehouse", "SHOP")["TEA-01"]["incoming"] == "5"
    closed = shop("purchase", "close", second)
    assert closed.code == 0 and second in closed.out
    assert report(shop, "--warehouse", "SHOP")["TEA-01"]["incoming"] == "0"


def test_receipt_create(shop):
    result = shop("receipt", "create", "--payment", "CARD", "BOG-01=2", "LIS-01=0,5@999")
    assert result.code == 0, result.err
    # 2 × 1270 + 500 (0.5 × 999 rounded), Hungarian format: space (any kind) between thousands
    assert "NYU-" in result.out and "3 040 Ft" in result.out.replace("\u00a0", " ")
    rows = report(shop, "--warehouse", "MAIN")
    assert (rows["BOG-01"]["physical"], rows["LIS-01"]["physical"]) == ("8", "3")


# --- bad input -------------------------------------------------------------------------------

BAD_DOCUMENTS = {
    "non-numeric quantity": (("stock", "receive", "BOG-01=sok"), ["BOG-01", "sok"]),
    "negative receipt": (("stock", "receive", "BOG-01=-1"), ["BOG-01", "-1"]),
    "zero receipt": (("stock", "receive", "BOG-01=0"), ["BOG-01"]),
    "too precise": (("stock", "receive", "LIS-01=0,0001"), ["LIS-01"]),
    "bad price": (("stock", "receive", "BOG-01=1@ingyen"), ["ingyen"]),
    "unknown product": (("stock", "receive", "NOPE=1"), ["NOPE"]),
    "unknown warehouse": (("stock", "receive", "--warehouse", "BACK", "BOG-01=1"), ["BACK"]),
    "malformed item": (("stock", "receive", "BOG-01"), ["BOG-01"]),
    "price on an adjustment": (("stock", "adjust", "BOG-01=1@5"), ["BOG-01=1@5"]),
    "no items": (("stock", "receive"), []),
    "adjust below zero": (("stock", "adjust", "BOG-01=-11"), ["BOG-01", "MAIN", "-1"]),
    "adjust another warehouse below zero": (
        ("stock", "adjust", "--warehouse", "SHOP", "BOG-01=-1"),
        ["BOG-01", "SHOP"],
    ),
    "negative count": (("stock", "count", "BOG-01=-1"), ["BOG-01"]),
    "receipt below zero": (("receipt", "create", "LIS-01=3,6"), ["LIS-01", "-0.1"]),
    "receipt unknown payment": (
        ("receipt", "create", "--payment", "Zseton", "BOG-01=1"),
        ["Zseton"],
    ),
    "purchase unknown product": (("purchase", "create", "--supplier", "X", "NOPE=1"), ["NOPE"]),
    "purchase negative": (("purchase", "create", "--supplier", "X", "BOG-01=-2"), ["BOG-01"]),
    "purchase unknown warehouse": (
        ("purchase", "create", "--supplier", "X", "--warehouse", "BACK", "BOG-01=1"),
        ["BACK"],
    ),
    "receive unknown purchase": (("purchase", "receive", "SZM-2000-000001"), ["SZM-2000-000001"]),
    "close unknown purchase": (("purchase", "close", "SZM-2000-000001"), ["SZM-2000-000001"]),
}


@pytest.mark.parametrize("args, fragments", BAD_DOCUMENTS.values(), ids=BAD_DOCUMENTS.keys())
def test_bad_documents_are_refused(shop, db_path, dump, args, fragments):
    assert_refused(shop, db_path, dump, args, *fragments)


def test_bad_second_line_writes_nothing(shop, db_path, dump):
    assert_refused(shop, db_path, dump, ("stock", "receive", "BOG-01=5", "LIS-01=x"), "LIS-01")


def test_receiving_more_than_ordered(shop, db_path, dump):
    number = shop("purchase", "create", "--supplier", "X", "BOG-01=5").out.split()[0]
    assert shop("purchase", "receive", number, "BOG-01=3").code == 0
    result = assert_refused(
        shop, db_path, dump, ("purchase", "receive", number, "BOG-01=3"), "BOG-01", "2"
    )
    assert "3" in result.err
    assert_refused(shop, db_path, dump, ("purchase", "receive", number, "LIS-01=1"), "LIS-01")
    assert shop("purchase", "close", number).code == 0
    assert_refused(shop, db_path, dump, ("purchase", "receive", number), number)
    assert_refused(shop, db_path, dump, ("purchase", "close", number), number)


ITEM_FILES = {
    "missing quantity column": ("sku;qty\nBOG-01;1\n", ["quantity"]),
    "extra cell": ("sku;quantity\nBOG-01;1;2\n", ["2"]),
    "missing cell": ("sku;quantity;price\nBOG-01;1\n", ["2"]),
    "unterminated quote": ('sku;quantity\nBOG-01;"1\n', ["CSV"]),
    "decimal comma unquoted with comma delimiter": ("sku,quantity\nBOG-01,1,5\n", ["2"]),
    "non-numeric": ("sku;quantity\nBOG-01;egy\n", ["egy"]),
    "empty file": ("", ["quantity"]),
}


@pytest.mark.parametrize("content, fragments", ITEM_FILES.values(), ids=ITEM_FILES.keys())
def test_malformed_item_files_are_refused(shop, db_path, dump, write_csv, content, fragments):
    path = write_csv(content, "items.csv")
    assert_refused(shop, db_path, dump, ("stock", "receive", "--file", path), *fragments)


def test_latin1_item_file_and_missing_file(shop, db_path, dump, tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("sku;quantity;megjegyzés\nBOG-01;1;ő\n".encode("iso8859_2"))
    assert_refused(shop, db_path, dump, ("stock", "receive", "--file", path))
    assert_refused(shop, db_path, dump, ("stock", "receive", "--file", tmp_path / "nincs.csv"))


def test_negative_stock_allowed_by_configuration(shop, config_file):
    text = config_file.read_text(encoding="utf-8")
    assert "allow_negative = false" in text
    config_file.write_text(text.replace("allow_negative = false", "allow_negative = true"))
    assert shop("stock", "adjust", "BOG-01=-11").code == 0
    assert shop("receipt", "create", "LIS-01=4").code == 0
    rows = report(shop, "--warehouse", "MAIN")
    assert (rows["BOG-01"]["physical"], rows["LIS-01"]["physical"]) == ("-1", "-0.5")
    assert (rows["BOG-01"]["free"], rows["BOG-01"]["to_procure"]) == ("-1", "6")


def test_refusal_in_a_real_process(shop, okos_process, db_path, dump):
    before = dump(db_path)
    result = okos_process("stock", "adjust", "BOG-01=-100")
    assert result.code == 1
    assert "BOG-01" in result.err and "Traceback" not in result.err
    assert dump(db_path) == before
    result = okos_process("stock", "receive", "BOG-01=1,5")
    assert result.code == 0, result.err
    assert report(shop, "--warehouse", "MAIN")["BOG-01"]["physical"] == "11.5"
