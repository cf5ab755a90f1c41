"""The Chinese public-holiday calendar with make-up working days (調休), and deadline arithmetic.

Data: one JSON file per year in `holidays/` (shipped), plus any `<year>.json` in the operator's data
directory, `QIAOLIAN_HOLIDAYS_DIR`, by default `<QIAOLIAN_VAR_DIR>/holidays` (`var/holidays`): an
operator adds the State Council's schedule for a new year there without a release
(`qiaolian calendar add 2027.json`, `validate_year` first); a file there replaces the shipped one of
the same year. `default_calendar()` reloads when a file there is added or changed.

A deadline the calendar computes is a `Reckoned` date: it also remembers how it was counted (from
which day, how many days, calendar or working days), so the chassis deadlines can mark it
provisional while a year it reaches has no data, and count it again once the year is added.

Rules (信訪工作條例 and the Civil Code's rule on periods):
- periods are counted from the day after the start;
- a calendar-day deadline that falls on a rest day (a public holiday, or a weekend that is not a
  make-up working day) moves to the next working day;
- a working-day period counts only working days: weekdays that are not holidays, plus make-up days.
A year with no data falls back to weekends only; `Calendar.covers(year)` tells whether it has data,
and a deadline counted into such a year is provisional (DESIGN.md, "Deadlines and time").

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
from typing import Any

SHIPPED = Path(__file__).parent / "holidays"


class Reckoned(date):
    """A due date with how it was counted: `days` (working days if `working`) after `start`."""

    start: date
    days: int
    working: bool

    def __new__(cls, due: date, start: date, days: int, working: bool) -> Reckoned:
        self = super().__new__(cls, due.year, due.month, due.day)
        self.start, self.days, self.working = start, days, working
        return self

    def recount(self, calendar: Calendar) -> Reckoned:
        """The same period counted on `calendar` (e.g. once its year's data is added)."""
        if self.working:
            return calendar.working_days_deadline(self.start, self.days)
        return calendar.calendar_deadline(self.start, self.days)

    def provisional(self, calendar: Calendar) -> bool:
        """Counted through a year the calendar has no data for."""
        return not all(calendar.covers(y) for y in range(self.start.year, self.year + 1))


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

    def calendar_deadline(self, start: date, days: int) -> Reckoned:
        """`days` calendar days after `start`, moved off a rest day to the next working day."""
        return Reckoned(self.next_working_day(start + timedelta(days=days)), start, days, False)

    def working_days_deadline(self, start: date, days: int) -> Reckoned:
        """The `days`-th working day after `start`."""
        d = start
        remaining = days
        while remaining > 0:
            d += timedelta(days=1)
            if self.is_working_day(d):
                remaining -= 1
        return Reckoned(d, start, days, True)


def holidays_dir() -> Path:
    """The operator's data directory of year files, read beside the shipped ones."""
    named = os.environ.get("QIAOLIAN_HOLIDAYS_DIR")
    return Path(named) if named else Path(os.environ.get("QIAOLIAN_VAR_DIR") or "var") / "holidays"


def calendar_files(extra_dir: str | None = None) -> list[Path]:
    files = {p.stem: p for p in SHIPPED.glob("*.json")}
    if extra_dir:
        files.update({p.stem: p for p in Path(extra_dir).glob("*.json")})
    return [files[k] for k in sorted(files)]


@lru_cache(maxsize=4)
def _load(extra_dir: str | None, signature: tuple[tuple[str, int, int], ...] = ()) -> Calendar:
    return Calendar.from_files(*calendar_files(extra_dir))


def signature(extra_dir: str | None) -> tuple[tuple[str, int, int], ...]:
    """What the operator's files are now (name, size, mtime): a change loads the calendar again."""
    if not extra_dir or not Path(extra_dir).is_dir():
        return ()
    return tuple((p.name, (st := p.stat()).st_size, st.st_mtime_ns) for p in sorted(Path(extra_dir).glob("*.json")))


def default_calendar() -> Calendar:
    extra = str(holidays_dir())
    return _load(extra, signature(extra))


# ---- the operator's year file, checked before it is stored --------------------------------------


MAX_SPAN_DAYS = 15  # the longest public holiday the State Council has given is nine days


class YearFileError(ValueError):
    """A year file that cannot be used; the message names the line."""


def validate_year(text: str, name: str = "year file") -> dict[str, Any]:
    """The year file parsed and checked: JSON of {year, holidays: [{name, from, to, code?}],
    makeup_workdays: [...]}; spans inside the year or across New Year; make-up days on weekends, inside
    the year and not holidays; no two spans overlap. Raises `YearFileError` naming the line."""
    lines = text.splitlines()

    def line_of(needle: str, after: int = 0) -> int:
        for i, ln in enumerate(lines[after:], start=after + 1):
            if needle in ln:
                return i
        return 1

    def fail(line: int, message: str) -> YearFileError:
        return YearFileError(f"{name}, line {line}: {message}")

    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise fail(e.lineno, f"not JSON: {e.msg}") from None
    if not isinstance(doc, dict):
        raise fail(1, "must be an object with year, holidays and makeup_workdays")
    year = doc.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1949 <= year <= 2100:
        raise fail(line_of('"year"'), "year must be a number from 1949 to 2100")
    spans = doc.get("holidays")
    makeup = doc.get("makeup_workdays", [])
    if not isinstance(spans, list) or not spans:
        raise fail(line_of('"holidays"'), "holidays must be a non-empty list of spans")
    if not isinstance(makeup, list):
        raise fail(line_of('"makeup_workdays"'), "makeup_workdays must be a list of dates")
    seen: list[tuple[date, date, int]] = []
    at = line_of('"holidays"')
    for span in spans:
        if not isinstance(span, dict):
            raise fail(at, "a holiday span must be an object with name, from and to")
        at = line_of(f'"{span.get("from")}"', at - 1) if isinstance(span.get("from"), str) else at
        if not isinstance(span.get("name"), str) or not span["name"].strip():
            raise fail(at, "a holiday span needs a name")
        try:
            first, last = date.fromisoformat(span["from"]), date.fromisoformat(span["to"])
        except (KeyError, TypeError, ValueError):
            raise fail(at, "from and to must be dates YYYY-MM-DD") from None
        if first > last:
            raise fail(at, f"{span['name']}: from {first} is after to {last}")
        if (last - first).days >= MAX_SPAN_DAYS:
            raise fail(at, f"{span['name']}: {first}..{last} is longer than {MAX_SPAN_DAYS} days")
        if year not in (first.year, last.year) or (
            first.year != last.year
            and (first.year, last.year)
            not in (
                (year - 1, year),
                (year, year + 1),
            )
        ):
            raise fail(at, f"{span['name']}: {first}..{last} is not in {year} (nor across its New Year)")
        for other_first, other_last, other_line in seen:
            if first <= other_last and other_first <= last:
                raise fail(at, f"{span['name']}: {first}..{last} overlaps the span on line {other_line}")
        seen.append((first, last, at))
    off = {first + timedelta(days=i) for first, last, _ in seen for i in range((last - first).days + 1)}
    at = line_of('"makeup_workdays"')
    for raw in makeup:
        line = line_of(f'"{raw}"', at - 1) if isinstance(raw, str) else at
        try:
            day = date.fromisoformat(raw)
        except (TypeError, ValueError):
            raise fail(line, f"make-up working day {raw!r} is not a date YYYY-MM-DD") from None
        if day.year != year:
            raise fail(line, f"make-up working day {day} is not in {year}")
        if day.weekday() < 5:
            raise fail(line, f"make-up working day {day} is not a weekend day")
        if day in off:
            raise fail(line, f"make-up working day {day} is inside a holiday span")
    return doc


def add_year(text: str, directory: Path | None = None, name: str = "year file") -> Path:
    """Check a year file and store it as `<year>.json` in the operator's data directory (replacing a
    correction of the same year); the services count their open deadlines again on it."""
    doc = validate_year(text, name)
    target = directory or holidays_dir()
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"{doc['year']}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path
