"""The supervision board over HTTP: its items, and the leader's summary per office."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from qiaolian_chassis.auth import permit
from qiaolian_chassis.clock import today
from qiaolian_chassis.http import Day, Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.common import Office

from . import queries
from .rules import is_overdue
from .tables import SupervisionItem

router = APIRouter(prefix="/supervision", tags=["supervision"])


class ItemOut(BaseModel):
    id: str
    kind: str
    office: Office
    source_id: str
    title: str
    due_on: date
    provisional: bool = Field(
        description="the due date was counted into a year the holiday calendar has no data for; it may move"
    )
    state: Literal["open", "closed"]
    overdue: bool
    opened_at: datetime
    closed_at: datetime | None

    @classmethod
    def of(cls, i: SupervisionItem, on: date) -> ItemOut:
        return cls(
            id=i.id,
            kind=i.kind,
            office=Office(i.office),
            source_id=i.source_id,
            title=i.title,
            due_on=i.due_on,
            provisional=bool(i.provisional),
            state=i.state,
            overdue=is_overdue(i.state, i.due_on, on),
            opened_at=i.opened_at,
            closed_at=i.closed_at,
        )


class OfficeSummary(BaseModel):
    office: Office
    open: int
    overdue: int
    due_within_7_days: int


class Summary(BaseModel):
    on: Day
    offices: list[OfficeSummary]


@router.get("/items", dependencies=[permit("staff.read")], summary="The supervision board (督查), most urgent first")
async def list_items(
    request: Request,
    office: Office | None = None,
    state: Literal["open", "closed"] | None = "open",
    kind: str | None = None,
    page: PageParams = Depends(page_params),
) -> Page[ItemOut]:
    svc = get_service(request)
    on = today(svc.clock)
    async with svc.db.sessions() as s:
        return await paginate(
            s, queries.items(office=office, state=state, kind=kind), page, lambda i: ItemOut.of(i, on)
        )


@router.get(
    "/summary",
    dependencies=[permit("staff.read")],
    summary="Per office: open, overdue and due within 7 days on the board (at a glance)",
)
async def summary(request: Request) -> Summary:
    svc = get_service(request)
    on = today(svc.clock)
    async with svc.db.sessions() as s:
        counts = await queries.counts_by_office(s, on)

    def of(o: Office) -> OfficeSummary:
        c = counts.get(o.value, queries.OfficeCounts(0, 0, 0))
        return OfficeSummary(office=o, open=c.open, overdue=c.overdue, due_within_7_days=c.due_soon)

    return Summary(on=on, offices=[of(o) for o in Office])
