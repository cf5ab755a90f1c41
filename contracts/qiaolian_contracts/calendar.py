"""The Chinese public-holiday calendar with make-up working days (調休), and deadline arithmetic.

Data: one JSON file per year in `holidays/` (shipped), plus any `<year>.json` in the directory named
by `QIAOLIAN_HOLIDAYS_DIR` (an operator adds the State Council's schedule for a new year there
without a release; a file there replaces the shipped one of the same year).

Rules (信訪工作條例 and the Civil Code's rule on periods):
- periods are counted from the day after the start;
- a calendar-day deadline that falls on a rest day (a public holiday, or a weekend that is not a
  make-up working day) moves to the next working day;
- a working-day period counts only working days: weekdays that are not holidays, plus make-up days.
A year with no data falls back to weekends only; `Calendar.covers(year)` tells whether it has data.

Each holiday span may carry a `code` (e.g. `spring_festival`), by which `Calendar.holiday(year, code)`
finds it (office's duty rosters are drawn up per holiday); a span without one is found by its name.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

SHIPPED = Path(__file__).parent / "holidays"


@dataclass(frozen=True)
class Holiday:
    """One public holiday of a year as the State Council's notice names it, first to last day off."""

    year: int
    code: str
    name: str
    first: date
    last: date


@dataclass(frozen=True)
class Calendar:
    holidays: frozenset[date]
    makeup_workdays: frozenset[date]
    years: frozenset[int]
    named: tuple[Holiday, ...] = ()

    @classmethod
    def from_files(cls, *paths: Path) -> Calendar:
        holidays: set[date] = set()
        makeup: set[date] = set()
        years: set[int] = set()
        named: list[Holiday] = []
        for path in paths:
            doc = json.loads(path.read_text(encoding="utf-8"))
            year = int(doc["year"])
            for span in doc["holidays"]:
                d, end = date.fromisoformat(span["from"]), date.fromisoformat(span["to"])
                if d > end or year not in (d.year, end.year):  # New Year may span two years
                    raise ValueError(f"{path}: bad holiday span {span}")
                named.append(Holiday(year, span.get("code") or span["name"], span["name"], d, end))
                while d <= end:
                    holidays.add(d)
                    d += timedelta(days=1)
            for raw in doc["makeup_workdays"]:
                day = date.fromisoformat(raw)
                if day.weekday() < 5:
                    raise ValueError(f"{path}: make-up working day {raw} is not a weekend day")
                makeup.add(day)
            years.add(year)
        return cls(frozenset(holidays), frozenset(makeup), frozenset(years), tuple(named))

    def covers(self, year: int) -> bool:
        return year in self.years

    def holidays_of(self, year: int) -> list[Holiday]:
        return [h for h in self.named if h.year == year]

    def holiday(self, year: int, code: str) -> Holiday | None:
        return next((h for h in self.named if h.year == year and h.code == code), None)

    def rest_days(self, first: date, last: date) -> list[date]:
        """The days from `first` to `last` that are not working days (holidays, weekends that are not make-up days)."""
        return [
            first + timedelta(days=i)
            for i in range((last - first).days + 1)
            if not self.is_working_day(first + timedelta(days=i))
        ]

    def is_working_day(self, d: date) -> bool:
        if d in self.makeup_workdays:
            return True
        if d in self.holidays:
            return False
        return d.weekday() < 5

    def next_working_day(self, d: date) -> date:
        while not self.is_working_day(d):
            d += timedelta(days=1)
        return d

    def calendar_deadline(self, start: date, days: int) -> date:
        """`days` calendar days after `start`, moved off a rest day to the next working day."""
        return self.next_working_day(start + timedelta(days=days))

    def working_days_deadline(self, start: date, days: int) -> date:
        """The `days`-th working day after `start`."""
        d = start
        remaining = days
        while remaining > 0:
            d += timedelta(days=1)
            if self.is_working_day(d):
                remaining -= 1
        return d


def calendar_files(extra_dir: str | None = None) -> list[Path]:
    files = {p.stem: p for p in SHIPPED.glob("*.json")}
    if extra_dir:
        files.update({p.stem: p for p in Path(extra_dir).glob("*.json")})
    return [files[k] for k in sorted(files)]


@lru_cache(maxsize=4)
def _load(extra_dir: str | None) -> Calendar:
    return Calendar.from_files(*calendar_files(extra_dir))


def default_calendar() -> Calendar:
    return _load(os.environ.get("QIAOLIAN_HOLIDAYS_DIR") or None)
