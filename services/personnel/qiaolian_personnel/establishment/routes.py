"""HTTP API of the establishment (編制)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from qiaolian_chassis.auth import permit
from qiaolian_chassis.http import Page, PageParams, page_params
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.common import Office

from . import commands, queries
from .rules import PostLevel

router = APIRouter(tags=["establishment"])


class SetEstablishment(BaseModel):
    model_config = ConfigDict(extra="forbid")
    approved: int = Field(ge=0, le=10_000)


class EstablishmentRow(BaseModel):
    office: Office
    post_level: str = Field(description="a PostLevel, or `unclassified` for posts whose title names no level")
    approved: int | None = Field(description="null: no approved number set yet (appointments are not limited)")
    occupied: int
    vacant: int | None
    over_establishment: int


@router.get(
    "/establishment", dependencies=[permit("personnel.read")], summary="Approved, occupied and vacant slots (編制)"
)
async def get_establishment(
    request: Request,
    office: Office | None = None,
    post_level: str | None = None,
    page: PageParams = Depends(page_params),
) -> Page[EstablishmentRow]:
    async with get_service(request).db.sessions() as s:
        rows = [
            r for r in await queries.establishment(s, office) if post_level is None or r["post_level"] == post_level
        ]
    return Page(
        items=[EstablishmentRow.model_validate(r) for r in rows[page.offset : page.offset + page.limit]],
        total=len(rows),
        limit=page.limit,
        offset=page.offset,
    )


@router.put(
    "/establishment/{office}/{post_level}",
    dependencies=[permit("personnel.approve")],
    summary="Set the approved slots of an office at a post level",
)
async def set_establishment(
    office: Office, post_level: PostLevel, body: SetEstablishment, request: Request
) -> EstablishmentRow:
    async with get_service(request).uow() as uow:
        await commands.set_establishment(
            uow, commands.SetEstablishment(office=office, post_level=post_level, approved=body.approved)
        )
    async with get_service(request).db.sessions() as s:
        rows = await queries.establishment(s, office)
    return EstablishmentRow.model_validate(next(r for r in rows if r["post_level"] == post_level.value))
