"""The holiday calendar over HTTP: which years it covers (everyone signed in: the calendar is public),
and a year's file added or corrected by the `admin`. The file is checked as the CLI checks it
(`qiaolian_contracts.calendar.validate_year`: a refusal is 422 naming the line) and stored in the
operator's data directory the services read (`QIAOLIAN_HOLIDAYS_DIR`, else `<QIAOLIAN_VAR_DIR>/holidays`);
their schedulers count the open deadlines again on it."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.clock import today
from qiaolian_chassis.deadlines import calendar_missing
from qiaolian_chassis.errors import Invalid
from qiaolian_contracts.calendar import YearFileError, add_year, default_calendar, holidays_dir

from ..runtime import console_of
from ..sessions.guard import CurrentSession, permit

router = APIRouter(prefix="/calendar", tags=["holiday calendar"])


class YearFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    content: Annotated[str, StringConstraints(min_length=2, max_length=100_000)] = Field(
        description="the text of `<year>.json` as the State Council's schedule is written down "
        "(shape of contracts/qiaolian_contracts/holidays/2026.json)"
    )


class HolidayOut(BaseModel):
    code: str
    name: str
    first_day: date
    last_day: date


class CalendarOut(BaseModel):
    years: list[int] = Field(description="the years with holiday data; deadlines counted into others are provisional")
    missing: int | None = Field(
        description="the year needed now without data (this year's, or from 1 November next year's)"
    )


class YearOut(BaseModel):
    year: int
    holidays: list[HolidayOut]
    makeup_workdays: list[date]


def _calendar_out(on: date) -> CalendarOut:
    cal = default_calendar()
    return CalendarOut(years=sorted(cal.years), missing=calendar_missing(on, cal))


@router.get("", summary="The years the holiday calendar covers, and the one missing")
async def get_calendar(request: Request, _: CurrentSession = permit("calendar.read")) -> CalendarOut:
    return _calendar_out(today(console_of(request).service.clock))


@router.post("/years", status_code=201, summary="Add or correct a year of the holiday calendar (admin)")
async def add_calendar_year(body: YearFile, _: CurrentSession = permit("calendar.manage")) -> YearOut:
    try:
        path = add_year(body.content, holidays_dir(), name="content")
    except YearFileError as e:
        raise Invalid("content", str(e)) from None
    year = int(path.stem)
    cal = default_calendar()
    return YearOut(
        year=year,
        holidays=[
            HolidayOut(code=h.code, name=h.name, first_day=h.first, last_day=h.last) for h in cal.holidays_of(year)
        ],
        makeup_workdays=sorted(d for d in cal.makeup_workdays if d.year == year),
    )
