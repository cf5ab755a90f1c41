"""HTTP API of discipline cases: `discipline.cases` only (ACCESS.md), held by the discipline
inspection officer alone. Without it every endpoint here answers 403 naming the permission, and the
case list does not reveal whether any case exists.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Day, Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service

from . import commands, queries
from .rules import Outcome
from .tables import DisciplineCase

router = APIRouter(prefix="/discipline-cases", tags=["discipline"], dependencies=[permit("discipline.cases")])
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]


class Open(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cadre_id: str = Field(min_length=1, max_length=64)
    opened_on: Day
    allegation: Text


class Conclude(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcome: Outcome
    concluded_on: Day


class CaseOut(BaseModel):
    id: str
    cadre_id: str
    opened_on: date
    allegation: str
    state: str
    outcome: Outcome | None
    concluded_on: date | None


def _out(c: DisciplineCase) -> CaseOut:
    return CaseOut(
        id=c.id,
        cadre_id=c.cadre_id,
        opened_on=c.opened_on,
        allegation=c.allegation,
        state=c.state,
        outcome=Outcome(c.outcome) if c.outcome else None,
        concluded_on=c.concluded_on,
    )


@router.post("", status_code=201, summary="Open a discipline case")
async def post_case(body: Open, request: Request) -> CaseOut:
    async with get_service(request).uow() as uow:
        c = await commands.open_case(uow, commands.OpenCase(**body.model_dump()))
    return _out(c)


@router.get("", summary="Discipline cases")
async def list_cases(
    request: Request, state: str | None = None, cadre_id: str | None = None, page: PageParams = Depends(page_params)
) -> Page[CaseOut]:
    async with get_service(request).db.sessions() as s:
        return await paginate(s, queries.cases(state=state, cadre_id=cadre_id), page, _out)


@router.get("/{case_id}", summary="One discipline case")
async def get_case(case_id: str, request: Request) -> CaseOut:
    async with get_service(request).db.sessions() as s:
        c = await get_or_404(s, DisciplineCase, "discipline case", case_id)
    return _out(c)


@router.post("/{case_id}/conclusion", summary="Conclude a case with its outcome")
async def post_conclusion(case_id: str, body: Conclude, request: Request) -> CaseOut:
    async with get_service(request).uow() as uow:
        c = await commands.conclude(uow, commands.ConcludeCase(case_id=case_id, **body.model_dump()))
    return _out(c)
