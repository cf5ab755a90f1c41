"""The end of a counsel's (or committee member's) term, a deadline the scheduler watches; subject ids are
counsel ids.

The scheduler warns `counsel.term_expiring` RIGHTS_COUNSEL_TERM_WARN_DAYS before the last day, and
publishes its "overdue" (the day after the term's last day) as `counsel.term_ended`.
"""

from __future__ import annotations

from datetime import date

from qiaolian_chassis.deadlines import DeadlineKind, Which
from qiaolian_contracts.envelope import Payload
from qiaolian_contracts.events.rights import CounselTermEnded, CounselTermExpiring

TERM = "counsel_term"
TERM_ENDED = "qiaolian.rights.counsel.term_ended.v1"
TERM_EXPIRING = "qiaolian.rights.counsel.term_expiring.v1"


def _fact(counsel_id: str, due_on: date, which: Which) -> Payload:
    if which == "approaching":
        return CounselTermExpiring(counsel_id=counsel_id, term_to=due_on)
    return CounselTermEnded(counsel_id=counsel_id, ended_on=due_on)


def term_kind(warn_days: int) -> DeadlineKind:
    """The deadline's date is the term's last day: overdue, so ended, the day after."""
    return DeadlineKind(TERM, warn_days, TERM_EXPIRING, TERM_ENDED, _fact)
