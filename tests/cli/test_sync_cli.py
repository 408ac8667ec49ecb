"""okos sync --once [--shop NAME], okos sync (timed, until Ctrl+C) and okos sync log, against
the emulated shop on 127.0.0.1: a summary and exit 0 when all went well; a non-zero exit and a
Hungarian message naming the shop and what to check when it cannot be reached or refuses the
credentials; the log in every format; an unknown shop named with exit 2."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from okos_tui.fakeshop import FakeShop, FakeShopSettings
from okos_tui.services.sync.service import SyncService
from okos_tui.shop.client import ShopClient, ShopConnection

SECRET_ENV = "OKOS_WEBSHOP_SECRET"
SEED_NOW = datetime(2025, 3, 1, 12, 0, 0)
LOG_COLUMNS = [
    "shop",
    "started",
    "finished",
    "status",
    "imported",
    "flagged",
    "skipped",
    "pushed",
    "push_failed",
    "warnings",
    "errors",
]
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
SUMMARY = re.compile(
    r"^(\S+): (\d+) új rendelés.*?, (\d+) megjelölt, (\d+) kihagyott; (\d+) kérés$"
)


@pytest.fixture
def shop() -> Iterator[FakeShop]:
    settings = FakeShopSettings(rate_limit_per_second=None, seed_now=SEED_NOW, seed_orders=6)
    with FakeShop(settings) as running:
        yield running


def shops_table(name: str, api_url: str, token_url: str, prefix: str, **extra: object) -> str:
    values = {
        "name": name,
        "api_url": api_url,
        "token_url": token_url,
        "client_id": "okos-demo",
        "client_secret_env": SECRET_ENV,
        "order_prefix": prefix,
        "warehouse": "MAIN",
        "sync_seconds": 5,
        **extra,
    }
    return "\n[[shops]]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in values.items())


def add_shop(
    config_file: Path, shop: FakeShop, name: str = "webshop", prefix: str = "WEB", **extra: object
) -> None:
    with config_file.open("a", encoding="utf-8") as file:
        file.write(shops_table(name, shop.api_url, shop.token_url, prefix, **extra))


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def add_closed_shop(config_file: Path, name: str = "zart", prefix: str = "ZRT") -> None:
    base = f"http://127.0.0.1:{closed_port()}"
    with config_file.open("a", encoding="utf-8") as file:
        file.write(shops_table(name, f"{base}/api", f"{base}/oauth/demo/app/token", prefix))


def imported_count(shop: FakeShop) -> int:
    with shop.state.lock:
        return sum(1 for o in shop.state.orders.values() if o.status_id not in (None, 7))


def summary(out: str, shop: str = "webshop") -> tuple[int, int, int, int]:
    for line in out.splitlines():
        match = SUMMARY.match(line)
        if match and match.group(1) == shop:
            return tuple(int(match.group(n)) for n in (2, 3, 4, 5))  # type: ignore[return-value]
    raise AssertionError(f"no summary line for {shop}: {out!r}")


@pytest.fixture(autouse=True)
def secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SECRET_ENV, "demo-secret")


@pytest.fixture
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """The client's back-off before a retry in milliseconds, not seconds (it still retries)."""
    monkeypatch.setattr("okos_tui.shop.client.BACKOFF_BASE_SECONDS", 0.001)


@pytest.fixture(autouse=True)
def unpaced(monkeypatch: pytest.MonkeyPatch) -> None:
    """In this process the command's client skips the 3 requests/s pacing (the emulated shop's
    limit is off; pacing has tests of its own); the real-process tests below keep it."""

    def client(self: SyncService, connection: ShopConnection) -> ShopClient:
        return ShopClient(replace(connection, requests_per_second=math.inf), sleep=self._stop.wait)

    monkeypatch.setattr(SyncService, "_client", client)


# okos sync --once ------------------------------------------------------------------------------


def test_once_prints_a_summary_and_exits_0(shop, config_file, okos):
    add_shop(config_file, shop)

    result = okos("sync", "--once")

    assert result.code == 0, result.err
    assert result.err == ""
    imported, flagged, skipped, requests = summary(result.out)
    assert (imported, flagged, skipped) == (imported_count(shop), 0, 0)
    assert requests >= 2
    assert "WEB-2025-000001" in result.out
    listed = okos("order", "list", "--format", "json")
    assert len(json.loads(listed.out)) == imported_count(shop)

    again = okos("sync", "--once")
    assert again.code == 0
    assert summary(again.out)[:3] == (0, 0, 0)


def test_once_names_what_was_flagged_and_skipped(shop, config_file, okos):
    add_shop(config_file, shop)
    okos("sync", "--once")
    changed = shop.order_ids[0]
    shop.update_order_status(changed, 2)
    broken = shop.place_order({shop.skus[1]: 1})
    with shop.state.lock:
        shop.state.orders[broken].lines[0].stock = [-1, 0, 0, 0]

    result = okos("sync", "--once")

    assert result.code == 0
    imported, flagged, skipped, _ = summary(result.out)
    assert (imported, flagged) == (0, 1) and skipped >= 1
    assert f"! #{changed}" in result.out and f"! #{broken} kihagyva" in result.out


def test_an_unreachable_shop_exits_1_naming_the_shop_and_what_to_check(
    config_file, okos, quick_retries
):
    add_closed_shop(config_file, name="webshop", prefix="WEB")

    result = okos("sync", "--once")

    assert result.code == 1
    assert "Traceback" not in result.err
    message = result.err.strip().splitlines()[-1]
    assert message.startswith("Hiba: webshop:")
    assert "nem érhető el" in message and "api_url" in message and "hálózat" in message
    assert summary(result.out)[0] == 0


def test_refused_credentials_exit_1_naming_the_shop_and_what_to_check(
    shop, config_file, okos, monkeypatch
):
    monkeypatch.setenv(SECRET_ENV, "rossz-titok-123")
    add_shop(config_file, shop)

    result = okos("sync", "--once")

    assert result.code == 1
    message = result.err.strip().splitlines()[-1]
    assert message.startswith("Hiba: webshop:")
    assert "nem fogadta el a hozzáférési adatokat" in message
    assert "client_id" in message and "titok" in message and "token_url" in message
    assert "rossz-titok-123" not in result.out + result.err
    assert len([r for r in shop.requests if r.path.startswith("/oauth/")]) == 1  # not hammered


def test_one_shop_failing_does_not_stop_the_others_but_fails_the_exit_code(
    shop, config_file, okos, quick_retries
):
    add_shop(config_file, shop)
    add_closed_shop(config_file)

    result = okos("sync", "--once")

    assert result.code == 1
    assert summary(result.out, "webshop")[0] == imported_count(shop)
    assert summary(result.out, "zart")[0] == 0
    assert "zart:" in result.err and "webshop" not in result.err

    only = okos("sync", "--once", "--shop", "webshop")  # the failing one left out
    assert only.code == 0 and "zart" not in only.out


def test_an_unknown_shop_exits_2_naming_it(shop, config_file, okos):
    add_shop(config_file, shop)

    for args in (("sync", "--once", "--shop", "nincsilyen"), ("sync", "--shop", "nincsilyen")):
        result = okos(*args)
        assert result.code == 2
        assert result.out == ""
        assert "nincsilyen" in result.err and "webshop" in result.err  # and the known ones
        assert "Traceback" not in result.err
    assert shop.requests == []


def test_without_shops_it_says_so(config_file, okos):
    result = okos("sync", "--once")
    assert result.code == 2
    assert "[[shops]]" in result.err


def test_a_real_process_syncs_what_it_can_and_exits_1(shop, config_file, okos_process):
    """Paced as in production; the second shop's secret is refused."""
    add_shop(config_file, shop)
    add_shop(config_file, shop, name="masik", prefix="MAS", client_secret_env="OKOS_ROSSZ")

    result = okos_process("sync", "--once", env={SECRET_ENV: "demo-secret", "OKOS_ROSSZ": "x"})

    assert result.code == 1
    assert summary(result.out, "webshop")[0] == imported_count(shop)
    assert summary(result.out, "masik")[0] == 0
    assert "masik: a bolt nem fogadta el" in result.err and "webshop" not in result.err
    assert "Traceback" not in result.err


# okos sync log ---------------------------------------------------------------------------------


@pytest.fixture
def logged(shop, config_file, okos, quick_retries) -> int:
    """Three cycles logged: one importing the seed, one with a flagged order, one failed."""
    add_shop(config_file, shop)
    okos("sync", "--once")
    inner_id = shop.place_order({shop.skus[1]: 1})
    with shop.state.lock:
        next(t for t in shop.state.orders[inner_id].totals if t.type == "TOTAL").value += 3
    okos("sync", "--once")
    add_closed_shop(config_file)
    okos("sync", "--once", "--shop", "zart")
    return inner_id


def test_log_as_json(okos, shop, logged):
    result = okos("sync", "log", "--format", "json")
    assert result.code == 0
    rows = json.loads(result.out)
    assert [list(row) for row in rows] == [LOG_COLUMNS] * 3
    failed, flagged, first = rows  # newest first
    assert first["shop"] == "webshop" and first["status"] == "ok"
    assert first["imported"] == imported_count(shop) - 1
    assert first["warnings"] == "" and first["errors"] == ""
    assert ISO.match(first["started"]) and ISO.match(first["finished"])
    assert first["started"] <= first["finished"] <= flagged["started"]
    assert flagged["imported"] == 1 and f"#{logged}" in flagged["warnings"]
    assert "3" in flagged["warnings"]
    assert failed["shop"] == "zart" and failed["status"] == "failed"
    assert "nem érhető el" in failed["errors"] and failed["imported"] == 0


def test_log_as_csv_and_filtered_by_shop(okos, logged):
    result = okos("sync", "log", "--format", "csv", "--shop", "webshop")
    assert result.code == 0
    assert result.out.splitlines()[0] == ",".join(LOG_COLUMNS)
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert [r["shop"] for r in rows] == ["webshop", "webshop"]
    assert rows[0]["imported"] == "1" and f"#{logged}" in rows[0]["warnings"]
    limited = okos("sync", "log", "--format", "csv", "--limit", "1")
    assert [r["shop"] for r in csv.DictReader(io.StringIO(limited.out))] == ["zart"]


def test_log_as_a_table_for_people(okos, logged):
    result = okos("sync", "log")
    assert result.code == 0
    header = result.out.splitlines()[0]
    for title in ("Bolt", "Kezdete", "Vége", "Új", "Figyelmeztetések", "Hibák"):
        assert title in header
    assert "rendben" in result.out and "hiba" in result.out
    assert f"#{logged}" in result.out and "nem érhető el" in result.out
    assert len(result.out.splitlines()) == 2 + 3  # header, rule, three cycles


def test_log_of_an_unknown_shop_is_named_not_empty(okos, logged):
    result = okos("sync", "log", "--shop", "webshp")
    assert result.code == 2
    assert "webshp" in result.err


def test_log_before_any_sync_is_empty(config_file, okos):
    result = okos("sync", "log", "--format", "json")
    assert result.code == 0 and json.loads(result.out) == []


# okos sync (timed, in the foreground) ----------------------------------------------------------


def test_the_timed_sync_runs_in_the_foreground_until_ctrl_c(shop, config_file):
    add_shop(config_file, shop, sync_seconds=1)
    environment = {k: v for k, v in os.environ.items() if k not in ("OKOS_CONFIG", "OKOS_LANG")}
    environment[SECRET_ENV] = "demo-secret"
    process = subprocess.Popen(
        [sys.executable, "-m", "okos_tui", "--config", str(config_file), "sync"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=environment,
        cwd=config_file.parent,
    )

    def next_summary() -> tuple[int, int, int, int]:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            line = process.stdout.readline().strip()
            if SUMMARY.match(line):
                return summary(line)
        raise AssertionError("no sync summary within 15 s")

    try:
        assert next_summary()[0] == imported_count(shop)  # the first cycle at once
        shop.place_order({shop.skus[1]: 1})
        while next_summary()[0] == 0:  # the timer brings the new order within a cycle or two
            pass
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
    assert process.returncode == 0, err
    assert "Szinkron leállítva" in out
    assert "Traceback" not in err
