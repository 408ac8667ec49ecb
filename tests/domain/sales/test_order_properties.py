"""Property-based: random sequences of sales orders and stock documents against a model.

Orders are created, edited, cancelled, invoiced and reopened; stock is received, adjusted and
sold over the counter, on three products, a service and two warehouses. After every step:

- reserved (stock report, per warehouse and in total) == the OPEN orders' stock lines, summed
  by the model kept here;
- the fulfillable orders can be packed together: per warehouse and product the sum of their
  quantities <= max(0, physical); and every verdict equals an independent re-implementation of
  the rules (oldest first, all or nothing, missing = what the pool lacked);
- a refused operation (DomainError, predicted by the model) leaves every table as it was.

Each example runs on a fresh SQLite file.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okos_tui.config import WarehouseSettings
from okos_tui.core.errors import DomainError
from okos_tui.db import Product, VatRate, Warehouse, database, open_database
from okos_tui.domain.sales.fulfillment import fulfillability
from okos_tui.domain.sales.orders import (
    CustomerInput,
    OrderEdit,
    OrderLineInput,
    cancel_order,
    create_order,
    edit_order,
    mark_invoiced,
    reopen_order,
)
from okos_tui.domain.sales.receipts import create_retail_receipt
from okos_tui.domain.stock.documents import ItemInput, adjust_stock, receive_goods
from okos_tui.domain.stock.report import stock_report
from okos_tui.services.setup import sync_warehouses

STOCKED = ("A-1", "B-2", "C-3")
SERVICE = "SRV"
UNKNOWN = "NOPE"
WAREHOUSES = ("MAIN", "SHOP")
START = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
ZERO = Decimal(0)
CUSTOMER = CustomerInput("Teszt Elek", email="elek@example.hu")
UNKNOWN_ORDER = "R-2026-999999"

# Mostly valid values, so that orders live long enough to compete; a few refused ones.
quantities = st.sampled_from(
    [Decimal(q) for q in ("1", "1", "1", "2", "2", "2", "3", "4", "0.5", "1.25", "0", "-1")]
)
stock_quantities = st.sampled_from(
    [Decimal(q) for q in ("1", "2", "2", "3", "5", "0.75", "-1", "-2", "-3", "-9", "0")]
)
order_skus = st.sampled_from([*STOCKED, *STOCKED, *STOCKED, SERVICE, UNKNOWN])
stock_skus = st.sampled_from([*STOCKED, *STOCKED, *STOCKED, SERVICE])
indexes = st.integers(0, 7)

operations = st.one_of(
    st.tuples(
        st.just("create"),
        st.sampled_from([*WAREHOUSES, *WAREHOUSES, *WAREHOUSES, "BACK"]),
        st.lists(
            st.tuples(order_skus, quantities), min_size=1, max_size=3, unique_by=lambda x: x[0]
        ),
        st.booleans(),  # with a free-text service line
        st.integers(0, 4),  # minutes after START: equal times happen
    ),
    st.tuples(
        st.just("edit"),
        indexes,
        st.lists(indexes, max_size=1),  # remove: the order's nth line (mod its line count)
        st.lists(st.tuples(indexes, quantities), max_size=2),  # set the nth line's quantity
        st.lists(st.tuples(order_skus, quantities), max_size=2),  # add (twice is refused)
        st.booleans(),  # change the header note
    ),
    st.tuples(st.sampled_from(["cancel", "invoice", "reopen"]), indexes),
    st.tuples(
        st.sampled_from(["receive", "receive", "adjust", "adjust", "retail"]),
        st.sampled_from(WAREHOUSES),
        stock_skus,
        stock_quantities,
        st.booleans(),  # allow_negative on adjustments
    ),
)


@dataclass
class OrderModel:
    number: str
    warehouse: str
    minute: int
    lines: dict[str, Decimal]  # sku (stocked or the service product) -> quantity
    free_text: int  # service lines without a product
    status: str = "open"


@dataclass
class Model:
    orders: list[OrderModel] = field(default_factory=list)
    physical: dict[tuple[str, str], Decimal] = field(
        default_factory=lambda: defaultdict(lambda: ZERO)
    )

    def order(self, index: int) -> OrderModel | None:
        return self.orders[index % len(self.orders)] if self.orders else None

    def reserved(self, warehouse: str | None, sku: str) -> Decimal:
        return sum(
            (
                o.lines.get(sku, ZERO)
                for o in self.orders
                if o.status == "open" and warehouse in (None, o.warehouse)
            ),
            ZERO,
        )

    def verdicts(self) -> dict[str, tuple[bool, dict[str, Decimal]]]:
        """The fulfillability rules, written again from the issue text."""
        pool = {key: max(ZERO, value) for key, value in self.physical.items()}
        result = {}
        open_orders = [o for o in self.orders if o.status == "open"]
        for o in sorted(open_orders, key=lambda o: (o.minute, o.number)):
            need = {sku: q for sku, q in o.lines.items() if sku in STOCKED}
            missing = {
                sku: q - pool.get((o.warehouse, sku), ZERO)
                for sku, q in need.items()
                if q > pool.get((o.warehouse, sku), ZERO)
            }
            if not missing:
                for sku, q in need.items():
                    pool[(o.warehouse, sku)] = pool.get((o.warehouse, sku), ZERO) - q
            result[o.number] = (not missing, missing)
        return result


def refused(run) -> bool:
    try:
        run()
    except DomainError:
        return False
    raise AssertionError("the operation was accepted but the model says it must be refused")


def line_input(sku: str, quantity: Decimal) -> OrderLineInput:
    return OrderLineInput(code=sku, quantity=quantity)


FREE_TEXT = OrderLineInput(name="Szállítás", quantity="1", unit_net="1000", vat="27%")


def apply(model: Model, op: tuple) -> bool:
    """Run `op` and predict it with the model; True if it was accepted."""
    kind = op[0]
    if kind == "create":
        _, warehouse, lines, free_text, minute = op
        inputs = [line_input(sku, q) for sku, q in lines] + ([FREE_TEXT] if free_text else [])

        def run():
            return create_order(
                CUSTOMER,
                inputs,
                warehouse_code=warehouse,
                prefix="R",
                created_at=START + timedelta(minutes=minute),
            )

        ok = (
            bool(inputs)
            and warehouse in WAREHOUSES
            and all(sku != UNKNOWN and q > 0 for sku, q in lines)
        )
        if not ok:
            return refused(run)
        created = run()
        assert created.number == f"R-2026-{len(model.orders) + 1:06d}"  # gapless
        model.orders.append(
            OrderModel(created.number, warehouse, minute, dict(lines), int(free_text))
        )
        return True

    if kind == "edit":
        _, index, removes, sets, add, note = op
        target = model.order(index)
        on_order = list(target.lines) if target and target.lines else [UNKNOWN]
        remove = [on_order[i % len(on_order)] for i in removes]
        set_quantities = {on_order[i % len(on_order)]: q for i, q in sets}
        edit = OrderEdit(
            set_quantities=set_quantities,
            add_lines=[line_input(sku, q) for sku, q in add],
            remove=remove,
            header_note="módosítva" if note else None,
        )
        if target is None:
            return refused(lambda: edit_order(UNKNOWN_ORDER, edit))
        run = lambda: edit_order(target.number, edit)  # noqa: E731
        if target.status != "open":
            return refused(run)
        lines = dict(target.lines)
        for sku in remove:
            if sku not in lines:
                return refused(run)
            del lines[sku]
        for sku, q in set_quantities.items():
            if sku not in lines or q <= 0:
                return refused(run)
            lines[sku] = q
        for sku, q in add:
            if sku == UNKNOWN or q <= 0 or sku in lines:
                return refused(run)
            lines[sku] = q
        if not lines and not target.free_text:
            return refused(run)
        run()
        target.lines = lines
        return True

    if kind in ("cancel", "invoice", "reopen"):
        target = model.order(op[1])
        action = {"cancel": cancel_order, "invoice": mark_invoiced, "reopen": reopen_order}[kind]
        if target is None:
            return refused(lambda: action(UNKNOWN_ORDER))
        allowed_from, to = {
            "cancel": ("open", "cancelled"),
            "invoice": ("open", "invoiced"),
            "reopen": ("invoiced", "open"),
        }[kind]
        if target.status != allowed_from:
            return refused(lambda: action(target.number))
        assert action(target.number).status == to
        target.status = to
        return True

    _, warehouse, sku, quantity, allow_negative = op
    key = (warehouse, sku)
    items = [ItemInput(sku, quantity)]
    if kind == "receive":
        change, run = quantity, lambda: receive_goods(warehouse, items)
        ok = quantity > 0
    elif kind == "adjust":
        change = quantity
        run = lambda: adjust_stock(warehouse, items, allow_negative=allow_negative)  # noqa: E731
        ok = quantity != 0 and (
            allow_negative or quantity > 0 or model.physical[key] + quantity >= 0
        )
    else:
        change, run = -quantity, lambda: create_retail_receipt(warehouse, items)
        ok = quantity > 0 and model.physical[key] - quantity >= 0
    if sku == SERVICE:  # a service may be sold over the counter; it never moves stock
        if kind != "retail" or quantity <= 0:
            return refused(run)
        run()
        return True
    if not ok:
        return refused(run)
    run()
    model.physical[key] += change
    return True


def check(model: Model, warehouse_ids: dict[str, int]) -> None:
    for warehouse in (*WAREHOUSES, None):
        report = {row.sku: row for row in stock_report(warehouse)}
        assert sorted(report) == list(STOCKED)  # the service is never in the stock report
        for sku in STOCKED:
            assert report[sku].reserved == model.reserved(warehouse, sku), (warehouse, sku)
            physical = (
                model.physical[(warehouse, sku)]
                if warehouse
                else sum((model.physical[(w, sku)] for w in WAREHOUSES), ZERO)
            )
            assert report[sku].physical == physical, (warehouse, sku)
            assert report[sku].free == physical - model.reserved(warehouse, sku)

    rows = fulfillability()
    expected = model.verdicts()
    got = {r.order_number: (r.fulfillable, {m.sku: m.quantity for m in r.missing}) for r in rows}
    assert got == expected
    by_number = {o.number: o for o in model.orders}
    assert [r.order_number for r in rows] == sorted(
        expected, key=lambda n: (by_number[n].minute, n)
    )

    # Everything reported fulfillable can be packed at once from the physical stock.
    packed: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        if row.fulfillable:
            order = by_number[row.order_number]
            assert row.warehouse_id == warehouse_ids[order.warehouse]
            for sku, quantity in order.lines.items():
                if sku in STOCKED:
                    packed[(order.warehouse, sku)] += quantity
    for (warehouse, sku), quantity in packed.items():
        assert quantity <= max(ZERO, model.physical[(warehouse, sku)]), (warehouse, sku)

    # One warehouse's list is that warehouse's part of the whole list, verdicts unchanged.
    for warehouse, warehouse_id in warehouse_ids.items():
        part = {r.order_number: (r.fulfillable, r.missing) for r in fulfillability(warehouse_id)}
        assert part == {
            r.order_number: (r.fulfillable, r.missing)
            for r in rows
            if by_number[r.order_number].warehouse == warehouse
        }


def dump(connection: sqlite3.Connection) -> dict[str, list]:
    tables = [
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        )
    ]
    return {t: connection.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}


def fresh_database(folder: Path):
    db = open_database(folder / "orders.db")
    sync_warehouses([WarehouseSettings(code=code, name=code.title()) for code in WAREHOUSES])
    vat = VatRate.get(VatRate.code == "27%")
    for sku in STOCKED:
        Product.create(sku=sku, name=f"Termék {sku}", vat_rate=vat, net_price=Decimal(100))
    Product.create(
        sku=SERVICE, name="Csomagolás", vat_rate=vat, net_price=Decimal(200), is_service=True
    )
    return db


opening_stock = st.dictionaries(
    st.tuples(st.sampled_from(WAREHOUSES), st.sampled_from(STOCKED)),
    st.sampled_from([Decimal(q) for q in ("1", "2", "3", "4", "6", "8", "2.5", "-2")]),
)  # a negative opening is an adjustment with allow_negative (physical below zero)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(opening=opening_stock, ops=st.lists(operations, min_size=8, max_size=40))
def test_random_order_and_stock_sequences(opening, ops):
    with tempfile.TemporaryDirectory(prefix="okos-orders-") as folder:
        db = fresh_database(Path(folder))
        reader = sqlite3.connect(Path(folder) / "orders.db")
        try:
            warehouse_ids = {w.code: w.id for w in Warehouse.select()}
            model = Model()
            for (warehouse, sku), quantity in sorted(opening.items()):
                kind = "receive" if quantity > 0 else "adjust"
                assert apply(model, (kind, warehouse, sku, quantity, True))
            check(model, warehouse_ids)
            for op in ops:
                before = dump(reader)
                if not apply(model, op):
                    assert dump(reader) == before, f"refused {op} changed the database"
                check(model, warehouse_ids)
        finally:
            reader.close()
            db.close()
            database.initialize(None)
