"""The holiday calendar and the statutory deadline arithmetic, on the State Council's real schedules.

2025: 國辦發明電〔2024〕12號; 2026: 國辦發明電〔2025〕7號 (both shipped in qiaolian_contracts/holidays/).
Periods count from the day after the start; a calendar-day deadline on a rest day moves to the next
working day; make-up working days (調休) are working days even on a weekend.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qiaolian_contracts import calendar as cal_module
from qiaolian_contracts.calendar import SHIPPED, Calendar, calendar_files, default_calendar

CAL = Calendar.from_files(*sorted(SHIPPED.glob("*.json")))
D = date.fromisoformat


@pytest.fixture
def fresh_default_calendar() -> Iterator[None]:
    """default_calendar() is cached per directory; start and finish with an empty cache."""
    cal_module._load.cache_clear()
    yield
    cal_module._load.cache_clear()


def write_year(directory: Path, year: int, holidays: list[tuple[str, str]], makeup: list[str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{year}.json"
    path.write_text(
        json.dumps(
            {
                "year": year,
                "source": "test",
                "holidays": [{"name": f"h{i}", "from": a, "to": b} for i, (a, b) in enumerate(holidays)],
                "makeup_workdays": makeup,
            }
        ),
        encoding="utf-8",
    )
    return path


# ---- 15 calendar days, rolled past public holidays ---------------------------------------------


@pytest.mark.parametrize(
    ("received", "raw_due", "due"),
    [
        # 2025 National Day and Mid-Autumn, 10-01..10-08 (10-11 Saturday is a make-up day)
        ("2025-09-20", "2025-10-05", "2025-10-09"),
        ("2025-09-16", "2025-10-01", "2025-10-09"),
        ("2025-09-23", "2025-10-08", "2025-10-09"),
        # 2026 National Day, 10-01..10-07
        ("2026-09-16", "2026-10-01", "2026-10-08"),
        ("2026-09-22", "2026-10-07", "2026-10-08"),
        # 2025 Spring Festival, 01-28..02-04
        ("2025-01-15", "2025-01-30", "2025-02-05"),
        # 2026 Spring Festival, 02-15..02-23 (nine days)
        ("2026-02-03", "2026-02-18", "2026-02-24"),
        ("2026-02-01", "2026-02-16", "2026-02-24"),
        # New Year 2026 (01-01..03) across the year boundary: the next working day is make-up Sunday 01-04
        ("2025-12-17", "2026-01-01", "2026-01-04"),
    ],
)
def test_deadline_in_a_public_holiday_moves_to_the_first_working_day_after_it(
    received: str, raw_due: str, due: str
) -> None:
    assert D(received) + timedelta(days=15) == D(raw_due)
    assert CAL.calendar_deadline(D(received), 15) == D(due)


@pytest.mark.parametrize(
    ("received", "makeup_day"),
    [
        ("2026-01-30", "2026-02-14"),  # Saturday before the 2026 Spring Festival
        ("2025-09-13", "2025-09-28"),  # Sunday before the 2025 National Day
        ("2026-09-25", "2026-10-10"),  # Saturday after the 2026 National Day
        ("2025-12-20", "2026-01-04"),  # Sunday after New Year 2026
    ],
)
def test_deadline_on_a_makeup_working_day_stays_there(received: str, makeup_day: str) -> None:
    assert D(makeup_day).weekday() >= 5
    assert CAL.is_working_day(D(makeup_day))
    assert CAL.calendar_deadline(D(received), 15) == D(makeup_day)


def test_deadline_on_a_plain_weekend_moves_to_monday() -> None:
    assert CAL.calendar_deadline(D("2026-02-27"), 15) == D("2026-03-16")  # Saturday 03-14 -> Monday
    assert CAL.calendar_deadline(D("2026-02-28"), 15) == D("2026-03-16")  # Sunday 03-15 -> Monday
    assert CAL.calendar_deadline(D("2025-03-01"), 15) == D("2025-03-17")  # Sunday 03-16 -> Monday


def test_deadline_on_a_working_day_is_not_moved_and_counts_from_the_next_day() -> None:
    assert CAL.calendar_deadline(D("2026-03-02"), 15) == D("2026-03-17")  # a Tuesday
    assert CAL.calendar_deadline(D("2026-03-02"), 60) == D("2026-05-06")  # 05-01 lands in Labour Day 05-01..05


def test_holiday_weekdays_are_rest_days_and_ordinary_weekdays_are_not() -> None:
    assert not CAL.is_working_day(D("2026-10-05"))  # a Monday in National Day
    assert not CAL.is_working_day(D("2025-01-31"))  # a Friday in Spring Festival
    assert CAL.is_working_day(D("2026-03-18"))  # an ordinary Wednesday
    assert not CAL.is_working_day(D("2026-03-21"))  # an ordinary Saturday


# ---- working days: make-up days count, holidays do not ----------------------------------------


def test_working_days_count_makeup_days_and_skip_holidays() -> None:
    # Mon 09-28: Tue 29 (1), Wed 30 (2), 10-01..07 holiday, Thu 08 (3), Fri 09 (4), Sat 10 make-up (5)
    assert CAL.working_days_deadline(D("2026-09-28"), 5) == D("2026-10-10")
    # Fri 09-18: Sat 19 rest, Sun 20 make-up (1), Mon 21 .. Thu 24 (2..5), 25..27 Mid-Autumn
    assert CAL.working_days_deadline(D("2026-09-18"), 1) == D("2026-09-20")
    assert CAL.working_days_deadline(D("2026-09-18"), 6) == D("2026-09-28")
    # the 5-working-day objection window across the 2025 Spring Festival (01-28..02-04):
    # Wed 02-05 (1), Thu 06 (2), Fri 07 (3), make-up Sat 08 (4), Mon 10 (5)
    assert CAL.working_days_deadline(D("2025-01-27"), 4) == D("2025-02-08")
    assert CAL.working_days_deadline(D("2025-01-27"), 5) == D("2025-02-10")


def test_working_days_on_plain_weeks_skip_the_weekend() -> None:
    assert CAL.working_days_deadline(D("2026-03-13"), 5) == D("2026-03-20")  # Fri -> next Fri


# ---- years without data, and years an operator adds ---------------------------------------------


def test_shipped_years_are_covered() -> None:
    assert CAL.covers(2025) and CAL.covers(2026)


def test_a_holiday_is_found_by_its_code_or_else_by_its_name(tmp_path: Path) -> None:
    # the shipped files give each holiday a code; an operator's file without codes still works by name
    national = CAL.holiday(2025, "national_day")
    assert national is not None and (national.first, national.last) == (D("2025-10-01"), D("2025-10-08"))
    assert national.name == "國慶節、中秋節 National Day and Mid-Autumn"
    cal = Calendar.from_files(write_year(tmp_path, 2030, [("2030-05-01", "2030-05-05")], []))
    assert cal.holiday(2030, "h0") == cal.holidays_of(2030)[0] and cal.holiday(2029, "h0") is None


def test_a_year_without_data_falls_back_to_weekends_only() -> None:
    assert not CAL.covers(2031)
    assert CAL.is_working_day(D("2031-10-01"))  # a Wednesday: no holiday data, so a working day
    assert CAL.calendar_deadline(D("2031-09-16"), 15) == D("2031-10-01")
    assert CAL.calendar_deadline(D("2031-09-19"), 15) == D("2031-10-06")  # Saturday 10-04 -> Monday


def test_operator_adds_a_year_through_QIAOLIAN_HOLIDAYS_DIR(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_default_calendar: None
) -> None:
    monkeypatch.delenv("QIAOLIAN_HOLIDAYS_DIR", raising=False)
    before = default_calendar()
    assert not before.covers(2027)
    assert before.calendar_deadline(D("2027-09-16"), 15) == D("2027-10-01")  # a Friday, no data

    extra = tmp_path / "holidays"
    write_year(extra, 2027, [("2027-10-01", "2027-10-07")], ["2027-10-09"])
    monkeypatch.setenv("QIAOLIAN_HOLIDAYS_DIR", str(extra))
    after = default_calendar()
    assert after.covers(2025) and after.covers(2026) and after.covers(2027)  # shipped years still there
    assert after.calendar_deadline(D("2027-09-16"), 15) == D("2027-10-08")
    assert after.is_working_day(D("2027-10-09"))  # the make-up Saturday
    assert after.calendar_deadline(D("2025-09-20"), 15) == D("2025-10-09")


def test_an_operator_file_replaces_the_shipped_year(tmp_path: Path) -> None:
    # a (hypothetical) corrected 2026 with National Day moved to 10-02..10-08
    write_year(tmp_path, 2026, [("2026-10-02", "2026-10-08")], [])
    files = calendar_files(str(tmp_path))
    assert tmp_path / "2026.json" in files and SHIPPED / "2026.json" not in files
    cal = Calendar.from_files(*files)
    assert cal.is_working_day(D("2026-10-01"))
    assert cal.calendar_deadline(D("2026-09-22"), 15) == D("2026-10-09")
    # the whole year is replaced, not merged: the shipped 2026 Spring Festival is gone with its file
    assert cal.is_working_day(D("2026-02-16"))


@pytest.mark.parametrize(
    ("holidays", "makeup", "message"),
    [
        ([("2027-10-01", "2027-10-07")], ["2027-10-11"], "not a weekend day"),  # 10-11 is a Monday
        ([("2027-10-07", "2027-10-01")], [], "bad holiday span"),  # ends before it starts
        ([("2026-10-01", "2026-10-07")], [], "bad holiday span"),  # another year's holiday in the 2027 file
    ],
)
def test_a_malformed_year_file_is_refused(
    tmp_path: Path, holidays: list[tuple[str, str]], makeup: list[str], message: str
) -> None:
    path = write_year(tmp_path, 2027, holidays, makeup)
    with pytest.raises(ValueError, match=message):
        Calendar.from_files(path)


def test_a_malformed_operator_file_stops_the_default_calendar_loading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_default_calendar: None
) -> None:
    write_year(tmp_path, 2027, [], ["2027-03-03"])  # a Wednesday as make-up day
    monkeypatch.setenv("QIAOLIAN_HOLIDAYS_DIR", str(tmp_path))
    with pytest.raises(ValueError, match="2027-03-03"):
        default_calendar()


# ---- properties -------------------------------------------------------------------------------

starts = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))


@settings(max_examples=400, deadline=None)
@given(start=starts, days=st.integers(min_value=0, max_value=400))
def test_calendar_deadline_is_the_first_working_day_on_or_after_start_plus_days(start: date, days: int) -> None:
    due = CAL.calendar_deadline(start, days)
    raw = start + timedelta(days=days)
    assert due >= raw
    assert CAL.is_working_day(due)
    # never rolled further than needed: every day skipped was a rest day
    assert all(not CAL.is_working_day(raw + timedelta(days=i)) for i in range((due - raw).days))


@settings(max_examples=200, deadline=None)
@given(start=starts, days=st.integers(min_value=1, max_value=40))
def test_working_days_deadline_ends_on_the_nth_working_day(start: date, days: int) -> None:
    due = CAL.working_days_deadline(start, days)
    assert CAL.is_working_day(due)
    between = [start + timedelta(days=i) for i in range(1, (due - start).days + 1)]
    assert sum(CAL.is_working_day(d) for d in between) == days
