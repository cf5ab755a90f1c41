"""Pure rules of petitions (信訪工作條例, 2022): states, allowed commands, statutory deadlines.

No I/O here: the application layer loads a petition, asks these rules, and saves the result.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from qiaolian_chassis.deadlines import DeadlineKind
from qiaolian_chassis.errors import InvalidTransition
from qiaolian_contracts.events.rights import PetitionDeadline, PetitionDeadlineKind
from qiaolian_contracts.calendar import Calendar


class PetitionPeriods(BaseSettings):
    """Statutory periods in days; every number comes from configuration (prefix `RIGHTS_`)."""

    model_config = SettingsConfigDict(env_prefix="RIGHTS_", extra="ignore")

    first_decision_days: int = Field(15, ge=1, description="written notice of the first decision (Art. 22)")
    handling_days: int = Field(60, ge=1, description="handling from acceptance (Art. 32)")
    warn_days: int = Field(3, ge=0, description="publish deadline_approaching this many days before")


class PetitionState(StrEnum):
    filed = "filed"
    accepted = "accepted"


# command -> the states it may be applied in
ALLOWED: dict[str, frozenset[PetitionState]] = {
    "accept": frozenset({PetitionState.filed}),
    "assign_handler": frozenset({PetitionState.filed, PetitionState.accepted}),
}


def allowed_commands(state: PetitionState) -> list[str]:
    return sorted(cmd for cmd, states in ALLOWED.items() if state in states)


def require(state: PetitionState, command: str) -> None:
    if state not in ALLOWED[command]:
        raise InvalidTransition("petition", state.value, command.replace("_", " "), allowed_commands(state))


def first_decision_due(received_on: date, calendar: Calendar, periods: PetitionPeriods) -> date:
    return calendar.calendar_deadline(received_on, periods.first_decision_days)


def handling_due(accepted_on: date, calendar: Calendar, periods: PetitionPeriods) -> date:
    return calendar.calendar_deadline(accepted_on, periods.handling_days)


def petition_deadline_kinds(periods: PetitionPeriods | None = None) -> list[DeadlineKind]:
    """The petition deadlines the scheduler watches; subject ids are petition ids."""
    periods = periods or PetitionPeriods()

    def payload(kind: PetitionDeadlineKind) -> Any:
        return lambda petition_id, due_on, _which: PetitionDeadline(petition_id=petition_id, deadline=kind, due_on=due_on)

    return [
        DeadlineKind(f"petition_{k.value}", periods.warn_days, "qiaolian.rights.petition.deadline_approaching.v1",
                     "qiaolian.rights.petition.overdue.v1", payload(k))
        for k in PetitionDeadlineKind
    ]
