"""Shop sync and push: summaries, warnings and errors."""

from okos_tui.i18n.types import Catalogue

MESSAGES: Catalogue = {
    "service.shipping": {"hu": "Szállítási díj", "en": "Shipping fee"},
    "service.payment": {"hu": "Kezelési költség", "en": "Handling fee"},
    "service.coupon": {"hu": "Kupon kedvezmény", "en": "Coupon discount"},
    "service.loyalty": {"hu": "Hűségpont beváltás", "en": "Loyalty points redeemed"},
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
    "sync.cancelled_in_shop": {
        "hu": "#{number} ({local}) a webáruházban törölve: itt is törölve, a foglalása "
        "felszabadult",
        "en": "#{number} ({local}) cancelled in the shop: cancelled here too, its reservation "
        "released",
    },
    "sync.cancelled_after_invoice": {
        "hu": "#{number} ({local}) a webáruházban törölve, de már számlázva: nézze át, kell-e "
        "sztornó",
        "en": "#{number} ({local}) cancelled in the shop but already invoiced: check whether a "
        "storno is needed",
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
        "en": "{shop}: new orders: {imported}{numbers}, flagged: {flagged}, skipped: {skipped}; requests: {requests}",
    },
    "sync.busy_elsewhere": {
        "hu": "Egy bolt szinkronja éppen máshol fut (másik ablak vagy folyamat); próbálja újra később.",
        "en": "A shop is being synced elsewhere right now (another window or process); try again later.",
    },
    "sync.busy": {
        "hu": "{shop}: a szinkron máshol fut, most kimarad",
        "en": "{shop}: being synced elsewhere, skipped this time",
    },
    "sync.new_orders": {
        "hu": "{shop}: {count} új rendelés",
        "en": {"one": "{shop}: {count} new order", "other": "{shop}: {count} new orders"},
    },
    "sync.foreground": {
        "hu": "Időzített szinkron fut; leállítás: Ctrl+C",
        "en": "Timed sync running; stop with Ctrl+C",
    },
    "sync.stopped": {"hu": "Szinkron leállítva.", "en": "Sync stopped."},
    "sync.status.running": {"hu": "fut / megszakadt", "en": "running / interrupted"},
    "sync.status.ok": {"hu": "rendben", "en": "ok"},
    "sync.status.failed": {"hu": "hiba", "en": "failed"},
    "push.missing_skus": {
        "hu": "{shop}: {count} termék nincs meg a webáruházban (cikkszám szerint), ezeket nem küldjük: {skus}",
        "en": {
            "one": "{shop}: {count} product is not in the shop (by SKU) and is not pushed: {skus}",
            "other": "{shop}: {count} products are not in the shop (by SKU) and are not pushed: {skus}",
        },
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
        "en": "{shop}: products pushed: {pushed}, failed: {failed}, missing in the shop: {missing}; batches: {batches}",
    },
    "push.unknown_tax_class": {
        "hu": "{shop}: a boltban nincs „{name}” nevű adóosztály (a(z) {vat} ÁFA-kódhoz, vat_map); az ilyen termékek árát nem küldjük, csak a készletet. Javítsa a vat_map-et, majd: okos push --full",
        "en": '{shop}: the shop has no tax class named "{name}" (for VAT code {vat}, vat_map); those products\' prices are not pushed, only their stock. Fix vat_map, then run: okos push --full',
    },
    "push.unknown_price_list": {
        "hu": "{shop}: nincs „{name}” nevű árlista (push_price); csak a készletet küldjük, árat nem",
        "en": '{shop}: there is no price list named "{name}" (push_price); only stock is pushed, no prices',
    },
    "push.no_answer": {
        "hu": "a bolt nem válaszolt erre a kötegelemre",
        "en": "the shop did not answer this batch item",
    },
    "sync.pushed": {
        "hu": "  készlet/ár: {pushed} termék elküldve, {failed} hibás",
        "en": "  stock/price: products pushed: {pushed}, failed: {failed}",
    },
    "push.item_failed": {
        "hu": "{shop}: {sku} küldése nem sikerült ({error}); a következő körben újra",
        "en": "{shop}: pushing {sku} failed ({error}); retried next cycle",
    },
}
