"""Shop settings in okos.toml: every [[shops]] mistake named by its key; secrets from the
environment, from a file, or (warned about) in plain text, and a secret never shown anywhere:
not in the command's output, the sync log, an exception, a log record or a repr."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from okos_tui.config import ConfigError, load_config
from okos_tui.core.notices import load_notices, render_all
from okos_tui.db import Product, SalesOrder, SyncLog
from okos_tui.fakeshop import FakeShop
from okos_tui.i18n import set_language

from .import_helpers import (
    SECRET_ENV,
    add_tables,
    fake_shop_table,
    importable_ids,
    lines_of,
    local,
    open_config,
    shop_settings,
    shop_table,
    sync,
)

SECRET = "Sz3kr3t-ÉRTÉK-4242"
WRONG = "Rossz-Titok-9999"
PASSWORD = "Jelsz0-Legacy-77"
API = "https://webshop.api2.myshoprenter.hu/api"
TOKEN = "https://oauth.app.shoprenter.net/webshop/app/token"


@pytest.fixture
def shop() -> Iterator[FakeShop]:
    settings = shop_settings(seed_orders=4, client_secret=SECRET, basic_password=PASSWORD)
    with FakeShop(settings) as running:
        yield running


def table(**overrides) -> str:
    return shop_table(**{"api_url": API, "token_url": TOKEN, **overrides})


def assert_hidden(*texts: object) -> None:
    for text in texts:
        for secret in (SECRET, WRONG, PASSWORD):
            assert secret not in str(text), f"a secret in: {str(text)[:300]!r}"


def log_texts() -> list[str]:
    return [f"{log.warnings}\n{log.errors}" for log in SyncLog.select()]


# every mistake named by its key ---------------------------------------------------------------

BAD_SHOPS = {
    "api_url not a URL": ([table(api_url="webshop.hu/api")], "shops[0].api_url"),
    "api_url not http": ([table(api_url="ftp://webshop.hu/api")], "shops[0].api_url"),
    "token_url with a space": ([table(token_url="https://x y/token")], "shops[0].token_url"),
    "unknown warehouse": ([table(warehouse="RAKTAR9")], "shops[0].warehouse"),
    "lower-case warehouse": ([table(warehouse="main")], "shops[0].warehouse"),
    "duplicate prefix": ([table(), table(name="teszt")], "shops[1].order_prefix"),
    "prefix of manual orders": ([table(prefix="R")], "shops[0].order_prefix"),
    "bad prefix": ([table(prefix="web-1")], "shops[0].order_prefix"),
    "duplicate name": ([table(), table(prefix="TST")], "shops[1].name"),
    "bad name": ([table(name="Web Shop")], "shops[0].name"),
    "minutes and seconds": ([table(sync_minutes=5)], "shops[0].sync_seconds"),
    "zero seconds": ([table(sync_seconds=0)], "shops[0].sync_seconds"),
    "minutes as text": ([table(sync_seconds=None, sync_minutes="5")], "shops[0].sync_minutes"),
    "first_order_id zero": ([table(first_order_id=0)], "shops[0].first_order_id"),
    "first_order_id fraction": ([table(first_order_id=1.5)], "shops[0].first_order_id"),
    "unknown key": ([table(clientid="x")], "shops[0].clientid"),
    "secret twice": ([table(client_secret="x")], "shops[0].client_secret"),
    "unknown auth": ([table(auth="token")], "shops[0].auth"),
    "basic without user": ([table(auth="basic", password_env="P")], "shops[0].username"),
    "missing client_id": ([table(client_id="")], "shops[0].client_id"),
    "missing order_prefix": ([table(prefix=None)], "shops[0].order_prefix"),
}


@pytest.mark.parametrize(("tables", "key"), BAD_SHOPS.values(), ids=BAD_SHOPS.keys())
def test_every_shop_mistake_names_the_key(config_file, tables, key):
    add_tables(config_file, *tables)
    with pytest.raises(ConfigError) as failure:
        load_config(config_file)
    error = failure.value
    assert error.key == key
    message = str(error)
    assert str(config_file.resolve()) in message and f"{key}:" in message
    assert "\n" not in message


def test_shops_must_be_an_array_of_tables(config_file):
    config_file.write_text('shops = "webshop"\n' + config_file.read_text(encoding="utf-8"))
    with pytest.raises(ConfigError) as failure:
        load_config(config_file)
    assert failure.value.key == "shops"


def test_the_messages_say_what_is_wrong(config_file):
    add_tables(config_file, table(warehouse="RAKTAR9"))
    with pytest.raises(ConfigError) as failure:
        load_config(config_file)
    assert "RAKTAR9" in failure.value.problem and "MAIN" in failure.value.problem
    assert "SHOP" in failure.value.problem


@pytest.mark.parametrize(
    ("tables", "key"),
    [BAD_SHOPS["unknown warehouse"], BAD_SHOPS["duplicate prefix"], BAD_SHOPS["unknown key"]],
    ids=["warehouse", "prefix", "unknown key"],
)
def test_the_command_line_exits_2_with_the_key_named(config_file, okos, tables, key):
    add_tables(config_file, *tables)
    result = okos("sync", "--once")
    assert result.code == 2
    assert result.out == ""
    assert key in result.err and "Beállítási hiba" in result.err
    assert "Traceback" not in result.err


def test_defaults_and_values(config_file):
    add_tables(
        config_file,
        table(sync_seconds=None),
        table(name="teszt", prefix="TST", warehouse="SHOP", first_order_id=1500, sync_seconds=2.5),
        table(
            name="regi",
            prefix="OLD",
            sync_seconds=None,
            sync_minutes=0.5,
            auth="basic",
            client_id=None,
            secret=("password_env", "OLD_PASS"),
            username="okos",
            token_url=None,
        ),
    )
    first, second, legacy = load_config(config_file).shops
    assert (first.warehouse, first.first_order_id, first.sync_seconds) == ("MAIN", 1, 300.0)
    assert (first.auth, first.order_prefix, first.client_id) == ("oauth", "WEB", "okos-demo")
    assert (second.warehouse, second.first_order_id, second.sync_seconds) == ("SHOP", 1500, 2.5)
    assert (legacy.auth, legacy.username, legacy.sync_seconds) == ("basic", "okos", 30.0)
    assert legacy.password.env == "OLD_PASS"


# secrets ----------------------------------------------------------------------------------------


def test_a_secret_from_the_environment(shop, config_file, monkeypatch):
    monkeypatch.setenv(SECRET_ENV, SECRET)
    config = open_config(add_tables(config_file, fake_shop_table(shop)))
    assert config.warnings == ()
    result = sync(config)
    assert result.ok and len(result.imported) == len(importable_ids(shop))


def test_a_secret_from_a_file_beside_okos_toml(shop, config_file, monkeypatch):
    monkeypatch.delenv(SECRET_ENV, raising=False)
    (config_file.parent / "secret.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    table_text = fake_shop_table(shop, secret=("client_secret_file", "secret.txt"))
    config = open_config(add_tables(config_file, table_text))
    assert config.warnings == ()
    result = sync(config)
    assert result.ok and len(result.imported) == len(importable_ids(shop))
    assert_hidden(repr(config), *log_texts())


def test_the_legacy_scheme_with_user_and_password(shop, config_file, monkeypatch):
    monkeypatch.setenv("OKOS_OLD_PASS", PASSWORD)
    table_text = shop_table(
        api_url=shop.legacy_url,
        token_url=None,
        client_id=None,
        auth="basic",
        username="okos",
        secret=("password_env", "OKOS_OLD_PASS"),
    )
    config = open_config(add_tables(config_file, table_text))
    result = sync(config)
    assert result.ok, result.error
    assert len(result.imported) == len(importable_ids(shop))
    assert {r.auth for r in shop.requests} == {"basic"}
    assert_hidden(repr(config), result, *log_texts())


@pytest.mark.parametrize(
    ("secret", "named"),
    [
        (("client_secret_env", "OKOS_NINCS_ILYEN"), "OKOS_NINCS_ILYEN"),
        (("client_secret_file", "nincs.txt"), "nincs.txt"),
        (("client_secret_file", "ures.txt"), "ures.txt"),
        (None, "client_secret"),
    ],
    ids=["unset variable", "missing file", "empty file", "no secret"],
)
def test_a_secret_that_cannot_be_read_is_named_without_a_request(
    shop, config_file, monkeypatch, secret, named, okos
):
    monkeypatch.delenv("OKOS_NINCS_ILYEN", raising=False)
    (config_file.parent / "ures.txt").write_text("\n", encoding="utf-8")
    add_tables(config_file, fake_shop_table(shop, secret=secret))

    result = okos("sync", "--once")

    assert result.code != 0
    assert named in result.err and "webshop" in result.err
    assert "Traceback" not in result.err
    assert shop.requests == []


def test_a_plain_secret_works_with_a_warning_and_is_never_shown(
    shop, config_file, okos, monkeypatch, caplog
):
    caplog.set_level(logging.DEBUG)
    add_tables(config_file, fake_shop_table(shop, secret=("client_secret", SECRET)))

    result = okos("sync", "--once")

    assert result.code == 0, result.err
    assert "shops[0].client_secret" in result.err and "shops[0].client_secret_env" in result.err
    assert "Figyelem" in result.err
    logged = okos("sync", "log", "--format", "json")
    open_config(config_file)
    assert SalesOrder.select().count() == len(importable_ids(shop))
    assert_hidden(result.out, result.err, logged.out, logged.err, *log_texts())
    assert_hidden(*(record.getMessage() for record in caplog.records))
    assert_hidden(repr(load_config(config_file)))


def test_a_refused_plain_secret_is_not_shown_in_the_message(
    shop, config_file, okos, monkeypatch, caplog
):
    caplog.set_level(logging.DEBUG)
    add_tables(config_file, fake_shop_table(shop, secret=("client_secret", WRONG)))

    result = okos("sync", "--once")

    assert result.code == 1
    assert "webshop" in result.err and "client_id" in result.err
    logged = okos("sync", "log", "--format", "csv")
    config = open_config(config_file)
    assert SalesOrder.select().count() == 0
    failure = sync(config)
    assert not failure.ok
    assert_hidden(result.out, result.err, logged.out, failure, failure.error, *log_texts())
    assert_hidden(*(record.getMessage() for record in caplog.records))
    assert_hidden(*(str(record.exc_info) for record in caplog.records if record.exc_info))


def test_the_demo_settings_keep_the_secret_out_of_okos_toml(tmp_path: Path):
    """The sample okos.toml of the project names an environment variable, not a secret."""
    sample = Path(__file__).resolve().parents[3] / "okos.toml"
    text = sample.read_text(encoding="utf-8")
    assert "client_secret =" not in text and "password =" not in text


# the UI's language is not stored --------------------------------------------------------------


def test_shipping_fees_imported_in_english_and_in_hungarian_are_one_hungarian_service(
    shop, config_file, monkeypatch
):
    """A fee's service item is found by its code, not by its name in the UI's language: a
    sync in English and one in Hungarian share it, and it is named in Hungarian, like the
    documents it ends up on. So is a line the app has to name (a fee the shop left unnamed)."""
    monkeypatch.setenv(SECRET_ENV, SECRET)
    config = open_config(add_tables(config_file, fake_shop_table(shop)))
    set_language("en")  # after opening okos.toml, whose [ui] language (hu) the opening sets
    in_english = shop.place_order({shop.skus[1]: 1}, shipping="gls")
    with shop.state.lock:  # the shop gives this fee no label
        fee = next(t for t in shop.state.orders[in_english].totals if t.type == "SHIPPING")
        fee.name = ""
    first = sync(config)
    set_language("hu")
    in_hungarian = shop.place_order({shop.skus[2]: 1}, shipping="mpl")
    second = sync(config)

    assert first.ok and second.ok, (first.error, second.error)
    assert second.imported == [local(in_hungarian).number]
    services = list(Product.select().where(Product.service_code == "shipping"))
    assert [(p.name, p.is_service) for p in services] == [("Szállítási díj", True)]
    assert not Product.select().where(Product.name == "Shipping fee").exists()
    shipping_lines = {}
    for inner_id in (in_english, in_hungarian):
        (line,) = [x for x in lines_of(local(inner_id)) if x.product_id == services[0].id]
        assert line.gross > 0
        shipping_lines[inner_id] = line.name
    assert shipping_lines == {in_english: "Szállítási díj", in_hungarian: "MPL házhoz szállítás"}


def test_a_sync_log_warning_written_in_english_reads_in_hungarian(
    shop, config_file, monkeypatch, okos
):
    """Stored as a code with its parameters, worded when shown: in the reader's language, not
    in the language of the UI that happened to run the sync."""
    monkeypatch.setenv(SECRET_ENV, SECRET)
    config = open_config(add_tables(config_file, fake_shop_table(shop)))
    inner_id = shop.place_order({shop.skus[1]: 2})
    with shop.state.lock:  # the shop's TOTAL row says 7 Ft more than its own rows
        total = next(t for t in shop.state.orders[inner_id].totals if t.type == "TOTAL")
        total.value += 7
    set_language("en")
    result = sync(config)
    (warning,) = result.warnings
    assert str(warning).startswith(f"#{inner_id}: the lines add up to")

    set_language("hu")

    log = SyncLog.select().order_by(SyncLog.id.desc()).get()
    assert load_notices(log.warnings) == [warning]
    assert "the lines" not in log.warnings and "tételek" not in log.warnings  # no words stored
    shown = render_all(load_notices(log.warnings))
    assert shown.startswith(f"#{inner_id}: a tételek összege ")
    assert shown.endswith("(eltérés: -7)") and "the lines" not in shown
    listed = okos("sync", "log", "--format", "json")  # as `okos sync log` shows it
    assert listed.code == 0, listed.err
    assert json.loads(listed.out)[0]["warnings"] == shown
