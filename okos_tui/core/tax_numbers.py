"""The check digit of a Hungarian tax number (adószám): the settings check the seller's, the
domain the buyer's, by this one rule."""

from __future__ import annotations

WEIGHTS = (9, 7, 3, 1, 9, 7, 3)


def check_digit(group: str) -> int:
    """The 8th digit of a törzsszám: 10 minus the weighted sum of the first seven, mod 10."""
    total = sum(int(digit) * weight for digit, weight in zip(group[:7], WEIGHTS, strict=True))
    return (10 - total % 10) % 10
