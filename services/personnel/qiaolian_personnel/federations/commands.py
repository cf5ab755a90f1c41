"""Registering a federation with its current term, and filing an election's result (the next term).

Each term's end is watched by the scheduler; a term that already ends within the notice period (or
has ended) when it is recorded is announced in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Conflict, Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.personnel import FederationElectionDue, FederationElectionResultFiled, FederationLevel
from qiaolian_contracts.ids import new_id

from ..database import deadlines
from .rules import FEDERATION_TERM, check_election, check_link, check_parent, check_term
from .tables import Election, Federation, FederationLeader, FederationLink


@dataclass(frozen=True)
class Leader:
    name: str
    role: str  # chair, vice_chair, secretary_general, ...


@dataclass(frozen=True)
class RegisterFederation:
    name: str
    level: FederationLevel
    term_starts_on: date
    term_ends_on: date
    region: str | None = None
    term_no: int = 1
    leaders: tuple[Leader, ...] = ()
    parent_id: str | None = None


@dataclass(frozen=True)
class LinkFederations:
    local_federation_id: str
    university_federation_id: str
    alumni_association: str  # 校友會, an association's name


@dataclass(frozen=True)
class FileElection:
    federation_id: str
    held_on: date
    approved_on: date
    approval_document: str  # 批覆文號
    term_starts_on: date
    term_ends_on: date
    leaders: tuple[Leader, ...]


async def _watch_term(uow: UnitOfWork, federation_id: str, ends_on: date) -> None:
    await deadlines.set(uow, FEDERATION_TERM, federation_id, ends_on)
    await uow.session.flush()
    if ends_on < uow.today:  # recorded after the term ended: the scheduler would only mark it overdue, silently
        uow.emit(federation_id, FederationElectionDue(federation_id=federation_id, term_ends_on=ends_on))
    await deadlines.run_once(uow, uow.today)  # a term already in its notice period: announce now


async def _parent(uow: UnitOfWork, parent_id: str | None) -> Federation | None:
    if parent_id is None:
        return None
    parent = await uow.session.get(Federation, parent_id)
    if parent is None:
        raise Invalid("parent_id", "no such federation")
    return parent


async def register(uow: UnitOfWork, cmd: RegisterFederation) -> Federation:
    check_term(cmd.term_starts_on, cmd.term_ends_on)
    parent = await _parent(uow, cmd.parent_id)
    check_parent(cmd.level, None if parent is None else FederationLevel(parent.level))
    if cmd.level is FederationLevel.province and await uow.session.scalar(
        sa.select(Federation.id).where(Federation.level == FederationLevel.province.value)
    ):
        raise Conflict("the provincial federation is already registered")
    if await uow.session.scalar(sa.select(Federation.id).where(Federation.name == cmd.name)):
        raise Conflict(f"a federation named {cmd.name} is already registered")
    f = Federation(
        id=new_id(),
        name=cmd.name,
        level=cmd.level.value,
        parent_id=cmd.parent_id,
        region=cmd.region,
        term_no=cmd.term_no,
        term_starts_on=cmd.term_starts_on,
        term_ends_on=cmd.term_ends_on,
        created_at=uow.now,
    )
    uow.session.add(f)
    uow.session.add_all(
        [
            FederationLeader(id=new_id(), federation_id=f.id, term_no=f.term_no, name=x.name, role=x.role)
            for x in cmd.leaders
        ]
    )
    await uow.session.flush()
    await _watch_term(uow, f.id, f.term_ends_on)
    return f


async def file_election(uow: UnitOfWork, cmd: FileElection) -> Election:
    f = await get_or_404(uow.session, Federation, "federation", cmd.federation_id, for_update=True)
    check_election(
        f.term_starts_on,
        held_on=cmd.held_on,
        approved_on=cmd.approved_on,
        term_starts_on=cmd.term_starts_on,
        term_ends_on=cmd.term_ends_on,
    )
    e = Election(
        id=new_id(),
        federation_id=f.id,
        held_on=cmd.held_on,
        approved_on=cmd.approved_on,
        approval_document=cmd.approval_document,
        previous_term_ends_on=f.term_ends_on,
        term_no=f.term_no + 1,
        term_starts_on=cmd.term_starts_on,
        term_ends_on=cmd.term_ends_on,
        created_at=uow.now,
    )
    f.term_no, f.term_starts_on, f.term_ends_on = e.term_no, e.term_starts_on, e.term_ends_on
    uow.session.add(e)
    uow.session.add_all(
        [
            FederationLeader(id=new_id(), federation_id=f.id, term_no=e.term_no, name=x.name, role=x.role)
            for x in cmd.leaders
        ]
    )
    uow.emit(
        f.id,
        FederationElectionResultFiled(
            federation_id=f.id,
            election_id=e.id,
            previous_term_ends_on=e.previous_term_ends_on,
            new_term_starts_on=e.term_starts_on,
            new_term_ends_on=e.term_ends_on,
        ),
    )
    await uow.session.flush()
    await _watch_term(uow, f.id, f.term_ends_on)
    return e


async def link(uow: UnitOfWork, cmd: LinkFederations) -> FederationLink:
    """Record a 「地方僑聯+大學僑聯+校友會」 link; a second link of the same two federations is a 409."""
    local = await uow.session.get(Federation, cmd.local_federation_id)
    if local is None:
        raise Invalid("local_federation_id", "no such federation")
    university = await uow.session.get(Federation, cmd.university_federation_id)
    if university is None:
        raise Invalid("university_federation_id", "no such federation")
    check_link(FederationLevel(local.level), FederationLevel(university.level))
    if await uow.session.scalar(
        sa.select(FederationLink.id).where(
            FederationLink.local_federation_id == local.id, FederationLink.university_federation_id == university.id
        )
    ):
        raise Conflict("these two federations are already linked")
    x = FederationLink(
        id=new_id(),
        local_federation_id=local.id,
        university_federation_id=university.id,
        alumni_association=cmd.alumni_association,
        created_at=uow.now,
    )
    uow.session.add(x)
    await uow.session.flush()
    return x
