"""The invoice font: Open Sans (Apache-2.0) from the `ttf-opensans` package, static TTFs that
cover ő, ű, Ő and Ű (fpdf2's core fonts drop them; NOTES.md). Nothing is fetched at run time."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import TTFFont

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


def add_fonts(pdf: FPDF) -> None:
    """Register the family on `pdf`, ready for a quick embedding of the glyphs it uses.

    fpdf2 embeds only the glyphs a document uses (a subset made with fontTools), but opens the
    font with fontTools' default of recalculating bounding boxes, which unpacks and repacks
    every kept glyph when the subset is saved: about a sixth of an invoice's rendering time.
    Subsetting leaves the outlines as they are, so their boxes stay right (fontTools' own
    subsetter does not recalculate them either); the pages render the same.
    """
    for style, path in font_files().items():
        pdf.add_font(FAMILY, style, str(path))
        font = pdf.fonts[f"{FAMILY.lower()}{style}"]
        if isinstance(font, TTFFont):
            font.ttfont.recalcBBoxes = False
