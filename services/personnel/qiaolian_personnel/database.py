"""What every concept of personnel shares: the SQLAlchemy Base and its metadata, the chassis tables
(outbox, inbox, dead letters) and the Deadlines registry (the end of each federation's term)."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from qiaolian_chassis.deadlines import DeadlineKind, Deadlines
from qiaolian_chassis.tables import ChassisTables, new_metadata
from qiaolian_contracts.catalog import type_of
from qiaolian_contracts.events.personnel import FederationElectionDue

from .federations.rules import FEDERATION_TERM, election_due
from .settings import PersonnelSettings


class Base(DeclarativeBase):
    metadata = new_metadata()


metadata = Base.metadata
chassis = ChassisTables.on(metadata)


def deadline_kinds(settings: PersonnelSettings | None = None) -> list[DeadlineKind]:
    """The end of a federation's term; subject ids are federation ids. Overdue publishes nothing more."""
    settings = settings or PersonnelSettings()
    return [
        DeadlineKind(FEDERATION_TERM, settings.election_notice_days, type_of(FederationElectionDue), None, election_due)
    ]


deadlines = Deadlines(metadata, deadline_kinds())
