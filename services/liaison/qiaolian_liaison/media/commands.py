"""Commands on media outlets and their coverage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.liaison import CoverageRecorded
from qiaolian_contracts.ids import new_id

from . import rules
from .rules import OutletKind
from .tables import Coverage, MediaOutlet


@dataclass(frozen=True)
class AddOutlet:
    name: str
    kind: OutletKind
    country: str
    contact_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None


@dataclass(frozen=True)
class RecordCoverage:
    outlet_id: str
    title: str
    published_on: date
    url: str | None = None
    subject_id: str | None = None


async def add_outlet(uow: UnitOfWork, cmd: AddOutlet) -> MediaOutlet:
    o = MediaOutlet(
        id=new_id(),
        name=cmd.name,
        kind=cmd.kind.value,
        country=cmd.country,
        contact_name=cmd.contact_name,
        contact_phone=cmd.contact_phone,
        contact_email=cmd.contact_email,
        created_at=uow.now,
    )
    uow.session.add(o)
    return o


async def record_coverage(uow: UnitOfWork, cmd: RecordCoverage) -> Coverage:
    await get_or_404(uow.session, MediaOutlet, "media outlet", cmd.outlet_id)
    rules.check_published(cmd.published_on, uow.today)
    c = Coverage(
        id=new_id(),
        outlet_id=cmd.outlet_id,
        title=cmd.title,
        published_on=cmd.published_on,
        url=cmd.url,
        subject_id=cmd.subject_id,
        created_at=uow.now,
    )
    uow.session.add(c)
    uow.emit(c.id, CoverageRecorded(coverage_id=c.id, outlet_id=cmd.outlet_id, published_on=c.published_on))
    return c
