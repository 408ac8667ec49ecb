"""okos.toml: where it is found, how paths resolve, and a clear ConfigError for every mistake."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from okos_tui.config import (
    BINDING_IDS,
    CompanySettings,
    Config,
    ConfigError,
    DatabaseSettings,
    InvoicingSettings,
    OkosToml,
    OrderSettings,
    ShopSettings,
    SmtpSettings,
    StockSettings,
    UiSettings,
    WarehouseSettings,
    find_config,
    load_config,
    parse_config,
)
from okos_tui.core.prefixes import RESERVED_PREFIXES
from okos_tui.i18n import set_language, t

VALID = """\
[database]
path = "data/okos.db"

[company]
name = "{name}"
tax_number = "12345676-2-08"

[[warehouses]]
code = "MAIN"
name = "Központi raktár"

[[warehouses]]
code = "SHOP"
name = "Bolti raktár"
"""

COMPANY = '[company]\nname = "Teszt Kft."\n'
WAREHOUSE = '[[warehouses]]\ncode = "MAIN"\nname = "Központi"\n'


def write(folder: Path, text: str, name: str = "okos.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- discovery -------------------------------------------------------------------------------


@pytest.fixture
def three_configs(tmp_path: Path) -> dict[str, Path]:
    """An explicit file, one named by $OKOS_CONFIG and ./okos.toml, told apart by company name."""
    return {
        source: write(tmp_path / source, VALID.format(name=source))
        for source in ("explicit", "env", "cwd")
    }


def test_explicit_config_wins_over_environment_and_cwd(three_configs, monkeypatch):
    monkeypatch.setenv("OKOS_CONFIG", str(three_configs["env"]))
    config = load_config(str(three_configs["explicit"]), cwd=three_configs["cwd"].parent)
    assert config.company.name == "explicit"
    assert config.path == three_configs["explicit"].resolve()


def test_environment_wins_over_cwd(three_configs, monkeypatch):
    monkeypatch.setenv("OKOS_CONFIG", str(three_configs["env"]))
    config = load_config(None, cwd=three_configs["cwd"].parent)
    assert config.company.name == "env"


def test_cwd_okos_toml_is_the_last_resort(three_configs, monkeypatch):
    monkeypatch.chdir(three_configs["cwd"].parent)
    assert load_config(None).company.name == "cwd"


def test_no_configuration_anywhere(tmp_path):
    with pytest.raises(ConfigError) as failure:
        find_config(None, cwd=tmp_path)
    assert "--config" in str(failure.value) and "OKOS_CONFIG" in str(failure.value)


def test_explicit_missing_file_is_not_replaced_by_cwd(three_configs, tmp_path):
    missing = tmp_path / "nowhere.toml"
    with pytest.raises(ConfigError) as failure:
        load_config(str(missing), cwd=three_configs["cwd"].parent)
    assert str(missing) in str(failure.value)
    assert "--config" in str(failure.value)


def test_environment_missing_file_is_reported(three_configs, tmp_path, monkeypatch):
    monkeypatch.setenv("OKOS_CONFIG", str(tmp_path / "gone.toml"))
    with pytest.raises(ConfigError) as failure:
        load_config(None, cwd=three_configs["cwd"].parent)
    assert "gone.toml" in str(failure.value) and "OKOS_CONFIG" in str(failure.value)


# --- values ----------------------------------------------------------------------------------


def test_relative_database_path_is_relative_to_the_toml_folder(tmp_path, monkeypatch):
    write(tmp_path / "conf", VALID.format(name="x"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    config = load_config(str(Path("..") / "conf" / "okos.toml"))
    assert config.database_path == (tmp_path / "conf" / "data" / "okos.db").resolve()
    assert config.database_path.is_absolute()


def test_absolute_database_path_is_kept(tmp_path):
    target = tmp_path / "abs" / "shop.db"
    path = write(tmp_path, VALID.format(name="x").replace("data/okos.db", str(target)))
    assert load_config(str(path)).database_path == target


def test_defaults_and_full_values(tmp_path):
    text = (
        VALID.format(name="Teszt Kft.")
        + '[stock]\nallow_negative = true\n[orders]\nprefix = "WEB"\n[ui]\nlanguage = "en"\n'
    )
    config = load_config(str(write(tmp_path, text)))
    assert [w.code for w in config.warehouses] == ["MAIN", "SHOP"]
    assert config.default_warehouse == "MAIN"
    assert config.company.tax_number == "12345676-2-08"
    assert config.stock.allow_negative is True
    assert config.orders.prefix == "WEB"
    assert config.ui.language == "en"

    minimal = load_config(str(write(tmp_path / "min", COMPANY + WAREHOUSE)))
    assert minimal.stock.allow_negative is False
    assert minimal.database_path == (tmp_path / "min" / "okos.db").resolve()
    assert minimal.ui.language == "hu"


BAD_CONFIGS = {
    "missing company table": (WAREHOUSE, "company"),
    "company not a table": ('company = "x"\n' + WAREHOUSE, "company"),
    "missing company name": ('[company]\ncity = "x"\n' + WAREHOUSE, "company.name"),
    "blank company name": ('[company]\nname = "  "\n' + WAREHOUSE, "company.name"),
    "company name not text": ("[company]\nname = 42\n" + WAREHOUSE, "company.name"),
    "bad tax number": (
        '[company]\nname = "x"\ntax_number = "1234"\n' + WAREHOUSE,
        "company.tax_number",
    ),
    "tax number with letters": (
        '[company]\nname = "x"\ntax_number = "1234567A-2-08"\n' + WAREHOUSE,
        "company.tax_number",
    ),
    "tax number with a wrong check digit": (
        '[company]\nname = "x"\ntax_number = "12345678-2-08"\n' + WAREHOUSE,
        "company.tax_number",
    ),
    "the old one-string address": (
        '[company]\nname = "x"\naddress = "1111 Budapest, Fő u. 1."\n' + WAREHOUSE,
        "company.address",
    ),
    "a country that is no code": (
        '[company]\nname = "x"\ncountry = "Hungary"\n' + WAREHOUSE,
        "company.country",
    ),
    "an unknown fulfilment rule": (
        COMPANY + WAREHOUSE + '[invoicing.fulfilment]\n"Bankkártya" = "delivery"\n',
        "invoicing.fulfilment.Bankkártya",
    ),
    "an unknown coupon_vat": (
        COMPANY + WAREHOUSE + '[invoicing]\ncoupon_vat = "half"\n',
        "invoicing.coupon_vat",
    ),
    "cash_methods not a list": (
        COMPANY + WAREHOUSE + '[invoicing]\ncash_methods = "Készpénz"\n',
        "invoicing.cash_methods",
    ),
    "vat_exempt not bool": (
        '[company]\nname = "x"\nvat_exempt = "no"\n' + WAREHOUSE,
        "company.vat_exempt",
    ),
    "unknown company key": ('[company]\nname = "x"\nnmae = "y"\n' + WAREHOUSE, "company.nmae"),
    "allow_negative yes": (
        COMPANY + WAREHOUSE + '[stock]\nallow_negative = "yes"\n',
        "stock.allow_negative",
    ),
    "allow_negative number": (
        COMPANY + WAREHOUSE + "[stock]\nallow_negative = 1\n",
        "stock.allow_negative",
    ),
    "unknown stock key": (COMPANY + WAREHOUSE + "[stock]\nnegative = true\n", "stock.negative"),
    "unknown top-level key": (COMPANY + WAREHOUSE + '[shopp]\nname = "x"\n', "shopp"),
    "unknown top-level scalar": ('colour = "red"\n' + COMPANY + WAREHOUSE, "colour"),
    "database path not text": ("[database]\npath = 5\n" + COMPANY + WAREHOUSE, "database.path"),
    "database path empty": ('[database]\npath = ""\n' + COMPANY + WAREHOUSE, "database.path"),
    "unknown database key": (
        '[database]\nfile = "x.db"\n' + COMPANY + WAREHOUSE,
        "database.file",
    ),
    "no warehouses": (COMPANY, "warehouses"),
    "empty warehouses": ("warehouses = []\n" + COMPANY, "warehouses"),
    "warehouses not tables": ('warehouses = ["MAIN"]\n' + COMPANY, "warehouses"),
    "duplicate warehouse code": (COMPANY + WAREHOUSE + WAREHOUSE, "warehouses[1].code"),
    "lower-case warehouse code": (
        COMPANY + '[[warehouses]]\ncode = "main"\nname = "x"\n',
        "warehouses[0].code",
    ),
    "missing warehouse code": (COMPANY + '[[warehouses]]\nname = "x"\n', "warehouses[0].code"),
    "missing warehouse name": (COMPANY + '[[warehouses]]\ncode = "MAIN"\n', "warehouses[0].name"),
    "unknown warehouse key": (
        COMPANY + '[[warehouses]]\ncode = "MAIN"\nname = "x"\ncolour = "red"\n',
        "warehouses[0].colour",
    ),
    "bad order prefix": (COMPANY + WAREHOUSE + '[orders]\nprefix = "r-1"\n', "orders.prefix"),
    "unknown language": (COMPANY + WAREHOUSE + '[ui]\nlanguage = "de"\n', "ui.language"),
}


@pytest.mark.parametrize("text, key", BAD_CONFIGS.values(), ids=BAD_CONFIGS.keys())
def test_every_mistake_names_the_file_and_the_key(tmp_path, text, key):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as failure:
        load_config(str(path))
    error = failure.value
    assert error.key == key
    assert error.path == path.resolve()
    message = str(error)
    assert str(path.resolve()) in message
    assert f"{key}:" in message
    assert error.problem and error.problem in message
    assert "\n" not in message


def test_the_old_address_is_refused_saying_how_to_split_it(tmp_path):
    text = '[company]\nname = "x"\naddress = "1111 Budapest, Fő u. 1."\n' + WAREHOUSE
    with pytest.raises(ConfigError) as failure:
        load_config(str(write(tmp_path, text)))
    problem = failure.value.problem
    assert all(key in problem for key in ("postcode", "city", "street", "country"))
    assert "1111 Budapest, Fő u. 1." in problem


def test_invoicing_rules_and_their_defaults(tmp_path):
    text = (
        COMPANY
        + 'postcode = "1111"\ncity = "Budapest"\nstreet = "Fő u. 1."\n'
        + WAREHOUSE
        + '[invoicing]\ncash_methods = ["Készpénz", "COD"]\n'
        + '[invoicing.fulfilment]\nBarion = "payment"\n"Átutalás" = "issue"\n'
    )
    config = load_config(str(write(tmp_path, text)))
    company = config.company
    assert (company.postcode, company.city, company.street, company.country) == (
        "1111",
        "Budapest",
        "Fő u. 1.",
        "HU",
    )
    invoicing = config.invoicing
    assert invoicing.cash_methods == ("Készpénz", "COD") and invoicing.coupon_vat == "pro_rata"
    # the methods named change; Bankkártya keeps its default
    assert dict(invoicing.fulfilment) == {
        "Bankkártya": "payment",
        "Átutalás": "issue",
        "CARD": "payment",
        "BANK_TRANSFER": "payment",
        "BARION": "payment",
        "Barion": "payment",
    }
    defaults = load_config(str(write(tmp_path / "d", COMPANY + WAREHOUSE))).invoicing
    assert defaults.cash_methods == ("Készpénz", "Utánvét", "CASH", "COD")
    rules = dict(defaults.fulfilment)
    assert rules["Bankkártya"] == rules["Átutalás"] == rules["CARD"] == rules["BARION"] == "payment"


NAV_TABLE = (
    '[nav]\nbase_url = "https://api-test.onlineszamla.nav.gov.hu/invoiceService/v3/"\n'
    'login = "abcdefghijklmno"\npassword_env = "OKOS_NAV_PASSWORD"\n'
    'signature_key_file = "nav-signature.key"\nexchange_key_env = "OKOS_NAV_EXCHANGE_KEY"\n'
    'software_id = "HU12345676OKOS-001"\n'
)


def test_the_nav_table_with_its_secrets_from_the_environment_and_a_file(tmp_path, monkeypatch):
    path = write(tmp_path, COMPANY + WAREHOUSE + NAV_TABLE)
    (tmp_path / "nav-signature.key").write_text("sig-key-from-file\n", encoding="utf-8")
    monkeypatch.setenv("OKOS_NAV_PASSWORD", "jelszó")
    monkeypatch.setenv("OKOS_NAV_EXCHANGE_KEY", "0123456789abcdef")
    config = load_config(str(path))
    nav = config.nav
    assert nav is not None and nav.report is True
    assert nav.base_url == "https://api-test.onlineszamla.nav.gov.hu/invoiceService/v3"
    assert nav.password.reveal(config.path) == "jelszó"
    assert nav.signature_key.reveal(config.path) == "sig-key-from-file"
    assert nav.exchange_key.reveal(config.path) == "0123456789abcdef"
    assert "jelszó" not in repr(config) and "sig-key" not in repr(config)
    assert load_config(str(write(tmp_path / "none", COMPANY + WAREHOUSE))).nav is None


def test_a_bad_software_id_is_refused_naming_the_key(tmp_path):
    text = COMPANY + WAREHOUSE + NAV_TABLE.replace("HU12345676OKOS-001", "okos")
    with pytest.raises(ConfigError) as failure:
        load_config(str(write(tmp_path, text)))
    assert failure.value.key == "nav.software_id" and "18" in failure.value.problem


def test_the_message_says_what_is_expected(tmp_path):
    text = COMPANY + WAREHOUSE + '[stock]\nallow_negative = "yes"\n'
    with pytest.raises(ConfigError) as failure:
        load_config(str(write(tmp_path, text)))
    assert "true" in failure.value.problem and "'yes'" in failure.value.problem


def test_bad_toml_names_the_file(tmp_path):
    path = write(tmp_path, '[company\nname = "x"\n')
    with pytest.raises(ConfigError) as failure:
        load_config(str(path))
    assert str(path.resolve()) in str(failure.value)
    assert "TOML" in str(failure.value)


def test_non_utf8_file_is_a_config_error(tmp_path):
    path = tmp_path / "okos.toml"
    path.write_bytes((COMPANY + WAREHOUSE).replace("Teszt", "T\u00e9szt").encode("latin-1"))
    with pytest.raises(ConfigError) as failure:
        load_config(str(path))
    assert str(path.resolve()) in str(failure.value)


def test_parse_config_reports_the_first_warehouse_key_it_cannot_use(tmp_path):
    raw = {"company": {"name": "x"}, "warehouses": [{"code": "MAIN", "name": "a"}, "SHOP"]}
    with pytest.raises(ConfigError) as failure:
        parse_config(raw, tmp_path / "okos.toml")
    assert failure.value.key == "warehouses"


# --- through the command line ----------------------------------------------------------------

CLI_CASES = {
    "missing company name": ('[company]\ncity = "x"\n' + WAREHOUSE, "company.name"),
    "allow_negative yes": (
        COMPANY + WAREHOUSE + '[stock]\nallow_negative = "yes"\n',
        "stock.allow_negative",
    ),
    "duplicate warehouse": (COMPANY + WAREHOUSE + WAREHOUSE, "warehouses[1].code"),
    "bad tax number": (
        '[company]\nname = "x"\ntax_number = "12345678"\n' + WAREHOUSE,
        "company.tax_number",
    ),
}


@pytest.mark.parametrize("text, key", CLI_CASES.values(), ids=CLI_CASES.keys())
def test_cli_exits_2_with_one_line_naming_the_key(tmp_path, okos, text, key):
    path = write(tmp_path / "bad", text)
    result = okos("report", "stock", config=path)
    assert result.code == 2
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert key in lines[0] and str(path.resolve()) in lines[0]
    assert "Traceback" not in result.err
    assert not (tmp_path / "bad" / "okos.db").exists()


def test_cli_bad_toml_in_a_real_process(tmp_path, okos_process):
    path = write(tmp_path / "bad", "[stock\nallow_negative = false\n")
    result = okos_process("stock", "receive", "X=1", config=path)
    assert result.code == 2
    assert "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert str(path.resolve()) in result.err


def test_cli_uses_okos_config_from_the_environment_in_a_real_process(tmp_path, okos_process):
    bad = write(tmp_path / "env", COMPANY + WAREHOUSE + '[ui]\nlanguage = "xx"\n')
    result = okos_process("report", "stock", config=None, env={"OKOS_CONFIG": str(bad)})
    assert result.code == 2
    assert "ui.language" in result.err and "Traceback" not in result.err


def test_cli_without_any_configuration(tmp_path, okos_process):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = okos_process("report", "stock", config=None, cwd=empty)
    assert result.code == 2
    assert "okos.toml" in result.err and "Traceback" not in result.err


def test_cli_finds_okos_toml_in_the_working_folder(config_file, okos_process):
    result = okos_process("report", "stock", "--format", "csv", config=None, cwd=config_file.parent)
    assert result.code == 0, result.err
    assert result.out.splitlines()[0].startswith("sku,name,warehouse,physical")
    assert (config_file.parent / "okos.db").is_file()


def test_cli_database_in_a_missing_folder_is_a_clear_error(tmp_path, okos):
    path = write(tmp_path, '[database]\npath = "no/such/dir/okos.db"\n' + COMPANY + WAREHOUSE)
    result = okos("report", "stock", config=path)
    assert result.code != 0
    assert "Traceback" not in result.err
    assert "okos.db" in result.err


# --- numbers are finite ----------------------------------------------------------------------

SHOP = """
[[shops]]
name = "webshop"
api_url = "https://webshop.api2.myshoprenter.hu/api/"
token_url = "https://oauth.app.shoprenter.net/webshop/app/token"
client_id = "okos"
client_secret_env = "OKOS_WEBSHOP_SECRET"
order_prefix = "WEB"
"""
SMTP = '\n[smtp]\nhost = "smtp.example.hu"\nsender = "szamla@example.hu"\n'

NON_FINITE = {
    "sync_seconds": (SHOP + "sync_seconds = {value}\n", "shops[0].sync_seconds"),
    "sync_minutes": (SHOP + "sync_minutes = {value}\n", "shops[0].sync_minutes"),
    "timeout_seconds": (SMTP + "timeout_seconds = {value}\n", "smtp.timeout_seconds"),
}


@pytest.mark.parametrize("value", ["nan", "inf", "+inf", "-inf", "-nan"])
@pytest.mark.parametrize("table, key", NON_FINITE.values(), ids=NON_FINITE.keys())
def test_a_number_that_is_not_finite_is_refused_naming_the_key(tmp_path, table, key, value):
    path = write(tmp_path, COMPANY + WAREHOUSE + table.format(value=value))
    with pytest.raises(ConfigError) as failure:
        load_config(str(path))
    assert failure.value.key == key
    assert "nan" in failure.value.problem or "inf" in failure.value.problem
    assert "véges" in failure.value.problem  # "finite", in the default language


def test_finite_numbers_are_read_as_before(tmp_path):
    text = COMPANY + WAREHOUSE + SHOP + "sync_minutes = 0.5\n" + SMTP + "timeout_seconds = 5\n"
    config = load_config(str(write(tmp_path, text)))
    assert config.shops[0].sync_seconds == 30.0
    assert config.smtp is not None and config.smtp.timeout_seconds == 5.0
    assert isinstance(config.smtp.timeout_seconds, float)


# --- prefixes reserved for stock documents -----------------------------------------------------

PREFIX_KEYS = {
    "orders.prefix": ('[orders]\nprefix = "{prefix}"\n', "orders.prefix"),
    "shops[0].order_prefix": (SHOP.replace('"WEB"', '"{prefix}"'), "shops[0].order_prefix"),
    "invoicing.prefix": ('[invoicing]\nprefix = "{prefix}"\n', "invoicing.prefix"),
}


@pytest.mark.parametrize("prefix", sorted(RESERVED_PREFIXES))
@pytest.mark.parametrize("table, key", PREFIX_KEYS.values(), ids=PREFIX_KEYS.keys())
def test_a_prefix_reserved_for_stock_documents_is_refused(tmp_path, table, key, prefix):
    path = write(tmp_path, COMPANY + WAREHOUSE + table.format(prefix=prefix))
    with pytest.raises(ConfigError) as failure:
        load_config(str(path))
    assert failure.value.key == key
    reserved = ", ".join(sorted(RESERVED_PREFIXES))
    assert failure.value.problem == t("config.reserved_prefix", prefix=prefix, reserved=reserved)


def test_the_invoice_prefix_of_stock_issues_is_refused_in_both_languages(tmp_path):
    """KIA numbers the stock documents of invoices: invoices numbered from it would skip."""
    path = write(tmp_path, COMPANY + WAREHOUSE + '[invoicing]\nprefix = "KIA"\n')
    problems = {}
    for language in ("hu", "en"):
        set_language(language)
        with pytest.raises(ConfigError) as failure:
            load_config(str(path))
        assert failure.value.key == "invoicing.prefix"
        problems[language] = failure.value.problem
        assert all(prefix in problems[language] for prefix in RESERVED_PREFIXES)
    assert "belső" in problems["hu"] and "internal" in problems["en"]


def test_prefixes_next_to_the_reserved_ones_are_fine(tmp_path):
    text = (
        COMPANY
        + WAREHOUSE
        + SHOP.replace('"WEB"', '"KIAW"')
        + '[orders]\nprefix = "NY"\n[invoicing]\nprefix = "SZA"\n'
    )
    config = load_config(str(write(tmp_path, text)))
    assert (config.orders.prefix, config.shops[0].order_prefix) == ("NY", "KIAW")
    assert config.invoicing.prefix == "SZA"


# --- [ui.keymap] ids -------------------------------------------------------------------------


def test_an_unknown_keymap_id_is_refused_naming_it_and_the_known_ones(tmp_path):
    path = write(tmp_path, COMPANY + WAREHOUSE + '[ui.keymap]\nno_such_id = "f6"\n')
    with pytest.raises(ConfigError) as failure:
        load_config(str(path))
    assert failure.value.key == "ui.keymap.no_such_id"
    assert "no_such_id" in failure.value.problem
    assert all(binding in failure.value.problem for binding in BINDING_IDS)


def test_known_keymap_ids_are_read_in_order(tmp_path):
    text = COMPANY + WAREHOUSE + '[ui.keymap]\nsync_now = "f6"\ngo_cart = "4,k"\n'
    config = load_config(str(write(tmp_path, text)))
    assert config.ui.keymap == (("sync_now", "f6"), ("go_cart", "4,k"))


def test_cli_exits_2_naming_an_unknown_keymap_id(tmp_path, okos):
    path = write(tmp_path / "bad", COMPANY + WAREHOUSE + '[ui.keymap]\nno_such_id = "f6"\n')
    result = okos("report", "stock", config=path)
    assert result.code == 2
    assert result.out == ""
    assert "no_such_id" in result.err and "ui.keymap.no_such_id" in result.err
    assert "Traceback" not in result.err


# --- the rules of every key ------------------------------------------------------------------


def test_derived_values(tmp_path):
    text = (
        COMPANY
        + WAREHOUSE
        + '[ui]\nprint_command = "lpr -P \'raktar 2\'"\npdf_viewer = ["zathura", "--fork"]\n'
        + 'export_dir = "exports"\n'
        + '[invoicing]\npdf_dir = "/abs/szamlak"\n'
        + SHOP
        + "push_warehouses = ['MAIN', 'MAIN']\n"
        + "[shops.vat_map]\nAAM = '0 %'\n"
        + SMTP
        + 'security = "ssl"\n'
    )
    config = load_config(str(write(tmp_path, text)))
    assert config.ui.print_command == ("lpr", "-P", "raktar 2")  # split, never run by a shell
    assert config.ui.pdf_viewer == ("zathura", "--fork")
    assert config.ui.export_dir == tmp_path.resolve() / "exports"
    assert config.invoicing.pdf_dir == Path("/abs/szamlak")
    (shop,) = config.shops
    assert shop.api_url == "https://webshop.api2.myshoprenter.hu/api"  # no trailing slash
    assert shop.warehouse == "MAIN"  # the first warehouse
    assert shop.push_warehouses == ("MAIN",)
    assert shop.vat_map == (("AAM", "0 %"),)
    assert shop.client_secret.env == "OKOS_WEBSHOP_SECRET"
    assert shop.client_secret.key == "shops[0].client_secret_env"
    assert config.smtp is not None and config.smtp.port == 465  # the port of "ssl"
    assert config.smtp.password.key == "smtp.password_env"
    assert config.warnings == ()


@pytest.mark.parametrize(("security", "port"), [("starttls", 587), ("ssl", 465), ("none", 25)])
def test_the_default_smtp_port_follows_security(tmp_path, security, port):
    text = COMPANY + WAREHOUSE + SMTP + f'security = "{security}"\n'
    config = load_config(str(write(tmp_path, text)))
    assert config.smtp is not None and config.smtp.port == port


def test_a_plain_secret_is_warned_about_and_never_shown(tmp_path):
    text = COMPANY + WAREHOUSE + SMTP + 'username = "u"\npassword = "Titok-123"\n'
    config = load_config(str(write(tmp_path, text)))
    assert config.smtp is not None
    assert config.smtp.password.reveal(config.path) == "Titok-123"
    for shown in (repr(config), str(config), repr(config.smtp.password), str(config.smtp)):
        assert "Titok-123" not in shown
    (warning,) = config.warnings
    assert "smtp.password" in warning and "smtp.password_env" in warning


def test_a_secret_file_is_relative_to_the_toml_folder(tmp_path):
    text = COMPANY + WAREHOUSE + SHOP.replace("client_secret_env", "client_secret_file")
    path = write(tmp_path, text.replace("OKOS_WEBSHOP_SECRET", "titok.txt"))
    (tmp_path / "titok.txt").write_text("s3cr3t\n", encoding="utf-8")
    config = load_config(str(path))
    assert config.shops[0].client_secret.file == tmp_path.resolve() / "titok.txt"
    assert config.shops[0].client_secret.reveal(config.path) == "s3cr3t"


def test_settings_are_immutable(tmp_path):
    config = load_config(str(write(tmp_path, COMPANY + WAREHOUSE)))
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.ui.language = "en"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.company = config.company  # type: ignore[misc]


def test_unknown_shop_names_the_known_ones(tmp_path):
    config = load_config(str(write(tmp_path, COMPANY + WAREHOUSE + SHOP)))
    assert config.shop("webshop").order_prefix == "WEB"
    with pytest.raises(ConfigError) as failure:
        config.shop("masik")
    assert failure.value.key == "shops" and "webshop" in failure.value.problem


def test_messages_follow_the_language(tmp_path):
    path = write(tmp_path, COMPANY + WAREHOUSE + '[stock]\nallow_negative = "yes"\n')
    problems = {}
    for language in ("hu", "en"):
        set_language(language)
        with pytest.raises(ConfigError) as failure:
            load_config(str(path))
        problems[language] = failure.value.problem
    assert problems["hu"] == "várt érték: true vagy false, kapott: 'yes'"
    assert problems["en"] == "expected true or false, got 'yes'"


TABLES = [
    OkosToml,
    DatabaseSettings,
    CompanySettings,
    WarehouseSettings,
    StockSettings,
    OrderSettings,
    UiSettings,
    ShopSettings,
    InvoicingSettings,
    SmtpSettings,
]


@pytest.mark.parametrize("table", TABLES, ids=lambda table: table.__name__)
def test_every_key_is_documented(table):
    fields = table.__pydantic_fields__
    assert fields
    assert all(field.description for field in fields.values()), table


def test_settings_made_in_code(tmp_path):
    """As the UI's fallback for a broken okos.toml and the tests build them: keywords only,
    still checked, and `dataclasses.replace` works."""
    config = Config(
        path=tmp_path / "okos.toml",
        database=DatabaseSettings(path=tmp_path / "okos.db"),
        company=CompanySettings(name="?"),
        warehouses=(WarehouseSettings(code="MAIN", name="Központi"),),
    )
    assert config.database_path == tmp_path / "okos.db" and config.default_warehouse == "MAIN"
    assert (config.shops, config.smtp, config.warnings, config.orders.prefix) == ((), None, (), "R")
    remapped = dataclasses.replace(
        config, ui=dataclasses.replace(config.ui, keymap=(("sync_now", "f6"),))
    )
    assert remapped.ui.keymap == (("sync_now", "f6"),) and config.ui.keymap == ()
    with pytest.raises(ValueError, match="no_such_id"):
        dataclasses.replace(config.ui, keymap=(("no_such_id", "f6"),))


@pytest.mark.parametrize(
    ("table", "key", "words"),
    [
        ('[shops.stock_counters]\nMAIN = "stock5"\n', "shops[0].stock_counters.MAIN", "stock4"),
        ('[shops.stock_counters]\nRAKTAR = "stock2"\n', "shops[0].stock_counters", "RAKTAR"),
    ],
)
def test_stock_counters_name_a_counter_and_a_known_warehouse(tmp_path, table, key, words):
    text = COMPANY + WAREHOUSE + SHOP + table
    with pytest.raises(ConfigError) as failure:
        load_config(str(write(tmp_path, text)))
    assert failure.value.key == key and words in failure.value.problem


def test_stock_counters_are_read_in_order(tmp_path):
    table = '[shops.stock_counters]\nMAIN = "stock2"\n'
    config = load_config(str(write(tmp_path, COMPANY + WAREHOUSE + SHOP + table)))
    assert config.shops[0].stock_counters == (("MAIN", "stock2"),)
