"""The HTTP API of petitions: resources for queries, commands as POST on an action of a petition
(`POST /petitions/{id}/accept`), each building its command object from the body."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse
from pydantic import BaseModel

from qiaolian_chassis.audit import RecordCommand, commands_on
from qiaolian_chassis.auth import Principal, permit
from qiaolian_chassis.clock import today
from qiaolian_chassis.exports import XLSX, Column, Sheet
from qiaolian_chassis.http import Day, Page, PageParams, page_params, problem
from qiaolian_chassis.service import audit_read, get_service
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.common import Code
from qiaolian_contracts.events.rights import Channel, FirstDecision, PetitionClass
from qiaolian_contracts.labels import value_label

from .. import settings
from . import access, commands, handling_commands, queries
from .lookups import LookupLimit
from .queries import DeadlineOut, PetitionFilter, PetitionStats
from .rules import PetitionState
from .schemas import (
    AcceptPetition,
    Acknowledge,
    AssignHandler,
    Close,
    Decision,
    Delivery,
    Extension,
    Feedback,
    FilePetition,
    Hearing,
    IssueOpinion,
    LinkRepeat,
    Lookup,
    NotAccept,
    Notice,
    Objection,
    PetitionOut,
    Request_,
    Route,
    SatisfactionIn,
    TransferOrAssign,
    UnlinkRepeat,
)
from .tables import Petition

router = APIRouter(tags=["petitions"])
READ, WRITE = permit("rights.read"), permit("rights.write")


@router.post(
    "/petitions",
    status_code=201,
    summary="Register a petition (信訪登記)",
    description="A repeat by the same petitioner (ID number) on an open matter of the same category is "
    "linked to it (state `linked`, `repeat_of`); after a re-review the same matter is refused "
    "(409 with `final_petition_id`). A group visit has at most 5 representatives (422).",
)
async def file_petition(body: FilePetition, request: Request, who: Principal = WRITE) -> PetitionOut:
    svc = get_service(request)
    cmd = commands.FilePetition(
        channel=body.channel,
        petitioner_name=body.petitioner.name,
        petitioner_status=body.petitioner.status,
        petition_class=body.petition_class,
        category=body.category,
        summary=body.summary,
        received_on=body.received_on,
        id_number=body.petitioner.id_number,
        id_hash_key=settings.service_id_hash_key(svc.settings),
        phone=body.petitioner.phone,
        address=body.petitioner.address,
        agent_name=body.agent.name if body.agent else None,
        agent_phone=body.agent.phone if body.agent else None,
        representatives=body.representatives,
        region=body.region,
        transferred_from=body.transferred_from,
    )
    async with svc.uow() as uow:
        filed = await commands.register(uow, cmd)
    return access.shaped(filed.petition, who).model_copy(update={"provisional_deadlines": filed.provisional})


@router.get(
    "/petitions",
    summary="List petitions",
    description="Personal fields shaped per role and audited; a report-and-accusation petition is "
    "listed only for its handler and the rights head.",
)
async def list_petitions(
    request: Request,
    who: Principal = READ,
    state: PetitionState | None = None,
    petition_class: PetitionClass | None = None,
    channel: Channel | None = None,
    category: Code | None = None,
    region: Code | None = None,
    repeat_of: str | None = None,
    handler_cadre_id: str | None = None,
    needs_handler: bool = Query(False, description="only open petitions with no handler (e.g. theirs left rights)"),
    received_from: Day | None = Query(None),
    received_to: Day | None = Query(None),
    q: str | None = Query(
        None,
        min_length=1,
        max_length=100,
        description="part of the petitioner's or agent's name; matches nothing for a reader the names are masked for",
    ),
    page: PageParams = Depends(page_params),
) -> Page[PetitionOut]:
    f = PetitionFilter(
        state=state,
        petition_class=petition_class,
        channel=channel,
        category=category,
        region=region,
        repeat_of=repeat_of,
        handler_cadre_id=handler_cadre_id,
        received_from=received_from,
        received_to=received_to,
        q=q,
        names_visible=access.sees_personal(who),
    )
    async with get_service(request).db.sessions() as s:
        found = await queries.petitions(
            s, f, needs_handler, page, lambda p: access.shaped(p, who), visible=access.visible(who)
        )
    await audit_read(request, [p.id for p in found.items], access.fields_of(found.items))
    return found


def stats_filter(
    received_from: Day | None = Query(None),
    received_to: Day | None = Query(None),
    petition_class: PetitionClass | None = None,
    region: Code | None = None,
    category: Code | None = None,
) -> PetitionFilter:
    """The statistics' filters, shared by the stats and their export."""
    return PetitionFilter(
        petition_class=petition_class,
        region=region,
        category=category,
        received_from=received_from,
        received_to=received_to,
    )


@router.get(
    "/petitions/stats",
    dependencies=[READ],
    summary="Statistics: by class, category, channel, region, month; on-time rates",
)
async def petition_stats(request: Request, f: PetitionFilter = Depends(stats_filter)) -> PetitionStats:
    svc = get_service(request)
    async with svc.db.sessions() as s:
        return await queries.stats(s, f, today(svc.clock))


REPORT_HEADERS = ("类别", "信访类别", "状态", "件数", "按期办结", "超期办结", "逾期未办", "未到期", "按期率")


@router.get(
    "/petitions/stats/export",
    dependencies=[READ],
    summary="Statistics as the table an office reports upward (.xlsx)",
    description="Rows by category, class and state (the stats' filters), with petitions and their supervised "
    "deadlines on time, late, overdue and running, and the on-time share; a total row. Counts only.",
    response_class=FileResponse,
    responses={200: {"content": {XLSX: {}}, "description": "the .xlsx file"}},
)
async def petition_stats_export(request: Request, f: PetitionFilter = Depends(stats_filter)) -> FileResponse:
    svc = get_service(request)
    on = today(svc.clock)
    async with svc.db.sessions() as s:
        rows = await queries.report(s, f, on)
    sheet = Sheet("信访统计", [Column(h, h) for h in REPORT_HEADERS])
    sheet.percent(len(REPORT_HEADERS) - 1)

    def line(*head: str, n: int, c: queries.Compliance) -> list[Any]:
        return [*head, n, c.on_time, c.late, c.overdue, c.running, c.on_time_rate]

    sheet.write_rows(  # the table reported upward names class and state in Chinese (no code columns)
        line(value_label(r.category), value_label(r.petition_class), value_label(r.state), n=r.petitions, c=r.deadlines)
        for r in rows
    )
    outcomes = ("on_time", "late", "overdue", "running")
    total = queries.Compliance.of({k: sum(getattr(r.deadlines, k) for r in rows) for k in outcomes})
    sheet.write_rows([line("合计", "", "", n=sum(r.petitions for r in rows), c=total)])
    return sheet.response(f"petition-stats-{on.isoformat()}.xlsx")


@router.post(
    "/petitioners/lookup",
    summary="Find a returning petitioner's petitions by ID number",
    description="The ID number travels in the body (never in a URL); it is matched by its keyed hash. "
    "Audited; at most 30 a minute per account (RIGHTS_LOOKUPS_PER_MINUTE), then 429 with Retry-After.",
    response_model=list[PetitionOut],
)
async def lookup(body: Lookup, request: Request, who: Principal = WRITE) -> Any:
    svc = get_service(request)
    limit = getattr(request.app.state, "rights_lookups", None)
    if limit is None:
        limit = request.app.state.rights_lookups = LookupLimit(settings.lookups_per_minute())
    if (wait := limit.take(who.account_id, svc.clock.now())) is not None:
        refused = problem(429, "Too many requests", f"at most {limit.per_minute} lookups a minute", retry_after_s=wait)
        refused.headers["Retry-After"] = str(wait)
        return refused
    key = settings.service_id_hash_key(svc.settings)
    async with svc.db.sessions() as s:
        found = await queries.by_id_number(s, body.id_number, key, access.visible(who))
    out = [access.shaped(p, who) for p in found]
    await audit_read(request, [p.id for p in out], [*access.fields_of(out), "id_number_lookup"])
    return out


@router.get("/petitions/{petition_id}", summary="One petition (personal fields shaped per role, audited)")
async def get_petition(petition_id: str, request: Request, who: Principal = READ) -> PetitionOut:
    async with get_service(request).db.sessions() as s:
        out = access.shaped(access.check(who, await s.get(Petition, petition_id), petition_id), who)
        out.provisional_deadlines = await queries.provisional_deadlines(s, petition_id)
    await audit_read(request, [out.id], access.personal_fields(out))
    return out


@router.get(
    "/petitions/{petition_id}/deadlines",
    summary="A petition's statutory deadlines and what was published",
)
async def petition_deadlines(petition_id: str, request: Request, who: Principal = READ) -> list[DeadlineOut]:
    async with get_service(request).db.sessions() as s:
        access.check(who, await s.get(Petition, petition_id), petition_id)
        return await queries.petition_deadlines(s, petition_id)


@router.get(
    "/petitions/{petition_id}/history",
    summary="A petition's timeline: the commands given on it, who gave them and when (from the audit log)",
)
async def petition_history(petition_id: str, request: Request, who: Principal = READ) -> list[RecordCommand]:
    svc = get_service(request)
    async with svc.db.sessions() as s:
        access.check(who, await s.get(Petition, petition_id), petition_id)
        return await commands_on(s, svc.definition.tables.audit, petition_id)


@dataclass(frozen=True)
class Action:
    """A command on a petition: `POST /petitions/{id}/<path>` with `body`, whose fields, with the
    petition's id and any `fixed` ones, make the `command` object that `handler` carries out."""

    path: str
    summary: str
    body: type[BaseModel]
    command: type
    handler: Callable[[UnitOfWork, Any], Awaitable[Petition]]
    body_optional: bool = True  # every field has a default: the body may be left out
    fixed: dict[str, Any] = field(default_factory=dict)
    permission: str = "rights.write"  # the head's decisions need rights.approve
    signer: str | None = None  # the command's field that takes the signed-in person


def _route(action: Action) -> None:
    async def endpoint(petition_id: str, request: Request, who: Principal, body: Any = None) -> PetitionOut:
        signed = {action.signer: who.cadre_id or who.account_id} if action.signer else {}
        cmd = action.command(petition_id=petition_id, **action.fixed, **signed, **(body or action.body()).model_dump())
        async with get_service(request).uow() as uow:
            access.check(who, await uow.session.get(Petition, petition_id), petition_id)
            p = await action.handler(uow, cmd)
            provisional = await queries.provisional_deadlines(uow.session, p.id)
        return access.shaped(p, who).model_copy(update={"provisional_deadlines": provisional})

    body = inspect.Parameter(
        "body",
        inspect.Parameter.KEYWORD_ONLY,
        annotation=action.body | None if action.body_optional else action.body,
        default=None if action.body_optional else ...,
    )
    endpoint.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("petition_id", inspect.Parameter.KEYWORD_ONLY, annotation=str),
            inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request),
            inspect.Parameter(
                "who", inspect.Parameter.KEYWORD_ONLY, annotation=Principal, default=permit(action.permission)
            ),
            body,
        ],
        return_annotation=PetitionOut,
    )
    endpoint.__name__ = action.path.replace("-", "_")
    router.post(
        f"/petitions/{{petition_id}}/{action.path}",
        summary=action.summary,
        name=endpoint.__name__,
        response_model=PetitionOut,
    )(endpoint)


C, H = commands, handling_commands
ACTIONS = [
    Action("accept", "Accept a petition for handling (受理)", AcceptPetition, C.AcceptPetition, C.accept),
    Action(
        "not-accept",
        "First decision: not accepted, with the reason",
        NotAccept,
        C.DecidePetition,
        C.decide,
        body_optional=False,
        permission="rights.approve",
        signer="decided_by",
        fixed={"decision": FirstDecision.not_accepted},
    ),
    Action(
        "route",
        "First decision: tell the petitioner the competent organ",
        Route,
        C.DecidePetition,
        C.decide,
        body_optional=False,
        permission="rights.approve",
        signer="decided_by",
        fixed={"decision": FirstDecision.routed},
    ),
    Action(
        "transfer",
        "First decision: transfer (轉送) to a lower federation",
        TransferOrAssign,
        C.DecidePetition,
        C.decide,
        body_optional=False,
        permission="rights.approve",
        signer="decided_by",
        fixed={"decision": FirstDecision.transferred},
    ),
    Action(
        "assign",
        "First decision: assign (交辦) to a lower federation",
        TransferOrAssign,
        C.DecidePetition,
        C.decide,
        body_optional=False,
        permission="rights.approve",
        signer="decided_by",
        fixed={"decision": FirstDecision.assigned},
    ),
    Action(
        "feedback",
        "The lower federation reported back; closes the petition",
        Feedback,
        C.RecordFeedback,
        C.record_feedback,
    ),
    Action(
        "link-repeat",
        "Link a petition, before its first decision, to the open matter it repeats (with a reason)",
        LinkRepeat,
        C.LinkRepeat,
        C.link_repeat,
        body_optional=False,
    ),
    Action(
        "unlink-repeat",
        "Unlink a petition linked as a repeat (with a reason): it goes back to its first decision",
        UnlinkRepeat,
        C.UnlinkRepeat,
        C.unlink_repeat,
        body_optional=False,
    ),
    Action("notice", "Written notice of the first decision sent, or waived", Notice, C.RecordNotice, C.record_notice),
    Action(
        "acknowledge",
        "Acknowledge a matter transferred in (15 days)",
        Acknowledge,
        C.AcknowledgeTransfer,
        C.acknowledge,
    ),
    Action(
        "object",
        "Object to a matter transferred in (5 working days)",
        Objection,
        C.ObjectToTransfer,
        C.object_to_transfer,
        body_optional=False,
    ),
    Action(
        "assign-handler",
        "Assign a rights cadre to handle a petition",
        AssignHandler,
        C.AssignHandler,
        C.assign_handler,
        body_optional=False,
    ),
    Action(
        "extend",
        "Extend handling once (at most 30 days), with approval",
        Extension,
        H.ExtendHandling,
        H.extend,
        body_optional=False,
        permission="rights.approve",
        signer="approved_by",
    ),
    Action(
        "opinion",
        "Issue the handling opinion (處理意見書)",
        IssueOpinion,
        H.IssueOpinion,
        H.issue_opinion,
        body_optional=False,
    ),
    Action("deliver-opinion", "Record the opinion's delivery (送達)", Delivery, H.DeliverOpinion, H.deliver_opinion),
    Action("review-request", "The petitioner requests a review (複查)", Request_, H.RequestReview, H.request_review),
    Action(
        "review-decision",
        "Decide the review",
        Decision,
        H.DecideReview,
        H.decide_review,
        body_optional=False,
        permission="rights.approve",
        signer="decided_by",
    ),
    Action(
        "deliver-review-opinion",
        "Record the review opinion's delivery (送達); the re-review window runs from it",
        Delivery,
        H.DeliverReviewOpinion,
        H.deliver_review_opinion,
    ),
    Action(
        "rereview-request",
        "The petitioner requests a re-review (複核)",
        Request_,
        H.RequestRereview,
        H.request_rereview,
    ),
    Action("hearing-start", "A re-review hearing starts: the clock pauses", Hearing, H.StartHearing, H.start_hearing),
    Action("hearing-end", "The hearing ends: the clock resumes", Hearing, H.EndHearing, H.end_hearing),
    Action(
        "rereview-decision",
        "Decide the re-review; the matter is final",
        Decision,
        H.DecideRereview,
        H.decide_rereview,
        body_optional=False,
        permission="rights.approve",
        signer="decided_by",
    ),
    Action(
        "deliver-rereview-opinion",
        "Record the re-review opinion's delivery (送達)",
        Delivery,
        H.DeliverReviewOpinion,
        H.deliver_review_opinion,
        fixed={"stage": "rereview"},
    ),
    Action("close", "Close without (further) review", Close, H.ClosePetition, H.close),
    Action(
        "satisfaction",
        "Satisfaction follow-up after closing",
        SatisfactionIn,
        H.RecordSatisfaction,
        H.record_satisfaction,
        body_optional=False,
    ),
]
for _action in ACTIONS:
    _route(_action)
