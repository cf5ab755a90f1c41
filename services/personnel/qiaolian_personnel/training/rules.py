"""What a course and a trainee's completion must agree on."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from qiaolian_chassis.errors import Invalid

TraineeState = Literal["enrolled", "completed"]


def check_course(plan_year: int, starts_on: date, ends_on: date) -> None:
    """A course starts in its plan's year and does not end before it starts."""
    if starts_on.year != plan_year:
        raise Invalid("starts_on", f"must fall in the plan's year {plan_year}")
    if ends_on < starts_on:
        raise Invalid("ends_on", "must not be before starts_on")


def check_completion(course_hours: Decimal, course_starts_on: date, hours: Decimal, completed_on: date) -> None:
    """No more hours than the course has, and not completed before it started."""
    if hours > course_hours:
        raise Invalid("hours", f"more than the course's {course_hours} hours")
    if completed_on < course_starts_on:
        raise Invalid("completed_on", "before the course started")
