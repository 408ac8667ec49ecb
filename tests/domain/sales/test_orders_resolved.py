"""The lower-level order entry an importer shares with `create_order`: lines priced from records
already resolved (`price_line`), totals summed in memory (`priced_totals`), and the order and
its lines written by `insert_order` through SQL built once (`Prepared`, `prepared_insert`),
stored exactly as peewee itself would store them."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from okos_tui.core.errors import InvalidValue
from okos_tui.db import (
    Customer,
    PaymentMethod,
    Product,
    SalesOrder,
    SalesOrderLine,
    VatRate,
    Warehouse,
    database,
)
from okos_tui.db.prepared import Prepared, prepared_insert, slot
from okos_tui.domain.sales.orders import (
    AddressInput,
    CustomerInput,
    OrderLineInput,
    create_order,
    insert_order,
    order_totals,
    price_line,
    priced_totals,
)
from okos_tui.domain.stock.report import stock_report

WHEN = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BUYER = CustomerInput(
    "Szabó Péter",
    email="peter@example.hu",
    billing=AddressInput("Szabó Péter", "1111", "Budapest", "Fő utca 2.", "HU"),
)
LINES = [
    OrderLineInput(code="BOG-01", quantity="2", unit_net="999.5"),
    OrderLineInput(code="LIS-01", quantity="1.25"),
    OrderLineInput(name="Csomagolás", quantity="1", unit_net="200", vat="27%"),
]


def row_of(order: SalesOrder) -> dict:
    return SalesOrder.select().where(SalesOrder.id == order.id).dicts().get()


def lines_of(order: SalesOrder) -> list[dict]:
    return list(
        SalesOrderLine.select()
        .where(SalesOrderLine.order == order.id)
        .order_by(SalesOrderLine.position)
        .dicts()
    )


def test_resolved_lines_store_what_create_order_stores(catalog) -> None:
    public = create_order(
        BUYER, LINES, warehouse_code="MAIN", prefix="R", payment_method="COD", created_at=WHEN
    )
    vat27 = VatRate.get(VatRate.code == "27%")
    products = [catalog["BOG-01"], catalog["LIS-01"], None]
    vats = [vat27, catalog["LIS-01"].vat_rate, vat27]
    with database.atomic():
        priced = [
            price_line(line, product, vat, "HUF", n)
            for n, (line, product, vat) in enumerate(zip(LINES, products, vats, strict=True), 1)
        ]
        resolved = insert_order(
            BUYER,
            priced,
            warehouse=Warehouse.get(Warehouse.code == "MAIN"),
            prefix="R",
            customer_record=Customer.get(Customer.id == public.customer_id),
            payment_method=PaymentMethod.get(PaymentMethod.id == public.payment_method_id),
            created_at=WHEN,
        )

    skip = {"id", "number", "updated_at", "order"}
    assert {k: v for k, v in row_of(resolved).items() if k not in skip} == {
        k: v for k, v in row_of(public).items() if k not in skip
    }
    assert [{k: v for k, v in r.items() if k not in skip} for r in lines_of(resolved)] == [
        {k: v for k, v in r.items() if k not in skip} for r in lines_of(public)
    ]
    assert (public.number, resolved.number) == ("R-2026-000001", "R-2026-000002")
    assert priced_totals(priced) == order_totals(resolved) == order_totals(public)


def test_the_returned_order_is_the_stored_one(catalog) -> None:
    order = create_order(BUYER, LINES, warehouse_code="MAIN", prefix="R", created_at=WHEN)

    stored = SalesOrder.get(SalesOrder.id == order.id)
    for field in SalesOrder._meta.sorted_fields:
        assert getattr(order, field.name) == getattr(stored, field.name), field.name
    assert order.status == "open" and order.shop_total is None and order.review_note == ""


def test_an_inserted_order_reserves_its_stock_through_the_triggers(catalog) -> None:
    create_order(BUYER, LINES, warehouse_code="MAIN", prefix="R", created_at=WHEN)

    rows = {row.sku: row for row in stock_report(warehouse_code="MAIN")}
    assert rows["BOG-01"].reserved == Decimal("2")
    assert rows["LIS-01"].reserved == Decimal("1.25")


def test_many_lines_are_inserted_in_batches(catalog) -> None:
    names = [f"Tétel {n}" for n in range(1, 121)]
    lines = [OrderLineInput(name=name, quantity="1", unit_net="10") for name in names]

    order = create_order(BUYER, lines, warehouse_code="MAIN", prefix="R", created_at=WHEN)

    assert [row["name"] for row in lines_of(order)] == names
    assert order_totals(order).gross == 120 * Decimal("13")  # 10 + 2.7 VAT rounded to HUF


def test_insert_order_refuses_what_create_order_refuses(catalog) -> None:
    warehouse = Warehouse.get(Warehouse.code == "MAIN")
    record = Customer.create(name="Valaki")
    with database.atomic():
        with pytest.raises(InvalidValue):
            insert_order(BUYER, [], warehouse=warehouse, prefix="R", customer_record=record)
        with pytest.raises(InvalidValue):
            insert_order(
                CustomerInput(" "),
                [price_line(LINES[2], None, None, "HUF", 1)],
                warehouse=warehouse,
                prefix="R",
                customer_record=record,
            )
    with pytest.raises(RuntimeError, match="inside a transaction"):
        insert_order(
            BUYER,
            [price_line(LINES[2], None, None, "HUF", 1)],
            warehouse=warehouse,
            prefix="R",
            customer_record=record,
        )
    assert SalesOrder.select().count() == 0


def test_a_prepared_query_converts_its_values_like_peewee(catalog) -> None:
    query = Product.select(Product.sku).where(Product.net_price == slot("price"))
    prepared = Prepared(query, {"price": Product.net_price.db_value})

    assert prepared.run({"price": Decimal("952.38")}).fetchall() == [("TEA-01",)]
    assert prepared.run({"price": Decimal("952.39")}).fetchall() == []
    with pytest.raises(ValueError, match="slot 'nothing'"):
        Prepared(query, {"price": None, "nothing": None})


def test_a_prepared_insert_fills_in_the_defaults(db) -> None:
    vat = VatRate.get(VatRate.code == "5%")

    new_id = prepared_insert(Product).run([{"sku": "UJ-1", "name": "Új", "vat_rate": vat}])

    product = Product.get(Product.id == new_id)
    assert (product.sku, product.unit, product.net_price, product.is_service) == (
        "UJ-1",
        "db",
        Decimal(0),
        False,
    )
