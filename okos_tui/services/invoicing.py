"""Invoicing with its PDFs: issuing and cancelling invoices, writing their PDFs to `pdf_dir`,
and remembering which could not be written.

File names come only from the invoice number (never from customer data). A file is written to a
temporary name and renamed, so a crash never leaves half a PDF under the real name. Many PDFs are
rendered in worker processes on both cores, while the next orders are being invoiced; a failed
write marks the invoice, and `render_pending` writes it again later.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from okos_tui.core.formatting import postal_address
from okos_tui.db import Invoice, InvoiceLine, PdfStatus, database
from okos_tui.domain.invoicing import (
    InvoiceOutcome,
    InvoiceSettings,
    get_invoice,
    invoice_orders,
    issue_invoice,
    storno_invoice,
    vat_summary,
)
from okos_tui.domain.tax.countries import HOME_COUNTRY, country_name
from okos_tui.pdf.invoice import InvoiceDocument, LineRow, render

SAFE_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,40}$")
POOL_THRESHOLD = 8
MAX_WORKERS = 4
MAX_CHUNK = 8  # PDFs per task sent to a worker (about 50 ms each)


def seller_address(invoice: Invoice) -> str:
    """From the structured fields, the country named when it is not Hungary; an invoice issued
    before they existed has only the one-line address."""
    if not (invoice.seller_postcode or invoice.seller_city or invoice.seller_street):
        return invoice.seller_address
    code = invoice.seller_country
    country = country_name(code) if code and code.upper() != HOME_COUNTRY else ""
    return postal_address(
        invoice.seller_postcode, invoice.seller_city, invoice.seller_street, country
    )


def buyer_address(invoice: Invoice) -> str:
    """The buyer's country by its Hungarian name when its code is known, else as given."""
    code = invoice.buyer_country_code
    country = country_name(code) if code else invoice.buyer_country
    return postal_address(invoice.buyer_postcode, invoice.buyer_city, invoice.buyer_street, country)


def pdf_document(invoice: Invoice) -> InvoiceDocument:
    """Everything the PDF prints, as plain values (rendered in a worker process)."""
    original = invoice.original if invoice.original_id else None
    return InvoiceDocument(
        number=invoice.number,
        storno_of=original.number if original else None,
        original_issued_on=original.issued_on if original else None,
        original_fulfilled_on=original.fulfilled_on if original else None,
        issued_on=invoice.issued_on,
        fulfilled_on=invoice.fulfilled_on,
        due_on=invoice.due_on,
        paid_on=invoice.paid_on,
        created_at=invoice.created_at,
        payment_method=invoice.payment_method,
        currency=invoice.currency,
        exchange_rate=invoice.exchange_rate,
        seller_name=invoice.seller_name,
        seller_address=seller_address(invoice),
        seller_tax_number=invoice.seller_tax_number,
        seller_bank_account=invoice.seller_bank_account,
        buyer_name=invoice.buyer_name,
        buyer_address=buyer_address(invoice),
        buyer_tax_number=invoice.buyer_tax_number,
        buyer_vat_status=invoice.buyer_vat_status,
        order_number=invoice.order_number,
        shop_order_id=invoice.shop_order_id,
        header_note=invoice.header_note,
        lines=tuple(
            LineRow(i.name, i.quantity, i.unit, i.unit_net, i.vat_code, i.net, i.vat, i.gross)
            for i in invoice.lines.order_by(InvoiceLine.position)
        ),
        vat_summary=tuple(vat_summary(invoice)),
        net_total=invoice.net_total,
        vat_total=invoice.vat_total,
        gross_total=invoice.gross_total,
        rounding=invoice.rounding,
    )


def pdf_path(pdf_dir: Path, number: str) -> Path:
    if not SAFE_NUMBER.match(number):  # numbers are ours, but a path is no place for surprises
        raise ValueError(f"not a file-safe invoice number: {number!r}")
    return pdf_dir / f"{number}.pdf"


def _write(document: InvoiceDocument, folder: str) -> tuple[str, str | None]:
    """Render and write one PDF; (number, error or None). Runs in a worker process too."""
    target = pdf_path(Path(folder), document.number)
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        data = render(document)
    except Exception as exc:  # one invoice's odd text must not stop the batch
        return document.number, f"{type(exc).__name__}: {exc}"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except OSError as exc:
        with contextlib.suppress(OSError):  # e.g. ENOTDIR: a file where the folder should be
            temporary.unlink(missing_ok=True)
        return document.number, f"{exc.strerror or exc}: {exc.filename or target}"
    return document.number, None


def _write_many(documents: list[InvoiceDocument], folder: str) -> list[tuple[str, str | None]]:
    return [_write(document, folder) for document in documents]


@dataclass(frozen=True)
class PdfOutcome:
    number: str
    path: Path | None
    error: str | None


class PdfWriter:
    """Writes invoice PDFs, in worker processes on every core when there are many, while the
    caller goes on (with invoicing the next order, say); `finish` waits and records them.

    Use it as a context manager: leaving it, even by an exception, waits for what was added and
    records it, so no PDF written stays marked pending.
    """

    def __init__(self, pdf_dir: Path, *, expected: int) -> None:
        self.pdf_dir = pdf_dir
        workers = min(os.cpu_count() or 1, MAX_WORKERS)
        self.pool: ProcessPoolExecutor | None = None
        if expected >= POOL_THRESHOLD and workers > 1:
            # spawn, not fork: the caller may be a threaded UI holding database connections
            context = multiprocessing.get_context("spawn")
            self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        # small chunks: the last worker to finish does not keep the others waiting long
        self.chunk = max(1, min(MAX_CHUNK, expected // (4 * workers)))
        self.waiting: list[InvoiceDocument] = []
        self.tasks: list[Future[list[tuple[str, str | None]]]] = []
        self.results: list[tuple[str, str | None]] = []
        self.outcomes: list[PdfOutcome] | None = None

    def __enter__(self) -> PdfWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is None:
            self.finish()
            return
        with contextlib.suppress(Exception):  # the error that brought us here is the one to tell
            self.finish()

    def add(self, invoice: Invoice) -> None:
        """Queue an invoice's PDF (read from the database now, rendered in a worker)."""
        self.waiting.append(pdf_document(invoice))
        if self.pool is not None and len(self.waiting) >= self.chunk:
            self._send()

    def _send(self) -> None:
        if self.pool is not None and self.waiting:
            self.tasks.append(self.pool.submit(_write_many, self.waiting, str(self.pdf_dir)))
            self.waiting = []

    def finish(
        self, progress: Callable[[int, int, PdfOutcome], None] | None = None
    ) -> list[PdfOutcome]:
        """Wait for every PDF added, record each one's status (ok, or failed with the reason)
        in one short transaction, and return them in the order they were added."""
        if self.outcomes is not None:
            return self.outcomes
        try:
            self._send()
            for task in self.tasks:
                self.results.extend(task.result())
            self.results.extend(_write_many(self.waiting, str(self.pdf_dir)))
        finally:
            if self.pool is not None:
                self.pool.shutdown(wait=True, cancel_futures=True)
            self.outcomes = _record(self.results, self.pdf_dir)
        for done, outcome in enumerate(self.outcomes, start=1):
            if progress is not None:
                progress(done, len(self.outcomes), outcome)
        return self.outcomes


def write_pdfs(
    invoices: Sequence[Invoice],
    pdf_dir: Path,
    *,
    progress: Callable[[int, int, PdfOutcome], None] | None = None,
) -> list[PdfOutcome]:
    """Write the invoices' PDFs and record each one's status (ok, or failed with the reason)."""
    with PdfWriter(pdf_dir, expected=len(invoices)) as writer:
        for invoice in invoices:
            writer.add(invoice)
        return writer.finish(progress)


def invoice_with_pdfs(
    numbers: Sequence[str],
    settings: InvoiceSettings,
    pdf_dir: Path,
    *,
    progress: Callable[[int, int, InvoiceOutcome], None] | None = None,
    fulfilled_on: date | None = None,
) -> tuple[list[InvoiceOutcome], dict[str, PdfOutcome]]:
    """Invoice the orders one by one (a failure stops nothing) and write their PDFs, rendered
    on the other cores while the next orders are invoiced. PDFs by invoice number.
    `fulfilled_on`: the fulfilment date of them all, set by hand."""

    def issued(done: int, total: int, outcome: InvoiceOutcome) -> None:
        if outcome.invoice_number is not None:
            writer.add(get_invoice(outcome.invoice_number))
        if progress is not None:
            progress(done, total, outcome)

    with PdfWriter(pdf_dir, expected=len(numbers)) as writer:
        outcomes = invoice_orders(numbers, settings, progress=issued, fulfilled_on=fulfilled_on)
        pdfs = writer.finish()
    return outcomes, {pdf.number: pdf for pdf in pdfs}


def issue_with_pdf(
    order_number: str, settings: InvoiceSettings, pdf_dir: Path, *, fulfilled_on: date | None = None
) -> tuple[str, PdfOutcome]:
    """Invoice one OPEN order and write its PDF; (invoice number, the PDF's outcome)."""
    invoice = issue_invoice(order_number, settings, fulfilled_on=fulfilled_on)
    (pdf,) = write_pdfs([invoice], pdf_dir)
    return invoice.number, pdf


def storno_with_pdf(
    invoice_number: str, settings: InvoiceSettings, pdf_dir: Path
) -> tuple[str, PdfOutcome]:
    """Cancel an invoice with a storno invoice and write its PDF; (storno number, outcome)."""
    storno = storno_invoice(invoice_number, settings)
    (pdf,) = write_pdfs([storno], pdf_dir)
    return storno.number, pdf


def _record(results: list[tuple[str, str | None]], pdf_dir: Path) -> list[PdfOutcome]:
    outcomes = []
    with database.atomic():
        for number, error in results:
            path = None if error else pdf_path(pdf_dir, number)
            Invoice.update(
                pdf_status=PdfStatus.FAILED if error else PdfStatus.OK,
                pdf_path=str(path) if path else "",
                pdf_error=error or "",
            ).where(Invoice.number == number).execute()
            outcomes.append(PdfOutcome(number, path, error))
    return outcomes


def render_pending(pdf_dir: Path) -> list[PdfOutcome]:
    """Write every PDF still pending or failed (after a full disk, a crash...)."""
    waiting = list(Invoice.select().where(Invoice.pdf_status != PdfStatus.OK).order_by(Invoice.id))
    return write_pdfs(waiting, pdf_dir) if waiting else []
