"""The HTTP API of the counsel roster. A counsel's state is shown as of today (a term that ran out
is `ended` even before the scheduler has published it)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import permit
from qiaolian_chassis.clock import today
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.http import Day, DaysQuery, Page, PageParams, Text, page_params
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.rights import Committee, CounselRole

from . import commands, queries
from .rules import TRANSITIONS, state_on
from .tables import Counsel

READ = permit("rights.read")
WRITE = permit("rights.write")
router = APIRouter(tags=["counsel"])


class Appoint(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[Text, StringConstraints(max_length=100)]
    role: CounselRole
    committee: Committee | None = Field(
        None,
        description="法律顧問委員會 (legal_advisers: a legal_adviser) or 特聘專家委員會 (special_experts: a special_expert)",
    )
    organisation: Annotated[Text, StringConstraints(max_length=200)] | None = None
    term_from: Day
    term_to: Day


class Renew(BaseModel):
    model_config = ConfigDict(extra="forbid")
    term_to: Day


class End(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ended_on: Day | None = None


class CounselOut(BaseModel):
    id: str
    name: str
    role: CounselRole
    committee: Committee | None
    organisation: str | None
    term_from: date
    term_to: date
    state: str = Field(description="serving or ended")
    ended_on: date | None
    allowed_commands: list[str]

    @classmethod
    def of(cls, c: Counsel, on: date) -> CounselOut:
        state = state_on(c.state, c.term_to, on)
        return cls(
            id=c.id,
            name=c.name,
            role=CounselRole(c.role),
            committee=Committee(c.committee) if c.committee else None,
            organisation=c.organisation,
            term_from=c.term_from,
            term_to=c.term_to,
            state=state,
            ended_on=c.ended_on or (c.term_to if state == "ended" else None),
            allowed_commands=TRANSITIONS.commands(state),
        )


@router.post(
    "/counsel",
    dependencies=[WRITE],
    status_code=201,
    summary="Appoint a legal adviser, public-service lawyer, mediator, special expert or nominee, "
    "or a member of a committee",
)
async def appoint_counsel(body: Appoint, request: Request) -> CounselOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        c = await commands.appoint(uow, commands.AppointCounsel(**body.model_dump()))
    return CounselOut.of(c, today(svc.clock))


@router.get(
    "/counsel",
    dependencies=[READ],
    summary="The roster; `committee` lists a committee's members, `serving_on` those serving on a date, "
    "`ending_within` days",
)
async def roster(
    request: Request,
    role: CounselRole | None = None,
    committee: Committee | None = None,
    serving_on: Day | None = None,
    ending_within: DaysQuery = None,
    page: PageParams = Depends(page_params),
) -> Page[CounselOut]:
    if ending_within is not None and ending_within < 0:
        raise Invalid("ending_within", "must be 0 or more")
    svc = get_service(request)
    now = today(svc.clock)
    async with svc.db.sessions() as s:
        return await queries.roster(
            s,
            page,
            lambda c: CounselOut.of(c, now),
            today=now,
            role=role,
            committee=committee,
            serving_on=serving_on,
            ending_within=ending_within,
        )


@router.post("/counsel/{counsel_id}/renew", dependencies=[WRITE], summary="Renew a term (moves its end)")
async def renew_counsel(counsel_id: str, body: Renew, request: Request) -> CounselOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        c = await commands.renew(uow, commands.RenewTerm(counsel_id=counsel_id, term_to=body.term_to))
    return CounselOut.of(c, today(svc.clock))


@router.post("/counsel/{counsel_id}/end", dependencies=[WRITE], summary="End a term early")
async def end_counsel(counsel_id: str, request: Request, body: End | None = None) -> CounselOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        c = await commands.end_early(
            uow, commands.EndTermEarly(counsel_id=counsel_id, ended_on=body.ended_on if body else None)
        )
    return CounselOut.of(c, today(svc.clock))
