"""Composition root of personnel: each concept's router, and the deadlines."""

from __future__ import annotations

from pathlib import Path

from qiaolian_chassis.service import ServiceDefinition

from .cadres import routes as cadres
from .commendations import routes as commendations
from .congresses import routes as congresses
from .database import chassis, deadlines, metadata
from .discipline import routes as discipline
from .establishment import routes as establishment
from .federations import routes as federations
from .identity_reviews import routes as identity_reviews
from .party import routes as party
from .records import routes as records
from .representatives import routes as representatives
from .retirees import routes as retirees
from .training import routes as training


def definition() -> ServiceDefinition:
    return ServiceDefinition(
        name="personnel",
        title="personnel (機關黨委/人事處)",
        description="Cadres and appointments, establishment, identity review and filing, grassroots "
        "federations and elections, training, commendations, party work (黨建) and retired cadres.",
        metadata=metadata,
        tables=chassis,
        package_dir=Path(__file__).parent,
        routers=[
            cadres.router,
            establishment.router,
            federations.router,
            identity_reviews.router,
            commendations.router,
            training.router,
            representatives.router,
            congresses.router,
            records.router,
            party.router,
            retirees.router,
            discipline.router,
        ],
        deadlines=deadlines,
    )
