"""Dates on the command line: ISO 8601 (2026-03-02), refused with a message that says so."""

from __future__ import annotations

import argparse
from datetime import date

from okos_tui.i18n import t


def iso_date(text: str) -> date:
    """An argparse `type`: the day, or the usage error naming what was given."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.bad_date", value=text)) from None
