"""Gapless document numbers: one sequence per prefix and year; a rollback gives the number back."""

from __future__ import annotations

from datetime import date

import pytest

from okos_tui.core import clock
from okos_tui.core.errors import StockWouldGoNegative
from okos_tui.db import NumberSequence, StockDocument, StockDocumentKind, Warehouse, database
from okos_tui.domain.numbering import format_number, next_number
from okos_tui.domain.stock.documents import ItemInput, adjust_stock, receive_goods
from okos_tui.domain.stock.ledger import MovementLine, post_document


def take(prefix: str, year: int) -> str:
    with database.atomic():
        return next_number(prefix, year)


def test_format():
    assert format_number("BEV", 2026, 7) == "BEV-2026-000007"


def test_numbers_count_up_per_prefix_and_year(db):
    assert [take("BEV", 2026) for _ in range(3)] == [
        "BEV-2026-000001",
        "BEV-2026-000002",
        "BEV-2026-000003",
    ]
    assert take("KOR", 2026) == "KOR-2026-000001"
    assert take("BEV", 2027) == "BEV-2027-000001"
    assert take("BEV", 2026) == "BEV-2026-000004"
    assert NumberSequence.select().count() == 3


def test_outside_a_transaction_is_a_programming_error(db):
    with pytest.raises(RuntimeError):
        next_number("BEV", 2026)
    assert NumberSequence.select().count() == 0


def test_a_rolled_back_number_is_used_again(db):
    take("BEV", 2026)

    class Boom(Exception):
        pass

    with pytest.raises(Boom), database.atomic():
        assert next_number("BEV", 2026) == "BEV-2026-000002"
        raise Boom
    assert take("BEV", 2026) == "BEV-2026-000002"


def test_a_refused_document_uses_no_number(catalog):
    year = clock.today().year
    receive_goods("MAIN", [ItemInput("BOG-01", "5")])
    with pytest.raises(StockWouldGoNegative):
        adjust_stock("MAIN", [ItemInput("BOG-01", "-6")])
    first = adjust_stock("MAIN", [ItemInput("BOG-01", "-1")])
    second = adjust_stock("SHOP", [ItemInput("BOG-01", "2")])
    assert first.number == f"KOR-{year}-000001"
    assert second.number == f"KOR-{year}-000002"


def test_the_document_date_picks_the_year(catalog):
    warehouse = Warehouse.get(Warehouse.code == "MAIN")
    line = [MovementLine(catalog["BOG-01"], 1)]
    with database.atomic():
        old = post_document(
            StockDocumentKind.GOODS_RECEIPT,
            warehouse,
            line,
            allow_negative=False,
            issued_on=date(2025, 12, 31),
        )
        new = post_document(
            StockDocumentKind.GOODS_RECEIPT,
            warehouse,
            line,
            allow_negative=False,
            issued_on=date(2026, 1, 1),
        )
    assert old.number == "BEV-2025-000001"
    assert new.number == "BEV-2026-000001"
    assert StockDocument.get_by_id(old.id).issued_on == date(2025, 12, 31)


def test_business_date_is_budapest_not_utc(monkeypatch):
    from datetime import UTC, datetime

    # 23:30 UTC on New Year's Eve is already 00:30 on 1 January in Budapest.
    monkeypatch.setattr(clock, "now", lambda: datetime(2025, 12, 31, 23, 30, tzinfo=UTC))
    assert clock.today() == date(2026, 1, 1)


def test_post_document_outside_a_transaction_is_refused(catalog):
    warehouse = Warehouse.get(Warehouse.code == "MAIN")
    with pytest.raises(RuntimeError):
        post_document(
            StockDocumentKind.ADJUSTMENT,
            warehouse,
            [MovementLine(catalog["BOG-01"], 1)],
            allow_negative=False,
        )
    assert StockDocument.select().count() == 0
