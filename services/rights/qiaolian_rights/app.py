"""Composition root of rights."""

from __future__ import annotations

from pathlib import Path

from qiaolian_chassis.service import ServiceDefinition

from . import application, api, assistance, awards, consultations, counsel, disputes, projects, publicity, startup
from .persistence import chassis, deadlines, metadata, staff


def definition() -> ServiceDefinition:
    return ServiceDefinition(
        name="rights",
        title="rights (經濟工作處/權益保障處)",
        description="Petitions under the statutory rules, consultations, mediation, legal counsel, "
                    "hardship assistance, and the economic work of the federation.",
        metadata=metadata,
        tables=chassis,
        package_dir=Path(__file__).parent,
        routers=[api.router, consultations.router, disputes.router, counsel.router, assistance.router,
                 publicity.router, projects.router, awards.router, startup.router,
                 staff.router("/staff", "rights' staff (from personnel's events)")],
        handlers={"rights--staff": application.staff_handlers()},
        deadlines=deadlines,
    )
