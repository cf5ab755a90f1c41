"""Composition root of liaison."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from qiaolian_chassis.auth import permit
from qiaolian_chassis.service import ServiceDefinition

from .articles import routes as articles
from .associations import routes as associations
from .committees import routes as committees
from .database import chassis, deadlines, metadata, staff
from .delegation_visits import events as visit_events
from .delegation_visits import routes as delegation_visits
from .exchange_bases import routes as exchange_bases
from .media import routes as media
from .programmes import routes as programmes
from .work_plans import routes as work_plans


def _staff_directory() -> APIRouter:
    """The staff directory (names and posts of officials) is for everyone signed in (ACCESS.md)."""
    router = APIRouter(dependencies=[permit("staff.read")])
    router.include_router(staff.router("/staff", "liaison's staff (from personnel's events)"))
    return router


def definition() -> ServiceDefinition:
    return ServiceDefinition(
        name="liaison",
        title="liaison (宣傳聯絡處)",
        description="Overseas associations and key persons, delegation visits, cultural exchange, "
        "news review and publishing.",
        metadata=metadata,
        tables=chassis,
        package_dir=Path(__file__).parent,
        routers=[
            delegation_visits.router,
            associations.router,
            committees.router,
            articles.router,
            programmes.router,
            exchange_bases.router,
            media.router,
            work_plans.router,
            _staff_directory(),
        ],
        handlers={"liaison--logistics": visit_events.LOGISTICS, "liaison--staff": staff.handlers()},
        deadlines=deadlines,  # key persons' terms and exchange bases' reviews
    )
