"""Composition root of office: each concept's router and handler maps, the tables and the deadlines."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from qiaolian_chassis.auth import permit
from qiaolian_chassis.service import ServiceDefinition

from .archives import routes as archives
from .assets import events as asset_events
from .assets import routes as assets
from .confidential_mail import routes as confidential_mail
from .database import chassis, deadlines, directory, metadata
from .documents import routes as documents
from .duty_rosters import routes as duty_rosters
from .expense_claims import routes as expense_claims
from .major_events import routes as major_events
from .outbound_trips import routes as outbound_trips
from .proposals import routes as proposals
from .reception import routes as reception
from .registry import events as registry_events
from .registry import routes as registry
from .research import routes as research
from .safety import routes as safety
from .situation_reports import routes as situation_reports
from .supervision import calendar as supervision_calendar
from .supervision import events as supervision_events
from .supervision import routes as supervision
from .supervision import watches as supervision_watches
from .tasks import routes as tasks
from .vehicles import events as vehicle_events
from .vehicles import routes as vehicles


def staff_directory() -> APIRouter:
    """The staff directory (names and posts of officials): everyone who works on records reads it."""
    router = APIRouter(dependencies=[permit("staff.read")])
    router.include_router(directory.router("/directory", "Staff directory of the federation (from personnel)"))
    return router


def definition() -> ServiceDefinition:
    return ServiceDefinition(
        name="office",
        title="office (辦公室)",
        description="Supervision of tasks and deadlines, official documents and archives, situation reports, "
        "reception, vehicles, duty rosters, outbound trips, the resource registry.",
        metadata=metadata,
        tables=chassis,
        deadlines=deadlines,
        sweeps=[supervision_calendar.calendar_year_due],
        package_dir=Path(__file__).parent,
        routers=[
            supervision.router,
            vehicles.router,
            reception.router,
            tasks.router,
            documents.router,
            archives.router,
            situation_reports.router,
            outbound_trips.router,
            duty_rosters.router,
            registry.router,
            safety.router,
            confidential_mail.router,
            proposals.router,
            research.router,
            expense_claims.router,
            major_events.router,
            assets.router,
            staff_directory(),
        ],
        handlers={
            "office--supervision": supervision_events.PETITION_HANDLERS,
            "office--logistics": vehicle_events.LOGISTICS_HANDLERS,
            "office--directory": directory.handlers(),
            "office--registry-liaison": registry_events.HANDLERS,
            "office--registry-rights": registry_events.RIGHTS_HANDLERS,
            "office--board-personnel": {
                **supervision_events.ELECTION_HANDLERS,
                **supervision_watches.PERSONNEL_HANDLERS,
            },
            "office--board-rights": supervision_watches.RIGHTS_HANDLERS,
            "office--board-liaison": {
                **supervision_watches.LIAISON_HANDLERS,
                **supervision_events.LIAISON_HANDLERS,
            },
            "office--assets-personnel": asset_events.HANDLERS,
        },
    )
