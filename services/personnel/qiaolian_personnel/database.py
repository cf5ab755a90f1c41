"""What every concept of personnel shares: the SQLAlchemy Base and its metadata, the chassis tables
(outbox, inbox, dead letters) and the Deadlines registry (federations' and party branches' terms,
congresses' dates, retirees' planned visits)."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from qiaolian_chassis.deadlines import DeadlineKind, Deadlines
from qiaolian_chassis.tables import ChassisTables, new_metadata
from qiaolian_contracts.catalog import type_of
from qiaolian_contracts.events.personnel import (
    CongressDue,
    FederationElectionDue,
    PartyBranchElectionDue,
    RetireeVisitDue,
)

from .congresses.rules import CONGRESS_DATE, congress_due
from .federations.rules import FEDERATION_TERM, election_due
from .party.rules import PARTY_TERM
from .party.rules import election_due as party_election_due
from .retirees.rules import RETIREE_VISIT, visit_due
from .settings import PersonnelSettings


class Base(DeclarativeBase):
    metadata = new_metadata()


metadata = Base.metadata
chassis = ChassisTables.on(metadata)


def deadline_kinds(settings: PersonnelSettings | None = None) -> list[DeadlineKind]:
    """The end of a federation's term (subject: the federation), a congress's date (subject: the
    congress), the end of a party branch committee's term (subject: the branch) and a planned visit to a
    retired cadre (subject: the visit). Overdue publishes nothing more: the board flags an open item past its date."""
    settings = settings or PersonnelSettings()
    return [
        DeadlineKind(
            FEDERATION_TERM, settings.election_notice_days, type_of(FederationElectionDue), None, election_due
        ),
        DeadlineKind(CONGRESS_DATE, settings.congress_notice_days, type_of(CongressDue), None, congress_due),
        DeadlineKind(
            PARTY_TERM,
            settings.party_election_notice_days,
            type_of(PartyBranchElectionDue),
            None,
            party_election_due,
        ),
        DeadlineKind(RETIREE_VISIT, settings.retiree_visit_notice_days, type_of(RetireeVisitDue), None, visit_due),
    ]


deadlines = Deadlines(metadata, deadline_kinds())
