"""Reads of safety: inspections, findings, drills and equipment with filters."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import filters
from qiaolian_contracts.events.common import Office

from .rules import EquipmentState, FindingState
from .tables import FireDrill, SafetyEquipment, SafetyEquipmentCheck, SafetyFinding, SafetyInspection


def inspections(*, kind: str | None, from_on: date | None, to_on: date | None) -> sa.Select[Any]:
    i = SafetyInspection
    where = filters((i.kind, kind), ranges=((i.inspected_on, from_on, to_on),))
    return sa.select(i).where(*where).order_by(i.inspected_on.desc(), i.id)


def findings(
    *, state: str | None, office: Office | None, inspection_id: str | None, overdue: bool | None, on: date
) -> sa.Select[Any]:
    f = SafetyFinding
    where = filters((f.state, state), (f.office, office), (f.inspection_id, inspection_id))
    if overdue is not None:
        late = sa.and_(f.state == FindingState.open.value, f.due_on < on)
        where.append(late if overdue else sa.not_(late))
    return sa.select(f).where(*where).order_by(f.due_on, f.id)


async def findings_of(session: Any, inspection_id: str) -> list[SafetyFinding]:
    stmt = sa.select(SafetyFinding).where(SafetyFinding.inspection_id == inspection_id).order_by(SafetyFinding.id)
    return list((await session.scalars(stmt)).all())


def drills(*, from_on: date | None, to_on: date | None) -> sa.Select[Any]:
    d = FireDrill
    return sa.select(d).where(*filters(ranges=((d.held_on, from_on, to_on),))).order_by(d.held_on.desc(), d.id)


def equipment(*, kind: str | None, state: str | None, due_by: date | None) -> sa.Select[Any]:
    """Equipment with the filters given (due_by: in service with its next check on or before it), the
    next check first."""
    e = SafetyEquipment
    where = filters((e.kind, kind), (e.state, state))
    if due_by is not None:
        where += [e.state == EquipmentState.in_service.value, e.next_check_on <= due_by]
    return sa.select(e).where(*where).order_by(e.next_check_on, e.id)


async def checks_of(session: Any, equipment_id: str) -> list[SafetyEquipmentCheck]:
    c = SafetyEquipmentCheck
    stmt = sa.select(c).where(c.equipment_id == equipment_id).order_by(c.checked_on, c.id)
    return list((await session.scalars(stmt)).all())
