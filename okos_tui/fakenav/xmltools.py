"""Reading requests and writing answers in NAV's namespaces.

Answers are built with literal prefixes ("common:header") and the namespace declarations on the
root, so their text never depends on ElementTree's global prefix registry (which the invoiceData
builder also writes to).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from okos_tui.nav.security import request_timestamp

API = "http://schemas.nav.gov.hu/OSA/3.0/api"
COMMON = "http://schemas.nav.gov.hu/NTCA/1.0/common"
BASE = "http://schemas.nav.gov.hu/OSA/3.0/base"
DATA = "http://schemas.nav.gov.hu/OSA/3.0/data"
ANNUL = "http://schemas.nav.gov.hu/OSA/3.0/annul"

ROOT_NAMESPACES = {"xmlns": API, "xmlns:common": COMMON, "xmlns:base": BASE}


class NotWellFormed(ValueError):
    """The bytes are not XML at all."""


def parse(document: bytes) -> ET.Element:
    """The root element; NotWellFormed when the bytes are not well-formed XML.

    Always parse before validating: handed bytes that do not look like XML, xmlschema would take
    them for a file name and open it.
    """
    try:
        return ET.fromstring(document)
    except ET.ParseError as error:
        raise NotWellFormed(str(error)) from None


def local(tag: str) -> str:
    return tag.rpartition("}")[2]


def q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def child(parent: ET.Element | None, namespace: str, name: str) -> ET.Element | None:
    return None if parent is None else parent.find(q(namespace, name))


def text(parent: ET.Element | None, namespace: str, *path: str) -> str | None:
    """The stripped text at `path` (each step in `namespace`), None when an element is missing."""
    element = parent
    for name in path:
        element = child(element, namespace, name)
    if element is None:
        return None
    return (element.text or "").strip()


def parse_timestamp(value: str) -> datetime:
    """An xs:dateTime of NAV's pattern (…Z) as an aware UTC datetime."""
    return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).astimezone(UTC)


def timestamp(moment: datetime) -> str:
    """`InvoiceTimestampType`: UTC with milliseconds and Z."""
    return request_timestamp(moment)


# writing ---------------------------------------------------------------------------------------


def add(parent: ET.Element, tag: str, value: str | None = None) -> ET.Element:
    made = ET.SubElement(parent, tag)
    if value is not None:
        made.text = value
    return made


def root(name: str, namespaces: dict[str, str] | None = None) -> ET.Element:
    made = ET.Element(name)
    for key, value in (namespaces or ROOT_NAMESPACES).items():
        made.set(key, value)
    return made


def serialize(document: ET.Element) -> bytes:
    """UTF-8 with the declaration NAV itself writes."""
    body = ET.tostring(document, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + body).encode("utf-8")


def boolean(value: bool) -> str:
    return "true" if value else "false"
