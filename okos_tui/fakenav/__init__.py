"""An emulated NAV Online Számla (interface v3.0) on 127.0.0.1 for the demo and the tests.

It speaks the operations a web shop's invoicing needs (tokenExchange, manageInvoice,
manageAnnulment, queryTransactionStatus, queryTransactionList, queryInvoiceCheck,
queryTaxpayer) in the official XML, checks requests as NAV does (schema, timestamp, user,
password hash, signature, request id, exchange token), processes reports asynchronously
against invoiceData.xsd and a set of NAV's business rules, counts what it received, and can
inject faults, lost answers included. Standard library, xmlschema and cryptography only.
"""

from okos_tui.fakenav.faults import Faults
from okos_tui.fakenav.nav import FakeNav, InvoiceReport, TransactionSummary
from okos_tui.fakenav.server import RecordedRequest
from okos_tui.fakenav.service import ReportCount
from okos_tui.fakenav.settings import (
    DEFAULT_TAXPAYERS,
    DEFAULT_USER,
    INSTANT,
    FakeNavSettings,
    ManualClock,
    Pace,
    Taxpayer,
    TechnicalUser,
)

__all__ = [
    "DEFAULT_TAXPAYERS",
    "DEFAULT_USER",
    "INSTANT",
    "FakeNav",
    "FakeNavSettings",
    "Faults",
    "InvoiceReport",
    "ManualClock",
    "Pace",
    "RecordedRequest",
    "ReportCount",
    "Taxpayer",
    "TechnicalUser",
    "TransactionSummary",
]
