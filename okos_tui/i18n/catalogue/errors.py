"""Refusals of the business rules, the product import, and the words for kinds and statuses."""

from okos_tui.i18n.types import Catalogue

MESSAGES: Catalogue = {
    "error.bad_line_item": {
        "hu": "hibás tétel: {item!r} (várt alak: CIKKSZÁM=MENNYISÉG vagy CIKKSZÁM=MENNYISÉG@ÁR)",
        "en": "bad item: {item!r} (expected SKU=QUANTITY or SKU=QUANTITY@PRICE)",
    },
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
    "error.vat_without_ground": {
        "hu": "a(z) {number} rendelés „{name}” tételének áfakódja {code}: ennek nincs "
        "jogalapja (belföldön nincs 0%-os kulcs). Adjon neki adómentes vagy áfa hatályán "
        "kívüli kódot (pl. TAM, ATK), vagy a webáruház 0%-os adóosztályát képezze le a "
        '[shops.vat_map] táblában (pl. ATK = "0 %")',
        "en": "the VAT code of line “{name}” of order {number} is {code}, which has no legal "
        "ground (Hungary has no 0% rate). Give it an exempt or out-of-scope code (e.g. TAM, "
        'ATK), or map the shop\'s 0% tax class in [shops.vat_map] (e.g. ATK = "0 %")',
    },
    "error.buyer_tax_number": {
        "hu": "a(z) {number} rendelés vevőjének adószáma hibás: {problem}. Javítsa számlázás "
        "előtt: okos order edit {number} --tax-number ADÓSZÁM (vagy a rendelés szerkesztőjében)",
        "en": "the buyer's tax number of order {number} is wrong: {problem}. Correct it first: "
        "okos order edit {number} --tax-number NUMBER (or in the order editor)",
    },
    "error.tax_number_format": {
        "hu": "{tax_number}: nem adószám (magyar: 12345676-2-41, uniós: országkód és szám, "
        "pl. DE123456789)",
        "en": "{tax_number}: not a tax number (Hungarian: 12345676-2-41, EU: a country code and "
        "the number, e.g. DE123456789)",
    },
    "error.tax_number_check_digit": {
        "hu": "{tax_number}: az adószám ellenőrző számjegye (8.) hibás, elírás?",
        "en": "{tax_number}: the check digit (8th) of the tax number is wrong, a typo?",
    },
    "error.eu_vat_format": {
        "hu": "{tax_number}: nem érvényes formájú uniós (közösségi) adószám",
        "en": "{tax_number}: not a well-formed EU VAT number",
    },
    "error.no_payment_method": {
        "hu": "a(z) {number} rendelésnek nincs fizetési módja: számlázás előtt adja meg "
        "(okos order edit {number} --payment MÓD, vagy a rendelés szerkesztőjében)",
        "en": "order {number} has no payment method: set one before invoicing "
        "(okos order edit {number} --payment METHOD, or in the order editor)",
    },
    "error.buyer_address_missing": {
        "hu": "a(z) {number} rendelés vevője adószámos, de a számlázási címe hiányos "
        "(irányítószám, település, utca): adja meg számlázás előtt (okos order edit {number} "
        "--billing-postcode ... --billing-city ... --billing-street ..., vagy a szerkesztőben)",
        "en": "the buyer of order {number} has a tax number but an incomplete billing address "
        "(postcode, city, street): complete it first (okos order edit {number} "
        "--billing-postcode ... --billing-city ... --billing-street ..., or in the editor)",
    },
    "error.taxpayer_invalid": {
        "hu": "{tax_number}: a NAV szerint ez nem érvényes adószám (megszűnt vagy nem létező "
        "adóalany); semmi nem változott",
        "en": "{tax_number}: NAV does not know this as a valid tax number (a taxpayer that "
        "ended or does not exist); nothing was changed",
    },
    "nav.fatal": {
        "hu": "a NAV elutasította a kérést ({error}): {check}",
        "en": "NAV refused the request ({error}): {check}",
    },
    "nav.check.user": {
        "hu": "ellenőrizze a [nav] login és password_env (vagy password_file) beállítást",
        "en": "check [nav] login and password_env (or password_file)",
    },
    "nav.check.signature": {
        "hu": "ellenőrizze a [nav] signature_key_env (aláírókulcs) beállítást",
        "en": "check [nav] signature_key_env (the signature key)",
    },
    "nav.check.exchange": {
        "hu": "ellenőrizze a [nav] exchange_key_env (cserekulcs) beállítást",
        "en": "check [nav] exchange_key_env (the exchange key)",
    },
    "nav.check.taxpayer": {
        "hu": "a [company] tax_number adózójáé legyen a technikai felhasználó ([nav] login), és "
        "az adózó legyen regisztrálva az Online Számlában",
        "en": "the technical user ([nav] login) must belong to the taxpayer of [company] "
        "tax_number, registered in Online Számla",
    },
    "nav.check.rights": {
        "hu": "a technikai felhasználónak legyen számlabejelentési joga (NAV webes felülete)",
        "en": "the technical user needs the right to report invoices (NAV's web UI)",
    },
    "error.nav_not_done": {
        "hu": "a(z) {number} számla nincs befogadott (DONE) bejelentéssel a NAV-nál: nincs mit "
        "érvényteleníteni",
        "en": "invoice {number} has no DONE report at NAV: there is nothing to annul",
    },
    "error.nav_data": {
        "hu": "a(z) {number} számla nem írható le NAV adatmodelljében: {problem}",
        "en": "invoice {number} does not fit NAV's data model: {problem}",
    },
    "error.no_exchange_rate": {
        "hu": "nincs {currency} árfolyam {date} napra vagy korábbra: adja meg így: okos rate "
        "set {currency} ÁRFOLYAM --date {date}",
        "en": "no {currency} exchange rate for {date} or earlier: set one with okos rate set "
        "{currency} RATE --date {date}",
    },
    "error.bad_currency": {
        "hu": "{currency}: nem pénznemkód (három betű, pl. EUR; a forinté mindig 1)",
        "en": "{currency}: not a currency code (three letters, e.g. EUR; HUF is always 1)",
    },
    "error.unknown_country": {
        "hu": "{country}: ismeretlen ország; adja meg kétbetűs ISO kóddal (pl. HU, AT, DE)",
        "en": "{country}: unknown country; give its two-letter ISO code (e.g. HU, AT, DE)",
    },
    "error.bad_date": {
        "hu": "{field}: nem dátum: {value} (ÉÉÉÉ-HH-NN, pl. 2026-03-02)",
        "en": "{field}: not a date: {value} (YYYY-MM-DD, e.g. 2026-03-02)",
    },
    "error.bad_email": {
        "hu": "{email}: nem e-mail-cím (pl. vevo@example.hu)",
        "en": "{email}: not an e-mail address (e.g. buyer@example.com)",
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
    "word.yes": {"hu": "igen", "en": "yes"},
    "word.no": {"hu": "nem", "en": "no"},
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
