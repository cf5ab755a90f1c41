"""Seats, waitlist and promotion of programme registrations (pure rules), and the base review warning."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qiaolian_chassis.errors import Invalid, InvalidTransition
from qiaolian_chassis.testing import ServiceDb
from qiaolian_contracts.events.liaison import BaseReviewOutcome, ProgrammeKind
from qiaolian_liaison.database import deadlines
from qiaolian_liaison.exchange_bases import commands as exchange
from qiaolian_liaison.programmes import commands as programmes
from qiaolian_liaison.programmes import rules
from qiaolian_liaison.programmes.rules import REGISTRATIONS, RegistrationState
from qiaolian_liaison.programmes.tables import Registration

TODAY = date(2027, 1, 4)

R = RegistrationState


@given(st.integers(1, 50), st.lists(st.sampled_from(["approve", "withdraw"]), max_size=80))
def test_seats_never_exceed_capacity_and_the_waitlist_only_waits_when_full(capacity: int, ops: list[str]) -> None:
    approved, waitlist = 0, 0
    for op in ops:
        if op == "approve":
            if rules.approval_outcome(approved, capacity) == R.approved:
                approved += 1
            else:
                waitlist += 1
        elif approved:
            approved -= 1
            n = rules.seats_to_promote(approved, capacity, waitlist)
            approved, waitlist = approved + n, waitlist - n
        assert approved <= capacity
        assert waitlist == 0 or approved == capacity  # nobody waits while a seat is free


def test_registration_commands() -> None:
    assert REGISTRATIONS.commands(R.pending) == ["approve", "reject", "withdraw"]
    assert REGISTRATIONS.commands(R.approved) == ["check_in", "withdraw"]
    assert REGISTRATIONS.commands(R.checked_in) == []
    with pytest.raises(InvalidTransition) as info:
        REGISTRATIONS.require(R.waitlisted, "check_in")
    assert "check in" in info.value.detail and "waitlisted" in info.value.detail  # spelled for a person
    assert info.value.extra == {"current_state": "waitlisted", "allowed_commands": ["reject", "withdraw"]}


async def test_a_base_review_is_warned_30_days_before_and_a_renewal_watches_the_new_date(liaison: ServiceDb) -> None:
    uowf = liaison.uow
    due = TODAY + timedelta(days=45)
    async with uowf() as uow:
        b = await exchange.accredit(
            uow,
            exchange.Accredit(
                name="湖南華文教育基地", location="長沙", accredited_on=date(2024, 1, 1), review_due_on=due
            ),
        )

    async def tick(on: date) -> int:
        async with uowf() as uow:
            return await deadlines.run_once(uow, on)

    assert await tick(due - timedelta(days=31)) == 0
    assert await tick(due - timedelta(days=30)) == 1
    assert await tick(due - timedelta(days=29)) == 0
    new_due = due + timedelta(days=365)
    async with uowf() as uow:
        await exchange.review(
            uow,
            exchange.ReviewBase(
                b.id, reviewed_on=due - timedelta(days=5), outcome=BaseReviewOutcome.renewed, next_review_on=new_due
            ),
        )
    assert await tick(due + timedelta(days=1)) == 0  # the old date is no longer watched
    assert await tick(new_due - timedelta(days=30)) == 1
    assert [e["review_due_on"] for e in await liaison.facts("qiaolian.liaison.base.review_due.v1")] == [
        due.isoformat(),
        new_due.isoformat(),
    ]
    async with uowf() as uow:
        with pytest.raises(Invalid):
            await exchange.review(
                uow,
                exchange.ReviewBase(
                    b.id,
                    reviewed_on=new_due,
                    outcome=BaseReviewOutcome.revoked,
                    next_review_on=new_due + timedelta(days=1),
                ),
            )


async def test_waitlisted_registrations_move_up_in_registration_order(liaison: ServiceDb) -> None:
    uowf = liaison.uow
    async with uowf() as uow:
        p = await programmes.open_programme(
            uow,
            programmes.OpenProgramme(
                kind=ProgrammeKind.training,
                title="海外僑團負責人研修班",
                starts_on=TODAY,
                ends_on=TODAY + timedelta(days=3),
                capacity=1,
            ),
        )
    ids = []
    for name in ("甲", "乙", "丙"):
        async with uowf() as uow:
            r = await programmes.register(uow, programmes.Register(p.id, name=name, country="GB"))
            ids.append(r.id)
    for rid in ids:
        async with uowf() as uow:
            await programmes.approve(uow, programmes.ApproveRegistration(p.id, rid))
    async with uowf() as uow:
        await programmes.withdraw(uow, programmes.WithdrawRegistration(p.id, ids[0]))
    async with uowf() as uow:
        states = [(await uow.session.get(Registration, rid)).state for rid in ids]
    assert states == ["withdrawn", "approved", "waitlisted"]
    outcomes = [e["outcome"] for e in await liaison.facts("qiaolian.liaison.registration.decided.v1")]
    assert outcomes == ["approved", "waitlisted", "waitlisted", "withdrawn", "approved"]
