"""Sales orders: numbering, line amounts, services, edits while OPEN, the status lifecycle, and
the reservations the stock report shows. Every refusal leaves the database exactly as it was."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from okos_tui.core import clock
from okos_tui.core.errors import DomainError, InvalidState, InvalidValue, NotFound
from okos_tui.db import Customer, NumberSequence, SalesOrder, SalesOrderLine, SalesOrderStatus
from okos_tui.domain.sales.orders import (
    AddressInput,
    CustomerInput,
    OrderEdit,
    OrderLineInput,
    cancel_order,
    create_order,
    edit_order,
    get_order,
    list_orders,
    mark_invoiced,
    order_totals,
    reopen_order,
)
from okos_tui.domain.stock.documents import ItemInput, receive_goods
from okos_tui.domain.stock.report import stock_report
from okos_tui.i18n import set_language

WHEN = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ANNA = CustomerInput(
    "Kovács Anna",
    email="anna@example.hu",
    phone="+36 30 123 4567",
    tax_number="",
    billing=AddressInput("Kovács Anna", "9021", "Győr", "Baross Gábor út 1.", "HU"),
)


def line(spec: str | OrderLineInput) -> OrderLineInput:
    """'SKU=QTY' or 'SKU=QTY@PRICE' as an order line."""
    if isinstance(spec, OrderLineInput):
        return spec
    code, _, rest = spec.partition("=")
    quantity, at, price = rest.partition("@")
    return OrderLineInput(code=code, quantity=quantity, unit_net=price if at else None)


def service(name: str, quantity: str, unit_net: str, vat: str = "27%") -> OrderLineInput:
    return OrderLineInput(name=name, quantity=quantity, unit_net=unit_net, vat=vat)


def order(*lines, warehouse="MAIN", customer=ANNA, created_at=WHEN, prefix="R", **options):
    return create_order(
        customer,
        [line(spec) for spec in lines],
        warehouse_code=warehouse,
        prefix=prefix,
        created_at=created_at,
        **options,
    )


def order_lines(number: str) -> list[SalesOrderLine]:
    return list(get_order(number).lines.order_by(SalesOrderLine.position))


def amounts(number: str) -> list[tuple]:
    """(sku or name, quantity, unit_net, net, vat, gross) of every line, in position order."""
    return [
        (
            row.product.sku if row.product else row.name,
            row.quantity,
            row.unit_net,
            row.net,
            row.vat,
            row.gross,
        )
        for row in order_lines(number)
    ]


def reserved(warehouse: str | None = None) -> dict[str, Decimal]:
    return {row.sku: row.reserved for row in stock_report(warehouse)}


def refused(db_path, dump, action, error=DomainError) -> DomainError:
    """Run `action`, expecting a DomainError, and check that nothing was written."""
    before = dump(db_path)
    with pytest.raises(error) as caught:
        action()
    assert dump(db_path) == before
    message = str(caught.value)  # renders from the catalogue: a missing key raises here
    assert message and message != caught.value.key
    return caught.value


# --- numbering -------------------------------------------------------------------------------


def test_numbers_are_gapless_per_block_and_year(catalog, db_path, dump):
    first = order("BOG-01=1")
    refused(db_path, dump, lambda: order("BOG-01=1", "NOPE=1"), NotFound)
    refused(db_path, dump, lambda: order("BOG-01=0"), InvalidValue)
    refused(db_path, dump, lambda: order("BOG-01=1", warehouse="BACK"), NotFound)
    second = order("BOG-01=1")
    other_block = order("BOG-01=1", prefix="W")
    third = order("TEA-01=1")
    assert [first.number, second.number, third.number] == [
        "R-2026-000001",
        "R-2026-000002",
        "R-2026-000003",
    ]
    assert other_block.number == "W-2026-000001"
    assert all(re.fullmatch(r"[A-Z]+-\d{4}-\d{6}", o.number) for o in SalesOrder.select())
    sequences = {(s.prefix, s.year): s.last_number for s in NumberSequence.select()}
    assert sequences[("R", 2026)] == 3 and sequences[("W", 2026)] == 1


@pytest.mark.parametrize(
    "moment, number",
    [
        (datetime(2026, 12, 31, 22, 59, 59, tzinfo=UTC), "R-2026-000001"),  # 23:59:59 local
        (datetime(2026, 12, 31, 23, 30, tzinfo=UTC), "R-2027-000001"),  # 00:30 on 1 January
        (datetime(2027, 6, 30, 22, 30, tzinfo=UTC), "R-2027-000001"),  # summer time, +02:00
        (datetime(2027, 12, 31, 23, 0, tzinfo=UTC), "R-2028-000001"),  # exactly midnight local
    ],
)
def test_the_year_is_the_budapest_year_of_creation(catalog, moment, number):
    assert order("BOG-01=1", created_at=moment).number == number


def test_the_year_comes_from_the_clock_when_no_time_is_given(catalog, monkeypatch):
    new_year = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    order("BOG-01=1", created_at=datetime(2026, 12, 31, 12, 0, tzinfo=UTC))
    monkeypatch.setattr(clock, "now", lambda: new_year)
    created = order("BOG-01=1", created_at=None)
    assert created.number == "R-2027-000001"
    assert get_order(created.number).created_at == new_year
    # back in the old year, its own sequence continues where it was
    assert order("BOG-01=1", created_at=datetime(2026, 6, 1, tzinfo=UTC)).number == (
        "R-2026-000002"
    )


# --- amounts ---------------------------------------------------------------------------------


def test_line_amounts_are_rounded_per_line_to_whole_forints(catalog):
    created = order(
        "BOG-01=3",  # list price 1000, 27%
        "TEA-01=3",  # list price 952.38, 5%: 2857.14 -> 2857
        "LIS-01=1.255@800",  # 1004, 5%: 50.2 -> 50
        service("Csomagolás", "1", "12.5"),  # half rounds up: 13; VAT 3.51 -> 4
        service("Díj", "1", "9.6", "5%"),  # VAT from the rounded net: 10 * 5% = 0.5 -> 1
        service("Kupon", "1", "-12.5"),  # a discount: half away from zero, -13; VAT -4
    )
    assert amounts(created.number) == [
        ("BOG-01", 3, 1000, 3000, 810, 3810),
        ("TEA-01", 3, Decimal("952.38"), 2857, 143, 3000),
        ("LIS-01", Decimal("1.255"), 800, 1004, 50, 1054),
        ("Csomagolás", 1, Decimal("12.5"), 13, 4, 17),
        ("Díj", 1, Decimal("9.6"), 10, 1, 11),
        ("Kupon", 1, Decimal("-12.5"), -13, -4, -17),
    ]
    totals = order_totals(created)
    assert (totals.net, totals.vat, totals.gross) == (6871, 1004, 7875)
    assert totals.gross == totals.net + totals.vat
    assert [r.vat_rate.code for r in order_lines(created.number)] == [
        "27%",
        "5%",
        "5%",
        "27%",
        "5%",
        "27%",
    ]


def test_amounts_in_euro_keep_two_decimals(catalog):
    created = order("BOG-01=3@1.2345", currency="EUR")  # 3.7035 -> 3.70; VAT 0.999 -> 1.00
    assert amounts(created.number) == [
        ("BOG-01", 3, Decimal("1.2345"), Decimal("3.70"), Decimal("1.00"), Decimal("4.70"))
    ]
    assert order_totals(created).gross == Decimal("4.70")


def test_list_orders_sums_gross_and_filters_by_status(catalog):
    old = order("BOG-01=1", created_at=datetime(2026, 1, 1, 9, tzinfo=UTC))  # 1270
    new = order("TEA-01=3", created_at=datetime(2026, 2, 1, 9, tzinfo=UTC))  # 3000
    cancelled = order("BOG-01=2", created_at=datetime(2026, 1, 15, 9, tzinfo=UTC))
    cancel_order(cancelled.number)
    listed = list_orders()
    assert [o.number for o in listed] == [new.number, cancelled.number, old.number]
    assert {o.number: o.gross_total for o in listed} == {
        new.number: 3000,
        cancelled.number: 2540,
        old.number: 1270,
    }
    assert [o.number for o in list_orders(SalesOrderStatus.OPEN)] == [new.number, old.number]
    assert [o.number for o in list_orders(SalesOrderStatus.CANCELLED)] == [cancelled.number]
    assert list_orders(SalesOrderStatus.INVOICED) == []


def test_the_order_keeps_its_own_copy_of_the_customer(catalog):
    delivery = AddressInput("Kovács Béla", "1111", "Budapest", "Fő utca 2.", "HU")
    with_delivery = CustomerInput(
        "Kovács Anna", email="anna@example.hu", tax_number="12345676-1-08",
        billing=ANNA.billing, delivery=delivery,
    )  # fmt: skip
    first = get_order(order("BOG-01=1").number)
    second = get_order(order("BOG-01=1", customer=with_delivery).number)
    assert (first.customer_name, first.email, first.phone) == (
        "Kovács Anna",
        "anna@example.hu",
        "+36 30 123 4567",
    )
    assert (first.delivery_city, first.delivery_street) == ("Győr", "Baross Gábor út 1.")
    assert (second.billing_city, second.delivery_city) == ("Győr", "Budapest")
    assert (second.delivery_name, second.tax_number) == ("Kovács Béla", "12345676-1-08")
    # a guest is matched by name and e-mail: the same customer record, updated
    assert first.customer_id == second.customer_id
    assert Customer.get_by_id(first.customer_id).tax_number == "12345676-1-08"
    assert get_order(first.number).tax_number == ""  # the first order's copy is unchanged
    other = order("BOG-01=1", customer=CustomerInput("Kovács Anna", email="masik@example.hu"))
    assert get_order(other.number).customer_id != first.customer_id


def test_free_text_keeps_brackets_and_accents_but_not_control_characters(catalog):
    customer = CustomerInput("[bold]Őze\x1b[31m Űrsula[/]\x00", email="")
    created = order("BOG-01=1", customer=customer, header_note="Rendelés #12\tsürgős")
    stored = get_order(created.number)
    assert stored.customer_name == "[bold]Őze[31m Űrsula[/]"
    assert stored.header_note == "Rendelés #12\tsürgős"


# --- services --------------------------------------------------------------------------------


def test_services_never_reserve_stock(catalog):
    created = order("BOG-01=2", "SZALL=1", service("Csomagolás", "1", "300"), warehouse="SHOP")
    assert [(r.is_service, r.product_id is None) for r in order_lines(created.number)] == [
        (False, False),
        (True, False),
        (True, True),
    ]
    for warehouse in ("SHOP", None):
        assert reserved(warehouse) == {"BOG-01": 2, "LIS-01": 0, "TEA-01": 0}
    assert reserved("MAIN") == {"BOG-01": 0, "LIS-01": 0, "TEA-01": 0}


def test_an_order_of_services_only_is_allowed_and_reserves_nothing(catalog):
    created = order("SZALL=1", service("Utánvét kezelési díj", "1", "390"))
    assert order_totals(created).gross == 1905 + 495
    assert set(reserved().values()) == {0}


# --- editing ---------------------------------------------------------------------------------


def test_edit_changes_quantities_prices_lines_and_notes_at_once(catalog):
    created = order("BOG-01=2", "TEA-01=1", header_note="régi", internal_note="belső")
    before = get_order(created.number).updated_at
    edited = edit_order(
        created.number,
        OrderEdit(
            set_quantities={"BOG-01": "5"},
            set_prices={"TEA-01": "1000"},
            add_lines=[line("LIS-01=0,5"), service("Csomagolás", "1", "200")],
            header_note="új",
            internal_note="",
        ),
    )
    assert edited.number == created.number
    assert amounts(created.number) == [
        ("BOG-01", 5, 1000, 5000, 1350, 6350),
        ("TEA-01", 1, 1000, 1000, 50, 1050),
        ("LIS-01", Decimal("0.5"), 800, 400, 20, 420),
        ("Csomagolás", 1, 200, 200, 54, 254),
    ]
    assert [r.position for r in order_lines(created.number)] == [1, 2, 3, 4]
    stored = get_order(created.number)
    assert (stored.header_note, stored.internal_note) == ("új", "")
    assert stored.updated_at >= before
    assert order_totals(stored).gross == 6350 + 1050 + 420 + 254
    assert reserved("MAIN") == {"BOG-01": 5, "LIS-01": Decimal("0.5"), "TEA-01": 1}


def test_edit_removes_lines_and_sets_quantity_and_price_of_one_line(catalog):
    created = order("BOG-01=2", "TEA-01=1", "LIS-01=1")
    edit_order(
        created.number,
        OrderEdit(
            remove=["TEA-01"],
            set_quantities={"5998877100035": "3"},  # BOG-01 by its GTIN, as a scanner types it
            set_prices={"BOG-01": "1500"},
        ),
    )
    assert amounts(created.number) == [
        ("BOG-01", 3, 1500, 4500, 1215, 5715),
        ("LIS-01", 1, 800, 800, 40, 840),
    ]
    assert reserved("MAIN") == {"BOG-01": 3, "LIS-01": 1, "TEA-01": 0}
    # a removed product can be added again, at the next position
    edit_order(created.number, OrderEdit(add_lines=[line("TEA-01=2")]))
    assert [(r.product.sku, r.position) for r in order_lines(created.number)] == [
        ("BOG-01", 1),
        ("LIS-01", 3),
        ("TEA-01", 4),
    ]


def test_notes_alone_can_be_edited(catalog):
    created = order("BOG-01=1", header_note="a", internal_note="b")
    edit_order(created.number, OrderEdit(internal_note="Délelőtt hívja"))
    stored = get_order(created.number)
    assert (stored.header_note, stored.internal_note) == ("a", "Délelőtt hívja")
    assert amounts(created.number) == [("BOG-01", 1, 1000, 1000, 270, 1270)]


BAD_EDITS = {
    "unknown product added after a good change": (
        OrderEdit(set_quantities={"BOG-01": "5"}, add_lines=[line("NOPE=1")]),
        NotFound,
        "NOPE",
    ),
    "zero quantity": (OrderEdit(set_quantities={"BOG-01": "0"}), InvalidValue, "BOG-01"),
    "negative quantity": (OrderEdit(set_quantities={"BOG-01": "-1"}), InvalidValue, "BOG-01"),
    "zero quantity on an added line": (
        OrderEdit(set_prices={"BOG-01": "2000"}, add_lines=[line("LIS-01=0")]),
        InvalidValue,
        "LIS-01",
    ),
    "quantity of a product not on the order": (
        OrderEdit(set_quantities={"LIS-01": "1"}),
        InvalidValue,
        "LIS-01",
    ),
    "removing a product not on the order": (
        OrderEdit(remove=["BOG-01", "LIS-01"]),
        InvalidValue,
        "LIS-01",
    ),
    "removing every line": (OrderEdit(remove=["BOG-01", "TEA-01"]), InvalidValue, "cancel"),
    "adding a product already on the order": (
        OrderEdit(add_lines=[line("TEA-01=1")]),
        InvalidValue,
        "TEA-01",
    ),
    "adding one product twice": (
        OrderEdit(add_lines=[line("LIS-01=1"), line("LIS-01=2")]),
        InvalidValue,
        "LIS-01",
    ),
    "a price that is not a number after a removal": (
        OrderEdit(remove=["BOG-01"], set_prices={"TEA-01": "sok"}),
        InvalidValue,
        "sok",
    ),
    "a price with five decimals": (
        OrderEdit(set_prices={"TEA-01": "1.23456"}),
        InvalidValue,
        "1.23456",
    ),
    "a quantity with four decimals": (
        OrderEdit(set_quantities={"TEA-01": "1.0005"}),
        InvalidValue,
        "1.0005",
    ),
    "a service line without a price": (
        OrderEdit(add_lines=[OrderLineInput(name="Díj", quantity="1")]),
        InvalidValue,
        "Díj",
    ),
    "a note of a megabyte": (
        OrderEdit(set_quantities={"BOG-01": "4"}, header_note="x" * 1_000_000),
        InvalidValue,
        "header_note",
    ),
}


@pytest.mark.parametrize("edit, error, mentioned", BAD_EDITS.values(), ids=BAD_EDITS)
def test_a_bad_edit_changes_nothing(catalog, db_path, dump, edit, error, mentioned):
    set_language("en")
    created = order("BOG-01=2", "TEA-01=1")
    refused_error = refused(db_path, dump, lambda: edit_order(created.number, edit), error)
    assert mentioned in str(refused_error)


# --- lifecycle -------------------------------------------------------------------------------


def test_open_invoiced_open_cancelled_and_the_reservation_follows(catalog):
    receive_goods("MAIN", [ItemInput("BOG-01", "10")])
    created = order("BOG-01=4")
    assert created.status == SalesOrderStatus.OPEN
    assert reserved("MAIN")["BOG-01"] == 4

    invoiced = mark_invoiced(created.number)
    assert invoiced.status == get_order(created.number).status == SalesOrderStatus.INVOICED
    assert reserved("MAIN")["BOG-01"] == 0

    reopened = reopen_order(created.number)
    assert reopened.status == get_order(created.number).status == SalesOrderStatus.OPEN
    assert reserved("MAIN")["BOG-01"] == 4
    edit_order(created.number, OrderEdit(set_quantities={"BOG-01": "6"}))  # editable again
    assert reserved("MAIN")["BOG-01"] == 6

    cancelled = cancel_order(created.number)
    assert cancelled.status == get_order(created.number).status == SalesOrderStatus.CANCELLED
    assert reserved("MAIN")["BOG-01"] == 0
    row = next(r for r in stock_report("MAIN") if r.sku == "BOG-01")
    assert (row.physical, row.reserved, row.free) == (10, 0, 10)


def test_reserved_and_free_per_warehouse_and_in_total(catalog):
    receive_goods("MAIN", [ItemInput("BOG-01", "3")])
    receive_goods("SHOP", [ItemInput("BOG-01", "1")])
    order("BOG-01=2", warehouse="MAIN")
    order("BOG-01=1.5@1000", warehouse="MAIN")
    order("BOG-01=4", warehouse="SHOP")
    mark_invoiced(order("BOG-01=100", warehouse="MAIN").number)
    cancel_order(order("BOG-01=100", warehouse="SHOP").number)
    rows = {(code, r.sku): r for code in ("MAIN", "SHOP", None) for r in stock_report(code)}
    main, shop, total = rows["MAIN", "BOG-01"], rows["SHOP", "BOG-01"], rows[None, "BOG-01"]
    assert (main.physical, main.reserved, main.free) == (3, Decimal("3.5"), Decimal("-0.5"))
    assert (shop.physical, shop.reserved, shop.free) == (1, 4, -3)
    assert (total.physical, total.reserved, total.free) == (4, Decimal("7.5"), Decimal("-3.5"))


STATE_ERRORS = [
    ("cancelled", "edit", InvalidState),
    ("cancelled", "cancel", InvalidState),
    ("cancelled", "invoice", InvalidState),
    ("cancelled", "reopen", InvalidState),
    ("invoiced", "edit", InvalidState),
    ("invoiced", "cancel", InvalidState),
    ("invoiced", "invoice", InvalidState),
    ("open", "reopen", InvalidState),
    ("unknown", "edit", NotFound),
    ("unknown", "cancel", NotFound),
    ("unknown", "invoice", NotFound),
    ("unknown", "reopen", NotFound),
]
OPERATIONS = {
    "edit": lambda number: edit_order(number, OrderEdit(set_quantities={"BOG-01": "1"})),
    "cancel": cancel_order,
    "invoice": mark_invoiced,
    "reopen": reopen_order,
}


@pytest.mark.parametrize("state, operation, error", STATE_ERRORS)
def test_operations_the_status_does_not_allow_change_nothing(
    catalog, db_path, dump, state, operation, error
):
    set_language("en")
    created = order("BOG-01=2")
    order("TEA-01=1")  # a bystander that must stay as it is
    number = created.number
    if state == "cancelled":
        cancel_order(number)
    elif state == "invoiced":
        mark_invoiced(number)
    elif state == "unknown":
        number = "R-2026-999999"
    refused_error = refused(db_path, dump, lambda: OPERATIONS[operation](number), error)
    assert number in str(refused_error)
    if state in ("cancelled", "invoiced"):
        assert state in str(refused_error).lower()  # the status is worded, e.g. "Cancelled"


def test_cancelling_twice_is_refused_with_a_clear_message(catalog, db_path, dump):
    set_language("en")
    created = order("BOG-01=1")
    cancel_order(created.number)
    error = refused(db_path, dump, lambda: cancel_order(created.number), InvalidState)
    assert str(error) == f"order {created.number} is not open (status: Cancelled)"


BAD_CREATES = {
    "unknown product": (dict(lines=["BOG-01=1", "NOPE=1"]), NotFound, "NOPE"),
    "unknown warehouse": (dict(lines=["BOG-01=1"], warehouse="BACK"), NotFound, "BACK"),
    "zero quantity": (dict(lines=["BOG-01=1", "TEA-01=0"]), InvalidValue, "TEA-01"),
    "negative quantity": (dict(lines=["BOG-01=-2"]), InvalidValue, "BOG-01"),
    "zero quantity of a service": (
        dict(lines=[service("Díj", "0", "100")]),
        InvalidValue,
        "Díj",
    ),
    "too precise quantity": (dict(lines=["LIS-01=1.0005"]), InvalidValue, "1.0005"),
    "not a number": (dict(lines=["BOG-01=sok"]), InvalidValue, "sok"),
    "no lines": (dict(lines=[]), InvalidValue, "lines"),
    "no customer name": (
        dict(lines=["BOG-01=1"], customer=CustomerInput("  ")),
        InvalidValue,
        "customer",
    ),
    "unknown VAT rate": (dict(lines=[service("Díj", "1", "100", "99%")]), NotFound, "99%"),
    "service line without price": (
        dict(lines=[OrderLineInput(name="Díj", quantity="1")]),
        InvalidValue,
        "Díj",
    ),
    "a note too long, after the customer and methods were written": (
        dict(
            lines=["BOG-01=1"],
            customer=CustomerInput("Új Vevő", email="uj@example.hu"),
            payment_method="Új fizetési mód",
            shipping_method="Új szállítási mód",
            header_note="x" * 5000,
        ),
        InvalidValue,
        "header_note",
    ),
}


@pytest.mark.parametrize("arguments, error, mentioned", BAD_CREATES.values(), ids=BAD_CREATES)
def test_a_refused_order_writes_nothing(catalog, db_path, dump, arguments, error, mentioned):
    set_language("en")
    order("BOG-01=1")  # the sequence exists; a refused order must not advance it
    arguments = dict(arguments)
    specs = arguments.pop("lines")
    refused_error = refused(db_path, dump, lambda: order(*specs, **arguments), error)
    assert mentioned in str(refused_error)
    assert order("BOG-01=1").number == "R-2026-000002"


def test_payment_and_shipping_methods_are_matched_by_name_or_created(catalog):
    first = order("BOG-01=1", payment_method="Utánvét", shipping_method="GLS futár")
    second = order("BOG-01=1", payment_method="Utánvét", shipping_method="GLS futár")
    a, b = get_order(first.number), get_order(second.number)
    assert a.payment_method.name == "Utánvét" and a.payment_method.code == "COD"
    assert (a.payment_method_id, a.shipping_method_id) == (
        b.payment_method_id,
        b.shipping_method_id,
    )
