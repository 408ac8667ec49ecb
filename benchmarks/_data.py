"""Building large, realistic data sets fast, for the benchmarks (not for tests).

The builders write straight to the tables with chunked `insert_many` inside `database.atomic()`,
skipping the per-document domain API (which would take minutes for 200,000 movements), but they
record what the domain API would: every movement sits under a numbered stock document, purchase
receipts point at their purchase orders, retail receipts have their receipt and lines, numbers are
unique per block and year, and the numbering sequences are left where the app continues from.
Physical stock never goes below zero in any warehouse. Movements go in as plain inserts, so
SQLite's triggers keep `stock_balance` in step exactly as they do for the app.

Compose them on a database opened with `okos_tui.db.open_database`::

    data = create_dataset()                  # warehouses MAIN and BOLT, suppliers
    add_products(data, 20_000)
    add_min_stocks(data)
    add_stock_movements(data, 200_000)       # opening stock first, then a year of documents
    add_purchase_orders(data, 300)           # open orders over the last 30 days
    add_open_orders(data, 5_000)             # OPEN sales orders of the last two weeks

A later builder (sales orders, say) takes the same `Dataset`: `data.products`, `data.stock`,
`data.next_id(Model)` for explicit ids and `data.next_number(prefix, year)` for document numbers,
then `save_sequences(data)` inside its transaction.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import accumulate

from peewee import Field, fn

from okos_tui.core.clock import BUDAPEST
from okos_tui.core.tax_numbers import check_digit
from okos_tui.db import (
    BaseModel,
    Customer,
    NumberSequence,
    PaymentMethod,
    Product,
    ProductWarehouse,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    RetailReceipt,
    RetailReceiptLine,
    SalesOrder,
    SalesOrderLine,
    SalesOrderStatus,
    StockDocument,
    StockDocumentKind,
    StockMovement,
    Supplier,
    VatRate,
    Warehouse,
    database,
)
from okos_tui.domain.numbering import DocumentPrefix, format_number
from okos_tui.domain.stock.ledger import PREFIX_BY_KIND

# SQLite binds at most 32,766 parameters per statement since 3.32 (999 before).
MAX_VARIABLES = 32_766 if sqlite3.sqlite_version_info >= (3, 32, 0) else 999
ROWS_PER_INSERT = 2_000

ONE = Decimal(1)
HUNDRED = Decimal(100)
MILLI = Decimal("0.001")

DEFAULT_WAREHOUSES = (("MAIN", "Központi raktár"), ("BOLT", "Bolti raktár"))

# (SKU prefix, name, unit, VAT code, typical net price in HUF)
CATEGORIES = (
    ("CSA", "Csavar", "db", "27%", 40),
    ("TIP", "Tipli", "db", "27%", 25),
    ("ALA", "Alátét", "db", "27%", 10),
    ("SZO", "Szög", "kg", "27%", 1_400),
    ("KAB", "Kábel", "m", "27%", 320),
    ("IZZ", "Izzó", "db", "27%", 1_100),
    ("FES", "Festék", "l", "27%", 4_200),
    ("RAG", "Ragasztó", "db", "27%", 1_900),
    ("SZI", "Szilikon", "db", "27%", 1_600),
    ("KES", "Kesztyű", "db", "27%", 800),
    ("FOG", "Fogó", "db", "27%", 5_200),
    ("KAL", "Kalapács", "db", "27%", 6_800),
    ("CSO", "Cső", "m", "27%", 950),
    ("KON", "Könyök idom", "db", "27%", 420),
    ("CSE", "Csempe", "m2", "27%", 6_400),
    ("FUG", "Fugázó", "kg", "27%", 1_250),
    ("KNY", "Könyv", "db", "5%", 4_500),
    ("ELS", "Elsősegély csomag", "db", "18%", 3_900),
)
VARIANTS = ("fehér", "fekete", "szürke", "piros", "horganyzott", "rozsdamentes", "kültéri", "eco")
SIZES = ("4x30", "5x40", "6x60", "8x80", "10 mm", "16 mm", "20 mm", "1 l", "2,5 l", "5 l", "XL")
SERVICES = ("Szállítási díj", "Utánvét kezelési díj", "Házhoz szállítás", "Csomagolás")

# Column order of the row tuples the builders make, per table.
PRODUCT_COLUMNS = (
    "id sku name unit vat_rate net_price purchase_price default_supplier supplier_sku gtin "
    "is_service"
)
ORDER_COLUMNS = "id number supplier warehouse status ordered_on created_at note"
ORDER_LINE_COLUMNS = "purchase_order position product quantity received_quantity unit_price"
DOCUMENT_COLUMNS = "id number kind warehouse issued_on created_at supplier purchase_order note"
MOVEMENT_COLUMNS = "document product warehouse quantity unit_price"
RECEIPT_COLUMNS = (
    "id document number issued_on payment_method net_total vat_total gross_total created_at"
)
RECEIPT_LINE_COLUMNS = (
    "receipt position product name quantity unit unit_gross vat_rate net vat gross"
)


@dataclass(frozen=True)
class ProductInfo:
    """What the builders need to know of a product they made, without reading it back."""

    id: int
    sku: str
    name: str
    unit: str
    vat_id: int
    vat_percent: Decimal
    net_price: Decimal
    purchase_price: Decimal
    supplier_id: int | None
    is_service: bool

    @property
    def fractional(self) -> bool:
        """Sold by measure (kg, m, l): quantities carry decimals."""
        return self.unit != "db"


@dataclass
class Dataset:
    """The state shared by the builders: what exists, today's date, ids and numbers in use."""

    rng: random.Random
    today: date
    warehouses: dict[str, int]  # code -> id
    suppliers: list[int]
    products: list[ProductInfo] = field(default_factory=list)
    # physical stock in thousandths of a unit, as the builders have posted it
    stock: dict[tuple[int, int], int] = field(default_factory=dict)
    movement_count: int = 0
    sequences: dict[tuple[str, int], int] = field(default_factory=dict)
    _next_ids: dict[type[BaseModel], int] = field(default_factory=dict)

    def next_id(self, model: type[BaseModel]) -> int:
        """A fresh primary key for `model` (explicit ids let child rows be built in memory)."""
        if model not in self._next_ids:
            self._next_ids[model] = (model.select(fn.MAX(model.id)).scalar() or 0) + 1
        value = self._next_ids[model]
        self._next_ids[model] = value + 1
        return value

    def next_number(self, prefix: str, year: int) -> str:
        """The next number of a numbering block, as `okos_tui.domain.numbering` would give it."""
        key = (prefix, year)
        self.sequences[key] = self.sequences.get(key, 0) + 1
        return format_number(prefix, year, self.sequences[key])

    @property
    def stocked_products(self) -> list[ProductInfo]:
        return [p for p in self.products if not p.is_service]


def create_dataset(
    warehouses: Sequence[tuple[str, str]] = DEFAULT_WAREHOUSES,
    *,
    suppliers: int = 60,
    seed: int = 20_000,
    today: date | None = None,
) -> Dataset:
    """Warehouses (kept if they exist) and suppliers, on the database `open_database` opened."""
    rng = random.Random(seed)
    today = today or datetime.now(BUDAPEST).date()
    with database.atomic():
        for code, name in warehouses:
            Warehouse.insert(code=code, name=name, active=True).on_conflict_ignore().execute()
        codes = [code for code, _ in warehouses]
        by_code = {w.code: w.id for w in Warehouse.select().where(Warehouse.code.in_(codes))}
        first_supplier = (Supplier.select(fn.MAX(Supplier.id)).scalar() or 0) + 1
        rows = [
            (
                first_supplier + i,
                f"Beszállító {first_supplier + i:03d} Kft.",
                f"{rng.randrange(10_000_000, 99_999_999)}-2-{rng.randrange(1, 44):02d}",
                f"rendeles{first_supplier + i}@beszallito.example",
                f"{rng.randrange(1000, 9999)} Budapest, Ipar utca {rng.randrange(1, 200)}.",
            )
            for i in range(suppliers)
        ]
        insert_rows(
            Supplier,
            [Supplier.id, Supplier.name, Supplier.tax_number, Supplier.email, Supplier.address],
            rows,
        )
        sequences = {(s.prefix, s.year): s.last_number for s in NumberSequence.select()}
    return Dataset(
        rng=rng,
        today=today,
        warehouses={code: by_code[code] for code in codes},
        suppliers=[row[0] for row in rows],
        sequences=sequences,
    )


def add_products(data: Dataset, count: int, *, service_share: float = 0.005) -> list[ProductInfo]:
    """`count` products over a few categories (about 0.5% services), in SKU-random id order."""
    rng = data.rng
    vat = {v.code: (v.id, v.rate) for v in VatRate.select()}
    serials = rng.sample(range(10_000, 10_000 + 10 * count), count)
    made = []
    for serial in serials:
        product_id = data.next_id(Product)
        if rng.random() < service_share:
            vat_id, percent = vat["27%"]
            name, price = f"{rng.choice(SERVICES)} {serial}", Decimal(rng.randrange(5, 300) * 10)
            made.append(
                ProductInfo(
                    product_id,
                    f"SRV-{serial}",
                    name,
                    "db",
                    vat_id,
                    percent,
                    price,
                    purchase_price=Decimal(0),
                    supplier_id=None,
                    is_service=True,
                )
            )
            continue
        prefix, noun, unit, vat_code, typical = rng.choice(CATEGORIES)
        vat_id, percent = vat[vat_code]
        net = (Decimal(typical) * Decimal(rng.uniform(0.5, 2.0))).quantize(Decimal("0.01"))
        supplier = rng.choice(data.suppliers) if rng.random() < 0.92 else None
        made.append(
            ProductInfo(
                id=product_id,
                sku=f"{prefix}-{serial}",
                name=f"{noun} {rng.choice(VARIANTS)} {rng.choice(SIZES)}",
                unit=unit,
                vat_id=vat_id,
                vat_percent=percent,
                net_price=max(net, Decimal("1.00")),
                purchase_price=(net * Decimal("0.62")).quantize(Decimal("0.01")),
                supplier_id=supplier,
                is_service=False,
            )
        )
    rows = [
        (
            p.id,
            p.sku,
            p.name,
            p.unit,
            p.vat_id,
            p.net_price,
            p.purchase_price,
            p.supplier_id,
            f"{p.supplier_id or 0:03d}/{rng.randrange(100_000, 999_999)}" if p.supplier_id else "",
            "" if p.is_service else ean13(f"599{p.id:09d}"),
            p.is_service,
        )
        for p in made
    ]
    with database.atomic():
        insert_rows(Product, columns(Product, PRODUCT_COLUMNS), rows)
    data.products.extend(made)
    return made


def add_min_stocks(data: Dataset, shares: dict[str, float] | None = None) -> int:
    """Minimum stock for a share of the stocked products per warehouse (default: 85% of them in
    the first warehouse, 35% in the others). Returns the number of rows written."""
    rng = data.rng
    codes = list(data.warehouses)
    shares = shares or {code: 0.85 if i == 0 else 0.35 for i, code in enumerate(codes)}
    rows = []
    for code, share in shares.items():
        warehouse_id = data.warehouses[code]
        for product in data.stocked_products:
            if rng.random() < share:
                units = rng.choice((2, 5, 5, 10, 10, 20, 50)) * 1000
                rows.append((product.id, warehouse_id, to_quantity(units)))
    with database.atomic():
        insert_rows(
            ProductWarehouse,
            [ProductWarehouse.product, ProductWarehouse.warehouse, ProductWarehouse.min_stock],
            rows,
        )
    return len(rows)


@dataclass
class _Ledger:
    """Rows of one builder's documents, collected in memory and written in bulk at the end."""

    documents: list[tuple] = field(default_factory=list)
    movements: list[tuple] = field(default_factory=list)
    orders: list[tuple] = field(default_factory=list)
    order_lines: list[tuple] = field(default_factory=list)
    receipts: list[tuple] = field(default_factory=list)
    receipt_lines: list[tuple] = field(default_factory=list)

    def write(self) -> None:
        """Insert everything, parents before children (foreign keys are checked at once)."""
        for model, names, rows in (
            (PurchaseOrder, ORDER_COLUMNS, self.orders),
            (PurchaseOrderLine, ORDER_LINE_COLUMNS, self.order_lines),
            (StockDocument, DOCUMENT_COLUMNS, self.documents),
            (StockMovement, MOVEMENT_COLUMNS, self.movements),
            (RetailReceipt, RECEIPT_COLUMNS, self.receipts),
            (RetailReceiptLine, RECEIPT_LINE_COLUMNS, self.receipt_lines),
        ):
            insert_rows(model, columns(model, names), rows)


class _Poster:
    """Posts documents the way `okos_tui.domain.stock.ledger.post_document` would, into a
    `_Ledger`."""

    def __init__(self, data: Dataset) -> None:
        self.data = data
        self.ledger = _Ledger()

    def document(
        self,
        kind: StockDocumentKind,
        warehouse_id: int,
        issued_on: date,
        lines: Sequence[tuple[ProductInfo, int, Decimal | None]],
        *,
        supplier_id: int | None = None,
        purchase_order_id: int | None = None,
        note: str = "",
    ) -> int:
        """One stock document with its movements; `lines` are (product, thousandths, price)."""
        data = self.data
        document_id = data.next_id(StockDocument)
        self.ledger.documents.append(
            (
                document_id,
                data.next_number(PREFIX_BY_KIND[kind], issued_on.year),
                kind,
                warehouse_id,
                issued_on,
                moment(data.rng, issued_on),
                supplier_id,
                purchase_order_id,
                note,
            )
        )
        for product, units, price in lines:
            key = (product.id, warehouse_id)
            data.stock[key] = data.stock.get(key, 0) + units
            self.ledger.movements.append(
                (document_id, product.id, warehouse_id, to_quantity(units), price)
            )
        data.movement_count += len(lines)
        return document_id


def add_stock_movements(
    data: Dataset,
    count: int,
    *,
    days: int = 365,
    opening_share: float = 0.15,
) -> int:
    """Exactly `count` movements under stock documents over the `days` before today.

    First one opening-stock document per warehouse (about `opening_share` of the movements),
    then, day by day, goods receipts, purchase receipts (of purchase orders made for them and
    now RECEIVED), retail receipts (with receipt and lines), adjustments and inventory counts.
    Popular products move far more often than the rest. Returns the number of documents."""
    rng = data.rng
    products = data.stocked_products
    if not products or count <= 0:
        return 0
    weights = list(accumulate(1 / (rank + 10) for rank in range(len(products))))
    popular = rng.sample(products, len(products))  # popularity rank, unrelated to SKU or id
    codes = list(data.warehouses)
    main_id, shop_id = data.warehouses[codes[0]], data.warehouses[codes[-1]]
    counter_payments = PaymentMethod.select().where(PaymentMethod.code.in_(["CASH", "CARD"]))
    cash_ids = [m.id for m in counter_payments]
    by_supplier = products_by_supplier(data)
    poster = _Poster(data)
    start = data.today - timedelta(days=days)
    documents = 0

    # Opening stock: the first warehouse holds most products, the others some.
    target = data.movement_count + count
    budget = min(count, max(1, int(count * opening_share)))
    for i, code in enumerate(codes):
        if budget <= 0:
            break
        share = 0.9 if i == 0 else 0.4
        chosen = [p for p in products if rng.random() < share][:budget]
        chosen.sort(key=lambda p: p.sku)
        lines = [(p, opening_units(rng, p), p.purchase_price) for p in chosen]
        poster.document(
            StockDocumentKind.OPENING, data.warehouses[code], start, lines, note="Nyitókészlet"
        )
        budget -= len(lines)
        documents += 1

    def pick(n: int) -> list[ProductInfo]:
        """`n` different products (at most all of them), popular ones more often."""
        n = min(n, len(popular))
        found: dict[int, ProductInfo] = {}
        while len(found) < n:
            for product in rng.choices(popular, cum_weights=weights, k=n - len(found)):
                found[product.id] = product
        return list(found.values())

    history = target - data.movement_count
    first = data.movement_count
    day = 0
    while data.movement_count < target:
        day += 1
        # spread the documents evenly over the days: by the end of day d, d/days of them
        quota = target if day >= days else first + history * day // days
        issued_on = min(start + timedelta(days=day), data.today - timedelta(days=1))
        while data.movement_count < quota:
            room = target - data.movement_count
            roll = rng.random()
            if roll < 0.55:
                size = min(room, rng.randint(1, 6))
                warehouse_id = shop_id if rng.random() < 0.8 else main_id
                lines = []
                for product in pick(size):
                    have = data.stock.get((product.id, warehouse_id), 0)
                    units = min(have, sale_units(rng, product))
                    if units > 0:
                        price = gross_unit_price(product)
                        lines.append((product, -units, price))
                if not lines:
                    continue
                document_id = poster.document(
                    StockDocumentKind.RETAIL_RECEIPT, warehouse_id, issued_on, lines
                )
                add_retail_receipt(poster, document_id, issued_on, lines, rng.choice(cash_ids))
            elif roll < 0.70:
                warehouse_id = main_id if rng.random() < 0.7 else shop_id
                lines = [
                    (p, receipt_units(rng, p), p.purchase_price)
                    for p in pick(min(room, rng.randint(1, 15)))
                ]
                supplier = rng.choice(data.suppliers) if rng.random() < 0.8 else None
                poster.document(
                    StockDocumentKind.GOODS_RECEIPT,
                    warehouse_id,
                    issued_on,
                    lines,
                    supplier_id=supplier,
                    note=f"Szállítólevél {rng.randrange(10**5, 10**6)}",
                )
            elif roll < 0.85:
                # one supplier's order: a popular product and others that supplier delivers
                anchor = pick(1)[0]
                offered = by_supplier.get(anchor.supplier_id) or [anchor]
                chosen = rng.sample(offered, min(len(offered), room, rng.randint(1, 15)))
                lines = [(p, receipt_units(rng, p), p.purchase_price) for p in chosen]
                add_received_purchase_order(poster, main_id, issued_on, lines)
            elif roll < 0.95:
                warehouse_id = rng.choice((main_id, shop_id))
                lines = []
                for product in pick(min(room, rng.randint(1, 3))):
                    have = data.stock.get((product.id, warehouse_id), 0)
                    change = rng.choice((-1, -1, -2, 1)) * (1000 if not product.fractional else 250)
                    if have + change >= 0:
                        lines.append((product, change, None))
                if not lines:
                    continue
                poster.document(
                    StockDocumentKind.ADJUSTMENT,
                    warehouse_id,
                    issued_on,
                    lines,
                    note=rng.choice(("Törés", "Lejárt szavatosság", "Minta", "Talált áru")),
                )
            else:
                warehouse_id = rng.choice((main_id, shop_id))
                lines = []
                for product in pick(min(room, rng.randint(5, 40))):
                    have = data.stock.get((product.id, warehouse_id), 0)
                    counted = max(0, have + rng.choice((-3, -2, -1, 1, 2)) * 1000)
                    if counted != have:
                        lines.append((product, counted - have, None))
                if not lines:
                    continue
                poster.document(
                    StockDocumentKind.INVENTORY, warehouse_id, issued_on, lines, note="Leltár"
                )
            documents += 1
    with database.atomic():
        poster.ledger.write()
        save_sequences(data)
    return documents


def add_received_purchase_order(
    poster: _Poster,
    warehouse_id: int,
    issued_on: date,
    lines: Sequence[tuple[ProductInfo, int, Decimal | None]],
) -> None:
    """A purchase order, ordered a few days before, received in full by one document."""
    data = poster.data
    rng = data.rng
    supplier = lines[0][0].supplier_id or rng.choice(data.suppliers)
    ordered_on = issued_on - timedelta(days=rng.randint(1, 14))
    order_id = data.next_id(PurchaseOrder)
    poster.ledger.orders.append(
        (
            order_id,
            data.next_number(DocumentPrefix.PURCHASE_ORDER, ordered_on.year),
            supplier,
            warehouse_id,
            PurchaseOrderStatus.RECEIVED,
            ordered_on,
            moment(rng, ordered_on),
            "",
        )
    )
    for position, (product, units, price) in enumerate(lines, start=1):
        quantity = to_quantity(units)
        poster.ledger.order_lines.append(
            (order_id, position, product.id, quantity, quantity, price or Decimal(0))
        )
    poster.document(
        StockDocumentKind.PURCHASE_RECEIPT,
        warehouse_id,
        issued_on,
        lines,
        supplier_id=supplier,
        purchase_order_id=order_id,
    )


def add_retail_receipt(
    poster: _Poster,
    document_id: int,
    issued_on: date,
    lines: Sequence[tuple[ProductInfo, int, Decimal | None]],
    payment_method_id: int | None,
) -> None:
    """The receipt of a retail-receipt document: gross prices, VAT taken out of each line."""
    data = poster.data
    receipt_id = data.next_id(RetailReceipt)
    _, number, _, _, _, created_at, *_ = poster.ledger.documents[-1]  # DOCUMENT_COLUMNS
    totals = [Decimal(0), Decimal(0), Decimal(0)]
    for position, (product, units, unit_gross) in enumerate(lines, start=1):
        quantity = to_quantity(-units)
        gross = round_money((unit_gross or Decimal(0)) * quantity)
        net = round_money(gross / (ONE + product.vat_percent / HUNDRED))
        poster.ledger.receipt_lines.append(
            (
                receipt_id,
                position,
                product.id,
                product.name,
                quantity,
                product.unit,
                unit_gross,
                product.vat_id,
                net,
                gross - net,
                gross,
            )
        )
        totals[0] += net
        totals[1] += gross - net
        totals[2] += gross
    poster.ledger.receipts.append(
        (receipt_id, document_id, number, issued_on, payment_method_id, *totals, created_at)
    )


def add_purchase_orders(
    data: Dataset,
    count: int,
    *,
    lines: tuple[int, int] = (1, 20),
    days: int = 30,
    received_lines: int = 0,
) -> int:
    """`count` OPEN purchase orders over the last `days`, each to one supplier for products it
    supplies. `received_lines` of their lines are received in part (one purchase-receipt
    document per order touched; one movement per line). Returns the number of order lines."""
    rng = data.rng
    by_supplier = products_by_supplier(data)
    suppliers = [s for s in data.suppliers if by_supplier.get(s)]
    if not suppliers:
        return 0
    codes = list(data.warehouses)
    poster = _Poster(data)
    orders: list[tuple[int, int, date, list[tuple[ProductInfo, int, Decimal]]]] = []
    dates = sorted(data.today - timedelta(days=rng.randrange(days)) for _ in range(count))
    for ordered_on in dates:
        supplier = rng.choice(suppliers)
        offered = by_supplier[supplier]
        chosen = rng.sample(offered, min(len(offered), rng.randint(*lines)))
        warehouse_id = data.warehouses[codes[0] if rng.random() < 0.8 else codes[-1]]
        order_id = data.next_id(PurchaseOrder)
        poster.ledger.orders.append(
            (
                order_id,
                data.next_number(DocumentPrefix.PURCHASE_ORDER, ordered_on.year),
                supplier,
                warehouse_id,
                PurchaseOrderStatus.OPEN,
                ordered_on,
                moment(rng, ordered_on),
                "",
            )
        )
        order_lines = [(p, receipt_units(rng, p) * 2, p.purchase_price) for p in chosen]
        orders.append((order_id, warehouse_id, ordered_on, order_lines))
    # Part receipts: pick order lines of two units or more, receive part of each.
    candidates = [
        (o, i)
        for o, (*_, order_lines) in enumerate(orders)
        for i, (_, units, _) in enumerate(order_lines)
        if units >= 2000
    ]
    received: dict[int, dict[int, int]] = {}
    for o, i in rng.sample(candidates, min(received_lines, len(candidates))):
        units = orders[o][3][i][1]
        received.setdefault(o, {})[i] = rng.randrange(1, units // 1000) * 1000
    for o, (order_id, warehouse_id, ordered_on, order_lines) in enumerate(orders):
        got = received.get(o, {})
        for position, (product, units, price) in enumerate(order_lines, start=1):
            poster.ledger.order_lines.append(
                (
                    order_id,
                    position,
                    product.id,
                    to_quantity(units),
                    to_quantity(got.get(position - 1, 0)),
                    price,
                )
            )
        if got:
            issued_on = min(data.today, ordered_on + timedelta(days=rng.randint(1, 7)))
            supplier = poster.ledger.orders[o][2]
            poster.document(
                StockDocumentKind.PURCHASE_RECEIPT,
                warehouse_id,
                issued_on,
                [(order_lines[i][0], units, order_lines[i][2]) for i, units in sorted(got.items())],
                supplier_id=supplier,
                purchase_order_id=order_id,
            )
    with database.atomic():
        poster.ledger.write()
        save_sequences(data)
    return len(poster.ledger.order_lines)


FAMILY_NAMES = (
    "Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga", "Kiss", "Molnár", "Németh", "Farkas",
    "Balogh", "Papp", "Takács", "Juhász", "Lakatos", "Mészáros", "Oláh", "Simon", "Rácz", "Fekete",
)  # fmt: skip
GIVEN_NAMES = (
    "Anna", "Péter", "Éva", "Zoltán", "Katalin", "László", "Judit", "Gábor", "Erzsébet", "István",
    "Ödön", "Őszike", "Ügyes", "Űrhajós",  # ő and ű too, as real data has them
)  # fmt: skip
CITIES = (
    ("1111", "Budapest"), ("9021", "Győr"), ("6720", "Szeged"), ("4024", "Debrecen"),
    ("7621", "Pécs"), ("3525", "Miskolc"), ("8000", "Székesfehérvár"), ("2400", "Dunaújváros"),
)  # fmt: skip
CUSTOMER_COLUMNS = (
    "id name email phone tax_number billing_name billing_postcode billing_city billing_street "
    "billing_country delivery_name delivery_postcode delivery_city delivery_street delivery_country"
)
SALES_ORDER_COLUMNS = (
    "id number status created_at updated_at customer customer_name email phone tax_number "
    "billing_name billing_postcode billing_city billing_street billing_country delivery_name "
    "delivery_postcode delivery_city delivery_street delivery_country warehouse payment_method "
    "currency"
)
SALES_ORDER_LINE_COLUMNS = (
    "order position product is_service name quantity unit unit_net vat_rate net vat gross"
)


def add_sales_orders(
    data: Dataset,
    count: int,
    *,
    statuses: Sequence[tuple[str, float]] = ((SalesOrderStatus.OPEN, 1.0),),
    lines: tuple[int, int] = (1, 5),
    days: tuple[int, int] = (0, 14),
    shipping_share: float = 0.7,
    prefix: str = "R",
) -> int:
    """`count` sales orders created between `days[1]` and `days[0]` days before today, with a
    status drawn from `statuses` (status, weight). Each has 1-5 (`lines`) different stocked
    products, popular ones more often, in the quantities a shop sells; 80% are in the first
    warehouse; `shipping_share` of them also carry a shipping fee (a service product's line, or a
    free-text service line when there is no service product). Line amounts are rounded per line
    to whole forints as `okos_tui.domain.sales.orders` does. One guest customer per two orders,
    copied onto the order. Numbers continue block `prefix` in creation order, so build older orders
    before newer ones. Returns the number of order lines."""
    rng = data.rng
    products = data.stocked_products
    if not products or count <= 0:
        return 0
    popular = rng.sample(products, len(products))
    weights = list(accumulate(1 / (rank + 10) for rank in range(len(popular))))
    services = [p for p in data.products if p.is_service]
    shipping = services[0] if services else None
    vat27 = VatRate.get(VatRate.code == "27%").id
    payments = [
        m.id
        for m in PaymentMethod.select().where(
            PaymentMethod.code.in_(["COD", "BANK_TRANSFER", "CARD"])
        )
    ]
    codes = list(data.warehouses)
    status_names = [s for s, _ in statuses]
    status_weights = [w for _, w in statuses]

    customers = []
    for _ in range(max(1, count // 2)):
        name = f"{rng.choice(FAMILY_NAMES)} {rng.choice(GIVEN_NAMES)}"
        postcode, city = rng.choice(CITIES)
        road = rng.choice(("Fő", "Kossuth", "Petőfi", "Rákóczi", "Ady"))
        street = f"{road} utca {rng.randint(1, 99)}."
        customer_id = data.next_id(Customer)
        email = f"vevo{customer_id}@example.hu"
        phone = f"+36 30 {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}"
        group = str(rng.randrange(10**6, 10**7))  # 7 digits and the check digit
        tax = (
            f"{group}{check_digit(group)}-2-{rng.randrange(1, 44):02d}"
            if rng.random() < 0.1
            else ""
        )
        customers.append(
            (customer_id, name, email, phone, tax, name, postcode, city, street, "HU",
             name, postcode, city, street, "HU")
        )  # fmt: skip

    now = datetime.now(UTC)  # today's business hours may not have come yet
    moments = sorted(
        min(now, moment(rng, data.today - timedelta(days=rng.randint(days[0], days[1]))))
        for _ in range(count)
    )
    order_rows: list[tuple] = []
    line_rows: list[tuple] = []
    for created in moments:
        order_id = data.next_id(SalesOrder)
        customer = rng.choice(customers)
        warehouse_id = data.warehouses[codes[0] if rng.random() < 0.8 else codes[-1]]
        status = rng.choices(status_names, weights=status_weights)[0]
        number = data.next_number(prefix, created.astimezone(BUDAPEST).year)
        order_rows.append(
            (order_id, number, status, created, created, customer[0], *customer[1:5],
             *customer[5:15], warehouse_id, rng.choice(payments), "HUF")
        )  # fmt: skip
        chosen: dict[int, ProductInfo] = {}
        wanted = min(rng.randint(*lines), len(popular))
        while len(chosen) < wanted:
            for product in rng.choices(popular, cum_weights=weights, k=wanted - len(chosen)):
                chosen[product.id] = product
        position = 0
        for position, product in enumerate(chosen.values(), start=1):
            quantity = to_quantity(sale_units(rng, product))
            net = round_money(product.net_price * quantity)
            vat = round_money(net * product.vat_percent / HUNDRED)
            line_rows.append(
                (order_id, position, product.id, False, product.name, quantity, product.unit,
                 product.net_price, product.vat_id, net, vat, net + vat)
            )  # fmt: skip
        if rng.random() < shipping_share:
            price = shipping.net_price if shipping else Decimal(1490)
            vat = round_money(price * (shipping.vat_percent if shipping else 27) / HUNDRED)
            line_rows.append(
                (order_id, position + 1, shipping.id if shipping else None, True,
                 shipping.name if shipping else "Szállítási díj", ONE, "db", price,
                 shipping.vat_id if shipping else vat27, price, vat, price + vat)
            )  # fmt: skip
    with database.atomic():
        insert_rows(Customer, columns(Customer, CUSTOMER_COLUMNS), customers)
        insert_rows(SalesOrder, columns(SalesOrder, SALES_ORDER_COLUMNS), order_rows)
        insert_rows(SalesOrderLine, columns(SalesOrderLine, SALES_ORDER_LINE_COLUMNS), line_rows)
        save_sequences(data)
    return len(line_rows)


def add_open_orders(data: Dataset, count: int, **options) -> int:
    """`count` OPEN sales orders from the last two weeks (see `add_sales_orders`)."""
    return add_sales_orders(data, count, **options)


def products_by_supplier(data: Dataset) -> dict[int, list[ProductInfo]]:
    """The stocked products each supplier delivers (their default supplier)."""
    by_supplier: dict[int, list[ProductInfo]] = {}
    for product in data.stocked_products:
        if product.supplier_id is not None:
            by_supplier.setdefault(product.supplier_id, []).append(product)
    return by_supplier


def save_sequences(data: Dataset) -> None:
    """Leave the numbering sequences where the app continues from. Call inside `atomic()`."""
    for (prefix, year), last in data.sequences.items():
        NumberSequence.insert(prefix=prefix, year=year, last_number=last).on_conflict(
            conflict_target=[NumberSequence.prefix, NumberSequence.year],
            update={NumberSequence.last_number: last},
        ).execute()


def insert_rows(model: type[BaseModel], fields: Sequence[Field], rows: Iterable[tuple]) -> int:
    """Bulk insert `rows` (tuples in the order of `fields`) in chunks. Call inside `atomic()`."""
    rows = list(rows)
    # Peewee adds the columns with a default that `fields` leaves out: count every column.
    size = max(1, min(ROWS_PER_INSERT, MAX_VARIABLES // len(model._meta.sorted_fields)))
    for start in range(0, len(rows), size):
        model.insert_many(rows[start : start + size], fields=list(fields)).execute()
    return len(rows)


def columns(model: type[BaseModel], names: str) -> list[Field]:
    """The fields of `model` named in the space-separated `names`, in that order."""
    return [model._meta.fields[name] for name in names.split()]


def to_quantity(units: int) -> Decimal:
    """Thousandths of a unit (how the builders count) as the Decimal a QuantityField takes."""
    return Decimal(units) * MILLI


def round_money(value: Decimal) -> Decimal:
    return value.quantize(ONE, rounding=ROUND_HALF_UP)


def gross_unit_price(product: ProductInfo) -> Decimal:
    return round_money(product.net_price * (ONE + product.vat_percent / HUNDRED))


def opening_units(rng: random.Random, product: ProductInfo) -> int:
    return rng.randint(1, 60) * 1000 + (rng.randrange(0, 1000, 50) if product.fractional else 0)


def receipt_units(rng: random.Random, product: ProductInfo) -> int:
    return rng.choice((5, 10, 10, 20, 24, 50, 100)) * 1000


def sale_units(rng: random.Random, product: ProductInfo) -> int:
    if product.fractional:
        return rng.randrange(250, 5000, 250)
    return rng.choice((1000, 1000, 1000, 2000, 3000, 5000))


def moment(rng: random.Random, day: date) -> datetime:
    """A time during business hours in Budapest on `day`, as the aware UTC a document keeps."""
    local = datetime.combine(day, time(rng.randint(7, 17), rng.randrange(60)), tzinfo=BUDAPEST)
    return local.astimezone(UTC)


def ean13(first12: str) -> str:
    """A valid EAN-13 barcode from its first twelve digits."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return first12 + str((10 - total % 10) % 10)
