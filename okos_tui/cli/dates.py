"""Dates on the command line: ISO 8601 (2026-03-02), refused with a message that says so."""

from __future__ import annotations

import argparse
from datetime import date

from okos_tui.core.errors import InvalidValue
from okos_tui.core.values import parse_date
from okos_tui.i18n import t


def iso_date(text: str) -> date:
    """An argparse `type`: the day, or the usage error naming what was given."""
    try:
        day = parse_date(text, t("cli.date"))
    except InvalidValue as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if day is None:
        raise argparse.ArgumentTypeError(t("error.bad_date", field=t("cli.date"), value=text))
    return day
