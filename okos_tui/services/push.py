"""Pushing free stock and prices to a shop: what the queue holds, in batches of 200.

Free stock, not physical: goods already promised to open orders must not be sold again. The
quantity is the free stock summed over the shop's `push_warehouses`, clamped at 0 and rounded
down to a whole number, written to the shop's stock1, its other three counters set to 0 (the
shop sells from all four), or spread over the counters by `stock_counters`. Values are
absolute, so sending one twice
(after a crash between a batch and its recording) is harmless; a queue row is only cleared when
the shop accepted the item and nothing changed meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from peewee import JOIN, Tuple

from okos_tui.config import ShopSettings
from okos_tui.core.notices import Notice, dump_notices, notice, text_notice
from okos_tui.db import (
    PriceList,
    PriceListItem,
    Product,
    PushQueue,
    ShopProduct,
    VatRate,
    database,
)
from okos_tui.domain.stock.reservations import UNIT, free_units
from okos_tui.services.setup import queue_all_products
from okos_tui.shop.binder import (
    clear_missing,
    forget_shop_id,
    known_shop_ids,
    mark_missing,
    remember_shop_products,
    stocked_skus,
)
from okos_tui.shop.client import BatchItemResult, ShopClient
from okos_tui.shop.errors import ShopError
from okos_tui.shop.parsing import link_id, text

BATCH_SIZE = 200
MONEY_TEXT = Decimal("0.0001")


@dataclass
class PushResult:
    shop: str
    pushed: int = 0
    failed: int = 0
    missing: list[str] = field(default_factory=list)  # SKUs the shop does not have (reported once)
    warnings: list[Notice] = field(default_factory=list)
    batches: int = 0
    error: Notice | None = None  # the shop failed mid-way: what was sent before it is counted

    @property
    def nothing_done(self) -> bool:
        """No batch sent, no SKU found missing, nothing to warn about but `error`."""
        return not (self.batches or self.missing or any(w != self.error for w in self.warnings))


@dataclass(frozen=True)
class PushValue:
    product_id: int
    sku: str
    version: int
    quantity: int  # all the shop may sell: the sum of `counters`
    price: Decimal | None
    vat_code: str
    counters: tuple[int, int, int, int] = (0, 0, 0, 0)  # stock1..stock4


COUNTERS = ("stock1", "stock2", "stock3", "stock4")


def counter_quantities(
    product_ids: Sequence[int], shop: ShopSettings
) -> dict[int, tuple[int, int, int, int]]:
    """What each of the shop's four stock counters may sell. The shop sells from all four, so
    each is set: by default stock1 is the free stock of `push_warehouses` and the others 0;
    with `stock_counters` each counter is the free stock of the warehouses mapped to it."""
    mapping = dict(shop.stock_counters)
    if not mapping:
        free = free_quantities(product_ids, shop.push_warehouses)
        return {pid: (free.get(pid, 0), 0, 0, 0) for pid in product_ids}
    per_counter = {
        counter: free_quantities(product_ids, [w for w, c in mapping.items() if c == counter])
        for counter in COUNTERS
        if counter in mapping.values()
    }

    def of(pid: int, counter: str) -> int:
        return per_counter[counter].get(pid, 0) if counter in per_counter else 0

    return {
        pid: (of(pid, "stock1"), of(pid, "stock2"), of(pid, "stock3"), of(pid, "stock4"))
        for pid in product_ids
    }


def free_quantities(product_ids: Sequence[int], warehouse_codes: Sequence[str]) -> dict[int, int]:
    """What a shop may sell: free stock over the warehouses, clamped at 0 and rounded down to
    whole units, per product (integer floor division of thousandths: never a float)."""
    free = free_units(product_ids, warehouse_codes)
    return {pid: max(0, units) // UNIT for pid, units in free.items()}


def _prices(shop: ShopSettings, products: dict[int, Product]) -> dict[int, Decimal | None]:
    if shop.push_price == "none":
        return dict.fromkeys(products)
    if shop.push_price == "list":
        return {pid: p.net_price for pid, p in products.items()}
    if shop.push_price == "purchase":
        return {pid: p.purchase_price for pid, p in products.items()}
    name = shop.push_price.partition(":")[2]
    items = dict(
        PriceListItem.select(PriceListItem.product, PriceListItem.net_price)
        .join(PriceList)
        .where((PriceList.name == name) & PriceListItem.product.in_(list(products)))
        .tuples()
    )
    # .tuples() already converts net_price (a MoneyField) to a Decimal: no scaling here
    return {pid: items.get(pid) for pid in products}


def pending_values(shop: ShopSettings, limit: int | None = None) -> list[PushValue]:
    """The queued products of `shop` with the values to send, read in one short transaction."""
    with database.atomic():
        query = (
            PushQueue.select(PushQueue.product, PushQueue.version)
            .join(
                ShopProduct,
                JOIN.LEFT_OUTER,
                on=((ShopProduct.product == PushQueue.product) & (ShopProduct.shop == shop.name)),
            )
            .where(
                (PushQueue.shop == shop.name)
                & (ShopProduct.missing.is_null() | (ShopProduct.missing == False))  # noqa: E712
            )
            .order_by(PushQueue.id)
            .tuples()
        )
        if limit:
            query = query.limit(limit)
        versions = dict(query)
        if not versions:
            return []
        # flat rows reached through the queue: no IN list of every queued id and no VatRate
        # instances (for 10,000 products this took 0.5-0.7 s before a full push's first request)
        products = {
            p.id: p
            for p in Product.select(
                Product.id,
                Product.sku,
                Product.net_price,
                Product.purchase_price,
                VatRate.code.alias("vat_code"),
            )
            .join(VatRate)
            .join_from(Product, PushQueue, on=(PushQueue.product == Product.id))
            .where(PushQueue.shop == shop.name)
            .objects()
            if p.id in versions
        }
        counters = counter_quantities(list(products), shop)
        prices = _prices(shop, products)
    return [
        PushValue(
            product_id=pid,
            sku=products[pid].sku,
            version=versions[pid],
            quantity=sum(counters[pid]),
            price=prices[pid],
            vat_code=products[pid].vat_code,
            counters=counters[pid],
        )
        for pid in versions
        if pid in products
    ]


class ShopPush:
    """Pushes one shop's queue through `client`; learns shop product ids as it needs them."""

    def __init__(
        self,
        shop: ShopSettings,
        client: ShopClient,
        *,
        on_batch: Callable[[int], None] | None = None,
    ) -> None:
        self.shop = shop
        self.client = client
        self.on_batch = on_batch or (lambda pushed: None)
        self._tax_classes: dict[str, str] | None = None
        self._unknown_tax_classes: set[str] = set()

    def run(self, *, full: bool = False) -> PushResult:
        """Push the queue. A shop error (unreachable, 429/5xx after the client's attempts, a
        timeout) ends the push but is not raised: `error` says why, and the batches already
        accepted, the items refused and the SKUs found missing stay counted and reported (the
        sync log must say what was pushed, and a missing SKU is reported only once)."""
        result = PushResult(shop=self.shop.name)
        try:
            self._run(result, full=full)
        except ShopError as exc:
            result.error = notice("push.failed", shop=self.shop.name, detail=str(exc))
            result.warnings.append(result.error)
        return result

    def _run(self, result: PushResult, *, full: bool) -> None:
        if full:
            with database.atomic():
                clear_missing(self.shop.name)
                queue_all_products(self.shop.name)
        values = pending_values(self.shop)
        if not values:
            return
        price_list = self.shop.push_price.partition("pricelist:")[2]
        if price_list and not PriceList.select().where(PriceList.name == price_list).exists():
            result.warnings.append(  # a typo in push_price: only the stock goes
                notice("push.unknown_price_list", shop=self.shop.name, name=price_list)
            )
        ids = self._shop_ids(values, result, refresh=full)
        sendable = [v for v in values if ids.get(v.product_id)]
        for start in range(0, len(sendable), BATCH_SIZE):
            self._send(sendable[start : start + BATCH_SIZE], ids, result)

    # -- shop product ids ------------------------------------------------------------------
    def _shop_ids(
        self, values: list[PushValue], result: PushResult, *, refresh: bool
    ) -> dict[int, str]:
        """Ids from earlier pushes and order items; unknown ones by paging the shop's products
        once (200 a page: 50 requests for 10,000 products, not one look-up per SKU)."""
        ids = {} if refresh else known_shop_ids(self.shop.name, [v.product_id for v in values])
        unknown = [v for v in values if v.product_id not in ids]
        if not unknown:
            return ids
        by_sku: dict[str, str] = {}
        for record in self.client.iter_pages("products", {"full": 1, "limit": 200}):
            sku, shop_id = text(record.get("sku")), text(record.get("id")) or link_id(record)
            if sku and shop_id:
                by_sku[sku] = shop_id
        skus = stocked_skus()
        with database.atomic():
            remember_shop_products(
                self.shop.name,
                [(skus[sku], shop_id) for sku, shop_id in by_sku.items() if sku in skus],
            )
            for value in unknown:
                if value.sku not in by_sku:
                    mark_missing(self.shop.name, value.product_id)
                    PushQueue.delete().where(
                        (PushQueue.shop == self.shop.name)
                        & (PushQueue.product == value.product_id)
                        & (PushQueue.version == value.version)
                    ).execute()
                    result.missing.append(value.sku)
        if result.missing:
            result.warnings.append(
                notice(
                    "push.missing_skus",
                    shop=self.shop.name,
                    count=len(result.missing),
                    skus=", ".join(result.missing[:10])
                    + (" …" if len(result.missing) > 10 else ""),
                )
            )
        ids.update(known_shop_ids(self.shop.name, [v.product_id for v in unknown]))
        return ids

    # -- sending ---------------------------------------------------------------------------
    def _tax_class_id(self, vat_code: str, result: PushResult) -> str | None:
        """Only with a vat_map: the shop's tax class id for a local VAT code, by its name
        ("" without a vat_map; None when the shop has no tax class of that name, warned about
        once a push)."""
        if not self.shop.vat_map:
            return ""
        if self._tax_classes is None:
            self._tax_classes = {
                text(record.get("name")).replace(" ", ""): text(record.get("id")) or link_id(record)
                for record in self.client.iter_pages("taxClasses", {"full": 1, "limit": 200})
            }
        name = self.shop.shop_tax_class(vat_code)
        found = self._tax_classes.get(name.replace(" ", ""))
        if not found and name not in self._unknown_tax_classes:
            self._unknown_tax_classes.add(name)
            result.warnings.append(
                notice("push.unknown_tax_class", shop=self.shop.name, name=name, vat=vat_code)
            )
        return found or None

    def _payload(self, value: PushValue, result: PushResult) -> dict:
        """The four stock counters always (the shop sells from each: a counter left as it was
        would go on selling what is gone); the price unless push_price = "none", with the tax
        class when there is a vat_map. A price whose tax class the shop lacks is held back: the
        shop would show it with the wrong VAT (a VAT-exempt seller's net price as a gross plus
        27 %)."""
        data: dict = {
            name: str(quantity) for name, quantity in zip(COUNTERS, value.counters, strict=True)
        }
        if value.price is not None:
            tax_class = self._tax_class_id(value.vat_code, result)
            if tax_class is None:
                return data
            data["price"] = str(value.price.quantize(MONEY_TEXT))
            if tax_class:
                data["taxClass"] = {"id": tax_class}
        return data

    def _send(self, values: list[PushValue], ids: dict[int, str], result: PushResult) -> None:
        uris = [f"products/{ids[v.product_id]}" for v in values]
        requests = [
            {
                "method": "PUT",
                "uri": uri,
                "data": self._payload(v, result),
            }
            for v, uri in zip(values, uris, strict=True)
        ]
        answers = self.client.batch(requests)
        result.batches += 1
        answered = matched_answers(uris, answers)
        accepted: list[tuple[int, int]] = []
        with database.atomic():
            for value, answer in zip(values, answered, strict=False):
                row = (PushQueue.shop == self.shop.name) & (PushQueue.product == value.product_id)
                if answer is not None and answer.ok:
                    accepted.append((value.product_id, value.version))
                    result.pushed += 1
                    continue
                result.failed += 1
                error = (  # the shop's own words, or ours, worded when shown
                    text_notice(f"HTTP {answer.status}: {_message(answer.body)}")
                    if answer is not None
                    else notice("push.no_answer")
                )
                PushQueue.update(
                    attempts=PushQueue.attempts + 1, last_error=dump_notices([error])
                ).where(row).execute()
                if answer is not None and answer.status == 404:  # a stale id: learn it again
                    forget_shop_id(self.shop.name, value.product_id)
                result.warnings.append(
                    notice("push.item_failed", shop=self.shop.name, sku=value.sku, error=error)
                )
            if accepted:  # one statement, not 200; a row whose version moved on stays
                PushQueue.delete().where(
                    (PushQueue.shop == self.shop.name)
                    & Tuple(PushQueue.product, PushQueue.version).in_(accepted)
                ).execute()
        self.on_batch(result.pushed)


def matched_answers(
    uris: list[str], answers: list[BatchItemResult]
) -> list[BatchItemResult | None]:
    """Each request's answer, found by its `uri` (the shop may answer in another order); None
    for a request the answer leaves out, which then stays queued. An answer that names no uri
    at all is taken by its position, the only thing left to go by."""
    if answers and not any(answer.uri for answer in answers):
        return [*answers[: len(uris)], *[None] * (len(uris) - len(answers))]
    by_uri = {_resource(answer.uri): answer for answer in answers if answer.uri}
    return [by_uri.get(_resource(uri)) for uri in uris]


def _resource(uri: str) -> str:
    """products/ID of an absolute or relative uri, without a query or a trailing slash."""
    path = uri.split("?", 1)[0].rstrip("/")
    parts = path.split("/")
    return "/".join(parts[-2:])


def _message(body: object) -> str:
    if isinstance(body, dict):
        return str(body.get("message") or body.get("error") or body)[:200]
    return str(body)[:200]


def pending_count(shop: str) -> int:
    return PushQueue.select().where(PushQueue.shop == shop).count()
