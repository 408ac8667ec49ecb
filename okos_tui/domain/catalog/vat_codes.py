"""VAT codes as people and shops write them: one spelling for each rate."""

from __future__ import annotations


def normalise_vat_code(code: str) -> str:
    """ "27 %", "27%" and "27" name the same rate; exemption codes are upper case."""
    compact = code.replace(" ", "").upper()
    if compact and compact.replace(".", "").replace(",", "").isdigit():
        number = compact.replace(",", ".").rstrip("0").rstrip(".") if "." in compact else compact
        return f"{number}%"
    if compact.endswith("%"):
        return normalise_vat_code(compact[:-1]) if compact[:-1] else compact
    return compact
