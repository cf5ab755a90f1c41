"""What every concept of office shares: the SQLAlchemy Base and metadata, the chassis tables, the staff
directory (a projection of personnel's cadre events), and the deadlines office's scheduler watches."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from qiaolian_chassis.deadlines import DeadlineKind, Deadlines
from qiaolian_chassis.staff import StaffProjection
from qiaolian_chassis.tables import ChassisTables, new_metadata
from qiaolian_contracts.catalog import type_of
from qiaolian_contracts.events.office import (
    ArchiveLoanOverdue,
    ConfidentialMailOverdue,
    PassportOverdue,
    SafetyEquipmentCheckOverdue,
    TaskOverdue,
)


class Base(DeclarativeBase):
    metadata = new_metadata()


metadata = Base.metadata
chassis = ChassisTables.on(metadata)
directory = StaffProjection(metadata, office=None)  # the staff directory keeps every office's cadres

# the kinds of deadline office owns (names stored in the deadlines table)
TASK_DUE = "supervision_task"
LOAN_DUE = "archive_loan"
PASSPORT_DUE = "passport_return"
EQUIPMENT_DUE = "safety_equipment_check"
MAIL_DUE = "confidential_mail"
# each falls overdue the day after its due date, once; the board already shows what is near
deadlines = Deadlines(
    metadata,
    [
        DeadlineKind(
            TASK_DUE,
            0,
            None,
            type_of(TaskOverdue),
            lambda task_id, due_on, _which: TaskOverdue(task_id=task_id, due_on=due_on),
        ),
        DeadlineKind(
            LOAN_DUE,
            0,
            None,
            type_of(ArchiveLoanOverdue),
            lambda loan_id, due_on, _which: ArchiveLoanOverdue(loan_id=loan_id, due_on=due_on),
        ),
        DeadlineKind(
            PASSPORT_DUE,
            0,
            None,
            type_of(PassportOverdue),
            lambda trip_id, due_on, _which: PassportOverdue(trip_id=trip_id, due_on=due_on),
        ),
        DeadlineKind(
            EQUIPMENT_DUE,
            0,
            None,
            type_of(SafetyEquipmentCheckOverdue),
            lambda equipment_id, due_on, _which: SafetyEquipmentCheckOverdue(equipment_id=equipment_id, due_on=due_on),
        ),
        DeadlineKind(
            MAIL_DUE,
            0,
            None,
            type_of(ConfidentialMailOverdue),
            lambda mail_id, due_on, _which: ConfidentialMailOverdue(mail_id=mail_id, due_on=due_on),
        ),
    ],
)
