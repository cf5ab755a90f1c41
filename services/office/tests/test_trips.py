"""Outbound trips: the approval chain in order, passport custody with its return deadline through the
scheduler (overdue once, across restarts, on the board until the passport is back), the report last."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from pydantic import ValidationError

from qiaolian_chassis.auth import Principal
from qiaolian_chassis.db import Database
from qiaolian_chassis.errors import Conflict, Forbidden, Invalid, InvalidTransition
from qiaolian_chassis.privacy import mask
from qiaolian_chassis.uow import UnitOfWorkFactory
from qiaolian_office.app import definition
from qiaolian_office.database import deadlines, directory
from qiaolian_office.outbound_trips import commands as trips
from qiaolian_office.outbound_trips import rules
from qiaolian_office.outbound_trips.commands import (
    ApplyForTrip,
    DecideTripStep,
    FileTripReport,
    IssueTripPassport,
    ReturnTripPassport,
    WithdrawTrip,
)
from qiaolian_office.outbound_trips.routes import trip_detail
from qiaolian_office.outbound_trips.rules import Role
from qiaolian_office.outbound_trips.schemas import Withdraw
from qiaolian_office.outbound_trips.tables import OutboundTrip
from qiaolian_office.settings import OfficeSettings

D = date.fromisoformat
ROLE_OF = {"office_head": "office.head", "federation_leader": "leader", "foreign_affairs": "foreign_affairs"}


def person(*steps: str, cadre_id: str | None = None) -> Principal:
    """A signed-in person holding the roles that decide `steps`, a cadre of their own unless given."""
    name = "-".join(sorted(steps))
    return Principal(
        account_id=f"acc-{name}",
        cadre_id=cadre_id or f"c-{name}",
        office="office",
        roles=frozenset(ROLE_OF[s] for s in steps),
    )


async def staff(office, cadre_id: str = "c-1", of: str = "liaison") -> str:
    async with office.uow() as u:
        await u.session.execute(
            sa.insert(directory.table).values(
                cadre_id=cadre_id,
                name="王芳",
                office=of,
                post="二級主任科員",
                since=D("2025-01-01"),
                appointment_id=f"a-{cadre_id}",
            )
        )
    return cadre_id


async def applied(office, cadre_id: str, departs: str = "2026-03-05", returns: str = "2026-03-10") -> str:
    office.on(D("2026-03-01"))
    async with office.uow() as u:
        t = await trips.apply(
            u,
            ApplyForTrip(
                cadre_id=cadre_id,
                destinations=["HK", "MY", "HK"],
                purpose="出席世界湘商大會",
                inviting_organisation="馬來西亞湖南同鄉會",
                departs_on=D(departs),
                returns_on=D(returns),
            ),
        )
    return t.id


async def approved(office, cadre_id: str, **dates: str) -> str:
    trip_id = await applied(office, cadre_id, **dates)
    office.on(D("2026-03-02"))
    for step in rules.APPROVAL_CHAIN:
        async with office.uow() as u:
            await trips.decide(
                u, DecideTripStep(trip_id, step=step.role, approve=True, by=person(step.role), note=None)
            )
    return trip_id


def test_the_chain_is_decided_in_order() -> None:
    assert [s.role for s in rules.APPROVAL_CHAIN] == [Role.office_head, Role.federation_leader, Role.foreign_affairs]
    assert rules.require_step(Role.office_head, 0).role is Role.office_head
    with pytest.raises(Conflict) as e:
        rules.require_step(Role.federation_leader, 0)
    assert e.value.extra == {"next_step": "office_head"}
    with pytest.raises(Conflict):
        rules.require_step(Role.foreign_affairs, 3)
    assert rules.next_step(3) is None


def test_dates_destinations_mask_and_the_return_period() -> None:
    days = OfficeSettings().passport_return_days
    with pytest.raises(Invalid) as e:
        rules.check_dates(D("2026-03-05"), D("2026-03-04"), D("2026-03-01"), days)
    assert e.value.extra["errors"][0]["field"] == "returns_on"
    with pytest.raises(Invalid) as e:
        rules.check_dates(D("2026-02-28"), D("2026-03-04"), D("2026-03-01"), days)
    assert e.value.extra["errors"][0]["field"] == "departs_on"
    rules.check_dates(D("2026-03-01"), D("2026-03-01"), D("2026-03-01"), days)  # a day trip to Hong Kong
    assert rules.check_destinations(["TW", "US", "TW"]) == ["TW", "US"]
    with pytest.raises(Invalid):
        rules.check_destinations(["CN"])
    assert mask("E12345678", head=1, tail=2) == "E******78" and mask(None, head=1, tail=2) is None
    assert rules.passport_due(D("2026-03-10"), OfficeSettings().passport_return_days) == D("2026-03-17")


def test_the_return_period_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OFFICE_PASSPORT_RETURN_DAYS", "10")
    assert rules.passport_due(D("2026-03-10"), OfficeSettings().passport_return_days) == D("2026-03-20")


async def test_an_unreturned_passport_falls_overdue_once_and_stays_on_the_board_until_it_is_back(
    office, tmp_path
) -> None:
    late = await approved(office, await staff(office, "c-1"))
    prompt = await approved(office, await staff(office, "c-2", of="rights"))
    office.on(D("2026-03-04"))
    for trip_id in (late, prompt):
        async with office.uow() as u:
            t = await trips.issue_passport(u, IssueTripPassport(trip_id, passport_number="E12345678"))
        assert (t.state, t.passport_due_on) == ("passport_issued", D("2026-03-17"))
    assert sorted(await office.board()) == sorted(
        [("passport_return", late, "open"), ("passport_return", prompt, "open")]
    )
    office.on(D("2026-03-16"))
    async with office.uow() as u:
        await trips.return_passport(u, ReturnTripPassport(prompt))
    for day in ("2026-03-17", "2026-03-18", "2026-03-19"):
        async with office.uow() as u:
            await deadlines.run_once(u, D(day))
    # a restarted office (new engine on the same file) publishes nothing again
    d = definition()
    again = Database(f"sqlite+aiosqlite:///{tmp_path}/office.db", d.metadata, d.migrations)
    restarted = UnitOfWorkFactory(
        again, "office", d.tables, on_commit=lambda: None, clock=lambda: datetime(2026, 3, 20, tzinfo=UTC)
    )
    async with restarted() as u:
        assert await deadlines.run_once(u, D("2026-03-20")) == 0
    await again.dispose()
    assert await office.facts("passport.overdue.v1") == [{"trip_id": late, "due_on": "2026-03-17"}]
    assert ("passport_return", late, "open") in await office.board()
    assert ("passport_return", prompt, "closed") in await office.board()

    office.on(D("2026-03-20"))
    async with office.uow() as u:
        await trips.return_passport(u, ReturnTripPassport(late))
    assert ("passport_return", late, "closed") in await office.board()
    returned = {f["trip_id"]: f for f in await office.facts("passport.returned.v1")}
    assert (returned[late]["on_time"], returned[prompt]["on_time"]) == (False, True)
    office.on(D("2026-03-21"))
    async with office.uow() as u:
        t = await trips.file_report(u, FileTripReport(late, report="會見僑領十二人，簽署合作備忘錄。"))
    assert t.state == "closed"
    # ids, codes and dates only on the bus
    for f in (
        await office.facts("outbound_trip.applied.v1")
        + await office.facts("passport.issued.v1")
        + await office.facts("outbound_trip.report_filed.v1")
    ):
        assert not {"passport_number", "purpose", "report", "name", "inviting_organisation"} & set(f)
        assert "E12345678" not in str(f)
    assert (await office.facts("outbound_trip.applied.v1"))[0]["destinations"] == ["HK", "MY"]


async def test_steps_are_decided_in_order_by_their_role_and_a_rejection_ends_the_trip(office) -> None:
    trip_id = await applied(office, await staff(office))

    async def decide(step: Role, roles: frozenset[str], approve: bool = True) -> None:
        office.on(D("2026-03-02"))
        async with office.uow() as u:
            await trips.decide(u, DecideTripStep(trip_id, step=step, approve=approve, by=person(*roles), note=None))

    with pytest.raises(Forbidden):
        await decide(Role.office_head, frozenset({"federation_leader"}))
    with pytest.raises(Conflict) as e:
        await decide(Role.federation_leader, frozenset({"federation_leader"}))
    assert e.value.extra["next_step"] == "office_head"
    await decide(Role.office_head, frozenset({"office_head"}))
    with pytest.raises(Conflict):  # the same step twice
        await decide(Role.office_head, frozenset({"office_head"}))
    with pytest.raises(InvalidTransition):  # no passport before the whole chain approved
        async with office.uow() as u:
            await trips.issue_passport(u, IssueTripPassport(trip_id, passport_number=None))
    await decide(Role.federation_leader, frozenset({"federation_leader"}), approve=False)
    with pytest.raises(InvalidTransition) as e:
        await decide(Role.foreign_affairs, frozenset({"foreign_affairs"}))
    assert e.value.extra == {"current_state": "rejected", "allowed_commands": []}
    assert await office.facts("outbound_trip.rejected.v1") == [
        {"trip_id": trip_id, "cadre_id": "c-1", "step": "federation_leader", "rejected_on": "2026-03-02"}
    ]
    assert await office.facts("outbound_trip.approved.v1") == []


async def test_nobody_decides_on_their_own_trip_and_one_person_decides_one_step(office) -> None:
    trip_id = await applied(office, await staff(office, "c-9"))
    office.on(D("2026-03-02"))

    async def decide(step: Role, by: Principal) -> None:
        async with office.uow() as u:
            await trips.decide(u, DecideTripStep(trip_id, step=step, approve=True, by=by, note=None))

    with pytest.raises(Conflict, match="their own trip"):  # the traveller is the office head
        await decide(Role.office_head, person("office_head", cadre_id="c-9"))
    both = person("office_head", "federation_leader")
    await decide(Role.office_head, both)
    with pytest.raises(Conflict, match="at most one step"):
        await decide(Role.federation_leader, both)
    await decide(Role.federation_leader, person("federation_leader"))
    async with office.db.sessions() as s:
        detail = await trip_detail(s, trip_id, D("2026-03-02"), personal=True)
    assert [d.decided_by for d in detail.decisions] == [both.cadre_id, "c-federation_leader"]


async def test_an_unknown_cadre_cannot_apply_and_a_passport_is_not_issued_after_departure(office) -> None:
    with pytest.raises(Invalid) as e:
        await applied(office, "nobody")
    assert e.value.extra["errors"][0]["field"] == "cadre_id"
    trip_id = await approved(office, await staff(office), departs="2026-03-03", returns="2026-03-04")
    office.on(D("2026-03-04"))
    with pytest.raises(Conflict) as e:
        async with office.uow() as u:
            await trips.issue_passport(u, IssueTripPassport(trip_id, passport_number=None))
    assert "before departure" in e.value.detail
    office.on(D("2026-03-05"))
    with pytest.raises(InvalidTransition):  # the report comes after the passport is back
        async with office.uow() as u:
            await trips.file_report(u, FileTripReport(trip_id, report="r"))


async def test_a_passport_out_for_one_trip_is_not_issued_for_another_until_it_is_back(office) -> None:
    cadre = await staff(office)
    first = await approved(office, cadre, departs="2026-03-05", returns="2026-03-10")
    second = await approved(office, cadre, departs="2026-03-06", returns="2026-03-08")
    office.on(D("2026-03-04"))
    async with office.uow() as u:
        await trips.issue_passport(u, IssueTripPassport(first, passport_number="E12345678"))
    with pytest.raises(Conflict) as e:  # the office holds one passport of a cadre: it is out
        async with office.uow() as u:
            await trips.issue_passport(u, IssueTripPassport(second, passport_number="E12345678"))
    assert e.value.extra == {"trip_id": first}
    assert [f["trip_id"] for f in await office.facts("passport.issued.v1")] == [first]
    async with office.uow() as u:
        await trips.return_passport(u, ReturnTripPassport(first))
    office.on(D("2026-03-05"))
    async with office.uow() as u:
        t = await trips.issue_passport(u, IssueTripPassport(second, passport_number="E12345678"))
    assert t.state == "passport_issued"


async def test_a_trip_that_will_not_happen_is_withdrawn_before_a_passport_is_out(office) -> None:
    assert rules.TRANSITIONS.commands(rules.TripState.applied) == ["approve", "reject", "withdraw"]
    assert "withdraw" in rules.TRANSITIONS.commands(rules.TripState.approved)
    cadre = await staff(office)
    pending = await applied(office, cadre)
    stale = await approved(office, cadre, departs="2026-03-03", returns="2026-03-04")
    out = await approved(office, cadre)

    async def withdraw(
        trip_id: str,
        reason: str = "邀請方取消會議",
        roles: frozenset[str] = frozenset({"office_head"}),
        on: str = "2026-03-05",
    ) -> OutboundTrip:
        office.on(D(on))
        async with office.uow() as u:
            return await trips.withdraw(u, WithdrawTrip(trip_id, by=person(*roles, cadre_id="c-head"), reason=reason))

    with pytest.raises(Forbidden):  # the office head withdraws, not another role of the chain
        await withdraw(pending, roles=frozenset({"federation_leader"}))
    with pytest.raises(Invalid) as e:  # a reason is required (422)
        await withdraw(pending, reason="  ")
    assert e.value.extra["errors"][0]["field"] == "reason"
    with pytest.raises(ValidationError):  # the HTTP body too: no reason is 422
        Withdraw.model_validate({"by": "辦公室主任"})
    with pytest.raises(ValidationError):
        Withdraw.model_validate({"by": "辦公室主任", "reason": " "})

    assert (await withdraw(pending)).state == "withdrawn"  # still in approval
    assert (await withdraw(stale)).state == "withdrawn"  # approved, departure passed, no passport
    with pytest.raises(InvalidTransition) as e:  # withdrawn is terminal
        await withdraw(pending)
    assert e.value.extra == {"current_state": "withdrawn", "allowed_commands": []}
    with pytest.raises(InvalidTransition):
        async with office.uow() as u:
            await trips.decide(
                u, DecideTripStep(pending, step=Role.office_head, approve=True, by=person(*Role), note=None)
            )

    office.on(D("2026-03-04"))
    async with office.uow() as u:
        await trips.issue_passport(u, IssueTripPassport(out, passport_number="E12345678"))
    with pytest.raises(InvalidTransition) as e:  # the passport is out: it comes back first
        await withdraw(out)
    assert e.value.extra == {"current_state": "passport_issued", "allowed_commands": ["return_passport"]}

    async with office.db.sessions() as s:
        detail = await trip_detail(s, stale, D("2026-03-05"), personal=True)
    assert (detail.state, detail.withdrawn_by, detail.withdrawn_on, detail.withdrawal_reason) == (
        "withdrawn",
        "c-head",  # the signed-in person's cadre
        D("2026-03-05"),
        "邀請方取消會議",
    )
    assert [d.step for d in detail.decisions] == [s.role for s in rules.APPROVAL_CHAIN]  # the chain only

    facts = await office.facts("outbound_trip.withdrawn.v1")
    assert facts == [
        {
            "trip_id": pending,
            "cadre_id": cadre,
            "withdrawn_from": "applied",
            "departs_on": "2026-03-05",
            "returns_on": "2026-03-10",
            "withdrawn_on": "2026-03-05",
        },
        {
            "trip_id": stale,
            "cadre_id": cadre,
            "withdrawn_from": "approved",
            "departs_on": "2026-03-03",
            "returns_on": "2026-03-04",
            "withdrawn_on": "2026-03-05",
        },
    ]
    assert "邀請方" not in str(facts) and "王芳" not in str(facts)
