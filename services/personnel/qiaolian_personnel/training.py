"""Training (幹部培訓): a yearly plan, its courses, trainees, and the hours each cadre completed."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.errors import Conflict, Invalid, NotFound
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_chassis.tables import UtcDateTime
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.personnel import TrainingCompleted
from qiaolian_contracts.ids import new_id

from .cadres.rules import CadreState
from .cadres.tables import Cadre
from .database import Base

COMPLETED = "qiaolian.personnel.training.completed.v1"

router = APIRouter(prefix="/training", tags=["training"])
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Hours = Annotated[Decimal, Field(gt=0, le=1000, max_digits=6, decimal_places=1)]


class TrainingPlan(Base):
    __tablename__ = "training_plans"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    year: Mapped[int] = mapped_column(sa.Integer, unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    required_hours: Mapped[Decimal] = mapped_column(sa.Numeric(6, 1))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Course(Base):
    __tablename__ = "training_courses"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    plan_id: Mapped[str] = mapped_column(sa.ForeignKey("training_plans.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date] = mapped_column(sa.Date)
    hours: Mapped[Decimal] = mapped_column(sa.Numeric(6, 1))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Trainee(Base):
    __tablename__ = "trainees"
    __table_args__ = (sa.UniqueConstraint("course_id", "cadre_id"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    course_id: Mapped[str] = mapped_column(sa.ForeignKey("training_courses.id"), index=True)
    cadre_id: Mapped[str] = mapped_column(sa.ForeignKey("cadres.id"), index=True)
    state: Mapped[str] = mapped_column(sa.String(20))  # enrolled, completed
    completed_hours: Mapped[Decimal | None] = mapped_column(sa.Numeric(6, 1))
    completed_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class NewPlan(BaseModel):
    model_config = ConfigDict(extra="forbid")
    year: int = Field(ge=2000, le=2100)
    title: Text
    required_hours: Hours = Field(description="hours each cadre should complete in the year")


class NewCourse(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Text
    starts_on: date
    ends_on: date
    hours: Hours


class Enrol(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cadre_id: str = Field(min_length=1, max_length=64)


class Complete(BaseModel):
    model_config = ConfigDict(extra="forbid")
    hours: Hours
    completed_on: date


class PlanOut(BaseModel):
    id: str
    year: int
    title: str
    required_hours: Decimal


class CourseOut(BaseModel):
    id: str
    plan_id: str
    title: str
    starts_on: date
    ends_on: date
    hours: Decimal


class TraineeOut(BaseModel):
    id: str
    course_id: str
    cadre_id: str
    state: Literal["enrolled", "completed"]
    completed_hours: Decimal | None
    completed_on: date | None


class HoursOut(BaseModel):
    cadre_id: str
    name: str
    year: int
    completed_hours: Decimal
    required_hours: Decimal
    met: bool


def _plan_out(p: TrainingPlan) -> PlanOut:
    return PlanOut(id=p.id, year=p.year, title=p.title, required_hours=p.required_hours)


def _course_out(c: Course) -> CourseOut:
    return CourseOut(id=c.id, plan_id=c.plan_id, title=c.title, starts_on=c.starts_on, ends_on=c.ends_on, hours=c.hours)


def _trainee_out(t: Trainee) -> TraineeOut:
    return TraineeOut(id=t.id, course_id=t.course_id, cadre_id=t.cadre_id, state=t.state,  # type: ignore[arg-type]
                      completed_hours=t.completed_hours, completed_on=t.completed_on)


async def create_plan(uow: UnitOfWork, body: NewPlan) -> TrainingPlan:
    if await uow.session.scalar(sa.select(TrainingPlan.id).where(TrainingPlan.year == body.year)):
        raise Conflict(f"the training plan of {body.year} already exists")
    p = TrainingPlan(id=new_id(), year=body.year, title=body.title, required_hours=body.required_hours,
                     created_at=uow.now)
    uow.session.add(p)
    return p


async def add_course(uow: UnitOfWork, plan_id: str, body: NewCourse) -> Course:
    plan = await uow.session.get(TrainingPlan, plan_id)
    if plan is None:
        raise NotFound(f"training plan {plan_id} not found")
    if body.starts_on.year != plan.year:
        raise Invalid("starts_on", f"must fall in the plan's year {plan.year}")
    if body.ends_on < body.starts_on:
        raise Invalid("ends_on", "must not be before starts_on")
    c = Course(id=new_id(), plan_id=plan.id, title=body.title, starts_on=body.starts_on, ends_on=body.ends_on,
               hours=body.hours, created_at=uow.now)
    uow.session.add(c)
    return c


async def _course(uow: UnitOfWork, course_id: str) -> Course:
    c = await uow.session.get(Course, course_id)
    if c is None:
        raise NotFound(f"course {course_id} not found")
    return c


async def enrol(uow: UnitOfWork, course_id: str, cadre_id: str) -> Trainee:
    course = await _course(uow, course_id)
    cadre = await uow.session.get(Cadre, cadre_id)
    if cadre is None or cadre.state == CadreState.retired.value:
        raise Invalid("cadre_id", "not a serving cadre")
    if await uow.session.scalar(sa.select(Trainee.id).where(Trainee.course_id == course.id,
                                                            Trainee.cadre_id == cadre.id)):
        raise Conflict(f"cadre {cadre.id} is already a trainee of course {course.id}")
    t = Trainee(id=new_id(), course_id=course.id, cadre_id=cadre.id, state="enrolled", created_at=uow.now)
    uow.session.add(t)
    return t


async def complete(uow: UnitOfWork, course_id: str, cadre_id: str, body: Complete) -> Trainee:
    course = await _course(uow, course_id)
    t = await uow.session.scalar(sa.select(Trainee).where(Trainee.course_id == course.id, Trainee.cadre_id == cadre_id)
                                 .with_for_update())
    if t is None:
        raise NotFound(f"cadre {cadre_id} is not a trainee of course {course.id}")
    if t.state == "completed":
        raise Conflict(f"the completion of cadre {cadre_id} is already recorded", current_state="completed",
                       allowed_commands=[])
    if body.hours > course.hours:
        raise Invalid("hours", f"more than the course's {course.hours} hours")
    if body.completed_on < course.starts_on:
        raise Invalid("completed_on", "before the course started")
    t.state, t.completed_hours, t.completed_on = "completed", body.hours, body.completed_on
    uow.emit(t.cadre_id, TrainingCompleted(course_id=course.id, cadre_id=t.cadre_id, hours=float(body.hours),
                                                      completed_on=body.completed_on))
    return t


@router.post("/plans", status_code=201, summary="Create the yearly training plan")
async def post_plan(body: NewPlan, request: Request) -> PlanOut:
    async with get_service(request).uow() as uow:
        p = await create_plan(uow, body)
    return _plan_out(p)


@router.get("/plans", summary="Training plans")
async def list_plans(request: Request, year: int | None = None,
                     page: PageParams = Depends(page_params)) -> Page[PlanOut]:
    where = [TrainingPlan.year == year] if year else []
    async with get_service(request).db.sessions() as s:
        return await paginate(s, sa.select(TrainingPlan).where(*where).order_by(TrainingPlan.year.desc()), page,
                              _plan_out)


@router.get("/plans/{plan_id}", summary="One training plan")
async def get_plan(plan_id: str, request: Request) -> PlanOut:
    async with get_service(request).db.sessions() as s:
        p = await s.get(TrainingPlan, plan_id)
    if p is None:
        raise NotFound(f"training plan {plan_id} not found")
    return _plan_out(p)


@router.post("/plans/{plan_id}/courses", status_code=201, summary="Add a course to a plan")
async def post_course(plan_id: str, body: NewCourse, request: Request) -> CourseOut:
    async with get_service(request).uow() as uow:
        c = await add_course(uow, plan_id, body)
    return _course_out(c)


@router.get("/courses", summary="Courses")
async def list_courses(request: Request, plan_id: str | None = None, starts_after: date | None = None,
                       page: PageParams = Depends(page_params)) -> Page[CourseOut]:
    where = ([Course.plan_id == plan_id] if plan_id else []) + ([Course.starts_on > starts_after] if starts_after else [])
    async with get_service(request).db.sessions() as s:
        return await paginate(s, sa.select(Course).where(*where).order_by(Course.starts_on, Course.id), page,
                              _course_out)


@router.get("/courses/{course_id}", summary="One course")
async def get_course(course_id: str, request: Request) -> CourseOut:
    async with get_service(request).db.sessions() as s:
        c = await s.get(Course, course_id)
    if c is None:
        raise NotFound(f"course {course_id} not found")
    return _course_out(c)


@router.post("/courses/{course_id}/trainees", status_code=201, summary="Enrol a cadre")
async def post_trainee(course_id: str, body: Enrol, request: Request) -> TraineeOut:
    async with get_service(request).uow() as uow:
        t = await enrol(uow, course_id, body.cadre_id)
    return _trainee_out(t)


@router.get("/courses/{course_id}/trainees", summary="A course's trainees")
async def list_trainees(course_id: str, request: Request, state: Literal["enrolled", "completed"] | None = None,
                        page: PageParams = Depends(page_params)) -> Page[TraineeOut]:
    where = [Trainee.course_id == course_id] + ([Trainee.state == state] if state else [])
    async with get_service(request).db.sessions() as s:
        return await paginate(s, sa.select(Trainee).where(*where).order_by(Trainee.created_at, Trainee.id), page,
                              _trainee_out)


@router.post("/courses/{course_id}/trainees/{cadre_id}/completion", summary="Record the hours a trainee completed")
async def post_completion(course_id: str, cadre_id: str, body: Complete, request: Request) -> TraineeOut:
    async with get_service(request).uow() as uow:
        t = await complete(uow, course_id, cadre_id, body)
    return _trainee_out(t)


@router.get("/hours", summary="Completed hours per cadre in a year, against the plan's requirement")
async def hours(request: Request, year: int, cadre_id: str | None = None, met: bool | None = None,
                page: PageParams = Depends(page_params)) -> Page[HoursOut]:
    async with get_service(request).db.sessions() as s:
        plan = await s.scalar(sa.select(TrainingPlan).where(TrainingPlan.year == year))
        if plan is None:
            raise NotFound(f"no training plan for {year}")
        total = sa.func.coalesce(sa.func.sum(Trainee.completed_hours), 0)
        stmt = (sa.select(Cadre.id, Cadre.name, total.label("hours"))
                .join(Trainee, Trainee.cadre_id == Cadre.id).join(Course, Course.id == Trainee.course_id)
                .where(Course.plan_id == plan.id, *([Cadre.id == cadre_id] if cadre_id else []))
                .group_by(Cadre.id, Cadre.name).order_by(Cadre.name, Cadre.id))
        if met is not None:
            stmt = stmt.having(total >= plan.required_hours if met else total < plan.required_hours)
        return await paginate(s, stmt, page, lambda r: HoursOut(
            cadre_id=r.id, name=r.name, year=year, completed_hours=Decimal(r.hours),
            required_hours=plan.required_hours, met=Decimal(r.hours) >= plan.required_hours), scalars=False)
