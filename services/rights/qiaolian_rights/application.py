"""rights' command handlers: load, ask the domain rules, change, emit facts, all in one unit of work.

Every command goes through `_apply`, which checks the transition table (409 with the current state
and the allowed commands) and carries out the rule's effect on the petition's deadlines, publishing
`petition.deadline_changed` for each so that office's supervision board follows them.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.clock import Clock, today
from qiaolian_chassis.errors import Conflict, Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.calendar import Calendar, default_calendar
from qiaolian_contracts.events.rights import (
    Channel,
    DeadlineChange,
    FirstDecision,
    NoticeWaiver,
    Opinion,
    PetitionAccepted,
    PetitionClass,
    PetitionClosed,
    PetitionDeadlineChanged,
    PetitionDeadlineKind,
    PetitionDecided,
    PetitionerStatus,
    PetitionExtensionGranted,
    PetitionFeedbackReceived,
    PetitionFiled,
    PetitionFinalized,
    PetitionHandlerAssigned,
    PetitionHearingHeld,
    PetitionLinkedAsRepeat,
    PetitionNoticeSent,
    PetitionObjectionRaised,
    PetitionOpinion,
    PetitionOpinionDelivered,
    PetitionReceivedByTransfer,
    PetitionReviewRequested,
    PetitionSatisfactionRecorded,
    Satisfaction,
)
from qiaolian_contracts.envelope import Envelope
from qiaolian_contracts.events.personnel import CadreTransferred
from qiaolian_contracts.ids import new_id

from . import domain
from .domain import PetitionPeriods, PetitionState, Rule
from .persistence import Petition, deadlines, get_or_404, staff

K = PetitionDeadlineKind
S = PetitionState


def _t(fact: str) -> str:
    return f"qiaolian.rights.petition.{fact}.v1"


FILED = _t("filed")
ACCEPTED = _t("accepted")
HANDLER_ASSIGNED = _t("handler_assigned")


@lru_cache(maxsize=1)
def periods() -> PetitionPeriods:
    return PetitionPeriods()


def calendar() -> Calendar:
    return default_calendar()


# ---- intake ------------------------------------------------------------------------------------

async def file_petition(
    uow: UnitOfWork, clock: Clock, *, channel: Channel, petitioner_name: str, petitioner_status: PetitionerStatus,
    petition_class: PetitionClass, category: str, summary: str, received_on: date,
    id_number: str | None = None, id_hash_key: str = "", phone: str | None = None, address: str | None = None,
    agent_name: str | None = None, agent_phone: str | None = None, representatives: list[str] | None = None,
    region: str | None = None, transferred_from: str | None = None,
) -> Petition:
    """Register a petition; a repeat on an open matter is linked, a matter decided for good is refused."""
    if received_on > today(clock):
        raise Invalid("received_on", "cannot be in the future")
    representatives = representatives or []
    limit = periods().max_representatives
    if representatives and channel is not Channel.visit:
        raise Invalid("representatives", "representatives are recorded for group visits only")
    if len(representatives) > limit:
        raise Invalid("representatives", f"a group visit sends at most {limit} representatives")
    id_digest = masked = None
    if id_number is not None:
        if problem := domain.id_number_problem(id_number):
            raise Invalid("petitioner.id_number", problem)
        id_digest, masked = domain.id_hash(id_number, id_hash_key), domain.mask_id(id_number)

    petition = Petition(
        id=new_id(), channel=channel.value, petitioner_name=petitioner_name,
        petitioner_status=petitioner_status.value, petition_class=petition_class.value, category=category,
        summary=summary, received_on=received_on, state=S.filed.value, created_at=uow.now,
        petitioner_id_hash=id_digest, petitioner_id_masked=masked, petitioner_phone=phone,
        petitioner_address=address, agent_name=agent_name, agent_phone=agent_phone,
        representatives=representatives, region=region, transferred_from=transferred_from, hearing_days=0,
        first_decision_due=domain.first_decision_due(received_on, calendar(), periods()),
    )
    if id_digest is not None:
        await _refuse_final_or_link(uow, petition)
    uow.session.add(petition)
    if petition.state == S.linked:
        return petition
    if transferred_from:
        petition.state = S.received_by_transfer.value
        ack, obj = domain.transfer_dues(received_on, calendar(), periods())
        petition.acknowledge_due, petition.objection_due = ack, obj
        petition.first_decision_due = ack
        await _set(uow, petition.id, K.transfer_acknowledgement, ack)
        await _set(uow, petition.id, K.transfer_objection, obj)
        uow.emit(petition.id, PetitionReceivedByTransfer(
            petition_id=petition.id, petition_class=petition_class, category=category, received_on=received_on,
            acknowledge_due=ack, objection_due=obj))
        return petition
    await _set(uow, petition.id, K.first_decision, petition.first_decision_due, announce=False)  # `filed` says it
    uow.emit(petition.id, PetitionFiled(
        petition_id=petition.id, channel=channel, petitioner_status=petitioner_status,
        petition_class=petition_class, category=category, received_on=received_on,
        first_decision_due=petition.first_decision_due, region=region, representatives=len(representatives),
    ))
    return petition


async def _refuse_final_or_link(uow: UnitOfWork, new: Petition) -> None:
    """Same petitioner (by ID hash) and a similar matter (same category): refuse or link."""
    earlier = (await uow.session.scalars(
        sa.select(Petition).where(Petition.petitioner_id_hash == new.petitioner_id_hash,
                                  Petition.category == new.category, Petition.state != S.linked.value)
        .order_by(Petition.received_on, Petition.id))).all()
    for p in earlier:
        if p.state == S.finalized:
            raise Conflict(
                f"the same matter of this petitioner was finally decided on re-review on {p.rereview_decided_on} "
                f"(petition {p.id}); it is not accepted again",
                final_petition_id=p.id, finalized_on=str(p.rereview_decided_on))
    open_ = next((p for p in earlier if S(p.state) not in domain.TERMINAL), None)
    if open_ is not None:
        new.state, new.repeat_of = S.linked.value, open_.id
        uow.emit(new.id, PetitionLinkedAsRepeat(
            petition_id=new.id, repeat_of=open_.id, received_on=new.received_on))


async def find_by_id_number(session: Any, id_number: str, key: str) -> list[Petition]:
    if problem := domain.id_number_problem(id_number):
        raise Invalid("id_number", problem)
    return list((await session.scalars(
        sa.select(Petition).where(Petition.petitioner_id_hash == domain.id_hash(id_number, key))
        .order_by(Petition.received_on.desc(), Petition.id.desc()))).all())


# ---- the state machine and its deadlines -------------------------------------------------------

# a right of the federation, not a duty: supervision boards need not watch it
UNSUPERVISED = frozenset({K.transfer_objection})


async def _set(uow: UnitOfWork, petition_id: str, kind: PetitionDeadlineKind, due: date,
               announce: bool = True) -> None:
    """Open or move a deadline; `announce=False` when the command's own fact already carries the date."""
    await deadlines.set(uow, f"petition_{kind.value}", petition_id, due)
    if announce and kind not in UNSUPERVISED:
        uow.emit(petition_id, PetitionDeadlineChanged(
            petition_id=petition_id, deadline=kind, change=DeadlineChange.set, due_on=due))


async def _close(uow: UnitOfWork, petition_id: str, kind: PetitionDeadlineKind, met_on: date | None) -> None:
    name = f"petition_{kind.value}"
    row = await deadlines.get(uow.session, name, petition_id)
    if row is None or row.state not in ("open", "paused"):
        return
    if met_on is None:
        await deadlines.cancel(uow, name, petition_id)
    else:
        await deadlines.meet(uow, name, petition_id, met_on)
    if kind in UNSUPERVISED:
        return
    uow.emit(petition_id, PetitionDeadlineChanged(
        petition_id=petition_id, deadline=kind, change=DeadlineChange.met if met_on else DeadlineChange.cancelled,
        due_on=row.due_on, on=met_on))


async def _apply(uow: UnitOfWork, p: Petition, command: str, on: date,
                 dues: dict[PetitionDeadlineKind, date] | None = None) -> Rule:
    """Check `command` against the table, then carry out its effect on state and deadlines."""
    rule = domain.require(S(p.state), command, p.flags)
    dues = dues or {}
    for k in rule.meets:
        await _close(uow, p.id, k, on)
    for k in rule.cancels:
        await _close(uow, p.id, k, None)
    for k in rule.opens + rule.moves:
        await _set(uow, p.id, k, dues[k])
    for k in rule.pauses:
        await deadlines.pause(uow, f"petition_{k.value}", p.id, on)
    for k in rule.resumes:
        await deadlines.resume(uow, f"petition_{k.value}", p.id, on)
        await _set(uow, p.id, k, dues[k])  # the resumed date, rolled off rest days
    if rule.target is not None:
        p.state = rule.target.value
    return rule


async def load(uow: UnitOfWork, petition_id: str) -> Petition:
    return await get_or_404(uow.session, Petition, "petition", petition_id, for_update=True)


def _day(clock: Clock, value: date | None, field: str, not_before: date | None, what: str) -> date:
    return domain.command_date(today(clock), value, field, not_before, what)


async def _begin(uow: UnitOfWork, clock: Clock, petition_id: str, command: str, value: date | None, field: str,
                 after: str, what: str) -> tuple[Petition, date]:
    """Load the petition, check the command is allowed now (409), then its date (422): not before `after`."""
    p = await load(uow, petition_id)
    domain.require(S(p.state), command, p.flags)
    return p, _day(clock, value, field, getattr(p, after), what)


# ---- first decision ----------------------------------------------------------------------------

async def accept(uow: UnitOfWork, clock: Clock, petition_id: str, accepted_on: date | None) -> Petition:
    p, on = await _begin(uow, clock, petition_id, "accept", accepted_on, "accepted_on", "received_on",
                         "the petition was received")
    return await _start_handling(uow, p, "accept", on)


async def acknowledge(uow: UnitOfWork, clock: Clock, petition_id: str, acknowledged_on: date | None) -> Petition:
    p, on = await _begin(uow, clock, petition_id, "acknowledge", acknowledged_on, "acknowledged_on", "received_on",
                         "the matter was received")
    return await _start_handling(uow, p, "acknowledge", on)


async def _start_handling(uow: UnitOfWork, p: Petition, command: str, on: date) -> Petition:
    due = domain.handling_due(on, calendar(), periods())
    await _apply(uow, p, command, on, {K.handling: due})
    p.accepted_on, p.handling_due, p.decided_on = on, due, on
    uow.emit(p.id, PetitionAccepted(petition_id=p.id, accepted_on=on, handling_due=due))
    return p


COMMAND_OF = {FirstDecision.not_accepted: "not_accept", FirstDecision.routed: "route",
              FirstDecision.transferred: "transfer", FirstDecision.assigned: "assign"}


async def decide(uow: UnitOfWork, clock: Clock, petition_id: str, decision: FirstDecision, *, decided_on: date | None,
                 reason: str | None = None, organ: str | None = None, feedback_due: date | None = None) -> Petition:
    """Not accept (with reason), route to a competent organ, transfer or assign (with feedback due)."""
    command = COMMAND_OF[decision]
    p, on = await _begin(uow, clock, petition_id, command, decided_on, "decided_on", "received_on",
                         "the petition was received")
    dues = {}
    if decision in (FirstDecision.transferred, FirstDecision.assigned):
        if feedback_due is None:
            raise Invalid("feedback_due", "a transfer or assignment needs a feedback deadline")
        if feedback_due <= on:
            raise Invalid("feedback_due", "must be after the decision")
        dues[K.feedback] = feedback_due
    await _apply(uow, p, command, on, dues)
    p.decided_on, p.decision_reason, p.decision_organ, p.feedback_due = on, reason, organ, dues.get(K.feedback)
    if decision is FirstDecision.not_accepted:
        p.closed_on = on
    uow.emit(p.id, PetitionDecided(
        petition_id=p.id, decision=decision, decided_on=on, feedback_due=p.feedback_due), event_type=_t(decision.value))
    return p


async def record_feedback(uow: UnitOfWork, clock: Clock, petition_id: str, received_on: date | None) -> Petition:
    p, on = await _begin(uow, clock, petition_id, "record_feedback", received_on, "received_on", "decided_on",
                         "the decision")
    await _apply(uow, p, "record_feedback", on)
    p.feedback_on, p.closed_on = on, on
    uow.emit(p.id, PetitionFeedbackReceived(petition_id=p.id, received_on=on))
    return p


async def record_notice(uow: UnitOfWork, clock: Clock, petition_id: str, sent_on: date | None,
                        waived: NoticeWaiver | None) -> Petition:
    p, on = await _begin(uow, clock, petition_id, "record_notice", None if waived else sent_on, "sent_on",
                         "decided_on", "the decision")
    await _apply(uow, p, "record_notice", on)
    if waived is None:
        p.notice_sent_on = on
    else:
        p.notice_waived = waived.value
    uow.emit(p.id, PetitionNoticeSent(petition_id=p.id, sent_on=p.notice_sent_on, waived=waived))
    return p


async def object_to_transfer(uow: UnitOfWork, clock: Clock, petition_id: str, objected_on: date | None,
                             reasons: str) -> Petition:
    p, on = await _begin(uow, clock, petition_id, "object", objected_on, "objected_on", "received_on",
                         "the matter was received")
    if p.objection_due is not None and on > p.objection_due:
        raise Invalid("objected_on", f"the 5-working-day objection window closed on {p.objection_due}")
    await _apply(uow, p, "object", on)
    p.decided_on, p.decision_reason, p.closed_on = on, reasons, on
    uow.emit(p.id, PetitionObjectionRaised(petition_id=p.id, objected_on=on))
    return p


# ---- handling ----------------------------------------------------------------------------------

async def assign_handler(uow: UnitOfWork, petition_id: str, cadre_id: str) -> Petition:
    p = await load(uow, petition_id)
    domain.require(S(p.state), "assign_handler", p.flags)
    if await staff.get(uow.session, cadre_id) is None:
        raise Conflict(f"cadre {cadre_id} is not on the staff of rights", cadre_id=cadre_id)
    p.handler_cadre_id = cadre_id
    uow.emit(p.id, PetitionHandlerAssigned(petition_id=p.id, cadre_id=cadre_id))
    return p


async def extend(uow: UnitOfWork, clock: Clock, petition_id: str, *, days: int, approved_by: str,
                 reason: str) -> Petition:
    p, on = await _begin(uow, clock, petition_id, "extend", None, "extended_on", "accepted_on", "acceptance")
    if days > periods().max_extension_days:
        raise Invalid("days", f"an extension is at most {periods().max_extension_days} days")
    assert p.accepted_on is not None
    due = calendar().calendar_deadline(p.accepted_on, periods().handling_days + days)
    await _apply(uow, p, "extend", on, {K.handling: due})
    p.extension_days, p.extension_approved_by, p.extension_reason, p.handling_due = days, approved_by, reason, due
    uow.emit(p.id, PetitionExtensionGranted(petition_id=p.id, days=days, handling_due=due))
    return p


async def issue_opinion(uow: UnitOfWork, clock: Clock, petition_id: str, opinion: Opinion,
                        issued_on: date | None) -> Petition:
    return await _opinion(uow, clock, petition_id, "issue_opinion", opinion, issued_on, "issued_on")


async def deliver_opinion(uow: UnitOfWork, clock: Clock, petition_id: str, delivered_on: date | None) -> Petition:
    p, on = await _begin(uow, clock, petition_id, "deliver_opinion", delivered_on, "delivered_on",
                         "opinion_issued_on", "the opinion was issued")
    await _apply(uow, p, "deliver_opinion", on)
    p.opinion_delivered_on = on
    uow.emit(p.id, PetitionOpinionDelivered(
        petition_id=p.id, delivered_on=on,
        review_request_until=domain.period_end(on, periods().review_request_days, calendar())))
    return p


# ---- review and re-review ----------------------------------------------------------------------

# stage -> (the date its request counts from, said as, its words, request window, decision period)
STAGES = {
    "review": ("opinion_delivered_on", "the opinion was delivered", "a review", "of the opinion's delivery",
               "review_request_days", "review_days"),
    "rereview": ("review_decided_on", "the review was decided", "a re-review", "of the review",
                 "rereview_request_days", "rereview_days"),
}


async def _request(uow: UnitOfWork, clock: Clock, petition_id: str, stage: str, requested_on: date | None) -> Petition:
    """A review or re-review is requested within its window; the deciding clock starts."""
    after, what, words, since, window_setting, period_setting = STAGES[stage]
    p, on = await _begin(uow, clock, petition_id, f"request_{stage}", requested_on, "requested_on", after, what)
    window = getattr(periods(), window_setting)
    until = domain.period_end(getattr(p, after), window, calendar())
    if on > until:
        raise Invalid("requested_on", f"{words} must be requested within {window} days {since} (by {until})")
    due = calendar().calendar_deadline(on, getattr(periods(), period_setting))
    await _apply(uow, p, f"request_{stage}", on, {K(stage): due})
    setattr(p, f"{stage}_requested_on", on)
    setattr(p, f"{stage}_due", due)
    uow.emit(p.id, PetitionReviewRequested(petition_id=p.id, requested_on=on, due_on=due), event_type=_t(f"{stage}_requested"))
    return p


# command -> (the date it may not precede, said as, where the opinion and its date go, the fact published)
OPINIONS = {
    "issue_opinion": ("accepted_on", "acceptance", "opinion", "opinion_issued_on", "opinion_issued"),
    "decide_review": ("review_requested_on", "the review was requested", "review_opinion", "review_decided_on",
                      "review_decided"),
    "decide_rereview": ("rereview_requested_on", "the re-review was requested", "rereview_opinion",
                        "rereview_decided_on", "rereview_decided"),
}


async def _opinion(uow: UnitOfWork, clock: Clock, petition_id: str, command: str, opinion: Opinion,
                   value: date | None, field: str) -> Petition:
    """The handling opinion, or the decision of a review or re-review, recorded with its date."""
    after, what, opinion_attr, date_attr, fact = OPINIONS[command]
    p, on = await _begin(uow, clock, petition_id, command, value, field, after, what)
    await _apply(uow, p, command, on)
    setattr(p, opinion_attr, opinion.value)
    setattr(p, date_attr, on)
    uow.emit(p.id, PetitionOpinion(petition_id=p.id, opinion=opinion, on=on), event_type=_t(fact))
    return p


async def request_review(uow: UnitOfWork, clock: Clock, petition_id: str, requested_on: date | None) -> Petition:
    return await _request(uow, clock, petition_id, "review", requested_on)


async def decide_review(uow: UnitOfWork, clock: Clock, petition_id: str, opinion: Opinion,
                        decided_on: date | None) -> Petition:
    return await _opinion(uow, clock, petition_id, "decide_review", opinion, decided_on, "decided_on")


async def request_rereview(uow: UnitOfWork, clock: Clock, petition_id: str, requested_on: date | None) -> Petition:
    return await _request(uow, clock, petition_id, "rereview", requested_on)


async def start_hearing(uow: UnitOfWork, clock: Clock, petition_id: str, started_on: date | None) -> Petition:
    p, on = await _begin(uow, clock, petition_id, "start_hearing", started_on, "on", "rereview_requested_on",
                         "the re-review was requested")
    await _apply(uow, p, "start_hearing", on)
    p.hearing_started_on = on
    return p


async def end_hearing(uow: UnitOfWork, clock: Clock, petition_id: str, ended_on: date | None) -> Petition:
    """The hearing's days are not counted: the re-review deadline moves by them (and off rest days)."""
    p, on = await _begin(uow, clock, petition_id, "end_hearing", ended_on, "on", "hearing_started_on",
                         "the hearing started")
    assert p.hearing_started_on is not None and p.rereview_requested_on is not None
    hearing_days = (p.hearing_days or 0) + (on - p.hearing_started_on).days
    due = calendar().calendar_deadline(p.rereview_requested_on, periods().rereview_days + hearing_days)
    await _apply(uow, p, "end_hearing", on, {K.rereview: due})
    started = p.hearing_started_on
    p.hearing_days, p.hearing_started_on, p.rereview_due = hearing_days, None, due
    uow.emit(p.id, PetitionHearingHeld(
        petition_id=p.id, started_on=started, ended_on=on, rereview_due=due))
    return p


async def decide_rereview(uow: UnitOfWork, clock: Clock, petition_id: str, opinion: Opinion,
                          decided_on: date | None) -> Petition:
    """After re-review the matter is final."""
    p = await _opinion(uow, clock, petition_id, "decide_rereview", opinion, decided_on, "decided_on")
    assert p.rereview_decided_on is not None
    p.closed_on = p.rereview_decided_on
    uow.emit(p.id, PetitionFinalized(petition_id=p.id, finalized_on=p.closed_on))
    return p


async def close(uow: UnitOfWork, clock: Clock, petition_id: str, closed_on: date | None) -> Petition:
    p = await load(uow, petition_id)
    domain.require(S(p.state), "close", p.flags)
    on = _day(clock, closed_on, "closed_on", p.review_decided_on or p.opinion_delivered_on, "the last opinion")
    await _apply(uow, p, "close", on)
    p.closed_on = on
    uow.emit(p.id, PetitionClosed(petition_id=p.id, closed_on=on))
    return p


async def record_satisfaction(uow: UnitOfWork, clock: Clock, petition_id: str, satisfaction: Satisfaction,
                              recorded_on: date | None) -> Petition:
    p, on = await _begin(uow, clock, petition_id, "record_satisfaction", recorded_on, "recorded_on", "closed_on",
                         "closing")
    await _apply(uow, p, "record_satisfaction", on)
    p.satisfaction, p.satisfaction_on = satisfaction.value, on
    uow.emit(p.id, PetitionSatisfactionRecorded(
        petition_id=p.id, satisfaction=satisfaction, recorded_on=on))
    return p


# ---- a handler who leaves rights -------------------------------------------------------------

async def on_cadre_left_rights(uow: UnitOfWork, event: Envelope[Any]) -> None:
    """A cadre transferred out of rights, removed or retired loses their open petitions: they are
    unassigned, so `GET /petitions?needs_handler=true` lists them for reassignment."""
    d = event.data
    if isinstance(d, CadreTransferred) and d.office == "rights":
        return  # transferred into rights: nothing of theirs to hand over
    await uow.session.execute(
        sa.update(Petition)
        .where(Petition.handler_cadre_id == d.cadre_id, Petition.state.not_in([t.value for t in domain.TERMINAL]))
        .values(handler_cadre_id=None))


def staff_handlers() -> dict[str, Any]:
    """rights' staff projection, and the unassignment of a leaving handler in the same transaction."""
    handlers = staff.handlers()
    for event_type in ("qiaolian.personnel.cadre.transferred.v1", "qiaolian.personnel.cadre.removed.v1",
                       "qiaolian.personnel.cadre.retired.v1"):
        project = handlers[event_type]

        async def handle(uow: UnitOfWork, event: Envelope[Any], project: Any = project) -> None:
            await project(uow, event)
            await on_cadre_left_rights(uow, event)

        handlers[event_type] = handle
    return handlers
