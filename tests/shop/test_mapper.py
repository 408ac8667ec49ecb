"""The pure mapping of a shop order to the order to create: how a basket discount is taxed
(`coupon_vat`), the deposit's VAT code from `vat_map`, and what an invoice needs (country codes,
exchange rate, the paid date). Orders are the emulated shop's JSON, rendered without a server."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

import pytest

from okos_tui.config import ShopSettings
from okos_tui.fakeshop import FakeShop, FakeShopSettings, catalog
from okos_tui.shop.mapper import DraftLine, draft_lines, draft_order
from okos_tui.shop.parsing import ShopOrder, parse_order

SEED_NOW = datetime(2025, 3, 1, 12, 0, 0)
HUNDRED = Decimal(100)


def settings(**values: Any) -> ShopSettings:
    return ShopSettings(
        name="webshop",
        api_url="https://webshop.api2.myshoprenter.hu/api",
        token_url="https://oauth.app.shoprenter.net/webshop/app/token",
        client_id="okos",
        order_prefix="WEB",
        **values,
    )


@pytest.fixture
def shop() -> FakeShop:
    return FakeShop(FakeShopSettings(rate_limit_per_second=None, seed_now=SEED_NOW, seed_orders=0))


@cache
def _skus_by_rate() -> dict[Decimal, str]:
    maker = FakeShop(FakeShopSettings(rate_limit_per_second=None, seed_now=SEED_NOW, seed_orders=0))
    found: dict[Decimal, str] = {}
    for product in sorted(maker.state.products.values(), key=lambda p: p.product_id):
        rate = catalog.TAX_CLASSES[product.tax_class_id].rate
        if sum(product.stock) > 3 and product.subtract_stock and not product.has_deposit:
            found.setdefault(rate, product.sku)
    return found


def sku(rate: int) -> str:
    return _skus_by_rate()[Decimal(rate)]


def deposit_sku(shop: FakeShop) -> str:
    with shop.state.lock:
        return next(p.sku for p in shop.state.products.values() if p.has_deposit)


def order_of(shop: FakeShop, items: dict[str, int], **options: Any) -> tuple[ShopOrder, dict]:
    raw = shop.order(shop.place_order(items, **options))
    return parse_order(raw), raw


def total(order: ShopOrder) -> Decimal:
    value = order.total_of("TOTAL")
    assert value is not None
    return value


def service(lines: list[DraftLine], code: str) -> list[DraftLine]:
    return [line for line in lines if line.service_code == code]


# coupon_vat ---------------------------------------------------------------------------------


def test_pro_rata_splits_a_coupon_with_a_shop_rate_over_the_goods_rates(shop):
    """The shop gives the coupon 27%; pro rata reduces the 27% and the 18% goods' bases by the
    same share, so the 27% base does not carry the 18% goods' discount."""
    order, raw = order_of(shop, {sku(27): 2, sku(18): 3}, customer=101, coupon="NYAR10")
    assert raw["couponTaxRate"] == "27.0000"

    lines = draft_lines(settings(), order)

    goods = [line for line in lines if line.sku]
    gross = {code: sum(x.gross for x in goods if x.vat_code == code) for code in ("27%", "18%")}
    net = {code: sum(x.net for x in goods if x.vat_code == code) for code in ("27%", "18%")}
    coupon = service(lines, "coupon")
    amount = -abs(order.total_of("COUPON") or Decimal(0))
    assert amount < 0
    assert sorted(part.vat_code for part in coupon) == ["18%", "27%"]
    assert sum(part.gross for part in coupon) == amount
    whole = sum(gross.values())
    for part in coupon:
        assert abs(part.gross - amount * gross[part.vat_code] / whole) <= 1
        assert part.net == (part.gross / (1 + Decimal(part.vat_code[:-1]) / HUNDRED)).quantize(
            Decimal(1)
        )
        assert part.vat_amount == part.gross - part.net
        assert part.name.startswith("Kupon (NYAR10)") and part.vat_code in part.name
    # each rate's base reduced by the same share (to the forint)
    left = {
        code: (net[code] + next(p.net for p in coupon if p.vat_code == code)) / net[code]
        for code in net
    }
    assert abs(left["27%"] - left["18%"]) < Decimal("0.001")
    assert abs(left["27%"] - Decimal("0.9")) < Decimal("0.001")  # NYAR10: 10% off
    assert sum(line.gross for line in lines) == total(order)  # the shop's TOTAL stands


def test_shop_mode_keeps_the_shops_rate_in_one_line(shop):
    order, _ = order_of(shop, {sku(27): 2, sku(18): 3}, customer=101, coupon="NYAR10")

    lines = draft_lines(settings(), order, "shop")

    (coupon,) = service(lines, "coupon")
    assert coupon.vat_code == "27%"
    assert coupon.gross == -abs(order.total_of("COUPON") or Decimal(0))
    assert coupon.name == "Kupon (NYAR10)"
    assert sum(line.gross for line in lines) == total(order)


def test_redeemed_points_are_split_like_a_coupon(shop):
    order, raw = order_of(shop, {sku(27): 1, sku(5): 4}, customer=101, loyalty_points=900)
    assert raw["loyaltyPointsTaxRate"] == "27.0000"

    pro_rata = service(draft_lines(settings(), order), "loyalty")
    (kept,) = service(draft_lines(settings(), order, "shop"), "loyalty")

    assert sorted(part.vat_code for part in pro_rata) == ["27%", "5%"]
    assert sum(part.gross for part in pro_rata) == kept.gross == Decimal(-900)


def test_goods_at_one_rate_take_the_whole_discount_in_one_line(shop):
    order, _ = order_of(shop, {sku(18): 2}, coupon="NYAR10")

    (coupon,) = service(draft_lines(settings(), order), "coupon")

    assert coupon.vat_code == "18%"  # not the 27% the shop gives it
    assert coupon.name == "Kupon (NYAR10)"


def test_a_free_shipping_coupon_takes_the_delivery_fees_rate(shop):
    order, _ = order_of(shop, {sku(5): 2}, coupon="INGYENSZALLITAS", shipping="gls")
    assert order.coupon_free_shipping

    lines = draft_lines(settings(), order)

    (coupon,) = service(lines, "coupon")
    (shipping,) = service(lines, "shipping")
    assert coupon.vat_code == shipping.vat_code == "27%"  # the goods are 5%
    assert coupon.gross == -shipping.gross
    assert sum(line.gross for line in lines) == total(order)


def test_a_discount_without_a_shop_rate_is_split_in_both_modes(shop):
    order, raw = order_of(shop, {sku(27): 1, sku(18): 1}, coupon="NYAR10")
    raw["couponTaxRate"] = "-1.0000"
    order = parse_order(raw)
    for mode in ("pro_rata", "shop"):
        coupon = service(draft_lines(settings(), order, mode), "coupon")
        assert sorted(part.vat_code for part in coupon) == ["18%", "27%"], mode


# the deposit --------------------------------------------------------------------------------


def test_the_deposit_is_atk_when_vat_map_names_the_shops_zero_class(shop):
    order, raw = order_of(shop, {deposit_sku(shop): 3, sku(27): 1}, coupon="NYAR10")
    (addon,) = raw["orderProductAddons"]
    assert (addon["type"], addon["taxRate"]) == ("DEPOSIT_FEE", "0.0000")

    mapped = draft_lines(settings(vat_map={"ATK": "0 %"}), order)
    unmapped = draft_lines(settings(), order)

    (deposit,) = [line for line in mapped if line.addon]
    assert deposit.vat_code == "ATK"
    assert deposit.gross == deposit.net == Decimal(addon["total"])
    assert deposit.vat_amount == 0
    assert [line.vat_code for line in unmapped if line.addon] == ["0%"]  # ungrounded
    # a basket discount never lowers the deposit: it is spread over the goods
    assert {part.vat_code for part in service(mapped, "coupon")} == {"27%"}


# what an invoice needs ------------------------------------------------------------------------


def test_the_draft_carries_country_codes_exchange_rate_and_paid_date(shop):
    buyer = shop.guest("Huber", "Anna", postcode="1010", city="Wien", country="AT")
    order, raw = order_of(
        shop,
        {sku(27): 1, sku(18): 2},
        customer=buyer,
        payment="barion",
        status_id=catalog.PAID_STATUS_ID,
        currency="EUR",
        created_at=datetime(2025, 2, 27, 23, 50),
    )
    assert raw["value"] == "0.00255000"

    draft = draft_order(settings(paid_statuses=[catalog.PAID_STATUS_ID]), order)

    assert (draft.billing_country_code, draft.delivery_country_code) == ("AT", "AT")
    assert draft.customer.billing.country == "Ausztria"
    assert draft.exchange_rate == Decimal("392.156863")  # 1 / 0.00255, six places
    assert draft.paid_on == date(2025, 2, 27)  # the shop's day of the status (Budapest)
    assert draft.review is None  # cents add up to the shop's TOTAL
    assert sum(line.gross for line in draft.lines) == total(order)
    assert all(line.gross == line.gross.quantize(Decimal("0.01")) for line in draft.lines)


def test_an_order_is_unpaid_unless_its_status_is_a_paid_one(shop):
    paid, _ = order_of(shop, {sku(27): 1}, payment="barion", status_id=catalog.PAID_STATUS_ID)
    pending, _ = order_of(shop, {sku(27): 1}, payment="bank_transfer")

    assert draft_order(settings(), paid).paid_on is None  # no paid_statuses
    assert draft_order(settings(paid_statuses=[10, 5]), paid).paid_on is None
    assert draft_order(settings(paid_statuses=[11]), pending).paid_on is None
    assert draft_order(settings(paid_statuses=[11]), paid).paid_on is not None
    assert draft_order(settings(), pending).exchange_rate is None  # HUF
