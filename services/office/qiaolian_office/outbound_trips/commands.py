"""Apply for a trip, decide the steps of its approval chain, issue and take back the passport, file
the report, withdraw it. Events carry ids, codes and dates: never the passport number, names,
purpose or report, which stay in office's database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from qiaolian_chassis.auth import Principal, signer_of
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Conflict, Forbidden, Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.board import BoardItemKind
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.office import (
    OutboundTripApplied,
    OutboundTripApproved,
    OutboundTripRejected,
    OutboundTripReportFiled,
    OutboundTripStepApproved,
    OutboundTripWithdrawn,
    PassportIssued,
    PassportReturned,
)
from qiaolian_contracts.ids import new_id

from ..database import PASSPORT_DUE, deadlines, directory
from ..settings import OfficeSettings
from ..supervision.commands import BoardItem, close_item, open_item
from .queries import approvals, deciders
from .rules import (
    APPROVAL_CHAIN,
    STEP_PERMISSION,
    TRANSITIONS,
    WITHDRAW,
    WITHDRAWER,
    Role,
    TripState,
    check_dates,
    check_destinations,
    check_reason,
    check_signer,
    passport_due,
    require_step,
)
from .tables import OutboundTrip, TripDecision


@dataclass(frozen=True)
class ApplyForTrip:
    cadre_id: str  # the traveller, of the staff directory
    destinations: list[str]
    purpose: str
    inviting_organisation: str
    departs_on: date
    returns_on: date


@dataclass(frozen=True)
class DecideTripStep:
    """Approve or reject the step `step`, as the signed-in person `by`."""

    trip_id: str
    step: Role
    approve: bool
    by: Principal
    note: str | None


@dataclass(frozen=True)
class IssueTripPassport:
    trip_id: str
    passport_number: str | None


@dataclass(frozen=True)
class ReturnTripPassport:
    trip_id: str


@dataclass(frozen=True)
class FileTripReport:
    trip_id: str
    report: str


@dataclass(frozen=True)
class WithdrawTrip:
    trip_id: str
    by: Principal  # the signed-in person withdrawing the trip
    reason: str


def _return_days() -> int:
    return OfficeSettings().passport_return_days


async def apply(uow: UnitOfWork, cmd: ApplyForTrip) -> OutboundTrip:
    on = uow.today
    check_dates(cmd.departs_on, cmd.returns_on, on, _return_days())
    codes = check_destinations(cmd.destinations)
    staff = await directory.get(uow.session, cmd.cadre_id)
    if staff is None:
        raise Invalid("cadre_id", "is not in the staff directory: only appointed staff apply")
    t = OutboundTrip(
        id=new_id(),
        cadre_id=cmd.cadre_id,
        office=staff.office,
        destinations=",".join(codes),
        purpose=cmd.purpose,
        inviting_organisation=cmd.inviting_organisation,
        departs_on=cmd.departs_on,
        returns_on=cmd.returns_on,
        state=TripState.applied.value,
        applied_on=on,
        created_at=uow.now,
    )
    uow.session.add(t)
    uow.emit(
        t.id,
        OutboundTripApplied(
            trip_id=t.id,
            cadre_id=cmd.cadre_id,
            office=Office(staff.office),
            destinations=codes,
            departs_on=cmd.departs_on,
            returns_on=cmd.returns_on,
            applied_on=on,
        ),
    )
    return t


async def _load(uow: UnitOfWork, trip_id: str, command: str) -> tuple[OutboundTrip, TripState]:
    """The trip, locked, and the state `command` leads it to (409 if not allowed now)."""
    t: OutboundTrip = await get_or_404(uow.session, OutboundTrip, "outbound trip", trip_id, for_update=True)
    return t, TRANSITIONS.apply(TripState(t.state), command)


async def decide(uow: UnitOfWork, cmd: DecideTripStep) -> OutboundTrip:
    t, state = await _load(uow, cmd.trip_id, "approve" if cmd.approve else "reject")
    permission = STEP_PERMISSION[cmd.step]
    if not cmd.by.holds(permission):
        raise Forbidden(f"the permission {permission} is needed for the {cmd.step.value} step", permission=permission)
    require_step(cmd.step, await approvals(uow.session, t.id))
    signer = signer_of(cmd.by)
    check_signer(signer, cmd.by.cadre_id, t.cadre_id, await deciders(uow.session, t.id))
    on = uow.today
    uow.session.add(
        TripDecision(
            id=new_id(),
            trip_id=t.id,
            step=cmd.step.value,
            approved=cmd.approve,
            decided_by=signer,
            decided_on=on,
            note=cmd.note,
            created_at=uow.now,
        )
    )
    if not cmd.approve:
        t.state, t.rejected_on = state.value, on
        uow.emit(t.id, OutboundTripRejected(trip_id=t.id, cadre_id=t.cadre_id, step=cmd.step.value, rejected_on=on))
    elif cmd.step == APPROVAL_CHAIN[-1].role:
        t.state, t.approved_on = TripState.approved.value, on
        uow.emit(
            t.id,
            OutboundTripApproved(
                trip_id=t.id,
                cadre_id=t.cadre_id,
                destinations=t.destinations.split(","),
                departs_on=t.departs_on,
                returns_on=t.returns_on,
                approved_on=on,
            ),
        )
    else:
        following = APPROVAL_CHAIN[[s.role for s in APPROVAL_CHAIN].index(cmd.step) + 1]  # not the last: one follows
        uow.emit(
            t.id,
            OutboundTripStepApproved(
                trip_id=t.id, cadre_id=t.cadre_id, step=cmd.step.value, next_step=following.role.value, approved_on=on
            ),
        )
    return t


async def issue_passport(uow: UnitOfWork, cmd: IssueTripPassport) -> OutboundTrip:
    t, state = await _load(uow, cmd.trip_id, "issue_passport")
    on = uow.today
    if on > t.departs_on:
        raise Conflict(
            f"the trip was to depart on {t.departs_on}: a passport is issued before departure",
            departs_on=str(t.departs_on),
        )
    # the office keeps one passport of each cadre: it cannot go out for a second trip while it is out
    # (the cadre's directory row, locked, makes two issues for one cadre take turns)
    await directory.get(uow.session, t.cadre_id, for_update=True)
    out = await uow.session.scalar(
        sa.select(OutboundTrip.id).where(
            OutboundTrip.cadre_id == t.cadre_id, OutboundTrip.state == TripState.passport_issued.value
        )
    )
    if out:
        raise Conflict(
            f"the passport is out for trip {out}: it is issued again once it is back in custody", trip_id=out
        )
    due = passport_due(t.returns_on, _return_days())
    t.state, t.passport_number, t.passport_issued_on, t.passport_due_on = (state.value, cmd.passport_number, on, due)
    await open_item(
        uow,
        BoardItem.of(BoardItemKind.passport_return, Office(t.office), t.id, due),
    )
    await deadlines.set(uow, PASSPORT_DUE, t.id, due)
    uow.emit(t.id, PassportIssued(trip_id=t.id, cadre_id=t.cadre_id, issued_on=on, return_due=due))
    return t


async def return_passport(uow: UnitOfWork, cmd: ReturnTripPassport) -> OutboundTrip:
    t, state = await _load(uow, cmd.trip_id, "return_passport")
    assert t.passport_due_on is not None
    on = uow.today
    t.state, t.passport_returned_on = state.value, on
    await deadlines.meet(uow, PASSPORT_DUE, t.id, on)
    await close_item(uow, BoardItemKind.passport_return, t.id)
    uow.emit(
        t.id,
        PassportReturned(
            trip_id=t.id,
            cadre_id=t.cadre_id,
            returned_on=on,
            return_due=t.passport_due_on,
            on_time=on <= t.passport_due_on,
        ),
    )
    return t


async def file_report(uow: UnitOfWork, cmd: FileTripReport) -> OutboundTrip:
    t, state = await _load(uow, cmd.trip_id, "file_report")
    t.state, t.report, t.report_filed_on = state.value, cmd.report, uow.today
    uow.emit(t.id, OutboundTripReportFiled(trip_id=t.id, cadre_id=t.cadre_id, filed_on=uow.today))
    return t


async def withdraw(uow: UnitOfWork, cmd: WithdrawTrip) -> OutboundTrip:
    """End a trip that will not happen, while applied or approved (no passport out), as the office head."""
    reason = check_reason(cmd.reason)
    t, state = await _load(uow, cmd.trip_id, "withdraw")
    if not cmd.by.holds(WITHDRAWER):
        raise Forbidden(f"the permission {WITHDRAWER} is needed to withdraw a trip", permission=WITHDRAWER)
    previous = t.state
    uow.session.add(
        TripDecision(
            id=new_id(),
            trip_id=t.id,
            step=WITHDRAW,
            approved=False,
            decided_by=signer_of(cmd.by),
            decided_on=uow.today,
            note=reason,
            created_at=uow.now,
        )
    )
    t.state = state.value
    uow.emit(
        t.id,
        OutboundTripWithdrawn(
            trip_id=t.id,
            cadre_id=t.cadre_id,
            withdrawn_from=previous,
            departs_on=t.departs_on,
            returns_on=t.returns_on,
            withdrawn_on=uow.today,
        ),
    )
    return t
