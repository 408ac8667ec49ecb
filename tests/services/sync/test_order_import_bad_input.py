"""Bad input from the shop: malformed JSON, missing fields, an unknown VAT rate, a negative
quantity, a 10 MB comment, markup and control characters in names. Each order is imported as far
as it is sound or skipped with a clear sync log entry, the rest of the sync goes on, and nothing
imported before is lost or changed.

The emulated shop serves what its own state can express (faults, odd names, a broken line); a
pytest-httpx stand-in serves raw JSON for the rest (a record without innerId, a cut-off page)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from okos_tui.config import Config
from okos_tui.core.notices import load_notices, render_all
from okos_tui.db import Customer, Product, SalesOrder, SkippedShopOrder
from okos_tui.fakeshop import FakeShop

from .import_helpers import (
    SECRET_ENV,
    RawShop,
    add_tables,
    control_characters_in,
    fake_shop_table,
    gross_of,
    importable_ids,
    last_log,
    lines_of,
    local,
    mock_shop_table,
    open_config,
    raw_order_id,
    raw_orders,
    shop_settings,
    shop_total,
    sync,
)

ORDER_TABLES = ("sales_order", "sales_order_line", "customer", "product", "number_sequence")


@pytest.fixture
def shop() -> Iterator[FakeShop]:
    with FakeShop(shop_settings(seed_orders=8)) as running:
        yield running


@pytest.fixture
def config(config_file: Path, shop: FakeShop, monkeypatch: pytest.MonkeyPatch) -> Config:
    """The emulated shop, its seeded orders already imported by a first sync."""
    monkeypatch.setenv(SECRET_ENV, shop.settings.client_secret)
    config = open_config(add_tables(config_file, fake_shop_table(shop)))
    first = sync(config)
    assert first.ok and first.imported and not first.warnings
    return config


@pytest.fixture
def raw_config(config_file: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    """A shop made of raw JSON (install a RawShop on httpx_mock before syncing)."""
    monkeypatch.setenv(SECRET_ENV, "secret")
    return open_config(add_tables(config_file, mock_shop_table()))


def rows_of(dump: dict, tables: tuple[str, ...] = ORDER_TABLES) -> dict:
    return {table: dump[table] for table in tables}


def kept(before: dict, after: dict) -> None:
    """Every row there before is still there, unchanged (new rows may follow)."""
    for table in ORDER_TABLES:
        if table == "number_sequence":
            continue
        assert after[table][: len(before[table])] == before[table], table


def spoil_line(shop: FakeShop, inner_id: int, **changes: object) -> None:
    with shop.state.lock:
        line = shop.state.orders[inner_id].lines[0]
        for name, value in changes.items():
            setattr(line, name, value)


# malformed JSON --------------------------------------------------------------------------------


def test_a_page_cut_off_once_is_asked_for_again(shop, config):
    placed = [shop.place_order({shop.skus[n]: 1}) for n in (1, 2)]
    shop.faults.malformed_json_next(1, path="orderExtend")

    result = sync(config)

    assert result.ok, result.error
    assert sorted(o.shop_order_id for o in SalesOrder.select()) == importable_ids(shop)
    assert {local(i).number for i in placed} == set(result.imported)


def test_a_page_that_stays_malformed_fails_the_sync_and_loses_nothing(shop, config, db_path, dump):
    before = dump(db_path)
    placed = [shop.place_order({shop.skus[n]: 1}) for n in (1, 2)]
    shop.faults.malformed_json_next(10, path="orderExtend")

    result = sync(config)

    assert not result.ok
    assert "webshop" in str(result.error) and "JSON" in str(result.error)
    assert rows_of(dump(db_path)) == rows_of(before)
    log = last_log()
    assert log.status == "failed" and load_notices(log.errors) == [result.error]
    shop.faults.reset()
    again = sync(config)
    assert again.ok and sorted(local(i).number for i in placed) == sorted(again.imported)
    kept(before, dump(db_path))


def test_a_cut_off_page_after_good_ones_keeps_what_came_before_it(
    httpx_mock, raw_config, db_path, dump
):
    records = raw_orders(7)
    shop = RawShop(records, page_size=3).install(httpx_mock)
    shop.broken_ids = {1004}

    result = sync(raw_config)

    assert not result.ok and "JSON" in str(result.error)
    assert sorted(o.shop_order_id for o in SalesOrder.select()) == [1001, 1002, 1003]
    for raw in records[:3]:
        assert gross_of(local(int(raw["innerId"]))) == shop_total(raw)
    before = dump(db_path)
    shop.broken_ids = set()
    asked_before = len(shop.order_requests())
    again = sync(raw_config)
    assert again.ok
    assert sorted(o.shop_order_id for o in SalesOrder.select()) == list(range(1001, 1008))
    numbers = sorted(o.number for o in SalesOrder.select())
    assert numbers == [f"WEB-{numbers[0][4:8]}-{n:06d}" for n in range(1, 8)]  # no gap
    kept(before, dump(db_path))
    first_ask = shop.order_requests()[asked_before]
    assert first_ask.url.params["innerIdMin"] == "1004"  # on from the last committed order


# records the shop should never send -------------------------------------------------------------


def _without_inner_id(raw: dict) -> None:
    del raw["innerId"]


def _inner_id_text(raw: dict) -> None:
    raw["innerId"] = "tizenkettő"


def _negative_quantity(raw: dict) -> None:
    raw["orderProducts"][0]["stock1"] = "-2"


def _unknown_vat(raw: dict) -> None:
    raw["orderProducts"][0]["taxRate"] = "25.0000"


def _price_not_a_number(raw: dict) -> None:
    item = raw["orderProducts"][0]
    item["grossPrice"] = item["grossPriceCurrency"] = "1.500,-"


def _total_not_a_number(raw: dict) -> None:
    raw["orderTotals"][-1]["value"] = {"amount": 3}


def _no_lines_at_all(raw: dict) -> None:
    raw["orderProducts"] = []
    raw["orderTotals"] = [t for t in raw["orderTotals"] if t["type"] not in ("SHIPPING", "PAYMENT")]


def _not_an_object(raw: dict) -> str:
    return "order-1002"


SKIPPED = {
    "no innerId": (_without_inner_id, "innerId"),
    "innerId not a number": (_inner_id_text, "innerId"),
    "negative quantity": (_negative_quantity, "stock"),
    "unknown VAT rate": (_unknown_vat, "25%"),
    "price not a number": (_price_not_a_number, "grossPrice"),
    "total not a number": (_total_not_a_number, "orderTotals"),
    "no lines": (_no_lines_at_all, "tétel"),
}


@pytest.mark.parametrize(("spoil", "named"), SKIPPED.values(), ids=SKIPPED.keys())
def test_an_unsound_order_is_skipped_with_a_clear_entry_and_the_rest_goes_on(
    httpx_mock, raw_config, spoil, named
):
    records = raw_orders(3)
    bad = copy.deepcopy(records[1])
    spoil(bad)
    records[1] = bad
    RawShop(records).install(httpx_mock)
    products_before = Product.select().count()

    result = sync(raw_config)

    assert result.ok, result.error
    assert sorted(o.shop_order_id for o in SalesOrder.select()) == [1001, 1003]
    for raw in (records[0], records[2]):
        assert gross_of(local(int(raw["innerId"]))) == shop_total(raw)
    skipped_ids = {inner_id for inner_id, _ in result.skipped}
    inner_id = raw_order_id(bad)
    assert skipped_ids == {inner_id}
    message = next(str(w) for w in result.warnings if "kihagyva" in str(w))
    assert named in message
    assert f"#{inner_id if inner_id is not None else '?'}" in message
    log = last_log()
    assert log.status == "ok" and log.orders_imported == 2 and log.orders_skipped >= 1
    assert message in render_all(load_notices(log.warnings))
    if inner_id is not None:
        recorded = SkippedShopOrder.get(SkippedShopOrder.inner_id == inner_id)
        assert named in render_all(load_notices(recorded.reason))
    else:
        assert SkippedShopOrder.select().count() == 0  # nothing to name it by
    # the refused order left no master record behind: only the good orders' products
    skus = {item["sku"] for raw in (records[0], records[2]) for item in raw["orderProducts"]}
    stock_products = Product.select().where(Product.is_service == False)  # noqa: E712
    assert {p.sku for p in stock_products} == skus
    assert Product.select().count() >= products_before


def test_an_item_that_is_not_an_object_is_left_out_and_the_order_flagged(httpx_mock, raw_config):
    records = raw_orders(2)
    records[1]["orderProducts"].append("Ajándék")  # not a record: nothing to import from it
    RawShop([*records, "not an order"]).install(httpx_mock)

    result = sync(raw_config)

    assert result.ok
    assert sorted(o.shop_order_id for o in SalesOrder.select()) == [1001, 1002]
    assert gross_of(local(1002)) == shop_total(records[1])


def test_an_order_without_totals_is_imported_and_flagged(httpx_mock, raw_config):
    records = raw_orders(2)
    records[0]["orderTotals"] = []
    RawShop(records).install(httpx_mock)

    result = sync(raw_config)

    order = local(1001)
    (review,) = load_notices(order.review_note)
    assert "TOTAL" in str(review)
    assert review in result.warnings
    assert str(review) in render_all(load_notices(last_log().warnings))
    assert local(1002).review_note == ""


def test_missing_optional_fields_do_not_stop_an_order(httpx_mock, raw_config):
    records = raw_orders(1)
    raw = records[0]
    for key in (
        "email",
        "phone",
        "comment",
        "customer",
        "currency",
        "dateCreated",
        "paymentMethodName",
        "shippingMethodName",
        "shippingMethodLocalizedName",
        "orderProductAddons",
        "taxNumber",
    ):
        raw.pop(key, None)
    raw["lastname"] = None
    raw["paymentCity"] = {}
    RawShop(records).install(httpx_mock)

    result = sync(raw_config)

    assert result.ok and result.skipped == []
    order = local(1001)
    assert gross_of(order) == shop_total(raw)
    assert order.customer_name == raw["firstname"]
    assert order.payment_method is None and order.internal_note == ""


# the emulated shop with bad data in its own state ------------------------------------------------


def test_unknown_vat_rate_and_negative_quantity_from_the_shop_are_skipped(
    shop, config, db_path, dump
):
    before = dump(db_path)
    good = shop.place_order({shop.skus[1]: 1})
    vat25 = shop.place_order({shop.skus[2]: 1})
    negative = shop.place_order({shop.skus[3]: 2})
    spoil_line(shop, vat25, tax_rate=Decimal(25))
    spoil_line(shop, negative, stock=[-2, 0, 0, 0])
    later = shop.place_order({shop.skus[4]: 1})

    result = sync(config)

    assert result.ok
    assert sorted(local(i).shop_order_id for i in (good, later)) == [good, later]
    assert {i for i, _ in result.skipped} == {vat25, negative}
    reasons = {s.inner_id: render_all(load_notices(s.reason)) for s in SkippedShopOrder.select()}
    assert "25%" in reasons[vat25] and "stock" in reasons[negative]
    assert not SalesOrder.select().where(SalesOrder.shop_order_id.in_([vat25, negative])).exists()
    kept(before, dump(db_path))
    assert sync(config).imported == []  # not retried on every sync


def test_a_ten_megabyte_comment_is_truncated_with_a_warning(shop, config):
    comment = "Kérem, csengessen! " + "x" * (10 * 1024 * 1024)
    huge = shop.place_order({shop.skus[1]: 1}, comment=comment)
    after = shop.place_order({shop.skus[2]: 1})

    result = sync(config)

    assert result.ok and len(result.imported) == 2
    note = local(huge).internal_note
    assert note.startswith("Kérem, csengessen! xxx") and len(note) <= 2000
    assert gross_of(local(huge)) == shop_total(shop.order(huge))
    warning = next(str(w) for w in result.warnings if f"#{huge}" in str(w))
    assert str(len(comment)) in warning
    assert warning in render_all(load_notices(last_log().warnings))
    assert len(last_log().warnings) < 1000  # stored without the comment
    assert local(after).internal_note == ""


MARKUP_FIRST = "[bold]x[/]"
MARKUP_LAST = "[@click=app.quit]x"


def test_markup_is_kept_as_text_and_control_characters_never_stored(
    shop, config, db_path, dump, okos
):
    with shop.state.lock:
        product = shop.state.product_by_sku(shop.skus[5])
        product.name = "Bögre \x1b[31mpiros\x1b[0m [red]x[/red]\x07"
    buyer = shop.guest(
        MARKUP_FIRST,
        MARKUP_LAST,
        email="jatek@example.com",
        city="Buda\x1b[2Jpest",
        address1="Fő\tutca\x00 1.",
    )
    first = shop.place_order(
        {shop.skus[5]: 1},
        customer=buyer,
        comment="\x1b]0;title\x07Köszönöm\r\n[link=http://x]y[/link]",
    )
    second = shop.place_order({shop.skus[6]: 1}, customer=buyer)

    result = sync(config)

    assert result.ok and result.skipped == []
    order = local(first)
    assert order.customer_name == f"{MARKUP_FIRST} {MARKUP_LAST}"  # as the buyer typed it
    assert local(second).customer_id == order.customer_id  # one buyer, matched again
    assert Customer.get_by_id(order.customer_id).name == f"{MARKUP_FIRST} {MARKUP_LAST}"
    assert "[link=http://x]y[/link]" in order.internal_note and "Köszönöm" in order.internal_note
    item = next(x for x in lines_of(order) if not x.is_service)
    assert "[red]x[/red]" in item.name and "piros" in item.name
    assert gross_of(order) == shop_total(shop.order(first))
    assert control_characters_in(dump(db_path)) == []

    shown = okos("order", "show", order.number)
    assert shown.code == 0
    assert f"{MARKUP_FIRST} {MARKUP_LAST}" in shown.out
    assert "\x1b" not in shown.out and "\x07" not in shown.out
    as_json = json.loads(okos("order", "show", order.number, "--format", "json").out)
    assert as_json["customer"]["name"] == f"{MARKUP_FIRST} {MARKUP_LAST}"
