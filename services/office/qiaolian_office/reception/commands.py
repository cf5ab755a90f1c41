"""Reception's commands: a visit asks (requested, on the board until planned and confirmed or
declined); office plans within the per-head standard, confirms (reception.arranged, which answers the
visit), holds and closes with the actual cost (reception.closed), or declines with a reason
(reception.declined: liaison's visit then needs attention). A standalone reception starts planned.

Events carry ids, dates, counts, amounts and codes; the guests' organisation, the venue, the hosting
leader and the words of a decline stay in office.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Conflict, Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.board import BoardItemKind
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.office import (
    ReceptionArranged,
    ReceptionCancelled,
    ReceptionClosed,
    ReceptionDeclined,
)
from qiaolian_contracts.ids import new_id

from ..database import directory
from ..settings import OfficeSettings
from ..supervision.commands import BoardItem, close_item, move_item
from .rules import OPEN, TRANSITIONS, ReceptionState, ceiling, check_budget, check_dates, check_nights
from .tables import Reception


@dataclass(frozen=True)
class Plan:
    guests: int
    guest_level: str
    meals: int
    nights: int
    venue: str
    hosting_leader_id: str
    budget_yuan: int


@dataclass(frozen=True)
class RequestForVisit:
    visit_id: str
    association_name: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class CreateStandalone:
    association_name: str
    starts_on: date
    ends_on: date
    plan: Plan


@dataclass(frozen=True)
class PlanReception:
    reception_id: str
    plan: Plan


@dataclass(frozen=True)
class DeclineReception:
    reception_id: str
    reason: str
    note: str


@dataclass(frozen=True)
class CloseReception:
    reception_id: str
    actual_cost_yuan: int


def _board(r: Reception) -> BoardItem:
    # the board is shown to all staff: the title names no guest
    return BoardItem.of(BoardItemKind.reception, Office.office, r.id, r.starts_on)


async def _apply_plan(uow: UnitOfWork, r: Reception, plan: Plan) -> None:
    check_nights(plan.nights, r.starts_on, r.ends_on)
    if await directory.get(uow.session, plan.hosting_leader_id) is None:
        raise Invalid("hosting_leader_id", "not a cadre of the staff directory")
    s = OfficeSettings()
    limit = ceiling(plan.guests, plan.meals, plan.nights, s.reception_meal_yuan, s.reception_night_yuan)
    check_budget(plan.budget_yuan, limit, plan.guests, plan.meals, plan.nights)
    r.guests, r.guest_level, r.meals, r.nights = plan.guests, plan.guest_level, plan.meals, plan.nights
    r.venue, r.hosting_leader_id, r.budget_yuan = plan.venue, plan.hosting_leader_id, plan.budget_yuan


async def request_for_visit(uow: UnitOfWork, cmd: RequestForVisit) -> Reception:
    """A visit asks for its reception (again, after a decline): requested, on the board by its first day."""
    r: Reception | None = await uow.session.scalar(
        sa.select(Reception).where(Reception.visit_id == cmd.visit_id).with_for_update()
    )
    if r is None:
        r = Reception(
            id=new_id(),
            visit_id=cmd.visit_id,
            association_name=cmd.association_name,
            starts_on=cmd.starts_on,
            ends_on=cmd.ends_on,
            status=ReceptionState.requested.value,
            created_at=uow.now,
        )
        uow.session.add(r)
    elif r.status in (ReceptionState.declined, ReceptionState.cancelled):
        r.status, r.decline_reason, r.decline_note, r.decided_on = ReceptionState.requested.value, None, None, None
        r.starts_on, r.ends_on = cmd.starts_on, cmd.ends_on
    else:
        return r  # already asked for (a redelivery): nothing changes
    await uow.session.flush()
    await move_item(uow, _board(r))
    return r


async def create_standalone(uow: UnitOfWork, cmd: CreateStandalone) -> Reception:
    check_dates(cmd.starts_on, cmd.ends_on, uow.today)
    r = Reception(
        id=new_id(),
        visit_id=None,
        association_name=cmd.association_name,
        starts_on=cmd.starts_on,
        ends_on=cmd.ends_on,
        status=ReceptionState.planned.value,
        created_at=uow.now,
    )
    await _apply_plan(uow, r, cmd.plan)
    uow.session.add(r)
    await uow.session.flush()
    await move_item(uow, _board(r))
    return r


async def _load(uow: UnitOfWork, reception_id: str, command: str) -> tuple[Reception, ReceptionState]:
    r: Reception = await get_or_404(uow.session, Reception, "reception", reception_id, for_update=True)
    return r, TRANSITIONS.apply(ReceptionState(r.status), command)


async def plan(uow: UnitOfWork, cmd: PlanReception) -> Reception:
    r, state = await _load(uow, cmd.reception_id, "plan")
    await _apply_plan(uow, r, cmd.plan)
    r.status = state.value
    return r


async def confirm(uow: UnitOfWork, reception_id: str) -> Reception:
    r, state = await _load(uow, reception_id, "confirm")
    r.status, r.decided_on = state.value, uow.today
    await close_item(uow, BoardItemKind.reception, r.id)
    uow.emit(
        r.visit_id or r.id,
        ReceptionArranged(
            reception_id=r.id,
            visit_id=r.visit_id,
            starts_on=r.starts_on,
            ends_on=r.ends_on,
            guests=r.guests,
            budget_yuan=r.budget_yuan,
        ),
    )
    return r


async def decline(uow: UnitOfWork, cmd: DeclineReception) -> Reception:
    r, state = await _load(uow, cmd.reception_id, "decline")
    r.status, r.decided_on, r.decline_reason, r.decline_note = state.value, uow.today, cmd.reason, cmd.note
    await close_item(uow, BoardItemKind.reception, r.id)
    uow.emit(
        r.visit_id or r.id,
        ReceptionDeclined(reception_id=r.id, visit_id=r.visit_id, declined_on=uow.today, reason=cmd.reason),
    )
    return r


async def hold(uow: UnitOfWork, reception_id: str) -> Reception:
    r, state = await _load(uow, reception_id, "hold")
    if uow.today < r.starts_on:
        raise Conflict(
            f"the reception begins on {r.starts_on}: it is held from then",
            current_state=r.status,
            starts_on=str(r.starts_on),
            allowed_commands=TRANSITIONS.commands(ReceptionState(r.status)),
        )
    r.status, r.held_on = state.value, uow.today
    return r


async def close(uow: UnitOfWork, cmd: CloseReception) -> Reception:
    r, state = await _load(uow, cmd.reception_id, "close")
    assert r.guests is not None and r.budget_yuan is not None, "a held reception was planned"
    r.status, r.closed_on, r.actual_cost_yuan = state.value, uow.today, cmd.actual_cost_yuan
    uow.emit(
        r.visit_id or r.id,
        ReceptionClosed(
            reception_id=r.id,
            visit_id=r.visit_id,
            closed_on=uow.today,
            guests=r.guests,
            budget_yuan=r.budget_yuan,
            actual_cost_yuan=cmd.actual_cost_yuan,
        ),
    )
    return r


async def cancel_standalone(uow: UnitOfWork, reception_id: str) -> Reception:
    r, state = await _load(uow, reception_id, "cancel")
    if r.visit_id is not None:
        raise Conflict(
            "a visit's reception is cancelled with its visit, or declined",
            current_state=r.status,
            allowed_commands=[c for c in TRANSITIONS.commands(ReceptionState(r.status)) if c != "cancel"],
        )
    r.status = state.value
    await close_item(uow, BoardItemKind.reception, r.id)
    uow.emit(r.id, ReceptionCancelled(reception_id=r.id, cancelled_on=uow.today))
    return r


async def release_for_visit(uow: UnitOfWork, visit_id: str, states: frozenset[ReceptionState] = OPEN) -> bool:
    """Cancel the visit's reception if it is in one of `states` (not yet held); True if it was."""
    r: Reception | None = await uow.session.scalar(
        sa.select(Reception).where(Reception.visit_id == visit_id).with_for_update()
    )
    if r is None or ReceptionState(r.status) not in states:
        return False
    r.status = ReceptionState.cancelled.value
    await close_item(uow, BoardItemKind.reception, r.id)
    return True
