"""Discipline inspection cases (紀檢): readable and writable only with the discipline role.

The role comes in the `X-Qiaolian-Role` header (comma-separated roles), set by the gateway that
authenticates staff; without `discipline` every endpoint here answers 403, and the case list does
not reveal whether any case exists. Cases publish no events.
opened -> concluded (with an outcome).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.errors import Forbidden, Invalid, InvalidTransition, NotFound
from qiaolian_chassis.http import Page, PageParams, caller_roles, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_chassis.tables import UtcDateTime
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.ids import new_id

from .database import Base
from .cadres.tables import Cadre

ROLE = "discipline"


def require_discipline_role(roles: frozenset[str] = Depends(caller_roles)) -> None:
    if ROLE not in roles:
        raise Forbidden("discipline cases need the discipline role")


router = APIRouter(prefix="/discipline-cases", tags=["discipline"], dependencies=[Depends(require_discipline_role)])
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]


class Outcome(StrEnum):
    no_action = "no_action"
    criticism = "criticism"  # 批評教育
    warning = "warning"  # 警告
    serious_warning = "serious_warning"  # 嚴重警告
    demerit = "demerit"  # 記過
    demotion = "demotion"  # 降級
    dismissal = "dismissal"  # 開除


class DisciplineCase(Base):
    __tablename__ = "discipline_cases"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    cadre_id: Mapped[str] = mapped_column(sa.ForeignKey("cadres.id"), index=True)
    opened_on: Mapped[date] = mapped_column(sa.Date)
    allegation: Mapped[str] = mapped_column(sa.Text)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    outcome: Mapped[str | None] = mapped_column(sa.String(30))
    concluded_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Open(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cadre_id: str = Field(min_length=1, max_length=64)
    opened_on: date
    allegation: Text


class Conclude(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcome: Outcome
    concluded_on: date


class CaseOut(BaseModel):
    id: str
    cadre_id: str
    opened_on: date
    allegation: str
    state: str
    outcome: Outcome | None
    concluded_on: date | None


def _out(c: DisciplineCase) -> CaseOut:
    return CaseOut(id=c.id, cadre_id=c.cadre_id, opened_on=c.opened_on, allegation=c.allegation, state=c.state,
                   outcome=Outcome(c.outcome) if c.outcome else None, concluded_on=c.concluded_on)


async def open_case(uow: UnitOfWork, body: Open) -> DisciplineCase:
    if await uow.session.get(Cadre, body.cadre_id) is None:
        raise Invalid("cadre_id", "no such cadre")
    c = DisciplineCase(id=new_id(), cadre_id=body.cadre_id, opened_on=body.opened_on, allegation=body.allegation,
                       state="opened", created_at=uow.now)
    uow.session.add(c)
    return c


async def conclude(uow: UnitOfWork, case_id: str, body: Conclude) -> DisciplineCase:
    c = await uow.session.get(DisciplineCase, case_id, with_for_update=True)
    if c is None:
        raise NotFound(f"discipline case {case_id} not found")
    if c.state != "opened":
        raise InvalidTransition("discipline case", c.state, "conclude", [])
    if body.concluded_on < c.opened_on:
        raise Invalid("concluded_on", "before the case was opened")
    c.state, c.outcome, c.concluded_on = "concluded", body.outcome.value, body.concluded_on
    return c


@router.post("", status_code=201, summary="Open a discipline case")
async def post_case(body: Open, request: Request) -> CaseOut:
    async with get_service(request).uow() as uow:
        c = await open_case(uow, body)
    return _out(c)


@router.get("", summary="Discipline cases")
async def list_cases(request: Request, state: str | None = None, cadre_id: str | None = None,
                     page: PageParams = Depends(page_params)) -> Page[CaseOut]:
    where = [c for c in (DisciplineCase.state == state if state else None,
                         DisciplineCase.cadre_id == cadre_id if cadre_id else None) if c is not None]
    async with get_service(request).db.sessions() as s:
        return await paginate(s, sa.select(DisciplineCase).where(*where)
                              .order_by(DisciplineCase.opened_on.desc(), DisciplineCase.id), page, _out)


@router.get("/{case_id}", summary="One discipline case")
async def get_case(case_id: str, request: Request) -> CaseOut:
    async with get_service(request).db.sessions() as s:
        c = await s.get(DisciplineCase, case_id)
    if c is None:
        raise NotFound(f"discipline case {case_id} not found")
    return _out(c)


@router.post("/{case_id}/conclusion", summary="Conclude a case with its outcome")
async def post_conclusion(case_id: str, body: Conclude, request: Request) -> CaseOut:
    async with get_service(request).uow() as uow:
        c = await conclude(uow, case_id, body)
    return _out(c)
