"""Shop product ids learned from order items (issue 6): an imported order tells the local
ShopProduct table the shop's id of each product it holds, so a later push finds those products
without paging the shop's product list; and the per-cycle cache of the import never keeps a
record of a transaction that rolled back."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from okos_tui.db import Product, SalesOrder, ShopProduct
from okos_tui.domain.stock.documents import ItemInput, receive_goods
from okos_tui.fakeshop import FakeShop
from okos_tui.services.sync import order_import
from okos_tui.services.sync.order_import import ImportRefused, OrderImporter
from okos_tui.shop.parsing import parse_order, product_link_id

from .import_helpers import ORDER_FIXTURE
from .push_helpers import (
    SHOP,
    add_products,
    cycle,
    open_config,
    product_pages,
    pushed_skus,
    shop_product_id,
    shop_table,
    stock1,
    write_config,
)

pytestmark = pytest.mark.usefixtures("push_secret")  # `shop`: see conftest.py


def learned(shop: str = SHOP) -> dict[str, tuple[str | None, bool]]:
    """SKU -> (shop product id, missing) of the ShopProduct rows of `shop`."""
    return {
        sku: (shop_id, missing)
        for sku, shop_id, missing in ShopProduct.select(
            Product.sku, ShopProduct.shop_product_id, ShopProduct.missing
        )
        .join(Product)
        .where(ShopProduct.shop == shop)
        .tuples()
    }


# reading the id --------------------------------------------------------------------------------


def test_the_official_example_items_carry_their_shop_product_ids() -> None:
    raw = json.loads(ORDER_FIXTURE.read_text(encoding="utf-8"))["items"][0]

    order = parse_order(raw)

    expected = [item["product"]["href"].rsplit("/", 1)[-1] for item in raw["orderProducts"]]
    assert [item.shop_product_id for item in order.items] == expected
    assert expected == ["cHJvZHVjdC1wcm9kdWN0X2lkPTUx", "cHJvZHVjdC1wcm9kdWN0X2lkPTQw"]


def test_the_emulated_shop_links_order_items_to_the_ids_of_its_product_list(
    shop: FakeShop,
) -> None:
    inner_id = shop.place_order({"KON-0001": 1, "KOZ-0002": 2}, customer=shop.guest())

    order = parse_order(shop.order(inner_id))

    assert {item.sku: item.shop_product_id for item in order.items} == {
        "KON-0001": shop_product_id(shop, "KON-0001"),
        "KOZ-0002": shop_product_id(shop, "KOZ-0002"),
    }


@pytest.mark.parametrize(
    "link",
    [
        None,
        {},
        [],
        "cHJvZHVjdC1wcm9kdWN0X2lkPTUx",  # not a link
        {"href": ""},
        {"href": "https://x.api.myshoprenter.hu/orders/b3JkZXItb3JkZXJfaWQ9NzI="},  # an order
        {"href": "https://x.api.myshoprenter.hu/products/nem-base64!"},
        {"id": "cHJvZHVjdC1wcm9kdWN0X2lkPQ=="},  # "product-product_id=" without a number
    ],
    ids=["null", "empty", "list", "text", "no-href", "order-id", "garbled", "no-number"],
)
def test_a_missing_or_garbled_product_link_gives_no_id(link: Any) -> None:
    assert product_link_id(link) == ""
    raw = copy.deepcopy(json.loads(ORDER_FIXTURE.read_text(encoding="utf-8"))["items"][0])
    raw["orderProducts"][0]["product"] = link
    assert parse_order(raw).items[0].shop_product_id == ""


# learning it on import -------------------------------------------------------------------------


def test_an_imported_order_teaches_the_ids_and_the_push_needs_no_product_pages(
    tmp_path: Path, shop: FakeShop
) -> None:
    config = open_config(write_config(tmp_path, shop_table(shop)))
    add_products(shop, ["KON-0001"])  # KON-0004 is not here yet: the import creates it
    receive_goods("MAIN", [ItemInput("KON-0001", "9")])
    shop.place_order({"KON-0001": 2, "KON-0004": 1}, customer=shop.guest())
    shop.clear_requests()

    result = cycle(config)

    assert result.ok and len(result.imported) == 1 and result.push_failed == 0
    assert learned() == {
        "KON-0001": (shop_product_id(shop, "KON-0001"), False),
        "KON-0004": (shop_product_id(shop, "KON-0004"), False),
    }
    assert product_pages(shop) == []  # both ids came with the order
    assert sorted(pushed_skus(shop)) == ["KON-0001", "KON-0004"]
    assert stock1(shop, "KON-0001") == 7  # 9 on the shelf, 2 promised to the order
    assert stock1(shop, "KON-0004") == 0


def test_an_id_is_written_once_per_product_not_once_per_order(
    tmp_path: Path, shop: FakeShop, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = open_config(write_config(tmp_path, shop_table(shop, push_stock=False)))
    calls: list[tuple[str, int, str]] = []
    real = order_import.remember_shop_product

    def counted(shop_name: str, product_id: int, shop_id: str) -> None:
        calls.append((shop_name, product_id, shop_id))
        real(shop_name, product_id, shop_id)

    monkeypatch.setattr(order_import, "remember_shop_product", counted)
    for _ in range(3):
        shop.place_order({"KON-0001": 1}, customer=shop.guest())

    first = cycle(config)
    shop.place_order({"KON-0001": 1, "KOZ-0002": 1}, customer=shop.guest())
    second = cycle(config)  # a new cycle reads KON-0001's id back from the database

    assert first.ok and len(first.imported) == 3 and second.ok and len(second.imported) == 1
    product = Product.get(Product.sku == "KON-0001").id
    other = Product.get(Product.sku == "KOZ-0002").id
    assert calls == [
        (SHOP, product, shop_product_id(shop, "KON-0001")),
        (SHOP, other, shop_product_id(shop, "KOZ-0002")),
    ]


def test_a_stale_or_missing_id_is_corrected_by_the_next_order(
    tmp_path: Path, shop: FakeShop
) -> None:
    config = open_config(write_config(tmp_path, shop_table(shop)))
    products = add_products(shop, ["KON-0001", "KOZ-0002"])
    ShopProduct.create(shop=SHOP, product=products["KON-0001"], shop_product_id="regi-id")
    ShopProduct.create(shop=SHOP, product=products["KOZ-0002"], missing=True)
    shop.place_order({"KON-0001": 1, "KOZ-0002": 1}, customer=shop.guest())
    shop.clear_requests()

    result = cycle(config)

    assert result.ok and result.pushed == 2 and result.push_failed == 0
    assert learned() == {
        "KON-0001": (shop_product_id(shop, "KON-0001"), False),
        "KOZ-0002": (shop_product_id(shop, "KOZ-0002"), False),
    }
    assert product_pages(shop) == []
    assert sorted(pushed_skus(shop)) == ["KON-0001", "KOZ-0002"]


# the per-cycle cache and rollbacks ---------------------------------------------------------------


def test_a_product_created_in_a_refused_order_is_not_reused_from_the_cache(
    tmp_path: Path, shop: FakeShop
) -> None:
    config = open_config(write_config(tmp_path, shop_table(shop, push_stock=False)))
    settings = config.shop(SHOP)
    refused_id = shop.place_order({"KON-0004": 1}, customer=shop.guest())
    good_id = shop.place_order({"KON-0004": 2}, customer=shop.guest())
    refused = shop.order(refused_id)
    refused["shippingMethodTaxRate"] = "13.0000"  # no such VAT rate here
    importer = OrderImporter(settings)

    with pytest.raises(ImportRefused, match="13%"):
        importer.import_order(parse_order(refused))
    assert not Product.select().where(Product.sku == "KON-0004").exists()  # rolled back

    outcome = importer.import_order(parse_order(shop.order(good_id)))  # the same importer

    assert outcome.number and not outcome.already_imported
    order = SalesOrder.get(SalesOrder.number == outcome.number)
    product = Product.get(Product.sku == "KON-0004")
    assert [line.product_id for line in order.lines if not line.is_service] == [product.id]
    assert learned() == {"KON-0004": (shop_product_id(shop, "KON-0004"), False)}


def test_a_product_created_elsewhere_during_a_cycle_is_found(
    tmp_path: Path, shop: FakeShop
) -> None:
    config = open_config(write_config(tmp_path, shop_table(shop, push_stock=False)))
    first_id = shop.place_order({"KON-0001": 1}, customer=shop.guest())
    later_id = shop.place_order({"KON-0001": 1, "KOZ-0002": 1}, customer=shop.guest())
    importer = OrderImporter(config.shop(SHOP))
    importer.import_order(parse_order(shop.order(first_id)))
    created = add_products(shop, ["KOZ-0002"])["KOZ-0002"]  # in the app, mid-cycle

    outcome = importer.import_order(parse_order(shop.order(later_id)))

    order = SalesOrder.get(SalesOrder.number == outcome.number)
    assert created.id in {line.product_id for line in order.lines}
    assert Product.select().where(Product.sku == "KOZ-0002").count() == 1
