"""The petition deadlines the scheduler watches; subject ids are petition ids, kinds are the board's.

The objection window of a transferred-in matter is a right, not a duty: it warns before it closes but
is never published as overdue.

A deadline counted into a year without holiday data is provisional; when the year is added the
scheduler counts it again (chassis deadlines), and `recounted` moves the petition's date and
publishes `petition.deadline_changed` (set, `provisional` false) so the board follows.
"""

from __future__ import annotations

from datetime import date

from qiaolian_chassis.deadlines import DeadlineKind, Which
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.board import BoardItemKind
from qiaolian_contracts.events.rights import PetitionDeadline, PetitionDeadlineKind

from .rules import UNSUPERVISED

APPROACHING = "qiaolian.rights.petition.deadline_approaching.v1"
OVERDUE = "qiaolian.rights.petition.overdue.v1"
# the petition's column of each deadline's date
DUE_COLUMN = {
    PetitionDeadlineKind.first_decision: "first_decision_due",
    PetitionDeadlineKind.handling: "handling_due",
    PetitionDeadlineKind.transfer_acknowledgement: "acknowledge_due",
    PetitionDeadlineKind.transfer_objection: "objection_due",
    PetitionDeadlineKind.feedback: "feedback_due",
    PetitionDeadlineKind.review: "review_due",
    PetitionDeadlineKind.rereview: "rereview_due",
    PetitionDeadlineKind.notice: "notice_due",
}


def deadline_kinds(warn_days: int) -> list[DeadlineKind]:
    """One kind per statutory deadline, warning `warn_days` before it is due."""

    def kind_of(deadline: PetitionDeadlineKind) -> DeadlineKind:
        def payload(petition_id: str, due_on: date, _which: Which) -> PetitionDeadline:
            return PetitionDeadline(petition_id=petition_id, deadline=deadline, due_on=due_on)

        async def recounted(uow: UnitOfWork, petition_id: str, due_on: date, provisional: bool) -> None:
            from .tables import Petition  # noqa: PLC0415 (tables -> database -> this module)
            from .transitions import announce_set  # noqa: PLC0415

            p = await uow.session.get(Petition, petition_id, with_for_update=True)
            if p is not None:
                setattr(p, DUE_COLUMN[deadline], due_on)
            if deadline not in UNSUPERVISED:
                announce_set(uow, petition_id, deadline, due_on, provisional)

        return DeadlineKind(
            BoardItemKind.of_petition(deadline).value,
            warn_days,
            APPROACHING,
            None if deadline is PetitionDeadlineKind.transfer_objection else OVERDUE,
            payload,
            recounted,
        )

    return [kind_of(k) for k in PetitionDeadlineKind]
