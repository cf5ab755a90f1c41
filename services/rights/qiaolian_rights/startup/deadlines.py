"""A startup base's accreditation until `valid_to`, a deadline the scheduler watches (subject ids are base
ids): `base.accreditation_expiring` RIGHTS_BASE_WARN_DAYS before, `base.accreditation_lapsed` the day
after `valid_to`. Revocation cancels it."""

from __future__ import annotations

from datetime import date

from qiaolian_chassis.deadlines import DeadlineKind, Which
from qiaolian_contracts.events.rights import StartupBaseValidity

VALIDITY = "startup_base_validity"
EXPIRING = "qiaolian.rights.base.accreditation_expiring.v1"
LAPSED = "qiaolian.rights.base.accreditation_lapsed.v1"


def _fact(base_id: str, due_on: date, _which: Which) -> StartupBaseValidity:
    return StartupBaseValidity(base_id=base_id, valid_to=due_on)


def validity_kind(warn_days: int) -> DeadlineKind:
    return DeadlineKind(VALIDITY, warn_days, EXPIRING, LAPSED, _fact)
