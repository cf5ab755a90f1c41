"""The date a command is recorded for, the same rule in every concept of rights. Pure."""

from __future__ import annotations

from datetime import date

from qiaolian_chassis.errors import Invalid


def command_date(today: date, value: date | None, field: str, not_before: date | None, what: str) -> date:
    """The date a command is recorded for: today by default, never in the future, never before the
    step it follows (`what`, on `not_before`); otherwise 422 on `field`."""
    value = value or today
    if value > today:
        raise Invalid(field, "cannot be in the future")
    if not_before is not None and value < not_before:
        raise Invalid(field, f"cannot be before {what} ({not_before})")
    return value
