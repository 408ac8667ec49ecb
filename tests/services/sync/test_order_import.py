"""Order import rules, end to end: the emulated shop on 127.0.0.1, a real okos.toml and SQLite
file, one sync cycle through the real client. Every expectation is computed from the shop's own
JSON for the order, not from the importer's code."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from okos_tui.config import Config
from okos_tui.core.notices import load_notices, render_all
from okos_tui.db import (
    Customer,
    PaymentMethod,
    Product,
    SalesOrder,
    SalesOrderLine,
    ShippingMethod,
    ShopState,
    SkippedShopOrder,
    SyncLog,
    VatRate,
    database,
)
from okos_tui.fakeshop import FakeShop, catalog
from okos_tui.services.sync.events import SyncResult

from .import_helpers import (
    ORDER_FIXTURE,
    PREFIX,
    SECRET_ENV,
    SEED_NOW,
    RawShop,
    add_tables,
    fake_shop_table,
    gross_of,
    importable_ids,
    lines_of,
    local,
    mock_shop_table,
    open_config,
    raw_orders,
    shop_settings,
    shop_total,
    sync,
    whole,
    write_config,
)

NUMBER = re.compile(rf"^{PREFIX}-2025-(\d{{6}})$")
HUNDRED = Decimal(100)


@pytest.fixture
def shop() -> Iterator[FakeShop]:
    """A smaller shop than the shared one: a dozen orders, a cart and a cancelled one among them."""
    with FakeShop(shop_settings(seed_orders=12)) as running:
        yield running


@pytest.fixture
def config(config_file: Path, shop: FakeShop, monkeypatch: pytest.MonkeyPatch) -> Config:
    monkeypatch.setenv(SECRET_ENV, shop.settings.client_secret)
    add_tables(config_file, fake_shop_table(shop))
    return open_config(config_file)


@dataclass
class Seeded:
    config_file: Path
    result: SyncResult
    expected: list[int]
    orders: dict[int, dict]  # the shop's JSON of every order the sync should have brought


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    """The seeded shop synced once into one database that the read-only tests below share."""
    folder = tmp_path_factory.mktemp("seeded")
    config_file = write_config(folder)
    with pytest.MonkeyPatch.context() as patch, FakeShop(shop_settings()) as running:
        patch.setenv(SECRET_ENV, running.settings.client_secret)
        config = open_config(add_tables(config_file, fake_shop_table(running)))
        result = sync(config)
        expected = importable_ids(running)
        orders = {inner_id: running.order(inner_id) for inner_id in expected}
        database.obj.close()
        yield Seeded(config_file, result, expected, orders)


@pytest.fixture
def synced(seeded: Seeded, monkeypatch: pytest.MonkeyPatch) -> dict[int, dict]:
    """The shared database opened again (nothing in these tests talks to the shop)."""
    monkeypatch.setenv(SECRET_ENV, "demo-secret")
    open_config(seeded.config_file)
    assert seeded.result.ok, seeded.result.error
    assert seeded.result.skipped == [] and seeded.result.warnings == []
    return seeded.orders


def items_of(raw: dict) -> list[dict]:
    return raw["orderProducts"]


def totals_of(raw: dict, kind: str) -> list[Decimal]:
    return [Decimal(t["value"]) for t in raw["orderTotals"] if t["type"] == kind]


# every order, once, open, numbered ------------------------------------------------------------


def test_every_importable_order_is_imported_once_open_and_numbered_without_gaps(seeded, synced):
    expected, result = seeded.expected, seeded.result
    assert len(expected) >= 30  # the seed leaves out only cancelled orders and the cart
    orders = list(SalesOrder.select().order_by(SalesOrder.number))
    assert [o.shop_order_id for o in orders] == expected  # numbered in the shop's order
    assert len(result.imported) == len(expected)
    assert {o.status for o in orders} == {"open"}
    assert {o.shop for o in orders} == {"webshop"}
    assert {o.warehouse.code for o in orders} == {"MAIN"}
    sequence = [int(NUMBER.match(o.number).group(1)) for o in orders]
    assert sequence == list(range(1, len(expected) + 1))
    assert sorted(result.imported) == [o.number for o in orders]
    state = ShopState.get(ShopState.shop == "webshop")
    assert state.next_inner_id == max(expected) + 1
    log = SyncLog.get()
    assert (log.shop, log.status, log.orders_imported) == ("webshop", "ok", len(expected))
    assert (log.orders_skipped, log.orders_flagged, log.warnings, log.errors) == (0, 0, "", "")


def test_abandoned_carts_and_orders_cancelled_before_download_are_left_out(shop, config):
    with shop.state.lock:
        carts = [i for i, o in shop.state.orders.items() if o.status_id is None]
        cancelled = [i for i, o in shop.state.orders.items() if o.status_id == 7]
    assert carts and cancelled

    sync(config)

    imported = {o.shop_order_id for o in SalesOrder.select()}
    assert imported == set(importable_ids(shop))
    assert not imported & set(carts + cancelled)


def test_header_note_internal_note_and_shop_fields(synced):
    for inner_id, raw in synced.items():
        order = local(inner_id)
        assert order.shop_order_id == int(raw["innerId"])  # the shop's number, as a fact
        assert order.header_note == ""  # not a sentence worded in the UI's language
        assert order.internal_note == raw["comment"].strip()
        assert order.shop_total == shop_total(raw)
        assert order.shop_updated_at == raw["dateUpdated"]
        assert order.review_note == ""
        assert order.payment_method.name == raw["paymentMethodName"]
        assert order.shipping_method.name == raw["shippingMethodLocalizedName"]
        assert order.billing_country_code == raw["paymentCountry"]["isoCode2"]
        assert order.delivery_country_code == raw["shippingCountry"]["isoCode2"]
        assert order.exchange_rate is None  # HUF
        assert order.paid_on is None  # no paid_statuses in this okos.toml
    assert any(raw["comment"] for raw in synced.values())


# money ----------------------------------------------------------------------------------------


def test_local_gross_equals_the_shops_total_row_for_every_order(synced):
    kinds = Counter()
    for inner_id, raw in synced.items():
        order = local(inner_id)
        assert gross_of(order) == shop_total(raw), inner_id
        kinds.update(t["type"] for t in raw["orderTotals"] if Decimal(t["value"]))
        kinds.update(a["type"] for a in raw["orderProductAddons"])
    # the sample covers every kind of amount the rules name
    for kind in ("COUPON", "DEPOSIT_FEE", "SHIPPING", "PAYMENT", "LOYALTYPOINTS_TO_USE"):
        assert kinds[kind], kind
    assert kinds["LOYALTYPOINTS_TO_GET"]


def test_item_lines_take_the_shops_gross_and_quantity_from_the_four_counters(synced):
    split_seen = False
    for inner_id, raw in synced.items():
        by_sku = {line.product.sku: line for line in lines_of(local(inner_id)) if line.product}
        for item in items_of(raw):
            quantity = sum(Decimal(item[f"stock{n}"]) for n in (1, 2, 3, 4))
            split_seen |= Decimal(item["stock2"]) > 0 and Decimal(item["stock1"]) > 0
            rate = Decimal(item["taxRate"])
            gross = whole(Decimal(item["grossPrice"]) * quantity)
            net = whole(gross / (1 + rate / HUNDRED))
            line = by_sku[item["sku"]]
            assert line.quantity == quantity, (inner_id, item["sku"])
            assert (line.gross, line.net, line.vat) == (gross, net, gross - net)
            assert line.unit_net == Decimal(item["price"])
            assert line.vat_rate.rate == rate
            assert line.vat_rate.code == f"{rate.normalize():f}%"
            assert line.name == item["name"]
            assert not line.is_service
    assert split_seen, "no order took its quantity from two stock counters"


def test_shipping_payment_deposit_coupon_and_points_become_service_lines(synced):
    checked = Counter()
    for inner_id, raw in synced.items():
        lines = lines_of(local(inner_id))
        services = [line for line in lines if line.is_service]
        for kind, tax_key in (
            ("SHIPPING", "shippingMethodTaxRate"),
            ("PAYMENT", "paymentMethodTaxRate"),
        ):
            for value in totals_of(raw, kind):
                if not value:
                    continue
                rate = Decimal(raw[tax_key])
                matching = [s for s in services if s.gross == value and s.vat_rate.rate == rate]
                assert matching, (inner_id, kind)
                checked[kind] += 1
        goods_rates = {line.vat_rate.rate for line in lines if not line.is_service}
        for kind, tax_key, code in (
            ("COUPON", "couponTaxRate", "coupon"),
            ("LOYALTYPOINTS_TO_USE", "loyaltyPointsTaxRate", "loyalty"),
        ):
            for value in totals_of(raw, kind):
                if not value:
                    continue
                assert Decimal(raw[tax_key]) == 27  # the emulated shop names the rate...
                # ...and coupon_vat = "pro_rata" (the default) spreads it over the goods' rates
                # (a free-shipping coupon: the delivery fee's rate)
                parts = [s for s in services if s.product.service_code == code]
                assert parts and all(part.gross < 0 for part in parts), (inner_id, kind)
                assert sum(part.gross for part in parts) == -abs(value), (inner_id, kind)
                allowed = set(goods_rates)
                if kind == "COUPON" and raw["coupon"]["freeShipping"] == "1":
                    allowed = {Decimal(raw["shippingMethodTaxRate"])}
                assert {part.vat_rate.rate for part in parts} <= allowed, (inner_id, kind)
                checked[kind] += 1
        for addon in raw["orderProductAddons"]:
            rate = Decimal(addon["taxRate"])
            gross = whole(Decimal(addon["price"]) * Decimal(addon["quantity"]) * (1 + rate / 100))
            matching = [s for s in services if s.name == addon["name"]]
            assert matching and matching[0].quantity == Decimal(addon["quantity"])
            assert matching[0].gross == gross and matching[0].vat_rate.rate == rate
            checked["addon"] += 1
        earned = totals_of(raw, "LOYALTYPOINTS_TO_GET")
        if earned:  # points earned are not money: no line of that amount or name
            names = {
                t["name"].rstrip(":")
                for t in raw["orderTotals"]
                if t["type"] == "LOYALTYPOINTS_TO_GET"
            }
            assert not any(line.name in names for line in lines)
            checked["earned"] += 1
    assert all(
        checked[k]
        for k in ("SHIPPING", "PAYMENT", "COUPON", "LOYALTYPOINTS_TO_USE", "addon", "earned")
    )


# master records -------------------------------------------------------------------------------


def test_registered_customers_are_one_record_per_shop_customer_id(shop, synced):
    registered = Counter()
    for inner_id, raw in synced.items():
        link = raw["customer"]
        if link:
            customer_id = link["href"].rsplit("/", 1)[1]
            registered[customer_id] += 1
            assert local(inner_id).customer.shop_customer_id == customer_id
            assert local(inner_id).customer.shop == "webshop"
    assert max(registered.values()) > 1  # someone ordered more than once
    assert Customer.select().where(Customer.shop_customer_id.is_null(False)).count() == len(
        registered
    )
    for customer_id, count in registered.items():
        record = Customer.get(Customer.shop_customer_id == customer_id)
        assert SalesOrder.select().where(SalesOrder.customer == record).count() == count


def test_guests_are_matched_by_name_and_email(shop, config):
    sync(config)
    before = Customer.select().count()
    guest = shop.guest(
        "Próba",
        "Gáspár",
        email="gaspar@example.com",
        company="Próba Bt.",
        tax_number="12345676-1-41",
    )
    same_name_other_mail = shop.guest("Próba", "Gáspár", email="masik@example.com")
    first = shop.place_order({shop.skus[1]: 1}, customer=guest)
    second = shop.place_order({shop.skus[2]: 1}, customer=guest)
    third = shop.place_order({shop.skus[3]: 1}, customer=same_name_other_mail)
    registered = shop.place_order({shop.skus[4]: 1}, customer=101)

    result = sync(config)

    assert len(result.imported) == 4
    assert local(first).customer_id == local(second).customer_id
    assert local(third).customer_id != local(first).customer_id
    assert Customer.select().count() == before + 2  # the registered buyer was known already
    record = local(first).customer
    assert (record.name, record.email, record.tax_number) == (
        "Próba Gáspár",
        "gaspar@example.com",
        "12345676-1-41",
    )
    assert record.shop_customer_id is None
    assert (record.billing_name, record.billing_city) == ("Próba Bt.", "Budapest")
    assert local(registered).customer.shop_customer_id is not None


def test_customer_record_keeps_the_delivery_address(shop, config):
    buyer = shop.guest("Szállító", "Szilvia", email="szilvia@example.com")
    other = shop.guest("Címzett", "Cecília", postcode="6720", city="Szeged", address1="Dóm tér 1.")
    inner_id = shop.place_order({shop.skus[1]: 1}, customer=buyer, shipping_address=other.address)

    sync(config)

    order = local(inner_id)
    assert (order.delivery_city, order.delivery_street) == ("Szeged", "Dóm tér 1.")
    record = order.customer
    assert (record.billing_city, record.delivery_city) == ("Budapest", "Szeged")
    assert (record.delivery_postcode, record.delivery_street) == ("6720", "Dóm tér 1.")


def test_unknown_skus_become_products_and_known_ones_are_used_as_they_are(shop, config):
    sku = shop.skus[0]
    known = Product.create(
        sku=sku, name="Helyi név", vat_rate=VatRate.get(VatRate.code == "27%"), net_price=Decimal(1)
    )
    inner_id = shop.place_order({sku: 1, shop.skus[5]: 2})

    sync(config)

    assert Product.get(Product.sku == sku).name == "Helyi név"  # not overwritten
    assert Product.get(Product.sku == sku).net_price == Decimal(1)
    assert Product.select().where(Product.sku == sku).count() == 1
    line = next(x for x in lines_of(local(inner_id)) if x.product_id == known.id)
    raw_item = next(i for i in items_of(shop.order(inner_id)) if i["sku"] == sku)
    assert line.name == raw_item["name"]
    created = Product.get(Product.sku == shop.skus[5])
    raw_item = next(i for i in items_of(shop.order(inner_id)) if i["sku"] == shop.skus[5])
    assert created.name == raw_item["name"]
    assert created.net_price == Decimal(raw_item["price"])
    assert created.vat_rate.rate == Decimal(raw_item["taxRate"])
    assert not created.is_service
    skus = {i["sku"] for o in importable_ids(shop) for i in items_of(shop.order(o))}
    assert skus <= {p.sku for p in Product.select()}


def test_service_items_and_methods_are_created_once_and_reused(synced):
    services = [p for p in Product.select() if p.is_service]
    names = Counter(p.name for p in services)
    assert names and max(names.values()) == 1
    assert len(services) <= 6  # shipping, handling fee, coupon, points, deposit (+ a VAT split)
    used = Counter(
        line.product_id for line in SalesOrderLine.select().where(SalesOrderLine.is_service)
    )
    assert max(used.values()) > 1
    # one record per method name, the orders pointing at it (the payment methods table comes
    # with a few of its own, "Utánvét" among them)
    for inner_id, raw in synced.items():
        order = local(inner_id)
        payment = PaymentMethod.select().where(PaymentMethod.name == raw["paymentMethodName"])
        assert [m.id for m in payment] == [order.payment_method_id]
        name = raw["shippingMethodLocalizedName"]
        shipping = ShippingMethod.select().where(ShippingMethod.name == name)
        assert [m.id for m in shipping] == [order.shipping_method_id]
    shipping_names = {raw["shippingMethodLocalizedName"] for raw in synced.values()}
    assert sorted(m.name for m in ShippingMethod.select()) == sorted(shipping_names)


def test_services_already_there_are_found_by_name_on_the_next_sync(shop, config):
    sync(config)
    products = Product.select().count()
    shop.place_order({shop.skus[1]: 1}, shipping="gls", payment="cod")
    result = sync(config)
    assert len(result.imported) == 1
    assert Product.select().count() == products


# which orders ----------------------------------------------------------------------------------


def test_orders_below_first_order_id_are_never_imported(shop, config_file, monkeypatch):
    monkeypatch.setenv(SECRET_ENV, shop.settings.client_secret)
    first = importable_ids(shop)[5]
    config = open_config(add_tables(config_file, fake_shop_table(shop, first_order_id=first)))

    sync(config)
    old = importable_ids(shop)[2]
    shop.update_order_status(old, 2)  # a change the updatedAtMin poll sees
    result = sync(config)

    ids = sorted(o.shop_order_id for o in SalesOrder.select())
    assert ids == [i for i in importable_ids(shop) if i >= first]
    assert result.imported == [] and result.flagged == []
    numbers = sorted(o.number for o in SalesOrder.select())
    assert numbers[0] == f"{PREFIX}-2025-000001"


def test_two_shops_number_their_orders_in_their_own_blocks(shop, config_file, monkeypatch):
    monkeypatch.setenv(SECRET_ENV, shop.settings.client_secret)
    with FakeShop(shop_settings(seed=7, seed_orders=6)) as other:
        add_tables(
            config_file,
            fake_shop_table(shop),
            fake_shop_table(other, name="teszt", prefix="TST"),
        )
        config = open_config(config_file)
        sync(config)
        sync(config, "teszt")
        teszt = sorted(o.number for o in SalesOrder.select().where(SalesOrder.shop == "teszt"))
    assert teszt == [f"TST-2025-{n:06d}" for n in range(1, len(importable_ids(other)) + 1)]
    web = SalesOrder.select().where(SalesOrder.shop == "webshop").count()
    assert web == len(importable_ids(shop))


# reconciliation -------------------------------------------------------------------------------


def test_an_order_whose_total_does_not_add_up_is_imported_but_flagged(shop, config):
    inner_id = shop.place_order({shop.skus[1]: 2})
    with shop.state.lock:  # the shop's TOTAL row says 7 Ft more than its own rows
        total = next(t for t in shop.state.orders[inner_id].totals if t.type == "TOTAL")
        total.value += 7
    raw = shop.order(inner_id)

    result = sync(config)

    order = local(inner_id)
    assert order.status == "open"
    assert gross_of(order) == shop_total(raw) - 7
    assert order.shop_total == shop_total(raw)
    (review,) = load_notices(order.review_note)
    assert "-7" in str(review)
    assert str(inner_id) in str(review)
    assert review in result.warnings
    log = SyncLog.select().order_by(SyncLog.id.desc()).first()
    assert str(review) in render_all(load_notices(log.warnings))
    assert log.status == "ok"
    others = SalesOrder.select().where(SalesOrder.review_note != "").count()
    assert others == 1


def test_the_official_example_order_is_skipped_and_recorded(httpx_mock, config_file, monkeypatch):
    monkeypatch.setenv(SECRET_ENV, "secret")
    fixture = json.loads(ORDER_FIXTURE.read_text(encoding="utf-8"))
    RawShop(fixture["items"]).install(httpx_mock)
    config = open_config(add_tables(config_file, mock_shop_table()))
    products = Product.select().count()

    result = sync(config)

    assert result.ok, result.error
    assert result.imported == []
    assert {inner_id for inner_id, _ in result.skipped} == {12}
    assert SalesOrder.select().count() == 0
    assert Product.select().count() == products  # the refused import left nothing behind
    skipped = SkippedShopOrder.get()
    assert (skipped.shop, skipped.inner_id) == ("webshop", 12)
    reason = render_all(load_notices(skipped.reason))
    assert "25%" in reason and "ÁFA" in reason
    log = SyncLog.get()
    assert log.orders_skipped >= 1 and log.orders_imported == 0
    warnings = render_all(load_notices(log.warnings))
    assert "#12" in warnings and "25%" in warnings
    assert ShopState.get().next_inner_id == 13  # not asked for again on every sync


def test_an_order_skipped_in_a_cycle_is_counted_once(httpx_mock, config_file, monkeypatch):
    monkeypatch.setenv(SECRET_ENV, "secret")
    fixture = json.loads(ORDER_FIXTURE.read_text(encoding="utf-8"))
    RawShop(fixture["items"]).install(httpx_mock)
    config = open_config(add_tables(config_file, mock_shop_table()))

    result = sync(config)

    assert len(result.skipped) == 1
    assert len(result.warnings) == 1
    assert SyncLog.get().orders_skipped == 1
    assert SkippedShopOrder.get().attempts == 1


def test_a_coupon_and_points_with_tax_rate_minus_one_are_split_pro_rata(
    httpx_mock, config_file, monkeypatch
):
    """couponTaxRate / loyaltyPointsTaxRate -1: the discount is spread over the order's VAT
    rates in proportion to the items' gross, each part exact to the forint, summing to it."""
    monkeypatch.setenv(SECRET_ENV, "secret")
    maker = FakeShop(shop_settings(seed_orders=0))
    with maker.state.lock:
        by_rate = {}
        for product in maker.state.products.values():
            rate = catalog.TAX_CLASSES[product.tax_class_id].rate
            if sum(product.stock) > 3 and product.subtract_stock and not product.has_deposit:
                by_rate.setdefault(rate, product.sku)
    items = {by_rate[Decimal(27)]: 2, by_rate[Decimal(18)]: 1, by_rate[Decimal(5)]: 3}
    inner_id = maker.place_order(items, customer=101, coupon="NYAR10", loyalty_points=700)
    raw = maker.order(inner_id)
    raw["couponTaxRate"] = "-1.0000"
    raw["loyaltyPointsTaxRate"] = "-1"
    RawShop([raw]).install(httpx_mock)
    config = open_config(add_tables(config_file, mock_shop_table()))

    result = sync(config)

    assert result.ok and result.warnings == [], result.warnings
    order = local(inner_id)
    assert gross_of(order) == shop_total(raw)
    lines = lines_of(order)
    item_gross: dict[Decimal, Decimal] = {}
    for line in lines:
        if not line.is_service:
            item_gross[line.vat_rate.rate] = item_gross.get(line.vat_rate.rate, 0) + line.gross
    assert sorted(item_gross) == [5, 18, 27]
    whole_items = sum(item_gross.values())
    for kind, label in (("COUPON", "Kupon"), ("LOYALTYPOINTS_TO_USE", "hűségpont")):
        (amount,) = totals_of(raw, kind)
        assert amount < 0
        parts = [x for x in lines if x.is_service and label.lower() in x.name.lower()]
        assert sorted(p.vat_rate.rate for p in parts) == [5, 18, 27], kind
        assert sum(p.gross for p in parts) == amount
        for part in parts:
            rate = part.vat_rate.rate
            assert abs(part.gross - amount * item_gross[rate] / whole_items) <= 1
            assert part.net == whole(part.gross / (1 + rate / HUNDRED))
            assert part.vat == part.gross - part.net
            assert part.quantity == 1


def test_line_gross_is_authoritative_and_rounded_half_up(httpx_mock, config_file, monkeypatch):
    """Amounts that are not whole forints: gross = round(unit gross x quantity), net =
    round(gross / (1 + rate)), VAT = gross - net (net x rate rounded would give 8, not 7)."""
    monkeypatch.setenv(SECRET_ENV, "secret")
    (raw,) = raw_orders(1)
    template = raw["orderProducts"][0]
    cases = [  # unit gross, quantity, rate -> gross, net
        ("3.5000", 2, "27", Decimal(7), Decimal(6)),
        ("10.5000", 1, "27", Decimal(11), Decimal(9)),
        ("1015.7480", 3, "27", Decimal(3047), Decimal(2399)),
        ("104.9900", 1, "5", Decimal(105), Decimal(100)),
        ("117.4900", 2, "18", Decimal(235), Decimal(199)),
    ]
    items = []
    for n, (gross_unit, quantity, rate, _, _) in enumerate(cases):
        item = dict(template, sku=f"KEREKIT-{n}", name=f"Kerekítés {n}", taxRate=f"{rate}.0000")
        item.update(grossPrice=gross_unit, grossPriceCurrency=gross_unit)
        net_unit = f"{Decimal(gross_unit) / (1 + Decimal(rate) / 100):.4f}"
        item.update(price=net_unit, priceCurrency=net_unit)
        item.update(stock1=str(quantity), stock2="0", stock3="0", stock4="0")
        items.append(item)
    raw["orderProducts"] = items
    raw["orderProductAddons"] = []
    total = sum(case[3] for case in cases)
    raw["orderTotals"] = [t for t in raw["orderTotals"] if t["type"] == "TOTAL"]
    raw["orderTotals"][0]["value"] = f"{total}.0000"
    RawShop([raw]).install(httpx_mock)
    config = open_config(add_tables(config_file, mock_shop_table()))

    result = sync(config)

    assert result.ok and result.warnings == [], result.warnings
    lines = lines_of(local(int(raw["innerId"])))
    assert [(x.gross, x.net, x.vat) for x in lines] == [(g, n, g - n) for *_, g, n in cases]
    assert local(int(raw["innerId"])).review_note == ""


def test_an_order_skipped_for_an_unknown_vat_rate_arrives_once_the_rate_exists(shop, config):
    # placed (with its last change) before the newest seeded order: only the download sees it
    inner_id = shop.place_order({shop.skus[1]: 1}, created_at=SEED_NOW - timedelta(days=20))
    with shop.state.lock:
        shop.state.orders[inner_id].lines[0].tax_rate = Decimal(25)
    first = sync(config)
    assert {i for i, _ in first.skipped} == {inner_id}
    assert "szinkronizáljon újra" in str(first.warnings[-1])  # what the message tells the user

    VatRate.create(code="25%", rate=Decimal(25), description="Teszt 25%")
    again = sync(config)

    assert again.imported == [local(inner_id).number]
    assert not SkippedShopOrder.select().where(SkippedShopOrder.inner_id == inner_id).exists()
