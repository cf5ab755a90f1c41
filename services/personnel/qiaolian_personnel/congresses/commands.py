"""Scheduling a congress, setting quotas, nominating delegates, and recording the elected committee.

The congress's date is watched: `congress.convening_due` is published the notice period before it (at
once when scheduled inside it); the committee's election meets the deadline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Conflict, Invalid, InvalidTransition
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.personnel import CongressCommitteeElected, FederationLevel
from qiaolian_contracts.ids import new_id

from ..database import deadlines
from ..federations.tables import Federation
from ..identity_reviews.tables import IdentityReview
from .rules import CONGRESS_DATE, CongressState, check_quota_level, check_within_quota
from .tables import CommitteeMember, Congress, CongressDelegate, CongressQuota


@dataclass(frozen=True)
class ScheduleCongress:
    name: str
    session_no: int
    held_on: date


@dataclass(frozen=True)
class SetQuota:
    congress_id: str
    federation_id: str
    seats: int


@dataclass(frozen=True)
class NominateDelegate:
    congress_id: str
    federation_id: str
    name: str
    identity_review_id: str | None = None


@dataclass(frozen=True)
class Member:
    delegate_id: str
    role: str  # chair, vice_chair, member, ...


@dataclass(frozen=True)
class ElectCommittee:
    congress_id: str
    members: tuple[Member, ...]


async def _planned(uow: UnitOfWork, congress_id: str, command: str) -> Congress:
    c = await get_or_404(uow.session, Congress, "congress", congress_id, for_update=True)
    if c.state != CongressState.planned:
        raise InvalidTransition("congress", c.state, command, [])
    return c


async def nominated_count(uow: UnitOfWork, congress_id: str, federation_id: str) -> int:
    n = await uow.session.scalar(
        sa.select(sa.func.count()).where(
            CongressDelegate.congress_id == congress_id, CongressDelegate.federation_id == federation_id
        )
    )
    return int(n or 0)


async def schedule(uow: UnitOfWork, cmd: ScheduleCongress) -> Congress:
    if cmd.held_on < uow.today:
        raise Invalid("held_on", "must not be in the past")
    if await uow.session.scalar(sa.select(Congress.id).where(Congress.name == cmd.name)):
        raise Conflict(f"a congress named {cmd.name} is already scheduled")
    c = Congress(
        id=new_id(),
        name=cmd.name,
        session_no=cmd.session_no,
        held_on=cmd.held_on,
        state=CongressState.planned.value,
        created_at=uow.now,
    )
    uow.session.add(c)
    await uow.session.flush()
    await deadlines.set(uow, CONGRESS_DATE, c.id, c.held_on)
    await uow.session.flush()
    await deadlines.run_once(uow, uow.today)  # already inside its notice period: announce now
    return c


async def set_quota(uow: UnitOfWork, cmd: SetQuota) -> CongressQuota:
    """Set (or change) a federation's quota; it cannot go below the delegates already nominated (409)."""
    await _planned(uow, cmd.congress_id, "set_quota")
    f = await uow.session.get(Federation, cmd.federation_id)
    if f is None:
        raise Invalid("federation_id", "no such federation")
    check_quota_level(FederationLevel(f.level))
    nominated = await nominated_count(uow, cmd.congress_id, f.id)
    if cmd.seats < nominated:
        raise Conflict(
            f"{nominated} delegates are already nominated, more than {cmd.seats}", quota=cmd.seats, nominated=nominated
        )
    q = await uow.session.scalar(
        sa.select(CongressQuota).where(
            CongressQuota.congress_id == cmd.congress_id, CongressQuota.federation_id == f.id
        )
    )
    if q is None:
        q = CongressQuota(id=new_id(), congress_id=cmd.congress_id, federation_id=f.id, seats=cmd.seats)
        uow.session.add(q)
    else:
        q.seats = cmd.seats
    await uow.session.flush()
    return q


async def nominate(uow: UnitOfWork, cmd: NominateDelegate) -> CongressDelegate:
    """A delegate of a federation, within its quota (409 with `quota` and `nominated` beyond it)."""
    await _planned(uow, cmd.congress_id, "nominate")
    q = await uow.session.scalar(
        sa.select(CongressQuota)
        .where(CongressQuota.congress_id == cmd.congress_id, CongressQuota.federation_id == cmd.federation_id)
        .with_for_update()
    )
    if q is None:
        raise Invalid("federation_id", "the federation has no quota at this congress")
    check_within_quota(q.seats, await nominated_count(uow, cmd.congress_id, cmd.federation_id))
    if cmd.identity_review_id is not None:
        review = await uow.session.get(IdentityReview, cmd.identity_review_id)
        if review is None or review.federation_id != cmd.federation_id:
            raise Invalid("identity_review_id", "no identity review of this federation")
    d = CongressDelegate(
        id=new_id(),
        congress_id=cmd.congress_id,
        federation_id=cmd.federation_id,
        name=cmd.name,
        identity_review_id=cmd.identity_review_id,
        created_at=uow.now,
    )
    uow.session.add(d)
    await uow.session.flush()
    return d


async def elect_committee(uow: UnitOfWork, cmd: ElectCommittee) -> list[CommitteeMember]:
    """The congress was held and elected its committee from its delegates; the date's deadline is met."""
    c = await _planned(uow, cmd.congress_id, "elect_committee")
    ids = [m.delegate_id for m in cmd.members]
    if len(set(ids)) != len(ids):
        raise Invalid("members", "a delegate is listed twice")
    found = set(
        (
            await uow.session.scalars(
                sa.select(CongressDelegate.id).where(CongressDelegate.congress_id == c.id, CongressDelegate.id.in_(ids))
            )
        ).all()
    )
    if missing := [i for i in ids if i not in found]:
        raise Invalid("members", f"not delegates of this congress: {', '.join(missing)}")
    members = [
        CommitteeMember(id=new_id(), congress_id=c.id, delegate_id=m.delegate_id, role=m.role) for m in cmd.members
    ]
    uow.session.add_all(members)
    c.state = CongressState.held.value
    await deadlines.meet(uow, CONGRESS_DATE, c.id, uow.today)
    uow.emit(c.id, CongressCommitteeElected(congress_id=c.id, held_on=c.held_on, members=len(members)))
    await uow.session.flush()
    return members
