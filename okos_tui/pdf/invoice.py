"""Invoice PDFs with fpdf2: A4, Hungarian labels, every item a Hungarian invoice must carry
(Áfa tv. 169. §): the legal ground of every line without VAT, the VAT in forints of a foreign
currency invoice (80. §), the payment date of a paid one, the cash rounding, "page 1/3".

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
from okos_tui.domain.invoicing import VatSummaryRow
from okos_tui.i18n import t_in
from okos_tui.pdf.fonts import FAMILY, add_fonts

LANGUAGE = "hu"  # a Hungarian invoice, whatever the UI speaks
HOME_CURRENCY = "HUF"
# fpdf2 writes the page count here when the document is closed, in the room of one digit per
# character of the alias: one, so "1/3" ends at the margin (up to 9 pages; more overrun a bit)
PAGES_ALIAS = "¤"
TAXED = "percentage"  # the VAT category of a line taxed at a rate; any other needs its ground
EU_BUYER = "eu"
HEADING = FontFace(emphasis="BOLD", fill_color=(235, 235, 235))


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
class InvoiceDocument:
    number: str
    storno_of: str | None
    original_issued_on: date | None  # of the invoice a storno cancels
    original_fulfilled_on: date | None
    issued_on: date
    fulfilled_on: date
    due_on: date
    paid_on: date | None
    created_at: datetime
    payment_method: str
    currency: str
    exchange_rate: Decimal  # HUF per unit of `currency`
    seller_name: str
    seller_address: str
    seller_tax_number: str
    seller_bank_account: str
    buyer_name: str
    buyer_address: str
    buyer_tax_number: str
    buyer_vat_status: str  # private, domestic, eu, other
    order_number: str
    shop_order_id: int | None
    header_note: str
    lines: tuple[LineRow, ...]
    vat_summary: tuple[VatSummaryRow, ...]
    net_total: Decimal
    vat_total: Decimal
    gross_total: Decimal
    rounding: Decimal  # cash rounding: payable = gross_total + rounding

    @property
    def payable(self) -> Decimal:
        return self.gross_total + self.rounding


class InvoicePdf(FPDF):
    def __init__(self, document: InvoiceDocument) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.document = document
        self.closing = False
        add_fonts(self)
        # the page count only in the footer: the alias typed in the shop stays as typed
        self.alias_nb_pages("")
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(15, 15, 15)
        self.set_creation_date(document.created_at)
        self.set_title(f"{_t('pdf.invoice')} {document.number}")
        self.set_author(document.seller_name)

    def footer(self) -> None:
        self.alias_nb_pages(PAGES_ALIAS)
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(110)
        page = _t("pdf.page", page=self.page_no(), pages=PAGES_ALIAS)
        self.cell(0, 5, f"{self.document.number} – {page}", align="R")
        self.set_text_color(0)
        if not self.closing:  # the last footer is drawn by output(), which then counts pages
            self.alias_nb_pages("")


def _money(value: Decimal, currency: str) -> str:
    return hu_money(value, currency)


def _unit_price(value: Decimal, currency: str) -> str:
    """A unit price keeps its decimals, at least two when it has any: 1574.80 -> "1 574,80 Ft"
    (not "1 574,8 HUF"), 3149.6125 -> "3 149,6125 Ft", 1500 -> "1 500 Ft"."""
    if value == value.to_integral_value():
        return _money(value, currency)
    places = max(2, decimal_places(value))
    return f"{hu_number(value, places)} {CURRENCY_SYMBOL.get(currency, currency)}"


def vat_grounds(document: InvoiceDocument) -> list[str]:
    """The legal ground of every code without VAT on the invoice, once each, e.g. "AAM: Alanyi
    adómentes – Áfa tv. 187. §": Hungary has no 0% rate, a line without VAT names its ground
    (169. § m))."""
    grounds: dict[str, str] = {}
    for row in document.vat_summary:
        if row.vat_category != TAXED and row.vat_reason and row.vat_code not in grounds:
            grounds[row.vat_code] = f"{row.vat_code}: {row.vat_reason}"
    return list(grounds.values())


def render(document: InvoiceDocument) -> bytes:
    """The PDF; the closing block (VAT summary, grounds, payable) is kept on one page: when it
    would be split, the invoice is laid out again with that block starting a new page."""
    pdf, split = _layout(document, closing_on_new_page=False)
    if split:
        pdf, _ = _layout(document, closing_on_new_page=True)
    pdf.closing = True
    return bytes(pdf.output())


def _layout(document: InvoiceDocument, *, closing_on_new_page: bool) -> tuple[InvoicePdf, bool]:
    """Lay the invoice out; (the PDF, whether its closing block runs over a page break)."""
    pdf = InvoicePdf(document)
    pdf.add_page()
    _title(pdf, document)
    _parties(pdf, document)
    _facts(pdf, document)
    _lines(pdf, document)
    pdf.ln(4)
    if closing_on_new_page:
        pdf.add_page()
    first_page = pdf.page
    _summary(pdf, document)
    _totals(pdf, document)
    return pdf, pdf.page != first_page


def _line(pdf: FPDF, height: float, text: str, *, align: str = "L") -> None:
    pdf.cell(0, height, text, align=align, new_x="LMARGIN", new_y="NEXT")


def _title(pdf: FPDF, document: InvoiceDocument) -> None:
    pdf.set_font(FAMILY, "B", 18)
    _line(pdf, 10, _t("pdf.storno") if document.storno_of else _t("pdf.invoice"))
    pdf.set_font(FAMILY, "", 11)
    _line(pdf, 6, f"{_t('pdf.number')}: {document.number}")
    if document.storno_of:
        pdf.set_font(FAMILY, "B", 11)
        _line(pdf, 6, _t("pdf.storno_of", number=document.storno_of))
        if document.original_issued_on and document.original_fulfilled_on:
            pdf.set_font(FAMILY, "", 10)
            issued = hu_date(document.original_issued_on)
            fulfilled = hu_date(document.original_fulfilled_on)
            _line(pdf, 5.5, _t("pdf.storno_dates", issued=issued, fulfilled=fulfilled))
    pdf.ln(4)


def community_number(document: InvoiceDocument) -> str:
    """A Hungarian seller's EU VAT number: HU and the first eight digits of its tax number."""
    return "HU" + document.seller_tax_number.replace("-", "")[:8]


def _parties(pdf: FPDF, document: InvoiceDocument) -> None:
    """Seller and buyer side by side."""
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    eu_buyer = document.buyer_vat_status == EU_BUYER
    seller_numbers = [(_t("pdf.tax_number"), document.seller_tax_number)]
    if eu_buyer and document.seller_tax_number:  # Áfa tv. 169. § d): both community numbers
        seller_numbers.append((_t("pdf.eu_tax_number"), community_number(document)))
    buyer_label = _t("pdf.eu_tax_number") if eu_buyer else _t("pdf.tax_number")
    parties = (
        (
            _t("pdf.seller"),
            document.seller_name,
            document.seller_address,
            seller_numbers,
            document.seller_bank_account,
        ),
        (
            _t("pdf.buyer"),
            document.buyer_name,
            document.buyer_address,
            [(buyer_label, document.buyer_tax_number)],
            "",
        ),
    )
    top = pdf.get_y()
    bottoms = []
    for column, (label, name, address, numbers, bank) in enumerate(parties):
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
        for tax_label, tax_number in numbers:
            if tax_number:
                pdf.cell(half - 4, 5, f"{tax_label}: {tax_number}", new_x="LEFT", new_y="NEXT")
        if bank:
            pdf.cell(half - 4, 5, f"{_t('pdf.bank_account')}: {bank}", new_x="LEFT", new_y="NEXT")
        bottoms.append(pdf.get_y())
    pdf.set_xy(pdf.l_margin, max(bottoms) + 5)


def _facts(pdf: FPDF, document: InvoiceDocument) -> None:
    """Dates and references, then the exchange rate and the shop's note when there are."""
    facts = [
        (_t("pdf.issued_on"), hu_date(document.issued_on)),
        (_t("pdf.fulfilled_on"), hu_date(document.fulfilled_on)),
        (_t("pdf.due_on"), hu_date(document.due_on)),
        (_t("pdf.payment_method"), document.payment_method or "-"),
        (_t("pdf.currency"), document.currency),
        (_t("pdf.order"), document.order_number),
    ]
    if document.shop_order_id is not None:
        facts.append((_t("pdf.shop_order"), str(document.shop_order_id)))
    pdf.set_font(FAMILY, "", 9)
    widths = (24, 24, 24, 30, 18, 34, 26)[: len(facts)]
    with pdf.table(
        [[label for label, _ in facts], [value for _, value in facts]],
        col_widths=widths,
        headings_style=HEADING,
        line_height=5.5,
        text_align="CENTER",
        first_row_as_headings=True,
    ):
        pass
    pdf.ln(2)
    if document.currency != HOME_CURRENCY:
        rate = _unit_price(document.exchange_rate, HOME_CURRENCY)
        pdf.set_font(FAMILY, "", 9.5)
        _line(pdf, 5.5, _t("pdf.exchange_rate", currency=document.currency, rate=rate))
    if document.header_note.strip():
        pdf.set_font(FAMILY, "", 9.5)
        pdf.multi_cell(  # the shop's text: plain, never markdown
            0,
            5,
            f"{_t('pdf.note')}: {document.header_note.strip()}",
            new_x="LMARGIN",
            new_y="NEXT",
            align="L",
        )
    pdf.ln(3)


def _lines(pdf: FPDF, document: InvoiceDocument) -> None:
    currency = document.currency
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
        col_widths=(54, 20, 22, 16, 23, 21, 24),
        text_align=("LEFT", "RIGHT", "RIGHT", "CENTER", "RIGHT", "RIGHT", "RIGHT"),
        headings_style=HEADING,
        line_height=5,
    ):
        pass


def _summary(pdf: FPDF, document: InvoiceDocument) -> None:
    """Net, VAT and gross per rate; in forints too for another currency (Áfa tv. 80. §); then
    the legal ground of every code without VAT."""
    currency = document.currency
    pdf.set_font(FAMILY, "B", 10)
    _line(pdf, 6, _t("pdf.vat_summary"))
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
        headings_style=HEADING,
        line_height=5.5,
    ):
        pass

    if currency != HOME_CURRENCY:
        pdf.ln(3)
        pdf.set_font(FAMILY, "B", 10)
        _line(pdf, 6, _t("pdf.vat_summary_huf"))
        pdf.set_font(FAMILY, "", 9)
        in_huf = [[_t("pdf.col.vat_rate"), _t("pdf.col.net"), _t("pdf.col.vat")]]
        in_huf += [
            [row.vat_code, _money(row.net_huf, HOME_CURRENCY), _money(row.vat_huf, HOME_CURRENCY)]
            for row in document.vat_summary
        ]
        net_huf = sum((row.net_huf for row in document.vat_summary), Decimal(0))
        vat_huf = sum((row.vat_huf for row in document.vat_summary), Decimal(0))
        in_huf.append(
            [_t("pdf.total"), _money(net_huf, HOME_CURRENCY), _money(vat_huf, HOME_CURRENCY)]
        )
        with pdf.table(
            in_huf,
            width=80,
            align="RIGHT",
            col_widths=(20, 30, 30),
            text_align=("CENTER", "RIGHT", "RIGHT"),
            headings_style=HEADING,
            line_height=5.5,
        ):
            pass

    grounds = vat_grounds(document)
    if grounds:
        pdf.ln(2)
        pdf.set_font(FAMILY, "", 9)
        for ground in grounds:
            pdf.multi_cell(0, 5, ground, new_x="LMARGIN", new_y="NEXT", align="L")


def _totals(pdf: FPDF, document: InvoiceDocument) -> None:
    """What is to be paid: the gross total, cash rounded when there is a rounding; a paid
    invoice says when it was paid."""
    currency = document.currency
    pdf.ln(3)
    if document.rounding:
        pdf.set_font(FAMILY, "", 10)
        gross = _money(document.gross_total, currency)
        _line(pdf, 5.5, f"{_t('pdf.gross_total')}: {gross}", align="R")
        _line(pdf, 5.5, f"{_t('pdf.rounding')}: {_money(document.rounding, currency)}", align="R")
    pdf.set_font(FAMILY, "B", 13)
    _line(pdf, 8, f"{_t('pdf.payable')}: {_money(document.payable, currency)}", align="R")
    if document.paid_on is not None and not document.storno_of:
        pdf.set_font(FAMILY, "B", 11)
        _line(pdf, 6, f"{_t('pdf.paid')}: {hu_date(document.paid_on)}", align="R")
