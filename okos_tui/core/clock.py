"""Time: stored in UTC, shown and dated in Europe/Budapest (the business's calendar)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

BUDAPEST = ZoneInfo("Europe/Budapest")


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """The business date: midnight in Budapest, not in UTC."""
    return now().astimezone(BUDAPEST).date()


def local(moment: datetime) -> datetime:
    return moment.astimezone(BUDAPEST)
