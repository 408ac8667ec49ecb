"""The packing PDF for a set of orders: the picking summary (what to take off the shelves),
then one packing slip per order (what goes in its parcel, and where it goes). Plain values in,
bytes out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from fpdf import FPDF
from fpdf.fonts import FontFace

from okos_tui.core.formatting import hu_datetime, hu_number
from okos_tui.i18n import t_in
from okos_tui.pdf.fonts import FAMILY, add_fonts

LANGUAGE = "hu"


def _t(key: str, **params: object) -> str:
    return t_in(LANGUAGE, key, **params)


@dataclass(frozen=True)
class SlipLine:
    sku: str
    name: str
    quantity: Decimal
    unit: str


@dataclass(frozen=True)
class PackingSlip:
    number: str
    shop_order_id: int | None
    customer: str
    address: str
    shipping_method: str
    note: str
    lines: tuple[SlipLine, ...]


def render_packing(
    summary: Sequence[SlipLine], slips: Sequence[PackingSlip], moment: datetime
) -> bytes:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    add_fonts(pdf)
    pdf.set_creation_date(moment)
    pdf.set_auto_page_break(auto=True, margin=15)
    heading = FontFace(emphasis="BOLD", fill_color=(235, 235, 235))

    pdf.add_page()
    pdf.set_font(FAMILY, "B", 16)
    pdf.cell(0, 9, _t("pdf.packing.title"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 10)
    pdf.cell(
        0,
        6,
        _t("pdf.packing.subtitle", count=len(slips), when=hu_datetime(moment)),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    pdf.set_font(FAMILY, "", 10)
    rows = [[_t("pdf.packing.check"), "SKU", _t("pdf.col.name"), _t("pdf.col.quantity")]]
    rows += [
        ["", line.sku, line.name, f"{hu_number(line.quantity)} {line.unit}"] for line in summary
    ]
    with pdf.table(
        rows,
        col_widths=(14, 35, 106, 25),
        headings_style=heading,
        line_height=6,
        text_align=("CENTER", "LEFT", "LEFT", "RIGHT"),
    ):
        pass

    for slip in slips:
        pdf.add_page()
        pdf.set_font(FAMILY, "B", 14)
        pdf.cell(0, 8, _t("pdf.packing.slip", number=slip.number), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FAMILY, "", 10)
        if slip.shop_order_id is not None:
            pdf.cell(
                0, 6, f"{_t('pdf.shop_order')}: {slip.shop_order_id}", new_x="LMARGIN", new_y="NEXT"
            )
        pdf.set_font(FAMILY, "B", 11)
        pdf.multi_cell(0, 6, slip.customer, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_font(FAMILY, "", 10)
        if slip.address:
            pdf.multi_cell(0, 5.5, slip.address, new_x="LMARGIN", new_y="NEXT", align="L")
        if slip.shipping_method:
            pdf.multi_cell(0, 5.5, slip.shipping_method, new_x="LMARGIN", new_y="NEXT", align="L")
        if slip.note:
            pdf.set_font(FAMILY, "B", 10)
            pdf.multi_cell(0, 5.5, slip.note[:600], new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(3)
        pdf.set_font(FAMILY, "", 10)
        rows = [[_t("pdf.packing.check"), "SKU", _t("pdf.col.name"), _t("pdf.col.quantity")]]
        rows += [
            ["", line.sku, line.name, f"{hu_number(line.quantity)} {line.unit}"]
            for line in slip.lines
        ]
        with pdf.table(
            rows,
            col_widths=(14, 35, 106, 25),
            headings_style=heading,
            line_height=6,
            text_align=("CENTER", "LEFT", "LEFT", "RIGHT"),
        ):
            pass
    return bytes(pdf.output())
