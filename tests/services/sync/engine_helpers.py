"""Helpers for the sync engine, service and crash tests: an okos.toml pointing at an emulated
shop, the shop's expected orders, and checks of what the database holds, read through a separate
sqlite3 connection (what another process sees after the last commit)."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from okos_tui.fakeshop import STORNO_STATUS_ID, FakeShop

from .import_helpers import open_config as open_config

SECRET_ENV = "OKOS_WEBSHOP_SECRET"
SHOP = "webshop"
PREFIX = "WEB"
NUMBER = re.compile(r"^WEB-(\d{4})-(\d{6})$")

BASE_TOML = """\
[database]
path = "okos.db"

[company]
name = "Teszt Webáruház Kft."
tax_number = "12345676-2-08"
postcode = "1111"
city = "Budapest"
street = "Teszt utca 1."
country = "HU"

[[warehouses]]
code = "MAIN"
name = "Központi raktár"
"""

SHOP_TOML = """
[[shops]]
name = "{name}"
api_url = "{api_url}"
token_url = "{token_url}"
client_id = "{client_id}"
client_secret_env = "{secret_env}"
order_prefix = "{prefix}"
warehouse = "MAIN"
sync_seconds = {sync_seconds}
first_order_id = {first_order_id}
"""


def shop_config(
    folder: Path,
    shop: FakeShop | None = None,
    *,
    api_url: str | None = None,
    token_url: str | None = None,
    sync_seconds: float = 300,
    first_order_id: int = 1,
    name: str = SHOP,
    prefix: str = PREFIX,
) -> Path:
    """okos.toml in `folder` (database okos.db there) with one [[shops]] for `shop` (or for the
    given addresses, e.g. a closed port); the secret comes from $OKOS_WEBSHOP_SECRET."""
    path = folder / "okos.toml"
    path.write_text(
        BASE_TOML
        + SHOP_TOML.format(
            name=name,
            api_url=api_url or (shop.api_url if shop else ""),
            token_url=token_url or (shop.token_url if shop else ""),
            client_id=shop.settings.client_id if shop else "okos-demo",
            secret_env=SECRET_ENV,
            prefix=prefix,
            sync_seconds=sync_seconds,
            first_order_id=first_order_id,
        ),
        encoding="utf-8",
    )
    return path


def expected_ids(shop: FakeShop, first_order_id: int = 1) -> list[int]:
    """The innerIds a complete sync must hold: no abandoned carts, no cancelled (storno) ones."""
    with shop.state.lock:
        return sorted(
            inner_id
            for inner_id, order in shop.state.orders.items()
            if order.status_id is not None
            and order.status_id != STORNO_STATUS_ID
            and inner_id >= first_order_id
        )


def read_orders(db_path: Path, shop: str = SHOP) -> list[tuple[int, str]]:
    """(shop_order_id, number) of every local order of `shop`, through a separate connection."""
    if not db_path.exists():
        return []
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=10)
    try:
        return connection.execute(
            "SELECT shop_order_id, number FROM sales_order WHERE shop = ? ORDER BY id", (shop,)
        ).fetchall()
    except sqlite3.OperationalError:  # the schema is not there yet
        return []
    finally:
        connection.close()


def count_orders(db_path: Path) -> int:
    return len(read_orders(db_path))


def read_rows(db_path: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=10)
    try:
        return connection.execute(sql, args).fetchall()
    finally:
        connection.close()


def assert_gapless(numbers: list[str]) -> None:
    """WEB-YYYY-NNNNNN: within each year the sequence numbers are exactly 1..n."""
    by_year: dict[str, list[int]] = defaultdict(list)
    for number in numbers:
        match = NUMBER.match(number)
        assert match, f"bad order number {number!r}"
        by_year[match.group(1)].append(int(match.group(2)))
    for year, sequence in by_year.items():
        assert sorted(sequence) == list(range(1, len(sequence) + 1)), (
            f"numbering of {year} has gaps or duplicates: {sorted(sequence)[:20]}..."
        )


def assert_exactly_once(db_path: Path, shop: FakeShop, first_order_id: int = 1) -> None:
    """The database holds exactly the shop's orders: none twice, none missing, none extra, and
    the numbering is gapless; the cursor is past the last one."""
    rows = read_orders(db_path)
    ids = [inner_id for inner_id, _ in rows]
    expected = expected_ids(shop, first_order_id)
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"imported twice: {duplicates[:20]}"
    missing = sorted(set(expected) - set(ids))
    extra = sorted(set(ids) - set(expected))
    assert not missing, f"missing: {missing[:20]} ({len(missing)} in all)"
    assert not extra, f"not expected (abandoned, cancelled or unknown): {extra[:20]}"
    assert len(ids) == len(expected)
    assert_gapless([number for _, number in rows])
    (cursor,) = read_rows(db_path, "SELECT next_inner_id FROM shop_state WHERE shop = ?", SHOP)[0]
    assert cursor > max(expected)


def sync_env() -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("OKOS_CONFIG", "OKOS_LANG")}
    environment[SECRET_ENV] = "demo-secret"
    environment["PYTHONUNBUFFERED"] = "1"
    return environment


def start_okos(config: Path, *args: str, lang: str | None = None) -> subprocess.Popen[str]:
    """`python -m okos_tui --config CONFIG ARGS...` as a real subprocess (output piped)."""
    environment = sync_env()
    if lang:
        environment["OKOS_LANG"] = lang
    return subprocess.Popen(
        [sys.executable, "-m", "okos_tui", "--config", str(config), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=environment,
        cwd=config.parent,
    )


def wait_for(
    condition: Callable[[], Any], timeout: float, interval: float = 0.02, what: str = ""
) -> Any:
    """Poll `condition` until it is truthy; its value, or AssertionError after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or condition}")
        time.sleep(interval)


def kill(process: subprocess.Popen[str]) -> None:
    """SIGKILL and reap it (a zombie's pid still answers kill(pid, 0): it must be gone)."""
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.communicate(timeout=10)


def finish(process: subprocess.Popen[str], timeout: float = 30) -> tuple[int, str, str]:
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        raise AssertionError(f"okos did not finish in {timeout} s:\n{out}\n{err}") from None
    return process.returncode, out, err
