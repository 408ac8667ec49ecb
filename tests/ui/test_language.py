"""Hungarian by default, English with [ui] language = "en"; the footer shows the keys and the
help (F1) lists every key of the screen it was opened from, in the UI's language, with the keys
a keymap gave them; the language changes while the app runs (Ctrl+P).

The English start runs in a subprocess that reads okos.toml first, as `okos` does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from textual.widgets import Static

from okos_tui.ui.screens.help import HelpScreen

from .helpers import order, run, screen_text, stock, wait_until

REPO = Path(__file__).resolve().parents[2]


def footer(app) -> str:
    return screen_text(app).splitlines()[-1]


def help_text(app) -> str:
    """The whole help, also the part below the fold."""
    return app.screen.query_one("#help").query_one(Static).content.plain


async def open_help(pilot) -> str:
    await pilot.press("f1")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen), what="the help")
    return help_text(pilot.app)


@pytest.mark.anyio
async def test_hungarian_by_default_footer_and_help_on_every_screen(make_app, catalog):
    stock({"BOG-01": "5"})
    order("Szőke Péter", {"BOG-01": "1"})
    app = make_app()
    async with run(app) as pilot:
        await wait_until(pilot, lambda: "Szőke Péter" in screen_text(app), what="the first screen")
        text = screen_text(app)
        assert "Teljesíthető rendelések" in text.splitlines()[0]
        assert " Rendelés " in text and "Telj." in text and "Vevő" in text
        keys = "space Kijelöl p Szedőlista d Csomagolás k Kosárba b Beszerzés w Raktár"
        await wait_until(pilot, lambda: footer(app).startswith(keys), what="the footer")
        assert footer(app).endswith(" f1 Súgó")  # the keys that do not fit are in the help
        expected = {
            "2": ["Kijelöl", "Kijelölés lefelé", "Kijelölés felfelé", "Teljesíthetők",
                  "Nem teljesíthetők", "Kijelölés törlése", "Szedőlista", "Csomagolási PDF",
                  "Kosárba", "Beszerzési lista", "Raktár", "Részletek"],
            "1": ["Keresés", "Státusz", "Részletek"],
            "3": ["Raktár", "Csak beszerzendő", "Szállító oszlopok", "CSV export"],
            "4": ["Kijelöl", "Számlázás", "E-mail küldés", "Kivétel", "Mind",
                  "Számla megtekintése", "Nyomtatás"],
        }  # fmt: skip
        for key, descriptions in expected.items():
            await pilot.press(key)
            await pilot.pause()
            shown = await open_help(pilot)
            assert "Súgó – billentyűk" in shown
            for description in descriptions:
                assert f"  {description}\n" in shown, (key, description, shown)
            for common in ("Megrendelések", "Szinkron", "Súgó", "Kilépés", "Parancsok", "Le"):
                assert f"  {common}\n" in shown
            # Textual's own English descriptions stay out
            assert "Cursor" not in shown and "palette" not in shown and "Select" not in shown
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, HelpScreen))
        # the orders list has no selection: its footer offers none
        await pilot.press("1")
        await wait_until(pilot, lambda: "Keresés" in footer(app), what="the orders footer")
        assert "Kijelöl" not in footer(app)


@pytest.mark.anyio
async def test_every_screens_footer_shows_its_main_keys_whole_at_80_columns(make_app, catalog):
    stock({"BOG-01": "5"})
    order("Szőke Péter", {"BOG-01": "1"})
    main_keys = {
        "2": ["space Kijelöl", "p Szedőlista", "d Csomagolás", "k Kosárba", "b Beszerzés",
              "w Raktár"],
        "1": ["/ Keresés", "f Státusz"],
        "3": ["w Raktár", "t Csak beszerzendő", "o Szállító oszlopok", "x CSV export"],
        "4": ["i Számlázás", "m E-mail", "v Megtekintés", "p Nyomtatás", "r Kivétel"],
    }  # fmt: skip
    app = make_app()
    async with run(app) as pilot:
        await wait_until(pilot, lambda: "Szőke Péter" in screen_text(app), what="the first screen")
        for key, keys in main_keys.items():
            await pilot.press(key)

            def shown(first: str = keys[0]) -> bool:
                return first in footer(app)

            await wait_until(pilot, shown, what=f"the footer of {key}")
            line = footer(app)
            assert all(f"{each} " in line for each in keys), (key, line)
            assert line.endswith(" f1 Súgó") and len(line) <= 80, (key, line)


@pytest.mark.anyio
async def test_a_remapped_key_shows_in_the_footer_and_the_help(make_app):
    app = make_app(ui={"keymap": (("fulfil_to_cart", "c"), ("sync_now", "f6"))})
    async with run(app) as pilot:
        shown = await open_help(pilot)
        assert "c  Kosárba" in shown and "f6  Szinkron" in shown
        assert "k  Kosárba" not in shown


ENGLISH_RUN = """
import asyncio, json, sys
sys.path.insert(0, {repo!r})
from okos_tui.services.workspace import Context

config = Context({config!r}).open()  # sets the language from okos.toml, as `okos` does
from tests.ui.helpers import order, screen_text, stock
from okos_tui.db import Product, VatRate
from decimal import Decimal

Product.create(sku="BOG-01", name="Mug", vat_rate=VatRate.get(VatRate.code == "27%"),
               net_price=Decimal(1000))
stock({{"BOG-01": "5"}})
number = order("Peter Szoke", {{"BOG-01": "1"}}).number

from okos_tui.ui.app import OkosApp
from okos_tui.ui.screens.help import HelpScreen


async def main():
    app = OkosApp(config, start_sync=False)
    seen = {{}}
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        for key in ("2", "1", "3", "4"):
            await pilot.press(key)
            for _ in range(100):
                await pilot.pause(0.02)
                if key in ("2", "1") and "Peter Szoke" not in screen_text(app):
                    continue
                break
            seen[key] = screen_text(app)
        await pilot.press("1", "enter")
        for _ in range(100):
            await pilot.pause(0.02)
            if "Customer: Peter Szoke" in screen_text(app):
                break
        seen["detail"] = screen_text(app)
        await pilot.press("x")
        await pilot.pause(0.2)
        seen["confirm"] = screen_text(app)
        await pilot.press("n", "f1")
        await pilot.pause(0.2)
        seen["help"] = app.screen.query_one("#help Static").content.plain
        await pilot.press("escape", "f5")
        await pilot.pause(0.3)
        seen["toast"] = screen_text(app)
    print(json.dumps(seen))


asyncio.run(main())
"""


def test_english_with_ui_language_en(tmp_path: Path, config_file: Path) -> None:
    config_file.write_text(
        config_file.read_text(encoding="utf-8") + '\n[ui]\nlanguage = "en"\n', encoding="utf-8"
    )
    script = ENGLISH_RUN.format(repo=str(REPO), config=str(config_file))
    environment = {k: v for k, v in os.environ.items() if k not in ("OKOS_CONFIG", "OKOS_LANG")}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    fulfillable, orders, stock_screen, cart = seen["2"], seen["1"], seen["3"], seen["4"]
    assert "Fulfillable orders" in fulfillable.splitlines()[0]
    assert "No shop configured (local data)" in fulfillable
    assert " Order " in fulfillable and "Customer" in fulfillable
    assert "Selected: 0 orders, 0 Ft" in fulfillable
    assert fulfillable.splitlines()[-1].startswith(
        "space Select p Picking d Packing k To cart b Procure w Warehouse"
    )
    assert fulfillable.splitlines()[-1].endswith(" f1 Help")
    assert "Orders" in orders.splitlines()[0] and "Open" in orders and "Status: All" in orders
    assert "Stock analysis" in stock_screen.splitlines()[0]
    assert "To procure" in stock_screen and "Free" in stock_screen
    assert "Invoice cart" in cart.splitlines()[0] and "The cart is empty" in cart
    assert "Status: Open" in seen["detail"] and "Lines" in seen["detail"]
    assert "Cancel order R-2026-000001?" in seen["confirm"] and "Yes" in seen["confirm"]
    assert "Help – keys" in seen["help"]
    for description in ("Invoice", "Edit", "Cancel", "Back", "Sync now", "Quit", "Up", "Down"):
        assert f"  {description}\n" in seen["help"], description
    assert "Számlázás" not in seen["help"] and "Kilépés" not in seen["help"]
    assert "No shop configured" in seen["toast"]


@pytest.mark.anyio
async def test_the_language_changes_without_a_restart(make_app, catalog):
    """Ctrl+P, "English": the screen on show, its footer and help, and the other screens as
    they come up, all in English; and back to Hungarian the same way."""
    stock({"BOG-01": "5"})
    order("Szőke Péter", {"BOG-01": "1"})
    app = make_app()
    async with run(app) as pilot:
        await wait_until(pilot, lambda: "Szőke Péter" in screen_text(app), what="the first screen")
        assert "Teljesíthető rendelések" in screen_text(app).splitlines()[0]
        await pilot.press("ctrl+p")
        await pilot.press(*"English", "enter")
        await wait_until(
            pilot,
            lambda: "Fulfillable orders" in screen_text(app).splitlines()[0],
            what="the screen in English",
        )
        await wait_until(pilot, lambda: footer(app).startswith("space Select"), what="footer")
        assert "Customer" in screen_text(app) and "Vevő" not in screen_text(app)
        shown = await open_help(pilot)
        assert "Help – keys" in shown and "  Picking\n" in shown and "Szedőlista" not in shown
        await pilot.press("escape", "1")
        await wait_until(
            pilot, lambda: "Status: All" in screen_text(app), what="another screen in English"
        )
        await pilot.press("ctrl+p")
        await pilot.press(*"Magyar", "enter")
        await wait_until(
            pilot, lambda: "Státusz: Mind" in screen_text(app), what="back in Hungarian"
        )
        await pilot.press("2")
        await wait_until(pilot, lambda: footer(app).startswith("space Kijelöl"), what="footer")


@pytest.mark.anyio
async def test_the_help_shows_the_keys_a_keymap_gave(make_app, catalog):
    """[ui.keymap] moves "Details" to o and "Sync now" to F6: the help says o and F6, not the
    keys they had before."""
    stock({"BOG-01": "5"})
    order("Szőke Péter", {"BOG-01": "1"})
    app = make_app(ui={"keymap": (("orders_open", "o"), ("sync_now", "f6"))})
    async with run(app) as pilot:
        await pilot.press("1")
        await wait_until(pilot, lambda: "Szőke Péter" in screen_text(app), what="the orders")
        shown = await open_help(pilot)
        keys = [line.strip().partition("  ") for line in shown.splitlines()]
        lines = {description.strip(): key for key, _, description in keys if description}
        assert lines["Részletek"] == "o", shown
        assert lines["Szinkron"] == "f6", shown
        assert "f5" not in shown
        await pilot.press("escape", "o")
        await wait_until(pilot, lambda: "Tételek" in screen_text(app), what="the order, by o")


def test_english_plurals_say_one_order_and_two_orders():
    from okos_tui.i18n import t_in

    assert t_in("en", "ui.new_orders", shop="web", count=1) == "web: 1 new order"
    assert t_in("en", "ui.new_orders", shop="web", count=2) == "web: 2 new orders"
    assert t_in("en", "ui.confirm.invoice_many", count=1) == "Issue 1 invoice?"
    assert t_in("hu", "ui.confirm.invoice_many", count=1) == "Kiállít 1 számlát?"
    assert t_in("en", "cli.cart_size", count=0) == "0 orders in the cart."
