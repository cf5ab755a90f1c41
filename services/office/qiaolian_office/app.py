"""Composition root of office."""

from __future__ import annotations

from pathlib import Path

from qiaolian_chassis.service import ServiceDefinition

from . import (api, archives, board_personnel, bookings, documents, duty_rosters, registry, situation_reports,
               tasks, trips)
from .application import LOGISTICS_HANDLERS, SUPERVISION_HANDLERS
from .persistence import chassis, deadlines, directory, metadata


def definition() -> ServiceDefinition:
    return ServiceDefinition(
        name="office",
        title="office (辦公室)",
        description="Supervision of tasks and deadlines, official documents and archives, situation reports, "
                    "reception, vehicles, duty rosters, outbound trips, the resource registry.",
        metadata=metadata,
        tables=chassis,
        deadlines=deadlines,
        package_dir=Path(__file__).parent,
        routers=[api.router, tasks.router, documents.router, archives.router, situation_reports.router,
                 bookings.router, trips.router, duty_rosters.router, registry.router,
                 directory.router("/directory", "Staff directory of the federation (from personnel)")],
        handlers={
            "office--supervision": SUPERVISION_HANDLERS,
            "office--logistics": LOGISTICS_HANDLERS,
            "office--directory": directory.handlers(),
            "office--registry-liaison": registry.HANDLERS,
            "office--board-personnel": board_personnel.BOARD_PERSONNEL_HANDLERS,
        },
    )
