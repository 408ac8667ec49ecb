"""The answers, shaped as invoiceApi.xsd wants them: common:header (the request's requestId, the
server's time, 3.0 / 1.0), common:result, software, then the operation's own elements.

Texts are cut to the schema's lengths here, so no answer can fail the schema for a long message.
"""

from __future__ import annotations

import secrets
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from datetime import datetime

from okos_tui.fakenav.state import Message
from okos_tui.fakenav.xmltools import (
    API,
    COMMON,
    add,
    local,
    q,
    root,
    timestamp,
)
from okos_tui.nav.security import REQUEST_ID_PATTERN

REQUEST_VERSION = "3.0"
HEADER_VERSION = "1.0"

EMULATOR_SOFTWARE: tuple[tuple[str, str], ...] = (
    ("softwareId", "HUFAKENAV000000001"),
    ("softwareName", "okos fake-nav"),
    ("softwareOperation", "LOCAL_SOFTWARE"),
    ("softwareMainVersion", "3.0"),
    ("softwareDevName", "okos-tui"),
    ("softwareDevContact", "fake-nav@example.invalid"),
)
"""What answers carry when the request's own software block cannot be echoed (it was invalid)."""


def software_of(request: ET.Element) -> tuple[tuple[str, str], ...]:
    """The request's software block as (name, text) pairs, to be repeated in the answer."""
    block = request.find(q(API, "software"))
    if block is None:
        return EMULATOR_SOFTWARE
    return tuple((local(e.tag), (e.text or "").strip()) for e in block)


def answer_request_id(candidate: str | None) -> str:
    """The request's id when it is one, else a fresh one: the header always needs a valid id."""
    if candidate and REQUEST_ID_PATTERN.fullmatch(candidate):
        return candidate
    return "FAKENAV" + secrets.token_hex(8).upper()


def _cut(value: str, limit: int) -> str:
    value = " ".join(value.split())
    return (value[: limit - 1] + "…") if len(value) > limit else (value or "-")


def basic(
    name: str,
    request_id: str,
    now: datetime,
    software: Sequence[tuple[str, str]],
    *,
    error_code: str | None = None,
    message: str | None = None,
) -> ET.Element:
    """`name` with header, result (OK, or ERROR when `error_code`) and software."""
    document = root(name)
    header = add(document, "common:header")
    add(header, "common:requestId", request_id)
    add(header, "common:timestamp", timestamp(now))
    add(header, "common:requestVersion", REQUEST_VERSION)
    add(header, "common:headerVersion", HEADER_VERSION)
    result = add(document, "common:result")
    add(result, "common:funcCode", "ERROR" if error_code else "OK")
    if error_code:
        add(result, "common:errorCode", _cut(error_code, 50))
    if message:
        add(result, "common:message", _cut(message, 1024))
    block = add(document, "software")
    for tag, value in software:
        add(block, tag, value)
    return document


def technical_messages(parent: ET.Element, messages: Iterable[Message]) -> None:
    for message in messages:
        element = add(parent, "technicalValidationMessages")
        add(element, "common:validationResultCode", message.result)
        add(element, "common:validationErrorCode", _cut(message.code, 100))
        add(element, "common:message", _cut(message.text, 1024))


def business_messages(parent: ET.Element, messages: Iterable[Message]) -> None:
    for message in messages:
        element = add(parent, "businessValidationMessages")
        add(element, "validationResultCode", message.result)
        add(element, "validationErrorCode", _cut(message.code, 100))
        add(element, "message", _cut(message.text, 512))
        if message.tag or message.value or message.line:
            pointer = add(element, "pointer")
            if message.tag:
                add(pointer, "tag", _cut(message.tag, 1024))
            if message.value:
                add(pointer, "value", _cut(message.value, 1024))
            if message.line:
                add(pointer, "line", str(message.line))


def general_error(
    request_id: str,
    now: datetime,
    software: Sequence[tuple[str, str]],
    code: str,
    message: str,
    technical: Sequence[Message] = (),
) -> ET.Element:
    document = basic(
        "GeneralErrorResponse", request_id, now, software, error_code=code, message=message
    )
    technical_messages(document, technical)
    return document


def general_exception(code: str, message: str) -> ET.Element:
    """For bytes that are not a request at all: no header to repeat [3.1.1]."""
    document = root("GeneralExceptionResponse", {"xmlns": COMMON})
    add(document, "funcCode", "ERROR")
    add(document, "errorCode", code)
    add(document, "message", _cut(message, 1024))
    return document


__all__ = [
    "EMULATOR_SOFTWARE",
    "answer_request_id",
    "basic",
    "business_messages",
    "general_error",
    "general_exception",
    "software_of",
    "technical_messages",
]
