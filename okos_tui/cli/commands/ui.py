"""`okos` (no command): open the terminal UI.

A configuration error does not keep anyone from the local data: when okos.toml is wrong but its
database can still be found, the UI opens on it read from a minimal configuration and shows the
problem on every screen."""

from __future__ import annotations

import argparse
import sys

from okos_tui.config import ConfigError
from okos_tui.i18n import t
from okos_tui.services.workspace import Context, fallback_config


def run_ui(context: Context, args: argparse.Namespace) -> int:
    try:
        config = context.open()
        problem = None
    except ConfigError as exc:
        config = fallback_config(args.config, exc)
        print(t("ui.config_problem", detail=exc), file=sys.stderr)
        problem = str(exc)
    from okos_tui.ui.app import OkosApp  # after the language is set from okos.toml

    OkosApp(config, problem=problem).run()
    return 0
