"""The push settings of a [[shops]] table: push_stock, push_warehouses, push_price and
[shops.vat_map], their defaults and every mistake named by its key; a push_price naming a price
list that does not exist; the vat_map read in reverse when orders are imported."""

from __future__ import annotations

from pathlib import Path

import pytest

from okos_tui.config import ConfigError, load_config
from okos_tui.db import SalesOrderLine, VatRate
from okos_tui.domain.stock.documents import ItemInput, receive_goods
from okos_tui.fakeshop import FakeShop
from okos_tui.fakeshop.catalog import VAT_0
from okos_tui.i18n import t

from .push_helpers import (
    SHOP,
    add_products,
    cycle,
    open_config,
    price,
    pushed_items,
    queued,
    shop_table,
    stock1,
    write_config,
)

pytestmark = pytest.mark.usefixtures("push_secret")  # `shop`: see conftest.py


def test_defaults_and_values(tmp_path: Path, shop: FakeShop) -> None:
    path = write_config(
        tmp_path,
        shop_table(shop, push_stock=None),
        shop_table(
            shop,
            name="masik",
            prefix="MAS",
            push_warehouses=["SHOP", "MAIN"],
            push_price="pricelist:VIP Árlista",
            vat_map={"AAM": "0 %", "TAM": "TAM"},
        ),
    )
    default, other = load_config(path).shops

    assert (default.push_stock, default.push_warehouses, default.push_price) == (False, (), "list")
    assert default.vat_map == ()
    assert other.push_stock is True and other.push_warehouses == ("SHOP", "MAIN")
    assert other.push_price == "pricelist:VIP Árlista"
    assert other.vat_map == (("AAM", "0 %"), ("TAM", "TAM"))
    assert other.shop_tax_class("AAM") == "0 %" and other.shop_tax_class("27%") == "27%"
    assert other.local_vat("0%") == "AAM" and other.local_vat("27 %") is None


BAD = {
    "push_stock as text": ({"push_stock": "igen"}, "shops[0].push_stock"),
    "push_price unknown": ({"push_price": "retail"}, "shops[0].push_price"),
    "push_price list without a name": ({"push_price": "pricelist:"}, "shops[0].push_price"),
    "push_warehouses unknown code": (
        {"push_warehouses": ["MAIN", "RAKTAR9"]},
        "shops[0].push_warehouses",
    ),
    "push_warehouses not a list": ({"push_warehouses": "MAIN"}, "shops[0].push_warehouses"),
    "vat_map to an empty name": ({"vat_map": {"AAM": " "}}, "shops[0].vat_map.AAM"),
    "vat_map to a number": ({"vat_map": {"AAM": 0}}, "shops[0].vat_map.AAM"),
}


@pytest.mark.parametrize(("push", "key"), BAD.values(), ids=BAD.keys())
def test_every_push_setting_mistake_names_its_key(
    tmp_path: Path, shop: FakeShop, push: dict[str, object], key: str
) -> None:
    path = write_config(tmp_path, shop_table(shop, **push))

    with pytest.raises(ConfigError) as failure:
        load_config(path)

    assert failure.value.key == key


def test_a_price_list_that_does_not_exist_pushes_stock_only_and_says_so(
    tmp_path: Path, shop: FakeShop
) -> None:
    config = open_config(write_config(tmp_path, shop_table(shop, push_price="pricelist:VIPP")))
    add_products(shop, ["KON-0001"])
    receive_goods("MAIN", [ItemInput("KON-0001", "4")])
    before = price(shop, "KON-0001")

    result = cycle(config)

    assert result.ok and result.pushed == 1
    warning = t("push.unknown_price_list", shop=SHOP, name="VIPP")
    assert warning in [str(w) for w in result.warnings]
    assert [item["data"] for item in pushed_items(shop)] == [
        {"stock1": "4", "stock2": "0", "stock3": "0", "stock4": "0"}
    ]
    assert stock1(shop, "KON-0001") == 4 and price(shop, "KON-0001") == before
    assert queued() == {}


def test_a_vat_map_to_a_tax_class_the_shop_lacks_pushes_stock_only_and_says_so_once(
    tmp_path: Path, shop: FakeShop
) -> None:
    path = write_config(tmp_path, shop_table(shop, vat_map={"AAM": "Mentes"}), vat_exempt=True)
    config = open_config(path)
    add_products(shop, ["KON-0001", "KOZ-0002"], vat="AAM")
    before = price(shop, "KON-0001")

    result = cycle(config)

    assert result.ok and (result.pushed, result.push_failed) == (2, 0)
    warning = t("push.unknown_tax_class", shop=SHOP, name="Mentes", vat="AAM")
    assert [str(w) for w in result.warnings] == [warning]  # once, not once per product
    assert [item["data"] for item in pushed_items(shop)] == [
        {"stock1": "0", "stock2": "0", "stock3": "0", "stock4": "0"}
    ] * 2
    assert price(shop, "KON-0001") == before  # not a net price under the wrong VAT


def test_an_order_item_in_a_mapped_shop_tax_class_is_imported_with_the_local_vat(
    tmp_path: Path, shop: FakeShop
) -> None:
    path = write_config(tmp_path, shop_table(shop, vat_map={"AAM": "0 %"}), vat_exempt=True)
    config = open_config(path)
    add_products(shop, ["KON-0001"], vat="AAM")
    receive_goods("MAIN", [ItemInput("KON-0001", "5")])
    with shop.state.lock:  # sold in the shop's "0 %" class (the emulated PUT ignores taxClass)
        shop.state.product_by_sku("KON-0001").tax_class_id = VAT_0
    shop.place_order({"KON-0001": 2}, customer=shop.guest())

    result = cycle(config)

    assert result.ok and len(result.imported) == 1, result.warnings
    codes = {
        code
        for (code,) in SalesOrderLine.select(VatRate.code)
        .join(VatRate)
        .where(SalesOrderLine.is_service == False)  # noqa: E712
        .tuples()
    }
    assert codes == {"AAM"}  # the shop's "0 %" is the local AAM, not "0%"
