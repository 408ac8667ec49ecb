"""State file round trip, order generation over time, and the command line."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from okos_tui.fakeshop import FakeShop
from okos_tui.fakeshop.cli import main

from .helpers import SEED_NOW, all_orders, api_client, bearer_token, settings


def test_state_file_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "shop.json"
    with FakeShop(settings(state_file=path)) as shop:
        assert path.exists(), "a new shop saves its seeded state at once"
        with api_client(shop) as client:
            client.headers["Authorization"] = f"Bearer {bearer_token(shop, client)}"
            pid = client.get("products", params={"sku": "KON-0004"}).json()["items"][0]["href"]
            assert client.put(pid, json={"data": {"stock4": "9"}}).status_code == 200
        saved_after_put = path.read_text(encoding="utf-8")
        assert '"stock": [' in saved_after_put
        placed = shop.place_order({"KOZ-0003": 2}, customer=shop.guest("Ilona", "Győri"))
    before = _snapshot(shop)

    reloaded = FakeShop(settings(state_file=path, seed=999, seed_orders=1))
    assert _snapshot(reloaded) == before
    assert reloaded.product("KON-0004")["stock4"] == "9"
    assert reloaded.order(placed)["lastname"] == "Győri"
    assert reloaded.generate_orders(1) == [placed + 1]
    assert FakeShop(settings(state_file=path)).order_ids[-1] == placed + 1  # saved again


def _snapshot(shop: FakeShop) -> str:
    """Every product and order as the API shows them, with the port taken out of the links."""
    records = [shop.product(sku) for sku in shop.skus] + [shop.order(i) for i in shop.order_ids]
    return json.dumps(records, ensure_ascii=False).replace(shop.api_url, "API")


def test_an_unreadable_state_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken\.json"):
        FakeShop(settings(state_file=path))


def test_generate_orders_places_now_dated_orders_and_takes_stock(shop: FakeShop) -> None:
    stock_before = {sku: shop.product(sku) for sku in shop.skus}
    first_new = shop.order_ids[-1] + 1
    placed = shop.generate_orders(5)
    assert placed == list(range(first_new, first_new + 5))
    taken: dict[str, int] = {}
    for inner_id in placed:
        order = shop.order(inner_id)
        assert order["dateCreated"] > SEED_NOW.isoformat()
        assert order["orderStatus"] is not None
        for line in order["orderProducts"]:
            if line["subtractStock"] == "1":
                quantity = sum(int(line[f"stock{n}"]) for n in range(1, 5))
                taken[line["sku"]] = taken.get(line["sku"], 0) + quantity
    assert taken
    for sku, quantity in taken.items():
        before = sum(int(stock_before[sku][f"stock{n}"]) for n in range(1, 5))
        after = sum(int(shop.product(sku)[f"stock{n}"]) for n in range(1, 5))
        assert before - after == quantity, sku


def test_orders_keep_arriving_at_the_configured_interval() -> None:
    with (
        FakeShop(settings(order_interval_seconds=0.05, seed_orders=3)) as shop,
        api_client(shop) as client,
    ):
        client.headers["Authorization"] = f"Bearer {bearer_token(shop, client)}"
        deadline = time.monotonic() + 5
        while len(shop.order_ids) < 6 and time.monotonic() < deadline:
            time.sleep(0.02)
        new = all_orders(client, innerIdMin=1004)
        assert len(new) >= 3
    count = len(shop.order_ids)
    time.sleep(0.15)
    assert len(shop.order_ids) == count, "stopping the shop stops the orders"


def test_cli_serves_until_stopped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ready, stop = threading.Event(), threading.Event()
    result: list[int] = []
    state = tmp_path / "cli.json"
    args = [
        "--port",
        "0",
        "--state",
        str(state),
        "--order-interval",
        "0",
        "--rate-limit",
        "0",
        "--token-lifetime",
        "60",
        "--seed",
        "7",
    ]
    thread = threading.Thread(target=lambda: result.append(main(args, ready=ready, stop=stop)))
    thread.start()
    try:
        assert ready.wait(5)
        out = capsys.readouterr().out
        api_url = re.search(r"API \(Bearer/Basic\): (\S+)", out)
        assert api_url, out
        assert "client_secret=demo-secret" in out
        response = httpx.get(
            f"{api_url[1]}/orderExtend",
            auth=httpx.BasicAuth("okos", "demo-pass"),
            headers={"Accept": "application/json"},
        )
        assert response.status_code == 200
    finally:
        stop.set()
        thread.join(5)
    assert result == [0]
    assert state.exists()


def test_cli_refuses_bad_values() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--token-lifetime", "0"])
    assert exit_info.value.code == 2


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child is POSIX-only")
@pytest.mark.parametrize(
    "command", [["okos_tui", "fake-shop"], ["okos_tui.fakeshop"]], ids=["okos fake-shop", "module"]
)
def test_ctrl_c_stops_the_command_cleanly(command: list[str]) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", *command, "--port", "0", "--order-interval", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines = []
        for line in process.stdout:
            lines.append(line)
            if line.startswith("Ctrl+C"):
                break
        assert any("/oauth/demo/app/token" in line for line in lines), lines
        process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=10)
        assert process.returncode == 0
        assert "Traceback" not in errors
    finally:
        if process.poll() is None:
            process.kill()


def test_the_package_needs_neither_textual_nor_peewee() -> None:
    code = (
        "import sys, okos_tui.fakeshop, okos_tui.fakeshop.cli; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'peewee')))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"
