"""Founding a branch, admitting members, electing the committee for a term (its end watched: the next
election is due the notice period before it), recording a meeting with its attendance, and moving members
in the same transaction as the cadre's own transfer or retirement (cadres.commands calls `follow_*`; a
service never consumes its own stream), each move published as `party_member.transferred`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Conflict, Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.personnel import (
    PartyBranchCommitteeElected,
    PartyMeetingHeld,
    PartyMemberTransferred,
)
from qiaolian_contracts.ids import new_id

from ..cadres.rules import CadreState
from ..cadres.tables import Cadre
from ..database import deadlines
from .rules import (
    PARTY_TERM,
    BranchKind,
    MeetingKind,
    MemberRole,
    TransferReason,
    check_attendees,
    check_branch,
    check_held,
    check_not_member,
    check_term,
)
from .tables import PartyBranch, PartyBranchTerm, PartyMeeting, PartyMeetingAttendance, PartyMember, PartyTransfer


@dataclass(frozen=True)
class FoundBranch:
    name: str
    kind: BranchKind
    office: Office | None = None


@dataclass(frozen=True)
class AdmitMember:
    branch_id: str
    cadre_id: str
    role: MemberRole
    joined_on: date


@dataclass(frozen=True)
class ElectCommittee:
    branch_id: str
    elected_on: date
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class RecordMeeting:
    branch_id: str
    kind: MeetingKind
    held_on: date
    topic: str
    attendees: tuple[str, ...]


@dataclass(frozen=True)
class PlaceMember:
    cadre_id: str
    branch_id: str
    on: date


async def found(uow: UnitOfWork, cmd: FoundBranch) -> PartyBranch:
    check_branch(cmd.kind, cmd.office)
    if await uow.session.scalar(sa.select(PartyBranch.id).where(PartyBranch.name == cmd.name)):
        raise Conflict(f"a branch named {cmd.name} exists")
    if cmd.office is not None and await uow.session.scalar(
        sa.select(PartyBranch.id).where(PartyBranch.office == cmd.office.value)
    ):
        raise Conflict(f"office {cmd.office} already has its branch")
    if cmd.kind is BranchKind.retirees and await uow.session.scalar(
        sa.select(PartyBranch.id).where(PartyBranch.kind == BranchKind.retirees.value)
    ):
        raise Conflict("the retirees' branch exists")
    b = PartyBranch(
        id=new_id(),
        name=cmd.name,
        kind=cmd.kind.value,
        office=cmd.office.value if cmd.office else None,
        created_at=uow.now,
    )
    uow.session.add(b)
    await uow.session.flush()
    return b


async def _membership(uow: UnitOfWork, cadre_id: str) -> PartyMember | None:
    return await uow.session.scalar(sa.select(PartyMember).where(PartyMember.cadre_id == cadre_id).with_for_update())


async def admit(uow: UnitOfWork, cmd: AdmitMember) -> PartyMember:
    """A cadre of the directory joins a branch: one serving in the branch's office, or retired for the
    retirees' branch (422 otherwise); a member of another branch moves by transfer (409)."""
    b = await get_or_404(uow.session, PartyBranch, "party_branch", cmd.branch_id)
    c = await uow.session.get(Cadre, cmd.cadre_id)
    if c is None:
        raise Invalid("cadre_id", "no such cadre")
    if b.kind == BranchKind.retirees.value and c.state != CadreState.retired.value:
        raise Invalid("cadre_id", "the retirees' branch is for retired cadres")
    if b.kind == BranchKind.organ.value and (c.state != CadreState.in_post.value or c.office != b.office):
        raise Invalid("cadre_id", f"the cadre does not serve in office {b.office}")
    current = await _membership(uow, c.id)
    check_not_member(c.id, current.branch_id if current else None)
    m = PartyMember(
        id=new_id(), branch_id=b.id, cadre_id=c.id, role=cmd.role.value, joined_on=cmd.joined_on, created_at=uow.now
    )
    uow.session.add(m)
    await uow.session.flush()
    return m


async def elect_committee(uow: UnitOfWork, cmd: ElectCommittee) -> PartyBranchTerm:
    """The branch elected its committee for a term; the due election of the term before is met, the new
    term's end is watched."""
    b = await get_or_404(uow.session, PartyBranch, "party_branch", cmd.branch_id, for_update=True)
    check_term(cmd.elected_on, cmd.starts_on, cmd.ends_on, b.term_ends_on)
    if cmd.elected_on > uow.today:
        raise Invalid("elected_on", "must not be in the future")
    t = PartyBranchTerm(
        id=new_id(),
        branch_id=b.id,
        elected_on=cmd.elected_on,
        starts_on=cmd.starts_on,
        ends_on=cmd.ends_on,
        created_at=uow.now,
    )
    uow.session.add(t)
    previous = b.term_ends_on
    if previous is not None:
        await deadlines.meet(uow, PARTY_TERM, b.id, uow.today)
    b.term_ends_on = cmd.ends_on
    await uow.session.flush()
    await deadlines.set(uow, PARTY_TERM, b.id, cmd.ends_on)
    uow.emit(
        b.id,
        PartyBranchCommitteeElected(
            branch_id=b.id,
            term_id=t.id,
            previous_term_ends_on=previous,
            elected_on=cmd.elected_on,
            term_starts_on=cmd.starts_on,
            term_ends_on=cmd.ends_on,
        ),
    )
    await uow.session.flush()
    await deadlines.run_once(uow, uow.today)  # a short term already inside its notice period: announce now
    return t


async def record_meeting(uow: UnitOfWork, cmd: RecordMeeting) -> PartyMeeting:
    b = await get_or_404(uow.session, PartyBranch, "party_branch", cmd.branch_id)
    check_held(cmd.held_on, uow.today)
    members = set(
        (await uow.session.scalars(sa.select(PartyMember.cadre_id).where(PartyMember.branch_id == b.id))).all()
    )
    check_attendees(list(cmd.attendees), members)
    m = PartyMeeting(
        id=new_id(),
        branch_id=b.id,
        kind=cmd.kind.value,
        held_on=cmd.held_on,
        topic=cmd.topic,
        members=len(members),
        created_at=uow.now,
    )
    uow.session.add(m)
    await uow.session.flush()
    uow.session.add_all(PartyMeetingAttendance(id=new_id(), meeting_id=m.id, cadre_id=a) for a in cmd.attendees)
    uow.emit(
        b.id,
        PartyMeetingHeld(
            branch_id=b.id,
            meeting_id=m.id,
            kind=m.kind,
            held_on=m.held_on,
            present=len(cmd.attendees),
            members=len(members),
        ),
    )
    await uow.session.flush()
    return m


async def _move(
    uow: UnitOfWork, member: PartyMember, to: PartyBranch | None, reason: TransferReason, on: date
) -> PartyTransfer | None:
    if to is not None and member.branch_id == to.id:
        return None
    t = PartyTransfer(
        id=new_id(),
        cadre_id=member.cadre_id,
        from_branch_id=member.branch_id,
        to_branch_id=to.id if to else None,
        reason=reason.value,
        on=on,
        created_at=uow.now,
    )
    uow.session.add(t)
    if to is None:
        await uow.session.delete(member)  # awaits placement: member of no branch
    else:
        member.branch_id = to.id
        member.role = MemberRole.member.value  # a committee role stays with the branch left
        member.joined_on = on
    uow.emit(
        member.cadre_id,
        PartyMemberTransferred(
            cadre_id=member.cadre_id,
            from_branch_id=t.from_branch_id,
            to_branch_id=t.to_branch_id,
            reason=reason.value,
            transferred_on=on,
        ),
    )
    await uow.session.flush()
    return t


async def follow_transfer(uow: UnitOfWork, cadre_id: str, office: Office, on: date) -> PartyTransfer | None:
    """The cadre moved to `office`: a member goes to that office's branch, or awaits placement without one."""
    member = await _membership(uow, cadre_id)
    if member is None:
        return None
    to = await uow.session.scalar(sa.select(PartyBranch).where(PartyBranch.office == office.value))
    return await _move(uow, member, to, TransferReason.transferred, on)


async def follow_retirement(uow: UnitOfWork, cadre_id: str, on: date) -> PartyTransfer | None:
    """The cadre retired: a member goes to the retirees' branch (or awaits placement while there is none)."""
    member = await _membership(uow, cadre_id)
    if member is None:
        return None
    to = await uow.session.scalar(sa.select(PartyBranch).where(PartyBranch.kind == BranchKind.retirees.value))
    return await _move(uow, member, to, TransferReason.retired, on)


async def place(uow: UnitOfWork, cmd: PlaceMember) -> PartyTransfer:
    """A cadre left without a branch by a transfer is placed in one (409 for a cadre still in a branch)."""
    b = await get_or_404(uow.session, PartyBranch, "party_branch", cmd.branch_id)
    last = await uow.session.scalar(
        sa.select(PartyTransfer)
        .where(PartyTransfer.cadre_id == cmd.cadre_id)
        .order_by(PartyTransfer.created_at.desc(), PartyTransfer.id.desc())
        .limit(1)
    )
    if last is None or last.to_branch_id is not None:
        raise Conflict(f"cadre {cmd.cadre_id} is not awaiting placement")
    m = await admit(uow, AdmitMember(b.id, cmd.cadre_id, MemberRole.member, cmd.on))
    t = PartyTransfer(
        id=new_id(),
        cadre_id=m.cadre_id,
        from_branch_id=last.from_branch_id,
        to_branch_id=b.id,
        reason=TransferReason.placed.value,
        on=cmd.on,
        created_at=uow.now,
    )
    uow.session.add(t)
    uow.emit(
        m.cadre_id,
        PartyMemberTransferred(
            cadre_id=m.cadre_id,
            from_branch_id=last.from_branch_id,
            to_branch_id=b.id,
            reason=TransferReason.placed.value,
            transferred_on=cmd.on,
        ),
    )
    await uow.session.flush()
    return t
