"""The HTTP API of award calls and nominations."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.http import Day, Page, PageParams, Text, page_params
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.common import Code
from qiaolian_contracts.events.rights import NomineeKind

from . import commands, queries
from .rules import CALL, CALL_STATES, NOMINATION, STATES
from .tables import AwardCall, AwardNomination

READ = permit("rights.read")
WRITE = permit("rights.write")
router = APIRouter(tags=["economic work: 貢獻獎 nominations"])
Dossier = Annotated[Text, StringConstraints(max_length=20000)]


class OpenCall(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Annotated[Text, StringConstraints(max_length=200)]
    edition: int = Field(ge=2000, le=2100, description="the year of the call")
    opens_on: Day
    closes_on: Day
    quota: int | None = Field(None, ge=1, le=1000, description="how many the federation may recommend upward")


class CallOut(BaseModel):
    id: str
    title: str
    edition: int
    opens_on: date
    closes_on: date
    quota: int | None
    state: str
    closed_on: date | None
    allowed_commands: list[str]

    @classmethod
    def of(cls, c: AwardCall) -> CallOut:
        fields = {f: getattr(c, f) for f in cls.model_fields if f != "allowed_commands"}
        return cls(**fields, allowed_commands=CALL.commands(c.state))


class Nominate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    call_id: Annotated[Text, StringConstraints(max_length=64)]
    nominee_kind: NomineeKind
    nominee_name: Annotated[Text, StringConstraints(max_length=200)]
    category: Code = Field(description="award category, e.g. innovation_talent, innovation_achievement")
    region: Code
    dossier: Dossier


class UpdateDossier(BaseModel):
    model_config = ConfigDict(extra="forbid")
    dossier: Dossier


class Review(BaseModel):
    model_config = ConfigDict(extra="forbid")
    passed: bool
    note: Annotated[Text, StringConstraints(max_length=5000)] | None = None
    reviewed_on: Day | None = None


class Recommend(BaseModel):
    model_config = ConfigDict(extra="forbid")
    recommended_on: Day | None = None


class Result(BaseModel):
    model_config = ConfigDict(extra="forbid")
    awarded: bool
    result_on: Day | None = None


class NominationOut(BaseModel):
    id: str
    call_id: str
    nominee_kind: NomineeKind
    nominee_name: str
    category: str
    region: str
    dossier: str
    state: str = Field(description="dossier, submitted, reviewed, not_recommended, recommended, awarded, not_awarded")
    submitted_on: date | None
    reviewed_on: date | None
    review_note: str | None
    recommended_on: date | None
    result_on: date | None
    allowed_commands: list[str]

    @classmethod
    def of(cls, n: AwardNomination) -> NominationOut:
        fields = {f: getattr(n, f) for f in cls.model_fields if f != "allowed_commands"}
        return cls(**fields, allowed_commands=NOMINATION.commands(n.state))


@router.post(
    "/award-calls", dependencies=[WRITE], status_code=201, summary="Open a call for 中國僑界貢獻獎 nominations"
)
async def open_award_call(body: OpenCall, request: Request) -> CallOut:
    async with get_service(request).uow() as uow:
        c = await commands.open_call(uow, commands.OpenCall(**body.model_dump()))
    return CallOut.of(c)


@router.get("/award-calls", dependencies=[READ], summary="List calls")
async def list_award_calls(
    request: Request,
    edition: Annotated[int | None, Query(ge=1, le=1000)] = None,
    state: str | None = None,
    page: PageParams = Depends(page_params),
) -> Page[CallOut]:
    if state is not None and state not in CALL_STATES:
        raise Invalid("state", "must be open or closed")
    async with get_service(request).db.sessions() as s:
        return await queries.calls(s, page, CallOut.of, edition=edition, state=state)


@router.get("/award-calls/{call_id}", dependencies=[READ], summary="One call")
async def get_award_call(call_id: str, request: Request) -> CallOut:
    async with get_service(request).db.sessions() as s:
        return CallOut.of(await get_or_404(s, AwardCall, "award call", call_id))


@router.post("/award-calls/{call_id}/close", dependencies=[WRITE], summary="Close a call")
async def close_award_call(call_id: str, request: Request) -> CallOut:
    async with get_service(request).uow() as uow:
        c = await commands.close_call(uow, commands.CloseCall(call_id=call_id))
    return CallOut.of(c)


@router.post(
    "/award-nominations",
    dependencies=[WRITE],
    status_code=201,
    summary="Start a nomination's dossier under an open call",
)
async def create_nomination(body: Nominate, request: Request) -> NominationOut:
    async with get_service(request).uow() as uow:
        n = await commands.nominate(uow, commands.Nominate(**body.model_dump()))
    return NominationOut.of(n)


@router.get("/award-nominations", dependencies=[READ], summary="List nominations")
async def list_nominations(
    request: Request,
    call_id: str | None = None,
    state: str | None = None,
    category: Code | None = None,
    region: Code | None = None,
    nominee_kind: NomineeKind | None = None,
    page: PageParams = Depends(page_params),
) -> Page[NominationOut]:
    if state is not None and state not in STATES:
        raise Invalid("state", f"must be one of {', '.join(STATES)}")
    async with get_service(request).db.sessions() as s:
        return await queries.nominations(
            s,
            page,
            NominationOut.of,
            call_id=call_id,
            state=state,
            category=category,
            region=region,
            nominee_kind=nominee_kind,
        )


@router.get("/award-nominations/{nomination_id}", dependencies=[READ], summary="One nomination")
async def get_nomination(nomination_id: str, request: Request) -> NominationOut:
    async with get_service(request).db.sessions() as s:
        return NominationOut.of(await get_or_404(s, AwardNomination, "award nomination", nomination_id))


@router.put(
    "/award-nominations/{nomination_id}/dossier", dependencies=[WRITE], summary="Replace the dossier before submission"
)
async def put_dossier(nomination_id: str, body: UpdateDossier, request: Request) -> NominationOut:
    async with get_service(request).uow() as uow:
        n = await commands.update_dossier(
            uow, commands.UpdateDossier(nomination_id=nomination_id, dossier=body.dossier)
        )
    return NominationOut.of(n)


@router.post(
    "/award-nominations/{nomination_id}/submit",
    dependencies=[WRITE],
    summary="Submit the dossier (before the call closes)",
)
async def submit_nomination(nomination_id: str, request: Request) -> NominationOut:
    async with get_service(request).uow() as uow:
        n = await commands.submit(uow, commands.SubmitNomination(nomination_id=nomination_id))
    return NominationOut.of(n)


@router.post(
    "/award-nominations/{nomination_id}/review", dependencies=[WRITE], summary="The federation's review: passed or not"
)
async def review_nomination(nomination_id: str, body: Review, request: Request) -> NominationOut:
    async with get_service(request).uow() as uow:
        n = await commands.review(uow, commands.ReviewNomination(nomination_id=nomination_id, **body.model_dump()))
    return NominationOut.of(n)


@router.post(
    "/award-nominations/{nomination_id}/recommend",
    dependencies=[WRITE],
    summary="Recommend upward (within the call's quota)",
)
async def recommend_nomination(nomination_id: str, request: Request, body: Recommend | None = None) -> NominationOut:
    cmd = commands.RecommendNomination(
        nomination_id=nomination_id, recommended_on=body.recommended_on if body else None
    )
    async with get_service(request).uow() as uow:
        n = await commands.recommend(uow, cmd)
    return NominationOut.of(n)


@router.post(
    "/award-nominations/{nomination_id}/result", dependencies=[WRITE], summary="Record the result from upstream"
)
async def record_nomination_result(nomination_id: str, body: Result, request: Request) -> NominationOut:
    async with get_service(request).uow() as uow:
        n = await commands.record_result(uow, commands.RecordResult(nomination_id=nomination_id, **body.model_dump()))
    return NominationOut.of(n)
