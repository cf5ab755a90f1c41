"""Duty rosters over HTTP: the calendar's holidays, rosters and their commands, duties, the duty log."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from qiaolian_chassis.auth import permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.http import Day, Page, PageParams, YearParam, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_contracts.calendar import default_calendar

from . import commands, log_commands, queries, rules
from .rules import Outcome, RosterState
from .schemas import (
    Cancel,
    DutyOut,
    Generate,
    HolidayOut,
    LogEntry,
    LogOut,
    Publish,
    RosterDetail,
    RosterOut,
    Swap,
    SwapOut,
    Tally,
)
from .tables import DutyRoster

router = APIRouter(tags=["duty rosters"])


def _out(model: type[BaseModel]) -> Any:
    return lambda row: model.model_validate(row, from_attributes=True)


async def _detail(session: Any, r: DutyRoster) -> RosterDetail:
    duties = await queries.duties(session, r.id)
    counts: dict[str, Tally] = {}
    for d in duties:
        t = counts.setdefault(d.cadre_id, Tally(cadre_id=d.cadre_id, name=d.name, duties=0))
        t.duties += 1
    staff = await queries.on_staff(session, list(counts))
    return RosterDetail(
        **RosterOut.of(r).model_dump(),
        duties=[DutyOut.of(d, d.cadre_id in staff) for d in duties],
        tally=sorted(counts.values(), key=lambda t: (-t.duties, t.cadre_id)),
        swaps=[_out(SwapOut)(s) for s in await queries.swaps(session, r.id)],
    )


@router.get(
    "/duty-rosters/holidays",
    dependencies=[permit("staff.read")],
    summary="The holidays of a year in the calendar, with their rest days",
)
async def list_holidays(year: YearParam) -> list[HolidayOut]:
    calendar = default_calendar()
    if not calendar.covers(year):
        raise Invalid("year", f"the holiday calendar has no data for {year}")
    return [
        HolidayOut(
            code=h.code, name=h.name, first_day=h.first, last_day=h.last, rest_days=calendar.rest_days(h.first, h.last)
        )
        for h in calendar.holidays_of(year)
    ]


@router.post(
    "/duty-rosters",
    dependencies=[permit("office.write")],
    status_code=201,
    summary="Draw a draft duty roster (值班表) for a holiday or dates",
)
async def generate_roster(body: Generate, request: Request) -> RosterDetail:
    cmd = commands.GenerateRoster(
        **{
            **body.model_dump(exclude={"unavailable"}),
            "unavailable": tuple(rules.Leave(**lv.model_dump()) for lv in body.unavailable),
        }
    )
    async with get_service(request).uow() as uow:
        r = await commands.generate(uow, cmd)
        await uow.session.flush()
        return await _detail(uow.session, r)


@router.get("/duty-rosters", dependencies=[permit("office.read")], summary="Duty rosters, latest period first")
async def list_rosters(
    request: Request,
    state: RosterState | None = None,
    holiday: str | None = None,
    year: int | None = Query(None, ge=2000, le=2100),
    on: Day | None = None,
    page: PageParams = Depends(page_params),
) -> Page[RosterOut]:
    async with get_service(request).db.sessions() as s:
        return await paginate(s, queries.rosters(state=state, holiday=holiday, year=year, on=on), page, RosterOut.of)


@router.get(
    "/duty-rosters/{roster_id}",
    dependencies=[permit("office.read")],
    summary="A duty roster with its duties, the tally per cadre and the swaps",
)
async def get_roster(roster_id: str, request: Request) -> RosterDetail:
    async with get_service(request).db.sessions() as s:
        return await _detail(s, await get_or_404(s, DutyRoster, "duty roster", roster_id))


@router.post(
    "/duty-rosters/{roster_id}/publish",
    dependencies=[permit("office.write")],
    summary="Publish a draft roster (duty_roster.published)",
)
async def publish_roster(roster_id: str, body: Publish, request: Request) -> RosterDetail:
    async with get_service(request).uow() as uow:
        r = await commands.publish(uow, commands.PublishRoster(roster_id=roster_id, **body.model_dump()))
        return await _detail(uow.session, r)


@router.post(
    "/duty-rosters/{roster_id}/swaps",
    dependencies=[permit("office.write")],
    status_code=201,
    summary="Exchange two duties, or hand one over to another cadre (調班)",
)
async def swap_duties(roster_id: str, body: Swap, request: Request) -> RosterDetail:
    async with get_service(request).uow() as uow:
        await commands.swap(uow, commands.SwapDuties(roster_id=roster_id, **body.model_dump()))
        await uow.session.flush()
        return await _detail(uow.session, await get_or_404(uow.session, DutyRoster, "duty roster", roster_id))


@router.post(
    "/duty-rosters/{roster_id}/cancel",
    dependencies=[permit("office.write")],
    summary="Withdraw a draft, or a published roster before it begins",
)
async def cancel_roster(roster_id: str, body: Cancel, request: Request) -> RosterOut:
    async with get_service(request).uow() as uow:
        r = await commands.cancel(uow, commands.CancelRoster(roster_id=roster_id, **body.model_dump()))
    return RosterOut.of(r)


@router.get(
    "/duty-assignments",
    dependencies=[permit("staff.read")],
    summary="Duties by day or cadre (who is on duty), of published rosters by default",
)
async def list_duties(
    request: Request,
    cadre_id: str | None = None,
    roster_id: str | None = None,
    on: Day | None = None,
    from_on: Day | None = None,
    to_on: Day | None = None,
    state: RosterState | None = RosterState.published,
    on_staff: bool | None = None,
    page: PageParams = Depends(page_params),
) -> Page[DutyOut]:
    stmt = queries.assignments(
        state=state, cadre_id=cadre_id, roster_id=roster_id, on=on, from_on=from_on, to_on=to_on, staffed=on_staff
    )
    async with get_service(request).db.sessions() as s:
        return await paginate(s, stmt, page, lambda row: DutyOut.of(row[0], bool(row[1])), scalars=False)


@router.post(
    "/duty-rosters/{roster_id}/log",
    dependencies=[permit("office.write")],
    status_code=201,
    summary="Record what happened on duty (值班記錄)",
)
async def log_entry(roster_id: str, body: LogEntry, request: Request) -> LogOut:
    async with get_service(request).uow() as uow:
        e = await log_commands.log(uow, log_commands.LogDuty(roster_id=roster_id, **body.model_dump()))
    return LogOut.model_validate(e, from_attributes=True)


@router.get("/duty-log", dependencies=[permit("office.read")], summary="The duty log, in the order things happened")
async def list_log(
    request: Request,
    roster_id: str | None = None,
    cadre_id: str | None = None,
    duty_on: Day | None = None,
    from_on: Day | None = None,
    to_on: Day | None = None,
    outcome: Outcome | None = None,
    page: PageParams = Depends(page_params),
) -> Page[LogOut]:
    stmt = queries.log_entries(
        roster_id=roster_id, cadre_id=cadre_id, duty_on=duty_on, from_on=from_on, to_on=to_on, outcome=outcome
    )
    async with get_service(request).db.sessions() as s:
        return await paginate(s, stmt, page, _out(LogOut))
