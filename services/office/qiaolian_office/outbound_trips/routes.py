"""Outbound trips over HTTP. The steps and the withdrawal are decided by the caller's roles
(`X-Qiaolian-Role`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request

from qiaolian_chassis.auth import permit
from qiaolian_chassis.clock import today
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Page, PageParams, caller_roles, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.common import Office

from . import commands, queries
from .rules import APPROVAL_CHAIN, WITHDRAW, TripState
from .schemas import Apply, Approve, DecisionOut, IssuePassport, Reject, Report, StepOut, TripDetail, TripOut, Withdraw
from .tables import OutboundTrip

router = APIRouter(prefix="/outbound-trips", tags=["outbound trips"])


async def trip_detail(session: Any, trip_id: str, on: date) -> TripDetail:
    """The trip with the decisions of its approval chain and, if it was withdrawn, who did it, when and why."""
    t = await get_or_404(session, OutboundTrip, "outbound trip", trip_id)
    rows = await queries.decisions(session, t.id)
    approvals = sum(1 for d in rows if d.approved)
    withdrawal = next((d for d in rows if d.step == WITHDRAW), None)
    return TripDetail(
        **TripOut.of(t, on, approvals).model_dump(),
        report=t.report,
        decisions=[DecisionOut.model_validate(d, from_attributes=True) for d in rows if d.step != WITHDRAW],
        withdrawn_by=withdrawal.decided_by if withdrawal else None,
        withdrawn_on=withdrawal.decided_on if withdrawal else None,
        withdrawal_reason=withdrawal.note if withdrawal else None,
    )


@router.get(
    "/approval-chain", dependencies=[permit("staff.read")], summary="The steps every application goes through, in order"
)
async def approval_chain() -> list[StepOut]:
    return [StepOut(step=s.role, label=s.label) for s in APPROVAL_CHAIN]


@router.post(
    "",
    dependencies=[permit("office.write")],
    status_code=201,
    summary="Apply for an official trip abroad (因公出國(境))",
)
async def apply_trip(body: Apply, request: Request) -> TripDetail:
    async with get_service(request).uow() as uow:
        t = await commands.apply(uow, commands.ApplyForTrip(**body.model_dump()))
        return await trip_detail(uow.session, t.id, uow.today)


@router.get("", dependencies=[permit("staff.read")], summary="Outbound trips, latest departure first")
async def list_trips(
    request: Request,
    state: TripState | None = None,
    cadre_id: str | None = None,
    office: Office | None = None,
    passport_overdue: bool | None = None,
    page: PageParams = Depends(page_params),
) -> Page[TripOut]:
    svc = get_service(request)
    on = today(svc.clock)
    stmt = queries.trips(state=state, cadre_id=cadre_id, office=office, passport_overdue=passport_overdue, on=on)
    async with svc.db.sessions() as s:
        return await paginate(s, stmt, page, lambda r: TripOut.of(r[0], on, r[1]), scalars=False)


@router.get(
    "/{trip_id}",
    dependencies=[permit("staff.read")],
    summary="An outbound trip with the decisions of its approval chain",
)
async def get_trip(trip_id: str, request: Request) -> TripDetail:
    svc = get_service(request)
    async with svc.db.sessions() as s:
        return await trip_detail(s, trip_id, today(svc.clock))


@router.post(
    "/{trip_id}/approve",
    dependencies=[permit("trips.decide")],
    summary="Approve the next step of the chain (as its role)",
)
async def approve_trip(
    trip_id: str, body: Approve, request: Request, roles: frozenset[str] = Depends(caller_roles)
) -> TripDetail:
    async with get_service(request).uow() as uow:
        t = await commands.decide(
            uow, commands.DecideTripStep(trip_id=trip_id, approve=True, roles=roles, **body.model_dump())
        )
        return await trip_detail(uow.session, t.id, uow.today)


@router.post(
    "/{trip_id}/reject",
    dependencies=[permit("trips.decide")],
    summary="Reject at the next step of the chain (as its role): the application ends",
)
async def reject_trip(
    trip_id: str, body: Reject, request: Request, roles: frozenset[str] = Depends(caller_roles)
) -> TripDetail:
    async with get_service(request).uow() as uow:
        t = await commands.decide(
            uow,
            commands.DecideTripStep(
                trip_id=trip_id, step=body.step, approve=False, by=body.by, note=body.reason, roles=roles
            ),
        )
        return await trip_detail(uow.session, t.id, uow.today)


@router.post(
    "/{trip_id}/issue-passport",
    dependencies=[permit("office.write")],
    summary="Issue the traveller's passport from custody, before departure",
)
async def issue_trip_passport(trip_id: str, body: IssuePassport, request: Request) -> TripDetail:
    async with get_service(request).uow() as uow:
        t = await commands.issue_passport(uow, commands.IssueTripPassport(trip_id=trip_id, **body.model_dump()))
        return await trip_detail(uow.session, t.id, uow.today)


@router.post(
    "/{trip_id}/return-passport",
    dependencies=[permit("office.write")],
    summary="The passport is back in the office's custody",
)
async def return_trip_passport(trip_id: str, request: Request) -> TripDetail:
    async with get_service(request).uow() as uow:
        t = await commands.return_passport(uow, commands.ReturnTripPassport(trip_id=trip_id))
        return await trip_detail(uow.session, t.id, uow.today)


@router.post(
    "/{trip_id}/report",
    dependencies=[permit("office.write")],
    summary="File the report on the trip after return; the trip closes",
)
async def file_trip_report(trip_id: str, body: Report, request: Request) -> TripDetail:
    async with get_service(request).uow() as uow:
        t = await commands.file_report(uow, commands.FileTripReport(trip_id=trip_id, **body.model_dump()))
        return await trip_detail(uow.session, t.id, uow.today)


@router.post(
    "/{trip_id}/withdraw",
    dependencies=[permit("office.approve")],
    summary="Withdraw a trip that will not happen (as office_head), before a passport is issued",
)
async def withdraw_trip(
    trip_id: str, body: Withdraw, request: Request, roles: frozenset[str] = Depends(caller_roles)
) -> TripDetail:
    async with get_service(request).uow() as uow:
        t = await commands.withdraw(uow, commands.WithdrawTrip(trip_id=trip_id, roles=roles, **body.model_dump()))
        return await trip_detail(uow.session, t.id, uow.today)
