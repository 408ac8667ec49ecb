"""Exact column types: Decimals as scaled integers, aware datetimes as UTC text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from peewee import AutoField, Model, SqliteDatabase, fn

from okos_tui.db.fields import MoneyField, QuantityField, UtcDateTimeField, from_units

memory = SqliteDatabase(":memory:")


class Sample(Model):
    id = AutoField()
    quantity = QuantityField(null=True)
    price = MoneyField(null=True)
    moment = UtcDateTimeField(null=True)

    class Meta:
        database = memory


@pytest.fixture(scope="module", autouse=True)
def _table():
    memory.connect(reuse_if_open=True)
    memory.create_tables([Sample])
    yield
    memory.close()


def roundtrip(**values):
    row = Sample.create(**values)
    return Sample.get_by_id(row.id)


def raw(row_id: int, column: str):
    return memory.execute_sql(
        f"SELECT {column}, typeof({column}) FROM sample WHERE id = ?", (row_id,)
    ).fetchone()


@settings(max_examples=200, deadline=None)
@given(
    quantity=st.decimals(
        min_value=Decimal("-999999999.999"), max_value=Decimal("999999999.999"), places=3
    ),
    price=st.decimals(
        min_value=Decimal("-99999999.9999"), max_value=Decimal("99999999.9999"), places=4
    ),
)
def test_decimals_round_trip_exactly(quantity, price):
    back = roundtrip(quantity=quantity, price=price)
    assert back.quantity == quantity and isinstance(back.quantity, Decimal)
    assert back.price == price and isinstance(back.price, Decimal)


def test_stored_as_scaled_integers():
    row = Sample.create(quantity=Decimal("1.5"), price=Decimal("12.34"))
    assert raw(row.id, "quantity") == (1500, "integer")
    assert raw(row.id, "price") == (123400, "integer")


def test_sql_sums_stay_exact():
    Sample.delete().execute()
    for _ in range(10):
        Sample.create(quantity=Decimal("0.1"))
    units = Sample.select(fn.SUM(Sample.quantity)).scalar()
    assert from_units(units, 3) == Decimal("1")
    assert from_units(None, 3) == 0


def test_ints_and_trailing_zeros_are_accepted():
    assert roundtrip(quantity=7).quantity == Decimal(7)
    assert roundtrip(quantity=Decimal("2.500000")).quantity == Decimal("2.5")
    assert roundtrip(quantity=None).quantity is None


@pytest.mark.parametrize("field", ["quantity", "price"])
def test_floats_are_refused(field):
    before = Sample.select().count()
    with pytest.raises(TypeError, match="float"):
        Sample.create(**{field: 0.5})
    assert Sample.select().count() == before


@pytest.mark.parametrize(
    "field, value", [("quantity", Decimal("1.0005")), ("price", Decimal("0.00001"))]
)
def test_excess_precision_is_refused(field, value):
    before = Sample.select().count()
    with pytest.raises(ValueError, match="decimal places"):
        Sample.create(**{field: value})
    assert Sample.select().count() == before


def test_excess_precision_is_refused_in_queries_too():
    with pytest.raises(ValueError):
        list(Sample.select().where(Sample.quantity == Decimal("0.0001")))


def test_aware_datetimes_come_back_as_the_same_moment_in_utc():
    budapest_summer = timezone(timedelta(hours=2))
    moment = datetime(2026, 7, 1, 23, 30, 15, 123456, tzinfo=budapest_summer)
    row = roundtrip(moment=moment)
    assert row.moment == moment
    assert row.moment.utcoffset() == timedelta(0)
    assert raw(row.id, "moment")[0] == "2026-07-01T21:30:15.123456+00:00"


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="naive"):
        Sample.create(moment=datetime(2026, 1, 1, 12, 0))


def test_datetime_text_order_is_time_order():
    early = datetime(2026, 3, 1, 0, 30, tzinfo=timezone(timedelta(hours=1)))  # 23:30 UTC before
    late = datetime(2026, 2, 28, 23, 45, tzinfo=UTC)
    a, b = Sample.create(moment=early), Sample.create(moment=late)
    ordered = [
        r.id for r in Sample.select().where(Sample.id.in_([a.id, b.id])).order_by(Sample.moment)
    ]
    assert ordered == [a.id, b.id]
