"""Party branches, members, committee terms, meetings with attendance, and members' transfers."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.tables import UtcDateTime

from ..database import Base


class PartyBranch(Base):
    """A party branch (黨支部) of an office's cadres, or the retirees' branch (離退休幹部黨支部)."""

    __tablename__ = "party_branches"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(20), index=True)  # organ, retirees
    office: Mapped[str | None] = mapped_column(sa.String(20), unique=True)  # an organ branch's office
    term_ends_on: Mapped[date | None] = mapped_column(sa.Date)  # the current committee's
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PartyMember(Base):
    """A cadre of the directory in a branch: a cadre is in one branch at a time."""

    __tablename__ = "party_members"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    branch_id: Mapped[str] = mapped_column(sa.ForeignKey("party_branches.id"), index=True)
    cadre_id: Mapped[str] = mapped_column(sa.ForeignKey("cadres.id"), unique=True)
    role: Mapped[str] = mapped_column(sa.String(30))  # secretary, deputy_secretary, committee_member, member
    joined_on: Mapped[date] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PartyBranchTerm(Base):
    """A term of a branch's committee (支部委員會), elected on a day; its end is watched."""

    __tablename__ = "party_branch_terms"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    branch_id: Mapped[str] = mapped_column(sa.ForeignKey("party_branches.id"), index=True)
    elected_on: Mapped[date] = mapped_column(sa.Date)
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PartyMeeting(Base):
    """A meeting of the 三會一課: branch assembly, committee meeting, group meeting, or party lecture."""

    __tablename__ = "party_meetings"
    __table_args__ = (sa.Index("ix_party_meetings_branch_held", "branch_id", "held_on", "id"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    branch_id: Mapped[str] = mapped_column(sa.ForeignKey("party_branches.id"))
    kind: Mapped[str] = mapped_column(sa.String(30))
    held_on: Mapped[date] = mapped_column(sa.Date)
    topic: Mapped[str] = mapped_column(sa.String(200))
    members: Mapped[int] = mapped_column(sa.Integer)  # the branch's members on the day
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PartyMeetingAttendance(Base):
    __tablename__ = "party_meeting_attendance"
    __table_args__ = (sa.UniqueConstraint("meeting_id", "cadre_id"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    meeting_id: Mapped[str] = mapped_column(sa.ForeignKey("party_meetings.id"), index=True)
    cadre_id: Mapped[str] = mapped_column(sa.ForeignKey("cadres.id"))


class PartyTransfer(Base):
    """A member's move between branches (組織關係轉接), after the cadre's transfer or retirement; `to_branch_id`
    null: the new office has no branch yet, the member awaits placement."""

    __tablename__ = "party_transfers"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    cadre_id: Mapped[str] = mapped_column(sa.ForeignKey("cadres.id"), index=True)
    from_branch_id: Mapped[str] = mapped_column(sa.ForeignKey("party_branches.id"))
    to_branch_id: Mapped[str | None] = mapped_column(sa.ForeignKey("party_branches.id"))
    reason: Mapped[str] = mapped_column(sa.String(20))  # transferred, retired, placed
    on: Mapped[date] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
