"""Constituting a committee for a term (its end watched), adding key persons as members, renewing the term."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Conflict, Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.liaison import CommitteeFormed, CommitteeKind, CommitteeTermRenewed
from qiaolian_contracts.ids import new_id

from ..associations.tables import Person
from ..database import deadlines
from .rules import COMMITTEE_TERM, CommitteeRole, check_joined, check_renewal, check_term
from .tables import Committee, CommitteeMember


@dataclass(frozen=True)
class FormCommittee:
    kind: CommitteeKind
    name: str
    session_no: int
    term_starts_on: date
    term_ends_on: date


@dataclass(frozen=True)
class AddMember:
    committee_id: str
    person_id: str
    role: CommitteeRole
    joined_on: date


@dataclass(frozen=True)
class RenewTerm:
    committee_id: str
    term_starts_on: date
    term_ends_on: date


async def form(uow: UnitOfWork, cmd: FormCommittee) -> Committee:
    check_term(cmd.term_starts_on, cmd.term_ends_on)
    if await uow.session.scalar(sa.select(Committee.id).where(Committee.name == cmd.name)):
        raise Conflict(f"a committee named {cmd.name} exists")
    if await uow.session.scalar(
        sa.select(Committee.id).where(Committee.kind == cmd.kind.value, Committee.session_no == cmd.session_no)
    ):
        raise Conflict(f"session {cmd.session_no} of the {cmd.kind} is already constituted")
    c = Committee(
        id=new_id(),
        kind=cmd.kind.value,
        name=cmd.name,
        session_no=cmd.session_no,
        term_starts_on=cmd.term_starts_on,
        term_ends_on=cmd.term_ends_on,
        created_at=uow.now,
    )
    uow.session.add(c)
    await uow.session.flush()
    await deadlines.set(uow, COMMITTEE_TERM, c.id, c.term_ends_on)
    uow.emit(
        c.id,
        CommitteeFormed(
            committee_id=c.id,
            kind=cmd.kind,
            session_no=c.session_no,
            term_starts_on=c.term_starts_on,
            term_ends_on=c.term_ends_on,
        ),
    )
    await uow.session.flush()
    await deadlines.run_once(uow, uow.today)  # a term ending inside the warning period: warned now
    return c


async def add_member(uow: UnitOfWork, cmd: AddMember) -> CommitteeMember:
    c = await get_or_404(uow.session, Committee, "committee", cmd.committee_id)
    if c.term_ends_on < uow.today:
        raise Conflict(f"committee {c.id}'s term ended on {c.term_ends_on}", term_ends_on=str(c.term_ends_on))
    p = await uow.session.get(Person, cmd.person_id)
    if p is None or p.merged_into is not None:
        raise Invalid("person_id", "no such key person (or merged into another)")
    check_joined(cmd.joined_on, c.term_starts_on, c.term_ends_on)
    if await uow.session.scalar(
        sa.select(CommitteeMember.id).where(CommitteeMember.committee_id == c.id, CommitteeMember.person_id == p.id)
    ):
        raise Conflict(f"person {p.id} is already a member of committee {c.id}")
    m = CommitteeMember(
        id=new_id(),
        committee_id=c.id,
        person_id=p.id,
        role=cmd.role.value,
        joined_on=cmd.joined_on,
        created_at=uow.now,
    )
    uow.session.add(m)
    await uow.session.flush()
    return m


async def renew(uow: UnitOfWork, cmd: RenewTerm) -> Committee:
    """A new term: the expiring one is met, the new end is watched."""
    c = await get_or_404(uow.session, Committee, "committee", cmd.committee_id, for_update=True)
    check_renewal(c.term_ends_on, cmd.term_starts_on, cmd.term_ends_on)
    previous = c.term_ends_on
    await deadlines.meet(uow, COMMITTEE_TERM, c.id, uow.today)
    c.term_starts_on, c.term_ends_on = cmd.term_starts_on, cmd.term_ends_on
    await uow.session.flush()
    await deadlines.set(uow, COMMITTEE_TERM, c.id, c.term_ends_on)
    uow.emit(
        c.id,
        CommitteeTermRenewed(
            committee_id=c.id,
            previous_term_ends_on=previous,
            term_starts_on=c.term_starts_on,
            term_ends_on=c.term_ends_on,
        ),
    )
    await uow.session.flush()
    await deadlines.run_once(uow, uow.today)
    return c
