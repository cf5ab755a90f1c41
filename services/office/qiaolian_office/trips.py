"""Staff outbound trips (因公出國(境)): application, approval chain, passport custody, report after return.

A staff member of the directory (from personnel's events) applies with the destinations (ISO codes,
Hong Kong `HK`, Macao `MO` and Taiwan `TW` included), purpose, inviting organisation and dates.
The application goes through `APPROVAL_CHAIN` in order; each step is decided by the holder of its
role (`X-Qiaolian-Role`, else 403); a step out of order is 409; a rejection at any step ends the
application (the staff member applies again). After the last approval the office issues the
traveller's passport from its custody, before departure, and not while it is out for another trip
of the same cadre (409); it is due back `OFFICE_PASSPORT_RETURN_DAYS`
(7) days after the trip's return date. While it is out it is an item of kind `passport_return` on the
supervision board and a deadline of the chassis scheduler, which publishes `passport.overdue` once,
the day after the due date, across restarts; its return meets the deadline and closes the item.
The report on the trip is filed after the passport is back, and closes the trip.
A trip that will not happen is withdrawn (`withdraw`, with a reason) while it is `applied` or `approved`,
by the holder of the `office_head` role (the module knows callers by role only: an applicant asks the
office); once the passport is out it must come back first (409). The withdrawal is recorded like a
decision (step `withdraw`, who, when, the reason), which stays in office's database.

States: `applied` → (approve at the last step) `approved` → (issue_passport) `passport_issued` →
(return_passport) `passport_returned` → (file_report) `closed`; `applied` → (reject) `rejected`;
`applied`/`approved` → (withdraw) `withdrawn`.
Events carry ids, codes and dates: never the passport number, names, purpose or report, which stay
in office's database (the passport number is shown masked).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.clock import today
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Conflict, Forbidden, Invalid
from qiaolian_chassis.http import Page, PageParams, caller_roles, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_chassis.statemachine import Transitions
from qiaolian_chassis.tables import UtcDateTime
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.board import BoardItemKind
from qiaolian_contracts.events.common import CountryCode, Office
from qiaolian_contracts.events.office import (OutboundTripApplied, OutboundTripApproved, OutboundTripRejected,
                                              OutboundTripReportFiled, OutboundTripWithdrawn, PassportIssued,
                                              PassportReturned)
from qiaolian_contracts.ids import new_id

from .database import PASSPORT_DUE, Base, deadlines, directory
from .supervision.commands import BoardItem, close_item, open_item
from .settings import OfficeSettings

APPLIED = "qiaolian.office.outbound_trip.applied.v1"
APPROVED = "qiaolian.office.outbound_trip.approved.v1"
REJECTED = "qiaolian.office.outbound_trip.rejected.v1"
REPORT_FILED = "qiaolian.office.outbound_trip.report_filed.v1"
WITHDRAWN = "qiaolian.office.outbound_trip.withdrawn.v1"
PASSPORT_ISSUED = "qiaolian.office.passport.issued.v1"
PASSPORT_RETURNED = "qiaolian.office.passport.returned.v1"
WITHDRAW = "withdraw"  # the step of the decision row that records a withdrawal (not a step of the chain)
WITHDRAWER = "office_head"  # the role that withdraws a trip


# ---- rules -------------------------------------------------------------------------------------

class Role(StrEnum):
    office_head = "office_head"
    federation_leader = "federation_leader"
    foreign_affairs = "foreign_affairs"


@dataclass(frozen=True)
class Step:
    role: Role  # who decides the step; also the step's name
    label: str


APPROVAL_CHAIN: tuple[Step, ...] = (
    Step(Role.office_head, "辦公室主任審核: review by the head of the office"),
    Step(Role.federation_leader, "黨組審批: approval by the federation's leading party group"),
    Step(Role.foreign_affairs, "外事備案: filing with the provincial foreign-affairs office"),
)


class TripState(StrEnum):
    applied = "applied"
    approved = "approved"
    rejected = "rejected"
    passport_issued = "passport_issued"
    passport_returned = "passport_returned"
    closed = "closed"
    withdrawn = "withdrawn"


MACHINE = Transitions("outbound trip", {
    "approve": frozenset({TripState.applied}),
    "reject": frozenset({TripState.applied}),
    "issue_passport": frozenset({TripState.approved}),
    "return_passport": frozenset({TripState.passport_issued}),
    "file_report": frozenset({TripState.passport_returned}),
    "withdraw": frozenset({TripState.applied, TripState.approved}),
})


def next_step(decided: int) -> Step | None:
    """The step after `decided` approvals, or None when the chain is complete."""
    return APPROVAL_CHAIN[decided] if decided < len(APPROVAL_CHAIN) else None


def require_step(role: Role, decided: int) -> Step:
    """The step `role` decides, if it is the next one of the chain; 409 otherwise."""
    step = next_step(decided)
    if step is None or step.role != role:
        raise Conflict(f"{role.value} cannot decide now: the next step is "
                       f"{step.role.value if step else 'none'}", next_step=step.role.value if step else None)
    return step


def check_dates(departs_on: date, returns_on: date, on: date, settings: OfficeSettings | None = None) -> None:
    if departs_on < on:
        raise Invalid("departs_on", f"cannot be before today ({on})")
    if returns_on < departs_on:
        raise Invalid("returns_on", "cannot be before departs_on")
    try:  # the passport's return date must exist: issuing it for a return at the end of the calendar was a 500
        passport_due(returns_on, settings or OfficeSettings())
    except OverflowError:
        raise Invalid("returns_on", "is too far in the future") from None


def check_destinations(codes: list[str]) -> list[str]:
    """Distinct destination codes in the order given; the mainland is not a destination of an outbound trip."""
    if "CN" in codes:
        raise Invalid("destinations", "CN is not outbound; Hong Kong, Macao and Taiwan are HK, MO and TW")
    return list(dict.fromkeys(codes))


def passport_due(returns_on: date, settings: OfficeSettings) -> date:
    return returns_on + timedelta(days=settings.passport_return_days)


def mask(number: str | None) -> str | None:
    """A passport number as lists show it: first character and last two, e.g. E******78."""
    if not number:
        return None
    return number[0] + "*" * max(0, len(number) - 3) + number[-2:]


# ---- tables ------------------------------------------------------------------------------------

class OutboundTrip(Base):
    __tablename__ = "outbound_trips"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    cadre_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    office: Mapped[str] = mapped_column(sa.String(20), index=True)
    destinations: Mapped[str] = mapped_column(sa.String(200))  # codes, comma-separated
    purpose: Mapped[str] = mapped_column(sa.Text)
    inviting_organisation: Mapped[str] = mapped_column(sa.String(300))
    departs_on: Mapped[date] = mapped_column(sa.Date, index=True)
    returns_on: Mapped[date] = mapped_column(sa.Date)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    applied_on: Mapped[date] = mapped_column(sa.Date)
    approved_on: Mapped[date | None] = mapped_column(sa.Date)
    rejected_on: Mapped[date | None] = mapped_column(sa.Date)
    passport_number: Mapped[str | None] = mapped_column(sa.String(20))  # never on the bus or in lists unmasked
    passport_issued_on: Mapped[date | None] = mapped_column(sa.Date)
    passport_due_on: Mapped[date | None] = mapped_column(sa.Date, index=True)
    passport_returned_on: Mapped[date | None] = mapped_column(sa.Date)
    report: Mapped[str | None] = mapped_column(sa.Text)
    report_filed_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TripDecision(Base):
    """One step of the approval chain, approved or rejected; a step is decided once. A withdrawal is a row
    of step `withdraw` (not approved; `note` is its reason)."""

    __tablename__ = "outbound_trip_decisions"
    __table_args__ = (sa.UniqueConstraint("trip_id", "step"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    trip_id: Mapped[str] = mapped_column(sa.ForeignKey("outbound_trips.id"), index=True)
    step: Mapped[str] = mapped_column(sa.String(40))
    approved: Mapped[bool] = mapped_column(sa.Boolean)
    decided_by: Mapped[str] = mapped_column(sa.String(100))
    decided_on: Mapped[date] = mapped_column(sa.Date)
    note: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


# ---- commands ----------------------------------------------------------------------------------

async def apply(uow: UnitOfWork, *, cadre_id: str, destinations: list[str], purpose: str,
                inviting_organisation: str, departs_on: date, returns_on: date, on: date) -> OutboundTrip:
    check_dates(departs_on, returns_on, on)
    codes = check_destinations(destinations)
    staff = await directory.get(uow.session, cadre_id)
    if staff is None:
        raise Invalid("cadre_id", "is not in the staff directory: only appointed staff apply")
    t = OutboundTrip(id=new_id(), cadre_id=cadre_id, office=staff.office, destinations=",".join(codes),
                     purpose=purpose, inviting_organisation=inviting_organisation, departs_on=departs_on,
                     returns_on=returns_on, state=TripState.applied.value, applied_on=on, created_at=uow.now)
    uow.session.add(t)
    uow.emit(t.id, OutboundTripApplied(trip_id=t.id, cadre_id=cadre_id, office=Office(staff.office),
                                                destinations=codes, departs_on=departs_on, returns_on=returns_on,
                                                applied_on=on))
    return t


async def _load(uow: UnitOfWork, trip_id: str, command: str) -> OutboundTrip:
    t = await get_or_404(uow.session, OutboundTrip, "outbound trip", trip_id, for_update=True)
    MACHINE.require(TripState(t.state), command)
    return t


async def _approvals(session: Any, trip_id: str) -> int:
    return int(await session.scalar(sa.select(sa.func.count()).where(
        TripDecision.trip_id == trip_id, TripDecision.approved.is_(True))) or 0)


async def decide(uow: UnitOfWork, trip_id: str, *, step: Role, approve: bool, by: str, note: str | None,
                 roles: frozenset[str], on: date) -> OutboundTrip:
    """Approve or reject the step `step`, as the holder of its role, if it is the next one."""
    t = await _load(uow, trip_id, "approve" if approve else "reject")
    if step.value not in roles:
        raise Forbidden(f"the {step.value} step is decided by the {step.value} role")
    require_step(step, await _approvals(uow.session, t.id))
    uow.session.add(TripDecision(id=new_id(), trip_id=t.id, step=step.value, approved=approve, decided_by=by,
                                 decided_on=on, note=note, created_at=uow.now))
    destinations = t.destinations.split(",")
    if not approve:
        t.state, t.rejected_on = TripState.rejected.value, on
        uow.emit(t.id, OutboundTripRejected(trip_id=t.id, cadre_id=t.cadre_id, step=step.value,
                                                      rejected_on=on))
    elif step == APPROVAL_CHAIN[-1].role:
        t.state, t.approved_on = TripState.approved.value, on
        uow.emit(t.id, OutboundTripApproved(trip_id=t.id, cadre_id=t.cadre_id, destinations=destinations,
                                                      departs_on=t.departs_on, returns_on=t.returns_on,
                                                      approved_on=on))
    return t


async def issue_passport(uow: UnitOfWork, trip_id: str, *, passport_number: str | None, on: date,
                         settings: OfficeSettings | None = None) -> OutboundTrip:
    t = await _load(uow, trip_id, "issue_passport")
    if on > t.departs_on:
        raise Conflict(f"the trip was to depart on {t.departs_on}: a passport is issued before departure",
                       departs_on=str(t.departs_on))
    # the office keeps one passport of each cadre: it cannot go out for a second trip while it is out
    # (the cadre's directory row, locked, makes two issues for one cadre take turns)
    await directory.get(uow.session, t.cadre_id, for_update=True)
    out = await uow.session.scalar(sa.select(OutboundTrip.id).where(
        OutboundTrip.cadre_id == t.cadre_id, OutboundTrip.state == TripState.passport_issued.value))
    if out:
        raise Conflict(f"the passport is out for trip {out}: it is issued again once it is back in custody",
                       trip_id=out)
    due = passport_due(t.returns_on, settings or OfficeSettings())
    t.state, t.passport_number, t.passport_issued_on, t.passport_due_on = (
        TripState.passport_issued.value, passport_number, on, due)
    await open_item(uow, BoardItem(BoardItemKind.passport_return, Office(t.office), t.id,
                                   f"Outbound trip {t.id}: passport back in custody", due))
    await deadlines.set(uow, PASSPORT_DUE, t.id, due)
    uow.emit(t.id, PassportIssued(trip_id=t.id, cadre_id=t.cadre_id, issued_on=on, return_due=due))
    return t


async def return_passport(uow: UnitOfWork, trip_id: str, on: date) -> OutboundTrip:
    t = await _load(uow, trip_id, "return_passport")
    assert t.passport_due_on is not None
    t.state, t.passport_returned_on = TripState.passport_returned.value, on
    await deadlines.meet(uow, PASSPORT_DUE, t.id, on)
    await close_item(uow, BoardItemKind.passport_return, t.id)
    uow.emit(t.id, PassportReturned(trip_id=t.id, cadre_id=t.cadre_id, returned_on=on,
                                                       return_due=t.passport_due_on, on_time=on <= t.passport_due_on))
    return t


async def file_report(uow: UnitOfWork, trip_id: str, *, report: str, on: date) -> OutboundTrip:
    t = await _load(uow, trip_id, "file_report")
    t.state, t.report, t.report_filed_on = TripState.closed.value, report, on
    uow.emit(t.id, OutboundTripReportFiled(trip_id=t.id, cadre_id=t.cadre_id, filed_on=on))
    return t


async def withdraw(uow: UnitOfWork, trip_id: str, *, by: str, reason: str, roles: frozenset[str],
                   on: date) -> OutboundTrip:
    """End a trip that will not happen, while applied or approved (no passport out), as the office head."""
    if not (reason or "").strip():
        raise Invalid("reason", "is required")
    t = await _load(uow, trip_id, "withdraw")
    if WITHDRAWER not in roles:
        raise Forbidden(f"a trip is withdrawn by the {WITHDRAWER} role")
    previous = t.state
    uow.session.add(TripDecision(id=new_id(), trip_id=t.id, step=WITHDRAW, approved=False, decided_by=by,
                                 decided_on=on, note=reason.strip(), created_at=uow.now))
    t.state = TripState.withdrawn.value
    uow.emit(t.id, OutboundTripWithdrawn(trip_id=t.id, cadre_id=t.cadre_id, withdrawn_from=previous,
                                                    departs_on=t.departs_on, returns_on=t.returns_on,
                                                    withdrawn_on=on))
    return t


# ---- HTTP --------------------------------------------------------------------------------------

router = APIRouter(prefix="/outbound-trips", tags=["outbound trips"])
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Official = Annotated[Text, StringConstraints(max_length=100)]


class Apply(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cadre_id: Annotated[Text, StringConstraints(max_length=64)] = Field(description="the traveller (staff directory)")
    destinations: list[CountryCode] = Field(min_length=1, max_length=20,
                                            description="ISO 3166-1 alpha-2 codes; HK, MO, TW for Hong Kong, "
                                                        "Macao, Taiwan")
    purpose: Annotated[Text, StringConstraints(max_length=2000)]
    inviting_organisation: Annotated[Text, StringConstraints(max_length=300)]
    departs_on: date
    returns_on: date


class Approve(BaseModel):
    model_config = ConfigDict(extra="forbid")
    step: Role
    by: Official = Field(description="the official deciding the step")
    note: Annotated[Text, StringConstraints(max_length=2000)] | None = None


class Reject(BaseModel):
    model_config = ConfigDict(extra="forbid")
    step: Role
    by: Official
    reason: Annotated[Text, StringConstraints(max_length=2000)]


class IssuePassport(BaseModel):
    model_config = ConfigDict(extra="forbid")
    passport_number: Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True,
                                                      pattern=r"^[A-Za-z0-9]{5,20}$")] | None = Field(
        None, description="kept in office's database only, shown masked")


class Withdraw(BaseModel):
    model_config = ConfigDict(extra="forbid")
    by: Official = Field(description="the official withdrawing the trip")
    reason: Annotated[Text, StringConstraints(max_length=500)] = Field(
        description="why the trip will not happen; kept in office's database only")


class Report(BaseModel):
    model_config = ConfigDict(extra="forbid")
    report: Annotated[Text, StringConstraints(max_length=20000)]


class StepOut(BaseModel):
    step: Role
    label: str


class DecisionOut(BaseModel):
    step: Role
    approved: bool
    decided_by: str
    decided_on: date
    note: str | None


class TripOut(BaseModel):
    id: str
    cadre_id: str
    office: Office
    destinations: list[str]
    purpose: str
    inviting_organisation: str
    departs_on: date
    returns_on: date
    state: TripState
    next_step: Role | None = Field(description="the step of the approval chain waiting for a decision")
    applied_on: date
    approved_on: date | None
    rejected_on: date | None
    passport_number: str | None = Field(description="masked")
    passport_issued_on: date | None
    passport_due_on: date | None
    passport_returned_on: date | None
    passport_overdue: bool
    report_filed_on: date | None
    allowed_commands: list[str]

    @classmethod
    def of(cls, t: OutboundTrip, on: date, approvals: int) -> TripOut:
        state = TripState(t.state)
        step = next_step(approvals) if state is TripState.applied else None
        return cls(id=t.id, cadre_id=t.cadre_id, office=Office(t.office), destinations=t.destinations.split(","),
                   purpose=t.purpose, inviting_organisation=t.inviting_organisation, departs_on=t.departs_on,
                   returns_on=t.returns_on, state=state, next_step=step.role if step else None,
                   applied_on=t.applied_on, approved_on=t.approved_on, rejected_on=t.rejected_on,
                   passport_number=mask(t.passport_number), passport_issued_on=t.passport_issued_on,
                   passport_due_on=t.passport_due_on, passport_returned_on=t.passport_returned_on,
                   passport_overdue=state is TripState.passport_issued and t.passport_due_on is not None
                   and t.passport_due_on < on,
                   report_filed_on=t.report_filed_on, allowed_commands=MACHINE.commands(state))


class TripDetail(TripOut):
    decisions: list[DecisionOut] = Field(description="the steps of the approval chain decided so far")
    report: str | None
    withdrawn_by: str | None = None
    withdrawn_on: date | None = None
    withdrawal_reason: str | None = None


async def _detail(session: Any, trip_id: str, on: date) -> TripDetail:
    t = await get_or_404(session, OutboundTrip, "outbound trip", trip_id)
    rows = (await session.scalars(sa.select(TripDecision).where(TripDecision.trip_id == t.id)
                                  .order_by(TripDecision.created_at, TripDecision.id))).all()
    approvals = sum(1 for d in rows if d.approved)
    withdrawal = next((d for d in rows if d.step == WITHDRAW), None)
    return TripDetail(**TripOut.of(t, on, approvals).model_dump(), report=t.report,
                      decisions=[DecisionOut.model_validate(d, from_attributes=True) for d in rows
                                 if d.step != WITHDRAW],
                      withdrawn_by=withdrawal.decided_by if withdrawal else None,
                      withdrawn_on=withdrawal.decided_on if withdrawal else None,
                      withdrawal_reason=withdrawal.note if withdrawal else None)


@router.get("/approval-chain", summary="The steps every application goes through, in order")
async def approval_chain() -> list[StepOut]:
    return [StepOut(step=s.role, label=s.label) for s in APPROVAL_CHAIN]


async def _run(request: Request, command: Callable[[UnitOfWork, date], Awaitable[OutboundTrip]]) -> TripDetail:
    """Run a command on today's date in one unit of work and answer with the trip as it left it."""
    svc = get_service(request)
    on = today(svc.clock)
    async with svc.uow() as uow:
        t = await command(uow, on)
        return await _detail(uow.session, t.id, on)


@router.post("", status_code=201, summary="Apply for an official trip abroad (因公出國(境))")
async def apply_trip(body: Apply, request: Request) -> TripDetail:
    return await _run(request, lambda uow, on: apply(
        uow, cadre_id=body.cadre_id, destinations=body.destinations, purpose=body.purpose,
        inviting_organisation=body.inviting_organisation, departs_on=body.departs_on, returns_on=body.returns_on,
        on=on))


@router.get("", summary="Outbound trips, latest departure first")
async def list_trips(request: Request, state: TripState | None = None, cadre_id: str | None = None,
                     office: Office | None = None, passport_overdue: bool | None = None,
                     page: PageParams = Depends(page_params)) -> Page[TripOut]:
    svc = get_service(request)
    on = today(svc.clock)
    where = []
    if state:
        where.append(OutboundTrip.state == state.value)
    if cadre_id:
        where.append(OutboundTrip.cadre_id == cadre_id)
    if office:
        where.append(OutboundTrip.office == office.value)
    if passport_overdue is not None:
        late = sa.and_(OutboundTrip.state == TripState.passport_issued.value, OutboundTrip.passport_due_on < on)
        where.append(late if passport_overdue else sa.not_(late))
    approvals = (sa.select(sa.func.count()).where(TripDecision.trip_id == OutboundTrip.id,
                                                  TripDecision.approved.is_(True)).scalar_subquery())
    stmt = (sa.select(OutboundTrip, approvals).where(*where)
            .order_by(OutboundTrip.departs_on.desc(), OutboundTrip.id))
    async with svc.db.sessions() as s:
        return await paginate(s, stmt, page, lambda r: TripOut.of(r[0], on, r[1]), scalars=False)


@router.get("/{trip_id}", summary="An outbound trip with the decisions of its approval chain")
async def get_trip(trip_id: str, request: Request) -> TripDetail:
    svc = get_service(request)
    async with svc.db.sessions() as s:
        return await _detail(s, trip_id, today(svc.clock))


@router.post("/{trip_id}/approve", summary="Approve the next step of the chain (as its role)")
async def approve_trip(trip_id: str, body: Approve, request: Request,
                       roles: frozenset[str] = Depends(caller_roles)) -> TripDetail:
    return await _run(request, lambda uow, on: decide(uow, trip_id, step=body.step, approve=True, by=body.by,
                                                      note=body.note, roles=roles, on=on))


@router.post("/{trip_id}/reject", summary="Reject at the next step of the chain (as its role): the application ends")
async def reject_trip(trip_id: str, body: Reject, request: Request,
                      roles: frozenset[str] = Depends(caller_roles)) -> TripDetail:
    return await _run(request, lambda uow, on: decide(uow, trip_id, step=body.step, approve=False, by=body.by,
                                                      note=body.reason, roles=roles, on=on))


@router.post("/{trip_id}/issue-passport", summary="Issue the traveller's passport from custody, before departure")
async def issue_trip_passport(trip_id: str, body: IssuePassport, request: Request) -> TripDetail:
    return await _run(request, lambda uow, on: issue_passport(uow, trip_id, passport_number=body.passport_number,
                                                              on=on))


@router.post("/{trip_id}/return-passport", summary="The passport is back in the office's custody")
async def return_trip_passport(trip_id: str, request: Request) -> TripDetail:
    return await _run(request, lambda uow, on: return_passport(uow, trip_id, on))


@router.post("/{trip_id}/report", summary="File the report on the trip after return; the trip closes")
async def file_trip_report(trip_id: str, body: Report, request: Request) -> TripDetail:
    return await _run(request, lambda uow, on: file_report(uow, trip_id, report=body.report, on=on))


@router.post("/{trip_id}/withdraw", summary="Withdraw a trip that will not happen (as office_head), before a "
             "passport is issued")
async def withdraw_trip(trip_id: str, body: Withdraw, request: Request,
                        roles: frozenset[str] = Depends(caller_roles)) -> TripDetail:
    return await _run(request, lambda uow, on: withdraw(uow, trip_id, by=body.by, reason=body.reason, roles=roles,
                                                        on=on))
