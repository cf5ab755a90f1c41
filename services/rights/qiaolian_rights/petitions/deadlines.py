"""The petition deadlines the scheduler watches; subject ids are petition ids, kinds are the board's.

The objection window of a transferred-in matter is a right, not a duty: it warns before it closes but
is never published as overdue.
"""

from __future__ import annotations

from datetime import date

from qiaolian_chassis.deadlines import DeadlineKind, Which
from qiaolian_contracts.board import BoardItemKind
from qiaolian_contracts.events.rights import PetitionDeadline, PetitionDeadlineKind

APPROACHING = "qiaolian.rights.petition.deadline_approaching.v1"
OVERDUE = "qiaolian.rights.petition.overdue.v1"


def deadline_kinds(warn_days: int) -> list[DeadlineKind]:
    """One kind per statutory deadline, warning `warn_days` before it is due."""

    def kind_of(deadline: PetitionDeadlineKind) -> DeadlineKind:
        def payload(petition_id: str, due_on: date, _which: Which) -> PetitionDeadline:
            return PetitionDeadline(petition_id=petition_id, deadline=deadline, due_on=due_on)

        return DeadlineKind(
            BoardItemKind.of_petition(deadline).value,
            warn_days,
            APPROACHING,
            None if deadline is PetitionDeadlineKind.transfer_objection else OVERDUE,
            payload,
        )

    return [kind_of(k) for k in PetitionDeadlineKind]
