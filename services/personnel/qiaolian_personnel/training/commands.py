"""Creating the yearly plan, adding courses, enrolling cadres, and recording the hours they completed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Conflict, NotFound
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.personnel import TrainingCompleted
from qiaolian_contracts.ids import new_id

from ..cadres.commands import serving_cadre
from .rules import check_completion, check_course
from .tables import Course, Trainee, TrainingPlan


@dataclass(frozen=True)
class CreatePlan:
    year: int
    title: str
    required_hours: Decimal  # hours each cadre should complete in the year


@dataclass(frozen=True)
class AddCourse:
    plan_id: str
    title: str
    starts_on: date
    ends_on: date
    hours: Decimal


@dataclass(frozen=True)
class Enrol:
    course_id: str
    cadre_id: str


@dataclass(frozen=True)
class RecordCompletion:
    course_id: str
    cadre_id: str
    hours: Decimal
    completed_on: date


async def create_plan(uow: UnitOfWork, cmd: CreatePlan) -> TrainingPlan:
    if await uow.session.scalar(sa.select(TrainingPlan.id).where(TrainingPlan.year == cmd.year)):
        raise Conflict(f"the training plan of {cmd.year} already exists")
    p = TrainingPlan(id=new_id(), year=cmd.year, title=cmd.title, required_hours=cmd.required_hours, created_at=uow.now)
    uow.session.add(p)
    return p


async def add_course(uow: UnitOfWork, cmd: AddCourse) -> Course:
    plan = await get_or_404(uow.session, TrainingPlan, "training plan", cmd.plan_id)
    check_course(plan.year, cmd.starts_on, cmd.ends_on)
    c = Course(
        id=new_id(),
        plan_id=plan.id,
        title=cmd.title,
        starts_on=cmd.starts_on,
        ends_on=cmd.ends_on,
        hours=cmd.hours,
        created_at=uow.now,
    )
    uow.session.add(c)
    return c


async def enrol(uow: UnitOfWork, cmd: Enrol) -> Trainee:
    course = await get_or_404(uow.session, Course, "course", cmd.course_id)
    cadre = await serving_cadre(uow, cmd.cadre_id, "cadre_id")
    if await uow.session.scalar(
        sa.select(Trainee.id).where(Trainee.course_id == course.id, Trainee.cadre_id == cadre.id)
    ):
        raise Conflict(f"cadre {cadre.id} is already a trainee of course {course.id}")
    t = Trainee(id=new_id(), course_id=course.id, cadre_id=cadre.id, state="enrolled", created_at=uow.now)
    uow.session.add(t)
    return t


async def complete(uow: UnitOfWork, cmd: RecordCompletion) -> Trainee:
    course = await get_or_404(uow.session, Course, "course", cmd.course_id)
    t: Trainee | None = await uow.session.scalar(
        sa.select(Trainee).where(Trainee.course_id == course.id, Trainee.cadre_id == cmd.cadre_id).with_for_update()
    )
    if t is None:
        raise NotFound(f"cadre {cmd.cadre_id} is not a trainee of course {course.id}")
    if t.state == "completed":
        raise Conflict(
            f"the completion of cadre {cmd.cadre_id} is already recorded",
            current_state="completed",
            allowed_commands=[],
        )
    check_completion(course.hours, course.starts_on, cmd.hours, cmd.completed_on)
    t.state, t.completed_hours, t.completed_on = "completed", cmd.hours, cmd.completed_on
    uow.emit(
        t.cadre_id,
        TrainingCompleted(
            course_id=course.id, cadre_id=t.cadre_id, hours=float(cmd.hours), completed_on=cmd.completed_on
        ),
    )
    return t
