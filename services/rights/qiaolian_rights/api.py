"""rights' HTTP API: resources for queries, commands as POST on a resource or an action.

ID numbers are never returned: responses carry the masked form (430***********1234).
"""

from __future__ import annotations

import inspect
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.clock import Clock, today
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.common import Code
from qiaolian_contracts.events.rights import (
    Channel,
    FirstDecision,
    NoticeWaiver,
    Opinion,
    PetitionClass,
    PetitionDeadlineKind,
    PetitionerStatus,
    Satisfaction,
)

from . import application, domain
from .domain import PetitionState
from .persistence import Petition, deadlines, equal_to, get_or_404

router = APIRouter(tags=["petitions"])

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Name = Annotated[Text, StringConstraints(max_length=100)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9][0-9 -]{4,28}$")]
Organ = Annotated[Text, StringConstraints(max_length=200)]
Reason = Annotated[Text, StringConstraints(max_length=2000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Petitioner(Strict):
    name: Name
    status: PetitionerStatus
    id_number: Annotated[str, StringConstraints(strip_whitespace=True, max_length=18)] | None = Field(
        None, description="18-digit resident ID; validated, kept only as a keyed hash and a masked form")
    phone: Phone | None = None
    address: Annotated[Text, StringConstraints(max_length=300)] | None = None


class Agent(Strict):
    name: Name
    phone: Phone | None = None


class FilePetition(Strict):
    channel: Channel
    petitioner: Petitioner
    petition_class: PetitionClass
    category: Code = Field(description="category code, e.g. property, education, immigration")
    summary: Annotated[Text, StringConstraints(max_length=5000)]
    received_on: date
    region: Code | None = Field(None, description="region code, e.g. changsha")
    agent: Agent | None = None
    representatives: list[Name] = Field(default_factory=list, max_length=100,
                                        description="names of a group visit's representatives (at most 5)")
    transferred_from: Organ | None = Field(None, description="the organ that transferred the matter in, if any")


class AcceptPetition(Strict):
    accepted_on: date | None = None


class Acknowledge(Strict):
    acknowledged_on: date | None = None


class NotAccept(Strict):
    decided_on: date | None = None
    reason: Reason


class Route(Strict):
    decided_on: date | None = None
    organ: Organ = Field(description="the competent organ the petitioner is told to go to")


class TransferOrAssign(Strict):
    decided_on: date | None = None
    organ: Organ = Field(description="the lower federation that receives the matter")
    feedback_due: date


class Feedback(Strict):
    received_on: date | None = None


class Notice(Strict):
    sent_on: date | None = None
    waived: NoticeWaiver | None = Field(None, description="no notice: the petitioner's name or address is unknown")


class Objection(Strict):
    objected_on: date | None = None
    reasons: Reason


class Extension(Strict):
    days: int = Field(ge=1, description="at most 30 (RIGHTS_MAX_EXTENSION_DAYS)")
    approved_by: Name = Field(description="the head who approved it")
    reason: Reason = Field(description="told to the petitioner")


class IssueOpinion(Strict):
    opinion: Opinion
    issued_on: date | None = None


class Delivery(Strict):
    delivered_on: date | None = None


class Request_(Strict):
    requested_on: date | None = None


class Decision(Strict):
    opinion: Opinion
    decided_on: date | None = None


class Hearing(Strict):
    on: date | None = None


class Close(Strict):
    closed_on: date | None = None


class SatisfactionIn(Strict):
    satisfaction: Satisfaction
    recorded_on: date | None = None


class AssignHandler(Strict):
    cadre_id: Annotated[Text, StringConstraints(max_length=64)]


class Lookup(Strict):
    id_number: Annotated[str, StringConstraints(strip_whitespace=True, max_length=18)]


class PetitionerOut(BaseModel):
    name: str
    status: PetitionerStatus
    id_number: str | None = Field(None, description="masked, e.g. 430***********1234")
    phone: str | None = None
    address: str | None = None


class PetitionOut(BaseModel):
    id: str
    channel: Channel
    petitioner: PetitionerOut
    agent: Agent | None
    representatives: list[str]
    petition_class: PetitionClass
    category: str
    region: str | None
    summary: str
    received_on: date
    transferred_from: str | None
    repeat_of: str | None
    state: PetitionState
    first_decision_due: date
    acknowledge_due: date | None
    objection_due: date | None
    decided_on: date | None
    decision_reason: str | None
    decision_organ: str | None
    feedback_due: date | None
    feedback_on: date | None
    notice_sent_on: date | None
    notice_waived: str | None
    accepted_on: date | None
    handling_due: date | None
    extension_days: int | None
    extension_approved_by: str | None
    extension_reason: str | None
    handler_cadre_id: str | None
    opinion: str | None
    opinion_issued_on: date | None
    opinion_delivered_on: date | None
    review_requested_on: date | None
    review_due: date | None
    review_opinion: str | None
    review_decided_on: date | None
    rereview_requested_on: date | None
    rereview_due: date | None
    hearing_days: int
    rereview_opinion: str | None
    rereview_decided_on: date | None
    closed_on: date | None
    satisfaction: str | None
    allowed_commands: list[str]
    created_at: datetime

    @classmethod
    def of(cls, p: Petition) -> PetitionOut:
        same = {f: getattr(p, f) for f in cls.model_fields if f not in (
            "channel", "petitioner", "agent", "representatives", "petition_class", "state", "allowed_commands",
            "hearing_days")}
        return cls(
            **same, channel=Channel(p.channel), petition_class=PetitionClass(p.petition_class),
            petitioner=PetitionerOut(name=p.petitioner_name, status=PetitionerStatus(p.petitioner_status),
                                     id_number=p.petitioner_id_masked, phone=p.petitioner_phone,
                                     address=p.petitioner_address),
            agent=Agent(name=p.agent_name, phone=p.agent_phone) if p.agent_name else None,
            representatives=list(p.representatives or []), state=PetitionState(p.state),
            hearing_days=p.hearing_days or 0,
            allowed_commands=domain.allowed_commands(PetitionState(p.state), p.flags),
        )


@router.post("/petitions", status_code=201, summary="Register a petition (信訪登記)",
             description="A repeat by the same petitioner (ID number) on an open matter of the same category is "
                         "linked to it (state `linked`, `repeat_of`); after a re-review the same matter is refused "
                         "(409 with `final_petition_id`). A group visit has at most 5 representatives (422).")
async def file_petition(body: FilePetition, request: Request) -> PetitionOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        p = await application.file_petition(
            uow, svc.clock, channel=body.channel, petitioner_name=body.petitioner.name,
            petitioner_status=body.petitioner.status, petition_class=body.petition_class,
            category=body.category, summary=body.summary, received_on=body.received_on,
            id_number=body.petitioner.id_number, id_hash_key=svc.settings.id_hash_key,
            phone=body.petitioner.phone, address=body.petitioner.address,
            agent_name=body.agent.name if body.agent else None, agent_phone=body.agent.phone if body.agent else None,
            representatives=body.representatives, region=body.region, transferred_from=body.transferred_from,
        )
    return PetitionOut.of(p)


@router.get("/petitions", summary="List petitions")
async def list_petitions(
    request: Request,
    state: PetitionState | None = None,
    petition_class: PetitionClass | None = None,
    channel: Channel | None = None,
    category: Code | None = None,
    region: Code | None = None,
    repeat_of: str | None = None,
    handler_cadre_id: str | None = None,
    needs_handler: bool = Query(False, description="only open petitions with no handler (e.g. theirs left rights)"),
    received_from: date | None = Query(None), received_to: date | None = Query(None),
    page: PageParams = Depends(page_params),
) -> Page[PetitionOut]:
    where = _filters(state=state, petition_class=petition_class, channel=channel, category=category, region=region,
                     repeat_of=repeat_of, handler_cadre_id=handler_cadre_id, received_from=received_from,
                     received_to=received_to)
    if needs_handler:
        where += [Petition.handler_cadre_id.is_(None), Petition.state.not_in([t.value for t in domain.TERMINAL])]
    async with get_service(request).db.sessions() as s:
        return await paginate(s, sa.select(Petition).where(*where)
                              .order_by(Petition.received_on.desc(), Petition.id.desc()), page, PetitionOut.of)


def _filters(*, received_from: date | None, received_to: date | None, **equal: Any) -> list[Any]:
    where = equal_to(*((getattr(Petition, col), v) for col, v in equal.items()))
    if received_from:
        where.append(Petition.received_on >= received_from)
    if received_to:
        where.append(Petition.received_on <= received_to)
    return where


class Compliance(BaseModel):
    on_time: int = Field(description="met on or before the due date")
    late: int = Field(description="met after the due date")
    overdue: int = Field(description="still running and past the due date")
    running: int = Field(description="still running, not yet due")
    on_time_rate: float | None = Field(description="on_time / (on_time + late + overdue); null when none is due")


class PetitionStats(BaseModel):
    total: int = Field(description="petitions registered, repeats linked to an open one excluded")
    repeats_linked: int
    by_class: dict[str, int]
    by_category: dict[str, int]
    by_channel: dict[str, int]
    by_region: dict[str, int]
    by_month: dict[str, int] = Field(description="YYYY-MM of receipt")
    deadlines: dict[str, Compliance] = Field(description="per deadline kind")


@router.get("/petitions/stats", summary="Statistics: by class, category, channel, region, month; on-time rates")
async def petition_stats(
    request: Request,
    received_from: date | None = Query(None), received_to: date | None = Query(None),
    petition_class: PetitionClass | None = None, region: Code | None = None, category: Code | None = None,
) -> PetitionStats:
    svc = get_service(request)
    where = _filters(petition_class=petition_class, region=region, category=category,
                     received_from=received_from, received_to=received_to)
    t = deadlines.table
    async with svc.db.sessions() as s:
        rows = (await s.execute(sa.select(Petition.state, Petition.petition_class, Petition.category,
                                          Petition.channel, Petition.region, Petition.received_on)
                                .where(*where))).all()
        dl = (await s.execute(sa.select(t.c.kind, t.c.state, t.c.due_on, t.c.met_on).where(
            t.c.subject_id.in_(sa.select(Petition.id).where(*where))))).all()
    counted = [r for r in rows if r.state != PetitionState.linked]
    now = today(svc.clock)
    # the objection window is a right, not a duty: it has no on-time rate
    compliance: dict[str, Counter[str]] = {k.value: Counter() for k in PetitionDeadlineKind
                                           if k is not PetitionDeadlineKind.transfer_objection}
    for d in dl:
        kind = d.kind.removeprefix("petition_")
        if kind not in compliance or d.state == "cancelled":
            continue
        if d.state == "met":
            compliance[kind]["on_time" if d.met_on <= d.due_on else "late"] += 1
        else:
            compliance[kind]["overdue" if d.due_on < now else "running"] += 1

    def rate(c: Counter[str]) -> float | None:
        due = c["on_time"] + c["late"] + c["overdue"]
        return round(c["on_time"] / due, 4) if due else None

    def count(values: Any) -> dict[str, int]:
        return dict(sorted(Counter(v or "unknown" for v in values).items()))

    return PetitionStats(
        total=len(counted), repeats_linked=len(rows) - len(counted),
        by_class=count(r.petition_class for r in counted), by_category=count(r.category for r in counted),
        by_channel=count(r.channel for r in counted), by_region=count(r.region for r in counted),
        by_month=count(r.received_on.strftime("%Y-%m") for r in counted),
        deadlines={k: Compliance(on_time=c["on_time"], late=c["late"], overdue=c["overdue"], running=c["running"],
                                 on_time_rate=rate(c)) for k, c in compliance.items()},
    )


@router.post("/petitioners/lookup", summary="Find a returning petitioner's petitions by ID number",
             description="The ID number travels in the body (never in a URL); it is matched by its keyed hash.")
async def lookup(body: Lookup, request: Request) -> list[PetitionOut]:
    svc = get_service(request)
    async with svc.db.sessions() as s:
        found = await application.find_by_id_number(s, body.id_number, svc.settings.id_hash_key)
    return [PetitionOut.of(p) for p in found]


@router.get("/petitions/{petition_id}", summary="One petition")
async def get_petition(petition_id: str, request: Request) -> PetitionOut:
    async with get_service(request).db.sessions() as s:
        return PetitionOut.of(await get_or_404(s, Petition, "petition", petition_id))


class DeadlineOut(BaseModel):
    deadline: PetitionDeadlineKind
    due_on: date
    state: str = Field(description="open, paused, met or cancelled")
    met_on: date | None
    warning_published: bool = Field(
        description="deadline_approaching was published for the current due date (or skipped: already overdue)")
    overdue_published: bool = Field(description="overdue was published for the current due date")


@router.get("/petitions/{petition_id}/deadlines", summary="A petition's statutory deadlines and what was published")
async def petition_deadlines(petition_id: str, request: Request) -> list[DeadlineOut]:
    t = deadlines.table
    async with get_service(request).db.sessions() as s:
        await get_or_404(s, Petition, "petition", petition_id)
        rows = (await s.execute(sa.select(t).where(t.c.subject_id == petition_id)
                                .where(t.c.kind.like("petition_%")).order_by(t.c.due_on, t.c.kind))).all()
    return [DeadlineOut(deadline=PetitionDeadlineKind(r.kind.removeprefix("petition_")), due_on=r.due_on,
                        state=r.state, met_on=r.met_on, warning_published=r.warned_for == r.due_on,
                        overdue_published=r.overdue_for == r.due_on
                        and deadlines.kinds[r.kind].overdue_event is not None) for r in rows]


@dataclass(frozen=True)
class Action:
    """A command on a petition: `POST /petitions/{id}/<path>` with `body`, calling `run`."""

    path: str
    summary: str
    body: type[BaseModel]
    run: Callable[[UnitOfWork, Clock, str, Any], Awaitable[Petition]]
    body_optional: bool = True  # every field has a default: the body may be left out


def _route(action: Action) -> None:
    async def endpoint(petition_id: str, request: Request, body: Any = None) -> PetitionOut:
        svc = get_service(request)
        async with svc.uow() as uow:
            p = await action.run(uow, svc.clock, petition_id, body or action.body())
        return PetitionOut.of(p)

    body = inspect.Parameter("body", inspect.Parameter.KEYWORD_ONLY, annotation=action.body | None if
                             action.body_optional else action.body, default=None if action.body_optional else ...)
    endpoint.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter("petition_id", inspect.Parameter.KEYWORD_ONLY, annotation=str),
         inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request), body],
        return_annotation=PetitionOut)
    endpoint.__name__ = action.path.replace("-", "_")
    router.post(f"/petitions/{{petition_id}}/{action.path}", summary=action.summary, name=endpoint.__name__,
                response_model=PetitionOut)(endpoint)


A = application
ACTIONS = [
    Action("accept", "Accept a petition for handling (受理)", AcceptPetition,
           lambda u, c, i, b: A.accept(u, c, i, b.accepted_on)),
    Action("not-accept", "First decision: not accepted, with the reason", NotAccept,
           lambda u, c, i, b: A.decide(u, c, i, FirstDecision.not_accepted, decided_on=b.decided_on, reason=b.reason),
           body_optional=False),
    Action("route", "First decision: tell the petitioner the competent organ", Route,
           lambda u, c, i, b: A.decide(u, c, i, FirstDecision.routed, decided_on=b.decided_on, organ=b.organ),
           body_optional=False),
    Action("transfer", "First decision: transfer (轉送) to a lower federation", TransferOrAssign,
           lambda u, c, i, b: A.decide(u, c, i, FirstDecision.transferred, decided_on=b.decided_on, organ=b.organ,
                                       feedback_due=b.feedback_due), body_optional=False),
    Action("assign", "First decision: assign (交辦) to a lower federation", TransferOrAssign,
           lambda u, c, i, b: A.decide(u, c, i, FirstDecision.assigned, decided_on=b.decided_on, organ=b.organ,
                                       feedback_due=b.feedback_due), body_optional=False),
    Action("feedback", "The lower federation reported back; closes the petition", Feedback,
           lambda u, c, i, b: A.record_feedback(u, c, i, b.received_on)),
    Action("notice", "Written notice of the first decision sent, or waived", Notice,
           lambda u, c, i, b: A.record_notice(u, c, i, b.sent_on, b.waived)),
    Action("acknowledge", "Acknowledge a matter transferred in (15 days)", Acknowledge,
           lambda u, c, i, b: A.acknowledge(u, c, i, b.acknowledged_on)),
    Action("object", "Object to a matter transferred in (5 working days)", Objection,
           lambda u, c, i, b: A.object_to_transfer(u, c, i, b.objected_on, b.reasons), body_optional=False),
    Action("assign-handler", "Assign a rights cadre to handle a petition", AssignHandler,
           lambda u, _c, i, b: A.assign_handler(u, i, b.cadre_id), body_optional=False),
    Action("extend", "Extend handling once (at most 30 days), with approval", Extension,
           lambda u, c, i, b: A.extend(u, c, i, days=b.days, approved_by=b.approved_by, reason=b.reason),
           body_optional=False),
    Action("opinion", "Issue the handling opinion (處理意見書)", IssueOpinion,
           lambda u, c, i, b: A.issue_opinion(u, c, i, b.opinion, b.issued_on), body_optional=False),
    Action("deliver-opinion", "Record the opinion's delivery (送達)", Delivery,
           lambda u, c, i, b: A.deliver_opinion(u, c, i, b.delivered_on)),
    Action("review-request", "The petitioner requests a review (複查)", Request_,
           lambda u, c, i, b: A.request_review(u, c, i, b.requested_on)),
    Action("review-decision", "Decide the review", Decision,
           lambda u, c, i, b: A.decide_review(u, c, i, b.opinion, b.decided_on), body_optional=False),
    Action("rereview-request", "The petitioner requests a re-review (複核)", Request_,
           lambda u, c, i, b: A.request_rereview(u, c, i, b.requested_on)),
    Action("hearing-start", "A re-review hearing starts: the clock pauses", Hearing,
           lambda u, c, i, b: A.start_hearing(u, c, i, b.on)),
    Action("hearing-end", "The hearing ends: the clock resumes", Hearing,
           lambda u, c, i, b: A.end_hearing(u, c, i, b.on)),
    Action("rereview-decision", "Decide the re-review; the matter is final", Decision,
           lambda u, c, i, b: A.decide_rereview(u, c, i, b.opinion, b.decided_on), body_optional=False),
    Action("close", "Close without (further) review", Close, lambda u, c, i, b: A.close(u, c, i, b.closed_on)),
    Action("satisfaction", "Satisfaction follow-up after closing", SatisfactionIn,
           lambda u, c, i, b: A.record_satisfaction(u, c, i, b.satisfaction, b.recorded_on), body_optional=False),
]
for _action in ACTIONS:
    _route(_action)
