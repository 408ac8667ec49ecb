"""Static reference data of the sample shop: tax classes, statuses, methods, coupons, names.

Net prices are chosen so that net x VAT is whole forints (27 %: multiples of 100, 18 %: of 50,
5 %: of 20): every amount the shop reports is exact, and the client must reproduce it exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class TaxClass:
    tax_class_id: int
    name: str
    description: str
    rate: Decimal


TAX_CLASSES: dict[int, TaxClass] = {
    t.tax_class_id: t
    for t in (
        TaxClass(10, "27 %", "Általános forgalmi adó 27%", Decimal(27)),
        TaxClass(11, "0 %", "0% ÁFA", Decimal(0)),
        TaxClass(12, "18 %", "Kedvezményes ÁFA 18%", Decimal(18)),
        TaxClass(13, "5 %", "Kedvezményes ÁFA 5%", Decimal(5)),
        TaxClass(14, "AAM", "Alanyi adómentes", Decimal(0)),
    )
}
VAT_27, VAT_0, VAT_18, VAT_5 = 10, 11, 12, 13


@dataclass(frozen=True)
class OrderStatus:
    status_id: int
    name_hu: str
    name_en: str
    color: str


ORDER_STATUSES: dict[int, OrderStatus] = {
    s.status_id: s
    for s in (
        OrderStatus(1, "Függőben lévő", "Pending", "#ff9900"),
        OrderStatus(2, "Feldolgozás alatt", "Processing", "#3399ff"),
        OrderStatus(3, "Szállítás alatt", "Shipped", "#9966cc"),
        OrderStatus(5, "Teljesítve", "Complete", "#33aa33"),
        OrderStatus(7, "Törölve", "Canceled", "#cc0000"),
        OrderStatus(10, "Fizetésre vár", "Awaiting payment", "#ffcc00"),
        OrderStatus(11, "Fizetve", "Paid", "#22aa77"),
    )
}
PENDING_STATUS_ID = 1
COMPLETE_STATUS_ID = 5
STORNO_STATUS_ID = 7
"""What `excludeStorno=1` leaves out."""
PAID_STATUS_ID = 11
"""Where a card payment puts an order at checkout (the demo's `paid_statuses`)."""
PAID_AT_CHECKOUT = ("barion",)
"""Payment methods paid before the order is placed: their orders start as paid."""

LANGUAGES: dict[int, tuple[str, str]] = {1: ("Magyar", "hu"), 2: ("English", "en")}
HUNGARIAN = 1
HUNGARY_COUNTRY_ID = 97
DEFAULT_CUSTOMER_GROUP_ID = 8
HUF_CURRENCY_ID = 4


@dataclass(frozen=True)
class Country:
    country_id: int
    name: str
    """As the Hungarian shop admin names it."""
    iso_code2: str
    iso_code3: str


COUNTRIES: dict[str, Country] = {
    c.iso_code2: c
    for c in (
        Country(HUNGARY_COUNTRY_ID, "Magyarország", "HU", "HUN"),
        Country(14, "Ausztria", "AT", "AUT"),
        Country(81, "Németország", "DE", "DEU"),
        Country(189, "Szlovákia", "SK", "SVK"),
    )
}


@dataclass(frozen=True)
class Currency:
    currency_id: int
    name: str
    code: str
    symbol_right: str
    places: int
    value: Decimal
    """The multiplier from the default currency: 1 HUF = `value` units of this one."""


CURRENCIES: dict[str, Currency] = {
    c.code: c
    for c in (
        Currency(HUF_CURRENCY_ID, "Forint", "HUF", " Ft", 0, Decimal(1)),
        Currency(5, "Euró", "EUR", " €", 2, Decimal("0.00255000")),
    )
}
DEFAULT_CURRENCY = "HUF"


@dataclass(frozen=True)
class ShippingMethod:
    code: str
    inner_id: int
    name: str
    fee: Decimal
    """Gross, as the SHIPPING order total shows it."""
    tax_rate: Decimal
    extension: str
    shipping_type: str
    pickup_points: tuple[str, ...] = ()
    total_label: str = ""


SHIPPING_METHODS: dict[str, ShippingMethod] = {
    m.code: m
    for m in (
        ShippingMethod(
            "gls", 1, "GLS futárszolgálat", Decimal(1490), Decimal(27), "gls", "COURIER_SERVICE"
        ),
        ShippingMethod(
            "foxpost",
            2,
            "Foxpost csomagautomata",
            Decimal(990),
            Decimal(27),
            "foxpost",
            "PICKUP_POINT",
            pickup_points=(
                "Budapest, Allee bevásárlóközpont",
                "Debrecen, Fórum",
                "Szeged, Árkád",
                "Győr, Árkád",
                "Pécs, Árkád",
            ),
        ),
        ShippingMethod(
            "mpl", 3, "MPL házhoz szállítás", Decimal(1790), Decimal(27), "mpl", "COURIER_SERVICE"
        ),
        ShippingMethod(
            "pickup",
            4,
            "Személyes átvétel",
            Decimal(0),
            Decimal(27),
            "wseship",
            "PERSONAL_RECEIPT",
            total_label="Személyes átvétel (1065 Budapest, Nagymező utca 12.)",
        ),
    )
}


@dataclass(frozen=True)
class PaymentMethod:
    code: str
    name: str
    fee: Decimal
    """Gross handling fee, as the PAYMENT order total shows it (0: no PAYMENT row)."""
    tax_rate: Decimal
    pay_after: bool
    fee_label: str = ""


PAYMENT_METHODS: dict[str, PaymentMethod] = {
    m.code: m
    for m in (
        PaymentMethod(
            "cod", "Utánvét", Decimal(390), Decimal(27), True, "Utánvét kezelési költség"
        ),
        PaymentMethod("bank_transfer", "Banki átutalás", Decimal(0), Decimal(0), False),
        PaymentMethod("barion", "Bankkártya (Barion)", Decimal(0), Decimal(0), False),
        PaymentMethod("cash", "Készpénz átvételkor", Decimal(0), Decimal(0), True),
    )
}


@dataclass(frozen=True)
class Coupon:
    coupon_id: int
    code: str
    discount_type: str
    """PERCENT or FIXED, as the coupon resource says."""
    value: Decimal
    free_shipping: bool = False
    login_required: bool = False


COUPONS: dict[str, Coupon] = {
    c.code: c
    for c in (
        Coupon(1, "NYAR10", "PERCENT", Decimal(10)),
        Coupon(2, "TORZSVASARLO", "FIXED", Decimal(1000), login_required=True),
        Coupon(3, "INGYENSZALLITAS", "FIXED", Decimal(0), free_shipping=True),
        Coupon(4, "OSZI15", "PERCENT", Decimal(15)),
    )
}


@dataclass(frozen=True)
class Deposit:
    """A product addon charged per unit (type DEPOSIT_FEE): the bottle deposit."""

    addon_id: int
    name: str
    sku: str
    price: Decimal
    tax_rate: Decimal


DEPOSIT = Deposit(5, "Visszaváltási díj – palack", "DRS-50", Decimal(50), Decimal(0))


@dataclass(frozen=True)
class ProductTemplate:
    sku_prefix: str
    name: str
    net_price: Decimal
    tax_class_id: int
    deposit: bool = False
    subtract_stock: bool = True


def _t(
    prefix: str,
    name: str,
    net: int,
    tax: int = VAT_27,
    *,
    deposit: bool = False,
    subtract: bool = True,
) -> ProductTemplate:
    return ProductTemplate(prefix, name, Decimal(net), tax, deposit, subtract)


PRODUCT_TEMPLATES: tuple[ProductTemplate, ...] = (
    _t("KON", "Tűzálló üvegtál 2 l", 3100),
    _t("KOZ", "Kézműves szappan – levendula", 1200),
    _t("KOZ", "Kézműves szappan – kecsketej", 1300),
    _t("KON", "Bambusz vágódeszka", 2700),
    _t("KON", "Öntöttvas serpenyő 28 cm", 11800),
    _t("KON", "Kerámia bögre, kézzel festett", 2300),
    _t("KON", "Fűszertartó készlet (6 db)", 4500),
    _t("TEX", "Lenvászon konyharuha", 1800),
    _t("KON", "Méhviaszos ételcsomagoló (3 db)", 2900),
    _t("OTT", "Szójagyertya – fahéjas alma", 2600),
    _t("KOZ", "Illóolaj – borsmenta 10 ml", 1500),
    _t("KOZ", "Natúr ajakbalzsam", 900),
    _t("KON", "Rozsdamentes kulacs 0,75 l", 4800),
    _t("TEX", "Pamut bevásárlótáska", 1400),
    _t("OTT", "Fonott kenyérkosár", 3300),
    _t("KOZ", "Bambusz fogkefe", 700),
    _t("KON", "Porcelán teáskanna 1 l", 6900),
    _t("KOZ", "Körömkefe bükkfa nyéllel", 1100),
    _t("KOZ", "Gyógynövényes sampon 250 ml", 2200),
    _t("OTT", "Fűzfa kosár fedéllel", 7400),
    _t("ELE", "Őrölt fűszerpaprika – csemege 100 g", 1000),
    _t("ELE", "Akácméz 500 g", 2500),
    _t("ITA", "Kézműves sör 0,5 l", 700, deposit=True),
    _t("ITA", "Szénsavas ásványvíz 1,5 l", 200, deposit=True),
    _t("ITA", "Almalé 100% 1 l", 600, deposit=True),
    _t("ITA", "Bodzaszörp 0,5 l", 1600),
    _t("ITA", "Egri bikavér 0,75 l", 3400),
    _t("ITA", "Szilvapálinka 0,5 l", 8900),
    _t("ELE", "Gesztenyepüré 200 g", 1200),
    _t("ELE", "Őszibarack befőtt 720 ml", 1400),
    _t("ELE", "Meggylekvár 340 g", 1300),
    _t("ELE", "Étcsokoládé 70% 100 g", 900),
    _t("ELE", "Tojás (10 db, M)", 960, VAT_5),
    _t("ELE", "Friss tej 2,8% 1 l", 380, VAT_5),
    _t("ELE", "Rozsos kenyér 750 g", 860, VAT_5),
    _t("KNY", "Nagymamám receptjei – szakácskönyv", 5700, VAT_5),
    _t("KNY", "Magyar népmesék", 3800, VAT_5),
    _t("ELE", "Trappista sajt 500 g", 1850, VAT_18),
    _t("ELE", "Tejföl 20% 330 g", 450, VAT_18),
    _t("ELE", "Sajtos pogácsa (6 db)", 950, VAT_18),
    _t("SZO", "Ajándékcsomagolás", 500, subtract=False),
)
VARIANT_SUFFIXES = ("ajándékdobozban", "2 db-os csomag", "nagy kiszerelés")


@dataclass(frozen=True)
class Person:
    """ShopRenter's `firstname` holds the family name (Hungarian order): "Kovács" "Éva"."""

    firstname: str
    lastname: str
    postcode: str
    city: str
    address1: str
    company: str = ""
    tax_number: str = ""


REGISTERED_CUSTOMERS: tuple[Person, ...] = (
    Person("Kovács", "Éva", "1051", "Budapest", "Október 6. utca 12."),
    Person("Nagy", "Péter", "4025", "Debrecen", "Piac utca 45. 2/8"),
    Person("Szőke", "Zoltán", "6720", "Szeged", "Kárász utca 9."),
    Person("Tóth", "Ágnes", "7621", "Pécs", "Király utca 21."),
    Person(
        "Horváth",
        "Gergő",
        "9021",
        "Győr",
        "Baross Gábor út 3.",
        "Horváth és Társa Bt.",
        "21345678-2-08",
    ),
    Person("Varga", "Júlia", "3525", "Miskolc", "Széchenyi István utca 107."),
    Person("Kiss", "Bálint", "8000", "Székesfehérvár", "Fő utca 1."),
    Person("Molnár", "Zsófia", "6000", "Kecskemét", "Rákóczi út 15. fsz. 1"),
    Person("Németh", "Ödön", "4400", "Nyíregyháza", "Dózsa György út 28."),
    Person("Farkas", "Réka", "3300", "Eger", "Dobó István tér 6."),
    Person(
        "Balogh", "Ákos", "9400", "Sopron", "Várkerület 88.", "Balogh Pékség Kft.", "14567890-2-08"
    ),
    Person("Papp", "Tünde", "8200", "Veszprém", "Óváros tér 4."),
    Person("Takács", "Lőrinc", "6800", "Hódmezővásárhely", "Andrássy út 30."),
    Person("Juhász", "Enikő", "9700", "Szombathely", "Kőszegi utca 17. 3/11"),
)

GUEST_FIRSTNAMES = (
    "Anikó",
    "Bence",
    "Csilla",
    "Dániel",
    "Emőke",
    "Ferenc",
    "Gyöngyi",
    "Hajnalka",
    "István",
    "Józsi",
    "Katalin",
    "Levente",
    "Márta",
    "Norbert",
    "Orsolya",
    "Pál",
    "Rozália",
    "Sándor",
    "Tímea",
    "Ubul",
    "Vilma",
    "Zsolt",
    "Őrs",
    "Ilona",
)
GUEST_LASTNAMES = (
    "Szabó",
    "Lakatos",
    "Mészáros",
    "Oláh",
    "Simon",
    "Rácz",
    "Fekete",
    "Szilágyi",
    "Török",
    "Fehér",
    "Gulyás",
    "Vörös",
    "Bíró",
    "Pintér",
    "Sütő",
    "Kövér",
)
CITIES = (
    ("1117", "Budapest"),
    ("1138", "Budapest"),
    ("2040", "Budaörs"),
    ("2600", "Vác"),
    ("5000", "Szolnok"),
    ("5600", "Békéscsaba"),
    ("7400", "Kaposvár"),
    ("8900", "Zalaegerszeg"),
    ("2800", "Tatabánya"),
    ("3200", "Gyöngyös"),
    ("6500", "Baja"),
    ("8230", "Balatonfüred"),
    ("9200", "Mosonmagyaróvár"),
)
STREETS = (
    "Kossuth Lajos utca",
    "Petőfi Sándor utca",
    "Rákóczi Ferenc út",
    "Árpád fejedelem útja",
    "Szent István tér",
    "Bajcsy-Zsilinszky út",
    "Ady Endre utca",
    "Hunyadi János utca",
    "Jókai Mór utca",
    "Őz utca",
    "Ürömi út",
    "Széchenyi tér",
)
GUEST_COMPANIES = (
    ("Példa Kereskedelmi Kft.", "12345676-2-13"),
    ("Zöldág Bt.", "22334457-1-42"),
    ("Tűzkő Építő Zrt.", "10987656-2-41"),
)
COMMENTS = (
    "",
    "",
    "",
    "Kérem, délután hozzák, 16 óra után vagyok otthon.",
    "A kapucsengő nem működik, kérem telefonáljanak!",
    "Ajándékba lesz, kérem ne tegyenek számlát a csomagba.",
    "A portán le lehet adni (Győri úti bejárat).",
    "Köszönöm szépen! Már harmadszor rendelek, nagyon elégedett vagyok.",
    "Ha lehet, a [piros] dobozban kérem – és <b>gyorsan</b> :)",
    "Számlát cégnévre kérem, a szállítási cím eltér.",
    "Őszintén remélem, hogy péntekre megérkezik.",
)
