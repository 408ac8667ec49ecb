"""The command line: results, summaries and refusals."""

from okos_tui.i18n.types import Catalogue

MESSAGES: Catalogue = {
    "cli.error": {"hu": "Hiba: {message}", "en": "Error: {message}"},
    "cli.config_error": {
        "hu": "Beállítási hiba: {message}",
        "en": "Configuration error: {message}",
    },
    "cli.database_error": {
        "hu": "Adatbázis-hiba ({path}): {detail}",
        "en": "Database error ({path}): {detail}",
    },
    "cli.interrupted": {"hu": "Megszakítva.", "en": "Interrupted."},
    "cli.no_items": {"hu": "nincs megadva tétel", "en": "no items given"},
    "cli.document_created": {
        "hu": "{number} rögzítve ({count} tétel).",
        "en": {
            "one": "{number} recorded ({count} item).",
            "other": "{number} recorded ({count} items).",
        },
    },
    "cli.purchase_closed": {
        "hu": "{number} lezárva: a hátralévő mennyiség már nem beérkező.",
        "en": "{number} closed: what was not received is no longer incoming.",
    },
    "cli.receipt_created": {
        "hu": "{number} nyugta kiállítva, fizetendő: {total}.",
        "en": "Receipt {number} issued, total: {total}.",
    },
    "cli.nothing_to_record": {
        "hu": "Nincs eltérés: nem készült bizonylat.",
        "en": "No difference: no document was made.",
    },
    "cli.import_done": {
        "hu": "{created} új és {updated} módosított termék; nyitókészlet: {opening} tétel "
        "({document}); kihagyott, már rögzített nyitókészlet: {skipped}.",
        "en": "Products new: {created}, updated: {updated}; opening stock lines: {opening} "
        "({document}); opening stock already recorded and skipped: {skipped}.",
    },
    "cli.import_failed": {
        "hu": "A(z) {file} nem került betöltésre, {count} hibás sor:",
        "en": {
            "one": "{file} was not imported, {count} bad row:",
            "other": "{file} was not imported, {count} bad rows:",
        },
    },
    "cli.import_row_error": {"hu": "  {line}. sor: {reason}", "en": "  line {line}: {reason}"},
    "demo.intro": {
        "hu": "Demó munkaterület: {folder}\nBeállítások: {config}\nBetöltve: mintatermékek "
        "nyitókészlettel, két szállítói megrendelés (egy részben beérkezett), egy bevételezés, "
        "egy nyugta és egy készletkorrekció.\n\nKészletek mennyiségi vizsgálata (minden raktár):",
        "en": "Demo workspace: {folder}\nConfiguration: {config}\nLoaded: sample products with "
        "opening stock, two purchase orders (one partly received), a goods receipt, a retail "
        "receipt and a stock adjustment.\n\nStock analysis (all warehouses):",
    },
    "demo.bye": {
        "hu": "A demó adatai itt maradtak: {folder}",
        "en": "The demo's data stay here: {folder}",
    },
    "demo.next_steps": {
        "hu": "Próbálja ki:\n  okos --config {config} report stock --to-procure\n"
        "  okos --config {config} stock receive --warehouse MAIN TEA-100=5@640\n"
        "  okos --config {config} purchase list\n"
        "  okos fake-shop    (emulált ShopRenter bolt a 127.0.0.1-en)",
        "en": "Try:\n  okos --config {config} report stock --to-procure\n"
        "  okos --config {config} stock receive --warehouse MAIN TEA-100=5@640\n"
        "  okos --config {config} purchase list\n"
        "  okos fake-shop    (emulated ShopRenter shop on 127.0.0.1)",
    },
    "cli.nothing_to_invoice": {"hu": "nincs számlázandó rendelés", "en": "no order to invoice"},
    "cli.invoice_failed": {
        "hu": "{order}: nem számlázható: {error}",
        "en": "{order}: not invoiced: {error}",
    },
    "cli.pdf_failed": {"hu": "PDF nem készült: {error}", "en": "no PDF: {error}"},
    "cli.storno_done": {
        "hu": "{number} sztornó számla kiállítva a(z) {original} számlához: {path}",
        "en": "storno invoice {number} issued for {original}: {path}",
    },
    "cli.storno_of": {
        "hu": "Sztornózza: {number}",
        "en": "Cancels: {number}",
    },
    "cli.cancelled_by": {
        "hu": "SZTORNÓZVA: {number}",
        "en": "CANCELLED by {number}",
    },
    "cli.date": {"hu": "dátum", "en": "date"},
    "cli.nav_summary": {
        "hu": "NAV: {sent} elküldve, {done} befogadva, {aborted} elutasítva, {waiting} válaszra "
        "vagy bejelentésre vár.",
        "en": "NAV: {sent} sent, {done} done, {aborted} aborted, {waiting} waiting.",
    },
    "cli.nav_unreachable": {
        "hu": "a NAV most nem érhető el, később újra próbálja: {error}",
        "en": "NAV cannot be reached now, it is tried again later: {error}",
    },
    "cli.nav_annulled": {
        "hu": "{number}: a technikai érvénytelenítés elküldve ({transaction}); a NAV webes "
        "felületén kell jóváhagyni, utána a számla újra bejelenthető",
        "en": "{number}: technical annulment sent ({transaction}); approve it on NAV's web UI, "
        "then the invoice can be reported again",
    },
    "cli.taxpayer_known": {"hu": "NAV: {name}", "en": "NAV: {name}"},
    "cli.rate_set": {
        "hu": "{currency} árfolyam {date} naptól: {rate} Ft",
        "en": "{currency} rate from {date}: {rate} HUF",
    },
    "cli.stuck_sending": {
        "hu": "Figyelem: a(z) {number} küldése megszakadt (küldés alatt maradt); ellenőrizze, megkapta-e a vevő, majd: okos invoice email --resend {number}",
        "en": "Warning: sending {number} was interrupted (left 'sending'); check whether the customer got it, then: okos invoice email --resend {number}",
    },
    "cli.email_summary": {
        "hu": "{sent} elküldve, {failed} hibás, {skipped} kihagyva.",
        "en": "Sent: {sent}, failed: {failed}, skipped: {skipped}.",
    },
    "cli.cart_size": {
        "hu": "A kosárban {count} rendelés van.",
        "en": {"one": "{count} order in the cart.", "other": "{count} orders in the cart."},
    },
    "cli.cart_total": {
        "hu": "{count} rendelés, összesen {total}",
        "en": {"one": "{count} order, total {total}", "other": "{count} orders, total {total}"},
    },
    "cli.order_created": {
        "hu": "{number} megrendelés rögzítve, bruttó {total}.",
        "en": "Order {number} recorded, gross {total}.",
    },
    "cli.order_edited": {
        "hu": "{number} módosítva, bruttó {total}.",
        "en": "{number} changed, gross {total}.",
    },
    "cli.order_cancelled": {
        "hu": "{number} törölve: a foglalás megszűnt.",
        "en": "{number} cancelled: its reservation is released.",
    },
    "cli.nothing_to_edit": {"hu": "nincs megadva változtatás", "en": "no change given"},
    "vat_status.private": {"hu": "magánszemély", "en": "private person"},
    "vat_status.domestic": {"hu": "belföldi adóalany", "en": "domestic taxpayer"},
    "vat_status.eu": {"hu": "közösségi adóalany", "en": "EU taxpayer"},
    "vat_status.other": {
        "hu": "egyéb (harmadik országbeli vagy adószám nélküli)",
        "en": "other (third country, or without a tax number)",
    },
    "table.empty": {"hu": "(nincs adat)", "en": "(no rows)"},
}
