"""Countries as ISO 3166 alpha-2 codes, which NAV and the shop (`isoCode2`) use; the name is
what a person reads on the invoice."""

from __future__ import annotations

HOME_COUNTRY = "HU"
EU_MEMBERS = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK"
EU_COUNTRIES = frozenset(EU_MEMBERS.split())
NAMES = {  # code: (Hungarian, English)
    "AT": ("Ausztria", "Austria"),
    "BE": ("Belgium", "Belgium"),
    "BG": ("Bulgária", "Bulgaria"),
    "CH": ("Svájc", "Switzerland"),
    "CY": ("Ciprus", "Cyprus"),
    "CZ": ("Csehország", "Czech Republic"),
    "DE": ("Németország", "Germany"),
    "DK": ("Dánia", "Denmark"),
    "EE": ("Észtország", "Estonia"),
    "ES": ("Spanyolország", "Spain"),
    "FI": ("Finnország", "Finland"),
    "FR": ("Franciaország", "France"),
    "GB": ("Egyesült Királyság", "United Kingdom"),
    "GR": ("Görögország", "Greece"),
    "HR": ("Horvátország", "Croatia"),
    "HU": ("Magyarország", "Hungary"),
    "IE": ("Írország", "Ireland"),
    "IT": ("Olaszország", "Italy"),
    "LT": ("Litvánia", "Lithuania"),
    "LU": ("Luxemburg", "Luxembourg"),
    "LV": ("Lettország", "Latvia"),
    "MT": ("Málta", "Malta"),
    "NL": ("Hollandia", "Netherlands"),
    "NO": ("Norvégia", "Norway"),
    "PL": ("Lengyelország", "Poland"),
    "PT": ("Portugália", "Portugal"),
    "RO": ("Románia", "Romania"),
    "RS": ("Szerbia", "Serbia"),
    "SE": ("Svédország", "Sweden"),
    "SI": ("Szlovénia", "Slovenia"),
    "SK": ("Szlovákia", "Slovakia"),
    "UA": ("Ukrajna", "Ukraine"),
    "US": ("Amerikai Egyesült Államok", "United States"),
}
BY_NAME = {name.casefold(): code for code, names in NAMES.items() for name in names}


def country_code(text: str) -> str | None:
    """The ISO code of a country given by its code or by its Hungarian or English name;
    None when it is neither (an unknown two-letter code is taken as a code)."""
    cleaned = text.strip()
    if len(cleaned) == 2 and cleaned.isalpha() and cleaned.isascii():
        return cleaned.upper()
    return BY_NAME.get(cleaned.casefold())


def country_name(code: str) -> str:
    """The Hungarian name of a country (invoices are Hungarian); an unknown code as itself."""
    return NAMES.get(code.upper(), (code,))[0]
