"""Petition deadlines on the real 2025 and 2026 holiday calendars (State Council notices)."""

from __future__ import annotations

from datetime import date

import pytest

from qiaolian_contracts.calendar import SHIPPED, Calendar
from qiaolian_rights.petitions import rules
from qiaolian_rights.settings import PetitionPeriods

CAL = Calendar.from_files(*sorted(SHIPPED.glob("*.json")))
D = date.fromisoformat


@pytest.fixture(autouse=True)
def no_rights_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PetitionPeriods.model_fields:
        monkeypatch.delenv(f"RIGHTS_{name.upper()}", raising=False)


@pytest.mark.parametrize(
    ("received", "due", "why"),
    [
        ("2025-01-15", "2025-02-05", "01-30 falls in the 2025 Spring Festival (01-28..02-04)"),
        ("2025-09-20", "2025-10-09", "10-05 falls in the 2025 National Day holiday (10-01..10-08)"),
        ("2026-02-01", "2026-02-24", "02-16 falls in the 2026 Spring Festival (02-15..02-23)"),
        ("2026-09-20", "2026-10-08", "10-05 falls in the 2026 National Day holiday (10-01..10-07)"),
        ("2026-01-30", "2026-02-14", "Saturday 02-14 is a make-up working day: no roll"),
        ("2025-09-13", "2025-09-28", "Sunday 09-28 is a make-up working day: no roll"),
    ],
)
def test_a_first_decision_deadline_in_a_holiday_rolls_to_the_next_working_day(
    received: str, due: str, why: str
) -> None:
    assert rules.first_decision_due(D(received), CAL, PetitionPeriods()) == D(due), why


@pytest.mark.parametrize(
    ("received", "objection_due", "why"),
    [
        ("2025-09-24", "2025-09-30", "Wed: 09-25, 09-26, make-up Sunday 09-28, 09-29, 09-30"),
        ("2025-09-26", "2025-10-10", "Fri: make-up Sun 09-28, 09-29, 09-30, (10-01..08 holiday) 10-09, 10-10"),
        ("2026-02-10", "2026-02-24", "Tue: 02-11, 02-12, 02-13, make-up Saturday 02-14, (02-15..23) 02-24"),
        ("2026-09-28", "2026-10-10", "Mon: 09-29, 09-30, (10-01..07) 10-08, 10-09 and make-up Saturday 10-10"),
    ],
)
def test_the_objection_window_counts_working_days_with_make_up_days(
    received: str, objection_due: str, why: str
) -> None:
    _, objection = rules.transfer_dues(D(received), CAL, PetitionPeriods())
    assert objection == D(objection_due), why
