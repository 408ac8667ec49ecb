"""Invoices, packing lists and their e-mail (documents are always Hungarian)."""

from okos_tui.i18n.types import Catalogue

MESSAGES: Catalogue = {
    "pdf.invoice": {"hu": "SZÁMLA", "en": "INVOICE"},
    "pdf.storno": {"hu": "SZTORNÓ SZÁMLA", "en": "STORNO INVOICE"},
    "pdf.number": {"hu": "Számlaszám", "en": "Invoice number"},
    "pdf.storno_of": {
        "hu": "A(z) {number} számú számla sztornója",
        "en": "Cancels invoice {number}",
    },
    "pdf.storno_dates": {
        "hu": "Az eredeti számla kelte: {issued}, teljesítés dátuma: {fulfilled}",
        "en": "The original invoice's issue date: {issued}, fulfilment date: {fulfilled}",
    },
    "pdf.seller": {"hu": "Eladó", "en": "Seller"},
    "pdf.buyer": {"hu": "Vevő", "en": "Buyer"},
    "pdf.tax_number": {"hu": "Adószám", "en": "Tax number"},
    "pdf.eu_tax_number": {"hu": "Közösségi adószám", "en": "EU VAT number"},
    "pdf.bank_account": {"hu": "Bankszámlaszám", "en": "Bank account"},
    "pdf.issued_on": {"hu": "Számla kelte", "en": "Issue date"},
    "pdf.fulfilled_on": {"hu": "Teljesítés dátuma", "en": "Fulfilment date"},
    "pdf.due_on": {"hu": "Fizetési határidő", "en": "Due date"},
    "pdf.payment_method": {"hu": "Fizetési mód", "en": "Payment method"},
    "pdf.currency": {"hu": "Pénznem", "en": "Currency"},
    "pdf.order": {"hu": "Rendelésszám", "en": "Order number"},
    "pdf.shop_order": {"hu": "Webáruházi rendelésszám", "en": "Shop order number"},
    "pdf.exchange_rate": {
        "hu": "Árfolyam: 1 {currency} = {rate}",
        "en": "Exchange rate: 1 {currency} = {rate}",
    },
    "pdf.note": {"hu": "Megjegyzés", "en": "Note"},
    "pdf.col.name": {"hu": "Megnevezés", "en": "Description"},
    "pdf.col.quantity": {"hu": "Mennyiség", "en": "Quantity"},
    "pdf.col.unit_net": {"hu": "Nettó egységár", "en": "Net unit price"},
    "pdf.col.vat_rate": {"hu": "ÁFA kulcs", "en": "VAT rate"},
    "pdf.col.net": {"hu": "Nettó érték", "en": "Net"},
    "pdf.col.vat": {"hu": "ÁFA érték", "en": "VAT"},
    "pdf.col.gross": {"hu": "Bruttó érték", "en": "Gross"},
    "pdf.vat_summary": {"hu": "ÁFA összesítő", "en": "VAT summary"},
    "pdf.vat_summary_huf": {"hu": "ÁFA összesítő forintban", "en": "VAT summary in HUF"},
    "pdf.total": {"hu": "Összesen", "en": "Total"},
    "pdf.gross_total": {"hu": "Bruttó végösszeg", "en": "Gross total"},
    "pdf.rounding": {"hu": "Kerekítés", "en": "Rounding"},
    "pdf.payable": {"hu": "Fizetendő", "en": "Amount payable"},
    "pdf.paid": {"hu": "Fizetve", "en": "Paid"},
    "pdf.page": {"hu": "{page}/{pages}", "en": "{page}/{pages}"},
    "mail.no_address": {
        "hu": "a vevőnek nincs e-mail címe",
        "en": "the customer has no e-mail address",
    },
    "mail.bad_address": {
        "hu": "a vevő e-mail címe hibás",
        "en": "the customer's e-mail address is not valid",
    },
    "mail.no_pdf": {
        "hu": "a számla PDF-je nem készült el: {error}",
        "en": "the invoice PDF could not be written: {error}",
    },
    "mail.taken": {
        "hu": "egy másik folyamat éppen küldi",
        "en": "another process is sending it right now",
    },
    "mail.refused": {
        "hu": "a levelezőszerver nem fogadta el a címzettet: {detail}",
        "en": "the mail server refused the recipient: {detail}",
    },
    "mail.uncertain": {
        "hu": "a kapcsolat a levél küldése közben megszakadt ({detail}); lehet, hogy a levél "
        "megérkezett: ellenőrizze, és csak akkor küldje újra (--resend), ha nem",
        "en": "the connection dropped while the mail was being sent ({detail}); it may have "
        "arrived: check, and resend (--resend) only if it did not",
    },
    "mail.server_error": {
        "hu": "levelezőszerver-hiba: {detail}",
        "en": "mail server error: {detail}",
    },
    "mail.login_not_ascii": {
        "hu": "az [smtp] felhasználónév vagy jelszó ékezetes (nem ASCII) betűt tartalmaz, "
        "ezzel a bejelentkezés nem lehetséges",
        "en": "the [smtp] username or password contains non-ASCII characters, "
        "which the login cannot send",
    },
    "invoice.kind.invoice": {"hu": "Számla", "en": "Invoice"},
    "invoice.kind.storno": {"hu": "Sztornó", "en": "Storno"},
    "invoice.kind.cancelled": {"hu": "Sztornózott", "en": "Cancelled"},
    "email.unsent": {"hu": "nincs elküldve", "en": "unsent"},
    "email.sending": {"hu": "küldés alatt", "en": "sending"},
    "email.sent": {"hu": "elküldve", "en": "sent"},
    "email.failed": {"hu": "hiba", "en": "failed"},
    "email.skipped": {"hu": "kihagyva", "en": "skipped"},
    "email.uncertain": {"hu": "bizonytalan, ellenőrizendő", "en": "uncertain, to be checked"},
    "email.dry-run": {"hu": "próba, nem ment el", "en": "dry run, not sent"},
    "pdf.packing.title": {
        "hu": "Csomagolási összesítő (szedőlista)",
        "en": "Packing summary (picking list)",
    },
    "pdf.packing.subtitle": {
        "hu": "{count} rendelés – {when}",
        "en": {"one": "{count} order – {when}", "other": "{count} orders – {when}"},
    },
    "pdf.packing.slip": {"hu": "Csomaglevél – {number}", "en": "Packing slip – {number}"},
    "pdf.packing.check": {"hu": "Kész", "en": "Done"},
}
