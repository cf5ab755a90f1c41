"""Safety's commands. An inspection is recorded with its findings; each finding is an item of kind
`safety_rectification` on the board for the office that must rectify it, closed when it is rectified
(safety_finding.rectified). A fire drill is recorded (fire_drill.held). Equipment is registered with
its next-check date, an item of kind `safety_equipment` on the board and a deadline of the scheduler;
each check moves both to the next date, retiring takes it off.

Events carry ids, codes, dates and counts; premises, findings' words and names stay in office.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.board import BoardItemKind
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.office import FireDrillHeld, SafetyFindingRectified, SafetyInspectionRecorded
from qiaolian_contracts.ids import new_id

from ..database import EQUIPMENT_DUE, deadlines, directory
from ..supervision.commands import BoardItem, close_item, move_item, open_items
from .rules import (
    EQUIPMENT,
    FINDINGS,
    CheckResult,
    EquipmentKind,
    EquipmentState,
    FindingState,
    InspectionKind,
    after,
    not_after_today,
)
from .tables import FireDrill, SafetyEquipment, SafetyEquipmentCheck, SafetyFinding, SafetyInspection


@dataclass(frozen=True)
class Finding:
    description: str
    office: Office
    due_on: date


@dataclass(frozen=True)
class RecordInspection:
    kind: InspectionKind
    premises: str
    inspected_on: date
    inspector_id: str
    note: str | None
    findings: list[Finding]


@dataclass(frozen=True)
class RecordDrill:
    premises: str
    held_on: date
    participants: int
    scenario: str


@dataclass(frozen=True)
class RegisterEquipment:
    kind: EquipmentKind
    location: str
    serial: str | None
    next_check_on: date


@dataclass(frozen=True)
class CheckEquipment:
    equipment_id: str
    checked_on: date
    result: CheckResult
    checker_id: str
    next_check_on: date


async def _cadre(uow: UnitOfWork, field: str, cadre_id: str) -> None:
    if await directory.get(uow.session, cadre_id) is None:
        raise Invalid(field, "not a cadre of the staff directory")


def _finding_item(f: SafetyFinding) -> BoardItem:
    return BoardItem.of(BoardItemKind.safety_rectification, Office(f.office), f.id, f.due_on)


def _equipment_item(e: SafetyEquipment) -> BoardItem:
    return BoardItem.of(BoardItemKind.safety_equipment, Office.office, e.id, e.next_check_on)


async def record_inspection(uow: UnitOfWork, cmd: RecordInspection) -> SafetyInspection:
    on = uow.today
    not_after_today("inspected_on", cmd.inspected_on, on)
    for i, f in enumerate(cmd.findings):
        after(f"findings[{i}].due_on", f.due_on, cmd.inspected_on, "the inspection")
    await _cadre(uow, "inspector_id", cmd.inspector_id)
    ins = SafetyInspection(
        id=new_id(),
        kind=cmd.kind.value,
        premises=cmd.premises,
        inspected_on=cmd.inspected_on,
        inspector_id=cmd.inspector_id,
        note=cmd.note,
        created_at=uow.now,
    )
    uow.session.add(ins)
    await uow.session.flush()
    rows = [
        SafetyFinding(
            id=new_id(),
            inspection_id=ins.id,
            description=f.description,
            office=f.office.value,
            due_on=f.due_on,
            state=FindingState.open.value,
        )
        for f in cmd.findings
    ]
    uow.session.add_all(rows)
    await uow.session.flush()
    await open_items(uow, [_finding_item(f) for f in rows])
    uow.emit(
        ins.id,
        SafetyInspectionRecorded(
            inspection_id=ins.id, kind=ins.kind, inspected_on=ins.inspected_on, findings=len(rows)
        ),
    )
    return ins


async def rectify(uow: UnitOfWork, finding_id: str, rectification: str) -> SafetyFinding:
    f: SafetyFinding = await get_or_404(uow.session, SafetyFinding, "finding", finding_id, for_update=True)
    state = FINDINGS.apply(FindingState(f.state), "rectify")
    f.state, f.rectified_on, f.rectification = state.value, uow.today, rectification
    await close_item(uow, BoardItemKind.safety_rectification, f.id)
    uow.emit(
        f.inspection_id,
        SafetyFindingRectified(
            finding_id=f.id,
            inspection_id=f.inspection_id,
            office=Office(f.office),
            due_on=f.due_on,
            rectified_on=uow.today,
        ),
    )
    return f


async def record_drill(uow: UnitOfWork, cmd: RecordDrill) -> FireDrill:
    not_after_today("held_on", cmd.held_on, uow.today)
    d = FireDrill(
        id=new_id(),
        premises=cmd.premises,
        held_on=cmd.held_on,
        participants=cmd.participants,
        scenario=cmd.scenario,
        created_at=uow.now,
    )
    uow.session.add(d)
    await uow.session.flush()
    uow.emit(d.id, FireDrillHeld(drill_id=d.id, held_on=d.held_on, participants=d.participants))
    return d


async def register_equipment(uow: UnitOfWork, cmd: RegisterEquipment) -> SafetyEquipment:
    if cmd.next_check_on < uow.today:
        raise Invalid("next_check_on", f"cannot be before today ({uow.today})")
    e = SafetyEquipment(
        id=new_id(),
        kind=cmd.kind.value,
        location=cmd.location,
        serial=cmd.serial,
        next_check_on=cmd.next_check_on,
        state=EquipmentState.in_service.value,
        created_at=uow.now,
    )
    uow.session.add(e)
    await uow.session.flush()
    await move_item(uow, _equipment_item(e))
    await deadlines.set(uow, EQUIPMENT_DUE, e.id, e.next_check_on)
    return e


async def check(uow: UnitOfWork, cmd: CheckEquipment) -> SafetyEquipment:
    e: SafetyEquipment = await get_or_404(uow.session, SafetyEquipment, "equipment", cmd.equipment_id, for_update=True)
    EQUIPMENT.require(EquipmentState(e.state), "check")
    not_after_today("checked_on", cmd.checked_on, uow.today)
    if e.last_checked_on is not None and cmd.checked_on < e.last_checked_on:
        raise Invalid("checked_on", f"cannot be before the last check ({e.last_checked_on})")
    after("next_check_on", cmd.next_check_on, cmd.checked_on, "the check")
    await _cadre(uow, "checker_id", cmd.checker_id)
    uow.session.add(
        SafetyEquipmentCheck(
            id=new_id(),
            equipment_id=e.id,
            checked_on=cmd.checked_on,
            result=cmd.result.value,
            checker_id=cmd.checker_id,
            next_check_on=cmd.next_check_on,
        )
    )
    e.last_checked_on, e.next_check_on = cmd.checked_on, cmd.next_check_on
    await move_item(uow, _equipment_item(e))
    await deadlines.set(uow, EQUIPMENT_DUE, e.id, e.next_check_on)
    return e


async def retire(uow: UnitOfWork, equipment_id: str) -> SafetyEquipment:
    e: SafetyEquipment = await get_or_404(uow.session, SafetyEquipment, "equipment", equipment_id, for_update=True)
    state = EQUIPMENT.apply(EquipmentState(e.state), "retire")
    e.state, e.retired_on = state.value, uow.today
    await close_item(uow, BoardItemKind.safety_equipment, e.id)
    await deadlines.cancel(uow, EQUIPMENT_DUE, e.id)
    return e
