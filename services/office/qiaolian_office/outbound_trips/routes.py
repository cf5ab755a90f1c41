"""Outbound trips over HTTP. The steps and the withdrawal are decided by the signed-in person: the
route needs `trips.decide`, the step its own permission (rules.APPROVAL_CHAIN)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from qiaolian_chassis.auth import Principal, permit
from qiaolian_chassis.clock import today
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Day, Page, PageParams, page_params, paginate
from qiaolian_chassis.service import audit_read, get_service
from qiaolian_contracts.events.common import Office

from . import commands, queries
from .rules import APPROVAL_CHAIN, WITHDRAW, TripState
from .schemas import Apply, Approve, DecisionOut, IssuePassport, Reject, Report, StepOut, TripDetail, TripOut, Withdraw
from .tables import OutboundTrip

router = APIRouter(prefix="/outbound-trips", tags=["outbound trips"])


async def trip_detail(session: Any, trip_id: str, on: Day, personal: bool) -> TripDetail:
    """The trip with the decisions of its approval chain and, if it was withdrawn, who did it, when and why;
    its personal fields only when `personal` (queries.sees_personal)."""
    t = await get_or_404(session, OutboundTrip, "outbound trip", trip_id)
    rows = await queries.decisions(session, t.id)
    approvals = sum(1 for d in rows if d.approved)
    withdrawal = next((d for d in rows if d.step == WITHDRAW), None)
    return TripDetail(
        **TripOut.of(t, on, approvals, personal).model_dump(),
        report=t.report if personal else None,
        decisions=[DecisionOut.model_validate(d, from_attributes=True) for d in rows if d.step != WITHDRAW],
        withdrawn_by=withdrawal.decided_by if withdrawal else None,
        withdrawn_on=withdrawal.decided_on if withdrawal else None,
        withdrawal_reason=withdrawal.note if withdrawal else None,
    )


async def shown(request: Request, trips: list[TripOut]) -> None:
    """Audit the personal fields the reply carries (ACCESS.md: every read of a personal field)."""
    fields = {f for t in trips for f in queries.PERSONAL if getattr(t, f, None) is not None}
    await audit_read(request, [t.id for t in trips if any(getattr(t, f, None) is not None for f in fields)], fields)


async def _after(request: Request, who: Principal, session: Any, trip_id: str, on: Day) -> TripDetail:
    """The trip after a command, shaped for the person who gave it."""
    t = await get_or_404(session, OutboundTrip, "outbound trip", trip_id)
    return await trip_detail(session, trip_id, on, queries.sees_personal(who, t.cadre_id))


@router.get("/approval-chain", summary="The steps every application goes through, in order")
async def approval_chain(_: Principal = permit("staff.read")) -> list[StepOut]:
    return [StepOut(step=s.role, label=s.label) for s in APPROVAL_CHAIN]


@router.post("", status_code=201, summary="Apply for an official trip abroad (因公出國(境))")
async def apply_trip(body: Apply, request: Request, who: Principal = permit("office.write")) -> TripDetail:
    async with get_service(request).uow() as uow:
        t = await commands.apply(uow, commands.ApplyForTrip(**body.model_dump()))
        detail = await _after(request, who, uow.session, t.id, uow.today)
    await shown(request, [detail])
    return detail


@router.get("", summary="Outbound trips, latest departure first; personal fields only to whom ACCESS.md names")
async def list_trips(
    request: Request,
    state: TripState | None = None,
    cadre_id: str | None = None,
    office: Office | None = None,
    passport_overdue: bool | None = None,
    page: PageParams = Depends(page_params),
    who: Principal = permit("staff.read"),
) -> Page[TripOut]:
    svc = get_service(request)
    on = today(svc.clock)
    stmt = queries.trips(state=state, cadre_id=cadre_id, office=office, passport_overdue=passport_overdue, on=on)
    async with svc.db.sessions() as s:
        listed = await paginate(
            s,
            stmt,
            page,
            lambda r: TripOut.of(r[0], on, r[1], queries.sees_personal(who, r[0].cadre_id)),
            scalars=False,
        )
    await shown(request, listed.items)
    return listed


@router.get("/{trip_id}", summary="An outbound trip with the decisions of its approval chain")
async def get_trip(trip_id: str, request: Request, who: Principal = permit("staff.read")) -> TripDetail:
    svc = get_service(request)
    async with svc.db.sessions() as s:
        detail = await _after(request, who, s, trip_id, today(svc.clock))
    await shown(request, [detail])
    return detail


@router.post("/{trip_id}/approve", summary="Approve the next step of the chain (with the step's permission)")
async def approve_trip(
    trip_id: str, body: Approve, request: Request, who: Principal = permit("trips.decide")
) -> TripDetail:
    async with get_service(request).uow() as uow:
        cmd = commands.DecideTripStep(trip_id=trip_id, approve=True, by=who, **body.model_dump())
        t = await commands.decide(uow, cmd)
        detail = await _after(request, who, uow.session, t.id, uow.today)
    await shown(request, [detail])
    return detail


@router.post("/{trip_id}/reject", summary="Reject at the next step of the chain (with its permission): the end")
async def reject_trip(
    trip_id: str, body: Reject, request: Request, who: Principal = permit("trips.decide")
) -> TripDetail:
    async with get_service(request).uow() as uow:
        cmd = commands.DecideTripStep(trip_id=trip_id, step=body.step, approve=False, by=who, note=body.reason)
        t = await commands.decide(uow, cmd)
        detail = await _after(request, who, uow.session, t.id, uow.today)
    await shown(request, [detail])
    return detail


@router.post("/{trip_id}/issue-passport", summary="Issue the traveller's passport from custody, before departure")
async def issue_trip_passport(
    trip_id: str, body: IssuePassport, request: Request, who: Principal = permit("office.write")
) -> TripDetail:
    async with get_service(request).uow() as uow:
        t = await commands.issue_passport(uow, commands.IssueTripPassport(trip_id=trip_id, **body.model_dump()))
        detail = await _after(request, who, uow.session, t.id, uow.today)
    await shown(request, [detail])
    return detail


@router.post("/{trip_id}/return-passport", summary="The passport is back in the office's custody")
async def return_trip_passport(trip_id: str, request: Request, who: Principal = permit("office.write")) -> TripDetail:
    async with get_service(request).uow() as uow:
        t = await commands.return_passport(uow, commands.ReturnTripPassport(trip_id=trip_id))
        detail = await _after(request, who, uow.session, t.id, uow.today)
    await shown(request, [detail])
    return detail


@router.post("/{trip_id}/report", summary="File the report on the trip after return; the trip closes")
async def file_trip_report(
    trip_id: str, body: Report, request: Request, who: Principal = permit("office.write")
) -> TripDetail:
    async with get_service(request).uow() as uow:
        t = await commands.file_report(uow, commands.FileTripReport(trip_id=trip_id, **body.model_dump()))
        detail = await _after(request, who, uow.session, t.id, uow.today)
    await shown(request, [detail])
    return detail


@router.post(
    "/{trip_id}/withdraw",
    summary="Withdraw a trip that will not happen (office.approve), before a passport is issued",
)
async def withdraw_trip(
    trip_id: str, body: Withdraw, request: Request, who: Principal = permit("office.approve")
) -> TripDetail:
    async with get_service(request).uow() as uow:
        t = await commands.withdraw(uow, commands.WithdrawTrip(trip_id=trip_id, by=who, **body.model_dump()))
        detail = await _after(request, who, uow.session, t.id, uow.today)
    await shown(request, [detail])
    return detail
