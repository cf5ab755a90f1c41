"""What every concept of rights shares: the SQLAlchemy base and metadata, the chassis tables, the
staff projection and the registry of deadlines. Petitioner identity and the matter's text live only
in rights' tables."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

from qiaolian_chassis.deadlines import Deadlines
from qiaolian_chassis.staff import StaffProjection
from qiaolian_chassis.tables import ChassisTables, new_metadata

from .affiliates.deadlines import report_kind
from .counsel.deadlines import term_kind
from .petitions.deadlines import deadline_kinds
from .settings import PetitionPeriods, WatchPeriods
from .startup.deadlines import validity_kind


class Base(DeclarativeBase):
    metadata = new_metadata()


metadata = Base.metadata
chassis = ChassisTables.on(metadata)
staff = StaffProjection(metadata, office="rights")
_watch = WatchPeriods()
deadlines = Deadlines(
    metadata,
    [
        *deadline_kinds(PetitionPeriods().warn_days),
        term_kind(_watch.counsel_term_warn_days),
        validity_kind(_watch.base_warn_days),
        report_kind(),
    ],
)
# the petition statistics count the deadlines' outcomes from this index alone (0018_reads15_tallies)
_d = deadlines.table.c
sa.Index("ix_deadlines_outcome", _d.kind, _d.state, _d.due_on, _d.met_on)
