"""Pure rules of petitions (信訪工作條例, 2022): states, the transition table, statutory deadlines.

No I/O here: the application layer loads a petition, asks these rules, and saves the result.

The state machine is one table, `RULES`: for each command, the states it may be applied in, the
state it leads to, and what it does to the petition's deadlines (open, meet, cancel, move, pause,
resume). `DEADLINES_IN` says which deadlines must be running in each state; the property tests in
services/rights/tests check that no sequence of commands breaks it (no invalid state, no lost or
leftover deadline).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from qiaolian_chassis.deadlines import DeadlineKind
from qiaolian_chassis.errors import Invalid, InvalidTransition
from qiaolian_contracts.calendar import Calendar
from qiaolian_contracts.events.rights import CounselTermEnded, PetitionDeadline, PetitionDeadlineKind


class PetitionPeriods(BaseSettings):
    """Statutory periods in days; every number comes from configuration (prefix `RIGHTS_`)."""

    model_config = SettingsConfigDict(env_prefix="RIGHTS_", extra="ignore")

    first_decision_days: int = Field(15, ge=1, description="written notice of the first decision (Art. 22)")
    handling_days: int = Field(60, ge=1, description="handling from acceptance (Art. 32)")
    max_extension_days: int = Field(30, ge=1, description="one extension of handling, at most (Art. 32)")
    transfer_acknowledge_days: int = Field(15, ge=1, description="acknowledge a matter transferred in")
    transfer_objection_working_days: int = Field(5, ge=1, description="object to a matter transferred in")
    review_request_days: int = Field(30, ge=1, description="request a review after the opinion's delivery (Art. 35)")
    review_days: int = Field(30, ge=1, description="decide a review (Art. 35)")
    rereview_request_days: int = Field(30, ge=1, description="request a re-review after the review (Art. 36)")
    rereview_days: int = Field(30, ge=1, description="decide a re-review, hearing time not counted (Art. 36)")
    max_representatives: int = Field(5, ge=1, description="representatives of a group visit (Art. 18)")
    warn_days: int = Field(3, ge=0, description="publish deadline_approaching this many days before")


class PetitionState(StrEnum):
    filed = "filed"  # awaiting the first decision
    received_by_transfer = "received_by_transfer"  # transferred in: acknowledge or object
    linked = "linked"  # a repeat of an open petition; handled there
    accepted = "accepted"  # being handled
    not_accepted = "not_accepted"
    routed = "routed"  # told to go to a competent organ
    transferred = "transferred"  # 轉送 to a lower federation, awaiting feedback
    assigned = "assigned"  # 交辦 to a lower federation, awaiting feedback
    objected = "objected"  # objection to a transferred-in matter
    opinion_issued = "opinion_issued"
    opinion_delivered = "opinion_delivered"
    under_review = "under_review"
    review_decided = "review_decided"
    under_rereview = "under_rereview"
    rereview_hearing = "rereview_hearing"  # the re-review clock is paused
    finalized = "finalized"  # final after re-review
    closed = "closed"


S = PetitionState
K = PetitionDeadlineKind

# states after which the petition is no longer open (a new petition on the matter is not a repeat of it)
TERMINAL = frozenset({S.linked, S.not_accepted, S.routed, S.objected, S.finalized, S.closed})
DECIDED = frozenset(set(S) - {S.filed, S.received_by_transfer, S.linked})  # the first decision was taken


@dataclass(frozen=True)
class Rule:
    sources: frozenset[PetitionState]
    target: PetitionState | None = None  # None: the state does not change
    opens: tuple[PetitionDeadlineKind, ...] = ()
    meets: tuple[PetitionDeadlineKind, ...] = ()
    cancels: tuple[PetitionDeadlineKind, ...] = ()
    moves: tuple[PetitionDeadlineKind, ...] = ()
    pauses: tuple[PetitionDeadlineKind, ...] = ()
    resumes: tuple[PetitionDeadlineKind, ...] = ()
    guard: str | None = None  # a flag that must still be unset (once-only commands)


def _s(*states: PetitionState) -> frozenset[PetitionState]:
    return frozenset(states)


HANDLING = _s(S.filed, S.received_by_transfer, S.accepted, S.opinion_issued, S.opinion_delivered,
              S.under_review, S.review_decided, S.under_rereview, S.rereview_hearing)

RULES: dict[str, Rule] = {
    # first decision (15 days)
    "accept": Rule(_s(S.filed), S.accepted, opens=(K.handling,), meets=(K.first_decision,)),
    "not_accept": Rule(_s(S.filed), S.not_accepted, meets=(K.first_decision,)),
    "route": Rule(_s(S.filed), S.routed, meets=(K.first_decision,)),
    "transfer": Rule(_s(S.filed), S.transferred, opens=(K.feedback,), meets=(K.first_decision,)),
    "assign": Rule(_s(S.filed), S.assigned, opens=(K.feedback,), meets=(K.first_decision,)),
    "record_feedback": Rule(_s(S.transferred, S.assigned), S.closed, meets=(K.feedback,)),
    "record_notice": Rule(DECIDED, guard="notice"),
    # matters transferred in
    "acknowledge": Rule(_s(S.received_by_transfer), S.accepted, opens=(K.handling,),
                        meets=(K.transfer_acknowledgement,), cancels=(K.transfer_objection,)),
    "object": Rule(_s(S.received_by_transfer), S.objected, meets=(K.transfer_objection,),
                   cancels=(K.transfer_acknowledgement,)),
    # handling (60 days, one extension)
    "assign_handler": Rule(HANDLING),
    "extend": Rule(_s(S.accepted), moves=(K.handling,), guard="extended"),
    "issue_opinion": Rule(_s(S.accepted), S.opinion_issued, meets=(K.handling,)),
    "deliver_opinion": Rule(_s(S.opinion_issued), S.opinion_delivered),
    # review and re-review
    "request_review": Rule(_s(S.opinion_delivered), S.under_review, opens=(K.review,)),
    "decide_review": Rule(_s(S.under_review), S.review_decided, meets=(K.review,)),
    "request_rereview": Rule(_s(S.review_decided), S.under_rereview, opens=(K.rereview,)),
    "start_hearing": Rule(_s(S.under_rereview), S.rereview_hearing, pauses=(K.rereview,)),
    "end_hearing": Rule(_s(S.rereview_hearing), S.under_rereview, resumes=(K.rereview,)),
    "decide_rereview": Rule(_s(S.under_rereview), S.finalized, meets=(K.rereview,)),
    "close": Rule(_s(S.opinion_delivered, S.review_decided), S.closed),
    # after closing
    "record_satisfaction": Rule(_s(S.closed, S.finalized), guard="satisfaction"),
}

# the deadlines running (open or paused) in each state; every other deadline is met or cancelled
DEADLINES_IN: dict[PetitionState, frozenset[PetitionDeadlineKind]] = {
    S.filed: frozenset({K.first_decision}),
    S.received_by_transfer: frozenset({K.transfer_acknowledgement, K.transfer_objection}),
    S.accepted: frozenset({K.handling}),
    S.transferred: frozenset({K.feedback}),
    S.assigned: frozenset({K.feedback}),
    S.under_review: frozenset({K.review}),
    S.under_rereview: frozenset({K.rereview}),
    S.rereview_hearing: frozenset({K.rereview}),
}
PAUSED_IN: dict[PetitionState, frozenset[PetitionDeadlineKind]] = {S.rereview_hearing: frozenset({K.rereview})}


def running_deadlines(state: PetitionState) -> frozenset[PetitionDeadlineKind]:
    return DEADLINES_IN.get(state, frozenset())


def allowed_commands(state: PetitionState, flags: frozenset[str] = frozenset()) -> list[str]:
    """The commands the petition accepts now; `flags` are the once-only facts already recorded."""
    return sorted(cmd for cmd, r in RULES.items() if state in r.sources and (r.guard is None or r.guard not in flags))


def require(state: PetitionState, command: str, flags: frozenset[str] = frozenset()) -> Rule:
    """The rule of `command`, or 409 with the current state and the allowed commands."""
    rule = RULES[command]
    if command not in allowed_commands(state, flags):
        raise InvalidTransition("petition", state.value, command.replace("_", " "), allowed_commands(state, flags))
    return rule


@dataclass(frozen=True)
class Machine:
    """A small state machine as a table: command -> (the states it may be applied in, the state it
    leads to, or None to stay). For the roster, consultations and disputes; petitions use `RULES`."""

    entity: str
    rules: dict[str, tuple[frozenset[str], str | None]]

    def allowed(self, state: str) -> list[str]:
        return sorted(c for c, (sources, _) in self.rules.items() if state in sources)

    def apply(self, state: str, command: str) -> str:
        """The state after `command`, or 409 with the current state and the allowed commands."""
        sources, target = self.rules[command]
        if state not in sources:
            raise InvalidTransition(self.entity, state, command.replace("_", " "), self.allowed(state))
        return target or state


# ---- statutory dates ---------------------------------------------------------------------------

def command_date(today: date, value: date | None, field: str, not_before: date | None, what: str) -> date:
    """The date a command is recorded for: today by default, never in the future, never before the
    step it follows (`what`, on `not_before`); otherwise 422 on `field`."""
    value = value or today
    if value > today:
        raise Invalid(field, "cannot be in the future")
    if not_before is not None and value < not_before:
        raise Invalid(field, f"cannot be before {what} ({not_before})")
    return value


def first_decision_due(received_on: date, calendar: Calendar, periods: PetitionPeriods) -> date:
    return calendar.calendar_deadline(received_on, periods.first_decision_days)


def handling_due(accepted_on: date, calendar: Calendar, periods: PetitionPeriods) -> date:
    return calendar.calendar_deadline(accepted_on, periods.handling_days)


def transfer_dues(received_on: date, calendar: Calendar, periods: PetitionPeriods) -> tuple[date, date]:
    """(acknowledge by, object by): 15 calendar days and 5 working days after receipt."""
    return (calendar.calendar_deadline(received_on, periods.transfer_acknowledge_days),
            calendar.working_days_deadline(received_on, periods.transfer_objection_working_days))


def period_end(start: date, days: int, calendar: Calendar) -> date:
    """The last day of a calendar-day period counted from the day after `start`, off rest days."""
    return calendar.calendar_deadline(start, days)


# ---- personal identifiers ----------------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_number_problem(raw: str) -> str | None:
    """Why an 18-digit resident ID number (GB 11643-1999) is invalid, or None. Never echoes it."""
    v = raw.strip().upper()
    if len(v) != 18 or not v[:17].isdigit() or not (v[17].isdigit() or v[17] == "X"):
        return "must be 18 characters: 17 digits and a digit or X"
    try:
        date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        return "the birth date part is not a date"
    if _ID_CHECK[sum(int(c) * w for c, w in zip(v[:17], _ID_WEIGHTS)) % 11] != v[17]:
        return "the check digit does not match"
    return None


def normalise_id_number(raw: str) -> str:
    return raw.strip().upper()


def id_hash(id_number: str, key: str) -> str:
    """Keyed hash (HMAC-SHA256) of a normalised ID number: finds a returning petitioner, reveals nothing."""
    return hmac.new(key.encode(), normalise_id_number(id_number).encode(), hashlib.sha256).hexdigest()


def mask_id(id_number: str) -> str:
    """430***********1234: the region prefix and the last four, as shown in API responses."""
    v = normalise_id_number(id_number)
    return v[:3] + "*" * (len(v) - 7) + v[-4:]


# ---- the scheduler's kinds ---------------------------------------------------------------------

def petition_deadline_kinds(periods: PetitionPeriods | None = None) -> list[DeadlineKind]:
    """The petition deadlines the scheduler watches; subject ids are petition ids.

    The objection window of a transferred-in matter is a right, not a duty: it warns before it
    closes but is never published as overdue.
    """
    periods = periods or PetitionPeriods()

    def payload(kind: PetitionDeadlineKind) -> Any:
        return lambda petition_id, due_on, _which: PetitionDeadline(petition_id=petition_id, deadline=kind,
                                                                    due_on=due_on)

    return [
        DeadlineKind(f"petition_{k.value}", periods.warn_days, "qiaolian.rights.petition.deadline_approaching.v1",
                     None if k is K.transfer_objection else "qiaolian.rights.petition.overdue.v1", payload(k))
        for k in PetitionDeadlineKind
    ]


COUNSEL_TERM = "counsel_term"
COUNSEL_TERM_ENDED = "qiaolian.rights.counsel.term_ended.v1"


def counsel_term_kind() -> DeadlineKind:
    """The end of a counsel's term: the scheduler's "overdue" (the day after the last day) is `term_ended`."""
    return DeadlineKind(COUNSEL_TERM, 0, None, COUNSEL_TERM_ENDED,
                        lambda counsel_id, due_on, _which: CounselTermEnded(counsel_id=counsel_id, ended_on=due_on))
