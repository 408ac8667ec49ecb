"""What the shop ends up holding after a sync cycle: stock1 = free stock over push_warehouses
(physical minus what open orders reserve, at least 0, whole units) and the price push_price
names; end to end against the emulated shop on 127.0.0.1."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from okos_tui.db import PriceList, PriceListItem, Product, PushQueue, SyncLog
from okos_tui.domain.sales.orders import CustomerInput, OrderLineInput, create_order
from okos_tui.domain.stock.documents import ItemInput, adjust_stock, receive_goods
from okos_tui.fakeshop import FakeShop

from .push_helpers import (
    add_products,
    batch_requests,
    cycle,
    open_config,
    price,
    product_pages,
    pushed_items,
    shop_settings,
    shop_table,
    stock1,
    write_config,
)

pytestmark = pytest.mark.usefixtures("push_secret")  # `shop`: see conftest.py


def _order_in_shop(shop: FakeShop, items: dict[str, int]) -> int:
    return shop.place_order(items, customer=shop.guest(), shipping="gls", payment="cod")


@pytest.mark.parametrize("push_price", ["list", "purchase", "pricelist:VIP", "none"])
def test_a_cycle_pushes_free_stock_and_the_chosen_price(
    tmp_path: Path, shop: FakeShop, push_price: str
) -> None:
    config = open_config(write_config(tmp_path, shop_table(shop, push_price=push_price)))
    products = add_products(shop)
    vip = PriceList.create(name="VIP")
    other = PriceList.create(name="Other")
    PriceListItem.create(price_list=vip, product=products["KON-0001"], net_price=Decimal("2500.5"))
    PriceListItem.create(price_list=vip, product=products["KOZ-0003"], net_price=Decimal("999"))
    PriceListItem.create(price_list=other, product=products["KOZ-0002"], net_price=Decimal("1"))
    receive_goods(
        "MAIN",
        [ItemInput("KON-0001", "10"), ItemInput("KOZ-0002", "5"), ItemInput("KOZ-0003", "3")],
    )
    before = {sku: price(shop, sku) for sku in products}
    _order_in_shop(shop, {"KON-0001": 3, "KOZ-0002": 7})

    result = cycle(config)

    assert result.ok, result.error
    assert len(result.imported) == 1  # the order was downloaded before the push
    expected_stock = {
        "KON-0001": 7,
        "KOZ-0002": 0,
        "KOZ-0003": 3,
        "KON-0004": 0,
        "KON-0005": 0,
        "KON-0006": 0,
    }
    assert {sku: stock1(shop, sku) for sku in products} == expected_stock
    if push_price == "list":
        expected_price = {sku: p.net_price for sku, p in products.items()}
    elif push_price == "purchase":
        expected_price = {sku: p.purchase_price for sku, p in products.items()}
    elif push_price == "pricelist:VIP":  # only the VIP list's items; others keep the shop's
        expected_price = {**before, "KON-0001": Decimal("2500.5"), "KOZ-0003": Decimal("999")}
    else:
        expected_price = before
    assert {sku: price(shop, sku) for sku in products} == expected_price
    assert result.pushed == len(products) and result.push_failed == 0
    log = SyncLog.select().order_by(SyncLog.id.desc()).get()
    assert (log.products_pushed, log.push_failed, log.status) == (len(products), 0, "ok")
    items = pushed_items(shop)
    assert len(items) == len(products)  # services (shipping fee) are never pushed
    assert all(item["method"] == "PUT" for item in items)
    counters = {"stock1", "stock2", "stock3", "stock4"}
    assert all(set(item["data"]) <= {*counters, "price"} for item in items)
    assert all(item["data"]["stock2"] == "0" for item in items)  # nothing sold from the others
    if push_price == "none":
        assert all("price" not in item["data"] for item in items)
    assert PushQueue.select().count() == 0


@pytest.mark.parametrize(
    ("warehouses", "expected"),
    [(["MAIN"], 7), (["SHOP"], 20), ([], 27), (["SHOP", "MAIN"], 27)],
)
def test_only_the_push_warehouses_count(
    tmp_path: Path, shop: FakeShop, warehouses: list[str], expected: int
) -> None:
    config = open_config(write_config(tmp_path, shop_table(shop, push_warehouses=warehouses)))
    add_products(shop, ["KON-0004"])
    receive_goods("MAIN", [ItemInput("KON-0004", "10")])
    receive_goods("SHOP", [ItemInput("KON-0004", "20")])
    _order_in_shop(shop, {"KON-0004": 3})  # the shop's orders reserve in MAIN

    result = cycle(config)

    assert result.ok and len(result.imported) == 1
    assert stock1(shop, "KON-0004") == expected


def test_negative_free_stock_goes_as_zero_and_fractions_are_floored(
    tmp_path: Path, shop: FakeShop
) -> None:
    config = open_config(write_config(tmp_path, shop_table(shop)))
    add_products(shop, ["KON-0001", "KOZ-0002"])
    add_products(shop, ["KOZ-0003", "KON-0004", "KON-0005"], unit="kg", vat="5%")
    adjust_stock("MAIN", [ItemInput("KON-0001", "-4")], allow_negative=True)  # physical -4
    receive_goods(
        "MAIN",
        [
            ItemInput("KOZ-0002", "2"),
            ItemInput("KOZ-0003", "2.750"),
            ItemInput("KON-0004", "0.999"),
            ItemInput("KON-0005", "5.5"),
        ],
    )
    create_order(  # a local order: 2.5 kg reserved of 5.5 leaves 3.0; 3 of 2 leaves -1
        CustomerInput(name="Bolti Vevő"),
        [
            OrderLineInput(code="KON-0005", quantity="2.5"),
            OrderLineInput(code="KOZ-0002", quantity="3"),
        ],
        warehouse_code="MAIN",
        prefix="R",
    )

    result = cycle(config)

    assert result.ok
    got = {
        sku: stock1(shop, sku)
        for sku in ("KON-0001", "KOZ-0002", "KOZ-0003", "KON-0004", "KON-0005")
    }
    assert got == {"KON-0001": 0, "KOZ-0002": 0, "KOZ-0003": 2, "KON-0004": 0, "KON-0005": 3}
    assert all(item["data"]["stock1"].isdigit() for item in pushed_items(shop))


def test_prices_are_sent_as_four_place_text_and_services_never(
    tmp_path: Path, shop: FakeShop
) -> None:
    config = open_config(write_config(tmp_path, shop_table(shop)))
    products = add_products(shop, ["KON-0001"])
    Product.update(net_price=Decimal("1234.5678")).where(
        Product.id == products["KON-0001"].id
    ).execute()
    Product.create(
        sku="SZOLG",
        name="Csomagolás",
        vat_rate=products["KON-0001"].vat_rate,
        net_price=Decimal(100),
        is_service=True,
    )

    result = cycle(config)

    assert result.ok and result.pushed == 1
    [item] = pushed_items(shop)
    assert item["data"] == {
        "stock1": "0",
        "stock2": "0",
        "stock3": "0",
        "stock4": "0",
        "price": "1234.5678",
    }
    assert price(shop, "KON-0001") == Decimal("1234.5678")
    assert len(batch_requests(shop)) == 1


def test_401_products_go_in_batches_of_200_after_paging_the_shops_ids_once(
    tmp_path: Path,
) -> None:
    with FakeShop(shop_settings(seed_products=401)) as shop:
        config = open_config(write_config(tmp_path, shop_table(shop)))
        skus = shop.skus
        add_products(shop, skus)
        receive_goods("MAIN", [ItemInput(sku, "3") for sku in skus])

        result = cycle(config)

        assert result.ok and (result.pushed, result.push_failed) == (401, 0)
        sizes = [len(r.body["data"]["requests"]) for r in batch_requests(shop)]
        assert sizes == [200, 200, 1]
        pages = product_pages(shop)  # 200 a page: 3 look-ups for 401 SKUs, not 401
        assert len(pages) == 3
        assert all(r.query.get("limit") == "200" for r in pages)
        assert {stock1(shop, sku) for sku in skus} == {3}
        assert PushQueue.select().count() == 0


def counters(shop: FakeShop, sku: str) -> list[int]:
    return [int(shop.product(sku)[f"stock{n}"]) for n in (1, 2, 3, 4)]


def test_an_order_taking_from_stock2_is_not_oversold_the_counters_sum_to_the_free_stock(
    tmp_path: Path, shop: FakeShop
) -> None:
    config = open_config(write_config(tmp_path, shop_table(shop)))
    add_products(shop)
    receive_goods("MAIN", [ItemInput("KON-0001", "10")])
    shop.update_product("KON-0001", {"stock1": "2", "stock2": "6", "stock3": "0", "stock4": "0"})
    _order_in_shop(shop, {"KON-0001": 4})  # the shop takes 2 from stock1, 2 from stock2
    assert counters(shop, "KON-0001")[:2] == [0, 4]

    result = cycle(config)

    assert result.ok, result.error
    assert counters(shop, "KON-0001") == [6, 0, 0, 0]  # 10 - 4 reserved, and no more
    assert sum(counters(shop, "KON-0001")) == 6


def test_stock_counters_map_warehouses_to_the_shops_counters(
    tmp_path: Path, shop: FakeShop
) -> None:
    table = shop_table(shop, push_warehouses=["MAIN", "SHOP"]) + (
        '\n[shops.stock_counters]\nMAIN = "stock1"\nSHOP = "stock2"\n'
    )
    config = open_config(write_config(tmp_path, table))
    add_products(shop)
    receive_goods("MAIN", [ItemInput("KON-0001", "7")])
    receive_goods("SHOP", [ItemInput("KON-0001", "3")])

    assert cycle(config).ok
    assert counters(shop, "KON-0001") == [7, 3, 0, 0]
