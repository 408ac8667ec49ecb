"""okos.toml, table by table: every key declared once, with its type, its default and what it is.

Each table is a frozen pydantic dataclass that refuses unknown keys; the types of its keys
(`values`) say what they accept and what to tell a user who gives something else. A table's own
validators read what spans its keys (the keys a way of signing in needs, `sync_minutes` as
`sync_seconds`, the SMTP port that goes with its security); `OkosToml`, the whole file, reads the
secrets and checks what spans tables (a shop's warehouse exists, no two numbering blocks share a
prefix). A problem is raised as pydantic's error; `loading` words the first one for the user.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    SecretStr,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.dataclasses import dataclass

from okos_tui.config.errors import ConfigError
from okos_tui.config.secrets import SOURCES, Secret
from okos_tui.config.values import (
    AUTH_KEYS,
    DEFAULT_PORTS,
    TABLE,
    AnyText,
    Auth,
    Command,
    CompanyName,
    Country,
    CouponVat,
    DueDays,
    Email,
    Expect,
    FilePath,
    Flag,
    FolderPath,
    FulfilmentRules,
    Host,
    Keymap,
    Language,
    Location,
    MethodNames,
    Port,
    PositiveInt,
    PositiveNumber,
    Prefix,
    PushPrice,
    Refused,
    SecretKey,
    Security,
    ShopName,
    SoftwareId,
    StatusIds,
    StockCounters,
    TaxNumber,
    Template,
    Text,
    Url,
    VatMap,
    WarehouseCode,
    WarehouseList,
    dotted,
    expectation,
    fields_of,
    refuse,
    without_trailing_slash,
)
from okos_tui.i18n import t

# --- tables --------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True, config=TABLE)
class DatabaseSettings:
    """[database]"""

    path: FilePath = Field(
        default=Path("okos.db"),
        validate_default=True,
        description="The SQLite file; a relative path is relative to the folder of okos.toml.",
    )


@dataclass(frozen=True, kw_only=True, config=TABLE)
class CompanySettings:
    """[company]: the seller, as printed on invoices."""

    name: CompanyName = Field(description="The seller's name.")
    tax_number: TaxNumber = Field(
        default="", description="Hungarian tax number, 12345676-2-08 (check digit checked)."
    )
    postcode: AnyText = Field(default="", description="The seller's postcode.")
    city: AnyText = Field(default="", description="The seller's city.")
    street: AnyText = Field(default="", description="Street, number and the rest.")
    country: Country = Field(default="HU", description="ISO 3166 alpha-2 code, default HU.")
    bank_account: AnyText = Field(default="", description="The seller's bank account.")
    vat_exempt: Flag = Field(
        default=False, description='true for an "alanyi adómentes" (AAM) seller.'
    )

    @model_validator(mode="before")
    @classmethod
    def _address_in_parts(cls, data: Any) -> Any:
        """The one-string address of earlier versions, refused with how to split it."""
        if isinstance(data, dict) and "address" in data:
            raise refuse(("address",), "config.address_split", address=repr(data["address"]))
        return data


@dataclass(frozen=True, kw_only=True, config=TABLE)
class WarehouseSettings:
    """One [[warehouses]] table; the first is the default of every command."""

    code: WarehouseCode = Field(description="Capital letters, digits, - and _ (at most 16).")
    name: Text = Field(description="The warehouse's name.")


@dataclass(frozen=True, kw_only=True, config=TABLE)
class StockSettings:
    """[stock]"""

    allow_negative: Flag = Field(
        default=False,
        description="Whether a document may take physical stock below zero.",
    )


@dataclass(frozen=True, kw_only=True, config=TABLE)
class OrderSettings:
    """[orders]"""

    prefix: Prefix = Field(
        default="R",
        description="The numbering block of manually entered sales orders (not one reserved "
        "for stock documents).",
    )


@dataclass(frozen=True, kw_only=True, config=TABLE)
class InvoicingSettings:
    """[invoicing]"""

    prefix: Prefix = Field(
        default="SZ",
        description="Invoice numbers SZ-2026-000001; storno invoices share the block. Not a "
        "prefix of orders or one reserved for stock documents.",
    )
    due_days: DueDays = Field(
        default=8, description="Payment due = issue date + due_days (paid: the payment date)."
    )
    cash_methods: MethodNames = Field(
        default=("Készpénz", "Utánvét", "CASH", "COD"),
        description="Payment methods (names, or codes such as the shop's COD) paid in cash: "
        "rounded to 0/5 Ft.",
    )
    coupon_vat: CouponVat = Field(
        default="pro_rata",
        description='"pro_rata": a basket discount reduces each VAT rate\'s base in proportion; '
        '"shop": the rate the shop gives it.',
    )
    fulfilment: FulfilmentRules = Field(
        default=(
            ("Bankkártya", "payment"),
            ("Átutalás", "payment"),
            ("CARD", "payment"),
            ("BANK_TRANSFER", "payment"),
            ("BARION", "payment"),
        ),
        description="[invoicing.fulfilment]: payment method = issue, order or payment (the "
        "fulfilment date); methods not named: issue.",
    )
    pdf_dir: FolderPath = Field(
        default=Path("invoices"),
        validate_default=True,
        description="Where invoice PDFs go; relative to the folder of okos.toml.",
    )

    @model_validator(mode="before")
    @classmethod
    def _fulfilment_over_defaults(cls, data: Any) -> Any:
        """The methods a file names change their rule; the others keep the default one."""
        if isinstance(data, dict) and isinstance(data.get("fulfilment"), dict):
            defaults = dict(fields_of(cls)["fulfilment"].default)
            data = {**data, "fulfilment": {**defaults, **data["fulfilment"]}}
        return data


@dataclass(frozen=True, kw_only=True, config=TABLE)
class UiSettings:
    """[ui]"""

    language: Language = Field(default="hu", description='"hu" (default) or "en".')
    print_command: Command = Field(
        default=(),
        description='A command, e.g. "lpr -P raktar" or ["lpr", "-P", "raktar"]; the file\'s path '
        "is added at the end. Never run through a shell.",
    )
    pdf_viewer: Command = Field(default=(), description='E.g. "zathura"; empty: an in-app preview.')
    keymap: Keymap = Field(
        default=(),
        description='[ui.keymap]: binding id = keys, e.g. sync_now = "f6" (ids: see keymap.py).',
    )
    export_dir: FolderPath = Field(
        default=Path("."),
        validate_default=True,
        description="Where CSV exports go; relative to the folder of okos.toml.",
    )


@dataclass(frozen=True, kw_only=True, config=TABLE)
class ShopSettings:
    """One [[shops]] table: a ShopRenter shop."""

    name: ShopName = Field(description="A lower-case name (a-z, 0-9, - and _), e.g. webshop.")
    auth: Auth = Field(
        default="oauth",
        description='"oauth" (token_url, client_id, client_secret) or "basic" (the legacy API: '
        "username, password).",
    )
    api_url: Annotated[Url, AfterValidator(without_trailing_slash)] = Field(
        description="The shop's API, e.g. https://SHOP.api2.myshoprenter.hu/api."
    )
    token_url: Url = Field(default="", description='With "oauth": where tokens come from.')
    client_id: Text = Field(default="", description='With "oauth": the API client id.')
    username: Text = Field(default="", description='With "basic": the API user.')
    client_secret: SecretKey = Field(
        default_factory=Secret,
        description='With "oauth": client_secret_env (an environment variable), '
        "client_secret_file (a file) or client_secret (plain text: warned about).",
    )
    password: SecretKey = Field(
        default_factory=Secret,
        description='With "basic": password_env, password_file or password (warned about).',
    )
    order_prefix: Prefix = Field(
        description="This shop's numbering block of orders: not another's, not one reserved "
        "for stock documents."
    )
    warehouse: WarehouseCode = Field(
        default="", description="Where its orders reserve stock; default: the first warehouse."
    )
    first_order_id: PositiveInt = Field(
        default=1, description="The first shop order (innerId) to download."
    )
    sync_minutes: PositiveNumber | None = Field(
        default=None, description="How often to sync, in minutes (or sync_seconds)."
    )
    sync_seconds: PositiveNumber = Field(
        default=300.0,
        validate_default=True,
        description="How often to sync, in seconds (or sync_minutes); default 5 minutes.",
    )
    push_stock: Flag = Field(default=False, description="Send free stock and prices to the shop.")
    push_warehouses: WarehouseList = Field(
        default=(), description="Whose stock is sent; empty: every warehouse."
    )
    push_price: PushPrice = Field(
        default="list",
        description='The price sent: "list", "purchase", "pricelist:NAME" or "none".',
    )
    vat_map: VatMap = Field(
        default=(),
        description="[shops.vat_map]: local VAT code = the shop's tax class name (e.g. ATK = "
        '"0 %" for a deposit outside the scope of VAT).',
    )
    cancel_statuses: StatusIds = Field(
        default=(),
        description="The shop's order status ids of a cancelled or storno order: such an order "
        "is cancelled here too while OPEN (its stock released), flagged when invoiced.",
    )
    stock_counters: StockCounters = Field(
        default=(),
        description='[shops.stock_counters]: warehouse = "stock1".."stock4"; each counter '
        "gets the free stock of its warehouses, the others 0. Default: stock1 = the free stock "
        "of push_warehouses, stock2..stock4 = 0.",
    )
    paid_statuses: StatusIds = Field(
        default=(),
        description="The shop's order status ids that mean paid: the order's paid date is the "
        "day the shop set one.",
    )

    @model_validator(mode="before")
    @classmethod
    def _sign_in_and_interval(cls, data: Any) -> Any:
        """The keys its way of signing in needs (the others ignored); one sync interval."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if "sync_minutes" in data and "sync_seconds" in data:
            del data["sync_minutes"]
            keys = "sync_minutes, sync_seconds"
            data["sync_seconds"] = Refused(refuse((), "config.secret_twice", keys=keys))
        auth = data.get("auth", "oauth")
        needed = AUTH_KEYS.get(auth) if isinstance(auth, str) else None
        if needed is not None:
            for key in ("token_url", "client_id", "username"):
                if key not in needed:
                    data.pop(key, None)
                elif key not in data:
                    expected = expectation(fields_of(cls)[key])
                    data[key] = Refused(refuse((), "config.missing_key", expected=expected))
        return data

    @field_validator("sync_seconds", mode="before")
    @classmethod
    def _from_minutes(cls, value: Any, info: ValidationInfo) -> Any:
        minutes = info.data.get("sync_minutes")
        return 60 * minutes if minutes is not None else value

    def shop_tax_class(self, local_vat: str) -> str:
        """The shop's tax class name for a local VAT code (vat_map, else the code itself)."""
        return dict(self.vat_map).get(local_vat, local_vat)

    def local_vat(self, shop_tax_class: str) -> str | None:
        """The reverse of vat_map, for order import: None if the shop name is not mapped."""
        for local, shop in self.vat_map:
            if shop.replace(" ", "") == shop_tax_class.replace(" ", ""):
                return local
        return None


DEFAULT_SUBJECT = "Számla {invoice_number}"
DEFAULT_BODY = (
    "Kedves {customer_name}!\n\nMellékelten küldjük a(z) {invoice_number} számú számlát, "
    "végösszeg: {total}.\n\nKöszönjük a vásárlást!\n{company_name}"
)
DEFAULT_STORNO_SUBJECT = "Sztornó számla {invoice_number}"
DEFAULT_STORNO_BODY = (
    "Kedves {customer_name}!\n\nMellékelten küldjük a(z) {invoice_number} számú sztornó "
    "számlát, amely a(z) {original_number} számú számlát érvényteleníti "
    "(végösszeg: {total}).\n\n{company_name}"
)


@dataclass(frozen=True, kw_only=True, config=TABLE)
class SmtpSettings:
    """[smtp]: the mail server invoices are e-mailed through."""

    security: Security = Field(
        default="starttls", description='"starttls" (default), "ssl" or "none".'
    )
    port: Port = Field(
        default=DEFAULT_PORTS["starttls"],
        description="Default: 587 with starttls, 465 with ssl, 25 with none.",
    )
    sender: Email = Field(description="The From address.")
    subject: Template = Field(
        default=DEFAULT_SUBJECT,
        description="Placeholders: {customer_name}, {invoice_number}, {order_number}, {total}, "
        "{company_name}.",
    )
    body: Template = Field(default=DEFAULT_BODY, description="The same placeholders.")
    storno_subject: Template = Field(
        default=DEFAULT_STORNO_SUBJECT,
        description="A storno invoice's subject; {original_number} is the invoice it cancels.",
    )
    storno_body: Template = Field(default=DEFAULT_STORNO_BODY, description="Its body.")
    host: Host = Field(description="The mail server's host name.")
    username: AnyText = Field(default="", description="Empty: no login.")
    password: SecretKey = Field(
        default_factory=Secret,
        description="password_env (preferred), password_file or password (warned about).",
    )
    reply_to: AnyText = Field(default="", description="The Reply-To address; empty: none.")
    timeout_seconds: PositiveNumber = Field(
        default=30.0, description="How long to wait for the server."
    )

    @model_validator(mode="before")
    @classmethod
    def _port_of_security(cls, data: Any) -> Any:
        if isinstance(data, dict) and "port" not in data:
            security = data.get("security", "starttls")
            if isinstance(security, str) and security in DEFAULT_PORTS:
                data = {**data, "port": DEFAULT_PORTS[security]}
        return data


@dataclass(frozen=True, kw_only=True, config=TABLE)
class NavSettings:
    """[nav]: NAV Online Számla, where invoices are reported (the technical user's keys)."""

    base_url: Annotated[Url, AfterValidator(without_trailing_slash)] = Field(
        description="https://api-test.onlineszamla.nav.gov.hu/invoiceService/v3 (test) or "
        "https://api.onlineszamla.nav.gov.hu/invoiceService/v3 (production)."
    )
    login: Text = Field(description="The technical user's login.")
    password: SecretKey = Field(
        default_factory=Secret,
        description="password_env (preferred), password_file or password (warned about).",
    )
    signature_key: SecretKey = Field(
        default_factory=Secret,
        description="signature_key_env, signature_key_file or signature_key.",
    )
    exchange_key: SecretKey = Field(
        default_factory=Secret, description="exchange_key_env, exchange_key_file or exchange_key."
    )
    software_id: SoftwareId = Field(
        description="18 characters of 0-9, A-Z and -, e.g. HU12345676OKOS-001."
    )
    report: Flag = Field(
        default=True,
        description="Report new invoices automatically; false: only with `okos nav send`.",
    )
    timeout_seconds: PositiveNumber = Field(
        default=20.0, description="How long to wait for an answer."
    )
    lookup_after_seconds: PositiveNumber = Field(
        default=120.0,
        description="A report whose answer was lost is looked up at NAV (not sent again) once "
        "this long has passed since it was sent.",
    )


# --- the file ------------------------------------------------------------------------------------


def _array_of_tables(value: object, table: type, *, at_least_one: bool) -> object:
    """An array of tables ([[name]]) as a tuple; anything else is a mistake of the whole key."""
    if (
        isinstance(value, list | tuple)
        and (value or not at_least_one)
        and all(isinstance(item, dict | table) for item in value)
    ):
        return tuple(value)
    raise ValueError("not an array of tables")


def _warehouses(value: object) -> object:
    return _array_of_tables(value, WarehouseSettings, at_least_one=True)


def _shops(value: object) -> object:
    return _array_of_tables(value, ShopSettings, at_least_one=False)


def secret_keys(table: Any) -> list[str]:
    """The keys of a table that hold a `Secret`."""
    return [name for name, info in fields_of(table).items() if info.annotation is Secret]


def _read_secrets(
    kind: type, table: dict[str, Any], where: Location, folder: Path | None, warnings: list[str]
) -> dict[str, Any]:
    """Each secret key `x` of a table (`where` in the file) given as x_env, x_file or x, as one
    `Secret` that knows the key it came from (x_env when none is given), or as the problem."""
    table = dict(table)
    for base in secret_keys(kind):
        given = [base + suffix for suffix in SOURCES if base + suffix in table]
        values = {key: table.pop(key) for key in given}
        table[base] = _read_secret(base, values, where, folder, warnings)
    return table


def _read_secret(
    base: str, values: dict[str, Any], where: Location, folder: Path | None, warnings: list[str]
) -> Secret | Refused:
    """The secret `base` of the table at `where`, from the one of its keys given (`values`)."""
    if len(values) > 1:
        given = list(values)
        return Refused(refuse((given[1],), "config.secret_twice", up=1, keys=", ".join(given)))
    if not values:
        return Secret(key=dotted((*where, f"{base}_env")))
    ((key, value),) = values.items()
    if not isinstance(value, str) or not value.strip():
        expected = t("config.expect.text")
        return Refused(
            refuse((key,), "config.wrong_value", up=1, expected=expected, got=repr(value))
        )
    if key.endswith("_env"):
        return Secret(key=dotted((*where, key)), env=value)
    if key.endswith("_file"):
        file = Path(value)
        if folder is not None and not file.is_absolute():
            file = folder / file
        return Secret(key=dotted((*where, key)), file=file)
    env_key = dotted((*where, f"{base}_env"))
    warnings.append(t("config.plain_secret", key=dotted((*where, key)), env_key=env_key))
    return Secret(key=dotted((*where, key)), value=SecretStr(value))


@dataclass(frozen=True, kw_only=True, config=TABLE)
class OkosToml:
    """The whole file: its tables."""

    database: DatabaseSettings = Field(
        default_factory=DatabaseSettings, description="[database]: the SQLite file."
    )
    company: Annotated[CompanySettings, Expect("config.expect.company")] = Field(
        description="[company]: the seller."
    )
    warehouses: Annotated[
        tuple[WarehouseSettings, ...],
        BeforeValidator(_warehouses),
        Expect("config.expect.warehouses"),
    ] = Field(description="[[warehouses]]: at least one; the first is the default.")
    stock: StockSettings = Field(default_factory=StockSettings, description="[stock]")
    orders: OrderSettings = Field(default_factory=OrderSettings, description="[orders]")
    ui: UiSettings = Field(default_factory=UiSettings, description="[ui]")
    shops: Annotated[
        tuple[ShopSettings, ...], BeforeValidator(_shops), Expect("config.expect.shops")
    ] = Field(default=(), description="[[shops]]: the ShopRenter shops, if any.")
    invoicing: InvoicingSettings = Field(
        default_factory=InvoicingSettings, description="[invoicing]"
    )
    smtp: SmtpSettings | None = Field(
        default=None, description="[smtp]: without it, invoices are not e-mailed."
    )
    nav: NavSettings | None = Field(
        default=None, description="[nav]: without it, invoices are not reported to NAV."
    )

    @model_validator(mode="before")
    @classmethod
    def _read_whole_file(cls, data: Any, info: ValidationInfo) -> Any:
        """What needs more than one table: a missing table read as an empty one (so its paths
        resolve too), the secrets with the keys that gave them, a shop's default warehouse."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        for name, field in fields_of(cls).items():
            if field.default_factory is not None:
                data.setdefault(name, {})
        context = info.context if isinstance(info.context, dict) else {}
        folder = context.get("folder")
        warnings: list[str] = context.setdefault("warnings", [])
        shops = data.get("shops")
        if isinstance(shops, list):
            first = _first_warehouse(data.get("warehouses"))
            data["shops"] = [
                _read_shop(table, index, first, folder, warnings)
                if isinstance(table, dict)
                else table
                for index, table in enumerate(shops)
            ]
        if isinstance(data.get("smtp"), dict):
            data["smtp"] = _read_secrets(SmtpSettings, data["smtp"], ("smtp",), folder, warnings)
        if isinstance(data.get("nav"), dict):
            data["nav"] = _read_secrets(NavSettings, data["nav"], ("nav",), folder, warnings)
        return data

    @model_validator(mode="after")
    def _across_tables(self) -> Self:
        """Warehouse codes once each; a shop's name once, its own numbering block and known
        warehouses; the invoices' block apart from every order block."""
        codes: list[str] = []
        for index, warehouse in enumerate(self.warehouses):
            if warehouse.code in codes:
                at = ("warehouses", index, "code")
                raise refuse(at, "config.duplicate_warehouse", code=warehouse.code)
            codes.append(warehouse.code)
        names: set[str] = set()
        taken = {self.orders.prefix: "orders.prefix"}
        for index, shop in enumerate(self.shops):
            if shop.name in names:
                raise refuse(("shops", index, "name"), "config.duplicate_shop", name=shop.name)
            names.add(shop.name)
            at = ("shops", index, "order_prefix")
            if shop.order_prefix in taken:
                other = taken[shop.order_prefix]
                raise refuse(at, "config.prefix_taken", prefix=shop.order_prefix, other=other)
            taken[shop.order_prefix] = dotted(at)
            if shop.warehouse not in codes:
                known = ", ".join(codes)
                raise refuse(
                    ("shops", index, "warehouse"),
                    "config.unknown_warehouse",
                    code=shop.warehouse,
                    known=known,
                )
            for key, code in (
                *(("push_warehouses", code) for code in shop.push_warehouses),
                *(("stock_counters", code) for code, _ in shop.stock_counters),
            ):
                if code not in codes:
                    known = ", ".join(sorted(codes))
                    at = ("shops", index, key)
                    raise refuse(at, "config.unknown_warehouse", code=code, known=known)
        if self.invoicing.prefix in taken:  # the order blocks, each named by its key
            other = taken[self.invoicing.prefix]
            prefix = self.invoicing.prefix
            raise refuse(("invoicing", "prefix"), "config.prefix_taken", prefix=prefix, other=other)
        return self


def _first_warehouse(warehouses: object) -> str | None:
    if isinstance(warehouses, list) and warehouses and isinstance(warehouses[0], dict):
        code = warehouses[0].get("code")
        return code if isinstance(code, str) else None
    return None


def _read_shop(
    table: dict[str, Any], index: int, first: str | None, folder: Path | None, warnings: list[str]
) -> dict[str, Any]:
    table = _read_secrets(ShopSettings, table, ("shops", index), folder, warnings)
    if first is not None:
        table.setdefault("warehouse", first)
    return table


@dataclass(frozen=True, kw_only=True, config=TABLE)
class Config(OkosToml):
    """okos.toml as read: its tables, the file they came from and what to warn about."""

    path: Path = Field(description="The okos.toml read.")
    warnings: tuple[str, ...] = Field(
        default=(), description="What to tell at start, e.g. a secret written in okos.toml."
    )

    @property
    def database_path(self) -> Path:
        return self.database.path

    @property
    def default_warehouse(self) -> str:
        return self.warehouses[0].code

    def shop(self, name: str) -> ShopSettings:
        for shop in self.shops:
            if shop.name == name:
                return shop
        known = ", ".join(s.name for s in self.shops) or "-"
        raise ConfigError(self.path, "shops", t("config.unknown_shop", name=name, known=known))
