"""CSV files as people save them: the one rule for which separator a file uses."""

from __future__ import annotations


def detect_delimiter(header_line: str) -> str:
    """ ";" or ",", read from the header: ";" when it has at least as many semicolons as commas
    (a Hungarian Excel writes ";" and uses "," as the decimal point)."""
    if ";" in header_line and header_line.count(";") >= header_line.count(","):
        return ";"
    return ","
