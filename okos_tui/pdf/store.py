"""Writing invoice PDFs to `pdf_dir`, and remembering which could not be written.

File names come only from the invoice number (never from customer data). A file is written to a
temporary name and renamed, so a crash never leaves half a PDF under the real name. Many PDFs are
rendered in worker processes on both cores; a failed write marks the invoice, and
`render_pending` writes it again later.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..db import Invoice, InvoiceLine, PdfStatus, database
from ..domain.invoicing import vat_summary
from .invoice import InvoiceDocument, LineRow, VatRow, render

SAFE_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,40}$")
POOL_THRESHOLD = 8


def invoice_document(invoice: Invoice) -> InvoiceDocument:
    address = ", ".join(
        part
        for part in (
            f"{invoice.buyer_postcode} {invoice.buyer_city}".strip(),
            invoice.buyer_street,
            invoice.buyer_country,
        )
        if part
    )
    return InvoiceDocument(
        number=invoice.number,
        storno_of=invoice.original.number if invoice.original_id else None,
        issued_on=invoice.issued_on,
        fulfilled_on=invoice.fulfilled_on,
        due_on=invoice.due_on,
        created_at=invoice.created_at,
        payment_method=invoice.payment_method,
        currency=invoice.currency,
        seller_name=invoice.seller_name,
        seller_address=invoice.seller_address,
        seller_tax_number=invoice.seller_tax_number,
        seller_bank_account=invoice.seller_bank_account,
        seller_vat_exempt=bool(invoice.seller_vat_exempt),
        buyer_name=invoice.buyer_name,
        buyer_address=address,
        buyer_tax_number=invoice.buyer_tax_number,
        order_number=invoice.order_number,
        shop_order_id=invoice.shop_order_id,
        lines=tuple(
            LineRow(i.name, i.quantity, i.unit, i.unit_net, i.vat_code, i.net, i.vat, i.gross)
            for i in invoice.lines.order_by(InvoiceLine.position)
        ),
        vat_summary=tuple(VatRow(r.vat_code, r.net, r.vat, r.gross) for r in vat_summary(invoice)),
        net_total=invoice.net_total,
        vat_total=invoice.vat_total,
        gross_total=invoice.gross_total,
    )


def pdf_path(pdf_dir: Path, number: str) -> Path:
    if not SAFE_NUMBER.match(number):  # numbers are ours, but a path is no place for surprises
        raise ValueError(f"not a file-safe invoice number: {number!r}")
    return pdf_dir / f"{number}.pdf"


def _write(job: tuple[InvoiceDocument, str]) -> tuple[str, str | None]:
    """Render and write one PDF; (number, error or None). Runs in a worker process too."""
    document, folder = job
    target = pdf_path(Path(folder), document.number)
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        data = render(document)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except OSError as exc:
        with contextlib.suppress(OSError):  # e.g. ENOTDIR: a file where the folder should be
            temporary.unlink(missing_ok=True)
        return document.number, f"{exc.strerror or exc}: {exc.filename or target}"
    return document.number, None


@dataclass(frozen=True)
class PdfOutcome:
    number: str
    path: Path | None
    error: str | None


def write_pdfs(
    invoices: Sequence[Invoice],
    pdf_dir: Path,
    *,
    progress: Callable[[int, int, PdfOutcome], None] | None = None,
) -> list[PdfOutcome]:
    """Write the invoices' PDFs and record each one's status (ok, or failed with the reason)."""
    jobs = [(invoice_document(invoice), str(pdf_dir)) for invoice in invoices]
    if len(jobs) >= POOL_THRESHOLD and (os.cpu_count() or 1) > 1:
        # spawn, not fork: the caller may be a threaded UI holding database connections
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            max_workers=min(os.cpu_count() or 2, 4), mp_context=context
        ) as pool:
            results = pool.map(_write, jobs, chunksize=max(1, len(jobs) // 16))
            return _record(list(results), pdf_dir, progress, len(jobs))
    return _record([_write(job) for job in jobs], pdf_dir, progress, len(jobs))


def _record(
    results: list[tuple[str, str | None]],
    pdf_dir: Path,
    progress: Callable[[int, int, PdfOutcome], None] | None,
    total: int,
) -> list[PdfOutcome]:
    outcomes = []
    with database.atomic():
        for done, (number, error) in enumerate(results, start=1):
            path = None if error else pdf_path(pdf_dir, number)
            Invoice.update(
                pdf_status=PdfStatus.FAILED if error else PdfStatus.OK,
                pdf_path=str(path) if path else "",
                pdf_error=error or "",
            ).where(Invoice.number == number).execute()
            outcome = PdfOutcome(number, path, error)
            outcomes.append(outcome)
            if progress is not None:
                progress(done, total, outcome)
    return outcomes


def render_pending(pdf_dir: Path) -> list[PdfOutcome]:
    """Write every PDF still pending or failed (after a full disk, a crash...)."""
    waiting = list(Invoice.select().where(Invoice.pdf_status != PdfStatus.OK).order_by(Invoice.id))
    return write_pdfs(waiting, pdf_dir) if waiting else []
