"""Document lines as people type or list them: "SKU=QTY" or "SKU=QTY@PRICE" (a GTIN works for
the SKU, so a scanner can type it), or a CSV file with columns sku, quantity and price."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from okos_tui.core.csv_text import detect_delimiter
from okos_tui.core.errors import InvalidValue
from okos_tui.domain.stock.documents import ItemInput
from okos_tui.i18n import t


def split_assignment(text: str) -> tuple[str, str]:
    """ "CODE=VALUE" as (CODE, VALUE), both stripped and not empty; the last "=" splits, so a
    name may hold one."""
    code, sep, value = text.rpartition("=")
    if not sep or not code.strip() or not value.strip():
        raise InvalidValue("error.bad_line_item", item=text)
    return code.strip(), value.strip()


def parse_item(text: str, *, with_price: bool = True) -> ItemInput:
    code, rest = split_assignment(text)
    quantity, at, price = rest.partition("@")
    if at and (not with_price or not price.strip()):
        raise InvalidValue("error.bad_line_item", item=text)
    return ItemInput(code=code, quantity=quantity.strip(), price=price.strip() if at else None)


def read_items_file(path: Path) -> list[ItemInput]:
    """A CSV with columns sku and quantity (price optional), ';' or ',' separated."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidValue("import.not_csv", detail=str(exc)) from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.DictReader(io.StringIO(text), delimiter=detect_delimiter(first), strict=True)
    try:
        fields = [f.strip().lower() for f in reader.fieldnames or []]
        missing = [name for name in ("sku", "quantity") if name not in fields]
        if missing:
            raise InvalidValue("import.missing_columns", columns=", ".join(missing))
        items = []
        for row in reader:
            if None in row or None in row.values():  # more or fewer cells than the header
                found = len(fields) + len(row.get(None) or []) - list(row.values()).count(None)
                reason = t("import.wrong_field_count", found=found, expected=len(fields))
                raise InvalidValue("import.bad_row", line=reader.line_num, reason=reason)
            cells = {k.strip().lower(): v.strip() for k, v in row.items()}
            if not any(cells.values()):
                continue
            items.append(ItemInput(cells["sku"], cells["quantity"], cells.get("price") or None))
    except csv.Error as exc:
        reason = t("import.not_csv", detail=exc)
        raise InvalidValue("import.bad_row", line=reader.line_num, reason=reason) from None
    return items
