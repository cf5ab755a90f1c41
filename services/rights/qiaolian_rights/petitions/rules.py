"""Pure rules of petitions (信訪工作條例, 2022): states, the transition table, statutory deadlines.

No I/O here: the commands load a petition, ask these rules, and save the result.

The state machine is one table, `TRANSITIONS`: for each command, the states it may be applied in, the
state it leads to, and what it does to the petition's deadlines (open, meet, cancel, move, pause,
resume). `DEADLINES_IN` says which deadlines must be running in each state; the property tests in
services/rights/tests check that no sequence of commands breaks it (no invalid state, no lost or
leftover deadline).
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from datetime import date
from enum import StrEnum
from typing import Protocol

from qiaolian_chassis.privacy import mask
from qiaolian_chassis.statemachine import Rule, Transitions
from qiaolian_contracts.board import BoardItemKind
from qiaolian_contracts.calendar import Calendar
from qiaolian_contracts.events.rights import PetitionDeadlineKind


class Periods(Protocol):
    """The statutory periods in days the rules count with (rights' settings give them)."""

    @property
    def first_decision_days(self) -> int: ...
    @property
    def notice_days(self) -> int: ...
    @property
    def handling_days(self) -> int: ...
    @property
    def transfer_acknowledge_days(self) -> int: ...
    @property
    def transfer_objection_working_days(self) -> int: ...


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
    review_decided = "review_decided"  # the review opinion awaits its delivery
    review_opinion_delivered = "review_opinion_delivered"  # the re-review window runs from here (Art. 36)
    under_rereview = "under_rereview"
    rereview_hearing = "rereview_hearing"  # the re-review clock is paused
    finalized = "finalized"  # final after re-review
    closed = "closed"


S = PetitionState
K = PetitionDeadlineKind

# states after which the petition is no longer open (a new petition on the matter is not a repeat of it)
TERMINAL = frozenset({S.linked, S.not_accepted, S.routed, S.objected, S.finalized, S.closed})
DECIDED = frozenset(set(S) - {S.filed, S.received_by_transfer, S.linked})  # the first decision was taken


def _s(*states: PetitionState) -> frozenset[PetitionState]:
    return frozenset(states)


HANDLING = _s(
    S.filed,
    S.received_by_transfer,
    S.accepted,
    S.opinion_issued,
    S.opinion_delivered,
    S.under_review,
    S.review_decided,
    S.review_opinion_delivered,
    S.under_rereview,
    S.rereview_hearing,
)

# guards (`flags`): the once-only facts a petition has recorded
TRANSITIONS = Transitions(
    "petition",
    {
        # first decision (15 days)
        "accept": Rule(_s(S.filed), S.accepted, opens=(K.handling,), meets=(K.first_decision,)),
        "not_accept": Rule(_s(S.filed), S.not_accepted, meets=(K.first_decision,)),
        "route": Rule(_s(S.filed), S.routed, meets=(K.first_decision,)),
        "transfer": Rule(_s(S.filed), S.transferred, opens=(K.feedback,), meets=(K.first_decision,)),
        "assign": Rule(_s(S.filed), S.assigned, opens=(K.feedback,), meets=(K.first_decision,)),
        "record_feedback": Rule(_s(S.transferred, S.assigned), S.closed, meets=(K.feedback,)),
        # the written notice meets its own deadline (DOMAIN.md: within 15 days of receipt), beside the decision's
        "record_notice": Rule(DECIDED, guard="notice", meets=(K.notice,)),
        # repeats linked and unlinked by hand (with a reason); on intake `linked` comes from the keyed hashes
        "link_repeat": Rule(_s(S.filed), S.linked, cancels=(K.first_decision,)),
        "unlink_repeat": Rule(_s(S.linked), S.filed, opens=(K.first_decision,)),
        # matters transferred in
        "acknowledge": Rule(
            _s(S.received_by_transfer),
            S.accepted,
            opens=(K.handling,),
            meets=(K.transfer_acknowledgement,),
            cancels=(K.transfer_objection,),
        ),
        "object": Rule(
            _s(S.received_by_transfer), S.objected, meets=(K.transfer_objection,), cancels=(K.transfer_acknowledgement,)
        ),
        # handling (60 days, one extension)
        "assign_handler": Rule(HANDLING),
        "extend": Rule(_s(S.accepted), moves=(K.handling,), guard="extended"),
        "issue_opinion": Rule(_s(S.accepted), S.opinion_issued, meets=(K.handling,)),
        "deliver_opinion": Rule(_s(S.opinion_issued), S.opinion_delivered),
        # review and re-review
        "request_review": Rule(_s(S.opinion_delivered), S.under_review, opens=(K.review,)),
        "decide_review": Rule(_s(S.under_review), S.review_decided, meets=(K.review,)),
        "deliver_review_opinion": Rule(_s(S.review_decided), S.review_opinion_delivered),
        "request_rereview": Rule(_s(S.review_opinion_delivered), S.under_rereview, opens=(K.rereview,)),
        "start_hearing": Rule(_s(S.under_rereview), S.rereview_hearing, pauses=(K.rereview,)),
        "end_hearing": Rule(_s(S.rereview_hearing), S.under_rereview, resumes=(K.rereview,)),
        "decide_rereview": Rule(_s(S.under_rereview), S.finalized, meets=(K.rereview,)),
        # only once an opinion is delivered; while its window runs, only on a written waiver (handling_commands)
        "close": Rule(_s(S.opinion_delivered, S.review_opinion_delivered), S.closed),
        # after closing
        "record_satisfaction": Rule(_s(S.closed, S.finalized), guard="satisfaction"),
        "deliver_rereview_opinion": Rule(_s(S.finalized), guard="rereview_delivered"),
    },
)

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

# a right of the federation, not a duty: supervision boards need not watch it, it has no on-time rate
UNSUPERVISED = frozenset({K.transfer_objection})

# the scheduler's name of each petition deadline is the board's kind of it
DEADLINE_OF: dict[str, PetitionDeadlineKind] = {BoardItemKind.of_petition(k).value: k for k in PetitionDeadlineKind}


def running_deadlines(state: PetitionState, notice_pending: bool = False) -> frozenset[PetitionDeadlineKind]:
    """The deadlines running in `state`; the written notice's runs, whatever the state, from filing
    until it is sent or waived (`notice_pending`)."""
    return DEADLINES_IN.get(state, frozenset()) | ({K.notice} if notice_pending else frozenset())


# ---- statutory dates ---------------------------------------------------------------------------


def first_decision_due(received_on: date, calendar: Calendar, periods: Periods) -> date:
    return period_end(received_on, periods.first_decision_days, calendar)


def notice_due(received_on: date, calendar: Calendar, periods: Periods) -> date:
    """The written notice within 15 days of receipt (DOMAIN.md, "Rules of law"; Art. 22)."""
    return period_end(received_on, periods.notice_days, calendar)


def handling_due(accepted_on: date, calendar: Calendar, periods: Periods) -> date:
    return period_end(accepted_on, periods.handling_days, calendar)


def transfer_dues(received_on: date, calendar: Calendar, periods: Periods) -> tuple[date, date]:
    """(acknowledge by, object by): 15 calendar days and 5 working days after receipt."""
    return (
        calendar.calendar_deadline(received_on, periods.transfer_acknowledge_days),
        calendar.working_days_deadline(received_on, periods.transfer_objection_working_days),
    )


def period_end(start: date, days: int, calendar: Calendar) -> date:
    """The last day of a calendar-day period counted from the day after `start`, off rest days."""
    end: date = calendar.calendar_deadline(start, days)
    return end


def hearing_days(so_far: int, started_on: date, ended_on: date) -> int:
    """The days of re-review hearings, which the re-review period does not count."""
    return so_far + (ended_on - started_on).days


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
    if _ID_CHECK[sum(int(c) * w for c, w in zip(v[:17], _ID_WEIGHTS, strict=False)) % 11] != v[17]:
        return "the check digit does not match"
    return None


def normalise_id_number(raw: str) -> str:
    return raw.strip().upper()


def id_hash(id_number: str, key: str) -> str:
    """Keyed hash (HMAC-SHA256) of a normalised ID number: finds a returning petitioner, reveals nothing."""
    return hmac.new(key.encode(), normalise_id_number(id_number).encode(), hashlib.sha256).hexdigest()


def normalise_name(raw: str) -> str:
    """A name as compared: Unicode NFKC (full-width to half-width), no spaces or middle dots, case-folded."""
    folded = unicodedata.normalize("NFKC", raw).casefold()
    return "".join(c for c in folded if not c.isspace() and c not in "·•.-")


def normalise_phone(raw: str) -> str:
    """A phone number as compared: its digits only, a leading +86/0086 country code dropped."""
    digits = "".join(c for c in unicodedata.normalize("NFKC", raw) if c.isdigit())
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 11:
            return digits[len(prefix) :]
    return digits


def contact_hash(name: str, phone: str, key: str) -> str | None:
    """Keyed hash (HMAC-SHA256) of the normalised name and phone: finds a returning petitioner who gave
    no ID number (DOMAIN.md capabilities: repeat detection), neither value kept nor published."""
    n, p = normalise_name(name), normalise_phone(phone)
    if not n or len(p) < 7:
        return None
    return hmac.new(key.encode(), f"contact\x1f{n}\x1f{p}".encode(), hashlib.sha256).hexdigest()


def masked_id_number(id_number: str) -> str:
    """430*************34: the region prefix and the last two (ACCESS.md), as shown in API responses."""
    masked: str = mask(normalise_id_number(id_number), head=3, tail=2)
    return masked
