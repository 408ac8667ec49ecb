"""What the emulated NAV remembers: transactions with their invoices, used request ids, exchange
tokens, annulments, behind one lock and saved as JSON on demand.

The register of valid reports is not stored separately: it is the DONE invoice items that no
approved annulment has withdrawn, so it cannot disagree with the transactions.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from okos_tui.fakenav.xmltools import parse_timestamp, timestamp

STATE_FORMAT = 1

FINAL = ("DONE", "ABORTED")
INVOICE_OPERATIONS = ("CREATE", "MODIFY", "STORNO")


@dataclass
class Message:
    """A technical (SCHEMA_VIOLATION...) or business (ERROR/WARN/INFO) validation message."""

    result: str
    """validationResultCode: ERROR (or CRITICAL) for technical ones; ERROR, WARN, INFO."""
    code: str
    text: str
    technical: bool = False
    tag: str | None = None
    """The pointer: the element the message is about, its value and line, if any."""
    value: str | None = None
    line: int | None = None


@dataclass
class Item:
    """One index of a manageInvoice or manageAnnulment: an invoice report or an annulment."""

    index: int
    operation: str
    """CREATE, MODIFY, STORNO or ANNUL."""
    data: str
    """The base64 text exactly as sent (invoiceData or invoiceAnnulment)."""
    invoice_number: str | None = None
    """The invoice's number, or for ANNUL the annulmentReference (None if unreadable)."""
    status: str | None = None
    """DONE or ABORTED once processed; None before (RECEIVED/PROCESSING are views of that)."""
    messages: list[Message] = field(default_factory=list)
    original_number: str | None = None
    modification_index: int | None = None
    customer_tax_number: str | None = None
    annulled: bool = False
    """An approved technical annulment withdrew this (DONE) report."""
    annulment: str | None = None
    """For ANNUL items once DONE: PENDING, APPROVED or REJECTED."""


@dataclass
class Transaction:
    transaction_id: str
    request_id: str
    login: str
    taxpayer_id: str
    kind: str
    """manageInvoice or manageAnnulment."""
    received_at: datetime
    compressed: bool
    items: list[Item]
    status_queries: int = 0
    processed: bool = False
    annulment_status: str | None = None
    """manageAnnulment once processed: NOT_VERIFIABLE, VERIFICATION_PENDING, VERIFICATION_DONE
    or VERIFICATION_REJECTED."""
    annulment_decided_at: datetime | None = None

    @property
    def is_annulment(self) -> bool:
        return self.kind == "manageAnnulment"


@dataclass
class Token:
    value: str
    login: str
    taxpayer_id: str
    valid_from: datetime
    valid_to: datetime
    used: bool = False


class NavState:
    """Every record of the emulated NAV. Public methods of `NavService` hold `lock` (an RLock)."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._save_lock = threading.Lock()
        self.transactions: list[Transaction] = []
        """In the order they arrived: the order they are processed in."""
        self.request_ids: set[tuple[str, str]] = set()
        """(taxpayer id, requestId) of every accepted request."""
        self.tokens: dict[str, Token] = {}
        self.forced_aborts: dict[str, list[tuple[str, str]]] = {}
        """Invoice number -> (code, message) to end its next processed report ABORTED."""
        self.dirty = False

    def transaction(self, transaction_id: str) -> Transaction | None:
        with self.lock:
            return next((t for t in self.transactions if t.transaction_id == transaction_id), None)

    def invoice_items(self, number: str, taxpayer_id: str | None = None) -> list[Item]:
        """Every submitted report of this invoice number (oldest first)."""
        with self.lock:
            return [
                item
                for transaction in self.transactions
                if not transaction.is_annulment
                and (taxpayer_id is None or transaction.taxpayer_id == taxpayer_id)
                for item in transaction.items
                if item.invoice_number == number
            ]

    def valid_reports(self, number: str, taxpayer_id: str) -> list[Item]:
        """The DONE, not annulled reports of this invoice number by this taxpayer."""
        return [
            item
            for item in self.invoice_items(number, taxpayer_id)
            if item.status == "DONE" and not item.annulled
        ]

    def pending_annulment(self, number: str, taxpayer_id: str | None) -> Item | None:
        with self.lock:
            for transaction in self.transactions:
                if transaction.is_annulment and (
                    taxpayer_id is None or transaction.taxpayer_id == taxpayer_id
                ):
                    for item in transaction.items:
                        if item.invoice_number == number and item.annulment == "PENDING":
                            return item
            return None

    def owner(self, item: Item) -> Transaction:
        with self.lock:
            return next(t for t in self.transactions if any(i is item for i in t.items))

    # persistence ------------------------------------------------------------------------------

    def to_data(self) -> dict[str, Any]:
        with self.lock:
            return {
                "format": STATE_FORMAT,
                "transactions": [_transaction_data(t) for t in self.transactions],
                "request_ids": sorted([list(pair) for pair in self.request_ids]),
                "forced_aborts": {k: [list(p) for p in v] for k, v in self.forced_aborts.items()},
            }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> NavState:
        if data.get("format") != STATE_FORMAT:
            raise ValueError(f"unsupported fake NAV state format: {data.get('format')!r}")
        state = cls()
        state.transactions = [_transaction(d) for d in data["transactions"]]
        state.request_ids = {(a, b) for a, b in data["request_ids"]}
        state.forced_aborts = {
            k: [(code, text) for code, text in v] for k, v in data.get("forced_aborts", {}).items()
        }
        return state

    def save(self, path: Path) -> None:
        """Write atomically (temp file + rename), so a crash never leaves half a file."""
        with self._save_lock:
            with self.lock:
                text = json.dumps(self.to_data(), ensure_ascii=False, indent=1)
                self.dirty = False
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> NavState:
        try:
            return cls.from_data(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"cannot load fake NAV state from {path}: {exc}") from exc


def _transaction_data(transaction: Transaction) -> dict[str, Any]:
    data = asdict(transaction)
    data["received_at"] = timestamp(transaction.received_at)
    decided = transaction.annulment_decided_at
    data["annulment_decided_at"] = None if decided is None else timestamp(decided)
    return data


def _transaction(data: dict[str, Any]) -> Transaction:
    items = [
        Item(**{**item, "messages": [Message(**m) for m in item["messages"]]})
        for item in data["items"]
    ]
    decided = data.get("annulment_decided_at")
    return Transaction(
        **{
            **data,
            "items": items,
            "received_at": parse_timestamp(data["received_at"]),
            "annulment_decided_at": None if decided is None else parse_timestamp(decided),
        }
    )
