"""Composition root of rights: each concept's router, the consumer's handler map, the deadlines."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from qiaolian_chassis.auth import permit
from qiaolian_chassis.service import ServiceDefinition

from .affiliates.routes import router as affiliates
from .assistance.routes import router as assistance
from .awards.routes import router as awards
from .consultations.routes import router as consultations
from .contacts.routes import router as contacts
from .counsel.routes import router as counsel
from .database import chassis, deadlines, metadata, staff
from .disputes.routes import router as disputes
from .petitions.events import staff_handlers
from .petitions.handling_commands import close_lapsed
from .petitions.routes import router as petitions
from .projects.routes import router as projects
from .publicity.routes import router as publicity
from .startup.routes import router as startup


def _staff() -> APIRouter:
    """The staff directory (names and posts): what everyone signed in may read."""
    router = APIRouter()
    router.include_router(
        staff.router("/staff", "rights' staff (from personnel's events)"), dependencies=[permit("staff.read")]
    )
    return router


def definition() -> ServiceDefinition:
    return ServiceDefinition(
        name="rights",
        title="rights (經濟工作處/權益保障處)",
        description="Petitions under the statutory rules, consultations, mediation, legal counsel, "
        "hardship assistance, and the economic work of the federation.",
        metadata=metadata,
        tables=chassis,
        package_dir=Path(__file__).parent,
        routers=[
            petitions,
            consultations,
            disputes,
            counsel,
            assistance,
            publicity,
            projects,
            awards,
            startup,
            affiliates,
            contacts,
            _staff(),
        ],
        handlers={"rights--staff": staff_handlers()},
        deadlines=deadlines,
        sweeps=[close_lapsed],
    )
