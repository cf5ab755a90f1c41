"""Composition root of personnel."""

from __future__ import annotations

from pathlib import Path

from qiaolian_chassis.service import ServiceDefinition

from . import api, commendations, discipline, federations, identity, records, representatives, training
from .database import chassis, deadlines, metadata


def definition() -> ServiceDefinition:
    return ServiceDefinition(
        name="personnel",
        title="personnel (機關黨委/人事處)",
        description="Cadres and appointments, establishment, identity review and filing, grassroots "
                    "federations and elections, training, commendations.",
        metadata=metadata,
        tables=chassis,
        package_dir=Path(__file__).parent,
        routers=[api.router, federations.router, identity.router, commendations.router, training.router,
                 representatives.router, records.router, discipline.router],
        deadlines=deadlines,
    )
