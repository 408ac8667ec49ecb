"""Opaque resource ids as ShopRenter makes them: base64 of e.g. ``order-order_id=172``."""

from __future__ import annotations

import base64
import binascii


def encode_id(kind: str, key: str, value: int | str) -> str:
    """``encode_id("order", "order_id", 172)`` -> ``"b3JkZXItb3JkZXJfaWQ9MTcy"``."""
    return base64.b64encode(f"{kind}-{key}={value}".encode()).decode("ascii")


def decode_id(resource_id: str, kind: str, key: str) -> int | None:
    """The number inside an id of the given kind, or None when it is not one of ours."""
    try:
        text = base64.b64decode(resource_id.encode("ascii"), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        return None
    prefix = f"{kind}-{key}="
    if not text.startswith(prefix):
        return None
    number = text[len(prefix) :]
    return int(number) if number.isdigit() else None


def order_id(order_id_: int) -> str:
    return encode_id("order", "order_id", order_id_)


def product_id(product_id_: int) -> str:
    return encode_id("product", "product_id", product_id_)


def tax_class_id(tax_class_id_: int) -> str:
    return encode_id("taxClass", "tax_class_id", tax_class_id_)


def order_status_id(status_id: int) -> str:
    return encode_id("orderStatus", "order_status_id", status_id)


def order_status_description_id(status_id: int, language_id: int) -> str:
    return encode_id(
        "orderStatusDescription", "order_status_id", f"{status_id}&language_id={language_id}"
    )


def decode_order_status_description_id(resource_id: str) -> tuple[int, int] | None:
    """(status id, language id) of an orderStatusDescription id."""
    try:
        text = base64.b64decode(resource_id.encode("ascii"), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        return None
    prefix = "orderStatusDescription-order_status_id="
    if not text.startswith(prefix):
        return None
    status, _, language = text[len(prefix) :].partition("&language_id=")
    if not (status.isdigit() and language.isdigit()):
        return None
    return int(status), int(language)
