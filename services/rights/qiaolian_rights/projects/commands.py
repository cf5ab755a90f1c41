"""Project commands: open a lead, and the pipeline's steps (`stage_changed` each time, `signed` too
when the agreement is signed). Events carry codes, dates and the amounts, which are business figures
of the enterprise or institution behind the project."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.rights import (
    ProjectKind,
    ProjectLeadCreated,
    ProjectSigned,
    ProjectStage,
    ProjectStageChanged,
)
from qiaolian_contracts.ids import new_id

from ..dates import command_date
from .rules import TRANSITIONS
from .tables import Project


@dataclass(frozen=True)
class CreateLead:
    kind: ProjectKind
    title: str
    organisation: str
    sector: str
    region: str
    country: str | None = None
    notes: str | None = None
    intended_amount_10k_yuan: int | None = None
    lead_on: date | None = None


@dataclass(frozen=True, kw_only=True)
class ProjectStep:
    """A step of the pipeline: the command of the table it is, on a date (today by default)."""

    command: ClassVar[str]
    project_id: str
    on: date | None = None


@dataclass(frozen=True, kw_only=True)
class ContactProject(ProjectStep):
    command = "contact"


@dataclass(frozen=True, kw_only=True)
class NegotiateProject(ProjectStep):
    command = "negotiate"


@dataclass(frozen=True, kw_only=True)
class SignProject(ProjectStep):
    command = "sign"
    contract_amount_10k_yuan: int | None = None


@dataclass(frozen=True, kw_only=True)
class LandProject(ProjectStep):
    command = "land"


@dataclass(frozen=True, kw_only=True)
class DropProject(ProjectStep):
    command = "drop"
    reason: str  # a code, e.g. funding, policy, partner_withdrew


async def create_lead(uow: UnitOfWork, cmd: CreateLead) -> Project:
    on = command_date(uow.today, cmd.lead_on, "lead_on", None, "")
    p = Project(
        id=new_id(),
        kind=cmd.kind.value,
        title=cmd.title,
        organisation=cmd.organisation,
        sector=cmd.sector,
        region=cmd.region,
        country=cmd.country,
        notes=cmd.notes,
        intended_amount_10k_yuan=cmd.intended_amount_10k_yuan,
        lead_on=on,
        stage="lead",
        stage_on=on,
        created_at=uow.now,
    )
    uow.session.add(p)
    uow.emit(
        p.id,
        ProjectLeadCreated(
            project_id=p.id,
            kind=cmd.kind,
            sector=cmd.sector,
            region=cmd.region,
            country=cmd.country,
            lead_on=on,
            intended_amount_10k_yuan=cmd.intended_amount_10k_yuan,
        ),
    )
    return p


async def step(uow: UnitOfWork, cmd: ProjectStep) -> Project:
    """Apply a pipeline step: `stage_changed` always, `signed` too when the agreement is signed."""
    p: Project = await get_or_404(uow.session, Project, "project", cmd.project_id, for_update=True)
    target = TRANSITIONS.apply(p.stage, cmd.command)
    day = command_date(uow.today, cmd.on, "on", p.stage_on, f"the project became {p.stage}")
    reason = cmd.reason if isinstance(cmd, DropProject) else None
    before, p.stage, p.stage_on = p.stage, target, day
    if reason is not None:
        p.drop_reason = reason
    kind = ProjectKind(p.kind)
    uow.emit(
        p.id,
        ProjectStageChanged(
            project_id=p.id,
            kind=kind,
            from_stage=ProjectStage(before),
            to_stage=ProjectStage(target),
            on=day,
            reason=reason,
        ),
    )
    if isinstance(cmd, SignProject):
        p.signed_on, p.contract_amount_10k_yuan = day, cmd.contract_amount_10k_yuan
        uow.emit(
            p.id,
            ProjectSigned(
                project_id=p.id,
                kind=kind,
                sector=p.sector,
                region=p.region,
                signed_on=day,
                contract_amount_10k_yuan=cmd.contract_amount_10k_yuan,
            ),
        )
    return p
