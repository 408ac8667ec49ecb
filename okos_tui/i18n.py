"""The one message catalogue: every text a user reads, in Hungarian (default) and English.

Code refers to messages by key; `t(key, **params)` renders one in the current language.
"""

from __future__ import annotations

import os

LANGUAGES = ("hu", "en")
_language = os.environ.get("OKOS_LANG", "hu") if os.environ.get("OKOS_LANG") in LANGUAGES else "hu"

MESSAGES: dict[str, dict[str, str]] = {
    # configuration
    "config.no_file": {
        "hu": "Nincs beállítófájl: adja meg --config ÚTVONAL formában, állítsa be az "
        "$OKOS_CONFIG változót, vagy hozzon létre itt egy okos.toml fájlt (minta: okos.toml a "
        "projektben).",
        "en": "No configuration: give --config PATH, set $OKOS_CONFIG, or create okos.toml "
        "here (see the sample okos.toml in the project).",
    },
    "config.missing_named": {
        "hu": "a(z) {source} által megadott fájl nem létezik",
        "en": "the file named by {source} does not exist",
    },
    "config.bad_toml": {"hu": "nem érvényes TOML: {detail}", "en": "not valid TOML: {detail}"},
    "config.unreadable": {"hu": "nem olvasható: {detail}", "en": "cannot be read: {detail}"},
    "config.unknown_key": {
        "hu": "ismeretlen kulcs (ismert kulcsok: {known})",
        "en": "unknown key (known keys: {known})",
    },
    "config.missing_key": {
        "hu": "hiányzik; várt érték: {expected}",
        "en": "missing; expected {expected}",
    },
    "config.wrong_value": {
        "hu": "várt érték: {expected}, kapott: {got}",
        "en": "expected {expected}, got {got}",
    },
    "config.duplicate_warehouse": {
        "hu": "a(z) {code} raktárkód kétszer szerepel",
        "en": "warehouse code {code} appears twice",
    },
    "config.expect.text": {"hu": "szöveg", "en": "a text"},
    "config.expect.bool": {"hu": "true vagy false", "en": "true or false"},
    "config.expect.table": {"hu": "[{name}] tábla", "en": "a [{name}] table"},
    "config.expect.path": {"hu": "fájl útvonala", "en": "a file path"},
    "config.expect.company_name": {"hu": "az eladó neve", "en": "the seller's name"},
    "config.expect.tax_number": {
        "hu": "magyar adószám, pl. 12345678-2-08",
        "en": "a Hungarian tax number like 12345678-2-08",
    },
    "config.expect.warehouses": {
        "hu": "legalább egy [[warehouses]] tábla code és name kulccsal",
        "en": "at least one [[warehouses]] table with code and name",
    },
    "config.expect.warehouse_code": {
        "hu": "nagybetűkből és számjegyekből álló kód (pl. MAIN)",
        "en": "a code of capital letters and digits (e.g. MAIN)",
    },
    "config.expect.prefix": {
        "hu": "1-8 nagybetű vagy számjegy, betűvel kezdve",
        "en": "1-8 capital letters or digits, starting with a letter",
    },
    "config.expect.language": {"hu": '"hu" vagy "en"', "en": '"hu" or "en"'},
    "config.expect.company": {
        "hu": "[company] tábla name kulccsal",
        "en": "a [company] table with name",
    },
    "config.secret_env_missing": {
        "hu": "a(z) ${env} környezeti változó nincs beállítva vagy üres",
        "en": "the environment variable ${env} is not set or empty",
    },
    "config.secret_file_unreadable": {
        "hu": "a titkot tartalmazó fájl nem olvasható ({file}): {detail}",
        "en": "the secret file cannot be read ({file}): {detail}",
    },
    "config.secret_file_empty": {
        "hu": "a titkot tartalmazó fájl üres: {file}",
        "en": "the secret file is empty: {file}",
    },
    "config.secret_missing": {
        "hu": "hiányzik a titok: adja meg ..._env (környezeti változó) vagy ..._file formában",
        "en": "the secret is missing: give it as ..._env (environment variable) or ..._file",
    },
    "config.secret_twice": {
        "hu": "ezek közül csak egy adható meg: {keys}",
        "en": "give only one of: {keys}",
    },
    "config.plain_secret": {
        "hu": "Figyelem: a(z) {key} titok nyílt szövegként áll az okos.toml-ban; tegye inkább "
        "környezeti változóba ({env_key}).",
        "en": "Warning: the secret {key} is written in okos.toml in plain text; prefer an "
        "environment variable ({env_key}).",
    },
    "config.unknown_shop": {
        "hu": "nincs ilyen bolt: {name} (ismert: {known})",
        "en": "no such shop: {name} (known: {known})",
    },
    "config.duplicate_shop": {
        "hu": "a(z) {name} bolt kétszer szerepel",
        "en": "shop {name} appears twice",
    },
    "config.prefix_taken": {
        "hu": "a(z) {prefix} előtagot már a(z) {other} használja: "
        "minden bolt saját sorszámtömböt kap",
        "en": "prefix {prefix} is already used by {other}: every shop gets its own numbering block",
    },
    "config.unknown_warehouse": {
        "hu": "ismeretlen raktár: {code} (ismert: {known})",
        "en": "unknown warehouse: {code} (known: {known})",
    },
    "config.expect.positive_int": {"hu": "pozitív egész szám", "en": "a positive whole number"},
    "config.expect.positive": {"hu": "pozitív szám", "en": "a positive number"},
    "config.expect.shops": {"hu": "[[shops]] táblák", "en": "[[shops]] tables"},
    "config.expect.shop_name": {
        "hu": "kisbetűs név (a-z, 0-9, - és _), pl. webshop",
        "en": "a lower-case name (a-z, 0-9, - and _), e.g. webshop",
    },
    "config.expect.push_price": {
        "hu": '"list", "purchase", "pricelist:NÉV" vagy "none"',
        "en": '"list", "purchase", "pricelist:NAME" or "none"',
    },
    "config.expect.warehouse_list": {
        "hu": 'raktárkódok listája, pl. ["MAIN"]',
        "en": 'a list of warehouse codes, e.g. ["MAIN"]',
    },
    "config.expect.due_days": {
        "hu": "0 és 365 közötti egész szám",
        "en": "a whole number from 0 to 365",
    },
    "config.expect.port": {"hu": "portszám (1-65535)", "en": "a port number (1-65535)"},
    "config.expect.email": {"hu": "e-mail cím", "en": "an e-mail address"},
    "config.expect.host": {"hu": "a levelezőszerver neve", "en": "the mail server's host name"},
    "config.bad_template": {"hu": "hibás sablon: {detail}", "en": "bad template: {detail}"},
    "config.unknown_placeholder": {
        "hu": "ismeretlen helyettesítő: {names} (ismert: {known})",
        "en": "unknown placeholder: {names} (known: {known})",
    },
    "config.expect.keys": {
        "hu": 'billentyű(k), pl. "f5" vagy "f5,ctrl+r"',
        "en": 'key(s), e.g. "f5" or "f5,ctrl+r"',
    },
    "config.expect.command": {
        "hu": 'parancs, pl. "lpr -P raktar" vagy ["lpr", "-P", "raktar"]',
        "en": 'a command, e.g. "lpr -P store" or ["lpr", "-P", "store"]',
    },
    "config.expect.url": {"hu": "http(s):// kezdetű cím", "en": "an http(s):// address"},
    # command line
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
    "cli.bad_line_item": {
        "hu": "hibás tétel: {item!r} (várt alak: CIKKSZÁM=MENNYISÉG vagy CIKKSZÁM=MENNYISÉG@ÁR)",
        "en": "bad item: {item!r} (expected SKU=QUANTITY or SKU=QUANTITY@PRICE)",
    },
    "cli.no_items": {"hu": "nincs megadva tétel", "en": "no items given"},
    "cli.document_created": {
        "hu": "{number} rögzítve ({lines} tétel).",
        "en": "{number} recorded ({lines} items).",
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
        "en": "{created} new and {updated} updated products; opening stock: {opening} items "
        "({document}); opening stock already recorded and skipped: {skipped}.",
    },
    "cli.import_failed": {
        "hu": "A(z) {file} nem került betöltésre, {count} hibás sor:",
        "en": "{file} was not imported, {count} bad rows:",
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
    "demo.bye": {"hu": "A demó adatai itt maradtak: {folder}", "en": "The demo's data stay here: {folder}"},
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
    "service.shipping": {"hu": "Szállítási díj", "en": "Shipping fee"},
    "service.payment": {"hu": "Kezelési költség", "en": "Handling fee"},
    "service.coupon": {"hu": "Kupon kedvezmény", "en": "Coupon discount"},
    "service.loyalty": {"hu": "Hűségpont beváltás", "en": "Loyalty points redeemed"},
    "sync.header_note": {
        "hu": "Webáruházi rendelésszám: {number}",
        "en": "Shop order number: {number}",
    },
    "sync.unknown_vat": {
        "hu": "ismeretlen ÁFA-kulcs: {rate} (vegye fel az ÁFA-kulcsok közé, majd szinkronizáljon újra)",
        "en": "unknown VAT rate: {rate} (add it to the VAT rates, then sync again)",
    },
    "sync.no_lines": {"hu": "a rendelésnek nincs tétele", "en": "the order has no lines"},
    "sync.comment_truncated": {
        "hu": "#{number}: a vevő megjegyzése {length} karakter volt, levágva",
        "en": "#{number}: the customer's comment had {length} characters and was truncated",
    },
    "sync.no_total": {
        "hu": "#{number}: a rendelésnek nincs TOTAL végösszege, nem egyeztethető",
        "en": "#{number}: the order has no TOTAL row and cannot be reconciled",
    },
    "sync.total_mismatch": {
        "hu": "#{number}: a tételek összege {local}, a webáruház végösszege {shop} (eltérés: {difference})",
        "en": "#{number}: the lines add up to {local}, the shop's total is {shop} (difference: {difference})",
    },
    "sync.changed_in_shop": {
        "hu": "#{number} ({local}) a letöltés után módosult a webáruházban ({when}; státusz: {status}, "
        "végösszeg: {total})",
        "en": "#{number} ({local}) changed in the shop after download ({when}; status: {status}, "
        "total: {total})",
    },
    "sync.skipped": {"hu": "#{number} kihagyva: {reason}", "en": "#{number} skipped: {reason}"},
    "sync.shop_error": {
        "hu": "{shop}: a bolt hibát adott: {detail}",
        "en": "{shop}: the shop answered with an error: {detail}",
    },
    "sync.auth_failed": {
        "hu": "{shop}: a bolt nem fogadta el a hozzáférési adatokat; ellenőrizze a client_id, a titok és a token_url beállítást ({detail})",
        "en": "{shop}: the shop refused the credentials; check client_id, the secret and token_url ({detail})",
    },
    "sync.unreachable": {
        "hu": "{shop}: a bolt nem érhető el; ellenőrizze az api_url címet és a hálózatot ({detail})",
        "en": "{shop}: the shop cannot be reached; check api_url and the network ({detail})",
    },
    "sync.config_error": {
        "hu": "{shop}: beállítási hiba: {detail}",
        "en": "{shop}: configuration error: {detail}",
    },
    "sync.interrupted": {
        "hu": "{shop}: a szinkron leállítás miatt megszakadt; a már letöltött rendelések megmaradnak, a többi a következő szinkronnal jön",
        "en": "{shop}: the sync was interrupted by a stop; the orders downloaded so far are kept, the rest come with the next sync",
    },
    "sync.failed": {
        "hu": "{shop}: a szinkron váratlan hibával leállt ({detail}); a már letöltött rendelések megmaradnak",
        "en": "{shop}: the sync stopped on an unexpected error ({detail}); the orders downloaded so far are kept",
    },
    "sync.import_failed": {
        "hu": "váratlan hiba a rendelés átvételekor ({detail}); a következő szinkron újra megpróbálja",
        "en": "unexpected error importing the order ({detail}); the next sync tries it again",
    },
    "sync.bad_page": {
        "hu": "{shop}: a bolt rendelés-listája nem JSON objektum ({detail}); ellenőrizze az api_url címet",
        "en": "{shop}: the shop's order list is not a JSON object ({detail}); check api_url",
    },
    "sync.bad_field": {"hu": "hibás mező: {detail}", "en": "bad field: {detail}"},
    "sync.no_shops": {"hu": "nincs [[shops]] bolt beállítva", "en": "no [[shops]] configured"},
    "sync.summary": {
        "hu": "{shop}: {imported} új rendelés{numbers}, {flagged} megjelölt, {skipped} kihagyott; {requests} kérés",
        "en": "{shop}: {imported} new orders{numbers}, {flagged} flagged, {skipped} skipped; {requests} requests",
    },
    "sync.busy_elsewhere": {
        "hu": "Egy bolt szinkronja éppen máshol fut (másik ablak vagy folyamat); próbálja újra később.",
        "en": "A shop is being synced elsewhere right now (another window or process); try again later.",
    },
    "sync.busy": {
        "hu": "{shop}: a szinkron máshol fut, most kimarad",
        "en": "{shop}: being synced elsewhere, skipped this time",
    },
    "sync.new_orders": {"hu": "{shop}: {count} új rendelés", "en": "{shop}: {count} new orders"},
    "sync.foreground": {
        "hu": "Időzített szinkron fut; leállítás: Ctrl+C",
        "en": "Timed sync running; stop with Ctrl+C",
    },
    "sync.stopped": {"hu": "Szinkron leállítva.", "en": "Sync stopped."},
    "sync.status.running": {"hu": "fut / megszakadt", "en": "running / interrupted"},
    "sync.status.ok": {"hu": "rendben", "en": "ok"},
    "sync.status.failed": {"hu": "hiba", "en": "failed"},
    "col.started": {"hu": "Kezdete", "en": "Started"},
    "col.finished": {"hu": "Vége", "en": "Finished"},
    "col.imported": {"hu": "Új", "en": "New"},
    "col.flagged": {"hu": "Megjelölt", "en": "Flagged"},
    "col.skipped": {"hu": "Kihagyott", "en": "Skipped"},
    "col.warnings": {"hu": "Figyelmeztetések", "en": "Warnings"},
    "col.errors": {"hu": "Hibák", "en": "Errors"},
    "push.missing_skus": {
        "hu": "{shop}: {count} termék nincs meg a webáruházban (cikkszám szerint), ezeket nem küldjük: {skus}",
        "en": "{shop}: {count} products are not in the shop (by SKU) and are not pushed: {skus}",
    },
    "push.failed": {
        "hu": "{shop}: a készlet/ár küldése most nem sikerült, a következő körben újra: {detail}",
        "en": "{shop}: the stock/price push failed this time and is retried next cycle: {detail}",
    },
    "push.no_shops": {
        "hu": "egyik boltnál sincs bekapcsolva a push_stock",
        "en": "no shop has push_stock turned on",
    },
    "push.disabled": {
        "hu": "a(z) {shop} boltnál a push_stock nincs bekapcsolva",
        "en": "push_stock is off for shop {shop}",
    },
    "push.summary": {
        "hu": "{shop}: {pushed} termék elküldve, {failed} hibás, {missing} hiányzik a boltból; {batches} köteg",
        "en": "{shop}: {pushed} products pushed, {failed} failed, {missing} missing in the shop; {batches} batches",
    },
    "push.unknown_tax_class": {
        "hu": "{shop}: a boltban nincs „{name}” nevű adóosztály (a(z) {vat} ÁFA-kódhoz, vat_map); az ilyen termékek árát nem küldjük, csak a készletet. Javítsa a vat_map-et, majd: okos push --full",
        "en": "{shop}: the shop has no tax class named \"{name}\" (for VAT code {vat}, vat_map); those products' prices are not pushed, only their stock. Fix vat_map, then run: okos push --full",
    },
    "push.unknown_price_list": {
        "hu": "{shop}: nincs „{name}” nevű árlista (push_price); csak a készletet küldjük, árat nem",
        "en": "{shop}: there is no price list named \"{name}\" (push_price); only stock is pushed, no prices",
    },
    "push.no_answer": {
        "hu": "a bolt nem válaszolt erre a kötegelemre",
        "en": "the shop did not answer this batch item",
    },
    "sync.pushed": {
        "hu": "  készlet/ár: {pushed} termék elküldve, {failed} hibás",
        "en": "  stock/price: {pushed} products pushed, {failed} failed",
    },
    "col.pushed": {"hu": "Elküldve", "en": "Pushed"},
    "col.push_failed": {"hu": "Küldés hibás", "en": "Push failed"},
    "push.item_failed": {
        "hu": "{shop}: {sku} küldése nem sikerült ({error}); a következő körben újra",
        "en": "{shop}: pushing {sku} failed ({error}); retried next cycle",
    },
    "pdf.invoice": {"hu": "SZÁMLA", "en": "INVOICE"},
    "pdf.storno": {"hu": "SZTORNÓ SZÁMLA", "en": "STORNO INVOICE"},
    "pdf.number": {"hu": "Számlaszám", "en": "Invoice number"},
    "pdf.storno_of": {
        "hu": "A(z) {number} számú számla sztornója",
        "en": "Cancels invoice {number}",
    },
    "pdf.seller": {"hu": "Eladó", "en": "Seller"},
    "pdf.buyer": {"hu": "Vevő", "en": "Buyer"},
    "pdf.tax_number": {"hu": "Adószám", "en": "Tax number"},
    "pdf.bank_account": {"hu": "Bankszámlaszám", "en": "Bank account"},
    "pdf.issued_on": {"hu": "Számla kelte", "en": "Issue date"},
    "pdf.fulfilled_on": {"hu": "Teljesítés dátuma", "en": "Fulfilment date"},
    "pdf.due_on": {"hu": "Fizetési határidő", "en": "Due date"},
    "pdf.payment_method": {"hu": "Fizetési mód", "en": "Payment method"},
    "pdf.currency": {"hu": "Pénznem", "en": "Currency"},
    "pdf.order": {"hu": "Rendelésszám", "en": "Order number"},
    "pdf.shop_order": {"hu": "Webáruházi rendelésszám", "en": "Shop order number"},
    "pdf.col.name": {"hu": "Megnevezés", "en": "Description"},
    "pdf.col.quantity": {"hu": "Mennyiség", "en": "Quantity"},
    "pdf.col.unit_net": {"hu": "Nettó egységár", "en": "Net unit price"},
    "pdf.col.vat_rate": {"hu": "ÁFA kulcs", "en": "VAT rate"},
    "pdf.col.net": {"hu": "Nettó érték", "en": "Net"},
    "pdf.col.vat": {"hu": "ÁFA érték", "en": "VAT"},
    "pdf.col.gross": {"hu": "Bruttó érték", "en": "Gross"},
    "pdf.vat_summary": {"hu": "ÁFA összesítő", "en": "VAT summary"},
    "pdf.total": {"hu": "Összesen", "en": "Total"},
    "pdf.payable": {"hu": "Fizetendő", "en": "Amount payable"},
    "pdf.net_total": {"hu": "Nettó összesen", "en": "Net total"},
    "pdf.vat_total": {"hu": "ÁFA összesen", "en": "VAT total"},
    "pdf.gross_total": {"hu": "Bruttó összesen", "en": "Gross total"},
    "pdf.aam_note": {
        "hu": "Alanyi adómentes (AAM) – az ÁFA tv. 187. § alapján.",
        "en": "VAT-exempt seller (AAM).",
    },
    "pdf.page": {"hu": "{page}. oldal", "en": "page {page}"},
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
    "email.unsent": {"hu": "nincs elküldve", "en": "unsent"},
    "email.sending": {"hu": "küldés alatt", "en": "sending"},
    "email.sent": {"hu": "elküldve", "en": "sent"},
    "email.failed": {"hu": "hiba", "en": "failed"},
    "email.skipped": {"hu": "kihagyva", "en": "skipped"},
    "email.uncertain": {"hu": "bizonytalan, ellenőrizendő", "en": "uncertain, to be checked"},
    "email.dry-run": {"hu": "próba, nem ment el", "en": "dry run, not sent"},
    "col.email_status": {"hu": "E-mail", "en": "E-mail"},
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
    "cli.stuck_sending": {
        "hu": "Figyelem: a(z) {number} küldése megszakadt (küldés alatt maradt); ellenőrizze, megkapta-e a vevő, majd: okos invoice email --resend {number}",
        "en": "Warning: sending {number} was interrupted (left 'sending'); check whether the customer got it, then: okos invoice email --resend {number}",
    },
    "cli.email_summary": {
        "hu": "{sent} elküldve, {failed} hibás, {skipped} kihagyva.",
        "en": "{sent} sent, {failed} failed, {skipped} skipped.",
    },
    "cli.cart_size": {
        "hu": "A kosárban {count} rendelés van.",
        "en": "{count} orders in the cart.",
    },
    "cli.cart_total": {
        "hu": "{count} rendelés, összesen {total}",
        "en": "{count} orders, total {total}",
    },
    # terminal UI
    "ui.title": {"hu": "okos – ügyvitel", "en": "okos – back office"},
    "ui.nav.orders": {"hu": "Megrendelések", "en": "Orders"},
    "ui.nav.fulfillable": {"hu": "Teljesíthető", "en": "Fulfillable"},
    "ui.nav.stock": {"hu": "Készlet", "en": "Stock"},
    "ui.nav.cart": {"hu": "Kosár", "en": "Cart"},
    "ui.nav.mailbox": {"hu": "Demó levelek", "en": "Demo mails"},
    "ui.screen.orders": {"hu": "Megrendelések", "en": "Orders"},
    "ui.screen.fulfillable": {"hu": "Teljesíthető rendelések", "en": "Fulfillable orders"},
    "ui.screen.stock": {"hu": "Készletek mennyiségi vizsgálata", "en": "Stock analysis"},
    "ui.screen.cart": {"hu": "Számlázandó rendelések (kosár)", "en": "Invoice cart"},
    "ui.sync_now": {"hu": "Szinkron", "en": "Sync now"},
    "ui.help": {"hu": "Súgó", "en": "Help"},
    "ui.quit": {"hu": "Kilépés", "en": "Quit"},
    "ui.back": {"hu": "Vissza", "en": "Back"},
    "ui.search": {"hu": "Keresés", "en": "Search"},
    "ui.search.placeholder": {
        "hu": "Keresés: rendelésszám, vevő, e-mail, webáruházi szám",
        "en": "Search: order number, customer, e-mail, shop order number",
    },
    "ui.filter_status": {"hu": "Státusz", "en": "Status"},
    "ui.filter.all": {"hu": "Mind", "en": "All"},
    "ui.open_order": {"hu": "Részletek", "en": "Details"},
    "ui.invoice": {"hu": "Számlázás", "en": "Invoice"},
    "ui.cancel_order": {"hu": "Törlés", "en": "Cancel"},
    "ui.storno": {"hu": "Sztornó", "en": "Storno"},
    "ui.edit": {"hu": "Szerkesztés", "en": "Edit"},
    "ui.save": {"hu": "Mentés", "en": "Save"},
    "ui.select.toggle": {"hu": "Kijelöl", "en": "Select"},
    "ui.select.extend_down": {"hu": "Kijelölés lefelé", "en": "Extend down"},
    "ui.select.extend_up": {"hu": "Kijelölés felfelé", "en": "Extend up"},
    "ui.select.all": {"hu": "Mind", "en": "All"},
    "ui.select.fulfillable": {"hu": "Teljesíthetők", "en": "Fulfillable"},
    "ui.select.unfulfillable": {"hu": "Nem teljesíthetők", "en": "Unfulfillable"},
    "ui.select.clear": {"hu": "Kijelölés törlése", "en": "Clear"},
    "ui.picking": {"hu": "Szedőlista", "en": "Picking"},
    "ui.procurement": {"hu": "Beszerzendő", "en": "Procurement"},
    "ui.packing_pdf": {"hu": "Csomagolási PDF", "en": "Packing PDF"},
    "ui.to_cart": {"hu": "Kosárba", "en": "To cart"},
    "ui.warehouse": {"hu": "Raktár", "en": "Warehouse"},
    "ui.all_warehouses": {"hu": "minden raktár", "en": "all warehouses"},
    "ui.to_procure_only": {"hu": "Csak beszerzendő", "en": "To procure only"},
    "ui.supplier_columns": {"hu": "Szállító oszlopok", "en": "Supplier columns"},
    "ui.export": {"hu": "CSV export", "en": "CSV export"},
    "ui.remove": {"hu": "Kivétel", "en": "Remove"},
    "ui.invoice_all": {"hu": "Számlázás", "en": "Invoice"},
    "ui.email": {"hu": "E-mail küldés", "en": "Send e-mails"},
    "ui.view_pdf": {"hu": "Számla megtekintése", "en": "View invoice"},
    "ui.print_pdf": {"hu": "Nyomtatás", "en": "Print"},
    # short texts for the footer (80 columns); the help shows the long ones above
    "ui.packing_pdf.key": {"hu": "Csomagolás", "en": "Packing"},
    "ui.procurement.key": {"hu": "Beszerzés", "en": "Procure"},
    "ui.procurement.help": {"hu": "Beszerzési lista", "en": "Procurement list"},
    "ui.email.key": {"hu": "E-mail", "en": "E-mail"},
    "ui.view_pdf.key": {"hu": "Megtekintés", "en": "View"},
    "ui.busy": {
        "hu": "Még fut az előző művelet (számlázás vagy e-mail küldés): várja meg a végét.",
        "en": "Still busy with the last run (invoicing or e-mails): wait for it to finish.",
    },
    "ui.order.title": {"hu": "Megrendelés {number}", "en": "Order {number}"},
    "ui.email_status.unsent": {"hu": "nincs", "en": "unsent"},
    "ui.email_status.sending": {"hu": "küldés…", "en": "sending"},
    "ui.email_status.sent": {"hu": "elküldve", "en": "sent"},
    "ui.email_status.failed": {"hu": "hiba", "en": "failed"},
    # compact column titles of the screens' tables (80 columns)
    "ui.col.order_number": {"hu": "Rendelés", "en": "Order"},
    "ui.col.fulfillable": {"hu": "Telj.", "en": "Ready"},
    "ui.col.created": {"hu": "Létrehozva", "en": "Created"},
    "ui.col.shop_order_id": {"hu": "Webshop", "en": "Shop no."},
    "ui.col.unit_net": {"hu": "Egységár", "en": "Unit net"},
    "ui.col.vat_rate": {"hu": "ÁFA", "en": "VAT"},
    "ui.col.net": {"hu": "Nettó", "en": "Net"},
    "ui.col.gross": {"hu": "Bruttó", "en": "Gross"},
    "ui.col.quantity": {"hu": "Menny.", "en": "Qty"},
    "ui.col.unit": {"hu": "Me.", "en": "Unit"},
    "ui.col.kind": {"hu": "Típus", "en": "Kind"},
    "ui.col.needed": {"hu": "Kell", "en": "Need"},
    "ui.col.available": {"hu": "Van", "en": "Have"},
    "ui.col.incoming": {"hu": "Jön", "en": "Coming"},
    "ui.col.to_procure": {"hu": "Beszerz.", "en": "To buy"},
    "ui.col.supplier_sku": {"hu": "Sz. kód", "en": "Sup. SKU"},
    "ui.yes": {"hu": "Igen", "en": "Yes"},
    "ui.no": {"hu": "Nem", "en": "No"},
    "ui.selection": {
        "hu": "Kijelölve: {count} rendelés, {total}",
        "en": "Selected: {count} orders, {total}",
    },
    "ui.counts": {
        "hu": "{fulfillable} teljesíthető, {unfulfillable} nem teljesíthető",
        "en": "{fulfillable} fulfillable, {unfulfillable} not fulfillable",
    },
    "ui.nothing_selected": {
        "hu": "Nincs kijelölt rendelés (szóköz: kijelölés).",
        "en": "No order selected (space: select).",
    },
    "ui.new_orders": {"hu": "{shop}: {count} új rendelés", "en": "{shop}: {count} new orders"},
    "ui.sync.no_shops": {
        "hu": "Nincs webáruház beállítva (helyi adatok)",
        "en": "No shop configured (local data)",
    },
    "ui.sync.running": {"hu": "szinkron fut…", "en": "syncing…"},
    "ui.sync.last": {"hu": "utolsó szinkron {when}", "en": "last sync {when}"},
    "ui.sync.never": {"hu": "még nem volt szinkron", "en": "not synced yet"},
    "ui.sync.next": {"hu": "következő {when}", "en": "next {when}"},
    "ui.sync.started": {"hu": "Szinkron indul…", "en": "Sync started…"},
    "ui.sync.busy": {"hu": "{shop}: a szinkron máshol fut", "en": "{shop}: being synced elsewhere"},
    "ui.confirm.cancel_order": {
        "hu": "Biztosan törli a(z) {number} megrendelést? A foglalás megszűnik.",
        "en": "Cancel order {number}? Its reservation is released.",
    },
    "ui.confirm.storno": {
        "hu": "Biztosan sztornózza a(z) {number} számlát? A rendelés újra nyitott lesz.",
        "en": "Cancel invoice {number} with a storno invoice? The order becomes open again.",
    },
    "ui.confirm.invoice": {
        "hu": "Kiállítja a számlát a(z) {number} megrendelésre?",
        "en": "Issue the invoice for order {number}?",
    },
    "ui.confirm.customer": {"hu": "Vevő: {name}", "en": "Customer: {name}"},
    "ui.confirm.invoice_many": {"hu": "Kiállít {count} számlát?", "en": "Issue {count} invoices?"},
    "ui.confirm.email": {
        "hu": "Elküld {count} számlát e-mailben?",
        "en": "Send {count} invoices by e-mail?",
    },
    "ui.done.invoiced": {"hu": "{order}: {invoice} kiállítva", "en": "{order}: {invoice} issued"},
    "ui.done.cancelled": {"hu": "{number} törölve", "en": "{number} cancelled"},
    "ui.done.storno": {
        "hu": "{number} sztornó számla kiállítva",
        "en": "storno invoice {number} issued",
    },
    "ui.done.saved": {"hu": "{number} mentve", "en": "{number} saved"},
    "ui.done.to_cart": {
        "hu": "{count} rendelés a kosárban",
        "en": "{count} orders added to the cart",
    },
    "ui.done.exported": {"hu": "Exportálva: {path}", "en": "Exported: {path}"},
    "ui.done.packing": {"hu": "Csomagolási PDF: {path}", "en": "Packing PDF: {path}"},
    "ui.done.printed": {"hu": "Nyomtatásra küldve: {path}", "en": "Sent to the printer: {path}"},
    "ui.no_print_command": {
        "hu": "Nincs nyomtatóparancs ([ui] print_command).",
        "en": "No print command ([ui] print_command).",
    },
    "ui.invoice_progress": {"hu": "Számlázás: {done}/{total}", "en": "Invoicing: {done}/{total}"},
    "ui.email_progress": {"hu": "E-mail: {done}/{total}", "en": "E-mail: {done}/{total}"},
    "ui.result.invoice_ok": {"hu": "✓ {order} → {invoice}", "en": "✓ {order} → {invoice}"},
    "ui.result.invoice_failed": {"hu": "✗ {order}: {error}", "en": "✗ {order}: {error}"},
    "ui.result.email": {
        "hu": "{mark} {number} → {recipient}: {status}",
        "en": "{mark} {number} → {recipient}: {status}",
    },
    "ui.cart.empty": {
        "hu": "A kosár üres. A Teljesíthető rendelések képernyőn: kijelölés, majd k.",
        "en": "The cart is empty. On Fulfillable orders: select, then k.",
    },
    "ui.nothing_to_send": {
        "hu": "Nincs elküldendő számla.",
        "en": "No invoice waiting to be sent.",
    },
    "ui.unsent_invoices": {"hu": "Elküldetlen számlák: {count}", "en": "Unsent invoices: {count}"},
    "ui.order.lines": {"hu": "Tételek", "en": "Lines"},
    "ui.order.invoices": {"hu": "Számlák", "en": "Invoices"},
    "ui.order.review": {"hu": "Figyelem", "en": "Attention"},
    "ui.edit.title": {"hu": "{number} szerkesztése", "en": "Edit {number}"},
    "ui.edit.add": {"hu": "Új tétel (cikkszám=mennyiség)", "en": "New line (SKU=quantity)"},
    "ui.edit.remove": {"hu": "Tétel törlése", "en": "Remove line"},
    "ui.palette": {"hu": "Parancsok", "en": "Commands"},
    "ui.key.cursor_up": {"hu": "Fel", "en": "Up"},
    "ui.key.cursor_down": {"hu": "Le", "en": "Down"},
    "ui.key.cursor_left": {"hu": "Balra", "en": "Left"},
    "ui.key.cursor_right": {"hu": "Jobbra", "en": "Right"},
    "ui.key.page_up": {"hu": "Oldal fel", "en": "Page up"},
    "ui.key.page_down": {"hu": "Oldal le", "en": "Page down"},
    "ui.key.page_left": {"hu": "Oldal balra", "en": "Page left"},
    "ui.key.page_right": {"hu": "Oldal jobbra", "en": "Page right"},
    "ui.key.first": {"hu": "Az elejére", "en": "To the start"},
    "ui.key.last": {"hu": "A végére", "en": "To the end"},
    "ui.key.next_field": {"hu": "Következő mező", "en": "Next field"},
    "ui.key.previous_field": {"hu": "Előző mező", "en": "Previous field"},
    "ui.help.title": {"hu": "Súgó – billentyűk", "en": "Help – keys"},
    "ui.help.intro": {
        "hu": "Számok: képernyőváltás (1 Megrendelések, 2 Teljesíthető, 3 Készlet, 4 Kosár). F5: szinkron most. Ctrl+P: parancspaletta. Esc: vissza.",
        "en": "Digits switch screens (1 Orders, 2 Fulfillable, 3 Stock, 4 Cart). F5: sync now. Ctrl+P: command palette. Esc: back.",
    },
    "ui.config_problem": {
        "hu": "Beállítási hiba: {detail}",
        "en": "Configuration problem: {detail}",
    },
    "ui.mail.to": {"hu": "Címzett", "en": "To"},
    "ui.mail.subject": {"hu": "Tárgy", "en": "Subject"},
    "ui.mail.attachments": {"hu": "Melléklet", "en": "Attachments"},
    "ui.error": {"hu": "Hiba: {detail}", "en": "Error: {detail}"},
    "pdf.packing.title": {
        "hu": "Csomagolási összesítő (szedőlista)",
        "en": "Packing summary (picking list)",
    },
    "pdf.packing.subtitle": {"hu": "{count} rendelés – {when}", "en": "{count} orders – {when}"},
    "pdf.packing.slip": {"hu": "Csomaglevél – {number}", "en": "Packing slip – {number}"},
    "pdf.packing.check": {"hu": "Kész", "en": "Done"},
    # domain errors
    "error.unknown_warehouse": {
        "hu": "ismeretlen raktár: {code}",
        "en": "unknown warehouse: {code}",
    },
    "error.ambiguous_gtin": {
        "hu": "a(z) {code} vonalkód több termékhez is tartozik: adja meg a cikkszámot",
        "en": "barcode {code} belongs to several products: give the SKU",
    },
    "error.unknown_vat": {"hu": "ismeretlen ÁFA-kulcs: {code}", "en": "unknown VAT rate: {code}"},
    "error.unknown_product": {"hu": "ismeretlen termék: {code}", "en": "unknown product: {code}"},
    "error.unknown_supplier": {
        "hu": "ismeretlen szállító: {name}",
        "en": "unknown supplier: {name}",
    },
    "error.unknown_payment_method": {
        "hu": "ismeretlen fizetési mód: {name}",
        "en": "unknown payment method: {name}",
    },
    "error.unknown_purchase_order": {
        "hu": "ismeretlen szállítói megrendelés: {number}",
        "en": "unknown purchase order: {number}",
    },
    "error.service_no_stock": {
        "hu": "{sku} szolgáltatás, nincs készlete",
        "en": "{sku} is a service and has no stock",
    },
    "error.not_a_number": {
        "hu": "{field}: nem szám: {value!r}",
        "en": "{field}: not a number: {value!r}",
    },
    "error.negative": {
        "hu": "{field}: nem lehet negatív: {value}",
        "en": "{field}: must not be negative: {value}",
    },
    "error.not_positive": {
        "hu": "{field}: nagyobbnak kell lennie nullánál: {value}",
        "en": "{field}: must be greater than zero: {value}",
    },
    "error.too_precise": {
        "hu": "{field}: legfeljebb {places} tizedesjegy adható meg: {value}",
        "en": "{field}: at most {places} decimal places: {value}",
    },
    "error.too_large": {"hu": "{field}: túl nagy: {value}", "en": "{field}: too large: {value}"},
    "error.required": {"hu": "{field}: kötelező", "en": "{field}: required"},
    "error.duplicate_item": {
        "hu": "{sku} kétszer szerepel a bizonylaton",
        "en": "{sku} appears twice on the document",
    },
    "error.stock_negative": {
        "hu": "{sku} készlete a(z) {warehouse} raktárban negatív lenne: {current} + ({change}) "
        "= {result}",
        "en": "stock of {sku} in {warehouse} would go negative: {current} + ({change}) = {result}",
    },
    "error.purchase_not_open": {
        "hu": "a(z) {number} szállítói megrendelés nem nyitott ({status})",
        "en": "purchase order {number} is not open ({status})",
    },
    "error.not_on_purchase_order": {
        "hu": "{sku} nem szerepel a(z) {number} szállítói megrendelésen",
        "en": "{sku} is not on purchase order {number}",
    },
    "error.over_receipt": {
        "hu": "{sku}: több érkezne ({quantity}), mint ami még hátravan ({remaining})",
        "en": "{sku}: receiving {quantity} but only {remaining} is still expected",
    },
    "error.nothing_to_receive": {
        "hu": "a(z) {number} szállítói megrendelésen nincs hátralévő mennyiség",
        "en": "nothing is left to receive on purchase order {number}",
    },
    "error.bad_text": {
        "hu": "{field}: legfeljebb {limit} karakter, vezérlőkarakterek nélkül",
        "en": "{field}: at most {limit} characters, no control characters",
    },
    "error.bad_gtin": {
        "hu": "gtin: 8, 12, 13 vagy 14 számjegy kell: {value!r}",
        "en": "gtin: 8, 12, 13 or 14 digits expected: {value!r}",
    },
    "error.bad_flag": {
        "hu": "{field}: igen/nem (yes/no, 1/0) várt, kapott: {value!r}",
        "en": "{field}: yes/no (igen/nem, 1/0) expected, got {value!r}",
    },
    "error.service_line_incomplete": {
        "hu": "{line}: cikkszám nélküli (szolgáltatás) tételhez megnevezés és nettó ár kell",
        "en": "{line}: a line without SKU (a service) needs a name and a net price",
    },
    "error.unknown_order": {
        "hu": "ismeretlen megrendelés: {number}",
        "en": "unknown order: {number}",
    },
    "error.order_not_open": {
        "hu": "a(z) {number} megrendelés nem nyitott (státusz: {status})",
        "en": "order {number} is not open (status: {status})",
    },
    "error.order_not_invoiced": {
        "hu": "a(z) {number} megrendelés nem számlázott (státusz: {status})",
        "en": "order {number} is not invoiced (status: {status})",
    },
    "error.order_status_not_allowed": {
        "hu": "a(z) {number} megrendelés itt nem használható (státusz: {status})",
        "en": "order {number} cannot be used here (status: {status})",
    },
    "error.not_on_order": {
        "hu": "{sku} nem szerepel a(z) {number} megrendelésen",
        "en": "{sku} is not on order {number}",
    },
    "error.order_without_lines": {
        "hu": "a(z) {number} megrendelés nem maradhat tétel nélkül (töröljük inkább a rendelést)",
        "en": "order {number} cannot be left without lines (cancel the order instead)",
    },
    "error.bad_order_file": {
        "hu": "hibás rendelésfájl ({file}): {detail}",
        "en": "bad order file ({file}): {detail}",
    },
    "error.seller_tax_number_missing": {
        "hu": "az eladó adószáma hiányzik: adja meg az okos.toml [company] tax_number kulcsában",
        "en": "the seller's tax number is missing: set [company] tax_number in okos.toml",
    },
    "error.unknown_invoice": {
        "hu": "ismeretlen számla: {number}",
        "en": "unknown invoice: {number}",
    },
    "error.storno_of_storno": {
        "hu": "a(z) {number} sztornó számla, az nem sztornózható",
        "en": "{number} is a storno invoice and cannot be cancelled",
    },
    "error.already_cancelled": {
        "hu": "a(z) {number} számlát már sztornózták",
        "en": "invoice {number} has already been cancelled",
    },
    "error.smtp_missing": {
        "hu": "nincs [smtp] beállítás az okos.toml-ban",
        "en": "there is no [smtp] section in okos.toml",
    },
    "error.already_sent": {
        "hu": "a(z) {number} számlát már elküldtük",
        "en": "invoice {number} has already been sent",
    },
    # product import
    "import.failed": {"hu": "a fájl nem került betöltésre", "en": "the file was not imported"},
    "import.not_csv": {
        "hu": "nem olvasható CSV: {detail}",
        "en": "not a readable CSV file: {detail}",
    },
    "import.not_utf8": {
        "hu": "a fájl nem UTF-8 kódolású ({detail})",
        "en": "the file is not UTF-8 encoded ({detail})",
    },
    "import.empty": {"hu": "a fájl üres", "en": "the file is empty"},
    "import.missing_columns": {
        "hu": "hiányzó kötelező oszlop(ok): {columns}",
        "en": "missing required column(s): {columns}",
    },
    "import.unknown_columns": {
        "hu": "ismeretlen oszlop(ok): {columns} (ismert: {known})",
        "en": "unknown column(s): {columns} (known: {known})",
    },
    "import.duplicate_column": {
        "hu": "kétszer szereplő oszlop: {column}",
        "en": "column appears twice: {column}",
    },
    "import.wrong_field_count": {
        "hu": "{found} mező a fejléc {expected} oszlopa helyett",
        "en": "{found} fields instead of the header's {expected} columns",
    },
    "import.bad_row": {"hu": "{line}. sor: {reason}", "en": "line {line}: {reason}"},
    "import.duplicate_sku": {
        "hu": "a(z) {sku} cikkszám már szerepelt a(z) {first}. sorban",
        "en": "SKU {sku} already appeared on line {first}",
    },
    "import.opening_without_warehouse": {
        "hu": "opening_qty nem adható meg szolgáltatásnál",
        "en": "opening_qty cannot be given for a service",
    },
    # stock report columns (table format)
    "col.sku": {"hu": "Cikkszám", "en": "SKU"},
    "col.name": {"hu": "Megnevezés", "en": "Name"},
    "col.warehouse": {"hu": "Raktár", "en": "Warehouse"},
    "col.physical": {"hu": "Fizikai", "en": "Physical"},
    "col.reserved": {"hu": "Foglalt", "en": "Reserved"},
    "col.free": {"hu": "Szabad", "en": "Free"},
    "col.min_stock": {"hu": "Minimum", "en": "Minimum"},
    "col.incoming": {"hu": "Beérkező", "en": "Incoming"},
    "col.to_procure": {"hu": "Beszerzendő", "en": "To procure"},
    "col.supplier": {"hu": "Szállító", "en": "Supplier"},
    "col.supplier_sku": {"hu": "Szállítói cikkszám", "en": "Supplier SKU"},
    "col.number": {"hu": "Szám", "en": "Number"},
    "col.status": {"hu": "Státusz", "en": "Status"},
    "col.ordered_on": {"hu": "Dátum", "en": "Date"},
    "col.ordered": {"hu": "Rendelt", "en": "Ordered"},
    "col.received": {"hu": "Beérkezett", "en": "Received"},
    "col.remaining": {"hu": "Hátralévő", "en": "Remaining"},
    "col.kind": {"hu": "Bizonylat", "en": "Document"},
    "col.issued_on": {"hu": "Kelte", "en": "Date"},
    "col.quantity": {"hu": "Mennyiség", "en": "Quantity"},
    "col.balance": {"hu": "Egyenleg", "en": "Balance"},
    "col.note": {"hu": "Megjegyzés", "en": "Note"},
    "col.unit": {"hu": "Egység", "en": "Unit"},
    "col.vat": {"hu": "ÁFA", "en": "VAT"},
    "col.net_price": {"hu": "Nettó ár", "en": "Net price"},
    "col.gross_total": {"hu": "Bruttó", "en": "Gross"},
    "col.order_number": {"hu": "Rendelésszám", "en": "Order number"},
    "col.shop": {"hu": "Bolt", "en": "Shop"},
    "col.shop_order_id": {"hu": "Webáruházi szám", "en": "Shop order no."},
    "col.created": {"hu": "Létrehozva", "en": "Created"},
    "col.customer": {"hu": "Vevő", "en": "Customer"},
    "col.fulfillable": {"hu": "Teljesíthető", "en": "Fulfillable"},
    "col.missing": {"hu": "Hiányzik", "en": "Missing"},
    "col.needed": {"hu": "Szükséges", "en": "Needed"},
    "col.available": {"hu": "Elérhető", "en": "Available"},
    "col.net_total": {"hu": "Nettó", "en": "Net"},
    "col.vat_total": {"hu": "ÁFA", "en": "VAT"},
    "col.unit_net": {"hu": "Nettó egységár", "en": "Net unit price"},
    "col.vat_rate": {"hu": "ÁFA kulcs", "en": "VAT rate"},
    "col.net": {"hu": "Nettó érték", "en": "Net"},
    "col.gross": {"hu": "Bruttó érték", "en": "Gross"},
    "col.header_note": {"hu": "Felső megjegyzés", "en": "Header note"},
    "col.internal_note": {"hu": "Belső megjegyzés", "en": "Internal note"},
    "col.payment_method": {"hu": "Fizetési mód", "en": "Payment method"},
    "col.shipping_method": {"hu": "Szállítási mód", "en": "Shipping method"},
    "col.billing": {"hu": "Számlázási cím", "en": "Billing address"},
    "col.delivery": {"hu": "Szállítási cím", "en": "Delivery address"},
    "col.email": {"hu": "E-mail", "en": "E-mail"},
    "col.tax_number": {"hu": "Adószám", "en": "Tax number"},
    "word.yes": {"hu": "igen", "en": "yes"},
    "word.no": {"hu": "nem", "en": "no"},
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
    "table.empty": {"hu": "(nincs adat)", "en": "(no rows)"},
    # document kinds and statuses
    "kind.opening": {"hu": "Nyitókészlet", "en": "Opening stock"},
    "kind.goods_receipt": {"hu": "Bevételezés", "en": "Goods receipt"},
    "kind.purchase_receipt": {"hu": "Beérkezés rendelésre", "en": "Purchase receipt"},
    "kind.retail_receipt": {"hu": "Nyugta", "en": "Retail receipt"},
    "kind.adjustment": {"hu": "Készletkorrekció", "en": "Stock adjustment"},
    "kind.inventory": {"hu": "Leltár", "en": "Inventory count"},
    "kind.invoice": {"hu": "Számla", "en": "Invoice"},
    "kind.invoice_storno": {"hu": "Sztornó számla", "en": "Storno invoice"},
    "status.invoiced": {"hu": "Számlázott", "en": "Invoiced"},
    "status.cancelled": {"hu": "Törölt", "en": "Cancelled"},
    "status.open": {"hu": "Nyitott", "en": "Open"},
    "status.received": {"hu": "Beérkezett", "en": "Received"},
    "status.closed": {"hu": "Lezárt", "en": "Closed"},
}


def set_language(language: str) -> None:
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language: {language}")
    _language = language


def language() -> str:
    return _language


def t(key: str, /, **params: object) -> str:
    """Render message `key` in the current language with its named parameters."""
    return t_in(_language, key, **params)


def t_in(language: str, key: str, /, **params: object) -> str:
    """Render `key` in a given language: documents such as invoices are always Hungarian."""
    entry = MESSAGES[key]
    template = entry.get(language) or entry["hu"]
    return template.format(**params) if params else template
