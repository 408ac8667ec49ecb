"""`okos push [--shop NAME] [--full]`: its summary, warnings and exit codes (0 all pushed, 1 items
failed or the shop could not be reached, 2 no shop pushes or an unknown shop), in process and
once as a real subprocess; and what `okos sync --once` says about a SKU the shop lacks."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from okos_tui.db import Product, VatRate, database
from okos_tui.domain.stock.documents import ItemInput, receive_goods
from okos_tui.fakeshop import FakeShop
from okos_tui.i18n import t
from okos_tui.services.sync import engine
from tests.conftest import CliResult
from tests.services.sync.push_helpers import (
    SECRET,
    SECRET_ENV,
    SKUS,
    add_products,
    open_config,
    pushed_skus,
    queued,
    shop_product_id,
    shop_settings,
    shop_table,
    stock1,
    write_config,
)


@pytest.fixture(autouse=True)
def _fast(monkeypatch: pytest.MonkeyPatch) -> None:
    """The secret in the environment; the CLI's client unpaced (the emulated shop has no
    limit here) with two attempts, so a test does not wait out ShopRenter's 3 requests/s."""
    monkeypatch.setenv(SECRET_ENV, SECRET)
    real = engine.connection_for

    def fast(shop: Any, config: Any) -> Any:
        return replace(
            real(shop, config), requests_per_second=math.inf, max_attempts=2, timeout_seconds=5
        )

    monkeypatch.setattr(engine, "connection_for", fast)


@pytest.fixture
def shop() -> Iterator[FakeShop]:
    with FakeShop(shop_settings()) as running:
        yield running


def _prepare(folder: Path, shop: FakeShop, *tables: str) -> Path:
    """okos.toml with `tables` (default: one pushing shop), six products with 10 in MAIN."""
    path = write_config(folder, *(tables or (shop_table(shop),)))
    open_config(path)
    add_products(shop)
    receive_goods("MAIN", [ItemInput(sku, "10") for sku in SKUS])
    database.close()
    return path


def _summary(shop: str, pushed: int, failed: int = 0, missing: int = 0, batches: int = 1) -> str:
    return t(
        "push.summary", shop=shop, pushed=pushed, failed=failed, missing=missing, batches=batches
    )


def test_push_prints_a_summary_and_exits_0(
    tmp_path: Path, shop: FakeShop, okos: Callable[..., CliResult]
) -> None:
    path = _prepare(tmp_path, shop)

    first = okos("push", config=path)
    again = okos("push", config=path)

    assert (first.code, first.err) == (0, "")
    assert first.out.strip() == _summary("webshop", len(SKUS))
    assert stock1(shop, "KON-0001") == 10
    assert (again.code, again.out.strip()) == (0, _summary("webshop", 0, batches=0))


def test_push_full_sends_every_product_again(
    tmp_path: Path, shop: FakeShop, okos: Callable[..., CliResult]
) -> None:
    path = _prepare(tmp_path, shop)
    assert okos("push", config=path).code == 0
    shop.clear_requests()

    full = okos("push", "--full", "--shop", "webshop", config=path)

    assert (full.code, full.out.strip()) == (0, _summary("webshop", len(SKUS)))
    assert sorted(pushed_skus(shop)) == sorted(SKUS)


def test_a_failed_item_exits_1_and_names_the_sku(
    tmp_path: Path, shop: FakeShop, okos: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _prepare(tmp_path, shop)
    target = "/" + shop_product_id(shop, "KON-0004")
    real = shop._api._batch_item

    def refusing(request: Any, base_url: str) -> dict[str, Any]:
        if str(request.get("uri", "")).endswith(target):
            body = {"error": 400, "innerCode": 40005, "message": "Injected item failure."}
            return {
                "method": "PUT",
                "uri": request["uri"],
                "response": {"header": {"statusCode": 400}, "body": body},
            }
        return real(request, base_url)

    monkeypatch.setattr(shop._api, "_batch_item", refusing)

    result = okos("push", config=path)

    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0] == _summary("webshop", len(SKUS) - 1, failed=1)
    assert len(lines) == 2 and lines[1].startswith("  ! ") and "KON-0004" in lines[1]
    assert "Injected item failure" in lines[1]
    monkeypatch.setattr(shop._api, "_batch_item", real)
    retried = okos("push", config=path)
    assert (retried.code, retried.out.strip()) == (0, _summary("webshop", 1))


def test_a_sku_missing_in_the_shop_is_a_warning_once_not_a_failure(
    tmp_path: Path, shop: FakeShop, okos: Callable[..., CliResult]
) -> None:
    path = _prepare(tmp_path, shop)
    open_config(path)
    Product.create(sku="NINCS-01", name="Csak helyben", vat_rate=VatRate.get(VatRate.code == "27%"))
    database.close()

    first = okos("push", config=path)
    second = okos("push", config=path)

    assert first.code == 0
    lines = first.out.splitlines()
    assert lines[0] == _summary("webshop", len(SKUS), missing=1)
    assert [line for line in lines[1:] if "NINCS-01" in line and line.startswith("  ! ")]
    assert (second.code, second.out.strip()) == (0, _summary("webshop", 0, batches=0))


def test_sync_once_reports_a_missing_sku_once_and_the_log_keeps_it(
    tmp_path: Path, shop: FakeShop, okos: Callable[..., CliResult]
) -> None:
    path = _prepare(tmp_path, shop)
    open_config(path)
    Product.create(sku="NINCS-02", name="Csak helyben", vat_rate=VatRate.get(VatRate.code == "27%"))
    database.close()

    first = okos("sync", "--once", config=path)
    second = okos("sync", "--once", config=path)
    log = okos("sync", "log", "--format", "csv", config=path)

    assert first.code == 0 and "NINCS-02" in first.out
    assert second.code == 0 and "NINCS-02" not in second.out
    assert log.code == 0 and log.out.count("NINCS-02") == 1
    assert stock1(shop, "KOZ-0003") == 10


def test_no_pushing_shop_or_an_unknown_one_exits_2(
    tmp_path: Path, shop: FakeShop, okos: Callable[..., CliResult]
) -> None:
    path = _prepare(tmp_path, shop, shop_table(shop, push_stock=False))

    none = okos("push", config=path)
    off = okos("push", "--shop", "webshop", config=path)
    unknown = okos("push", "--shop", "nincsilyen", config=path)

    assert (none.code, none.out) == (2, "")
    assert t("push.no_shops") in none.err
    assert (off.code, off.out) == (2, "")
    assert t("push.disabled", shop="webshop") in off.err
    assert (unknown.code, unknown.out) == (2, "")
    assert "nincsilyen" in unknown.err
    assert shop.requests == []


def test_an_unreachable_shop_exits_1_without_a_traceback_and_keeps_the_queue(
    tmp_path: Path, shop: FakeShop, okos: Callable[..., CliResult]
) -> None:
    path = _prepare(tmp_path, shop)
    shop.stop()

    result = okos("push", config=path)

    assert result.code == 1 and result.out == ""
    assert "Traceback" not in result.err and "webshop" in result.err
    open_config(path)
    assert set(queued()) == set(SKUS)


def test_only_the_named_shop_is_pushed(
    tmp_path: Path, shop: FakeShop, okos: Callable[..., CliResult]
) -> None:
    with FakeShop(shop_settings()) as second:
        path = _prepare(
            tmp_path, shop, shop_table(shop), shop_table(second, name="masik", prefix="MAS")
        )

        result = okos("push", "--shop", "masik", config=path)

        assert (result.code, result.out.strip()) == (0, _summary("masik", len(SKUS)))
        assert stock1(second, "KON-0001") == 10 and stock1(shop, "KON-0001") != 10
        open_config(path)
        assert set(queued()) == set(SKUS) and queued("masik") == {}


def test_push_as_a_real_process_with_shoprenters_pacing(
    tmp_path: Path, okos_process: Callable[..., CliResult]
) -> None:
    with FakeShop(shop_settings(rate_limit_per_second=3)) as shop:
        path = _prepare(tmp_path, shop)

        result = okos_process("push", config=path, env={SECRET_ENV: SECRET})

        assert (result.code, result.err) == (0, "")
        assert result.out.strip() == _summary("webshop", len(SKUS))
        assert [r.status for r in shop.requests] == [200, 200, 200]  # token, page, batch
        assert stock1(shop, "KON-0006") == 10


def _refuse(shop: FakeShop, monkeypatch: pytest.MonkeyPatch, sku: str) -> Callable[..., Any]:
    """The shop refuses the batch item for `sku` (400); the other items go through. Returns
    the shop's own item handler, to put back."""
    target = "/" + shop_product_id(shop, sku)
    real = shop._api._batch_item

    def refusing(request: Any, base_url: str) -> dict[str, Any]:
        if str(request.get("uri", "")).endswith(target):
            body = {"error": 400, "innerCode": 40005, "message": "Injected item failure."}
            return {
                "method": "PUT",
                "uri": request["uri"],
                "response": {"header": {"statusCode": 400}, "body": body},
            }
        return real(request, base_url)

    monkeypatch.setattr(shop._api, "_batch_item", refusing)
    return real


def test_sync_once_says_what_it_pushed_and_the_log_keeps_pushed_and_failed(
    tmp_path: Path, shop: FakeShop, okos: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _prepare(tmp_path, shop)
    real = _refuse(shop, monkeypatch, "KON-0004")

    first = okos("sync", "--once", config=path)
    monkeypatch.setattr(shop._api, "_batch_item", real)
    second = okos("sync", "--once", config=path)
    third = okos("sync", "--once", config=path)  # nothing changed: nothing pushed, no line
    log = okos("sync", "log", "--format", "csv", config=path)

    assert first.code == 0, first.err  # a refused item is a warning, the cycle is ok
    assert t("sync.pushed", pushed=len(SKUS) - 1, failed=1) in first.out.splitlines()
    assert "KON-0004" in first.out and "Injected item failure" in first.out
    assert t("sync.pushed", pushed=1, failed=0) in second.out.splitlines()
    assert third.code == 0
    assert t("sync.pushed", pushed=0, failed=0) not in third.out.splitlines()
    rows = list(csv.DictReader(io.StringIO(log.out)))  # newest first
    assert [(r["pushed"], r["push_failed"], r["status"]) for r in rows] == [
        ("0", "0", "ok"),
        ("1", "0", "ok"),
        (str(len(SKUS) - 1), "1", "ok"),
    ]
    assert "KON-0004" in rows[2]["warnings"] and "KON-0004" not in rows[1]["warnings"]
    table = okos("sync", "log", config=path)
    header = table.out.splitlines()[0]
    assert t("col.pushed") in header and t("col.push_failed") in header


def test_a_push_the_shop_stops_part_way_prints_what_was_pushed_and_exits_1(
    tmp_path: Path, okos: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeShop(shop_settings(seed_products=230)) as shop:
        path = write_config(tmp_path, shop_table(shop))
        open_config(path)
        add_products(shop, shop.skus)
        receive_goods("MAIN", [ItemInput(sku, "1") for sku in shop.skus])
        database.close()
        real_post = shop._api._post

        def post(resource: str, body: Any, base_url: str) -> Any:
            answer = real_post(resource, body, base_url)
            shop.faults.fail_next(503, count=2, path="/batch")  # both attempts at the next one
            monkeypatch.setattr(shop._api, "_post", real_post)
            return answer

        monkeypatch.setattr(shop._api, "_post", post)

        stopped = okos("push", config=path)
        resumed = okos("push", config=path)

        assert stopped.code == 1
        assert stopped.out.splitlines()[0] == _summary("webshop", 200)
        assert "503" in stopped.err and "webshop" in stopped.err
        assert "Traceback" not in stopped.err
        assert (resumed.code, resumed.out.strip()) == (0, _summary("webshop", 30))
        assert {stock1(shop, sku) for sku in shop.skus} == {1}
