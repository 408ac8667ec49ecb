"""okos.toml: what is wrong with a key and what is expected."""

from okos_tui.i18n.types import Catalogue

MESSAGES: Catalogue = {
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
        "hu": "magyar adószám, pl. 12345676-2-08",
        "en": "a Hungarian tax number like 12345676-2-08",
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
    "config.expect.auth": {"hu": '"oauth" / "basic"', "en": '"oauth" / "basic"'},
    "config.expect.security": {
        "hu": '"starttls" / "ssl" / "none"',
        "en": '"starttls" / "ssl" / "none"',
    },
    "config.not_finite": {
        "hu": "várt érték: {expected} (véges szám: nan és inf nem lehet), kapott: {got}",
        "en": "expected {expected} (a finite number: not nan or inf), got {got}",
    },
    "config.reserved_prefix": {
        "hu": "a(z) {prefix} előtag a belső (készlet)bizonylatok számozásáé, nem adható meg "
        "(foglalt előtagok: {reserved})",
        "en": "prefix {prefix} is reserved for internal (stock) documents "
        "(reserved prefixes: {reserved})",
    },
    "config.tax_number_check_digit": {
        "hu": "a(z) {number} adószám ellenőrző számjegye (8.) hibás: elírás?",
        "en": "the check digit (8th) of tax number {number} is wrong: a typo?",
    },
    "config.address_split": {
        "hu": "az address kulcs helyett a cím részei kellenek: postcode, city, street és "
        'country (ISO kód, alapértelmezés "HU"); a mostani: {address}',
        "en": "instead of address give the parts of the address: postcode, city, street and "
        'country (ISO code, default "HU"); the current one: {address}',
    },
    "config.expect.country": {
        "hu": 'kétbetűs ISO országkód, pl. "HU"',
        "en": 'a two-letter ISO country code, e.g. "HU"',
    },
    "config.expect.coupon_vat": {"hu": '"pro_rata" / "shop"', "en": '"pro_rata" / "shop"'},
    "config.expect.method_names": {
        "hu": 'fizetési módok listája, pl. ["Készpénz", "Utánvét"]',
        "en": 'a list of payment methods, e.g. ["Készpénz", "Utánvét"]',
    },
    "config.expect.fulfilment": {
        "hu": '"issue" (kiállítás napja), "order" (rendelés napja) vagy "payment" (fizetés napja)',
        "en": '"issue" (the issue date), "order" (the order date) or "payment" (the payment date)',
    },
    "config.expect.status_ids": {
        "hu": "a webáruház rendelésállapot-azonosítóinak listája, pl. [2, 5]",
        "en": "a list of the shop's order status ids, e.g. [2, 5]",
    },
    "config.expect.software_id": {
        "hu": "18 karakter a 0-9, A-Z és - jelekből, pl. HU12345676OKOS-001",
        "en": "18 characters of 0-9, A-Z and -, e.g. HU12345676OKOS-001",
    },
    "config.nav_missing": {
        "hu": "hiányzik: a NAV-bejelentéshez [nav] tábla kell (base_url, login, password_env, "
        "signature_key_env, exchange_key_env, software_id)",
        "en": "missing: reporting to NAV needs a [nav] table (base_url, login, password_env, "
        "signature_key_env, exchange_key_env, software_id)",
    },
    "config.expect.stock_counter": {
        "hu": '"stock1", "stock2", "stock3" vagy "stock4"',
        "en": '"stock1", "stock2", "stock3" or "stock4"',
    },
    "config.unknown_binding": {
        "hu": "ismeretlen billentyű-azonosító: {binding} (ismert azonosítók: {known})",
        "en": "unknown binding id: {binding} (known ids: {known})",
    },
}
