"""okos import-products FILE: success summary; a bad file lists every bad row and writes nothing."""

from __future__ import annotations

import json


def stock_rows(okos) -> dict[str, dict[str, str]]:
    result = okos("report", "stock", "--format", "json")
    assert result.code == 0, result.err
    return {row["sku"]: row for row in json.loads(result.out)}


def test_import_and_reimport(okos, write_csv):
    data = (
        "\ufeffsku;name;vat;net_price;min_stock;opening_qty;supplier;supplier_sku\n"
        "A-1;Alma;5%;1 234,50;4;10;Gyümölcs Kft.;GY-1\n"
        "B-1;Barack;27%;99,9;;2,5;;\n"
    )
    result = okos("import-products", write_csv(data))
    assert result.code == 0, result.err
    assert result.out.startswith("2 új és 0 módosított termék")
    assert "NYK-" in result.out and "2 tétel" in result.out
    rows = stock_rows(okos)
    assert rows["A-1"] == {
        "sku": "A-1",
        "name": "Alma",
        "warehouse": "",
        "physical": "10",
        "reserved": "0",
        "free": "10",
        "min_stock": "4",
        "incoming": "0",
        "to_procure": "0",
        "supplier": "Gyümölcs Kft.",
        "supplier_sku": "GY-1",
    }
    assert rows["B-1"]["physical"] == "2.5"

    again = okos("import-products", write_csv(data.replace("Alma", "Alma, piros"), "again.csv"))
    assert again.code == 0, again.err
    assert again.out.startswith("0 új és 2 módosított termék")
    assert "kihagyott, már rögzített nyitókészlet: 2" in again.out
    rows = stock_rows(okos)
    assert rows["A-1"]["name"] == "Alma, piros" and rows["A-1"]["physical"] == "10"
    assert rows["B-1"]["physical"] == "2.5"


def test_bad_file_lists_every_bad_row_and_writes_nothing(okos, write_csv, db_path, dump):
    assert okos("import-products", write_csv("sku;name\nA-1;Alma\n", "ok.csv")).code == 0
    before = dump(db_path)
    data = (
        "sku;name;vat;warehouse;opening_qty;net_price\n"
        "A-1;Alma új;27%;MAIN;1;10\n"
        "B-1;Barack;99%;MAIN;1;10\n"
        "C-1;Citrom;27%;RAKTAR9;1;10\n"
        "D-1;Dinnye;27%;MAIN;-5;10\n"
        "E-1;Eper;27%;MAIN;1;olcsó\n"
        "B-1;Barack;27%;MAIN;1;10\n"
    )
    result = okos("import-products", write_csv(data, "bad.csv"))
    assert result.code == 1
    assert result.out == ""
    assert "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert "bad.csv" in lines[0] and "5" in lines[0]
    assert [line.split(".")[0].strip() for line in lines[1:]] == ["3", "4", "5", "6", "7"]
    assert "99%" in lines[1] and "RAKTAR9" in lines[2] and "-5" in lines[3]
    assert "olcsó" in lines[4] and "B-1" in lines[5]
    assert dump(db_path) == before


def test_malformed_csv_in_a_real_process(okos_process, write_csv, db_path, dump):
    assert okos_process("import-products", write_csv("sku;name\nA-1;Alma\n", "ok.csv")).code == 0
    before = dump(db_path)
    result = okos_process("import-products", write_csv('sku;name\nA-2;"Alma\n', "broken.csv"))
    assert result.code == 1
    assert "Traceback" not in result.err and "CSV" in result.err
    assert dump(db_path) == before


def test_missing_columns_and_missing_file(okos, write_csv, tmp_path, db_path, dump):
    assert okos("report", "stock").code == 0  # creates the database
    before = dump(db_path)
    result = okos("import-products", write_csv("name;net_price\nAlma;10\n"))
    assert result.code == 1 and "sku" in result.err
    result = okos("import-products", tmp_path / "nincs.csv")
    assert result.code == 1 and "nincs.csv" in result.err
    assert dump(db_path) == before


def test_import_in_english(okos, write_csv, config_file):
    config_file.write_text(
        config_file.read_text(encoding="utf-8") + '\n[ui]\nlanguage = "en"\n', encoding="utf-8"
    )
    result = okos("import-products", write_csv("sku;name;vat\nA-1;Apple;42%\n"))
    assert result.code == 1
    assert "line 2" in result.err and "unknown VAT rate: 42%" in result.err
