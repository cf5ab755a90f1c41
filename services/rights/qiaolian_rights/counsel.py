"""The roster of legal advisers, public-service lawyers and mediators (法律顧問、公益律師、調解員), with terms.

A counsel serves from `term_from` to `term_to` (inclusive). The term's end is a deadline of the
chassis scheduler (kind `counsel_term`): the day after `term_to` it publishes `counsel.term_ended`
once, across restarts; a renewal moves it, an early end cancels it and publishes the fact at once.
States: `serving` → `ended`; `renew` and `end` are allowed while serving (409 otherwise).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.clock import today
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_chassis.tables import UtcDateTime
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.rights import CounselAppointed, CounselRole, CounselTermEnded
from qiaolian_contracts.ids import new_id

from .domain import COUNSEL_TERM as TERM
from .domain import Machine
from .domain import COUNSEL_TERM_ENDED as TERM_ENDED
from .persistence import Base, deadlines, get_or_404

APPOINTED = "qiaolian.rights.counsel.appointed.v1"
MACHINE = Machine("counsel", {"renew": (frozenset({"serving"}), None), "end": (frozenset({"serving"}), "ended")})


class Counsel(Base):
    __tablename__ = "counsel"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    role: Mapped[str] = mapped_column(sa.String(30), index=True)
    organisation: Mapped[str | None] = mapped_column(sa.String(200))  # law firm or mediation body
    term_from: Mapped[date] = mapped_column(sa.Date)
    term_to: Mapped[date] = mapped_column(sa.Date, index=True)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    ended_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


async def appoint(uow: UnitOfWork, *, name: str, role: CounselRole, organisation: str | None, term_from: date,
                  term_to: date) -> Counsel:
    if term_to < term_from:
        raise Invalid("term_to", "cannot be before term_from")
    c = Counsel(id=new_id(), name=name, role=role.value, organisation=organisation, term_from=term_from,
                term_to=term_to, state="serving", created_at=uow.now)
    uow.session.add(c)
    await deadlines.set(uow, TERM, c.id, term_to)
    uow.emit(c.id, CounselAppointed(counsel_id=c.id, role=role, term_from=term_from, term_to=term_to))
    return c


async def _load(uow: UnitOfWork, counsel_id: str, command: str, on: date) -> Counsel:
    c = await get_or_404(uow.session, Counsel, "counsel", counsel_id, for_update=True)
    if c.state == "serving" and c.term_to < on:
        c.state, c.ended_on = "ended", c.term_to  # the term ran out (the scheduler publishes the fact)
    MACHINE.apply(c.state, command)
    return c


async def renew(uow: UnitOfWork, counsel_id: str, term_to: date, on: date) -> Counsel:
    c = await _load(uow, counsel_id, "renew", on)
    if term_to <= c.term_to:
        raise Invalid("term_to", f"must be after the current end of term ({c.term_to})")
    c.term_to = term_to
    await deadlines.set(uow, TERM, c.id, term_to)
    uow.emit(c.id, CounselAppointed(counsel_id=c.id, role=CounselRole(c.role), term_from=c.term_from,
                                               term_to=term_to))
    return c


async def end_early(uow: UnitOfWork, counsel_id: str, ended_on: date | None, on: date) -> Counsel:
    c = await _load(uow, counsel_id, "end", on)
    ended_on = ended_on or on
    if not c.term_from <= ended_on <= c.term_to:
        raise Invalid("ended_on", f"must be within the term ({c.term_from} to {c.term_to})")
    c.state, c.ended_on = MACHINE.apply(c.state, "end"), ended_on
    await deadlines.cancel(uow, TERM, c.id)
    uow.emit(c.id, CounselTermEnded(counsel_id=c.id, ended_on=ended_on, early=True))
    return c


# ---- HTTP --------------------------------------------------------------------------------------

router = APIRouter(tags=["counsel"])
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Appoint(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[Text, StringConstraints(max_length=100)]
    role: CounselRole
    organisation: Annotated[Text, StringConstraints(max_length=200)] | None = None
    term_from: date
    term_to: date


class Renew(BaseModel):
    model_config = ConfigDict(extra="forbid")
    term_to: date


class End(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ended_on: date | None = None


class CounselOut(BaseModel):
    id: str
    name: str
    role: CounselRole
    organisation: str | None
    term_from: date
    term_to: date
    state: str = Field(description="serving or ended")
    ended_on: date | None
    allowed_commands: list[str]

    @classmethod
    def of(cls, c: Counsel, on: date) -> CounselOut:
        ended = c.state == "ended" or c.term_to < on
        state = "ended" if ended else "serving"
        return cls(id=c.id, name=c.name, role=CounselRole(c.role), organisation=c.organisation,
                   term_from=c.term_from, term_to=c.term_to, state=state,
                   ended_on=c.ended_on or (c.term_to if ended else None), allowed_commands=MACHINE.allowed(state))


@router.post("/counsel", status_code=201, summary="Appoint a legal adviser, public-service lawyer or mediator")
async def appoint_counsel(body: Appoint, request: Request) -> CounselOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        c = await appoint(uow, name=body.name, role=body.role, organisation=body.organisation,
                          term_from=body.term_from, term_to=body.term_to)
    return CounselOut.of(c, today(svc.clock))


@router.get("/counsel", summary="The roster; `serving_on` lists those serving on a date, `ending_within` days")
async def roster(request: Request, role: CounselRole | None = None, serving_on: date | None = None,
                 ending_within: int | None = None, page: PageParams = Depends(page_params)) -> Page[CounselOut]:
    svc = get_service(request)
    now = today(svc.clock)
    where = []
    if role:
        where.append(Counsel.role == role.value)
    if serving_on:
        where += [Counsel.term_from <= serving_on, Counsel.term_to >= serving_on,
                  sa.or_(Counsel.ended_on.is_(None), Counsel.ended_on >= serving_on)]
    if ending_within is not None:
        if ending_within < 0:
            raise Invalid("ending_within", "must be 0 or more")
        where += [Counsel.state == "serving", Counsel.term_to >= now,
                  Counsel.term_to <= now + timedelta(days=ending_within)]
    async with svc.db.sessions() as s:
        return await paginate(s, sa.select(Counsel).where(*where).order_by(Counsel.term_to, Counsel.id), page,
                              lambda c: CounselOut.of(c, now))


@router.post("/counsel/{counsel_id}/renew", summary="Renew a term (moves its end)")
async def renew_counsel(counsel_id: str, body: Renew, request: Request) -> CounselOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        c = await renew(uow, counsel_id, body.term_to, today(svc.clock))
    return CounselOut.of(c, today(svc.clock))


@router.post("/counsel/{counsel_id}/end", summary="End a term early")
async def end_counsel(counsel_id: str, request: Request, body: End | None = None) -> CounselOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        c = await end_early(uow, counsel_id, body.ended_on if body else None, today(svc.clock))
    return CounselOut.of(c, today(svc.clock))
