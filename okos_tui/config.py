"""okos.toml: finding it, reading it and checking every key before anything else runs.

A mistake is reported once, naming the file, the key and what is expected, as a `ConfigError`.
"""

from __future__ import annotations

import os
import re
import shlex
import string
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from okos_tui.i18n import t

CONFIG_ENV = "OKOS_CONFIG"
DEFAULT_NAME = "okos.toml"
TAX_NUMBER = re.compile(r"^\d{8}-\d-\d{2}$")
WAREHOUSE_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,15}$")
ORDER_PREFIX = re.compile(r"^[A-Z][A-Z0-9]{0,7}$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
LANGUAGES = ("hu", "en")


class ConfigError(Exception):
    """A configuration problem, with the file and the key it concerns."""

    def __init__(self, path: Path | None, key: str, problem: str) -> None:
        self.path = path
        self.key = key
        self.problem = problem
        where = f"{path}: " if path else ""
        super().__init__(f"{where}{key}: {problem}" if key else f"{where}{problem}")


@dataclass(frozen=True)
class CompanySettings:
    name: str
    tax_number: str = ""
    address: str = ""
    bank_account: str = ""
    vat_exempt: bool = False


@dataclass(frozen=True)
class WarehouseSettings:
    code: str
    name: str


@dataclass(frozen=True)
class StockSettings:
    allow_negative: bool = False


@dataclass(frozen=True)
class OrderSettings:
    prefix: str = "R"


@dataclass(frozen=True)
class InvoicingSettings:
    prefix: str = "SZ"
    due_days: int = 8
    pdf_dir: Path = Path("invoices")


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str  # "starttls", "ssl" or "none"
    username: str
    password: Secret
    sender: str
    reply_to: str = ""
    subject: str = "Számla {invoice_number}"
    body: str = (
        "Kedves {customer_name}!\n\nMellékelten küldjük a(z) {invoice_number} számú számlát, "
        "végösszeg: {total}.\n\nKöszönjük a vásárlást!\n{company_name}"
    )
    timeout_seconds: float = 30.0


@dataclass(frozen=True)
class UiSettings:
    language: str = "hu"
    print_command: tuple[str, ...] = ()  # e.g. ("lpr",): the file's path is added at the end
    pdf_viewer: tuple[str, ...] = ()  # e.g. ("zathura",); empty: an in-app preview
    keymap: tuple[tuple[str, str], ...] = ()  # binding id -> keys, e.g. ("sync_now", "f5")
    export_dir: Path = Path(".")


@dataclass(frozen=True)
class Secret:
    """Where a secret comes from: an environment variable, a file, or (discouraged) okos.toml.
    Read only when needed, so the app still opens on local data without it."""

    key: str  # the okos.toml key, for messages
    env: str = ""
    file: Path | None = None
    value: str = field(default="", repr=False)

    def reveal(self, config_path: Path) -> str:
        if self.env:
            secret = os.environ.get(self.env, "")
            if not secret:
                raise ConfigError(
                    config_path, self.key, t("config.secret_env_missing", env=self.env)
                )
            return secret
        if self.file is not None:
            try:
                secret = self.file.read_text(encoding="utf-8").strip()
            except OSError as exc:
                problem = t("config.secret_file_unreadable", file=self.file, detail=exc.strerror)
                raise ConfigError(config_path, self.key, problem) from None
            if not secret:
                raise ConfigError(
                    config_path, self.key, t("config.secret_file_empty", file=self.file)
                )
            return secret
        if not self.value:
            raise ConfigError(config_path, self.key, t("config.secret_missing"))
        return self.value


@dataclass(frozen=True)
class ShopSettings:
    name: str
    api_url: str
    auth: str  # "oauth" or "basic"
    token_url: str
    client_id: str
    client_secret: Secret
    username: str
    password: Secret
    order_prefix: str
    warehouse: str
    first_order_id: int
    sync_seconds: float
    push_stock: bool = False
    push_warehouses: tuple[str, ...] = ()  # empty: every warehouse
    push_price: str = "list"  # "list", "purchase", "pricelist:NAME" or "none"
    vat_map: tuple[tuple[str, str], ...] = ()  # local VAT short name -> shop tax class name

    def shop_tax_class(self, local_vat: str) -> str:
        """The shop's tax class name for a local VAT code (vat_map, else the code itself)."""
        return dict(self.vat_map).get(local_vat, local_vat)

    def local_vat(self, shop_tax_class: str) -> str | None:
        """The reverse of vat_map, for order import: None if the shop name is not mapped."""
        for local, shop in self.vat_map:
            if shop.replace(" ", "") == shop_tax_class.replace(" ", ""):
                return local
        return None


@dataclass(frozen=True)
class Config:
    path: Path
    database_path: Path
    company: CompanySettings
    warehouses: tuple[WarehouseSettings, ...]
    stock: StockSettings = field(default_factory=StockSettings)
    orders: OrderSettings = field(default_factory=OrderSettings)
    ui: UiSettings = field(default_factory=UiSettings)
    shops: tuple[ShopSettings, ...] = ()
    warnings: tuple[str, ...] = ()
    invoicing: InvoicingSettings = field(default_factory=InvoicingSettings)
    smtp: SmtpSettings | None = None

    def shop(self, name: str) -> ShopSettings:
        for shop in self.shops:
            if shop.name == name:
                return shop
        known = ", ".join(s.name for s in self.shops) or "-"
        raise ConfigError(self.path, "shops", t("config.unknown_shop", name=name, known=known))

    @property
    def default_warehouse(self) -> str:
        return self.warehouses[0].code


def find_config(explicit: str | Path | None, cwd: Path | None = None) -> Path:
    """--config PATH, then $OKOS_CONFIG, then ./okos.toml."""
    if explicit:
        path = Path(explicit)
        source = "--config"
    elif os.environ.get(CONFIG_ENV):
        path = Path(os.environ[CONFIG_ENV])
        source = f"${CONFIG_ENV}"
    else:
        path = (cwd or Path.cwd()) / DEFAULT_NAME
        source = None
    if not path.is_file():
        if source:
            raise ConfigError(path, "", t("config.missing_named", source=source))
        raise ConfigError(None, "", t("config.no_file"))
    return path.resolve()


def load_config(explicit: str | Path | None = None, cwd: Path | None = None) -> Config:
    path = find_config(explicit, cwd)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, "", t("config.bad_toml", detail=exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, "", t("config.unreadable", detail=exc)) from None
    return parse_config(raw, path)


class _Reader:
    """Typed access to one TOML table that names the key in every complaint."""

    def __init__(self, path: Path, table: dict[str, Any], prefix: str, known: set[str]) -> None:
        self.path = path
        self.table = table
        self.prefix = prefix
        unknown = sorted(set(table) - known)
        if unknown:
            known_keys = ", ".join(sorted(known))
            raise ConfigError(path, self.key(unknown[0]), t("config.unknown_key", known=known_keys))

    def key(self, name: str) -> str:
        return f"{self.prefix}.{name}" if self.prefix else name

    def wrong(self, name: str, expected: str, got: object) -> ConfigError:
        problem = t("config.wrong_value", expected=expected, got=repr(got))
        return ConfigError(self.path, self.key(name), problem)

    def string(
        self,
        name: str,
        default: str | None = None,
        pattern: re.Pattern | None = None,
        expected: str | None = None,
    ) -> str:
        expected = expected or t("config.expect.text")
        if name not in self.table:
            if default is None:
                problem = t("config.missing_key", expected=expected)
                raise ConfigError(self.path, self.key(name), problem)
            return default
        value = self.table[name]
        if not isinstance(value, str) or (default is None and not value.strip()):
            raise self.wrong(name, expected, value)
        if pattern and value and not pattern.match(value):
            raise self.wrong(name, expected, value)
        return value

    def boolean(self, name: str, default: bool) -> bool:
        value = self.table.get(name, default)
        if not isinstance(value, bool):
            raise self.wrong(name, t("config.expect.bool"), value)
        return value

    def table_of(self, name: str) -> dict[str, Any]:
        value = self.table.get(name, {})
        if not isinstance(value, dict):
            raise self.wrong(name, t("config.expect.table", name=name), value)
        return value


TOP_LEVEL_KEYS = {
    "database",
    "company",
    "warehouses",
    "stock",
    "orders",
    "ui",
    "shops",
    "invoicing",
    "smtp",
}
SMTP_PLACEHOLDERS = {"customer_name", "invoice_number", "total", "company_name", "order_number"}
SHOP_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
SHOP_KEYS = {
    "name",
    "api_url",
    "auth",
    "token_url",
    "client_id",
    "client_secret",
    "client_secret_env",
    "client_secret_file",
    "username",
    "password",
    "password_env",
    "password_file",
    "order_prefix",
    "warehouse",
    "first_order_id",
    "sync_minutes",
    "sync_seconds",
    "push_stock",
    "push_warehouses",
    "push_price",
    "vat_map",
}
PUSH_PRICE = re.compile(r"^(list|purchase|none|pricelist:.+)$")


def parse_config(raw: dict[str, Any], path: Path) -> Config:
    top = _Reader(path, raw, "", TOP_LEVEL_KEYS)

    database = _Reader(path, top.table_of("database"), "database", {"path"})
    db_text = database.string("path", "okos.db", expected=t("config.expect.path"))
    if not db_text.strip():  # "" would name the okos.toml's folder, not a file
        raise database.wrong("path", t("config.expect.path"), db_text)
    db_path = Path(db_text)
    if not db_path.is_absolute():
        db_path = path.parent / db_path

    if "company" not in raw:
        problem = t("config.missing_key", expected=t("config.expect.company"))
        raise ConfigError(path, "company", problem)
    company_table = _Reader(
        path,
        top.table_of("company"),
        "company",
        {"name", "tax_number", "address", "bank_account", "vat_exempt"},
    )
    company = CompanySettings(
        name=company_table.string("name", expected=t("config.expect.company_name")),
        tax_number=company_table.string(
            "tax_number", "", TAX_NUMBER, t("config.expect.tax_number")
        ),
        address=company_table.string("address", ""),
        bank_account=company_table.string("bank_account", ""),
        vat_exempt=company_table.boolean("vat_exempt", False),
    )

    warehouses = _parse_warehouses(path, raw.get("warehouses"))

    stock_table = _Reader(path, top.table_of("stock"), "stock", {"allow_negative"})
    orders_table = _Reader(path, top.table_of("orders"), "orders", {"prefix"})
    ui_table = _Reader(
        path,
        top.table_of("ui"),
        "ui",
        {"language", "print_command", "pdf_viewer", "keymap", "export_dir"},
    )
    language = ui_table.string("language", "hu", expected=t("config.expect.language"))
    if language not in LANGUAGES:
        raise ui_table.wrong("language", t("config.expect.language"), language)
    keymap = ui_table.table_of("keymap")
    for binding_id, keys in keymap.items():
        if not isinstance(keys, str) or not keys.strip():
            raise ConfigError(
                path,
                f"ui.keymap.{binding_id}",
                t("config.wrong_value", expected=t("config.expect.keys"), got=repr(keys)),
            )
    export_dir = Path(ui_table.string("export_dir", ".", expected=t("config.expect.path")))
    order_prefix = orders_table.string("prefix", "R", ORDER_PREFIX, t("config.expect.prefix"))
    warnings: list[str] = []
    shops = _parse_shops(path, raw.get("shops"), warehouses, order_prefix, warnings)
    invoicing = _parse_invoicing(path, top.table_of("invoicing"), order_prefix, shops)
    smtp = _parse_smtp(path, raw, top, warnings)
    return Config(
        path=path,
        database_path=db_path,
        company=company,
        warehouses=warehouses,
        stock=StockSettings(allow_negative=stock_table.boolean("allow_negative", False)),
        orders=OrderSettings(prefix=order_prefix),
        ui=UiSettings(
            language=language,
            print_command=_command(ui_table, "print_command"),
            pdf_viewer=_command(ui_table, "pdf_viewer"),
            keymap=tuple((str(k), str(v)) for k, v in keymap.items()),
            export_dir=export_dir if export_dir.is_absolute() else path.parent / export_dir,
        ),
        shops=shops,
        warnings=tuple(warnings),
        invoicing=invoicing,
        smtp=smtp,
    )


def _parse_warehouses(path: Path, value: Any) -> tuple[WarehouseSettings, ...]:
    if value is None:
        problem = t("config.missing_key", expected=t("config.expect.warehouses"))
        raise ConfigError(path, "warehouses", problem)
    if not isinstance(value, list) or not value or not all(isinstance(w, dict) for w in value):
        problem = t("config.wrong_value", expected=t("config.expect.warehouses"), got=repr(value))
        raise ConfigError(path, "warehouses", problem)
    result: list[WarehouseSettings] = []
    for index, table in enumerate(value):
        reader = _Reader(path, table, f"warehouses[{index}]", {"code", "name"})
        code = reader.string(
            "code", pattern=WAREHOUSE_CODE, expected=t("config.expect.warehouse_code")
        )
        if any(w.code == code for w in result):
            problem = t("config.duplicate_warehouse", code=code)
            raise ConfigError(path, reader.key("code"), problem)
        result.append(WarehouseSettings(code=code, name=reader.string("name")))
    return tuple(result)


def _number(reader: _Reader, name: str, default: float | None, *, integer: bool) -> float | None:
    value = reader.table.get(name, default)
    if value is None:
        return None
    kind = int if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kind) or value <= 0:
        expected = t("config.expect.positive_int" if integer else "config.expect.positive")
        raise reader.wrong(name, expected, value)
    return value


def _secret(reader: _Reader, base: str, path: Path, warnings: list[str]) -> Secret:
    """`<base>_env` (preferred), `<base>_file`, or `<base>` in plain text (warned about)."""
    given = [k for k in (f"{base}_env", f"{base}_file", base) if k in reader.table]
    if len(given) > 1:
        problem = t("config.secret_twice", keys=", ".join(given))
        raise ConfigError(path, reader.key(given[1]), problem)
    if f"{base}_env" in reader.table:
        return Secret(reader.key(f"{base}_env"), env=reader.string(f"{base}_env"))
    if f"{base}_file" in reader.table:
        file = Path(reader.string(f"{base}_file"))
        return Secret(
            reader.key(f"{base}_file"), file=file if file.is_absolute() else path.parent / file
        )
    if base in reader.table:
        warnings.append(
            t("config.plain_secret", key=reader.key(base), env_key=reader.key(f"{base}_env"))
        )
        return Secret(reader.key(base), value=reader.string(base))
    return Secret(reader.key(f"{base}_env"))


def _parse_shops(
    path: Path,
    value: Any,
    warehouses: tuple[WarehouseSettings, ...],
    manual_prefix: str,
    warnings: list[str],
) -> tuple[ShopSettings, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(s, dict) for s in value):
        problem = t("config.wrong_value", expected=t("config.expect.shops"), got=repr(value))
        raise ConfigError(path, "shops", problem)
    shops: list[ShopSettings] = []
    prefixes = {manual_prefix: "orders.prefix"}
    for index, table in enumerate(value):
        reader = _Reader(path, table, f"shops[{index}]", SHOP_KEYS)
        name = reader.string("name", pattern=SHOP_NAME, expected=t("config.expect.shop_name"))
        if any(s.name == name for s in shops):
            raise ConfigError(path, reader.key("name"), t("config.duplicate_shop", name=name))
        auth = reader.string("auth", "oauth", expected='"oauth" / "basic"')
        if auth not in ("oauth", "basic"):
            raise reader.wrong("auth", '"oauth" / "basic"', auth)
        api_url = reader.string("api_url", pattern=URL, expected=t("config.expect.url"))
        token_url = ""
        client_id = username = ""
        if auth == "oauth":
            token_url = reader.string("token_url", pattern=URL, expected=t("config.expect.url"))
            client_id = reader.string("client_id")
        else:
            username = reader.string("username")
        client_secret = _secret(reader, "client_secret", path, warnings)
        password = _secret(reader, "password", path, warnings)
        prefix = reader.string(
            "order_prefix", pattern=ORDER_PREFIX, expected=t("config.expect.prefix")
        )
        if prefix in prefixes:
            problem = t("config.prefix_taken", prefix=prefix, other=prefixes[prefix])
            raise ConfigError(path, reader.key("order_prefix"), problem)
        prefixes[prefix] = reader.key("order_prefix")
        warehouse = reader.string("warehouse", warehouses[0].code, WAREHOUSE_CODE)
        if warehouse not in {w.code for w in warehouses}:
            known = ", ".join(w.code for w in warehouses)
            problem = t("config.unknown_warehouse", code=warehouse, known=known)
            raise ConfigError(path, reader.key("warehouse"), problem)
        first_order_id = int(_number(reader, "first_order_id", 1, integer=True) or 1)
        if "sync_minutes" in table and "sync_seconds" in table:
            problem = t("config.secret_twice", keys="sync_minutes, sync_seconds")
            raise ConfigError(path, reader.key("sync_seconds"), problem)
        seconds = _number(reader, "sync_seconds", None, integer=False)
        if seconds is None:
            seconds = 60 * (_number(reader, "sync_minutes", 5, integer=False) or 5)
        push_warehouses = _warehouse_list(reader, warehouses)
        push_price = reader.string("push_price", "list", PUSH_PRICE, t("config.expect.push_price"))
        vat_map = reader.table_of("vat_map")
        for local, shop_name in vat_map.items():
            if not isinstance(shop_name, str) or not shop_name.strip():
                raise ConfigError(
                    path,
                    reader.key(f"vat_map.{local}"),
                    t("config.wrong_value", expected=t("config.expect.text"), got=repr(shop_name)),
                )
        shops.append(
            ShopSettings(
                name=name,
                api_url=api_url.rstrip("/"),
                auth=auth,
                token_url=token_url,
                client_id=client_id,
                client_secret=client_secret,
                username=username,
                password=password,
                order_prefix=prefix,
                warehouse=warehouse,
                first_order_id=first_order_id,
                sync_seconds=float(seconds),
                push_stock=reader.boolean("push_stock", False),
                push_warehouses=push_warehouses,
                push_price=push_price,
                vat_map=tuple((str(k), str(v)) for k, v in vat_map.items()),
            )
        )
    return tuple(shops)


def _warehouse_list(reader: _Reader, warehouses: tuple[WarehouseSettings, ...]) -> tuple[str, ...]:
    value = reader.table.get("push_warehouses", [])
    known = {w.code for w in warehouses}
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise reader.wrong("push_warehouses", t("config.expect.warehouse_list"), value)
    for code in value:
        if code not in known:
            problem = t("config.unknown_warehouse", code=code, known=", ".join(sorted(known)))
            raise ConfigError(reader.path, reader.key("push_warehouses"), problem)
    return tuple(dict.fromkeys(value))


def _parse_invoicing(
    path: Path, table: dict[str, Any], order_prefix: str, shops: tuple[ShopSettings, ...]
) -> InvoicingSettings:
    reader = _Reader(path, table, "invoicing", {"prefix", "due_days", "pdf_dir"})
    prefix = reader.string("prefix", "SZ", ORDER_PREFIX, t("config.expect.prefix"))
    taken = {order_prefix: "orders.prefix", **{s.order_prefix: f"shops.{s.name}" for s in shops}}
    if prefix in taken:
        problem = t("config.prefix_taken", prefix=prefix, other=taken[prefix])
        raise ConfigError(path, "invoicing.prefix", problem)
    due_days = reader.table.get("due_days", 8)
    if isinstance(due_days, bool) or not isinstance(due_days, int) or not 0 <= due_days <= 365:
        raise reader.wrong("due_days", t("config.expect.due_days"), due_days)
    pdf_dir = Path(reader.string("pdf_dir", "invoices", expected=t("config.expect.path")))
    return InvoicingSettings(
        prefix=prefix,
        due_days=due_days,
        pdf_dir=pdf_dir if pdf_dir.is_absolute() else path.parent / pdf_dir,
    )


def _parse_smtp(
    path: Path, raw: dict[str, Any], top: _Reader, warnings: list[str]
) -> SmtpSettings | None:
    if "smtp" not in raw:
        return None
    reader = _Reader(
        path,
        top.table_of("smtp"),
        "smtp",
        {
            "host",
            "port",
            "security",
            "username",
            "password",
            "password_env",
            "password_file",
            "sender",
            "reply_to",
            "subject",
            "body",
            "timeout_seconds",
        },
    )
    security = reader.string("security", "starttls", expected='"starttls" / "ssl" / "none"')
    if security not in ("starttls", "ssl", "none"):
        raise reader.wrong("security", '"starttls" / "ssl" / "none"', security)
    default_port = {"starttls": 587, "ssl": 465, "none": 25}[security]
    port = reader.table.get("port", default_port)
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        raise reader.wrong("port", t("config.expect.port"), port)
    sender = reader.string("sender", expected=t("config.expect.email"))
    if "@" not in sender:
        raise reader.wrong("sender", t("config.expect.email"), sender)
    defaults = SmtpSettings("", 0, "", "", Secret(""), "")
    subject = reader.string("subject", defaults.subject)
    body = reader.string("body", defaults.body)
    for key, template in (("subject", subject), ("body", body)):
        _check_template(path, reader.key(key), template)
    return SmtpSettings(
        host=reader.string("host", expected=t("config.expect.host")),
        port=port,
        security=security,
        username=reader.string("username", ""),
        password=_secret(reader, "password", path, warnings),
        sender=sender,
        reply_to=reader.string("reply_to", ""),
        subject=subject,
        body=body,
        timeout_seconds=float(_number(reader, "timeout_seconds", 30, integer=False) or 30),
    )


def _check_template(path: Path, key: str, template: str) -> None:
    """A typo in a placeholder must show at start, not in the 200th e-mail."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    except ValueError as exc:
        raise ConfigError(path, key, t("config.bad_template", detail=exc)) from None
    unknown = names - SMTP_PLACEHOLDERS
    if unknown:
        known = ", ".join("{" + n + "}" for n in sorted(SMTP_PLACEHOLDERS))
        problem = t("config.unknown_placeholder", names=", ".join(sorted(unknown)), known=known)
        raise ConfigError(path, key, problem)


def _command(reader: _Reader, name: str) -> tuple[str, ...]:
    """A program and its arguments, as a TOML list or a string split like a shell would
    (it is never run through a shell)."""
    value = reader.table.get(name, [])
    if isinstance(value, str):
        try:
            return tuple(shlex.split(value))
        except ValueError as exc:
            raise reader.wrong(name, t("config.expect.command"), value) from exc
    if isinstance(value, list) and all(isinstance(part, str) for part in value):
        return tuple(value)
    raise reader.wrong(name, t("config.expect.command"), value)
