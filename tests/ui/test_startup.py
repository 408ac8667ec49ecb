"""Start-up: a broken okos.toml or a shop that cannot be reached is shown in the UI, which still
opens on the local data; a failure inside a screen is a message, never a traceback."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from okos_tui.cli.main import main
from okos_tui.services.sync.service import SyncService
from okos_tui.shop.client import ShopClient, ShopConnection
from okos_tui.ui.app import OkosApp
from okos_tui.ui.screens.stock import StockScreen
from tests.services.sync.engine_helpers import SECRET_ENV, SHOP_TOML
from tests.shop.client_helpers import free_port

from .helpers import (
    order,
    run,
    screen_text,
    settle,
    stock,
    sync_status,
    toasts,
    wait_for_toast,
    wait_until,
)

pytestmark = pytest.mark.anyio


@pytest.fixture
def local_data(catalog) -> str:
    stock({"BOG-01": "5"})
    return order("Szőke Péter", {"BOG-01": "1"}).number


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> list[OkosApp]:
    """`okos` builds the app as it would and hands it here instead of running it."""
    apps: list[OkosApp] = []
    monkeypatch.setattr(OkosApp, "run", lambda self, *a, **k: apps.append(self))
    return apps


async def test_a_config_error_opens_the_ui_on_the_local_data_and_names_the_key(
    config_file: Path, local_data, captured, capsys
):
    config_file.write_text(
        config_file.read_text(encoding="utf-8") + '\n[ui]\nlanguage = "de"\n', encoding="utf-8"
    )
    assert main(["--config", str(config_file)]) == 0
    (app,) = captured
    assert "ui.language" in capsys.readouterr().err
    async with run(app) as pilot:
        await wait_until(pilot, lambda: "Szőke Péter" in screen_text(app), what="local data")
        assert "Beállítási hiba:" in sync_status(app) and "ui.language" in sync_status(app)
        for key in ("1", "3", "4"):
            await pilot.press(key)
            await wait_until(
                pilot, lambda: "ui.language" in sync_status(app), what=f"problem on {key}"
            )
        await pilot.press("f5")  # no shops in the fallback configuration
        await wait_for_toast(pilot, "Nincs webáruház beállítva")
        assert app.is_running


def test_a_config_error_without_a_database_is_a_message_not_a_traceback(tmp_path, capsys):
    broken = tmp_path / "okos.toml"
    broken.write_text('[database]\npath = "okos.db"\n[company]\nname = 1\n', encoding="utf-8")
    assert main(["--config", str(broken)]) == 2
    err = capsys.readouterr().err
    assert "company.name" in err and "Traceback" not in err


def one_attempt(connection: ShopConnection) -> ShopClient:
    return ShopClient(replace(connection, max_attempts=1))


async def test_a_shop_that_cannot_be_reached_is_shown_and_the_local_data_is_there(
    ui_config, local_data, monkeypatch
):
    monkeypatch.setenv(SECRET_ENV, "demo-secret")
    base = f"http://127.0.0.1:{free_port()}"
    path = ui_config.path
    path.write_text(
        path.read_text(encoding="utf-8")
        + SHOP_TOML.format(
            name="webshop",
            api_url=f"{base}/api",
            token_url=f"{base}/oauth/demo/app/token",
            client_id="okos-demo",
            secret_env=SECRET_ENV,
            prefix="WEB",
            sync_seconds=300,
            first_order_id=1,
        ),
        encoding="utf-8",
    )
    from okos_tui.services.workspace import Context

    config = Context(str(path)).open()
    app = OkosApp(config, sync_service=SyncService(config, client_factory=one_attempt))
    async with run(app) as pilot:
        await wait_until(pilot, lambda: "Szőke Péter" in screen_text(app), what="local data")
        toast = await wait_for_toast(pilot, "nem érhető el")
        assert "webshop" in toast
        await wait_until(pilot, lambda: "nem érhető el" in sync_status(app), what="status")
        assert sync_status(app).startswith("webshop: utolsó szinkron")
        assert app.is_running


async def test_a_missing_shop_secret_is_shown_not_raised(ui_config, local_data, monkeypatch):
    monkeypatch.delenv(SECRET_ENV, raising=False)
    path = ui_config.path
    path.write_text(
        path.read_text(encoding="utf-8")
        + SHOP_TOML.format(
            name="webshop",
            api_url="http://127.0.0.1:9/api",
            token_url="http://127.0.0.1:9/oauth/demo/app/token",
            client_id="okos-demo",
            secret_env=SECRET_ENV,
            prefix="WEB",
            sync_seconds=300,
            first_order_id=1,
        ),
        encoding="utf-8",
    )
    from okos_tui.services.workspace import Context

    config = Context(str(path)).open()
    app = OkosApp(config)  # the real service, as `okos` starts it
    async with run(app) as pilot:
        await wait_until(pilot, lambda: "Szőke Péter" in screen_text(app), what="local data")
        toast = await wait_for_toast(pilot, SECRET_ENV)  # the whole message
        assert "shops[0].client_secret" in toast.replace(" ", "")
        await wait_until(pilot, lambda: "beállítási hiba" in sync_status(app), what="status")
        assert app.is_running


async def test_a_failure_inside_a_screen_is_a_message(make_app, local_data, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a lemez megtelt")

    monkeypatch.setattr("okos_tui.services.backoffice.Backoffice.stock", broken)
    app = make_app()
    async with run(app) as pilot:
        await pilot.press("3")
        await wait_until(pilot, lambda: isinstance(app.screen, StockScreen))
        await wait_for_toast(pilot, "Hiba: a lemez megtelt")
        await pilot.press("2")
        await wait_until(pilot, lambda: "Szőke Péter" in screen_text(app), what="other screens")
        assert app.is_running


async def test_a_print_while_the_ui_runs_is_not_an_error(make_app, local_data):
    """Textual captures print() and stderr while it runs (App._print): nothing of ours may
    stand in its way, so a library's print is neither lost as an error nor a failing worker."""
    import sys

    app = make_app()
    async with run(app) as pilot:
        await wait_until(pilot, lambda: "Szőke Péter" in screen_text(app), what="the first screen")
        print("egy könyvtár kiírása")
        sys.stderr.write("és egy figyelmeztetése\n")
        await settle(pilot)
        assert app.is_running
        assert not [toast for toast in toasts(app) if "Hiba" in toast]
        assert not [w for w in app.workers if w.state.name == "ERROR"]
