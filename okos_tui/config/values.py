"""What a key of okos.toml may hold: the types of values, each with what it expects.

A value type is an `Annotated` type: pydantic's constraints, the validators that read a value as
it will be used (a relative path resolved against the folder of okos.toml, the `folder` of the
validation context; a command split like a shell would, never run through one; a table of pairs
as a tuple), and an `Expect` naming the catalogue text that tells a user what is expected. A
problem a constraint cannot say is raised with `refuse`, already worded from the catalogue.
"""

from __future__ import annotations

import shlex
import string
from dataclasses import dataclass as plain_dataclass
from pathlib import Path
from types import NoneType, UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, ValidationInfo
from pydantic.dataclasses import is_pydantic_dataclass
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from okos_tui.config.keymap import BINDING_IDS
from okos_tui.config.secrets import SOURCES, Secret
from okos_tui.core.prefixes import RESERVED_PREFIXES
from okos_tui.core.tax_numbers import check_digit
from okos_tui.i18n import t

TABLE = ConfigDict(extra="forbid", allow_inf_nan=False)
"""Every table: an unknown key is a mistake, and no number is nan or infinite."""

PROBLEM = "okos_config"
"""The pydantic error type of a problem worded here (see `refuse`)."""

Location = tuple[str | int, ...]


@plain_dataclass(frozen=True)
class Expect:
    """What a key expects, for messages: a `config.expect.*` message of the catalogue."""

    message: str


def refuse(at: Location, message: str, /, *, up: int = 0, **params: object) -> PydanticCustomError:
    """A problem worded from the catalogue, about the key `at` below where the validator runs
    (`up` levels above it: 1 for a sibling key of the one being validated)."""
    context = {"problem": t(message, **params), "at": at, "up": up}
    return PydanticCustomError(PROBLEM, "{problem}", context)


@plain_dataclass(frozen=True)
class Refused:
    """A problem a reader of a whole table or file found in a key's value, put in its place so
    that it is raised when pydantic reaches that key: problems come in the order of the keys."""

    error: PydanticCustomError


def _raise_refused(value: object) -> object:
    if isinstance(value, Refused):
        raise value.error
    return value


def dotted(location: Location) -> str:
    """("shops", 0, "order_prefix") -> "shops[0].order_prefix", as messages name a key."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def fields_of(table: Any) -> dict[str, FieldInfo]:
    """The keys a table class declares, in order."""
    fields: dict[str, FieldInfo] = getattr(table, "__pydantic_fields__", {})
    return fields


def table_of(annotation: Any) -> Any:
    """The table class a key holds (itself, in a tuple or optional), or None for a value."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return table_of(get_args(annotation)[0])
    if origin in (tuple, Union, UnionType):
        for argument in get_args(annotation):
            if argument not in (Ellipsis, NoneType) and table_of(argument) is not None:
                return table_of(argument)
        return None
    return annotation if is_pydantic_dataclass(annotation) else None


def known_keys(table: Any) -> list[str]:
    """The keys a table accepts, as written in okos.toml (a secret `x` as x_env, x_file, x)."""
    keys: list[str] = []
    for name, info in fields_of(table).items():
        keys += [name + suffix for suffix in SOURCES] if info.annotation is Secret else [name]
    return sorted(keys)


def _find_expect(annotation: Any) -> Expect | None:
    if get_origin(annotation) is Annotated:
        base, *metadata = get_args(annotation)
        found = next((item for item in metadata if isinstance(item, Expect)), None)
        return found or _find_expect(base)
    for argument in get_args(annotation):
        found = _find_expect(argument)
        if found is not None:
            return found
    return None


def expectation(field: FieldInfo | None) -> str:
    """What a key expects, in the current language ("a text" unless its type says more)."""
    if field is None:
        return t("config.expect.text")
    found = next((item for item in field.metadata if isinstance(item, Expect)), None)
    found = found or _find_expect(field.annotation)
    return t(found.message if found else "config.expect.text")


# --- values ------------------------------------------------------------------------------------

NOT_BLANK = r"\S"
TAX_NUMBER = r"^([0-9]{8}-[0-9]-[0-9]{2})?$"
WAREHOUSE_CODE = r"^[A-Z0-9][A-Z0-9_-]{0,15}$"
ORDER_PREFIX = r"^[A-Z][A-Z0-9]{0,7}$"
SHOP_NAME = r"^[a-z0-9][a-z0-9_-]{0,31}$"
URL = r"^https?://[^\s/$.?#][^\s]*$"
PUSH_PRICE = r"^(list|purchase|none|pricelist:.+)$"
SMTP_PLACEHOLDERS = frozenset(
    {"customer_name", "invoice_number", "total", "company_name", "order_number", "original_number"}
)
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
AUTH_KEYS = {"oauth": ("token_url", "client_id"), "basic": ("username",)}
"""The keys each way of signing in needs; the others are ignored."""


def _not_reserved(prefix: str) -> str:
    if prefix in RESERVED_PREFIXES:
        reserved = ", ".join(sorted(RESERVED_PREFIXES))
        raise refuse((), "config.reserved_prefix", prefix=prefix, reserved=reserved)
    return prefix


def without_trailing_slash(url: str) -> str:
    return url.rstrip("/")


def _not_blank(value: object) -> object:
    if isinstance(value, str) and not value.strip():  # "" would name the folder, not a file
        raise ValueError("a blank path")
    return value


def _beside_okos_toml(value: object, info: ValidationInfo) -> object:
    """A relative path is relative to the folder of okos.toml (when it is known)."""
    if isinstance(value, str):
        value = Path(value)
    folder = (info.context or {}).get("folder")
    if isinstance(value, Path) and folder is not None and not value.is_absolute():
        return Path(folder) / value
    return value


def _command(value: object) -> object:
    """A program and its arguments: a list, or a string split like a shell would."""
    if isinstance(value, str):
        try:
            return tuple(shlex.split(value))
        except ValueError:
            raise ValueError("unbalanced quotes") from None
    if isinstance(value, list | tuple) and all(isinstance(part, str) for part in value):
        return tuple(value)
    raise ValueError("not a command")


def _codes(value: object) -> object:
    """A list of warehouse codes, each once, in the order given."""
    if isinstance(value, list | tuple) and all(isinstance(code, str) for code in value):
        return tuple(dict.fromkeys(value))
    raise ValueError("not a list of codes")


def _pairs(value: object, name: str) -> list[tuple[Any, Any]]:
    """A TOML table of name = value (or, from code, a tuple of pairs)."""
    if isinstance(value, dict):
        return list(value.items())
    if isinstance(value, tuple) and all(isinstance(p, tuple) and len(p) == 2 for p in value):
        return list(value)
    expected = t("config.expect.table", name=name)
    raise refuse((), "config.wrong_value", expected=expected, got=repr(value))


def _keymap(value: object) -> tuple[tuple[str, str], ...]:
    pairs = _pairs(value, "keymap")
    for binding, keys in pairs:
        if binding not in BINDING_IDS:
            known = ", ".join(sorted(BINDING_IDS))
            raise refuse((str(binding),), "config.unknown_binding", binding=binding, known=known)
        if not isinstance(keys, str) or not keys.strip():
            expected = t("config.expect.keys")
            raise refuse((str(binding),), "config.wrong_value", expected=expected, got=repr(keys))
    return tuple((str(binding), str(keys)) for binding, keys in pairs)


def _vat_map(value: object) -> tuple[tuple[str, str], ...]:
    pairs = _pairs(value, "vat_map")
    for local, shop in pairs:
        if not isinstance(shop, str) or not shop.strip():
            expected = t("config.expect.text")
            raise refuse((str(local),), "config.wrong_value", expected=expected, got=repr(shop))
    return tuple((str(local), str(shop)) for local, shop in pairs)


def _check_digit(number: str) -> str:
    """A Hungarian tax number's eighth digit checks the first seven."""
    if number and check_digit(number) != int(number[7]):
        raise refuse((), "config.tax_number_check_digit", number=number)
    return number


def _country(value: str) -> str:
    if len(value) != 2 or not value.isalpha() or not value.isascii():
        expected = t("config.expect.country")
        raise refuse((), "config.wrong_value", expected=expected, got=repr(value))
    return value.upper()


def _names(value: object) -> object:
    """A list of names (payment methods), each once, in the order given."""
    if isinstance(value, list | tuple) and all(isinstance(name, str) for name in value):
        return tuple(dict.fromkeys(name.strip() for name in value if name.strip()))
    raise ValueError("not a list of names")


FULFILMENT_RULES = ("issue", "order", "payment")


def _fulfilment(value: object) -> tuple[tuple[str, str], ...]:
    pairs = _pairs(value, "invoicing.fulfilment")
    for method, rule in pairs:
        if rule not in FULFILMENT_RULES:
            expected = t("config.expect.fulfilment")
            raise refuse((str(method),), "config.wrong_value", expected=expected, got=repr(rule))
    return tuple((str(method), str(rule)) for method, rule in pairs)


STOCK_COUNTERS = ("stock1", "stock2", "stock3", "stock4")


def _stock_counters(value: object) -> tuple[tuple[str, str], ...]:
    pairs = _pairs(value, "stock_counters")
    for warehouse, counter in pairs:
        if counter not in STOCK_COUNTERS:
            expected = t("config.expect.stock_counter")
            raise refuse(
                (str(warehouse),), "config.wrong_value", expected=expected, got=repr(counter)
            )
    return tuple((str(warehouse), str(counter)) for warehouse, counter in pairs)


def _status_ids(value: object) -> object:
    if isinstance(value, list | tuple) and all(
        isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in value
    ):
        return tuple(dict.fromkeys(value))
    raise ValueError("not a list of status ids")


def _template(template: str) -> str:
    """A typo in a placeholder must show at start, not in the 200th e-mail."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    except ValueError as exc:
        raise refuse((), "config.bad_template", detail=exc) from None
    unknown = names - SMTP_PLACEHOLDERS
    if unknown:
        known = ", ".join("{" + n + "}" for n in sorted(SMTP_PLACEHOLDERS))
        raise refuse(
            (), "config.unknown_placeholder", names=", ".join(sorted(unknown)), known=known
        )
    return template


AnyText = Annotated[str, Field(strict=True)]
Text = Annotated[
    str,
    Field(strict=True, pattern=NOT_BLANK),
    BeforeValidator(_raise_refused),
    Expect("config.expect.text"),
]
Flag = Annotated[bool, Field(strict=True), Expect("config.expect.bool")]
PositiveInt = Annotated[int, Field(strict=True, gt=0), Expect("config.expect.positive_int")]
PositiveNumber = Annotated[
    float,
    Field(strict=True, gt=0, allow_inf_nan=False),
    BeforeValidator(_raise_refused),
    Expect("config.expect.positive"),
]
DueDays = Annotated[int, Field(strict=True, ge=0, le=365), Expect("config.expect.due_days")]
Port = Annotated[int, Field(strict=True, gt=0, lt=65536), Expect("config.expect.port")]
CompanyName = Annotated[
    str, Field(strict=True, pattern=NOT_BLANK), Expect("config.expect.company_name")
]
TaxNumber = Annotated[
    str,
    Field(strict=True, pattern=TAX_NUMBER),
    AfterValidator(_check_digit),
    Expect("config.expect.tax_number"),
]
Country = Annotated[
    str, Field(strict=True), AfterValidator(_country), Expect("config.expect.country")
]
CouponVat = Annotated[Literal["pro_rata", "shop"], Expect("config.expect.coupon_vat")]
MethodNames = Annotated[
    tuple[str, ...], BeforeValidator(_names), Expect("config.expect.method_names")
]
FulfilmentRules = Annotated[tuple[tuple[str, str], ...], BeforeValidator(_fulfilment)]
StockCounters = Annotated[tuple[tuple[str, str], ...], BeforeValidator(_stock_counters)]
StatusIds = Annotated[
    tuple[int, ...], BeforeValidator(_status_ids), Expect("config.expect.status_ids")
]
WarehouseCode = Annotated[
    str, Field(strict=True, pattern=WAREHOUSE_CODE), Expect("config.expect.warehouse_code")
]
Prefix = Annotated[
    str,
    Field(strict=True, pattern=ORDER_PREFIX),
    AfterValidator(_not_reserved),
    Expect("config.expect.prefix"),
]
SoftwareId = Annotated[
    str, Field(strict=True, pattern=r"^[0-9A-Z\-]{18}$"), Expect("config.expect.software_id")
]
ShopName = Annotated[str, Field(strict=True, pattern=SHOP_NAME), Expect("config.expect.shop_name")]
Url = Annotated[
    str,
    Field(strict=True, pattern=URL),
    BeforeValidator(_raise_refused),
    Expect("config.expect.url"),
]
PushPrice = Annotated[
    str, Field(strict=True, pattern=PUSH_PRICE), Expect("config.expect.push_price")
]
Email = Annotated[str, Field(strict=True, pattern="@"), Expect("config.expect.email")]
Host = Annotated[str, Field(strict=True, pattern=NOT_BLANK), Expect("config.expect.host")]
Template = Annotated[str, Field(strict=True), AfterValidator(_template)]
Language = Annotated[Literal["hu", "en"], Expect("config.expect.language")]
Auth = Annotated[Literal["oauth", "basic"], Expect("config.expect.auth")]
Security = Annotated[Literal["starttls", "ssl", "none"], Expect("config.expect.security")]
FolderPath = Annotated[Path, BeforeValidator(_beside_okos_toml), Expect("config.expect.path")]
FilePath = Annotated[
    Path,
    BeforeValidator(_beside_okos_toml),
    BeforeValidator(_not_blank),  # the last before-validator runs first
    Expect("config.expect.path"),
]
Command = Annotated[tuple[str, ...], BeforeValidator(_command), Expect("config.expect.command")]
WarehouseList = Annotated[
    tuple[str, ...], BeforeValidator(_codes), Expect("config.expect.warehouse_list")
]
SecretKey = Annotated[Secret, BeforeValidator(_raise_refused)]
"""A secret `x`, given as x_env, x_file or x (read by the file's reader, see `_read_secrets`)."""
Keymap = Annotated[tuple[tuple[str, str], ...], BeforeValidator(_keymap)]
VatMap = Annotated[tuple[tuple[str, str], ...], BeforeValidator(_vat_map)]
