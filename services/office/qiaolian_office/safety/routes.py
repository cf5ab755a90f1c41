"""Safety over HTTP (平安建設, 安全生產, 消防): inspections with findings, rectification, fire drills,
equipment and its checks. Office's records: read with `office.read`, written with `office.write`."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import permit
from qiaolian_chassis.clock import today
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Day, Page, PageParams, Text, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.common import Office

from . import commands, queries
from .rules import EQUIPMENT, FINDINGS, CheckResult, EquipmentKind, EquipmentState, FindingState, InspectionKind
from .tables import FireDrill, SafetyEquipment, SafetyEquipmentCheck, SafetyFinding, SafetyInspection

router = APIRouter(prefix="/safety", tags=["safety"])

Long = Annotated[Text, StringConstraints(max_length=1000)]
Place = Annotated[Text, StringConstraints(max_length=200)]
CadreId = Annotated[Text, StringConstraints(max_length=64)]


class FindingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: Long
    office: Office = Field(description="the office that must rectify it")
    due_on: Day = Field(description="the rectification deadline, after the inspection")


class InspectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: InspectionKind
    premises: Place
    inspected_on: Day
    inspector_id: CadreId = Field(description="a cadre of the staff directory")
    note: Long | None = None
    findings: list[FindingIn] = Field(default_factory=list, max_length=200)


class Rectify(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rectification: Long = Field(description="what was done")


class DrillIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    premises: Place
    held_on: Day
    participants: int = Field(ge=1, le=100_000)
    scenario: Annotated[Text, StringConstraints(max_length=500)]


class EquipmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: EquipmentKind
    location: Place
    serial: Annotated[Text, StringConstraints(max_length=60)] | None = None
    next_check_on: Day


class CheckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    checked_on: Day
    result: CheckResult
    checker_id: CadreId = Field(description="a cadre of the staff directory")
    next_check_on: Day = Field(description="the next check, after this one")


class FindingOut(BaseModel):
    id: str
    inspection_id: str
    description: str
    office: Office
    due_on: date
    state: FindingState
    overdue: bool
    rectified_on: date | None
    rectification: str | None
    allowed_commands: list[str]

    @classmethod
    def of(cls, f: SafetyFinding, on: date) -> FindingOut:
        state = FindingState(f.state)
        return cls(
            id=f.id,
            inspection_id=f.inspection_id,
            description=f.description,
            office=Office(f.office),
            due_on=f.due_on,
            state=state,
            overdue=state is FindingState.open and f.due_on < on,
            rectified_on=f.rectified_on,
            rectification=f.rectification,
            allowed_commands=FINDINGS.commands(state),
        )


class InspectionOut(BaseModel):
    id: str
    kind: InspectionKind
    premises: str
    inspected_on: date
    inspector_id: str
    note: str | None
    created_at: datetime

    @classmethod
    def of(cls, i: SafetyInspection) -> InspectionOut:
        return cls(
            id=i.id,
            kind=InspectionKind(i.kind),
            premises=i.premises,
            inspected_on=i.inspected_on,
            inspector_id=i.inspector_id,
            note=i.note,
            created_at=i.created_at,
        )


class InspectionDetail(InspectionOut):
    findings: list[FindingOut]
    open_findings: int


class DrillOut(BaseModel):
    id: str
    premises: str
    held_on: date
    participants: int
    scenario: str
    created_at: datetime

    @classmethod
    def of(cls, d: FireDrill) -> DrillOut:
        return cls(
            id=d.id,
            premises=d.premises,
            held_on=d.held_on,
            participants=d.participants,
            scenario=d.scenario,
            created_at=d.created_at,
        )


class CheckOut(BaseModel):
    id: str
    checked_on: date
    result: CheckResult
    checker_id: str
    next_check_on: date

    @classmethod
    def of(cls, c: SafetyEquipmentCheck) -> CheckOut:
        return cls(
            id=c.id,
            checked_on=c.checked_on,
            result=CheckResult(c.result),
            checker_id=c.checker_id,
            next_check_on=c.next_check_on,
        )


class EquipmentOut(BaseModel):
    id: str
    kind: EquipmentKind
    location: str
    serial: str | None
    next_check_on: date
    last_checked_on: date | None
    check_overdue: bool
    state: EquipmentState
    retired_on: date | None
    created_at: datetime
    allowed_commands: list[str]

    @classmethod
    def of(cls, e: SafetyEquipment, on: date) -> EquipmentOut:
        state = EquipmentState(e.state)
        return cls(
            id=e.id,
            kind=EquipmentKind(e.kind),
            location=e.location,
            serial=e.serial,
            next_check_on=e.next_check_on,
            last_checked_on=e.last_checked_on,
            check_overdue=state is EquipmentState.in_service and e.next_check_on < on,
            state=state,
            retired_on=e.retired_on,
            created_at=e.created_at,
            allowed_commands=EQUIPMENT.commands(state),
        )


class EquipmentDetail(EquipmentOut):
    checks: list[CheckOut]


async def _inspection(request: Request, inspection_id: str) -> InspectionDetail:
    svc = get_service(request)
    on = today(svc.clock)
    async with svc.db.sessions() as s:
        i = await get_or_404(s, SafetyInspection, "inspection", inspection_id)
        fs = [FindingOut.of(f, on) for f in await queries.findings_of(s, i.id)]
    return InspectionDetail(
        **InspectionOut.of(i).model_dump(), findings=fs, open_findings=sum(f.state is FindingState.open for f in fs)
    )


async def _equipment(request: Request, equipment_id: str) -> EquipmentDetail:
    svc = get_service(request)
    on = today(svc.clock)
    async with svc.db.sessions() as s:
        e = await get_or_404(s, SafetyEquipment, "equipment", equipment_id)
        checks = [CheckOut.of(c) for c in await queries.checks_of(s, e.id)]
    return EquipmentDetail(**EquipmentOut.of(e, on).model_dump(), checks=checks)


@router.get("/inspections", dependencies=[permit("office.read")], summary="Safety inspections, latest first")
async def list_inspections(
    request: Request,
    kind: InspectionKind | None = None,
    from_on: Day | None = None,
    to_on: Day | None = None,
    page: PageParams = Depends(page_params),
) -> Page[InspectionOut]:
    async with get_service(request).db.sessions() as s:
        return await paginate(s, queries.inspections(kind=kind, from_on=from_on, to_on=to_on), page, InspectionOut.of)


@router.post(
    "/inspections",
    dependencies=[permit("office.write")],
    status_code=201,
    summary="Record an inspection with its findings (each on the board by its rectification deadline)",
)
async def record_inspection(body: InspectionIn, request: Request) -> InspectionDetail:
    cmd = commands.RecordInspection(
        kind=body.kind,
        premises=body.premises,
        inspected_on=body.inspected_on,
        inspector_id=body.inspector_id,
        note=body.note,
        findings=[commands.Finding(f.description, f.office, f.due_on) for f in body.findings],
    )
    async with get_service(request).uow() as uow:
        i = await commands.record_inspection(uow, cmd)
    return await _inspection(request, i.id)


@router.get(
    "/inspections/{inspection_id}", dependencies=[permit("office.read")], summary="An inspection and its findings"
)
async def get_inspection(inspection_id: str, request: Request) -> InspectionDetail:
    return await _inspection(request, inspection_id)


@router.get("/findings", dependencies=[permit("office.read")], summary="Findings, the earliest deadline first")
async def list_findings(
    request: Request,
    state: FindingState | None = None,
    office: Office | None = None,
    inspection_id: str | None = None,
    overdue: bool | None = None,
    page: PageParams = Depends(page_params),
) -> Page[FindingOut]:
    svc = get_service(request)
    on = today(svc.clock)
    stmt = queries.findings(state=state, office=office, inspection_id=inspection_id, overdue=overdue, on=on)
    async with svc.db.sessions() as s:
        return await paginate(s, stmt, page, lambda f: FindingOut.of(f, on))


@router.post(
    "/findings/{finding_id}/rectify",
    dependencies=[permit("office.write")],
    summary="A finding was rectified (it leaves the board)",
)
async def rectify_finding(finding_id: str, body: Rectify, request: Request) -> FindingOut:
    svc = get_service(request)
    async with svc.uow() as uow:
        f = await commands.rectify(uow, finding_id, body.rectification)
    return FindingOut.of(f, today(svc.clock))


@router.get("/drills", dependencies=[permit("office.read")], summary="Fire drills, latest first")
async def list_drills(
    request: Request, from_on: Day | None = None, to_on: Day | None = None, page: PageParams = Depends(page_params)
) -> Page[DrillOut]:
    async with get_service(request).db.sessions() as s:
        return await paginate(s, queries.drills(from_on=from_on, to_on=to_on), page, DrillOut.of)


@router.post("/drills", dependencies=[permit("office.write")], status_code=201, summary="Record a fire drill")
async def record_drill(body: DrillIn, request: Request) -> DrillOut:
    async with get_service(request).uow() as uow:
        d = await commands.record_drill(uow, commands.RecordDrill(**body.model_dump()))
    return DrillOut.of(d)


@router.get("/drills/{drill_id}", dependencies=[permit("office.read")], summary="A fire drill")
async def get_drill(drill_id: str, request: Request) -> DrillOut:
    async with get_service(request).db.sessions() as s:
        return DrillOut.of(await get_or_404(s, FireDrill, "drill", drill_id))


@router.get("/equipment", dependencies=[permit("office.read")], summary="Safety equipment, the next check first")
async def list_equipment(
    request: Request,
    kind: EquipmentKind | None = None,
    state: EquipmentState | None = None,
    due_by: Day | None = None,
    page: PageParams = Depends(page_params),
) -> Page[EquipmentOut]:
    svc = get_service(request)
    on = today(svc.clock)
    async with svc.db.sessions() as s:
        return await paginate(
            s, queries.equipment(kind=kind, state=state, due_by=due_by), page, lambda e: EquipmentOut.of(e, on)
        )


@router.post(
    "/equipment",
    dependencies=[permit("office.write")],
    status_code=201,
    summary="Register safety equipment with its next-check date (watched on the board and by the scheduler)",
)
async def register_equipment(body: EquipmentIn, request: Request) -> EquipmentDetail:
    async with get_service(request).uow() as uow:
        e = await commands.register_equipment(uow, commands.RegisterEquipment(**body.model_dump()))
    return await _equipment(request, e.id)


@router.get("/equipment/{equipment_id}", dependencies=[permit("office.read")], summary="Equipment and its checks")
async def get_equipment(equipment_id: str, request: Request) -> EquipmentDetail:
    return await _equipment(request, equipment_id)


@router.post(
    "/equipment/{equipment_id}/check",
    dependencies=[permit("office.write")],
    summary="Record a check and the next-check date",
)
async def check_equipment(equipment_id: str, body: CheckIn, request: Request) -> EquipmentDetail:
    async with get_service(request).uow() as uow:
        await commands.check(uow, commands.CheckEquipment(equipment_id=equipment_id, **body.model_dump()))
    return await _equipment(request, equipment_id)


@router.post(
    "/equipment/{equipment_id}/retire", dependencies=[permit("office.write")], summary="Take equipment out of service"
)
async def retire_equipment(equipment_id: str, request: Request) -> EquipmentDetail:
    async with get_service(request).uow() as uow:
        await commands.retire(uow, equipment_id)
    return await _equipment(request, equipment_id)
