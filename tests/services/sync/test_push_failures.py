"""When the push goes wrong: a refused batch item, a product deleted in the shop, a SKU the shop
does not have, 429/5xx/timeouts, a crash between a batch and its recording, a change made while
a batch is on its way. Nothing queued is ever lost, and the order download never suffers."""

from __future__ import annotations

import math
import threading
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from okos_tui.config import Config
from okos_tui.core.notices import load_notices, render_all
from okos_tui.db import Product, PushQueue, SalesOrder, ShopProduct, VatRate
from okos_tui.domain.stock.documents import ItemInput, receive_goods
from okos_tui.fakeshop import FakeShop
from okos_tui.fakeshop import ids as shop_ids
from okos_tui.fakeshop.catalog import VAT_0
from okos_tui.fakeshop.models import Product as ShopRecord
from okos_tui.services import push as push_module
from okos_tui.shop.client import ShopClient, ShopConnection

from .import_helpers import last_log
from .push_helpers import (
    PUSH_ATTEMPTS,
    SKUS,
    add_products,
    batch_requests,
    cycle,
    delete_in_shop,
    missing,
    open_config,
    product_pages,
    push,
    push_client,
    pushed_items,
    pushed_skus,
    queue_row,
    queued,
    shop_product_id,
    shop_settings,
    shop_table,
    stock1,
    write_config,
)

pytestmark = pytest.mark.usefixtures("push_secret")  # `shop`: see conftest.py


def _pushed_once(tmp_path: Path, shop: FakeShop, **push_settings: Any) -> Config:
    """okos.toml, six products with 10 in MAIN each, one cycle: everything in the shop."""
    config = open_config(write_config(tmp_path, shop_table(shop, **push_settings)))
    add_products(shop)
    receive_goods("MAIN", [ItemInput(sku, "10") for sku in SKUS])
    first = cycle(config)
    assert first.ok and first.pushed == len(SKUS) and queued() == {}
    shop.clear_requests()
    return config


def _logged_warnings() -> str:
    """The warnings of the newest sync log entry, worded as they are shown."""
    return render_all(load_notices(last_log().warnings))


def _fail_item(
    shop: FakeShop, monkeypatch: pytest.MonkeyPatch, sku: str, *, status: int = 500, times: int = 1
) -> None:
    """The shop refuses the batch item for `sku` the next `times` times (the others go on)."""
    real = shop._api._batch_item
    target = "/" + shop_product_id(shop, sku)
    left = [times]

    def refusing(request: Any, base_url: str) -> dict[str, Any]:
        if isinstance(request, dict) and str(request.get("uri", "")).endswith(target) and left[0]:
            left[0] -= 1
            body = {"error": status, "innerCode": status * 100, "message": "Injected item failure."}
            return {
                "method": request.get("method"),
                "uri": request["uri"],
                "response": {"header": {"statusCode": status}, "body": body},
            }
        return real(request, base_url)

    monkeypatch.setattr(shop._api, "_batch_item", refusing)


# refused items -----------------------------------------------------------------------------


@pytest.mark.parametrize("status", [500, 400, 409])
def test_a_refused_item_stays_queued_and_is_sent_again_next_cycle(
    tmp_path: Path, shop: FakeShop, monkeypatch: pytest.MonkeyPatch, status: int
) -> None:
    config = _pushed_once(tmp_path, shop)
    receive_goods("MAIN", [ItemInput(sku, "1") for sku in ("KON-0001", "KOZ-0002", "KOZ-0003")])
    _fail_item(shop, monkeypatch, "KOZ-0002", status=status)

    first = cycle(config)

    assert first.ok  # a refused item is a warning, not a failed cycle
    assert (first.pushed, first.push_failed) == (2, 1)
    assert stock1(shop, "KON-0001") == 11 and stock1(shop, "KOZ-0002") == 10
    row = queue_row("KOZ-0002")
    assert row is not None and row.attempts == 1 and f"HTTP {status}" in row.last_error
    assert set(queued()) == {"KOZ-0002"}
    log = last_log()
    assert (log.products_pushed, log.push_failed, log.status) == (2, 1, "ok")
    assert "KOZ-0002" in render_all(load_notices(log.warnings))
    shop.clear_requests()

    second = cycle(config)

    assert (second.pushed, second.push_failed) == (1, 0)
    assert pushed_skus(shop) == ["KOZ-0002"]
    assert stock1(shop, "KOZ-0002") == 11
    assert queued() == {} and product_pages(shop) == []


def test_a_product_deleted_in_the_shop_is_looked_up_again_then_reported_once(
    tmp_path: Path, shop: FakeShop
) -> None:
    config = _pushed_once(tmp_path, shop)
    delete_in_shop(shop, "KON-0004")
    receive_goods("MAIN", [ItemInput("KON-0004", "1"), ItemInput("KON-0001", "1")])

    first = cycle(config)  # the stale id gets a 404

    assert (first.pushed, first.push_failed) == (1, 1)
    assert "404" in queue_row("KON-0004").last_error
    known = ShopProduct.get(ShopProduct.product == Product.get(Product.sku == "KON-0004"))
    assert known.shop_product_id is None  # forgotten: it is looked up again

    second = cycle(config)  # the look-up finds no such SKU: reported, dropped

    assert (second.pushed, second.push_failed) == (0, 0)
    assert missing() == {"KON-0004"} and queued() == {}
    assert any("KON-0004" in str(warning) for warning in second.warnings)
    assert "KON-0004" in _logged_warnings()
    shop.clear_requests()
    receive_goods("MAIN", [ItemInput("KON-0004", "1")])

    third = cycle(config)  # changed again: not sent, not looked up, not reported again

    assert (third.pushed, third.push_failed, third.warnings) == (0, 0, [])
    assert batch_requests(shop) == [] and product_pages(shop) == []


def test_a_product_recreated_in_the_shop_under_a_new_id_gets_its_push(
    tmp_path: Path, shop: FakeShop
) -> None:
    config = _pushed_once(tmp_path, shop)
    old = shop.product("KON-0004")
    delete_in_shop(shop, "KON-0004")
    with shop.state.lock:
        new_id = shop.state.new_id("product")
        shop.state.add_product(
            ShopRecord(
                product_id=new_id,
                sku="KON-0004",
                name=old["name"],
                price=Decimal(1),
                cost=Decimal(1),
                tax_class_id=10,
                stock=[0, 0, 0, 0],
                gtin="",
                date_created=old["dateCreated"],
                date_updated=old["dateUpdated"],
            )
        )
    receive_goods("MAIN", [ItemInput("KON-0004", "5")])

    assert cycle(config).push_failed == 1  # 404 on the old id
    second = cycle(config)

    assert (second.pushed, second.push_failed) == (1, 0)
    assert stock1(shop, "KON-0004") == 15 and shop_product_id(shop, "KON-0004") != old["id"]
    assert queued() == {} and missing() == set()


def test_a_sku_the_shop_lacks_is_reported_once_not_retried_and_again_on_full(
    tmp_path: Path, shop: FakeShop
) -> None:
    config = _pushed_once(tmp_path, shop)
    Product.create(sku="NINCS-01", name="Csak helyben", vat_rate=VatRate.get(VatRate.code == "27%"))
    receive_goods("MAIN", [ItemInput("NINCS-01", "3"), ItemInput("KON-0001", "1")])

    first = cycle(config)

    assert first.ok and (first.pushed, first.push_failed) == (1, 0)
    assert [w for w in first.warnings if "NINCS-01" in str(w)]
    assert "NINCS-01" in _logged_warnings()
    assert missing() == {"NINCS-01"} and queued() == {}
    shop.clear_requests()
    for _ in range(3):
        receive_goods("MAIN", [ItemInput("NINCS-01", "1")])
        later = cycle(config)
        assert (later.pushed, later.push_failed, later.warnings) == (0, 0, [])
    assert batch_requests(shop) == [] and product_pages(shop) == []

    full = push(config, full=True)  # --full asks the shop about every SKU again

    assert full.missing == ["NINCS-01"] and full.pushed == len(SKUS) and full.failed == 0
    assert [w for w in full.warnings if "NINCS-01" in str(w)]


# the shop unavailable ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "fault",
    [
        "503 on every batch attempt",
        "429 on every batch attempt",
        "no answer to the batch",
        "500 on the product look-up",
    ],
)
def test_a_push_the_shop_cannot_take_is_kept_and_the_download_still_succeeds(
    tmp_path: Path, shop: FakeShop, fault: str
) -> None:
    config = open_config(write_config(tmp_path, shop_table(shop)))
    add_products(shop)
    receive_goods("MAIN", [ItemInput(sku, "10") for sku in SKUS])
    inner_id = shop.place_order({"KON-0001": 4}, customer=shop.guest())
    attempts = PUSH_ATTEMPTS  # every attempt of the client fails
    if fault.startswith("503"):
        shop.faults.fail_next(503, count=attempts, path="/batch")
    elif fault.startswith("429"):
        shop.faults.fail_next(429, count=attempts, path="/batch", retry_after=0)
    elif fault.startswith("no answer"):
        shop.faults.drop_connection_next(count=attempts, path="/batch")
    else:
        shop.faults.fail_next(500, count=attempts, path="/products")

    first = cycle(config)

    assert first.ok, first.error  # the download is not failed by the push
    assert [o.shop_order_id for o in SalesOrder.select()] == [inner_id]
    assert first.pushed == 0 and any("webshop" in str(w) for w in first.warnings)
    assert set(queued()) == set(SKUS)  # never lost
    assert stock1(shop, "KON-0001") != 6
    assert shop.faults.pending == 0

    second = cycle(config)

    assert second.ok and second.pushed == len(SKUS) and queued() == {}
    assert stock1(shop, "KON-0001") == 6 and stock1(shop, "KON-0004") == 10


def test_a_429_or_503_within_the_attempts_is_retried_in_the_same_cycle(
    tmp_path: Path, shop: FakeShop
) -> None:
    config = _pushed_once(tmp_path, shop)
    receive_goods("MAIN", [ItemInput("KON-0001", "1")])
    shop.faults.fail_next(429, count=1, path="/batch", retry_after=0)
    shop.faults.fail_next(503, count=1, path="/batch")

    result = cycle(config)

    assert (result.pushed, result.push_failed, result.throttled) == (1, 0, 1)
    assert [r.status for r in batch_requests(shop)] == [429, 503, 200]
    assert stock1(shop, "KON-0001") == 11 and queued() == {}


def test_a_batch_that_times_out_is_sent_again_next_cycle(
    tmp_path: Path, shop: FakeShop, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _pushed_once(tmp_path, shop)
    receive_goods("MAIN", [ItemInput("KON-0001", "2")])
    real_post = shop._api._post

    def slow_post(resource: str, body: Any, base_url: str) -> Any:
        answer = real_post(resource, body, base_url)  # the shop does act on it...
        time.sleep(0.6)  # ...but answers too late
        return answer

    monkeypatch.setattr(shop._api, "_post", slow_post)

    def impatient(connection: ShopConnection) -> ShopClient:
        quick = replace(
            connection, requests_per_second=math.inf, timeout_seconds=0.3, max_attempts=2
        )
        return ShopClient(quick, sleep=lambda seconds: None)

    first = cycle(config, client_factory=impatient)

    assert first.ok and first.pushed == 0 and any("webshop" in str(w) for w in first.warnings)
    assert set(queued()) == {"KON-0001"}  # the shop has it, but nobody knows: keep it
    monkeypatch.setattr(shop._api, "_post", real_post)
    shop.clear_requests()

    second = cycle(config)

    assert second.pushed == 1 and pushed_items(shop)[0]["data"]["stock1"] == "12"
    assert queued() == {}


# crashes and concurrent changes ------------------------------------------------------------


def test_a_crash_while_recording_a_batch_keeps_every_row_and_the_same_values_go_again(
    tmp_path: Path, shop: FakeShop, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _pushed_once(tmp_path, shop)
    receive_goods("MAIN", [ItemInput(sku, "3") for sku in SKUS[:3]])
    real_delete = PushQueue.delete

    class CrashAfterDeleting:
        """The recording's DELETE runs, then the power goes: the transaction must roll back."""

        def __init__(self) -> None:
            self.query = real_delete()

        def where(self, *conditions: Any) -> CrashAfterDeleting:
            self.query = self.query.where(*conditions)
            return self

        def execute(self) -> int:
            deleted = self.query.execute()
            assert deleted == 3 and queued() == {}  # gone, inside the open transaction
            raise KeyboardInterrupt("power cut")

    monkeypatch.setattr(push_module.PushQueue, "delete", CrashAfterDeleting)

    with pytest.raises(KeyboardInterrupt):
        push(config)

    monkeypatch.setattr(push_module.PushQueue, "delete", real_delete)
    assert set(queued()) == set(SKUS[:3])
    first_items = pushed_items(shop)
    assert len(first_items) == 3 and stock1(shop, "KON-0001") == 13  # the shop got it
    shop.clear_requests()

    again = push(config)

    assert again.pushed == 3 and queued() == {}
    assert pushed_items(shop) == first_items  # the same absolute values once more
    assert stock1(shop, "KON-0001") == 13


def test_a_crash_after_the_batch_was_answered_loses_nothing(tmp_path: Path, shop: FakeShop) -> None:
    config = _pushed_once(tmp_path, shop)
    receive_goods("MAIN", [ItemInput("KOZ-0003", "5")])

    def crashing(connection: ShopConnection) -> ShopClient:
        client = push_client(connection)
        real_batch = client.batch

        def batch(requests: Any) -> Any:
            real_batch(requests)
            raise SystemExit("killed")

        client.batch = batch  # type: ignore[method-assign]
        return client

    with pytest.raises(SystemExit):
        cycle(config, client_factory=crashing)

    assert set(queued()) == {"KOZ-0003"} and stock1(shop, "KOZ-0003") == 15
    assert cycle(config).pushed == 1 and queued() == {}


def test_a_change_committed_while_the_batch_is_in_flight_keeps_its_queue_row(
    tmp_path: Path, shop: FakeShop, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _pushed_once(tmp_path, shop)
    receive_goods("MAIN", [ItemInput("KON-0001", "1"), ItemInput("KOZ-0002", "1")])
    version = queued()["KON-0001"]
    arrived, release = threading.Event(), threading.Event()
    real_post = shop._api._post

    def held_post(resource: str, body: Any, base_url: str) -> Any:
        arrived.set()
        assert release.wait(10)
        return real_post(resource, body, base_url)

    monkeypatch.setattr(shop._api, "_post", held_post)
    results: list[Any] = []
    worker = threading.Thread(target=lambda: results.append(push(config)))
    worker.start()
    try:
        assert arrived.wait(10), "the batch never came"
        receive_goods("MAIN", [ItemInput("KON-0001", "5")])  # committed meanwhile
    finally:
        release.set()
        worker.join(10)

    assert results and results[0].pushed == 2
    assert stock1(shop, "KON-0001") == 11  # the value read before the change
    assert queued() == {"KON-0001": version + 1}  # ...so the row stays for the new one
    monkeypatch.setattr(shop._api, "_post", real_post)

    assert push(config).pushed == 1
    assert stock1(shop, "KON-0001") == 16 and queued() == {}


# VAT mapping ----------------------------------------------------------------------------------


def test_vat_map_sends_the_shops_tax_class_of_a_vat_exempt_seller(
    tmp_path: Path, shop: FakeShop
) -> None:
    path = write_config(tmp_path, shop_table(shop, vat_map={"AAM": "0 %"}), vat_exempt=True)
    config = open_config(path)
    add_products(shop, ["KON-0001", "KOZ-0002"], vat="AAM")
    receive_goods("MAIN", [ItemInput("KON-0001", "4")])

    result = cycle(config)

    assert result.ok and result.pushed == 2
    zero = shop_ids.tax_class_id(VAT_0)
    for item in pushed_items(shop):
        assert item["data"]["taxClass"] == {"id": zero}
        assert set(item["data"]) == {"stock1", "stock2", "stock3", "stock4", "price", "taxClass"}
    tax_pages = [r for r in shop.requests if r.path.endswith("/taxClasses")]
    assert len(tax_pages) == 1


def test_without_vat_map_no_tax_class_is_sent_or_read(tmp_path: Path, shop: FakeShop) -> None:
    config = open_config(write_config(tmp_path, shop_table(shop), vat_exempt=True))
    add_products(shop, ["KON-0001"], vat="AAM")

    assert cycle(config).pushed == 1
    assert "taxClass" not in pushed_items(shop)[0]["data"]
    assert not [r for r in shop.requests if r.path.endswith("/taxClasses")]
    assert queued() == {}


# a failure part-way through ----------------------------------------------------------------


def _fail_batches_after(
    shop: FakeShop, monkeypatch: pytest.MonkeyPatch, *, first: int, attempts: int = PUSH_ATTEMPTS
) -> None:
    """The shop takes `first` batches, then answers 503 to the next `attempts` batch calls
    (every attempt of the client at the next batch)."""
    real_post = shop._api._post
    taken = [0]

    def post(resource: str, body: Any, base_url: str) -> Any:
        answer = real_post(resource, body, base_url)
        taken[0] += 1
        if taken[0] == first:
            shop.faults.fail_next(503, count=attempts, path="/batch")
        return answer

    monkeypatch.setattr(shop._api, "_post", post)


def test_a_shop_failure_after_some_batches_logs_what_was_pushed_and_keeps_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeShop(shop_settings(seed_products=230)) as shop:
        config = open_config(write_config(tmp_path, shop_table(shop)))
        skus = shop.skus
        add_products(shop, skus)
        Product.create(
            sku="NINCS-01", name="Csak helyben", vat_rate=VatRate.get(VatRate.code == "27%")
        )
        receive_goods("MAIN", [ItemInput(sku, "2") for sku in [*skus, "NINCS-01"]])
        _fail_batches_after(shop, monkeypatch, first=1)

        first = cycle(config)

        assert first.ok, first.error  # the download is not failed by the push
        assert (first.pushed, first.push_failed) == (200, 0)  # the first batch is counted
        assert [w for w in first.warnings if "NINCS-01" in str(w)]  # reported, though it failed
        assert [w for w in first.warnings if "503" in str(w)]
        log = last_log()
        assert (log.products_pushed, log.push_failed, log.status) == (200, 0, "ok")
        logged = render_all(load_notices(log.warnings))
        assert "NINCS-01" in logged and "503" in logged
        assert len(queued()) == len(skus) - 200 and "NINCS-01" not in queued()
        assert shop.faults.pending == 0
        shop.clear_requests()

        second = cycle(config)

        assert (second.pushed, second.push_failed) == (len(skus) - 200, 0)
        assert not [w for w in second.warnings if "NINCS-01" in str(w)]  # reported once only
        assert queued() == {} and len(batch_requests(shop)) == 1
        assert {stock1(shop, sku) for sku in skus} == {2}


def test_an_item_the_batch_answer_leaves_out_stays_queued_as_failed(
    tmp_path: Path, shop: FakeShop, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _pushed_once(tmp_path, shop)
    receive_goods("MAIN", [ItemInput("KON-0001", "1"), ItemInput("KOZ-0002", "1")])
    real_post = shop._api._post

    def short_answer(resource: str, body: Any, base_url: str) -> Any:
        answer = real_post(resource, body, base_url)
        answer.body["requests"]["request"].pop()  # the shop applied both, answered one
        return answer

    monkeypatch.setattr(shop._api, "_post", short_answer)

    first = cycle(config)

    assert first.ok and (first.pushed, first.push_failed) == (1, 1)
    assert set(queued()) == {"KOZ-0002"}
    row = queue_row("KOZ-0002")
    assert row.attempts == 1  # the reason is stored as a code, worded when shown
    assert render_all(load_notices(row.last_error)) == "a bolt nem válaszolt erre a kötegelemre"
    assert [w for w in first.warnings if "KOZ-0002" in str(w)]
    monkeypatch.setattr(shop._api, "_post", real_post)

    assert cycle(config).pushed == 1 and queued() == {}
    assert stock1(shop, "KOZ-0002") == 11


def test_answers_in_another_order_are_matched_by_uri_so_only_the_refused_item_stays(
    tmp_path: Path, shop: FakeShop, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _pushed_once(tmp_path, shop)
    receive_goods("MAIN", [ItemInput(sku, "1") for sku in ("KON-0001", "KOZ-0002", "KOZ-0003")])
    _fail_item(shop, monkeypatch, "KOZ-0003")
    real_post = shop._api._post

    def reversed_answer(resource: str, body: Any, base_url: str) -> Any:
        answer = real_post(resource, body, base_url)
        answer.body["requests"]["request"].reverse()  # the shop answers in its own order
        return answer

    monkeypatch.setattr(shop._api, "_post", reversed_answer)

    first = cycle(config)

    assert (first.pushed, first.push_failed) == (2, 1)
    assert set(queued()) == {"KOZ-0003"}  # not the product whose answer came in its place
    assert stock1(shop, "KON-0001") == 11 and stock1(shop, "KOZ-0002") == 11
    assert [w for w in first.warnings if "KOZ-0003" in str(w)]
