"""HTTP API of training: plans, courses, trainees and hours."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import NotFound
from qiaolian_chassis.http import Day, Page, PageParams, YearParam, YearQuery, page_params, paginate
from qiaolian_chassis.service import get_service

from . import commands, queries
from .rules import TraineeState
from .tables import Course, Trainee, TrainingPlan

router = APIRouter(prefix="/training", tags=["training"])
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Hours = Annotated[Decimal, Field(gt=0, le=1000, max_digits=6, decimal_places=1)]


class NewPlan(BaseModel):
    model_config = ConfigDict(extra="forbid")
    year: int = Field(ge=2000, le=2100)
    title: Text
    required_hours: Hours = Field(description="hours each cadre should complete in the year")


class NewCourse(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Text
    starts_on: Day
    ends_on: Day
    hours: Hours


class Enrol(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cadre_id: str = Field(min_length=1, max_length=64)


class Complete(BaseModel):
    model_config = ConfigDict(extra="forbid")
    hours: Hours
    completed_on: Day


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
    state: TraineeState
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
    return TraineeOut(
        id=t.id,
        course_id=t.course_id,
        cadre_id=t.cadre_id,
        state=t.state,
        completed_hours=t.completed_hours,
        completed_on=t.completed_on,
    )


@router.post(
    "/plans", dependencies=[permit("personnel.write")], status_code=201, summary="Create the yearly training plan"
)
async def post_plan(body: NewPlan, request: Request) -> PlanOut:
    async with get_service(request).uow() as uow:
        p = await commands.create_plan(uow, commands.CreatePlan(**body.model_dump()))
    return _plan_out(p)


@router.get("/plans", dependencies=[permit("personnel.read")], summary="Training plans")
async def list_plans(
    request: Request, year: YearQuery = None, page: PageParams = Depends(page_params)
) -> Page[PlanOut]:
    async with get_service(request).db.sessions() as s:
        return await paginate(s, queries.plans(year=year), page, _plan_out)


@router.get("/plans/{plan_id}", dependencies=[permit("personnel.read")], summary="One training plan")
async def get_plan(plan_id: str, request: Request) -> PlanOut:
    async with get_service(request).db.sessions() as s:
        p = await get_or_404(s, TrainingPlan, "training plan", plan_id)
    return _plan_out(p)


@router.post(
    "/plans/{plan_id}/courses",
    dependencies=[permit("personnel.write")],
    status_code=201,
    summary="Add a course to a plan",
)
async def post_course(plan_id: str, body: NewCourse, request: Request) -> CourseOut:
    async with get_service(request).uow() as uow:
        c = await commands.add_course(uow, commands.AddCourse(plan_id=plan_id, **body.model_dump()))
    return _course_out(c)


@router.get("/courses", dependencies=[permit("personnel.read")], summary="Courses")
async def list_courses(
    request: Request,
    plan_id: str | None = None,
    starts_after: Day | None = None,
    page: PageParams = Depends(page_params),
) -> Page[CourseOut]:
    async with get_service(request).db.sessions() as s:
        return await paginate(s, queries.courses(plan_id=plan_id, starts_after=starts_after), page, _course_out)


@router.get("/courses/{course_id}", dependencies=[permit("personnel.read")], summary="One course")
async def get_course(course_id: str, request: Request) -> CourseOut:
    async with get_service(request).db.sessions() as s:
        c = await get_or_404(s, Course, "course", course_id)
    return _course_out(c)


@router.post(
    "/courses/{course_id}/trainees", dependencies=[permit("personnel.write")], status_code=201, summary="Enrol a cadre"
)
async def post_trainee(course_id: str, body: Enrol, request: Request) -> TraineeOut:
    async with get_service(request).uow() as uow:
        t = await commands.enrol(uow, commands.Enrol(course_id=course_id, cadre_id=body.cadre_id))
    return _trainee_out(t)


@router.get("/courses/{course_id}/trainees", dependencies=[permit("personnel.read")], summary="A course's trainees")
async def list_trainees(
    course_id: str, request: Request, state: TraineeState | None = None, page: PageParams = Depends(page_params)
) -> Page[TraineeOut]:
    async with get_service(request).db.sessions() as s:
        return await paginate(s, queries.trainees(course_id, state=state), page, _trainee_out)


@router.post(
    "/courses/{course_id}/trainees/{cadre_id}/completion",
    dependencies=[permit("personnel.write")],
    summary="Record the hours a trainee completed",
)
async def post_completion(course_id: str, cadre_id: str, body: Complete, request: Request) -> TraineeOut:
    async with get_service(request).uow() as uow:
        t = await commands.complete(
            uow, commands.RecordCompletion(course_id=course_id, cadre_id=cadre_id, **body.model_dump())
        )
    return _trainee_out(t)


@router.get(
    "/hours",
    dependencies=[permit("personnel.read")],
    summary="Completed hours per cadre in a year, against the plan's requirement",
)
async def hours(
    request: Request,
    year: YearParam,
    cadre_id: str | None = None,
    met: bool | None = None,
    page: PageParams = Depends(page_params),
) -> Page[HoursOut]:
    async with get_service(request).db.sessions() as s:
        plan = await queries.plan_of_year(s, year)
        if plan is None:
            raise NotFound(f"no training plan for {year}")
        return await paginate(
            s,
            queries.hours(plan, cadre_id=cadre_id, met=met),
            page,
            lambda r: HoursOut(
                cadre_id=r.id,
                name=r.name,
                year=year,
                completed_hours=Decimal(r.hours),
                required_hours=plan.required_hours,
                met=Decimal(r.hours) >= plan.required_hours,
            ),
            scalars=False,
        )
