"""Invoice PDFs with fpdf2: A4, Hungarian labels, every item a Hungarian invoice must carry.

`InvoiceDocument` holds plain values read from the database, so rendering needs no database and
can run in worker processes (both cores for a batch). The same invoice always renders to the
same bytes: the creation date is the invoice's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from fpdf import FPDF
from fpdf.fonts import FontFace

from okos_tui.core.formatting import CURRENCY_SYMBOL, hu_date, hu_money, hu_number
from okos_tui.core.values import decimal_places
from okos_tui.i18n import t_in
from okos_tui.pdf.fonts import FAMILY, add_fonts

LANGUAGE = "hu"  # a Hungarian invoice, whatever the UI speaks


def _t(key: str, **params: object) -> str:
    return t_in(LANGUAGE, key, **params)


@dataclass(frozen=True)
class LineRow:
    name: str
    quantity: Decimal
    unit: str
    unit_net: Decimal
    vat_code: str
    net: Decimal
    vat: Decimal
    gross: Decimal


@dataclass(frozen=True)
class VatRow:
    vat_code: str
    net: Decimal
    vat: Decimal
    gross: Decimal


@dataclass(frozen=True)
class InvoiceDocument:
    number: str
    storno_of: str | None
    issued_on: date
    fulfilled_on: date
    due_on: date
    created_at: datetime
    payment_method: str
    currency: str
    seller_name: str
    seller_address: str
    seller_tax_number: str
    seller_bank_account: str
    seller_vat_exempt: bool
    buyer_name: str
    buyer_address: str
    buyer_tax_number: str
    order_number: str
    shop_order_id: int | None
    lines: tuple[LineRow, ...]
    vat_summary: tuple[VatRow, ...]
    net_total: Decimal
    vat_total: Decimal
    gross_total: Decimal


class InvoicePdf(FPDF):
    def __init__(self, document: InvoiceDocument) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.document = document
        add_fonts(self)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(15, 15, 15)
        self.set_creation_date(document.created_at)
        self.set_title(f"{_t('pdf.invoice')} {document.number}")
        self.set_author(document.seller_name)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(110)
        self.cell(
            0, 5, f"{self.document.number} – {_t('pdf.page', page=self.page_no())}", align="R"
        )


def _money(value: Decimal, currency: str) -> str:
    return hu_money(value, currency)


def _unit_price(value: Decimal, currency: str) -> str:
    """A unit price keeps its decimals, at least two when it has any: 1574.80 -> "1 574,80 Ft"
    (not "1 574,8 HUF"), 3149.6125 -> "3 149,6125 Ft", 1500 -> "1 500 Ft"."""
    if value == value.to_integral_value():
        return _money(value, currency)
    places = max(2, decimal_places(value))
    return f"{hu_number(value, places)} {CURRENCY_SYMBOL.get(currency, currency)}"


def render(document: InvoiceDocument) -> bytes:
    pdf = InvoicePdf(document)
    pdf.add_page()
    currency = document.currency
    title = _t("pdf.storno") if document.storno_of else _t("pdf.invoice")

    pdf.set_font(FAMILY, "B", 18)
    pdf.cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 11)
    pdf.cell(0, 6, f"{_t('pdf.number')}: {document.number}", new_x="LMARGIN", new_y="NEXT")
    if document.storno_of:
        pdf.set_font(FAMILY, "B", 11)
        pdf.cell(
            0, 6, _t("pdf.storno_of", number=document.storno_of), new_x="LMARGIN", new_y="NEXT"
        )
    pdf.ln(4)

    # seller and buyer side by side
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    top = pdf.get_y()
    parties = (
        (
            _t("pdf.seller"),
            document.seller_name,
            document.seller_address,
            document.seller_tax_number,
            document.seller_bank_account,
        ),
        (
            _t("pdf.buyer"),
            document.buyer_name,
            document.buyer_address,
            document.buyer_tax_number,
            "",
        ),
    )
    bottoms = []
    for column, (label, name, address, tax_number, bank) in enumerate(parties):
        pdf.set_xy(pdf.l_margin + column * half, top)
        pdf.set_font(FAMILY, "B", 9)
        pdf.set_text_color(90)
        pdf.cell(half - 4, 5, label.upper(), new_x="LEFT", new_y="NEXT")
        pdf.set_text_color(0)
        pdf.set_font(FAMILY, "B", 11)
        pdf.multi_cell(half - 4, 5.5, name, new_x="LEFT", new_y="NEXT", align="L")
        pdf.set_font(FAMILY, "", 10)
        if address:
            pdf.multi_cell(half - 4, 5, address, new_x="LEFT", new_y="NEXT", align="L")
        if tax_number:
            pdf.cell(
                half - 4, 5, f"{_t('pdf.tax_number')}: {tax_number}", new_x="LEFT", new_y="NEXT"
            )
        if bank:
            pdf.cell(half - 4, 5, f"{_t('pdf.bank_account')}: {bank}", new_x="LEFT", new_y="NEXT")
        bottoms.append(pdf.get_y())
    pdf.set_xy(pdf.l_margin, max(bottoms) + 5)

    # dates and references
    facts = [
        (_t("pdf.issued_on"), hu_date(document.issued_on)),
        (_t("pdf.fulfilled_on"), hu_date(document.fulfilled_on)),
        (_t("pdf.due_on"), hu_date(document.due_on)),
        (_t("pdf.payment_method"), document.payment_method or "-"),
        (_t("pdf.currency"), currency),
        (_t("pdf.order"), document.order_number),
    ]
    if document.shop_order_id is not None:
        facts.append((_t("pdf.shop_order"), str(document.shop_order_id)))
    pdf.set_font(FAMILY, "", 9)
    heading = FontFace(emphasis="BOLD", fill_color=(235, 235, 235))
    widths = (24, 24, 24, 30, 18, 34, 26)[: len(facts)]
    with pdf.table(
        [[label for label, _ in facts], [value for _, value in facts]],
        col_widths=widths,
        headings_style=heading,
        line_height=5.5,
        text_align="CENTER",
        first_row_as_headings=True,
    ):
        pass
    pdf.ln(5)

    # lines
    pdf.set_font(FAMILY, "", 8.5)
    header = [
        _t("pdf.col.name"),
        _t("pdf.col.quantity"),
        _t("pdf.col.unit_net"),
        _t("pdf.col.vat_rate"),
        _t("pdf.col.net"),
        _t("pdf.col.vat"),
        _t("pdf.col.gross"),
    ]
    rows = [header] + [
        [
            line.name,
            f"{hu_number(line.quantity)} {line.unit}",
            _unit_price(line.unit_net, currency),
            line.vat_code,
            _money(line.net, currency),
            _money(line.vat, currency),
            _money(line.gross, currency),
        ]
        for line in document.lines
    ]
    with pdf.table(
        rows,
        col_widths=(58, 21, 22, 13, 22, 20, 24),
        text_align=("LEFT", "RIGHT", "RIGHT", "CENTER", "RIGHT", "RIGHT", "RIGHT"),
        headings_style=heading,
        line_height=5,
    ):
        pass
    pdf.ln(4)

    # VAT summary and totals
    pdf.set_font(FAMILY, "B", 10)
    pdf.cell(0, 6, _t("pdf.vat_summary"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 9)
    summary = [[_t("pdf.col.vat_rate"), _t("pdf.col.net"), _t("pdf.col.vat"), _t("pdf.col.gross")]]
    summary += [
        [
            row.vat_code,
            _money(row.net, currency),
            _money(row.vat, currency),
            _money(row.gross, currency),
        ]
        for row in document.vat_summary
    ]
    summary.append(
        [
            _t("pdf.total"),
            _money(document.net_total, currency),
            _money(document.vat_total, currency),
            _money(document.gross_total, currency),
        ]
    )
    with pdf.table(
        summary,
        width=110,
        align="RIGHT",
        col_widths=(20, 30, 30, 30),
        text_align=("CENTER", "RIGHT", "RIGHT", "RIGHT"),
        headings_style=heading,
        line_height=5.5,
    ):
        pass
    pdf.ln(4)
    pdf.set_font(FAMILY, "B", 13)
    pdf.cell(
        0,
        8,
        f"{_t('pdf.payable')}: {_money(document.gross_total, currency)}",
        align="R",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    if document.seller_vat_exempt:
        pdf.set_font(FAMILY, "", 9)
        pdf.cell(0, 6, _t("pdf.aam_note"), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
