"""The clock is a dependency, so tests can move time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Protocol

CHINA = timezone(timedelta(hours=8))


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at

    def advance(self, **kw: float) -> None:
        self.at += timedelta(**kw)


def beijing_midnight(day: date | None) -> datetime | None:
    """The start of a Beijing day in UTC, as timestamps are stored (None stays None): a date filter."""
    return None if day is None else datetime(day.year, day.month, day.day, tzinfo=CHINA).astimezone(UTC)


def today(clock: Clock) -> date:
    """The office's date: the federation works on Beijing time."""
    return clock.now().astimezone(CHINA).date()
