"""Petition commands from intake to the first decision: register (with repeat detection), accept,
not accept, route, transfer or assign, the lower federation's feedback, the written notice, and the
acknowledgement of or objection to a matter transferred in; assigning a handler. Each loads the
petition, asks the rules and carries out the transition in one unit of work (see transitions.py).
Handling to finality is in handling_commands.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from qiaolian_chassis.errors import Conflict, Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.rights import (
    Channel,
    FirstDecision,
    NoticeWaiver,
    PetitionAccepted,
    PetitionClass,
    PetitionDeadlineKind,
    PetitionDecided,
    PetitionerStatus,
    PetitionFeedbackReceived,
    PetitionFiled,
    PetitionHandlerAssigned,
    PetitionLinkedAsRepeat,
    PetitionNoticeSent,
    PetitionObjectionRaised,
    PetitionReceivedByTransfer,
    PetitionRepeatUnlinked,
)
from qiaolian_contracts.ids import new_id

from ..database import staff
from ..settings import periods
from . import rules
from .rules import TRANSITIONS, PetitionState
from .tables import Petition
from .transitions import begin, calendar, cancel_deadline, carry_out, load, set_deadline, set_deadlines

K = rules.K
S = PetitionState


@dataclass(frozen=True)
class FilePetition:
    channel: Channel
    petitioner_name: str
    petitioner_status: PetitionerStatus
    petition_class: PetitionClass
    category: str
    summary: str
    received_on: date
    id_number: str | None = None
    id_hash_key: str = ""  # the service's key for the ID number's keyed hash
    phone: str | None = None
    address: str | None = None
    agent_name: str | None = None
    agent_phone: str | None = None
    representatives: list[str] = field(default_factory=list)
    region: str | None = None
    transferred_from: str | None = None


@dataclass(frozen=True)
class AcceptPetition:
    petition_id: str
    accepted_on: date | None = None


@dataclass(frozen=True)
class AcknowledgeTransfer:
    petition_id: str
    acknowledged_on: date | None = None


@dataclass(frozen=True)
class DecidePetition:
    """Not accept (with reason), route to a competent organ, transfer or assign (with feedback due)."""

    petition_id: str
    decision: FirstDecision
    decided_by: str = ""  # the signed-in rights head, from the token
    decided_on: date | None = None
    reason: str | None = None
    organ: str | None = None
    feedback_due: date | None = None


@dataclass(frozen=True)
class RecordFeedback:
    petition_id: str
    received_on: date | None = None


@dataclass(frozen=True)
class RecordNotice:
    petition_id: str
    sent_on: date | None = None
    waived: NoticeWaiver | None = None


@dataclass(frozen=True)
class ObjectToTransfer:
    petition_id: str
    reasons: str
    objected_on: date | None = None


@dataclass(frozen=True)
class LinkRepeat:
    petition_id: str
    repeat_of: str
    reason: str


@dataclass(frozen=True)
class UnlinkRepeat:
    petition_id: str
    reason: str


@dataclass(frozen=True)
class AssignHandler:
    petition_id: str
    cadre_id: str


# ---- intake ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filed:
    petition: Petition
    provisional: list[PetitionDeadlineKind]  # the deadlines it opened whose dates are provisional


async def file_petition(uow: UnitOfWork, cmd: FilePetition) -> Petition:
    """Register a petition; a repeat on an open matter is linked, a matter decided for good is refused."""
    return (await register(uow, cmd)).petition


async def register(uow: UnitOfWork, cmd: FilePetition) -> Filed:
    """`file_petition`, also saying which of the deadlines it opened are provisional (what the route
    answers, without reading them back). The petition, its deadlines, the audit row and the outbox
    rows are one INSERT each (the deadlines one executemany)."""
    if cmd.received_on > uow.today:
        raise Invalid("received_on", "cannot be in the future")
    representatives = list(cmd.representatives)
    limit = periods().max_representatives
    if representatives and cmd.channel is not Channel.visit:
        raise Invalid("representatives", "representatives are recorded for group visits only")
    if len(representatives) > limit:
        raise Invalid("representatives", f"a group visit sends at most {limit} representatives")
    id_digest = masked = None
    if cmd.id_number is not None:
        if problem := rules.id_number_problem(cmd.id_number):
            raise Invalid("petitioner.id_number", problem)
        id_digest, masked = rules.id_hash(cmd.id_number, cmd.id_hash_key), rules.masked_id_number(cmd.id_number)
    contact = None
    if id_digest is None and cmd.phone:
        contact = rules.contact_hash(cmd.petitioner_name, cmd.phone, cmd.id_hash_key)

    petition = Petition(
        id=new_id(),
        channel=cmd.channel.value,
        petitioner_name=cmd.petitioner_name,
        petitioner_status=cmd.petitioner_status.value,
        petition_class=cmd.petition_class.value,
        category=cmd.category,
        summary=cmd.summary,
        received_on=cmd.received_on,
        state=S.filed.value,
        created_at=uow.now,
        petitioner_id_hash=id_digest,
        petitioner_id_masked=masked,
        petitioner_contact_hash=contact,
        petitioner_phone=cmd.phone,
        petitioner_address=cmd.address,
        agent_name=cmd.agent_name,
        agent_phone=cmd.agent_phone,
        representatives=representatives,
        region=cmd.region,
        transferred_from=cmd.transferred_from,
        hearing_days=0,
        first_decision_due=rules.first_decision_due(cmd.received_on, calendar(), periods()),
    )
    if id_digest is not None or contact is not None:
        await _refuse_final_or_link(uow, petition)
    uow.session.add(petition)
    if petition.state == S.linked:
        return Filed(petition, [])
    if cmd.transferred_from:
        petition.state = S.received_by_transfer.value
        ack, obj = rules.transfer_dues(cmd.received_on, calendar(), periods())
        petition.acknowledge_due, petition.objection_due = ack, obj
        petition.first_decision_due = ack
        provisional = await set_deadlines(
            uow, petition.id, [(K.transfer_acknowledgement, ack, True), (K.transfer_objection, obj, True)]
        )
        uow.emit(
            petition.id,
            PetitionReceivedByTransfer(
                petition_id=petition.id,
                petition_class=cmd.petition_class,
                category=cmd.category,
                received_on=cmd.received_on,
                acknowledge_due=ack,
                objection_due=obj,
            ),
        )
        return Filed(petition, provisional)
    # `filed` says the decision's date; the written notice's own deadline is announced to the board
    petition.notice_due = rules.notice_due(cmd.received_on, calendar(), periods())
    provisional = await set_deadlines(
        uow,
        petition.id,
        [(K.first_decision, petition.first_decision_due, False), (K.notice, petition.notice_due, True)],
    )
    uow.emit(
        petition.id,
        PetitionFiled(
            petition_id=petition.id,
            channel=cmd.channel,
            petitioner_status=cmd.petitioner_status,
            petition_class=cmd.petition_class,
            category=cmd.category,
            received_on=cmd.received_on,
            first_decision_due=petition.first_decision_due,
            region=cmd.region,
            representatives=len(representatives),
        ),
    )
    return Filed(petition, provisional)


async def _refuse_final_or_link(uow: UnitOfWork, new: Petition) -> None:
    """Same petitioner (by the ID number's keyed hash, or without one by that of name + phone) and a
    similar matter (same category): refuse or link."""
    same = (
        Petition.petitioner_id_hash == new.petitioner_id_hash
        if new.petitioner_id_hash is not None
        else Petition.petitioner_contact_hash == new.petitioner_contact_hash
    )
    earlier = (
        await uow.session.scalars(
            sa.select(Petition)
            .where(
                same,
                Petition.category == new.category,
                Petition.state != S.linked.value,
            )
            .order_by(Petition.received_on, Petition.id)
        )
    ).all()
    for p in earlier:
        if p.state == S.finalized:
            raise Conflict(
                f"the same matter of this petitioner was finally decided on re-review on {p.rereview_decided_on} "
                f"(petition {p.id}); it is not accepted again",
                final_petition_id=p.id,
                finalized_on=str(p.rereview_decided_on),
            )
    open_ = next((p for p in earlier if S(p.state) not in rules.TERMINAL), None)
    if open_ is not None:
        new.state, new.repeat_of = S.linked.value, open_.id
        uow.emit(new.id, PetitionLinkedAsRepeat(petition_id=new.id, repeat_of=open_.id, received_on=new.received_on))


async def link_repeat(uow: UnitOfWork, cmd: LinkRepeat) -> Petition:
    """Staff link a petition, before its first decision, to the open matter it repeats (DOMAIN.md,
    capabilities: repeat-petition detection and linking), with a reason: it is handled there."""
    p = await load(uow, cmd.petition_id)
    TRANSITIONS.require(S(p.state), "link_repeat", p.flags)
    if cmd.repeat_of == p.id:
        raise Invalid("repeat_of", "a petition is not a repeat of itself")
    target = await uow.session.get(Petition, cmd.repeat_of)
    if target is None:
        raise Invalid("repeat_of", "no such petition")
    if S(target.state) in rules.TERMINAL:
        raise Conflict(
            f"petition {target.id} is {target.state}: only an open matter takes repeats",
            repeat_of_state=target.state,
        )
    await carry_out(uow, p, "link_repeat", uow.today)
    await cancel_deadline(uow, p.id, K.notice)  # handled, and told, on the matter it repeats
    p.repeat_of, p.repeat_reason, p.notice_due = target.id, cmd.reason, None
    uow.emit(
        p.id, PetitionLinkedAsRepeat(petition_id=p.id, repeat_of=target.id, received_on=p.received_on, by_hand=True)
    )
    return p


async def unlink_repeat(uow: UnitOfWork, cmd: UnlinkRepeat) -> Petition:
    """Staff find a linked petition is not a repeat: with a reason it goes back to its first decision,
    counted from its receipt as before, and its written notice is due again."""
    p = await load(uow, cmd.petition_id)
    TRANSITIONS.require(S(p.state), "unlink_repeat", p.flags)
    if p.transferred_from:
        raise Conflict(
            "a matter transferred in is acknowledged or objected to, not refiled; ask the organ that sent it",
            current_state=p.state,
        )
    assert p.repeat_of is not None
    was = p.repeat_of
    await carry_out(uow, p, "unlink_repeat", uow.today, {K.first_decision: p.first_decision_due})
    p.repeat_of, p.repeat_reason = None, cmd.reason
    if not (p.notice_sent_on or p.notice_waived):
        p.notice_due = rules.notice_due(p.received_on, calendar(), periods())
        await set_deadline(uow, p.id, K.notice, p.notice_due)
    uow.emit(p.id, PetitionRepeatUnlinked(petition_id=p.id, was_repeat_of=was, first_decision_due=p.first_decision_due))
    return p


# ---- first decision ----------------------------------------------------------------------------


async def accept(uow: UnitOfWork, cmd: AcceptPetition) -> Petition:
    p, on = await begin(
        uow, cmd.petition_id, "accept", cmd.accepted_on, "accepted_on", "received_on", "the petition was received"
    )
    return await _start_handling(uow, p, "accept", on)


async def acknowledge(uow: UnitOfWork, cmd: AcknowledgeTransfer) -> Petition:
    p, on = await begin(
        uow,
        cmd.petition_id,
        "acknowledge",
        cmd.acknowledged_on,
        "acknowledged_on",
        "received_on",
        "the matter was received",
    )
    return await _start_handling(uow, p, "acknowledge", on)


async def _start_handling(uow: UnitOfWork, p: Petition, command: str, on: date) -> Petition:
    due = rules.handling_due(on, calendar(), periods())
    await carry_out(uow, p, command, on, {K.handling: due})
    p.accepted_on, p.handling_due, p.decided_on = on, due, on
    uow.emit(p.id, PetitionAccepted(petition_id=p.id, accepted_on=on, handling_due=due))
    return p


COMMAND_OF = {
    FirstDecision.not_accepted: "not_accept",
    FirstDecision.routed: "route",
    FirstDecision.transferred: "transfer",
    FirstDecision.assigned: "assign",
}


async def decide(uow: UnitOfWork, cmd: DecidePetition) -> Petition:
    """Not accept (with reason), route to a competent organ, transfer or assign (with feedback due)."""
    command = COMMAND_OF[cmd.decision]
    p, on = await begin(
        uow, cmd.petition_id, command, cmd.decided_on, "decided_on", "received_on", "the petition was received"
    )
    dues = {}
    if cmd.decision in (FirstDecision.transferred, FirstDecision.assigned):
        if cmd.feedback_due is None:
            raise Invalid("feedback_due", "a transfer or assignment needs a feedback deadline")
        if cmd.feedback_due <= on:
            raise Invalid("feedback_due", "must be after the decision")
        dues[K.feedback] = cmd.feedback_due
    await carry_out(uow, p, command, on, dues)
    p.decided_on, p.decision_reason, p.decision_organ = on, cmd.reason, cmd.organ
    p.decided_by = cmd.decided_by
    p.feedback_due = dues.get(K.feedback)
    if cmd.decision is FirstDecision.not_accepted:
        p.closed_on = on
    uow.emit(
        p.id,
        PetitionDecided(petition_id=p.id, decision=cmd.decision, decided_on=on, feedback_due=p.feedback_due),
        event_type=f"qiaolian.rights.petition.{cmd.decision.value}.v1",
    )
    return p


async def record_feedback(uow: UnitOfWork, cmd: RecordFeedback) -> Petition:
    p, on = await begin(
        uow, cmd.petition_id, "record_feedback", cmd.received_on, "received_on", "decided_on", "the decision"
    )
    await carry_out(uow, p, "record_feedback", on)
    p.feedback_on, p.closed_on = on, on
    uow.emit(p.id, PetitionFeedbackReceived(petition_id=p.id, received_on=on))
    return p


async def record_notice(uow: UnitOfWork, cmd: RecordNotice) -> Petition:
    """The written notice meets its own deadline (DOMAIN.md, "Rules of law": within 15 days of
    receipt); waived when the petitioner's name or address is unknown, which cancels it."""
    p, on = await begin(
        uow,
        cmd.petition_id,
        "record_notice",
        None if cmd.waived else cmd.sent_on,
        "sent_on",
        "decided_on",
        "the decision",
    )
    if cmd.waived is not None:
        await cancel_deadline(uow, p.id, K.notice)
    await carry_out(uow, p, "record_notice", on)
    if cmd.waived is None:
        p.notice_sent_on = on
    else:
        p.notice_waived = cmd.waived.value
    uow.emit(p.id, PetitionNoticeSent(petition_id=p.id, sent_on=p.notice_sent_on, waived=cmd.waived))
    return p


async def object_to_transfer(uow: UnitOfWork, cmd: ObjectToTransfer) -> Petition:
    p, on = await begin(
        uow, cmd.petition_id, "object", cmd.objected_on, "objected_on", "received_on", "the matter was received"
    )
    if p.objection_due is not None and on > p.objection_due:
        raise Invalid("objected_on", f"the 5-working-day objection window closed on {p.objection_due}")
    await carry_out(uow, p, "object", on)
    p.decided_on, p.decision_reason, p.closed_on = on, cmd.reasons, on
    uow.emit(p.id, PetitionObjectionRaised(petition_id=p.id, objected_on=on))
    return p


# ---- the handler -------------------------------------------------------------------------------


async def assign_handler(uow: UnitOfWork, cmd: AssignHandler) -> Petition:
    p = await load(uow, cmd.petition_id)
    TRANSITIONS.require(S(p.state), "assign_handler", p.flags)
    if await staff.get(uow.session, cmd.cadre_id) is None:
        raise Conflict(f"cadre {cmd.cadre_id} is not on the staff of rights", cadre_id=cmd.cadre_id)
    p.handler_cadre_id = cmd.cadre_id
    uow.emit(p.id, PetitionHandlerAssigned(petition_id=p.id, cadre_id=cmd.cadre_id))
    return p
