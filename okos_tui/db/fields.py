"""Column types that keep money, quantities and times exact.

Decimals are stored as integers counting 10**-places units: SQLite has no exact decimal type
(a NUMERIC column turns "12.50" into a float), and integer sums in SQL stay exact.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Self, overload

from peewee import BigIntegerField, TextField

from okos_tui.core.values import MONEY_PLACES, QUANTITY_PLACES, RATE_PLACES


class FixedDecimalField(BigIntegerField):
    """A Decimal with a fixed number of places, stored as a scaled integer."""

    if TYPE_CHECKING:  # what a type checker sees of a model's attribute (peewee is untyped)

        @overload
        def __get__(self, instance: None, owner: type) -> Self: ...
        @overload
        def __get__(self, instance: object, owner: type) -> Decimal: ...
        def __get__(self, instance: object, owner: type) -> Self | Decimal: ...
        def __set__(self, instance: object, value: Decimal | int | None) -> None: ...

    def __init__(self, places: int, *args: Any, **kwargs: Any) -> None:
        self.places = places
        super().__init__(*args, **kwargs)

    def db_value(self, value: Decimal | int | None) -> int | None:
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError(f"{self.name}: floats are not accepted for exact amounts")
        scaled = Decimal(value).scaleb(self.places)
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{self.name}: {value} has more than {self.places} decimal places")
        return int(scaled)

    def python_value(self, value: int | None) -> Decimal | None:
        if value is None:
            return None
        return from_units(value, self.places)


def from_units(units: int | None, places: int) -> Decimal:
    """Turn a scaled integer (e.g. an SQL SUM over a FixedDecimalField) back into a Decimal."""
    return Decimal(units or 0).scaleb(-places)


class QuantityField(FixedDecimalField):
    """Quantities to 0.001 of a unit (grams of a kilogram)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(QUANTITY_PLACES, *args, **kwargs)


class MoneyField(FixedDecimalField):
    """Amounts to 0.0001: shop net unit prices carry four places; the domain rounds totals."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(MONEY_PLACES, *args, **kwargs)


class RateField(FixedDecimalField):
    """An exchange rate to 0.000001 (NAV's `exchangeRate` has six decimals)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(RATE_PLACES, *args, **kwargs)


class UtcDateTimeField(TextField):
    """An aware datetime stored as fixed-width UTC ISO text, so text order is time order."""

    if TYPE_CHECKING:

        @overload
        def __get__(self, instance: None, owner: type) -> Self: ...
        @overload
        def __get__(self, instance: object, owner: type) -> datetime: ...
        def __get__(self, instance: object, owner: type) -> Self | datetime: ...
        def __set__(self, instance: object, value: datetime | None) -> None: ...

    def db_value(self, value: datetime | None) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"{self.name}: naive datetimes are ambiguous; pass an aware one")
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")

    def python_value(self, value: str | None) -> datetime | None:
        if value is None:
            return None
        return datetime.fromisoformat(value)


def utc_datetime(stored: str) -> datetime:
    """A time read straight from a cursor (no peewee conversion), as `UtcDateTimeField` wrote it."""
    return datetime.fromisoformat(stored)
