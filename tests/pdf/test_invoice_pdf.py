"""Invoice PDFs written from real invoices on a real SQLite file and read back with pypdf: the
Hungarian text with ő/ű/Ő/Ű, every item a Hungarian invoice must carry, storno wording,
byte-identical re-rendering, failed writes that keep the invoice, and safe file names."""

from __future__ import annotations

import dataclasses
import logging
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from okos_tui.config import load_config
from okos_tui.core import clock
from okos_tui.core.formatting import hu_date
from okos_tui.db import Invoice, PdfStatus, Product, SalesOrder, SalesOrderStatus, VatRate
from okos_tui.domain.invoicing import (
    InvoiceSettings,
    get_invoice,
    issue_invoice,
    set_exchange_rate,
    storno_invoice,
)
from okos_tui.domain.sales.orders import (
    AddressInput,
    CustomerInput,
    OrderLineInput,
    create_order,
    get_order,
)
from okos_tui.domain.stock.documents import ItemInput, receive_goods
from okos_tui.pdf.fonts import HUNGARIAN, font_files
from okos_tui.pdf.invoice import render
from okos_tui.services.invoicing import (
    POOL_THRESHOLD,
    PdfWriter,
    invoice_with_pdfs,
    pdf_document,
    render_pending,
    write_pdfs,
)
from okos_tui.services.settings import invoice_settings

MARCH_2 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ORS = CustomerInput(
    "Szűcs Örs",
    email="ors@example.hu",
    tax_number="87654323-1-08",
    billing=AddressInput("Szűcs Örs", "9021", "Győr", "Ősz utca 12.", "Magyarország"),
)


@pytest.fixture
def settings(config_file) -> InvoiceSettings:
    return invoice_settings(load_config(config_file))


@pytest.fixture
def goods(db, monkeypatch) -> None:
    """Products with ő/ű/Ő/Ű in their names, on stock; the clock on 2 March 2026."""
    monkeypatch.setattr(clock, "now", lambda: MARCH_2)
    vat27 = VatRate.get(VatRate.code == "27%")
    vat5 = VatRate.get(VatRate.code == "5%")
    Product.create(sku="TAL-1", name="Tűzálló üvegtál", vat_rate=vat27, net_price=Decimal(3150))
    Product.create(
        sku="URH-1", name="ŐRSÉGI ŰRHAJÓ-MAKETT", vat_rate=vat27, net_price=Decimal("1574.80")
    )
    Product.create(sku="TEA-1", name="Gyümölcstea", vat_rate=vat5, net_price=Decimal(1000))
    receive_goods("MAIN", [ItemInput(sku, "1000") for sku in ("TAL-1", "URH-1", "TEA-1")])


def ordered(*lines: OrderLineInput, customer=ORS, payment_method="Átutalás", **options) -> str:
    """An OPEN order's number; without lines two 27% products and a 5% one."""
    lines = lines or (
        OrderLineInput(code="TAL-1", quantity="2"),
        OrderLineInput(code="URH-1", quantity="3"),
        OrderLineInput(code="TEA-1", quantity="1"),
    )
    created = create_order(
        customer,
        list(lines),
        warehouse_code="MAIN",
        prefix="R",
        payment_method=payment_method,
        shop_order_id=1042,
        **options,
    )
    return created.number


def invoiced(settings, *lines: OrderLineInput, customer=ORS, **options) -> Invoice:
    return issued(settings, ordered(*lines, customer=customer, **options))


def issued(settings, order_number: str) -> Invoice:
    return get_invoice(issue_invoice(order_number, settings).number)


def text_of(path: Path | bytes) -> str:
    data = path if isinstance(path, bytes) else path.read_bytes()
    reader = PdfReader(BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def written(invoice: Invoice, pdf_dir: Path) -> Path:
    (outcome,) = write_pdfs([invoice], pdf_dir)
    assert outcome.error is None, outcome.error
    return outcome.path


# --- content ---------------------------------------------------------------------------------


def test_the_font_has_the_hungarian_letters():
    from fontTools.ttLib import TTFont

    for style, path in font_files().items():
        cmap = TTFont(str(path)).getBestCmap()
        missing = [ch for ch in HUNGARIAN if ord(ch) not in cmap]
        assert missing == [], (style, missing)


def embedded_fonts(data: bytes) -> dict[str, bytes]:
    """Each embedded TrueType font of a PDF: base font name -> the font file's bytes."""
    fonts = {}
    for page in PdfReader(BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                fonts[str(font["/BaseFont"])] = descriptor["/FontFile2"].get_object().get_data()
    return fonts


def test_only_the_used_glyphs_are_embedded_with_their_true_boxes(goods, settings, tmp_path):
    """The fonts are subset to the glyphs the invoice uses; the glyph boxes, which are not
    recalculated when subsetting (it is about a sixth of the rendering time), are exact."""
    from fontTools.ttLib import TTFont

    data = written(invoiced(settings), tmp_path).read_bytes()
    fonts = embedded_fonts(data)
    assert len(fonts) == 2  # regular and bold
    originals = {style: TTFont(str(path)) for style, path in font_files().items()}
    for name, font_bytes in fonts.items():
        embedded = TTFont(BytesIO(font_bytes))
        original = originals["B" if "Bold" in name else ""]
        assert 20 < len(embedded.getGlyphOrder()) < len(original.getGlyphOrder()) // 4, name
        assert len(font_bytes) < 60_000
        glyphs, source = embedded["glyf"], original["glyf"]
        by_unicode = {code: glyph for code, glyph in original.getBestCmap().items()}
        used = {glyph_name: code for code, glyph_name in embedded.getBestCmap().items()}
        for glyph_name in embedded.getGlyphOrder()[1:]:
            glyph = glyphs[glyph_name]
            if glyph.numberOfContours == 0:
                continue  # the space
            boxed = (glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax)
            glyph.recalcBounds(glyphs)
            assert (glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax) == boxed, glyph_name
            if glyph_name in used:  # the same outline box as in the full font
                whole = source[by_unicode[used[glyph_name]]]
                assert (whole.xMin, whole.yMin, whole.xMax, whole.yMax) == boxed, glyph_name
    assert "ő" in text_of(data) and "Ű" in text_of(data)


def test_the_pdf_carries_what_a_hungarian_invoice_must(goods, settings, tmp_path, caplog):
    invoice = invoiced(settings)
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        path = written(invoice, tmp_path / "szamlak")
    assert not [r for r in caplog.records if r.name.startswith("fpdf")], caplog.text

    text = text_of(path)
    for expected in (
        "SZÁMLA",
        "Számlaszám: SZ-2026-000001",
        # seller and buyer, with their tax numbers and addresses
        "Teszt Webáruház Kft.",
        "1111 Budapest, Teszt utca 1.",
        "Adószám: 12345676-2-08",
        "Szűcs Örs",
        "9021 Győr, Ősz utca 12., Magyarország",
        "Adószám: 87654323-1-08",
        # issue, fulfilment and due dates, payment method, currency, references
        "2026.03.02. 2026.03.02. 2026.03.10. Átutalás HUF R-2026-000001 1042",
        "Teljesítés",
        "határidő",
        # lines: name, quantity with unit, net unit price, VAT rate, net / VAT / gross
        "Tűzálló üvegtál 2 db 3 150 Ft 27% 6 300 Ft 1 701 Ft 8 001 Ft",
        "ŐRSÉGI ŰRHAJÓ-MAKETT 3 db 1 574,80 Ft 27% 4 724 Ft 1 275 Ft 5 999 Ft",
        "Gyümölcstea 1 db 1 000 Ft 5% 1 000 Ft 50 Ft 1 050 Ft",
        # per VAT rate and in total
        "ÁFA összesítő",
        "27% 11 024 Ft 2 976 Ft 14 000 Ft",
        "5% 1 000 Ft 50 Ft 1 050 Ft",
        "Összesen 12 024 Ft 3 026 Ft 15 050 Ft",
        "Fizetendő: 15 050 Ft",
        "SZ-2026-000001 – 1/1",
    ):
        assert expected in text, f"{expected!r} not in:\n{text}"
    assert (invoice.gross_total, invoice.net_total) == (Decimal(15050), Decimal(12024))
    for absent in ("AAM", "SZTORNÓ", "Fizetve", "Kerekítés", "Árfolyam", "forintban", "Megjegyzés"):
        assert absent not in text, absent


def test_a_storno_pdf_says_so_and_names_the_original(goods, settings, tmp_path, monkeypatch):
    original = invoiced(settings)
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 3, 5, 9, 0, tzinfo=UTC))
    storno = get_invoice(storno_invoice(original.number, settings).number)
    text = text_of(written(storno, tmp_path))
    for expected in (
        "SZTORNÓ SZÁMLA",
        "Számlaszám: SZ-2026-000002",
        "A(z) SZ-2026-000001 számú számla sztornója",
        "2026.03.05. 2026.03.02. 2026.03.05.",  # issued, original fulfilment, due
        "Tűzálló üvegtál -2 db 3 150 Ft 27% -6 300 Ft -1 701 Ft -8 001 Ft",
        "Összesen -12 024 Ft -3 026 Ft -15 050 Ft",
        "Fizetendő: -15 050 Ft",
    ):
        assert expected in text, f"{expected!r} not in:\n{text}"


def test_a_vat_exempt_seller_a_euro_invoice_and_many_lines(goods, settings, tmp_path, caplog):
    exempt = dataclasses.replace(
        settings, seller=dataclasses.replace(settings.seller, vat_exempt=True)
    )
    lines = [
        OrderLineInput(name=f"Őrölt fűszer {n:02d}", quantity="1", unit_net="2.4", vat="5%")
        for n in range(60)
    ]
    set_exchange_rate("EUR", "400.5", date(2026, 1, 1))
    invoice = invoiced(exempt, *lines, currency="EUR")
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        path = written(invoice, tmp_path)
    assert not caplog.records, caplog.text
    reader = PdfReader(path)
    assert len(reader.pages) >= 2
    text = text_of(path)
    assert "Őrölt fűszer 00" in text and "Őrölt fűszer 59" in text
    assert "Pénznem" in text and " EUR " in text
    assert "Fizetendő: 151,20 €" in text  # 60 x (2.40 net + 0.12 VAT)
    assert "AAM: Alanyi adómentes – Áfa tv. 187. §" in text
    assert "Árfolyam: 1 EUR = 400,50 Ft" in text
    assert "AAM 60 556 Ft 0 Ft" in text  # 151.20 EUR x 400.5 in forints
    pages = len(reader.pages)
    footers = [page.extract_text().splitlines()[-1] for page in reader.pages]
    assert footers == [f"SZ-2026-000001 – {n}/{pages}" for n in range(1, pages + 1)]


# --- what a lawful invoice adds (Áfa tv. 169. §) -------------------------------------------


def lawful_text(invoice: Invoice, pdf_dir: Path, caplog: pytest.LogCaptureFixture) -> str:
    """The text of the invoice's PDF, written without a word from fpdf2 (a missing glyph...)."""
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        path = written(invoice, pdf_dir)
    assert not [r for r in caplog.records if r.name.startswith("fpdf")], caplog.text
    return text_of(path)


def assert_all_in(text: str, *expected: str) -> None:
    for part in expected:
        assert part in text, f"{part!r} not in:\n{text}"


def test_an_aam_sellers_lines_are_all_aam_without_vat_and_the_ground_is_named(
    goods, settings, tmp_path, caplog
):
    exempt = dataclasses.replace(
        settings, seller=dataclasses.replace(settings.seller, vat_exempt=True)
    )
    text = lawful_text(invoiced(exempt), tmp_path, caplog)
    assert_all_in(
        text,
        # what the buyer pays, as net, with no VAT (the unit price keeps its decimals)
        "Tűzálló üvegtál 2 db 4 000,50 Ft AAM 8 001 Ft 0 Ft 8 001 Ft",
        "ŐRSÉGI ŰRHAJÓ-MAKETT 3 db 1 999,6667 Ft AAM 5 999 Ft 0 Ft 5 999 Ft",
        "Gyümölcstea 1 db 1 050 Ft AAM 1 050 Ft 0 Ft 1 050 Ft",
        "AAM 15 050 Ft 0 Ft 15 050 Ft",
        "Összesen 15 050 Ft 0 Ft 15 050 Ft",
        "AAM: Alanyi adómentes – Áfa tv. 187. §",
        "Fizetendő: 15 050 Ft",
    )
    assert text.count("AAM:") == 1  # the legend names each code once
    for rate in ("27%", "5%", "0%"):
        assert rate not in text, rate


def test_a_deposit_outside_the_scope_of_vat_names_its_ground(goods, settings, tmp_path, caplog):
    invoice = invoiced(
        settings,
        OrderLineInput(code="TAL-1", quantity="1"),
        OrderLineInput(name="Előleg beszámítása", quantity="1", unit_net="5000", vat="ATK"),
    )
    text = lawful_text(invoice, tmp_path, caplog)
    assert_all_in(
        text,
        "Tűzálló üvegtál 1 db 3 150 Ft 27%",
        "Előleg beszámítása 1 db 5 000 Ft ATK 5 000 Ft 0 Ft 5 000 Ft",
        "ATK 5 000 Ft 0 Ft 5 000 Ft",
        "ATK: Az áfa tárgyi hatályán kívüli ügylet – Áfa tv. 2. §",
    )
    assert "27%:" not in text and "0%" not in text  # a rate needs no ground; no bare 0%


def test_a_paid_invoice_says_when_it_was_paid_and_was_due_then(goods, settings, tmp_path, caplog):
    number = ordered()
    SalesOrder.update(paid_on=date(2026, 3, 1)).where(SalesOrder.number == number).execute()
    invoice = issued(settings, number)
    assert invoice.due_on == invoice.paid_on == date(2026, 3, 1)
    text = lawful_text(invoice, tmp_path, caplog)
    fulfilled = hu_date(invoice.fulfilled_on)
    assert_all_in(
        text,
        f"2026.03.02. {fulfilled} 2026.03.01. Átutalás HUF",  # issued, fulfilled, due
        "Fizetendő: 15 050 Ft",
        "Fizetve: 2026.03.01.",
    )


def test_cash_is_rounded_to_5_forints_in_what_is_payable_only(goods, settings, tmp_path, caplog):
    up = invoiced(
        settings,
        OrderLineInput(name="Teafilter", quantity="1", unit_net="1003", vat="5%"),
        payment_method="Készpénz",
    )
    assert (up.gross_total, up.rounding, up.payable) == (Decimal(1053), 2, 1055)
    assert_all_in(
        lawful_text(up, tmp_path, caplog),
        "Teafilter 1 db 1 003 Ft 5% 1 003 Ft 50 Ft 1 053 Ft",
        "Összesen 1 003 Ft 50 Ft 1 053 Ft",  # the VAT and the gross total as they are
        "Bruttó végösszeg: 1 053 Ft",
        "Kerekítés: 2 Ft",
        "Fizetendő: 1 055 Ft",
    )
    down = invoiced(
        settings,
        OrderLineInput(name="Teafilter", quantity="1", unit_net="1001", vat="5%"),
        payment_method="Készpénz",
    )
    assert_all_in(
        lawful_text(down, tmp_path, caplog),
        "Bruttó végösszeg: 1 051 Ft",
        "Kerekítés: -1 Ft",
        "Fizetendő: 1 050 Ft",
    )


def test_a_euro_invoice_gives_the_rate_and_its_vat_in_forints(goods, settings, tmp_path, caplog):
    set_exchange_rate("EUR", "400.5", date(2026, 1, 1))
    invoice = invoiced(
        settings,
        OrderLineInput(name="Könyv", quantity="2", unit_net="10", vat="5%"),
        OrderLineInput(name="Bögre", quantity="1", unit_net="12.50", vat="27%"),
        currency="EUR",
    )
    text = lawful_text(invoice, tmp_path, caplog)
    assert_all_in(
        text,
        "Árfolyam: 1 EUR = 400,50 Ft",
        "Könyv 2 db 10,00 € 5% 20,00 € 1,00 € 21,00 €",
        "Bögre 1 db 12,50 € 27% 12,50 € 3,38 € 15,88 €",
        "Összesen 32,50 € 4,38 € 36,88 €",
        "Fizetendő: 36,88 €",
        # each rate's net and VAT in forints (Áfa tv. 80. §), rounded to whole forints
        "ÁFA összesítő forintban",
        "27% 5 006 Ft 1 354 Ft",  # 12.50 and 3.38 EUR x 400.5
        "5% 8 010 Ft 401 Ft",  # 20.00 and 1.00 EUR x 400.5
        "Összesen 13 016 Ft 1 755 Ft",
    )
    assert "Kerekítés" not in text  # no cash rounding of euros


def test_the_shops_note_is_printed_as_plain_text(goods, settings, tmp_path, caplog):
    """The note is the shop's text: no markup is read in it, and the page count alias neither
    (fpdf2 would put the page count in place of an alias anywhere it is enabled)."""
    note = "Kérjük, csengessen kétszer! **nem vastag** <b>nem html</b> {nb} ¤"
    text = lawful_text(invoiced(settings, header_note=note), tmp_path, caplog)
    assert f"Megjegyzés: {note}" in text


def test_a_storno_names_the_originals_number_and_dates(
    goods, settings, tmp_path, caplog, monkeypatch
):
    number = ordered(
        OrderLineInput(name="Teafilter", quantity="1", unit_net="1003", vat="5%"),
        payment_method="Készpénz",
    )
    SalesOrder.update(fulfilment_on=date(2026, 2, 27)).where(SalesOrder.number == number).execute()
    original = issued(settings, number)
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 3, 5, 9, 0, tzinfo=UTC))
    storno = get_invoice(storno_invoice(original.number, settings).number)
    assert_all_in(
        lawful_text(storno, tmp_path, caplog),
        "SZTORNÓ SZÁMLA",
        "A(z) SZ-2026-000001 számú számla sztornója",
        "Az eredeti számla kelte: 2026.03.02., teljesítés dátuma: 2026.02.27.",
        "2026.03.05. 2026.02.27. 2026.03.05. Készpénz",  # issued, the original's fulfilment, due
        "Bruttó végösszeg: -1 053 Ft",
        "Kerekítés: -2 Ft",
        "Fizetendő: -1 055 Ft",
    )


def test_addresses_name_the_country_and_an_eu_buyers_community_tax_number(
    goods, settings, tmp_path, caplog
):
    gruber = CustomerInput(
        "Gruber GmbH",
        tax_number="ATU13585627",
        billing=AddressInput("Gruber GmbH", "1010", "Wien", "Ringstraße 1.", "Österreich"),
    )
    number = ordered(customer=gruber)
    SalesOrder.update(billing_country_code="AT").where(SalesOrder.number == number).execute()
    invoice = issued(settings, number)
    assert invoice.buyer_vat_status == "eu"
    text = lawful_text(invoice, tmp_path / "a", caplog)
    assert_all_in(
        text,
        "1111 Budapest, Teszt utca 1.\nAdószám: 12345676-2-08",  # a seller at home: no country
        "Közösségi adószám: HU12345676",  # the seller's too, for an EU buyer
        "1010 Wien, Ringstraße 1., Ausztria",
        "Közösségi adószám: ATU13585627",
    )
    assert "Österreich" not in text and "Magyarország" not in text

    # a seller abroad is named with its country
    Invoice.update(seller_country="AT").where(Invoice.id == invoice.id).execute()
    document = pdf_document(get_invoice(invoice.number))
    assert document.seller_address == "1111 Budapest, Teszt utca 1., Ausztria"

    # an invoice from before the address parts existed keeps its one-line address
    Invoice.update(
        seller_postcode="", seller_city="", seller_street="", seller_address="1051 Régi utca 2."
    ).where(Invoice.id == invoice.id).execute()
    old = get_invoice(invoice.number)
    assert pdf_document(old).seller_address == "1051 Régi utca 2."
    assert "1051 Régi utca 2." in lawful_text(old, tmp_path / "b", caplog)


def test_the_vat_summary_and_the_payable_stay_together_on_one_page(goods, settings, caplog):
    """Wherever the lines end, the closing block (VAT summary, grounds, payable) is never split
    by a page break: when it would be, it starts the next page."""
    base = pdf_document(invoiced(settings))
    moved = None
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        for count in range(24, 40):
            document = dataclasses.replace(base, lines=base.lines[:1] * count)
            pages = [page.extract_text() for page in PdfReader(BytesIO(render(document))).pages]
            (at,) = [n for n, text in enumerate(pages) if "ÁFA összesítő" in text]
            assert "Fizetendő: 15 050 Ft" in pages[at], count
            assert pages[-1].endswith(f"SZ-2026-000001 – {len(pages)}/{len(pages)}")
            if pages[at].startswith("ÁFA összesítő"):
                moved = document
    assert not caplog.records, caplog.text
    assert moved is not None  # some of these would have been split
    assert render(moved) == render(moved)  # laid out twice, still the same bytes


def test_a_missing_glyph_would_be_noticed(goods, settings, tmp_path, caplog):
    """The check above can fail: a letter Open Sans lacks makes fpdf2 log a warning."""
    invoice = invoiced(
        settings, OrderLineInput(name="Teáskanna 茶", quantity="1", unit_net="100", vat="27%")
    )
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        written(invoice, tmp_path)
    assert "missing the following glyphs" in caplog.text


# --- the same invoice, the same bytes ------------------------------------------------------

RENDER_AGAIN = """
import sys
from okos_tui.db import Invoice, open_database
from okos_tui.pdf.invoice import render
from okos_tui.services.invoicing import pdf_document

open_database(sys.argv[1])
sys.stdout.buffer.write(render(pdf_document(Invoice.get(Invoice.number == sys.argv[2]))))
"""


def test_rendering_again_gives_the_same_bytes_in_any_process(goods, settings, tmp_path, db_path):
    invoice = invoiced(settings)
    first = written(invoice, tmp_path / "a").read_bytes()
    again = written(get_invoice(invoice.number), tmp_path / "b").read_bytes()
    assert again == first
    assert render(pdf_document(get_invoice(invoice.number))) == first
    for seed in ("1", "2"):
        other = subprocess.run(
            [sys.executable, "-c", RENDER_AGAIN, str(db_path), invoice.number],
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            timeout=60,
            check=True,
        )
        assert other.stdout == first
    # and the bytes depend on the invoice: another one differs
    assert render(pdf_document(invoiced(settings))) != first


# --- where the file goes -------------------------------------------------------------------


def unwritable_dir(tmp_path: Path) -> Path:
    """A folder okos cannot write: chmod 500 for a normal user; for root (whom chmod does not
    stop) a path below a regular file, which fails for everybody."""
    if os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        return locked / "invoices"
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    return blocker / "invoices"


def test_an_unwritable_folder_marks_the_pdf_failed_and_keeps_the_invoice(goods, settings, tmp_path):
    invoice = invoiced(settings)
    bad = unwritable_dir(tmp_path)
    try:
        (outcome,) = write_pdfs([invoice], bad)
    finally:
        if bad.parent.is_dir():
            bad.parent.chmod(0o700)
    assert outcome.path is None and outcome.error
    stored = get_invoice(invoice.number)
    assert stored.pdf_status == PdfStatus.FAILED and stored.pdf_path == ""
    assert str(bad.parent.name) in stored.pdf_error or "directory" in stored.pdf_error.lower()
    assert get_order(stored.order_number).status == SalesOrderStatus.INVOICED
    assert stored.number == "SZ-2026-000001"

    # later, with a folder that works, the pending PDF is written
    good = tmp_path / "invoices"
    (later,) = render_pending(good)
    assert later.error is None and later.path == good / "SZ-2026-000001.pdf"
    stored = get_invoice(invoice.number)
    assert (stored.pdf_status, stored.pdf_path, stored.pdf_error) == (
        PdfStatus.OK,
        str(good / "SZ-2026-000001.pdf"),
        "",
    )
    assert "Szűcs Örs" in text_of(later.path)
    assert render_pending(good) == []  # nothing left to do
    assert sorted(p.name for p in good.iterdir()) == ["SZ-2026-000001.pdf"]  # no temp file


def test_the_file_name_comes_only_from_the_invoice_number(goods, settings, tmp_path):
    evil = CustomerInput(
        "../../etc/x",
        billing=AddressInput("../../etc/x", "/tmp", "..", "x/../../y", ""),
    )
    invoice = invoiced(settings, customer=evil)
    pdf_dir = tmp_path / "out" / "invoices"
    path = written(invoice, pdf_dir)
    assert path == pdf_dir / "SZ-2026-000001.pdf"
    assert [p.relative_to(tmp_path) for p in sorted(tmp_path.rglob("*")) if p.is_file()] == [
        Path("okos.db"),
        Path("okos.db-shm"),
        Path("okos.db-wal"),
        Path("okos.toml"),
        Path("out/invoices/SZ-2026-000001.pdf"),
    ]
    assert "../../etc/x" in text_of(path)


def test_a_batch_is_written_by_worker_processes_and_a_failure_keeps_every_number(
    goods, settings, tmp_path
):
    invoices = [invoiced(settings) for _ in range(POOL_THRESHOLD)]
    bad = unwritable_dir(tmp_path)
    try:
        failed = write_pdfs(invoices, bad)
    finally:
        if bad.parent.is_dir():
            bad.parent.chmod(0o700)
    assert [o.number for o in failed] == [i.number for i in invoices]
    assert all(o.error and o.path is None for o in failed)
    assert {i.pdf_status for i in Invoice.select()} == {PdfStatus.FAILED}

    seen = []
    good = tmp_path / "invoices"
    outcomes = render_pending(good)  # the pool again
    assert [o.number for o in outcomes] == [f"SZ-2026-{n:06d}" for n in range(1, 9)]
    for outcome in outcomes:
        assert outcome.error is None
        text = text_of(outcome.path)
        assert f"Számlaszám: {outcome.number}" in text and "Győr" in text  # its own invoice
        seen.append(outcome.path.name)
    assert sorted(p.name for p in good.iterdir()) == sorted(seen)
    assert {i.pdf_status for i in Invoice.select()} == {PdfStatus.OK}
    progress: list[tuple[int, int]] = []
    write_pdfs(list(Invoice.select()), good, progress=lambda d, t, _: progress.append((d, t)))
    assert progress == [(n, POOL_THRESHOLD) for n in range(1, POOL_THRESHOLD + 1)]


def test_invoicing_with_pdfs_renders_alongside_and_a_failed_order_stops_nothing(
    goods, settings, tmp_path
):
    """What `okos invoice create` runs: enough orders for the worker processes, one of them
    not invoiceable; every issued invoice gets its own PDF, recorded as written."""
    orders = [
        create_order(ORS, [OrderLineInput(code="TAL-1", quantity="1")], warehouse_code="MAIN",
                     prefix="R", payment_method="Átutalás").number
        for _ in range(POOL_THRESHOLD + 1)
    ]  # fmt: skip
    too_many = create_order(
        ORS,
        [OrderLineInput(code="TEA-1", quantity="5000")],
        warehouse_code="MAIN",
        prefix="R",
        payment_method="Átutalás",
    ).number
    numbers = [*orders[:3], too_many, *orders[3:]]
    seen: list[tuple[int, int, bool]] = []
    pdf_dir = tmp_path / "szamlak"

    outcomes, pdfs = invoice_with_pdfs(
        numbers, settings, pdf_dir, progress=lambda d, t, o: seen.append((d, t, o.ok))
    )

    assert [o.order_number for o in outcomes] == numbers
    assert [o.ok for o in outcomes] == [True] * 3 + [False] + [True] * (len(orders) - 3)
    assert "TEA-1" in outcomes[3].error
    assert seen == [(n, len(numbers), o.ok) for n, o in enumerate(outcomes, start=1)]
    issued = [o.invoice_number for o in outcomes if o.ok]
    assert issued == [f"SZ-2026-{n:06d}" for n in range(1, len(orders) + 1)]
    assert list(pdfs) == issued
    for number in issued:
        assert pdfs[number].path == pdf_dir / f"{number}.pdf" and pdfs[number].error is None
        assert f"Számlaszám: {number}" in text_of(pdfs[number].path)
        assert get_invoice(number).pdf_status == PdfStatus.OK
    assert sorted(p.name for p in pdf_dir.iterdir()) == [f"{n}.pdf" for n in issued]
    assert get_order(too_many).status == SalesOrderStatus.OPEN


def test_a_pdf_that_cannot_be_rendered_is_marked_and_the_rest_are_written(
    goods, settings, tmp_path, monkeypatch
):
    import okos_tui.services.invoicing as store

    first, broken, last = (invoiced(settings) for _ in range(3))

    def render_or_fail(document):
        if document.number == broken.number:
            raise ValueError("no room for the text")
        return render(document)

    monkeypatch.setattr(store, "render", render_or_fail)
    outcomes = write_pdfs([first, broken, last], tmp_path)
    assert [(o.number, o.error) for o in outcomes] == [
        (first.number, None),
        (broken.number, "ValueError: no room for the text"),
        (last.number, None),
    ]
    stored = get_invoice(broken.number)
    assert (stored.pdf_status, stored.pdf_error) == (PdfStatus.FAILED, outcomes[1].error)
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == [
        f"{first.number}.pdf",
        f"{last.number}.pdf",
    ]


def test_leaving_the_writer_by_an_exception_still_writes_and_records_what_was_added(
    goods, settings, tmp_path
):
    invoice = invoiced(settings)
    with pytest.raises(RuntimeError), PdfWriter(tmp_path, expected=1) as writer:
        writer.add(invoice)
        raise RuntimeError("the caller failed after this invoice")
    stored = get_invoice(invoice.number)
    assert (stored.pdf_status, stored.pdf_path) == (
        PdfStatus.OK,
        str(tmp_path / f"{invoice.number}.pdf"),
    )
