"""office's tables: the supervision board, the fleet and its bookings, receptions, the staff directory."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from qiaolian_chassis.db import get_or_404  # noqa: F401  (the office modules import it from here)
from qiaolian_chassis.deadlines import DeadlineKind, Deadlines
from qiaolian_chassis.staff import StaffProjection
from qiaolian_chassis.tables import ChassisTables, UtcDateTime, new_metadata
from qiaolian_contracts.events.office import ArchiveLoanOverdue, PassportOverdue, TaskOverdue


class Base(DeclarativeBase):
    metadata = new_metadata()


chassis = ChassisTables.on(Base.metadata)
directory = StaffProjection(Base.metadata, office=None)

TASK_DUE = "supervision_task"
TASK_OVERDUE = "qiaolian.office.task.overdue.v1"
LOAN_DUE = "archive_loan"
LOAN_OVERDUE = "qiaolian.office.archive_loan.overdue.v1"
PASSPORT_DUE = "passport_return"
PASSPORT_OVERDUE = "qiaolian.office.passport.overdue.v1"
# each falls overdue the day after its due date, once; the board already shows what is near
deadlines = Deadlines(Base.metadata, [
    DeadlineKind(TASK_DUE, 0, None, TASK_OVERDUE,
                 lambda task_id, due_on, _which: TaskOverdue(task_id=task_id, due_on=due_on)),
    DeadlineKind(LOAN_DUE, 0, None, LOAN_OVERDUE,
                 lambda loan_id, due_on, _which: ArchiveLoanOverdue(loan_id=loan_id, due_on=due_on)),
    DeadlineKind(PASSPORT_DUE, 0, None, PASSPORT_OVERDUE,
                 lambda trip_id, due_on, _which: PassportOverdue(trip_id=trip_id, due_on=due_on)),
])


class SupervisionItem(Base):
    """A deadline office watches: its own tasks later, the other offices' deadlines from their events."""

    __tablename__ = "supervision_items"
    __table_args__ = (sa.UniqueConstraint("kind", "source_id"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    office: Mapped[str] = mapped_column(sa.String(20), index=True)
    source_id: Mapped[str] = mapped_column(sa.String(64))
    title: Mapped[str] = mapped_column(sa.String(200))
    due_on: Mapped[date] = mapped_column(sa.Date, index=True)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Vehicle(Base):
    __tablename__ = "vehicles"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    plate: Mapped[str] = mapped_column(sa.String(20), unique=True)
    seats: Mapped[int] = mapped_column(sa.Integer)
    status: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


# the statuses of a booking that holds its vehicle for its dates
ACTIVE_BOOKING = ("booked", "dispatched")


class VehicleBooking(Base):
    """For a delegation visit (`visit_id`, booked from liaison's events) or by staff (bookings.py)."""

    __tablename__ = "vehicle_bookings"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    vehicle_id: Mapped[str] = mapped_column(sa.ForeignKey("vehicles.id"), index=True)
    visit_id: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # staff bookings only
    purpose: Mapped[str | None] = mapped_column(sa.String(500))
    requested_by: Mapped[str | None] = mapped_column(sa.String(100))
    requesting_office: Mapped[str | None] = mapped_column(sa.String(20))
    odometer_out: Mapped[int | None] = mapped_column(sa.Integer)
    odometer_in: Mapped[int | None] = mapped_column(sa.Integer)
    dispatched_on: Mapped[date | None] = mapped_column(sa.Date)
    returned_on: Mapped[date | None] = mapped_column(sa.Date)


class Reception(Base):
    __tablename__ = "receptions"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    visit_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    association_name: Mapped[str] = mapped_column(sa.String(200))
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


metadata = Base.metadata
