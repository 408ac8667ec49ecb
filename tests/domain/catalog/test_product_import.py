"""Product import from CSV: formats, all-or-nothing with every bad row listed, safe re-import."""

from __future__ import annotations

from decimal import Decimal

import pytest

from okos_tui.db import (
    Product,
    ProductWarehouse,
    StockDocument,
    StockDocumentKind,
    StockMovement,
    Supplier,
    Warehouse,
)
from okos_tui.domain.catalog.product_import import (
    ImportFailed,
    import_products,
    import_products_file,
)
from okos_tui.domain.stock.ledger import physical_stock
from okos_tui.domain.stock.report import stock_report

HEADER = (
    "sku;name;unit;vat;net_price;purchase_price;min_stock;warehouse;opening_qty;supplier;"
    "supplier_sku;gtin"
)


def csv_bytes(*lines: str, bom: bool = False) -> bytes:
    data = ("\n".join(lines) + "\n").encode("utf-8")
    return b"\xef\xbb\xbf" + data if bom else data


def stock(sku: str, code: str = "MAIN") -> Decimal:
    product = Product.get(Product.sku == sku)
    return physical_stock(product.id, Warehouse.get(Warehouse.code == code).id)


def min_stock(sku: str, code: str) -> Decimal | None:
    row = (
        ProductWarehouse.select()
        .join(Product)
        .switch(ProductWarehouse)
        .join(Warehouse)
        .where((Product.sku == sku) & (Warehouse.code == code))
        .first()
    )
    return None if row is None else row.min_stock


def problems_of(data: bytes) -> list[tuple[int, str]]:
    with pytest.raises(ImportFailed) as failure:
        import_products(data, "MAIN")
    return failure.value.problems


def test_semicolon_bom_and_decimal_comma(db):
    data = csv_bytes(
        HEADER,
        "TAL-001;Tűzálló tál 2 l;db;27%;1 234,50;850,25;5;MAIN;12;Kerámia Kft.;KU-1;5998877100011",
        "LIS-1KG;Tönkölyliszt;kg;5 %;1\u00a0050;600;2,5;SHOP;10,125;Malom Kft.;;",
        bom=True,
    )
    result = import_products(data, "MAIN")
    assert (result.created, result.updated, result.opening_lines) == (2, 0, 2)
    tal = Product.get(Product.sku == "TAL-001")  # the BOM did not end up in the first column
    assert tal.name == "Tűzálló tál 2 l"
    assert tal.net_price == Decimal("1234.5") and tal.purchase_price == Decimal("850.25")
    assert tal.vat_rate.code == "27%"
    assert tal.default_supplier.name == "Kerámia Kft." and tal.supplier_sku == "KU-1"
    assert tal.gtin == "5998877100011"
    flour = Product.get(Product.sku == "LIS-1KG")
    assert flour.unit == "kg" and flour.vat_rate.code == "5%"
    assert flour.net_price == Decimal("1050")
    assert stock("TAL-001") == 12 and stock("LIS-1KG", "SHOP") == Decimal("10.125")
    assert stock("LIS-1KG", "MAIN") == 0
    assert min_stock("TAL-001", "MAIN") == 5 and min_stock("LIS-1KG", "SHOP") == Decimal("2.5")
    assert min_stock("LIS-1KG", "MAIN") is None
    documents = list(StockDocument.select().order_by(StockDocument.number))
    assert {d.kind for d in documents} == {StockDocumentKind.OPENING}
    assert {d.warehouse.code for d in documents} == {"MAIN", "SHOP"}
    assert sorted(result.opening_documents) == [d.number for d in documents]
    assert all(d.number.startswith("NYK-") for d in documents)


def test_comma_delimiter_with_decimal_point_and_quoted_comma(db):
    data = csv_bytes(
        "sku,name,net_price,opening_qty,min_stock",
        'BOG-1,"Bögre, mázas",1250.75,"1 234,5",3',
        "BOG-2,Bögre nagy,990,,",
    )
    import_products(data, "MAIN")
    bogre = Product.get(Product.sku == "BOG-1")
    assert bogre.name == "Bögre, mázas" and bogre.net_price == Decimal("1250.75")
    assert stock("BOG-1") == Decimal("1234.5")
    second = Product.get(Product.sku == "BOG-2")
    assert second.vat_rate.code == "27%" and second.unit == "db"  # defaults for new products
    assert stock("BOG-2") == 0
    assert StockDocument.select().count() == 1  # no empty opening document for BOG-2


def test_crlf_and_blank_lines_and_header_case(db):
    data = b"SKU;Name;Opening_Qty\r\n\r\nA-1;Alma;3\r\nB-1;Barack;4\r\n"
    result = import_products(data, "SHOP")
    assert result.created == 2
    assert stock("A-1", "SHOP") == 3 and stock("B-1", "SHOP") == 4


def test_unquoted_decimal_comma_with_comma_delimiter_is_reported_not_misread(db, db_path, dump):
    before = dump(db_path)
    problems = problems_of(csv_bytes("sku,name,net_price", "X-1,Iksz,12,5"))
    assert [line for line, _ in problems] == [2]
    assert dump(db_path) == before


def test_every_bad_row_is_listed_and_nothing_is_written(db, db_path, dump):
    before = dump(db_path)
    data = csv_bytes(
        "sku;name;vat;net_price;warehouse;opening_qty;min_stock",
        "OK-1;Jó termék;27%;100;MAIN;5;1",
        "BAD-VAT;Rossz áfa;33%;100;MAIN;1;",
        "BAD-WH;Rossz raktár;27%;100;BACK;1;",
        "BAD-QTY;Negatív;27%;100;MAIN;-2;",
        "BAD-PRICE;Szöveges ár;27%;tizenkettő;MAIN;1;",
        "OK-1;Kétszer;27%;100;MAIN;1;",
        ";Nincs cikkszám;27%;100;MAIN;1;",
        "NO-NAME;;27%;100;MAIN;1;",
        "BAD-MIN;Rossz minimum;27%;100;MAIN;1;sok",
        "BAD-FIELDS;Kevés mező",
        "OK-2;Másik jó;5%;1,5;SHOP;2;",
    )
    problems = problems_of(data)
    lines = [line for line, _ in problems]
    assert lines == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    reasons = dict(problems)
    assert "33%" in reasons[3]
    assert "BACK" in reasons[4]
    assert "opening_qty" in reasons[5]
    assert "net_price" in reasons[6] and "tizenkettő" in reasons[6]
    assert "OK-1" in reasons[7] and "2" in reasons[7]  # first seen on line 2
    assert "sku" in reasons[8]
    assert "name" in reasons[9]
    assert "min_stock" in reasons[10]
    assert dump(db_path) == before


@pytest.mark.parametrize(
    "header, missing",
    [("name;net_price", "sku"), ("sku;net_price", "name"), ("net_price", "sku, name")],
)
def test_missing_required_column(db, db_path, dump, header, missing):
    before = dump(db_path)
    problems = problems_of(csv_bytes(header, "A;1"))
    assert problems[0][0] == 1
    assert missing in problems[0][1]
    assert dump(db_path) == before


def test_unknown_and_duplicate_columns_are_refused(db):
    problems = problems_of(csv_bytes("sku;name;colour;name", "A;Alma;red;Alma"))
    assert [line for line, _ in problems] == [1, 1]
    assert "colour" in problems[0][1]
    assert "name" in problems[1][1]


@pytest.mark.parametrize(
    "data",
    [b"", b"\n\n", b"\xef\xbb\xbf", "sku;name\nA;\u00c1lma\n".encode("latin-1")],
    ids=["empty", "blank lines", "only BOM", "latin-1"],
)
def test_unreadable_files_are_refused_as_a_whole(db, db_path, dump, data):
    before = dump(db_path)
    problems = problems_of(data)
    assert problems and problems[0][0] == 0
    assert dump(db_path) == before


def test_a_service_cannot_have_opening_stock(db):
    problems = problems_of(csv_bytes("sku;name;service;opening_qty", "SZ;Szállítás;igen;1"))
    assert [line for line, _ in problems] == [2]


def test_bad_gtin_and_bad_flag(db):
    problems = problems_of(
        csv_bytes("sku;name;gtin;service", "A;Alma;12345;nem", "B;Barack;;talán")
    )
    assert [line for line, _ in problems] == [2, 3]


def test_reimport_updates_master_data_and_never_adds_opening_stock_twice(db):
    first = csv_bytes(
        "sku;name;net_price;purchase_price;opening_qty;min_stock;supplier",
        "A-1;Alma;100;60;10;2;Gyümölcs Kft.",
        "B-1;Barack;200;120;5;;",
    )
    import_products(first, "MAIN")
    movements_before = StockMovement.select().count()
    second = csv_bytes(
        "sku;name;net_price;purchase_price;opening_qty;min_stock;supplier",
        "A-1;Alma, piros;110;65;10;4;",
        "B-1;Barack;;;7;;",
        "C-1;Cseresznye;300;;3;;",
    )
    result = import_products(second, "MAIN")
    assert (result.created, result.updated) == (1, 2)
    assert result.skipped_opening == 2 and result.opening_lines == 1
    apple = Product.get(Product.sku == "A-1")
    assert apple.name == "Alma, piros"
    assert apple.net_price == 110 and apple.purchase_price == 65
    assert apple.default_supplier.name == "Gyümölcs Kft."  # empty cell keeps it
    assert min_stock("A-1", "MAIN") == 4
    peach = Product.get(Product.sku == "B-1")
    assert peach.net_price == 200 and peach.purchase_price == 120  # empty cells keep values
    assert stock("A-1") == 10 and stock("B-1") == 5 and stock("C-1") == 3
    assert StockMovement.select().count() == movements_before + 1
    assert Supplier.select().count() == 1

    import_products(second, "MAIN")  # a third time: nothing at all changes in stock
    assert stock("A-1") == 10 and stock("B-1") == 5 and stock("C-1") == 3


def test_opening_stock_in_another_warehouse_is_still_recorded(db):
    import_products(csv_bytes("sku;name;warehouse;opening_qty", "A-1;Alma;MAIN;10"), "MAIN")
    result = import_products(csv_bytes("sku;name;warehouse;opening_qty", "A-1;Alma;SHOP;4"), "MAIN")
    assert result.opening_lines == 1 and result.skipped_opening == 0
    assert stock("A-1", "MAIN") == 10 and stock("A-1", "SHOP") == 4


def test_opening_stock_after_other_movements_is_still_once(db):
    from okos_tui.domain.stock.documents import ItemInput, receive_goods

    import_products(csv_bytes("sku;name", "A-1;Alma"), "MAIN")
    receive_goods("MAIN", [ItemInput("A-1", "2")])
    import_products(csv_bytes("sku;name;opening_qty", "A-1;Alma;10"), "MAIN")
    import_products(csv_bytes("sku;name;opening_qty", "A-1;Alma;10"), "MAIN")
    assert stock("A-1") == 12


def test_empty_cells_keep_every_existing_value(db):
    full = csv_bytes(HEADER, "T-1;Tál;karton;5%;100;50;3;MAIN;;Kerámia Kft.;KU-9;5998877100011")
    import_products(full, "MAIN")
    import_products(csv_bytes(HEADER, "T-1;Tál új néven;;;;;;;;;;"), "MAIN")
    product = Product.get(Product.sku == "T-1")
    assert product.name == "Tál új néven"
    assert product.unit == "karton" and product.vat_rate.code == "5%"
    assert product.net_price == 100 and product.purchase_price == 50
    assert product.default_supplier.name == "Kerámia Kft." and product.supplier_sku == "KU-9"
    assert product.gtin == "5998877100011"
    assert min_stock("T-1", "MAIN") == 3


def test_a_failed_reimport_keeps_the_first_import(db, db_path, dump):
    import_products(csv_bytes("sku;name;net_price", "A-1;Alma;100"), "MAIN")
    before = dump(db_path)
    problems_of(csv_bytes("sku;name;net_price", "A-1;Alma drágán;200", "B-1;Barack;ingyen"))
    assert dump(db_path) == before
    assert Product.get(Product.sku == "A-1").net_price == 100


def test_the_stock_report_after_import(db):
    import_products(
        csv_bytes(
            "sku;name;min_stock;warehouse;opening_qty;service",
            "A-1;Alma;8;MAIN;5;nem",
            "SZ-1;Szállítás;;;;igen",
        ),
        "MAIN",
    )
    rows = stock_report()
    assert [r.sku for r in rows] == ["A-1"]
    assert (rows[0].physical, rows[0].min_stock, rows[0].to_procure) == (5, 8, 3)


def test_missing_file(db, tmp_path):
    with pytest.raises(ImportFailed) as failure:
        import_products_file(tmp_path / "nincs.csv", "MAIN")
    assert failure.value.problems[0][0] == 0


def test_a_duplicate_of_a_bad_row_is_reported_too(db):
    problems = problems_of(csv_bytes("sku;name;vat", "A-1;Alma;99%", "A-1;Alma;27%"))
    assert [line for line, _ in problems] == [2, 3]
    assert "A-1" in problems[1][1]
