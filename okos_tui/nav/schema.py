"""NAV's official XSDs (vendored in `xsd/`), for checking an invoiceData document before it is
reported, and in the emulated NAV as NAV checks it."""

from __future__ import annotations

from functools import cache
from importlib import resources

import xmlschema

LOCATIONS = [  # the XSDs import these namespaces without a location
    ("http://schemas.nav.gov.hu/NTCA/1.0/common", "common.xsd"),
    ("http://schemas.nav.gov.hu/OSA/3.0/base", "invoiceBase.xsd"),
    ("http://schemas.nav.gov.hu/OSA/3.0/data", "invoiceData.xsd"),
]


@cache
def schema(name: str) -> xmlschema.XMLSchema:
    """One of the XSDs (invoiceData.xsd, invoiceApi.xsd, invoiceAnnulment.xsd), built once."""
    folder = resources.files("okos_tui.nav") / "xsd"
    with resources.as_file(folder) as path:
        return xmlschema.XMLSchema(str(path / name), locations=LOCATIONS)


def problems(document: bytes, name: str = "invoiceData.xsd") -> list[str]:
    """What the schema finds wrong with `document` ("path: reason"), nothing when it is valid."""
    return [f"{error.path}: {error.reason}" for error in schema(name).iter_errors(document)]
