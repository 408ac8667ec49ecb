"""Importing the product master with opening stock from CSV: all rows or none.

Every row is checked before anything is written; a file with any bad row is refused whole,
listing each bad row with its line number and reason. Re-importing updates master data; a cell
left empty keeps what the database has. Opening stock is recorded once per product and
warehouse, ever, so a second import never doubles it.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from okos_tui.core.csv_text import detect_delimiter
from okos_tui.core.errors import DomainError
from okos_tui.core.values import parse_money, parse_quantity
from okos_tui.db import (
    Product,
    ProductWarehouse,
    StockDocument,
    StockDocumentKind,
    StockMovement,
    Supplier,
    VatRate,
    Warehouse,
    database,
)
from okos_tui.domain.catalog.lookup import normalise_vat_code
from okos_tui.domain.stock.ledger import MovementLine, post_document
from okos_tui.i18n import t

REQUIRED_COLUMNS = ("sku", "name")
OPTIONAL_COLUMNS = (
    "unit",
    "vat",
    "net_price",
    "purchase_price",
    "min_stock",
    "warehouse",
    "opening_qty",
    "supplier",
    "supplier_sku",
    "gtin",
    "service",
)
KNOWN_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
DEFAULT_VAT = "27%"
GTIN = re.compile(r"^\d{8}$|^\d{12,14}$")
TRUE_WORDS = {"1", "yes", "igen", "true", "i", "y"}
FALSE_WORDS = {"0", "no", "nem", "false", "n", ""}
MAX_TEXT = 500


class ImportFailed(DomainError):
    """The file was refused; `problems` lists (line number, reason), line 0 for the file."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        super().__init__("import.failed")
        self.problems = problems

    def __str__(self) -> str:
        return "; ".join(f"{line}: {reason}" for line, reason in self.problems)


@dataclass
class ProductRow:
    line: int
    sku: str
    name: str
    cells: dict[str, str]
    unit: str | None = None
    vat_code: str | None = None
    net_price: Decimal | None = None
    purchase_price: Decimal | None = None
    min_stock: Decimal | None = None
    warehouse_code: str | None = None
    opening_qty: Decimal | None = None
    supplier: str | None = None
    supplier_sku: str | None = None
    gtin: str | None = None
    is_service: bool | None = None


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    opening_lines: int = 0
    opening_documents: list[str] = field(default_factory=list)
    skipped_opening: int = 0


def read_rows(data: bytes) -> list[dict[str, str | int]]:
    """Decode and split the CSV: UTF-8 with or without BOM, ';' or ',' detected from the header."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed([(0, t("import.not_utf8", detail=exc))]) from None
    lines = text.splitlines()
    header_line = next((line for line in lines if line.strip()), None)
    if header_line is None:
        raise ImportFailed([(0, t("import.empty"))])
    delimiter = detect_delimiter(header_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[dict[str, str | int]] = []
    try:
        header: list[str] | None = None
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = [cell.strip().lower() for cell in cells]
                _check_header(header)
                continue
            if len(cells) != len(header):
                count_problem = t(
                    "import.wrong_field_count", found=len(cells), expected=len(header)
                )
                rows.append({"__line__": reader.line_num, "__error__": count_problem})
                continue
            row: dict[str, str | int] = {
                name: cell.strip() for name, cell in zip(header, cells, strict=True)
            }
            row["__line__"] = reader.line_num
            rows.append(row)
    except csv.Error as exc:
        raise ImportFailed([(reader.line_num, t("import.not_csv", detail=exc))]) from None
    return rows


def _check_header(header: list[str]) -> None:
    problems = []
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        problems.append((1, t("import.missing_columns", columns=", ".join(missing))))
    unknown = [name for name in header if name not in KNOWN_COLUMNS]
    if unknown:
        known = ", ".join(KNOWN_COLUMNS)
        problems.append((1, t("import.unknown_columns", columns=", ".join(unknown), known=known)))
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        problems.append((1, t("import.duplicate_column", column=", ".join(duplicates))))
    if problems:
        raise ImportFailed(problems)


def validate_rows(
    raw_rows: list[dict[str, str | int]],
    warehouses: dict[str, Warehouse],
    vat_codes: set[str],
) -> tuple[list[ProductRow], list[tuple[int, str]]]:
    """Check every row against the database's warehouses and VAT codes; collect every problem."""
    rows: list[ProductRow] = []
    problems: list[tuple[int, str]] = []
    first_line_of: dict[str, int] = {}
    for raw in raw_rows:
        line = int(raw["__line__"])
        if "__error__" in raw:
            problems.append((line, str(raw["__error__"])))
            continue
        cells = {k: str(v) for k, v in raw.items() if not k.startswith("__")}
        try:
            row = _parse_row(line, cells, warehouses, vat_codes)
        except DomainError as exc:
            problems.append((line, str(exc)))
            if cells.get("sku"):  # a later row with this SKU is a duplicate all the same
                first_line_of.setdefault(cells["sku"], line)
            continue
        if row.sku in first_line_of:
            problems.append(
                (line, t("import.duplicate_sku", sku=row.sku, first=first_line_of[row.sku]))
            )
            continue
        first_line_of[row.sku] = line
        rows.append(row)
    return rows, problems


def _optional(cells: dict[str, str], name: str) -> str | None:
    value = cells.get(name, "")
    return value if value else None


def _text(cells: dict[str, str], name: str, required: bool = False) -> str | None:
    value = _optional(cells, name)
    if value is None:
        if required:
            raise DomainError("error.required", field=name)
        return None
    if len(value) > MAX_TEXT or any(ord(ch) < 32 for ch in value):
        raise DomainError("error.bad_text", field=name, limit=MAX_TEXT)
    return value


def _parse_row(
    line: int, cells: dict[str, str], warehouses: dict[str, Warehouse], vat_codes: set[str]
) -> ProductRow:
    sku = _text(cells, "sku", required=True)
    name = _text(cells, "name", required=True)
    assert sku is not None and name is not None
    row = ProductRow(line=line, sku=sku, name=name, cells=cells)
    row.unit = _text(cells, "unit")
    if (vat := _optional(cells, "vat")) is not None:
        code = normalise_vat_code(vat)
        if code not in vat_codes:
            raise DomainError("error.unknown_vat", code=vat)
        row.vat_code = code
    if (value := _optional(cells, "net_price")) is not None:
        row.net_price = parse_money(value, "net_price")
    if (value := _optional(cells, "purchase_price")) is not None:
        row.purchase_price = parse_money(value, "purchase_price")
    if (value := _optional(cells, "min_stock")) is not None:
        row.min_stock = parse_quantity(value, "min_stock")
    if (value := _optional(cells, "opening_qty")) is not None:
        row.opening_qty = parse_quantity(value, "opening_qty")
    if (value := _optional(cells, "warehouse")) is not None:
        if value.upper() not in warehouses:
            raise DomainError("error.unknown_warehouse", code=value)
        row.warehouse_code = value.upper()
    row.supplier = _text(cells, "supplier")
    row.supplier_sku = _text(cells, "supplier_sku")
    if (value := _optional(cells, "gtin")) is not None:
        if not GTIN.match(value):
            raise DomainError("error.bad_gtin", value=value)
        row.gtin = value
    if (value := cells.get("service")) is not None:
        word = value.strip().lower()
        if word not in TRUE_WORDS | FALSE_WORDS:
            raise DomainError("error.bad_flag", field="service", value=value)
        row.is_service = word in TRUE_WORDS
    if row.is_service and row.opening_qty:
        raise DomainError("import.opening_without_warehouse")
    return row


def import_products_file(path: Path, default_warehouse: str) -> ImportResult:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed([(0, t("import.not_csv", detail=exc.strerror or exc))]) from None
    return import_products(data, default_warehouse)


def import_products(data: bytes, default_warehouse: str) -> ImportResult:
    """Validate every row, then write all of them in one transaction (or nothing)."""
    raw_rows = read_rows(data)
    with database.atomic():
        warehouses = {w.code: w for w in Warehouse.select()}
        vats = {v.code: v for v in VatRate.select()}
        rows, problems = validate_rows(raw_rows, warehouses, set(vats))
        if problems:
            raise ImportFailed(problems)
        return _write_rows(rows, warehouses, vats, warehouses[default_warehouse])


def _write_rows(
    rows: list[ProductRow],
    warehouses: dict[str, Warehouse],
    vats: dict[str, VatRate],
    default_warehouse: Warehouse,
) -> ImportResult:
    result = ImportResult()
    existing = {p.sku: p for p in Product.select().where(Product.sku.in_([r.sku for r in rows]))}
    suppliers = {s.name: s for s in Supplier.select()}
    opening: dict[int, list[MovementLine]] = defaultdict(list)
    for row in rows:
        product = existing.get(row.sku)
        if product is None:
            product = Product(sku=row.sku, vat_rate=vats[row.vat_code or DEFAULT_VAT])
            result.created += 1
        else:
            result.updated += 1
        product.name = row.name
        if row.vat_code:
            product.vat_rate = vats[row.vat_code]
        for attribute in (
            "unit",
            "net_price",
            "purchase_price",
            "supplier_sku",
            "gtin",
            "is_service",
        ):
            value = getattr(row, attribute)
            if value is not None:
                setattr(product, attribute, value)
        if row.supplier:
            if row.supplier not in suppliers:
                suppliers[row.supplier] = Supplier.create(name=row.supplier)
            product.default_supplier = suppliers[row.supplier]
        product.save()
        warehouse = warehouses[row.warehouse_code] if row.warehouse_code else default_warehouse
        if row.min_stock is not None:
            ProductWarehouse.insert(
                product=product, warehouse=warehouse, min_stock=row.min_stock
            ).on_conflict(
                conflict_target=[ProductWarehouse.product, ProductWarehouse.warehouse],
                update={ProductWarehouse.min_stock: row.min_stock},
            ).execute()
        if row.opening_qty:
            if _has_opening(product, warehouse):
                result.skipped_opening += 1
            else:
                opening[warehouse.id].append(MovementLine(product, row.opening_qty))
    for warehouse_id, lines in opening.items():
        warehouse = next(w for w in warehouses.values() if w.id == warehouse_id)
        document = post_document(StockDocumentKind.OPENING, warehouse, lines, allow_negative=True)
        result.opening_documents.append(document.number)
        result.opening_lines += len(lines)
    return result


def _has_opening(product: Product, warehouse: Warehouse) -> bool:
    return (
        StockMovement.select()
        .join(StockDocument)
        .where(
            (StockMovement.product == product.id)
            & (StockMovement.warehouse == warehouse.id)
            & (StockDocument.kind == StockDocumentKind.OPENING)
        )
        .exists()
    )
