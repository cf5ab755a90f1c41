"""Petition commands from handling to finality: the one extension, the handling opinion and its
delivery (送達), review (複查) and re-review (複核) with the re-review clock paused during hearings,
closing, and the satisfaction follow-up. The first decision is in commands.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from qiaolian_chassis.errors import Conflict, Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.rights import (
    Opinion,
    PetitionClosed,
    PetitionClosedReason,
    PetitionExtensionGranted,
    PetitionFinalized,
    PetitionHearingHeld,
    PetitionOpinion,
    PetitionOpinionDelivered,
    PetitionReviewOpinionDelivered,
    PetitionReviewRequested,
    PetitionSatisfactionRecorded,
    Satisfaction,
)

from ..dates import command_date
from ..settings import periods
from . import rules
from .rules import TRANSITIONS, PetitionState
from .tables import Petition
from .transitions import begin, calendar, carry_out, load

K = rules.K


@dataclass(frozen=True)
class ExtendHandling:
    petition_id: str
    days: int
    approved_by: str
    reason: str


@dataclass(frozen=True)
class IssueOpinion:
    petition_id: str
    opinion: Opinion
    issued_on: date | None = None


@dataclass(frozen=True)
class DeliverOpinion:
    petition_id: str
    delivered_on: date | None = None


@dataclass(frozen=True)
class DeliverReviewOpinion:
    """The review opinion's (or, with `stage="rereview"`, the re-review opinion's) delivery (送達)."""

    petition_id: str
    delivered_on: date | None = None
    stage: str = "review"


@dataclass(frozen=True)
class RequestReview:
    petition_id: str
    requested_on: date | None = None


@dataclass(frozen=True)
class DecideReview:
    petition_id: str
    opinion: Opinion
    decided_by: str = ""  # the signed-in rights head, from the token
    decided_on: date | None = None


@dataclass(frozen=True)
class RequestRereview:
    petition_id: str
    requested_on: date | None = None


@dataclass(frozen=True)
class StartHearing:
    petition_id: str
    on: date | None = None


@dataclass(frozen=True)
class EndHearing:
    petition_id: str
    on: date | None = None


@dataclass(frozen=True)
class DecideRereview:
    petition_id: str
    opinion: Opinion
    decided_by: str = ""  # the signed-in rights head, from the token
    decided_on: date | None = None


@dataclass(frozen=True)
class ClosePetition:
    petition_id: str
    closed_on: date | None = None
    waiver_received_on: date | None = None


@dataclass(frozen=True)
class RecordSatisfaction:
    petition_id: str
    satisfaction: Satisfaction
    recorded_on: date | None = None


# ---- handling ----------------------------------------------------------------------------------


async def extend(uow: UnitOfWork, cmd: ExtendHandling) -> Petition:
    """One extension of at most 30 days, approved by the signed-in head (DOMAIN.md, "Rules of law":
    handling 60 days from acceptance, one extension approved by the head), and only while the handling
    deadline has not passed: a deadline already missed is not extended afterwards (409)."""
    p, on = await begin(uow, cmd.petition_id, "extend", None, "extended_on", "accepted_on", "acceptance")
    if p.handling_due is not None and on > p.handling_due:
        raise Conflict(
            f"the handling deadline passed on {p.handling_due}; an extension is granted only before it",
            current_state=p.state,
            allowed_commands=[c for c in TRANSITIONS.commands(PetitionState(p.state), p.flags) if c != "extend"],
            handling_due=p.handling_due.isoformat(),
        )
    if cmd.days > periods().max_extension_days:
        raise Invalid("days", f"an extension is at most {periods().max_extension_days} days")
    assert p.accepted_on is not None
    due = calendar().calendar_deadline(p.accepted_on, periods().handling_days + cmd.days)
    await carry_out(uow, p, "extend", on, {K.handling: due})
    p.extension_days, p.extension_approved_by, p.extension_reason = cmd.days, cmd.approved_by, cmd.reason
    p.handling_due = due
    uow.emit(p.id, PetitionExtensionGranted(petition_id=p.id, days=cmd.days, handling_due=due))
    return p


async def issue_opinion(uow: UnitOfWork, cmd: IssueOpinion) -> Petition:
    return await _opinion(uow, cmd.petition_id, "issue_opinion", cmd.opinion, cmd.issued_on, "issued_on")


async def deliver_opinion(uow: UnitOfWork, cmd: DeliverOpinion) -> Petition:
    p, on = await begin(
        uow,
        cmd.petition_id,
        "deliver_opinion",
        cmd.delivered_on,
        "delivered_on",
        "opinion_issued_on",
        "the opinion was issued",
    )
    await carry_out(uow, p, "deliver_opinion", on)
    p.opinion_delivered_on = on
    p.review_request_until = rules.period_end(on, periods().review_request_days, calendar())
    uow.emit(
        p.id, PetitionOpinionDelivered(petition_id=p.id, delivered_on=on, review_request_until=p.review_request_until)
    )
    return p


# stage -> (the command, the date its delivery may not precede, said as)
DELIVERIES = {
    "review": ("deliver_review_opinion", "review_decided_on", "the review was decided"),
    "rereview": ("deliver_rereview_opinion", "rereview_decided_on", "the re-review was decided"),
}


async def deliver_review_opinion(uow: UnitOfWork, cmd: DeliverReviewOpinion) -> Petition:
    """The review opinion's delivery (送達) opens the 30-day re-review window (DOMAIN.md, "Rules of law":
    re-review is requested within 30 days of receiving the review opinion, 信訪工作條例 Art. 36); the
    re-review opinion's delivery is recorded the same way and opens nothing (the matter is final)."""
    command, after, what = DELIVERIES[cmd.stage]
    p, on = await begin(uow, cmd.petition_id, command, cmd.delivered_on, "delivered_on", after, what)
    await carry_out(uow, p, command, on)
    until = None
    if cmd.stage == "review":
        p.review_opinion_delivered_on = on
        until = p.rereview_request_until = rules.period_end(on, periods().rereview_request_days, calendar())
    else:
        p.rereview_opinion_delivered_on = on
    uow.emit(
        p.id,
        PetitionReviewOpinionDelivered(petition_id=p.id, delivered_on=on, rereview_request_until=until),
        event_type=f"qiaolian.rights.petition.{cmd.stage}_opinion_delivered.v1",
    )
    return p


# ---- review and re-review ----------------------------------------------------------------------

# stage -> (the date its request counts from, said as, its words, request window, decision period)
STAGES = {
    "review": (
        "opinion_delivered_on",
        "the opinion was delivered",
        "a review",
        "of the opinion's delivery",
        "review_request_days",
        "review_days",
    ),
    "rereview": (
        "review_opinion_delivered_on",
        "the review opinion was delivered",
        "a re-review",
        "of the review opinion's delivery",
        "rereview_request_days",
        "rereview_days",
    ),
}


async def _request(uow: UnitOfWork, petition_id: str, stage: str, requested_on: date | None) -> Petition:
    """A review or re-review is requested within its window (DOMAIN.md, "Rules of law": 30 days from
    the delivery of the opinion, or of the review opinion for a re-review, Arts. 35-36); the 30-day
    deciding clock starts."""
    after, what, words, since, window_setting, period_setting = STAGES[stage]
    p, on = await begin(uow, petition_id, f"request_{stage}", requested_on, "requested_on", after, what)
    window = getattr(periods(), window_setting)
    until = rules.period_end(getattr(p, after), window, calendar())
    if on > until:
        raise Invalid("requested_on", f"{words} must be requested within {window} days {since} (by {until})")
    due = calendar().calendar_deadline(on, getattr(periods(), period_setting))
    await carry_out(uow, p, f"request_{stage}", on, {K(stage): due})
    setattr(p, f"{stage}_requested_on", on)
    setattr(p, f"{stage}_due", due)
    uow.emit(
        p.id,
        PetitionReviewRequested(petition_id=p.id, requested_on=on, due_on=due),
        event_type=f"qiaolian.rights.petition.{stage}_requested.v1",
    )
    return p


# command -> (the date it may not precede, said as, where the opinion and its date go, the fact published)
OPINIONS = {
    "issue_opinion": ("accepted_on", "acceptance", "opinion", "opinion_issued_on", "opinion_issued"),
    "decide_review": (
        "review_requested_on",
        "the review was requested",
        "review_opinion",
        "review_decided_on",
        "review_decided",
    ),
    "decide_rereview": (
        "rereview_requested_on",
        "the re-review was requested",
        "rereview_opinion",
        "rereview_decided_on",
        "rereview_decided",
    ),
}


async def _opinion(
    uow: UnitOfWork, petition_id: str, command: str, opinion: Opinion, value: date | None, field: str
) -> Petition:
    """The handling opinion, or the decision of a review or re-review, recorded with its date."""
    after, what, opinion_attr, date_attr, fact = OPINIONS[command]
    p, on = await begin(uow, petition_id, command, value, field, after, what)
    await carry_out(uow, p, command, on)
    setattr(p, opinion_attr, opinion.value)
    setattr(p, date_attr, on)
    uow.emit(
        p.id,
        PetitionOpinion(petition_id=p.id, opinion=opinion, on=on),
        event_type=f"qiaolian.rights.petition.{fact}.v1",
    )
    return p


async def request_review(uow: UnitOfWork, cmd: RequestReview) -> Petition:
    return await _request(uow, cmd.petition_id, "review", cmd.requested_on)


async def decide_review(uow: UnitOfWork, cmd: DecideReview) -> Petition:
    p = await _opinion(uow, cmd.petition_id, "decide_review", cmd.opinion, cmd.decided_on, "decided_on")
    p.review_decided_by = cmd.decided_by
    return p


async def request_rereview(uow: UnitOfWork, cmd: RequestRereview) -> Petition:
    return await _request(uow, cmd.petition_id, "rereview", cmd.requested_on)


async def start_hearing(uow: UnitOfWork, cmd: StartHearing) -> Petition:
    p, on = await begin(
        uow, cmd.petition_id, "start_hearing", cmd.on, "on", "rereview_requested_on", "the re-review was requested"
    )
    await carry_out(uow, p, "start_hearing", on)
    p.hearing_started_on = on
    return p


async def end_hearing(uow: UnitOfWork, cmd: EndHearing) -> Petition:
    """The hearing's days are not counted: the re-review deadline moves by them (and off rest days)."""
    p, on = await begin(uow, cmd.petition_id, "end_hearing", cmd.on, "on", "hearing_started_on", "the hearing started")
    assert p.hearing_started_on is not None and p.rereview_requested_on is not None
    hearing_days = rules.hearing_days(p.hearing_days or 0, p.hearing_started_on, on)
    due = calendar().calendar_deadline(p.rereview_requested_on, periods().rereview_days + hearing_days)
    await carry_out(uow, p, "end_hearing", on, {K.rereview: due})
    started = p.hearing_started_on
    p.hearing_days, p.hearing_started_on, p.rereview_due = hearing_days, None, due
    uow.emit(p.id, PetitionHearingHeld(petition_id=p.id, started_on=started, ended_on=on, rereview_due=due))
    return p


async def decide_rereview(uow: UnitOfWork, cmd: DecideRereview) -> Petition:
    """After re-review the matter is final."""
    p = await _opinion(uow, cmd.petition_id, "decide_rereview", cmd.opinion, cmd.decided_on, "decided_on")
    assert p.rereview_decided_on is not None
    p.rereview_decided_by = cmd.decided_by
    p.closed_on = p.rereview_decided_on
    uow.emit(p.id, PetitionFinalized(petition_id=p.id, finalized_on=p.closed_on))
    return p


# ---- closing -----------------------------------------------------------------------------------


def review_window_end(p: Petition) -> date | None:
    """The last day the petitioner may still ask for a review (or a re-review) of the last opinion,
    or None where no such window is open (DOMAIN.md, "Rules of law": 30 days from the delivery of the
    opinion, or of the review opinion for a re-review)."""
    stage = {PetitionState.opinion_delivered: "review", PetitionState.review_opinion_delivered: "rereview"}.get(
        PetitionState(p.state)
    )
    if stage is None:
        return None
    after, *_, window_setting, _period = STAGES[stage]
    start = getattr(p, after)
    return None if start is None else rules.period_end(start, getattr(periods(), window_setting), calendar())


async def close(uow: UnitOfWork, cmd: ClosePetition) -> Petition:
    """Close after a delivered opinion: only once the review (or re-review) window has ended (the
    scheduler does that), or earlier on the petitioner's written waiver; closing must not cut off a
    review (DOMAIN.md, "Rules of law": the petitioner keeps that right while the window is open)."""
    p = await load(uow, cmd.petition_id)
    TRANSITIONS.require(PetitionState(p.state), "close", p.flags)
    on = command_date(
        uow.today,
        cmd.closed_on,
        "closed_on",
        p.review_opinion_delivered_on or p.opinion_delivered_on,
        "the last opinion's delivery",
    )
    until = review_window_end(p)
    reason = None
    if cmd.waiver_received_on is not None:
        if cmd.waiver_received_on > on:
            raise Invalid("waiver_received_on", "cannot be after closed_on")
        reason = PetitionClosedReason.review_waived
    elif until is not None and on <= until:
        raise Conflict(
            f"the petitioner may ask for a review until {until}; close before then needs the written "
            "waiver (waiver_received_on)",
            review_window_ends=until.isoformat(),
        )
    else:
        reason = PetitionClosedReason.review_window_lapsed
    await carry_out(uow, p, "close", on)
    p.closed_on, p.waiver_received_on = on, cmd.waiver_received_on
    uow.emit(p.id, PetitionClosed(petition_id=p.id, closed_on=on, reason=reason))
    return p


async def close_lapsed(uow: UnitOfWork, on: date) -> int:
    """The scheduler's sweep: close each petition whose review or re-review window ended before `on`
    without a request (`petition.closed`, reason `review_window_lapsed`)."""
    waiting = (PetitionState.opinion_delivered.value, PetitionState.review_opinion_delivered.value)
    ids = (await uow.session.execute(sa.select(Petition.id).where(Petition.state.in_(waiting)))).scalars().all()
    closed = 0
    for petition_id in ids:
        p = await load(uow, petition_id)
        until = review_window_end(p)
        if until is None or on <= until:
            continue
        await carry_out(uow, p, "close", on)
        p.closed_on = on
        uow.emit(
            p.id,
            PetitionClosed(petition_id=p.id, closed_on=on, reason=PetitionClosedReason.review_window_lapsed),
        )
        closed += 1
    return closed


async def record_satisfaction(uow: UnitOfWork, cmd: RecordSatisfaction) -> Petition:
    p, on = await begin(
        uow, cmd.petition_id, "record_satisfaction", cmd.recorded_on, "recorded_on", "closed_on", "closing"
    )
    await carry_out(uow, p, "record_satisfaction", on)
    p.satisfaction, p.satisfaction_on = cmd.satisfaction.value, on
    uow.emit(p.id, PetitionSatisfactionRecorded(petition_id=p.id, satisfaction=cmd.satisfaction, recorded_on=on))
    return p
