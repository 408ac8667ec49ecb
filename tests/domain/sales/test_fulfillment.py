"""Fulfillable orders, the picking summary and the procurement list, rule by rule.

Rules (issue 3): per warehouse the pool is the physical stock per product, never below zero;
OPEN orders are served by creation time, then number; an order is fulfillable when every stock
line can be covered from what is left, and then takes it; one that cannot takes nothing;
`missing` is per product what the pool lacked for that order; service lines never block.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from okos_tui.core.errors import InvalidState, NotFound
from okos_tui.db import Product, Supplier, Warehouse
from okos_tui.domain.purchasing import create_purchase_order, receive_purchase_order
from okos_tui.domain.sales.fulfillment import (
    FulfillabilityRow,
    fulfillability,
    picking_summary,
    procurement_list,
)
from okos_tui.domain.sales.orders import (
    CustomerInput,
    OrderLineInput,
    cancel_order,
    create_order,
    mark_invoiced,
)
from okos_tui.domain.stock.documents import ItemInput, adjust_stock, receive_goods

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
CUSTOMER = CustomerInput("Szőke Péter", email="peter@example.hu")


class Orders:
    """Creates orders a minute apart (or at a given minute), so their age is explicit."""

    def __init__(self) -> None:
        self.minute = 0

    def __call__(self, *lines, warehouse="MAIN", minute=None, customer=CUSTOMER) -> str:
        if minute is None:
            self.minute += 1
            minute = self.minute
        inputs = []
        for spec in lines:
            if isinstance(spec, OrderLineInput):
                inputs.append(spec)
            else:
                code, _, quantity = spec.partition("=")
                inputs.append(OrderLineInput(code=code, quantity=quantity))
        created = create_order(
            customer,
            inputs,
            warehouse_code=warehouse,
            prefix="R",
            created_at=START + timedelta(minutes=minute),
        )
        return created.number


@pytest.fixture
def new_order(catalog) -> Orders:
    return Orders()


def stock(warehouse: str, **quantities: str) -> None:
    receive_goods(warehouse, [ItemInput(sku.replace("_", "-"), q) for sku, q in quantities.items()])


def verdicts(rows: list[FulfillabilityRow]) -> dict[str, tuple[bool, dict[str, Decimal]]]:
    return {r.order_number: (r.fulfillable, {m.sku: m.quantity for m in r.missing}) for r in rows}


def packing(warehouse_id: int | None = None) -> dict[str, tuple[bool, dict[str, Decimal]]]:
    return verdicts(fulfillability(warehouse_id))


def warehouse_id(code: str) -> int:
    return Warehouse.get(Warehouse.code == code).id


YES: tuple[bool, dict] = (True, {})


def no(**missing: str) -> tuple[bool, dict[str, Decimal]]:
    return (False, {sku.replace("_", "-"): Decimal(q) for sku, q in missing.items()})


# --- fulfillability --------------------------------------------------------------------------


def test_older_orders_are_served_first(new_order):
    stock("MAIN", BOG_01="5")
    first = new_order("BOG-01=3")
    second = new_order("BOG-01=3")
    third = new_order("BOG-01=2")
    assert packing() == {first: YES, second: no(BOG_01="1"), third: YES}
    assert [r.order_number for r in fulfillability()] == [first, second, third]


def test_creation_time_decides_before_the_number(new_order):
    stock("MAIN", BOG_01="3")
    numbered_first = new_order("BOG-01=3", minute=10)
    created_first = new_order("BOG-01=3", minute=5)
    assert numbered_first < created_first
    rows = fulfillability()
    assert [r.order_number for r in rows] == [created_first, numbered_first]
    assert packing() == {created_first: YES, numbered_first: no(BOG_01="3")}


def test_at_the_same_time_the_lower_number_goes_first(new_order):
    stock("MAIN", BOG_01="3")
    numbers = [new_order("BOG-01=3", minute=7) for _ in range(3)]
    assert [r.order_number for r in fulfillability()] == sorted(numbers)
    assert packing() == {numbers[0]: YES, numbers[1]: no(BOG_01="3"), numbers[2]: no(BOG_01="3")}


def test_an_order_that_cannot_be_covered_takes_nothing(new_order):
    stock("MAIN", BOG_01="5", TEA_01="2")
    greedy = new_order("BOG-01=3", "TEA-01=5")  # BOG-01 is there, TEA-01 is not
    later = new_order("BOG-01=5")  # gets all five: the greedy order took none
    small = new_order("TEA-01=2")
    after = new_order("TEA-01=1")
    assert packing() == {
        greedy: no(TEA_01="3"),  # only what the pool lacked; BOG-01 was coverable
        later: YES,
        small: YES,
        after: no(TEA_01="1"),
    }


def test_missing_is_what_the_pool_lacked_after_older_orders(new_order):
    stock("MAIN", BOG_01="5", TEA_01="2", LIS_01="0.75")
    first = new_order("BOG-01=3", "LIS-01=0.5")
    second = new_order("BOG-01=4", "TEA-01=3", "LIS-01=0.5")
    third = new_order("LIS-01=0.25")
    assert packing() == {
        first: YES,
        second: no(BOG_01="2", TEA_01="1", LIS_01="0.25"),
        third: YES,
    }
    row = next(r for r in fulfillability() if r.order_number == second)
    assert [m.sku for m in row.missing] == ["BOG-01", "LIS-01", "TEA-01"]  # by SKU


def test_a_product_never_received_is_missing_in_full(new_order):
    number = new_order("TEA-01=2")
    assert packing() == {number: no(TEA_01="2")}


def test_negative_physical_stock_counts_as_zero(new_order):
    adjust_stock("MAIN", [ItemInput("BOG-01", "-3")], allow_negative=True)
    stock("MAIN", TEA_01="1")
    first = new_order("BOG-01=1")
    second = new_order("TEA-01=1")
    assert packing() == {first: no(BOG_01="1"), second: YES}  # not 4: the pool is 0, not -3


def test_service_lines_never_block(new_order):
    stock("MAIN", BOG_01="1")
    services_only = new_order(
        "SZALL=1", OrderLineInput(name="Csomagolás", quantity="1", unit_net="300")
    )
    with_goods = new_order("BOG-01=1", "SZALL=2")
    too_many = new_order("BOG-01=1", "SZALL=1")
    assert packing() == {services_only: YES, with_goods: YES, too_many: no(BOG_01="1")}


def test_pools_are_per_warehouse(new_order):
    stock("MAIN", BOG_01="1")
    stock("SHOP", BOG_01="5")
    main_first = new_order("BOG-01=2", warehouse="MAIN")
    shop = new_order("BOG-01=3", warehouse="SHOP")
    main_second = new_order("BOG-01=1", warehouse="MAIN")
    shop_second = new_order("BOG-01=3", warehouse="SHOP")
    everything = packing()
    assert everything == {
        main_first: no(BOG_01="1"),
        shop: YES,
        main_second: YES,
        shop_second: no(BOG_01="1"),
    }
    main, shop_only = packing(warehouse_id("MAIN")), packing(warehouse_id("SHOP"))
    assert set(main) == {main_first, main_second}
    assert set(shop_only) == {shop, shop_second}
    assert {**main, **shop_only} == everything  # filtering changes no verdict
    assert {r.warehouse_id for r in fulfillability(warehouse_id("SHOP"))} == {warehouse_id("SHOP")}


def test_only_open_orders_are_listed_and_compete(new_order):
    stock("MAIN", BOG_01="2")
    invoiced = new_order("BOG-01=2")
    cancelled = new_order("BOG-01=2")
    mark_invoiced(invoiced)
    cancel_order(cancelled)
    open_one = new_order("BOG-01=2")
    assert packing() == {open_one: YES}


def test_fractional_quantities(new_order):
    stock("MAIN", LIS_01="1.5")
    first = new_order("LIS-01=1.25")
    second = new_order("LIS-01=0.5")
    third = new_order("LIS-01=0.25")
    assert packing() == {first: YES, second: no(LIS_01="0.25"), third: YES}


def test_one_product_on_two_lines_counts_once_in_total(new_order):
    stock("MAIN", BOG_01="3")
    number = new_order("BOG-01=2", "BOG-01=2")
    assert packing() == {number: no(BOG_01="1")}


def test_the_rows_carry_the_order_header(new_order):
    stock("MAIN", BOG_01="1")
    number = new_order("BOG-01=1", "SZALL=1", customer=CustomerInput("[bold]x[/]"))
    (row,) = fulfillability()
    assert row.order_number == number
    assert (row.shop, row.shop_order_id, row.customer) == ("", None, "[bold]x[/]")
    assert row.created == START + timedelta(minutes=1)
    assert (row.gross_total, row.currency) == (1270 + 1905, "HUF")
    assert row.warehouse_id == warehouse_id("MAIN") and row.fulfillable


def test_no_open_orders(catalog):
    assert fulfillability() == []


# --- picking ---------------------------------------------------------------------------------


def test_picking_sums_products_and_leaves_out_services(new_order):
    a = new_order(
        "BOG-01=2", "SZALL=1", OrderLineInput(name="Csomagolás", quantity="1", unit_net="1")
    )
    b = new_order("BOG-01=1", "LIS-01=0.75", warehouse="SHOP")
    c = new_order("TEA-01=4", "LIS-01=1")
    rows = picking_summary([a, b, c])
    assert [(r.sku, r.name, r.quantity, r.unit) for r in rows] == [
        ("BOG-01", "Bögre, mázas", 3, "db"),
        ("LIS-01", "Tönkölyliszt", Decimal("1.75"), "kg"),
        ("TEA-01", "Gyümölcstea", 4, "doboz"),
    ]
    assert [(r.sku, r.quantity) for r in picking_summary([b])] == [
        ("BOG-01", 1),
        ("LIS-01", Decimal("0.75")),
    ]
    assert picking_summary([new_order("SZALL=1")]) == []


def test_picking_names_an_unknown_order(new_order):
    known = new_order("BOG-01=1")
    with pytest.raises(NotFound, match="R-2026-999999"):
        picking_summary([known, "R-2026-999999"])


# --- procurement -----------------------------------------------------------------------------


@pytest.fixture
def supplied(catalog):
    supplier = Supplier.create(name="Kerámia Kft.")
    Product.update(default_supplier=supplier, supplier_sku="KU-1").where(
        Product.sku == "BOG-01"
    ).execute()
    return catalog


def procurement(numbers: list[str]) -> dict[str, tuple]:
    return {
        r.sku: (r.needed, r.available, r.incoming, r.to_procure) for r in procurement_list(numbers)
    }


def test_procurement_counts_what_open_orders_outside_the_set_reserve(supplied, new_order):
    stock("MAIN", BOG_01="5")
    create_purchase_order("Kerámia Kft.", "MAIN", [ItemInput("BOG-01", "1")])
    a = new_order("BOG-01=3")
    b = new_order("BOG-01=4")
    c = new_order("BOG-01=2")
    # {b}: 5 physical - 5 reserved by a and c = 0 available; 4 - 0 - 1 incoming = 3
    assert procurement([b]) == {"BOG-01": (4, 0, 1, 3)}
    # {b, c}: 5 - 3 (a) = 2 available; 6 - 2 - 1 = 3
    assert procurement([b, c]) == {"BOG-01": (6, 2, 1, 3)}
    # all three: everything is available; 9 - 5 - 1 = 3
    assert procurement([a, b, c]) == {"BOG-01": (9, 5, 1, 3)}
    # {a}: 5 - 6 reserved outside is not -1 but 0; 3 - 0 - 1 = 2
    assert procurement([a]) == {"BOG-01": (3, 0, 1, 2)}
    row = procurement_list([b])[0]
    assert (row.name, row.supplier, row.supplier_sku) == ("Bögre, mázas", "Kerámia Kft.", "KU-1")


def test_to_procure_is_never_negative(supplied, new_order):
    stock("MAIN", BOG_01="10")
    create_purchase_order("Kerámia Kft.", "MAIN", [ItemInput("BOG-01", "7")])
    number = new_order("BOG-01=2")
    assert procurement([number]) == {"BOG-01": (2, 10, 7, 0)}


def test_only_open_orders_outside_the_set_reserve(supplied, new_order):
    stock("MAIN", BOG_01="4")
    invoiced, cancelled = new_order("BOG-01=3"), new_order("BOG-01=3")
    mark_invoiced(invoiced)
    cancel_order(cancelled)
    number = new_order("BOG-01=6")
    assert procurement([number]) == {"BOG-01": (6, 4, 0, 2)}


def test_incoming_is_what_open_purchase_orders_still_expect(supplied, new_order):
    part = create_purchase_order("Kerámia Kft.", "MAIN", [ItemInput("BOG-01", "4")])
    receive_purchase_order(part.number, [ItemInput("BOG-01", "1")])  # 1 physical, 3 incoming
    done = create_purchase_order("Kerámia Kft.", "MAIN", [ItemInput("BOG-01", "2")])
    receive_purchase_order(done.number)  # received: physical, no longer incoming
    create_purchase_order("Kerámia Kft.", "SHOP", [ItemInput("BOG-01", "50")])  # other warehouse
    number = new_order("BOG-01=10", "SZALL=1")
    assert procurement([number]) == {"BOG-01": (10, 3, 3, 4)}


def test_procurement_is_per_warehouse_then_summed(supplied, new_order):
    """A surplus in MAIN does not cover a shortage in SHOP: each warehouse packs its own."""
    stock("MAIN", BOG_01="5")
    main = new_order("BOG-01=2", warehouse="MAIN")
    shop = new_order("BOG-01=3", warehouse="SHOP")
    assert procurement([main, shop]) == {"BOG-01": (5, 5, 0, 3)}
    assert procurement([shop]) == {"BOG-01": (3, 0, 0, 3)}


def test_procurement_of_several_products_sorted_by_sku(supplied, new_order):
    stock("MAIN", TEA_01="1", LIS_01="0.5")
    number = new_order("TEA-01=3", "LIS-01=2", "BOG-01=1", "SZALL=1")
    rows = procurement_list([number])
    assert [r.sku for r in rows] == ["BOG-01", "LIS-01", "TEA-01"]
    assert procurement([number]) == {
        "BOG-01": (1, 0, 0, 1),
        "LIS-01": (2, Decimal("0.5"), 0, Decimal("1.5")),
        "TEA-01": (3, 1, 0, 2),
    }
    assert [(r.supplier, r.supplier_sku) for r in rows] == [
        ("Kerámia Kft.", "KU-1"),
        ("", ""),
        ("", ""),
    ]


def test_procurement_of_services_only_is_empty(supplied, new_order):
    assert procurement_list([new_order("SZALL=1")]) == []


def test_procurement_names_an_unknown_order(supplied, new_order):
    with pytest.raises(NotFound, match="R-2026-999999"):
        procurement_list([new_order("BOG-01=1"), "R-2026-999999"])


def test_picking_refuses_a_cancelled_order_and_procurement_a_closed_one(new_order, db_path, dump):
    """Packing a cancelled order, or buying for an order no longer open, is a mistake."""
    cancelled = new_order("BOG-01=1")
    invoiced = new_order("BOG-01=1")
    cancel_order(cancelled)
    mark_invoiced(invoiced)
    before = dump(db_path)
    with pytest.raises(InvalidState, match=cancelled):
        picking_summary([cancelled])
    with pytest.raises(InvalidState, match=invoiced):
        procurement_list([invoiced])
    assert [row.sku for row in picking_summary([invoiced])] == ["BOG-01"]
    assert dump(db_path) == before
