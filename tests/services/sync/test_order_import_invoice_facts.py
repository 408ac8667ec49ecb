"""What an invoice needs comes with the shop's order, end to end through the emulated shop on
127.0.0.1: the countries' ISO codes, the exchange rate of an order in EUR, the paid date of an
order in a paid status (at import and when a later sync sees it paid), the deposit as a line
outside the scope of VAT (ATK through [shops.vat_map]), and `coupon_vat` from okos.toml. The
imported orders are then invoiced."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from okos_tui.config import Config
from okos_tui.core.notices import load_notices
from okos_tui.db import Product, SalesOrder
from okos_tui.domain.invoicing import issue_invoice
from okos_tui.domain.stock.reservations import reserved_units
from okos_tui.domain.tax.vat import VatCategory
from okos_tui.fakeshop import FakeShop, catalog
from okos_tui.services.settings import invoice_settings

from .import_helpers import (
    SECRET_ENV,
    add_tables,
    fake_shop_table,
    gross_of,
    lines_of,
    local,
    open_config,
    shop_settings,
    shop_total,
    sync,
)

PAID = catalog.PAID_STATUS_ID
VAT_MAP = '\n[shops.vat_map]\nATK = "0 %"\n'


@pytest.fixture
def shop() -> Iterator[FakeShop]:
    """A shop with its products and no orders yet: each test places its own."""
    with FakeShop(shop_settings(seed_orders=0)) as running:
        yield running


@pytest.fixture
def config(config_file: Path, shop: FakeShop, monkeypatch: pytest.MonkeyPatch) -> Config:
    monkeypatch.setenv(SECRET_ENV, shop.settings.client_secret)
    add_tables(
        config_file,
        fake_shop_table(shop, paid_statuses=[PAID], cancel_statuses=[catalog.STORNO_STATUS_ID]),
        VAT_MAP,
    )
    return open_config(config_file)


def skus(shop: FakeShop) -> dict[str, str]:
    """A product of each kind the tests need: 27%, 18%, one with a bottle deposit."""
    with shop.state.lock:
        products = sorted(shop.state.products.values(), key=lambda p: p.product_id)
    plain = [p for p in products if p.subtract_stock and not p.has_deposit and sum(p.stock) > 3]
    return {
        "27": next(p.sku for p in plain if p.tax_class_id == catalog.VAT_27),
        "18": next(p.sku for p in plain if p.tax_class_id == catalog.VAT_18),
        "deposit": next(p.sku for p in products if p.has_deposit and sum(p.stock) > 3),
    }


def settings_for(config: Config):
    return replace(invoice_settings(config), allow_negative=True)  # no stock counted here


def test_countries_rate_paid_date_and_deposit_arrive_and_the_orders_invoice(shop, config):
    sku = skus(shop)
    abroad = shop.guest("Huber", "Anna", postcode="1010", city="Wien", country="AT")
    eur_id = shop.place_order(
        {sku["27"]: 2, sku["18"]: 1, sku["deposit"]: 3},
        customer=abroad,
        payment="barion",
        status_id=PAID,
        currency="EUR",
        coupon="NYAR10",
        created_at=datetime(2025, 2, 27, 21, 15),
    )
    huf_id = shop.place_order(
        {sku["27"]: 1, sku["deposit"]: 2}, customer=shop.guest(), payment="cod"
    )
    eur_raw, huf_raw = shop.order(eur_id), shop.order(huf_id)

    result = sync(config)

    assert result.ok and result.skipped == [] and result.warnings == [], result.warnings
    eur, huf = local(eur_id), local(huf_id)
    assert (eur.billing_country_code, eur.delivery_country_code) == ("AT", "AT")
    assert (huf.billing_country_code, huf.delivery_country_code) == ("HU", "HU")
    assert eur.currency == "EUR"
    expected_rate = (1 / Decimal(eur_raw["value"])).quantize(Decimal("0.000001"))
    assert eur.exchange_rate == expected_rate == Decimal("392.156863")
    assert huf.exchange_rate is None  # invoicing takes 1
    assert eur.paid_on == date(2025, 2, 27)  # the day the shop set "Fizetve"
    assert huf.paid_on is None  # cash on delivery: not paid yet
    for order, raw in ((eur, eur_raw), (huf, huf_raw)):
        assert gross_of(order) == shop_total(raw)
        deposits = [line for line in lines_of(order) if line.name == "Visszaváltási díj – palack"]
        assert [line.vat_rate.code for line in deposits] == ["ATK"]
        assert deposits[0].vat == 0

    for order in (eur, huf):
        invoice = issue_invoice(order.number, settings_for(config), issued_on=date(2025, 3, 3))
        assert invoice.currency == order.currency
        assert invoice.exchange_rate == (order.exchange_rate or Decimal(1))
        assert invoice.paid_on == order.paid_on
        assert invoice.buyer_country_code == order.billing_country_code
        categories = {line.vat_code: line.vat_category for line in invoice.lines}
        assert categories["ATK"] == VatCategory.OUT_OF_SCOPE
        assert invoice.gross_total == shop_total(shop.order(order.shop_order_id))
        if order is eur:  # paid by card (BARION, the shop's code): fulfilled when paid
            assert (invoice.payment_code, invoice.fulfilled_on) == ("BARION", date(2025, 2, 27))
            assert invoice.rounding == 0
        else:  # cash on delivery (COD): fulfilled on issue, the payable rounded to 0/5 Ft
            assert (invoice.payment_code, invoice.fulfilled_on) == ("COD", date(2025, 3, 3))
            assert invoice.payable % 5 == 0 and abs(invoice.rounding) <= 2
    assert local(eur_id).status == "invoiced"


def test_a_later_sync_records_the_day_an_open_order_was_paid_once(shop, config):
    sku = skus(shop)
    transfer = shop.place_order({sku["27"]: 1}, payment="bank_transfer")
    invoiced = shop.place_order({sku["18"]: 1}, payment="bank_transfer")
    sync(config)
    assert local(transfer).paid_on is None
    issue_invoice(local(invoiced).number, settings_for(config))

    shop.update_order_status(transfer, PAID)  # the transfer arrived
    shop.update_order_status(invoiced, PAID)
    result = sync(config)

    changed_on = date.fromisoformat(shop.order(transfer)["dateUpdated"][:10])
    assert local(transfer).paid_on == changed_on
    assert local(invoiced).paid_on is None  # not OPEN any more: left as invoiced
    assert {n.params["number"] for n in result.flagged} == {transfer, invoiced}  # still flagged

    SalesOrder.update(paid_on=date(2025, 1, 2)).where(
        SalesOrder.shop_order_id == transfer
    ).execute()
    shop.update_order_status(transfer, catalog.COMPLETE_STATUS_ID)
    shop.update_order_status(transfer, PAID)
    sync(config)

    assert local(transfer).paid_on == date(2025, 1, 2)  # a paid date, once set, stays


def test_a_status_that_does_not_mean_paid_leaves_the_order_unpaid(shop, config):
    order_id = shop.place_order({skus(shop)["27"]: 1}, payment="bank_transfer")
    sync(config)
    shop.update_order_status(order_id, 10)  # "Fizetésre vár": awaiting payment

    sync(config)

    assert local(order_id).paid_on is None


@pytest.mark.parametrize(("coupon_vat", "rates"), [("pro_rata", [18, 27]), ("shop", [27])])
def test_coupon_vat_from_okos_toml_decides_how_the_coupon_is_taxed(
    shop, config_file, monkeypatch, coupon_vat, rates
):
    monkeypatch.setenv(SECRET_ENV, shop.settings.client_secret)
    table = f'\n[invoicing]\ncoupon_vat = "{coupon_vat}"\n'
    config = open_config(add_tables(config_file, table, fake_shop_table(shop)))
    sku = skus(shop)
    order_id = shop.place_order({sku["27"]: 2, sku["18"]: 2}, coupon="NYAR10")
    raw = shop.order(order_id)

    result = sync(config)

    assert result.ok and result.warnings == [], result.warnings
    order = local(order_id)
    coupon = [line for line in lines_of(order) if line.is_service and line.gross < 0]
    assert sorted(int(line.vat_rate.rate) for line in coupon) == rates
    assert gross_of(order) == shop_total(raw)


def reserved(product_id: int) -> Decimal:
    """What OPEN orders reserve of a product, in whole units."""
    rows = reserved_units(product_ids=[product_id]).tuples()
    return sum((Decimal(units) / 1000 for _, units in rows), Decimal(0))


def test_a_cancellation_in_the_shop_releases_the_stock_or_flags_an_invoiced_order(shop, config):
    sku = skus(shop)
    open_order = shop.place_order({sku["27"]: 2}, payment="bank_transfer")
    invoiced = shop.place_order({sku["18"]: 1}, payment="bank_transfer")
    sync(config)
    issue_invoice(local(invoiced).number, settings_for(config))
    product = Product.get(Product.sku == sku["27"])
    assert reserved(product.id) == 2

    shop.update_order_status(open_order, catalog.STORNO_STATUS_ID)
    shop.update_order_status(invoiced, catalog.STORNO_STATUS_ID)
    result = sync(config)

    assert local(open_order).status == "cancelled"
    assert reserved(product.id) == 0  # released within one sync
    assert local(invoiced).status == "invoiced"  # a storno is a person's decision
    keys = {n.key for n in result.warnings}
    assert {"sync.cancelled_in_shop", "sync.cancelled_after_invoice"} <= keys
    notes = {
        n.key for order in (open_order, invoiced) for n in load_notices(local(order).review_note)
    }
    assert {"sync.cancelled_in_shop", "sync.cancelled_after_invoice"} <= notes

    again = sync(config)  # nothing twice
    assert not {n.key for n in again.warnings} & keys
