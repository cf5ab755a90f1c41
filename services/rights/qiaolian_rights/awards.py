"""中國僑界貢獻獎 nominations: a call, each nominee's dossier, the federation's review, the
recommendation upward (to the China Federation of Returned Overseas Chinese) and the result.

A call is `open` until it is closed (`close`); nominations are accepted while it is open and on or
before `closes_on`, and at most `quota` of them may be recommended (409 beyond it). A nomination
goes `dossier` → `submitted` → `reviewed` (or `not_recommended`) → `recommended` → `awarded` or
`not_awarded` (`NOMINATION`; any other command is 409 with the current state and allowed commands).
The nominee's name and the dossier stay here; events carry codes and dates only.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.clock import Clock, today
from qiaolian_chassis.errors import Conflict, Invalid
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_chassis.tables import UtcDateTime
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.common import Code
from qiaolian_contracts.events.rights import (AwardNominationRecommended, AwardNominationResultRecorded,
                                              AwardNominationSubmitted, AwardResult, NomineeKind)
from qiaolian_contracts.ids import new_id

from .domain import Machine, command_date
from .persistence import Base, equal_to, get_or_404

CALL = Machine("award call", {"close": (frozenset({"open"}), "closed")})
NOMINATION = Machine("award nomination", {
    "update_dossier": (frozenset({"dossier"}), None),
    "submit": (frozenset({"dossier"}), "submitted"),
    "review": (frozenset({"submitted"}), None),  # to reviewed or not_recommended
    "recommend": (frozenset({"reviewed"}), "recommended"),
    "record_result": (frozenset({"recommended"}), None),  # to awarded or not_awarded
})
STATES = ("dossier", "submitted", "reviewed", "not_recommended", "recommended", "awarded", "not_awarded")


class AwardCall(Base):
    __tablename__ = "award_calls"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    edition: Mapped[int] = mapped_column(sa.Integer, index=True)
    opens_on: Mapped[date] = mapped_column(sa.Date)
    closes_on: Mapped[date] = mapped_column(sa.Date)
    quota: Mapped[int | None] = mapped_column(sa.Integer)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    closed_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AwardNomination(Base):
    __tablename__ = "award_nominations"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    call_id: Mapped[str] = mapped_column(sa.ForeignKey("award_calls.id"), index=True)
    nominee_kind: Mapped[str] = mapped_column(sa.String(20))
    nominee_name: Mapped[str] = mapped_column(sa.String(200))
    category: Mapped[str] = mapped_column(sa.String(64), index=True)
    region: Mapped[str] = mapped_column(sa.String(64), index=True)
    dossier: Mapped[str] = mapped_column(sa.Text)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    submitted_on: Mapped[date | None] = mapped_column(sa.Date)
    reviewed_on: Mapped[date | None] = mapped_column(sa.Date)
    review_note: Mapped[str | None] = mapped_column(sa.Text)
    recommended_on: Mapped[date | None] = mapped_column(sa.Date)
    result_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


# ---- commands ----------------------------------------------------------------------------------

async def open_call(uow: UnitOfWork, *, title: str, edition: int, opens_on: date, closes_on: date,
                    quota: int | None) -> AwardCall:
    if closes_on < opens_on:
        raise Invalid("closes_on", "cannot be before opens_on")
    c = AwardCall(id=new_id(), title=title, edition=edition, opens_on=opens_on, closes_on=closes_on, quota=quota,
                  state="open", created_at=uow.now)
    uow.session.add(c)
    return c


async def close_call(uow: UnitOfWork, clock: Clock, call_id: str) -> AwardCall:
    c = await get_or_404(uow.session, AwardCall, "award call", call_id, for_update=True)
    c.state, c.closed_on = CALL.apply(c.state, "close"), today(clock)
    return c


async def nominate(uow: UnitOfWork, clock: Clock, *, call_id: str, nominee_kind: NomineeKind, nominee_name: str,
                   category: str, region: str, dossier: str) -> AwardNomination:
    call = await get_or_404(uow.session, AwardCall, "award call", call_id)
    on = today(clock)
    if call.state != "open" or not call.opens_on <= on <= call.closes_on:
        raise Conflict(f"the call takes nominations from {call.opens_on} to {call.closes_on} while open",
                       call_id=call.id, call_state=call.state)
    n = AwardNomination(id=new_id(), call_id=call.id, nominee_kind=nominee_kind.value, nominee_name=nominee_name,
                        category=category, region=region, dossier=dossier, state="dossier", created_at=uow.now)
    uow.session.add(n)
    return n


async def _nomination(uow: UnitOfWork, nomination_id: str, command: str) -> tuple[AwardNomination, str]:
    n = await get_or_404(uow.session, AwardNomination, "award nomination", nomination_id, for_update=True)
    return n, NOMINATION.apply(n.state, command)


async def update_dossier(uow: UnitOfWork, nomination_id: str, dossier: str) -> AwardNomination:
    n, _ = await _nomination(uow, nomination_id, "update_dossier")
    n.dossier = dossier
    return n


async def submit(uow: UnitOfWork, clock: Clock, nomination_id: str) -> AwardNomination:
    n, state = await _nomination(uow, nomination_id, "submit")
    call = await get_or_404(uow.session, AwardCall, "award call", n.call_id)
    on = today(clock)
    if call.state != "open" or on > call.closes_on:
        raise Conflict(f"the call closed on {call.closed_on or call.closes_on}", call_id=call.id,
                       call_state=call.state)
    n.state, n.submitted_on = state, on
    uow.emit(n.id, AwardNominationSubmitted(
        nomination_id=n.id, call_id=call.id, edition=call.edition, category=n.category,
        nominee_kind=NomineeKind(n.nominee_kind), region=n.region, submitted_on=on))
    return n


async def review(uow: UnitOfWork, clock: Clock, nomination_id: str, *, passed: bool, note: str | None,
                 on: date | None) -> AwardNomination:
    n, _ = await _nomination(uow, nomination_id, "review")
    day = command_date(today(clock), on, "reviewed_on", n.submitted_on, "the nomination was submitted")
    n.state, n.reviewed_on, n.review_note = ("reviewed" if passed else "not_recommended"), day, note
    if not passed:
        n.result_on = day
        uow.emit(n.id, AwardNominationResultRecorded(
            nomination_id=n.id, call_id=n.call_id, result=AwardResult.not_recommended, on=day))
    return n


async def recommend(uow: UnitOfWork, clock: Clock, nomination_id: str, on: date | None) -> AwardNomination:
    n, state = await _nomination(uow, nomination_id, "recommend")
    call = await get_or_404(uow.session, AwardCall, "award call", n.call_id, for_update=True)
    if call.quota is not None:
        used = await uow.session.scalar(sa.select(sa.func.count()).select_from(AwardNomination).where(
            AwardNomination.call_id == call.id, AwardNomination.recommended_on.is_not(None)))
        if (used or 0) >= call.quota:
            raise Conflict(f"the call's quota of {call.quota} recommendations is used up", call_id=call.id,
                           quota=call.quota)
    day = command_date(today(clock), on, "recommended_on", n.reviewed_on, "the nomination was reviewed")
    n.state, n.recommended_on = state, day
    uow.emit(n.id, AwardNominationRecommended(
        nomination_id=n.id, call_id=n.call_id, recommended_on=day))
    return n


async def record_result(uow: UnitOfWork, clock: Clock, nomination_id: str, *, awarded: bool,
                        on: date | None) -> AwardNomination:
    n, _ = await _nomination(uow, nomination_id, "record_result")
    day = command_date(today(clock), on, "result_on", n.recommended_on, "the nomination was recommended")
    result = AwardResult.awarded if awarded else AwardResult.not_awarded
    n.state, n.result_on = result.value, day
    uow.emit(n.id, AwardNominationResultRecorded(
        nomination_id=n.id, call_id=n.call_id, result=result, on=day))
    return n


# ---- HTTP --------------------------------------------------------------------------------------

router = APIRouter(tags=["economic work: 貢獻獎 nominations"])
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Dossier = Annotated[Text, StringConstraints(max_length=20000)]


class OpenCall(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Annotated[Text, StringConstraints(max_length=200)]
    edition: int = Field(ge=2000, le=2100, description="the year of the call")
    opens_on: date
    closes_on: date
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
        return cls(**fields, allowed_commands=CALL.allowed(c.state))


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
    reviewed_on: date | None = None


class Recommend(BaseModel):
    model_config = ConfigDict(extra="forbid")
    recommended_on: date | None = None


class Result(BaseModel):
    model_config = ConfigDict(extra="forbid")
    awarded: bool
    result_on: date | None = None


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
        return cls(**fields, allowed_commands=NOMINATION.allowed(n.state))


@router.post("/award-calls", status_code=201, summary="Open a call for 中國僑界貢獻獎 nominations")
async def open_award_call(body: OpenCall, request: Request) -> CallOut:
    async with get_service(request).uow() as uow:
        c = await open_call(uow, **body.model_dump())
    return CallOut.of(c)


@router.get("/award-calls", summary="List calls")
async def list_award_calls(request: Request, edition: int | None = None, state: str | None = None,
                           page: PageParams = Depends(page_params)) -> Page[CallOut]:
    if state is not None and state not in ("open", "closed"):
        raise Invalid("state", "must be open or closed")
    where = equal_to((AwardCall.edition, edition), (AwardCall.state, state))
    async with get_service(request).db.sessions() as s:
        return await paginate(s, sa.select(AwardCall).where(*where).order_by(AwardCall.opens_on.desc(), AwardCall.id),
                              page, CallOut.of)


@router.get("/award-calls/{call_id}", summary="One call")
async def get_award_call(call_id: str, request: Request) -> CallOut:
    async with get_service(request).db.sessions() as s:
        return CallOut.of(await get_or_404(s, AwardCall, "award call", call_id))


@router.post("/award-calls/{call_id}/close", summary="Close a call")
async def close_award_call(call_id: str, request: Request) -> CallOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        c = await close_call(uow, svc.clock, call_id)
    return CallOut.of(c)


@router.post("/award-nominations", status_code=201, summary="Start a nomination's dossier under an open call")
async def create_nomination(body: Nominate, request: Request) -> NominationOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        n = await nominate(uow, svc.clock, **body.model_dump())
    return NominationOut.of(n)


@router.get("/award-nominations", summary="List nominations")
async def list_nominations(request: Request, call_id: str | None = None, state: str | None = None,
                           category: Code | None = None, region: Code | None = None,
                           nominee_kind: NomineeKind | None = None,
                           page: PageParams = Depends(page_params)) -> Page[NominationOut]:
    if state is not None and state not in STATES:
        raise Invalid("state", f"must be one of {', '.join(STATES)}")
    where = equal_to((AwardNomination.call_id, call_id), (AwardNomination.state, state),
                     (AwardNomination.category, category), (AwardNomination.region, region),
                     (AwardNomination.nominee_kind, nominee_kind))
    async with get_service(request).db.sessions() as s:
        return await paginate(s, sa.select(AwardNomination).where(*where)
                              .order_by(AwardNomination.created_at.desc(), AwardNomination.id), page,
                              NominationOut.of)


@router.get("/award-nominations/{nomination_id}", summary="One nomination")
async def get_nomination(nomination_id: str, request: Request) -> NominationOut:
    async with get_service(request).db.sessions() as s:
        return NominationOut.of(await get_or_404(s, AwardNomination, "award nomination", nomination_id))


@router.put("/award-nominations/{nomination_id}/dossier", summary="Replace the dossier before submission")
async def put_dossier(nomination_id: str, body: UpdateDossier, request: Request) -> NominationOut:
    async with get_service(request).uow() as uow:
        n = await update_dossier(uow, nomination_id, body.dossier)
    return NominationOut.of(n)


@router.post("/award-nominations/{nomination_id}/submit", summary="Submit the dossier (before the call closes)")
async def submit_nomination(nomination_id: str, request: Request) -> NominationOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        n = await submit(uow, svc.clock, nomination_id)
    return NominationOut.of(n)


@router.post("/award-nominations/{nomination_id}/review", summary="The federation's review: passed or not")
async def review_nomination(nomination_id: str, body: Review, request: Request) -> NominationOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        n = await review(uow, svc.clock, nomination_id, passed=body.passed, note=body.note, on=body.reviewed_on)
    return NominationOut.of(n)


@router.post("/award-nominations/{nomination_id}/recommend", summary="Recommend upward (within the call's quota)")
async def recommend_nomination(nomination_id: str, request: Request, body: Recommend | None = None) -> NominationOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        n = await recommend(uow, svc.clock, nomination_id, body.recommended_on if body else None)
    return NominationOut.of(n)


@router.post("/award-nominations/{nomination_id}/result", summary="Record the result from upstream")
async def record_nomination_result(nomination_id: str, body: Result, request: Request) -> NominationOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        n = await record_result(uow, svc.clock, nomination_id, awarded=body.awarded, on=body.result_on)
    return NominationOut.of(n)
