"""VAT categories: every line is taxed at a rate, exempt, or outside the scope of VAT.

Hungary has no 0% domestic rate (Áfa tv. 82. §): a line without VAT needs a legal ground, the
case code of the NAV data model (`vatExemption` or `vatOutOfScope`) with its reason, printed on
the invoice (Áfa tv. 169. § m)). The codes and reasons are seeded into `vat_rate` by migration
0009; this module names the categories and the rates NAV accepts.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum


class VatCategory(StrEnum):
    PERCENTAGE = "percentage"  # taxed at 27, 18 or 5 %
    EXEMPT = "exempt"  # vatExemption: AAM, TAM, KBAET, KBAUK, EAM, NAM
    OUT_OF_SCOPE = "out_of_scope"  # vatOutOfScope: ATK, EUFAD37, EUFADE, EUE, HO
    UNGROUNDED = "ungrounded"  # "0%": no legal ground yet, cannot be invoiced


DOMESTIC_RATES = (Decimal(27), Decimal(18), Decimal(5))
EXEMPT_CASES = ("AAM", "TAM", "KBAET", "KBAUK", "EAM", "NAM")
OUT_OF_SCOPE_CASES = ("ATK", "EUFAD37", "EUFADE", "EUE", "HO")
SUBJECTIVE_EXEMPTION = "AAM"  # alanyi adómentesség, Áfa tv. XIII. fejezet (187. §)


def invoiceable(category: str) -> bool:
    """Whether a line of this category may stand on an invoice."""
    return category in (VatCategory.PERCENTAGE, VatCategory.EXEMPT, VatCategory.OUT_OF_SCOPE)
