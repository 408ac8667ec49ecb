"""The invoice font: Open Sans (Apache-2.0) from the `ttf-opensans` package, static TTFs that
cover ő, ű, Ő and Ű (fpdf2's core fonts drop them; NOTES.md). Nothing is fetched at run time."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

FAMILY = "OpenSans"
HUNGARIAN = "őűŐŰáéíóöúüÁÉÍÓÖÚÜ"


@cache
def font_files() -> dict[str, Path]:
    """Style ("" regular, "B" bold) -> the TTF file."""
    folder = resources.files("ttf_opensans") / "ttf"
    return {
        "": Path(str(folder / "OpenSans-Regular.ttf")),
        "B": Path(str(folder / "OpenSans-Bold.ttf")),
    }
