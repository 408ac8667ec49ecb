"""Binding a shop's data to our records: the master records an imported order refers to, and
the shop's ids of our products (learnt from order items and the shop's product list, used by
the push)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from peewee import JOIN

from okos_tui.config import ShopSettings
from okos_tui.core.notices import notice
from okos_tui.db import PaymentMethod, Product, ShippingMethod, ShopProduct, VatRate, Warehouse
from okos_tui.domain.catalog.lookup import warehouse_by_code
from okos_tui.domain.sales.orders import method_record
from okos_tui.shop.mapper import DraftLine, ImportRefused, slug

UPSERT_BATCH = 500


class MasterRecords:
    """The master records one sync cycle of one shop meets, each read once per cycle instead
    of once per line: VAT rates, products by SKU (with the shop's id of each), service items,
    payment and shipping methods, the shop's warehouse.

    It only holds records of committed transactions: call `forget` when an order's transaction
    rolled back (a product created there no longer exists). A SKU or VAT rate not found is not
    remembered, so one created meanwhile (in the app, say) is found next time."""

    def __init__(self, shop: ShopSettings) -> None:
        self.shop = shop
        self.forget()

    def forget(self) -> None:
        self.vats: dict[str, VatRate] = {}
        self.products: dict[str, Product] = {}  # by SKU
        self.shop_ids: dict[int, str | None] = {}  # product id -> the shop's id known here
        self.services: dict[tuple[str, str], Product] = {}  # (service code, addon name)
        self.methods: dict[tuple[type, str], PaymentMethod | ShippingMethod | None] = {}
        self._warehouse: Warehouse | None = None

    def vat(self, code: str) -> VatRate:
        vat = self.vats.get(code)
        if vat is None:
            vat = VatRate.get_or_none(VatRate.code == code)
            if vat is None:
                raise ImportRefused(notice("sync.unknown_vat", rate=code))
            self.vats[code] = vat
        return vat

    def load_products(self, skus: Iterable[str]) -> None:
        """The products of these SKUs not met yet this cycle, in one SELECT, each with the
        shop's product id already known here."""
        missing = [sku for sku in set(skus) if sku not in self.products]
        if not missing:
            return
        query = (
            Product.select(Product, ShopProduct.shop_product_id.alias("known_shop_id"))
            .join(
                ShopProduct,
                JOIN.LEFT_OUTER,
                on=(ShopProduct.product == Product.id) & (ShopProduct.shop == self.shop.name),
            )
            .where(Product.sku.in_(missing))
            .objects()
        )
        for product in query:
            self.products[product.sku] = product
            self.shop_ids[product.id] = product.known_shop_id

    def product(self, line: DraftLine, vat: VatRate) -> Product:
        """The product a line is on: a stock item by SKU (created from the shop's item when
        new), or a service item."""
        if not line.sku:
            return self._service(line, vat)
        product = self.products.get(line.sku)
        if product is None:
            product = Product.create(
                sku=line.sku, name=line.name, unit="db", vat_rate=vat, net_price=line.list_net
            )
            self.products[line.sku] = product
            self.shop_ids[product.id] = None
        return product

    def _service(self, line: DraftLine, vat: VatRate) -> Product:
        """A fee's or discount's service item by its code; an addon's by the shop's name.
        Services hold no stock; a new one is named in Hungarian, like the documents."""
        key = (line.service_code, "" if line.service_code else line.name)
        product = self.services.get(key)
        if product is not None:
            return product
        if line.service_code:
            product = Product.get_or_none(Product.service_code == line.service_code)
        else:
            product = Product.get_or_none(
                (Product.name == line.name)
                & (Product.is_service == True)  # noqa: E712
                & Product.service_code.is_null()
            )
        if product is None:
            name = line.service_name
            base = f"SZ-{slug(name)}"
            sku, n = base, 1
            while Product.select().where(Product.sku == sku).exists():
                n += 1
                sku = f"{base}-{n}"
            product = Product.create(
                sku=sku,
                name=name,
                unit="db",
                vat_rate=vat,
                is_service=True,
                service_code=line.service_code or None,
            )
        self.services[key] = product
        return product

    def method(
        self, model: type[PaymentMethod] | type[ShippingMethod], name: str, code: str = ""
    ) -> PaymentMethod | ShippingMethod | None:
        key = (model, name)
        if key not in self.methods:
            self.methods[key] = method_record(model, name, code)
        return self.methods[key]

    def warehouse(self) -> Warehouse:
        if self._warehouse is None:
            self._warehouse = warehouse_by_code(self.shop.warehouse)
        return self._warehouse


# -- the shop's ids of our products ------------------------------------------------------------


def remember_shop_product(shop: str, product_id: int, shop_product_id: str) -> None:
    """A product's id in the shop (order items carry it): no look-up needed when pushing."""
    if shop_product_id:
        ShopProduct.insert(
            shop=shop, product=product_id, shop_product_id=shop_product_id, missing=False
        ).on_conflict(
            conflict_target=[ShopProduct.shop, ShopProduct.product],
            update={ShopProduct.shop_product_id: shop_product_id, ShopProduct.missing: False},
        ).execute()


def remember_shop_products(shop: str, pairs: Sequence[tuple[int, str]]) -> None:
    """`remember_shop_product` of many (product id, shop id): multi-row upserts, not one
    statement each (10,000 single upserts took seconds after a full push's last page)."""
    fields = [
        ShopProduct.shop,
        ShopProduct.product,
        ShopProduct.shop_product_id,
        ShopProduct.missing,
    ]
    for start in range(0, len(pairs), UPSERT_BATCH):
        rows = [(shop, pid, shop_id, False) for pid, shop_id in pairs[start : start + UPSERT_BATCH]]
        ShopProduct.insert_many(rows, fields=fields).on_conflict(
            conflict_target=[ShopProduct.shop, ShopProduct.product],
            preserve=[ShopProduct.shop_product_id, ShopProduct.missing],
        ).execute()


def known_shop_ids(shop: str, product_ids: Sequence[int]) -> dict[int, str]:
    return dict(
        ShopProduct.select(ShopProduct.product, ShopProduct.shop_product_id)
        .where(
            (ShopProduct.shop == shop)
            & ShopProduct.product.in_(list(product_ids))
            & ShopProduct.shop_product_id.is_null(False)
        )
        .tuples()
    )


def mark_missing(shop: str, product_id: int) -> None:
    """The shop has no product with this SKU: not pushed again until a full push."""
    ShopProduct.insert(shop=shop, product=product_id, missing=True).on_conflict(
        conflict_target=[ShopProduct.shop, ShopProduct.product],
        update={ShopProduct.missing: True, ShopProduct.shop_product_id: None},
    ).execute()


def forget_shop_id(shop: str, product_id: int) -> None:
    """The shop answered 404 for this id: it is stale, learn it again next time."""
    ShopProduct.update(shop_product_id=None).where(
        (ShopProduct.shop == shop) & (ShopProduct.product == product_id)
    ).execute()


def clear_missing(shop: str) -> None:
    """A full push looks for every product again."""
    ShopProduct.update(missing=False).where(ShopProduct.shop == shop).execute()


def stocked_skus() -> dict[str, int]:
    """Product ids by SKU, services left out (the shop's products are matched by SKU)."""
    return dict(
        Product.select(Product.sku, Product.id).where(Product.is_service == False).tuples()  # noqa: E712
    )
