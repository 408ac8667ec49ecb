"""What queues a product for the push (every change of its free stock or price, in the same
transaction, by the migration's triggers), what does not, and that a cycle with nothing queued
sends nothing; turning the push on and `--full` send every stocked product once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from okos_tui.config import Config
from okos_tui.db import (
    PriceList,
    PriceListItem,
    Product,
    PushQueue,
    SalesOrder,
    SalesOrderLine,
    database,
)
from okos_tui.domain.catalog.product_import import import_products
from okos_tui.domain.invoicing import issue_invoice, storno_invoice
from okos_tui.domain.sales.orders import OrderEdit, cancel_order, edit_order
from okos_tui.domain.sales.receipts import create_retail_receipt
from okos_tui.domain.stock.documents import ItemInput, adjust_stock, count_inventory, receive_goods
from okos_tui.fakeshop import FakeShop
from okos_tui.services.settings import invoice_settings

from .push_helpers import (
    SHOP,
    SKUS,
    add_products,
    batch_requests,
    cycle,
    open_config,
    price,
    product_pages,
    push,
    pushed_skus,
    queued,
    shop_table,
    stock1,
    write_config,
)

OTHER = "other"  # a second shop in okos.toml that does not push


pytestmark = pytest.mark.usefixtures("push_secret")  # `shop`: see conftest.py


@dataclass
class Pushed:
    """Everything pushed once: the shop holds the local values and the queue is empty."""

    config: Config
    shop: FakeShop
    order: str  # a downloaded OPEN order: 2 x KON-0001, 1 x KOZ-0002


def _config(tmp_path: Path, shop: FakeShop, **push: object) -> Path:
    return write_config(
        tmp_path,
        shop_table(shop, **push),
        shop_table(shop, name=OTHER, prefix="OTH", push_stock=False),
    )


def _baseline(tmp_path: Path, shop: FakeShop, push_price: str = "list") -> Pushed:
    config = open_config(_config(tmp_path, shop, push_price=push_price))
    products = add_products(shop)
    vip = PriceList.create(name="VIP")
    PriceListItem.create(price_list=vip, product=products["KON-0006"], net_price=Decimal(5000))
    receive_goods("MAIN", [ItemInput(sku, "10") for sku in SKUS[:4]])
    shop.place_order({"KON-0001": 2, "KOZ-0002": 1}, customer=shop.guest())
    first = cycle(config)
    assert first.ok and len(first.imported) == 1 and first.pushed == len(SKUS)
    assert queued() == {} and queued(OTHER) == {}
    shop.clear_requests()
    order = SalesOrder.get(SalesOrder.shop == SHOP).number
    return Pushed(config, shop, order)


@dataclass(frozen=True)
class Change:
    name: str
    make: Callable[[Pushed], None]
    queued: frozenset[str] | None  # None: the change arrives with the cycle (order import)
    expected: dict[str, int | Decimal]  # SKU -> stock1 (int) or price (Decimal) afterwards
    push_price: str = "list"


def _csv_price(_: Pushed) -> None:
    import_products("sku;name;net_price\nKON-0006;Kerámia bögre;9999.5\n".encode(), "MAIN")


def _price_list_insert(_: Pushed) -> None:
    vip = PriceList.get(PriceList.name == "VIP")
    PriceListItem.create(
        price_list=vip, product=Product.get(Product.sku == "KON-0005"), net_price=Decimal(777)
    )


def _invoice(p: Pushed) -> None:
    p.shop.update_product("KON-0001", {"stock1": "99"})  # so the push must overwrite it
    issue_invoice(p.order, invoice_settings(p.config))


def _storno(p: Pushed) -> None:
    settings = invoice_settings(p.config)
    invoice = issue_invoice(p.order, settings)
    cycle(p.config)  # the invoice pushed: physical 8 and 9, nothing reserved
    p.shop.update_product("KOZ-0002", {"stock1": "99"})
    storno_invoice(invoice.number, settings)  # the goods come back, the order reserves again


def _price_list_update(_: Pushed) -> None:
    PriceListItem.update(net_price=Decimal("4321.25")).execute()


CHANGES = [
    Change(
        "goods receipt",
        lambda p: receive_goods("MAIN", [ItemInput("KON-0004", "5")]),
        frozenset({"KON-0004"}),
        {"KON-0004": 15},
    ),
    Change(
        "goods receipt in another warehouse",
        lambda p: receive_goods("SHOP", [ItemInput("KOZ-0003", "4")]),
        frozenset({"KOZ-0003"}),
        {"KOZ-0003": 14},
    ),
    Change(
        "retail receipt",
        lambda p: create_retail_receipt("MAIN", [ItemInput("KOZ-0003", "2")]),
        frozenset({"KOZ-0003"}),
        {"KOZ-0003": 8},
    ),
    Change(
        "adjustment",
        lambda p: adjust_stock("MAIN", [ItemInput("KON-0004", "-3")]),
        frozenset({"KON-0004"}),
        {"KON-0004": 7},
    ),
    Change(
        "inventory count",
        lambda p: count_inventory("MAIN", [ItemInput("KOZ-0003", "4")]),
        frozenset({"KOZ-0003"}),
        {"KOZ-0003": 4},
    ),
    Change(
        "order import",
        lambda p: p.shop.place_order({"KON-0004": 4}, customer=p.shop.guest()),
        None,
        {"KON-0004": 6},
    ),
    Change(
        "order edit",
        lambda p: edit_order(p.order, OrderEdit(set_quantities={"KON-0001": "5"})),
        frozenset({"KON-0001"}),
        {"KON-0001": 5},
    ),
    Change(
        "order line quantity written alone (no order save)",
        lambda p: (
            SalesOrderLine.update(quantity=Decimal(6))
            .where(SalesOrderLine.product == Product.get(Product.sku == "KON-0001").id)
            .execute()
        ),
        frozenset({"KON-0001"}),
        {"KON-0001": 4},
    ),
    Change(
        "order line removed",
        lambda p: edit_order(p.order, OrderEdit(remove=["KOZ-0002"])),
        frozenset({"KOZ-0002"}),
        {"KOZ-0002": 10},
    ),
    Change(
        "invoice", _invoice, frozenset({"KON-0001", "KOZ-0002"}), {"KON-0001": 8, "KOZ-0002": 9}
    ),
    Change(
        "storno invoice",
        _storno,
        frozenset({"KON-0001", "KOZ-0002"}),
        {"KON-0001": 8, "KOZ-0002": 9},
    ),
    Change(
        "order cancel",
        lambda p: cancel_order(p.order),
        frozenset({"KON-0001", "KOZ-0002"}),
        {"KON-0001": 10, "KOZ-0002": 10},
    ),
    Change(
        "price change (product import)",
        _csv_price,
        frozenset({"KON-0006"}),
        {"KON-0006": Decimal("9999.5")},
    ),
    Change(
        "price list item added",
        _price_list_insert,
        frozenset({"KON-0005"}),
        {"KON-0005": Decimal(777)},
        push_price="pricelist:VIP",
    ),
    Change(
        "price list price changed",
        _price_list_update,
        frozenset({"KON-0006"}),
        {"KON-0006": Decimal("4321.25")},
        push_price="pricelist:VIP",
    ),
]


@pytest.mark.parametrize("change", CHANGES, ids=[c.name for c in CHANGES])
def test_every_kind_of_change_queues_the_product_and_the_next_cycle_pushes_it(
    tmp_path: Path, shop: FakeShop, change: Change
) -> None:
    pushed = _baseline(tmp_path, shop, change.push_price)

    change.make(pushed)

    if change.queued is not None:
        now = set(queued())
        # the products changed are queued; an order's edit may queue its other lines too
        assert change.queued <= now, f"{change.name} did not queue {change.queued - now}"
        assert now <= {"KON-0001", "KOZ-0002"} | change.queued
    assert queued(OTHER) == {}  # that shop does not push
    result = cycle(pushed.config)
    assert result.ok and result.push_failed == 0
    assert set(change.queued or change.expected) <= set(pushed_skus(shop))
    for sku, value in change.expected.items():
        got = price(shop, sku) if isinstance(value, Decimal) else stock1(shop, sku)
        assert got == value, f"{change.name}: {sku}"
    assert queued() == {}


def test_a_cycle_with_nothing_changed_pushes_nothing(tmp_path: Path, shop: FakeShop) -> None:
    pushed = _baseline(tmp_path, shop)

    for _ in range(2):
        result = cycle(pushed.config)
        assert result.ok and result.pushed == 0 and result.push_failed == 0

    assert batch_requests(shop) == []
    assert product_pages(shop) == []  # the shop's ids were learned once and kept


def test_services_and_changes_in_a_rolled_back_transaction_do_not_queue(
    tmp_path: Path, shop: FakeShop
) -> None:
    pushed = _baseline(tmp_path, shop)
    service = Product.create(
        sku="CSOMAG",
        name="Csomagolás",
        is_service=True,
        vat_rate=Product.get(Product.sku == "KON-0001").vat_rate,
    )
    Product.update(net_price=Decimal(10)).where(Product.id == service.id).execute()
    with pytest.raises(RuntimeError), database.atomic():
        receive_goods("MAIN", [ItemInput("KON-0004", "5")])
        raise RuntimeError("the user cancelled")

    assert queued() == {}
    assert cycle(pushed.config).pushed == 0


def _reopen(path: Path) -> Config:
    database.close()
    return open_config(path)


def test_turning_the_push_on_sends_every_stocked_product_once(
    tmp_path: Path, shop: FakeShop
) -> None:
    path = _config(tmp_path, shop, push_stock=False)
    config = open_config(path)
    add_products(shop)
    receive_goods("MAIN", [ItemInput("KON-0001", "9"), ItemInput("KON-0004", "4")])
    shop.place_order({"KON-0001": 2}, customer=shop.guest())
    off = cycle(config)
    assert off.ok and len(off.imported) == 1 and off.pushed == 0
    assert queued() == {} and batch_requests(shop) == []
    services = Product.select().where(Product.is_service == True).count()  # noqa: E712
    assert services >= 1  # the order's shipping fee: never pushed

    config = _reopen(_config(tmp_path, shop, push_stock=True))
    assert set(queued()) == set(SKUS)
    on = cycle(config)

    assert on.ok and on.pushed == len(SKUS)
    assert sorted(pushed_skus(shop)) == sorted(SKUS)
    assert stock1(shop, "KON-0001") == 7 and stock1(shop, "KON-0004") == 4
    shop.clear_requests()
    config = _reopen(_config(tmp_path, shop, push_stock=True))  # still on: nothing new
    assert queued() == {}
    assert cycle(config).pushed == 0 and batch_requests(shop) == []
    _reopen(_config(tmp_path, shop, push_stock=False))
    config = _reopen(_config(tmp_path, shop, push_stock=True))  # off and on again: all once more
    assert set(queued()) == set(SKUS)
    assert cycle(config).pushed == len(SKUS)


def test_full_push_sends_every_product_and_learns_the_ids_again(
    tmp_path: Path, shop: FakeShop
) -> None:
    pushed = _baseline(tmp_path, shop)
    shop.update_product("KON-0004", {"stock1": "99", "price": "1"})  # edited in the shop admin

    result = push(pushed.config, full=True)

    assert (result.pushed, result.failed, result.batches) == (len(SKUS), 0, 1)
    assert sorted(pushed_skus(shop)) == sorted(SKUS)
    assert len(product_pages(shop)) == 1  # 12 shop products: one page
    assert stock1(shop, "KON-0004") == 10
    assert price(shop, "KON-0004") == Product.get(Product.sku == "KON-0004").net_price
    assert PushQueue.select().count() == 0
