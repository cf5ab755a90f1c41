"""Pure rules of cultural exchange bases: a base is accredited with a review date, warned before it
(LIAISON_BASE_REVIEW_WARN_DAYS); a review renews it to a new date or revokes it."""

from __future__ import annotations

from datetime import date

from qiaolian_chassis.errors import Conflict, Invalid
from qiaolian_contracts.events.liaison import BaseReviewOutcome, ExchangeBaseReviewDue

BASE_REVIEW = "base_review"  # the deadline kind of a base's next review; subject = base id


def check_accreditation(accredited_on: date, review_due_on: date) -> None:
    if review_due_on <= accredited_on:
        raise Invalid("review_due_on", "must be after accredited_on")


def check_review(
    base_id: str,
    state: str,
    accredited_on: date,
    reviewed_on: date,
    outcome: BaseReviewOutcome,
    next_review_on: date | None,
) -> None:
    """An accredited base is reviewed after its accreditation; a renewal sets the next review after this
    one, a revocation none."""
    if state != "accredited":
        raise Conflict(f"exchange base {base_id} is {state}", current_state=state, allowed_commands=[])
    if reviewed_on < accredited_on:
        raise Invalid("reviewed_on", "cannot be before accredited_on")
    if outcome == BaseReviewOutcome.renewed:
        if next_review_on is None:
            raise Invalid("next_review_on", "is required when the base is renewed")
        if next_review_on <= reviewed_on:
            raise Invalid("next_review_on", "must be after reviewed_on")
    elif next_review_on is not None:
        raise Invalid("next_review_on", "a revoked base has no next review")


def review_due(base_id: str, due_on: date, _which: str) -> ExchangeBaseReviewDue:
    """The payload of base.review_due, published ahead of a base's review."""
    return ExchangeBaseReviewDue(base_id=base_id, review_due_on=due_on)


def check_held(held_on: date, today: date) -> None:
    if held_on > today:
        raise Invalid("held_on", "cannot be in the future")
