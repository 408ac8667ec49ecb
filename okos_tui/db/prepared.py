"""Statements whose SQL text is built once and run many times with new parameters.

Peewee spends 0.1-0.5 ms building the text of a statement and SQLite a few microseconds
running a small one; the order import runs about ten per order, so it builds them once."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from peewee import AutoField, Model, Value

from okos_tui.db.base import database


class Prepared:
    """A peewee query whose SQL text is built once and then run with new parameters.

    Build the query with
    `slot(name)` wherever a parameter goes; `run` converts each value with the converter given
    for its slot (a column's `db_value`), so values are stored exactly as peewee stores them."""

    def __init__(self, query: Any, converters: Mapping[str, Callable[[Any], Any] | None]) -> None:
        self.sql, params = query.sql()
        self.params = list(params)
        self.slots: dict[str, tuple[int, Callable[[Any], Any] | None]] = {}
        for name, converter in converters.items():
            positions = [n for n, value in enumerate(self.params) if value == SLOT + name]
            if len(positions) != 1:
                raise ValueError(f"slot {name!r} appears {len(positions)} times in {self.sql}")
            self.slots[name] = (positions[0], converter)

    def bind(self, values: Mapping[str, Any]) -> list[Any]:
        params = self.params.copy()
        for name, (position, converter) in self.slots.items():
            value = values[name]
            params[position] = converter(value) if converter else value
        return params

    def run(self, values: Mapping[str, Any]) -> Any:
        """Execute it; returns the cursor."""
        return database.execute_sql(self.sql, self.bind(values))

    def first(self, model: type[Model], values: Mapping[str, Any]) -> Any:
        """The first row of a SELECT of `model`'s columns as a `model` instance, or None."""
        return next(iter(model.raw(self.sql, *self.bind(values))), None)


SLOT = "\x00slot:"


def slot(name: str) -> Value:
    """Where a parameter of a `Prepared` query goes (no column converts it when building)."""
    return Value(SLOT + name, converter=False)


class PreparedInsert:
    """An INSERT of `rows` rows into every column of `model` (defaults filled in per run)."""

    def __init__(self, model: type[Model], rows: int = 1) -> None:
        self.fields = [f for f in model._meta.sorted_fields if not isinstance(f, AutoField)]
        data = [{f: slot(f"{n}.{f.name}") for f in self.fields} for n in range(rows)]
        converters = {f"{n}.{f.name}": f.db_value for f in self.fields for n in range(rows)}
        self.statement = Prepared(model.insert_many(data), converters)

    def run(self, rows: Sequence[Mapping[str, Any]]) -> int:
        """Insert the rows (by field name); returns the last row's id."""
        values: dict[str, Any] = {}
        for n, row in enumerate(rows):
            for f in self.fields:
                if f.name in row:
                    value = row[f.name]
                else:
                    value = f.default() if callable(f.default) else f.default
                values[f"{n}.{f.name}"] = value
        return self.statement.run(values).lastrowid


_INSERTS: dict[tuple[type[Model], int], PreparedInsert] = {}


def prepared_insert(model: type[Model], rows: int = 1) -> PreparedInsert:
    """The `PreparedInsert` of `model` for `rows` rows, built on first use."""
    key = (model, rows)
    if key not in _INSERTS:
        _INSERTS[key] = PreparedInsert(model, rows)
    return _INSERTS[key]
