"""Running other programs from the UI (a PDF viewer, the print command): never through a
shell, with the file's path as a separate argument. The app calls these through attributes so
tests can replace them."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence

from textual.app import App


def run_suspended(app: App, argv: Sequence[str]) -> int:
    """A program that takes over the terminal (a viewer): the app steps aside meanwhile."""
    with app.suspend():
        return subprocess.run(list(argv), check=False).returncode


def run_quietly(argv: Sequence[str]) -> tuple[int, str]:
    """A program that only needs to run (a print command); its error text comes back."""
    try:
        done = subprocess.run(list(argv), capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return 1, str(exc)
    return done.returncode, (done.stderr or done.stdout).strip()
