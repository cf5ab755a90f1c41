"""personnel's commands against a migrated database, with a clock the tests move."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from qiaolian_chassis.db import Database
from qiaolian_chassis.errors import Conflict, Invalid, InvalidTransition
from qiaolian_chassis.uow import UnitOfWorkFactory
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.personnel import RemovalReason
from qiaolian_personnel import application, commendations, federations, identity
from qiaolian_personnel.app import definition
from qiaolian_personnel.domain import PostLevel
from qiaolian_personnel.persistence import deadlines


class Clock:
    def __init__(self) -> None:
        self.at = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)  # 10:00 in Beijing

    def __call__(self) -> datetime:
        return self.at

    @property
    def today(self) -> date:
        return (self.at + timedelta(hours=8)).date()


class World:
    def __init__(self, db: Database, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self.db, self.uow, self.clock = db, uow, clock

    async def events(self, fact: str | None = None) -> list[dict[str, Any]]:
        outbox = definition().tables.outbox
        async with self.db.engine.connect() as conn:
            rows = (await conn.execute(sa.select(outbox.c.event_type, outbox.c.payload).order_by(outbox.c.id))).all()
        out = [{"type": r.event_type, **json.loads(r.payload)} for r in rows]
        return [e for e in out if fact is None or e["type"].split(".")[2:4] == fact.split(".")]

    async def run(self, fn: Any, *args: Any, **kw: Any) -> Any:
        async with self.uow() as u:
            return await fn(u, *args, **kw)


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    d = definition()
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/personnel.db", d.metadata, d.migrations)
    await db.migrate()
    clock = Clock()
    yield World(db, UnitOfWorkFactory(db, "personnel", d.tables, on_commit=lambda: None, clock=clock), clock)
    await db.dispose()


async def cadre(w: World, name: str) -> str:
    c = await w.run(application.register_cadre, name=name, gender=None, birth_date=None)
    return c.id


# ---- cadres and establishment -------------------------------------------------------------------

async def test_a_full_establishment_refuses_with_the_numbers_and_a_transfer_frees_the_slot(world: World) -> None:
    a, b = await cadre(world, "甲"), await cadre(world, "乙")
    await world.run(application.set_establishment, office=Office.rights, post_level=PostLevel.section, approved=1)
    await world.run(application.appoint, a, office=Office.rights, post="二級主任科員", effective_on=date(2026, 3, 1))
    with pytest.raises(Conflict) as e:
        await world.run(application.appoint, b, office=Office.rights, post="科長", effective_on=date(2026, 3, 1))
    assert e.value.extra == {"office": "rights", "post_level": "section", "approved": 1, "occupied": 1, "vacant": 0}
    # an unlimited level (no approved number) still takes appointments
    await world.run(application.appoint, b, office=Office.rights, post="科員", effective_on=date(2026, 3, 1))
    await world.run(application.transfer, a, office=Office.liaison, post="副處長", effective_on=date(2026, 4, 1))
    await world.run(application.transfer, b, office=Office.rights, post="科長", effective_on=date(2026, 4, 2))
    async with world.db.sessions() as s:
        rows = await application.establishment(s, Office.rights)
    assert {(r["post_level"], r["approved"], r["occupied"], r["vacant"]) for r in rows} == {("section", 1, 1, 0)}
    transferred = (await world.events("cadre.transferred"))[-1]["data"]
    assert transferred["from_office"] == "rights" and transferred["office"] == "rights" and transferred["post"] == "科長"


async def test_a_title_without_a_level_needs_one_once_the_office_has_an_establishment(world: World) -> None:
    a = await cadre(world, "丙")
    await world.run(application.appoint, a, office=Office.office, post="司機", effective_on=date(2026, 3, 1))
    await world.run(application.set_establishment, office=Office.office, post_level=PostLevel.staff, approved=5)
    b = await cadre(world, "丁")
    with pytest.raises(Invalid) as e:
        await world.run(application.appoint, b, office=Office.office, post="司機", effective_on=date(2026, 3, 1))
    assert e.value.extra["errors"][0]["field"] == "post_level"
    await world.run(application.appoint, b, office=Office.office, post="司機", post_level=PostLevel.staff,
                    effective_on=date(2026, 3, 1))


async def test_removal_and_retirement_publish_and_end_the_post(world: World) -> None:
    a = await cadre(world, "戊")
    await world.run(application.appoint, a, office=Office.rights, post="科員", effective_on=date(2026, 3, 1))
    await world.run(application.remove, a, reason=RemovalReason.dismissed, effective_on=date(2026, 5, 1))
    with pytest.raises(InvalidTransition):
        await world.run(application.remove, a, reason=RemovalReason.dismissed, effective_on=date(2026, 5, 2))
    await world.run(application.appoint, a, office=Office.office, post="科員", effective_on=date(2026, 6, 1))
    await world.run(application.retire, a, retired_on=date(2026, 7, 1))
    with pytest.raises(InvalidTransition) as e:
        await world.run(application.appoint, a, office=Office.office, post="科員", effective_on=date(2026, 8, 1))
    assert e.value.extra["current_state"] == "retired"
    assert [e["type"].split(".")[3] for e in await world.events()] == ["appointed", "removed", "appointed", "retired"]
    assert (await world.events("cadre.removed"))[0]["data"] == {
        "cadre_id": a, "office": "rights", "reason": "dismissed", "effective_on": "2026-05-01"}
    assert (await world.events("cadre.retired"))[0]["data"]["office"] == "office"


# ---- federations and elections ------------------------------------------------------------------

def fed(name: str, starts: date, ends: date, level: str = "city") -> federations.RegisterFederation:
    return federations.RegisterFederation(name=name, level=level, term_starts_on=starts, term_ends_on=ends,
                                          leaders=[{"name": "陳主席", "role": "chair"}])


async def test_election_due_is_published_once_90_days_before_the_term_ends(world: World) -> None:
    today = world.clock.today
    soon = await world.run(federations.register, fed("長沙市僑聯", today - timedelta(days=1800), today + timedelta(days=30)))
    later = await world.run(federations.register, fed("湘潭市僑聯", today - timedelta(days=1000), today + timedelta(days=200)))
    due = await world.events("federation.election_due")
    assert [e["data"] for e in due] == [{"federation_id": soon.id, "term_ends_on": str(today + timedelta(days=30))}]
    async with world.uow() as u:
        assert await deadlines.run_once(u, today + timedelta(days=1)) == 0  # once only
    async with world.uow() as u:
        assert await deadlines.run_once(u, today + timedelta(days=110)) == 1  # the other one reaches 90 days
    assert (await world.events("federation.election_due"))[-1]["data"]["federation_id"] == later.id

    election = await world.run(federations.file_election, soon.id, federations.FileElection(
        held_on=today + timedelta(days=20), approved_on=today + timedelta(days=25), approval_document="湘僑發〔2026〕3號",
        term_starts_on=today + timedelta(days=31), term_ends_on=today + timedelta(days=31 + 5 * 365),
        leaders=[{"name": "李主席", "role": "chair"}]))
    filed = (await world.events("federation.election_result_filed"))[0]["data"]
    assert filed["election_id"] == election.id and filed["previous_term_ends_on"] == str(today + timedelta(days=30))
    async with world.uow() as u:
        assert await deadlines.run_once(u, today + timedelta(days=120)) == 0  # the new term is years away


async def test_a_term_recorded_after_it_ended_is_announced_once(world: World) -> None:
    today = world.clock.today
    late = await world.run(federations.register, fed("婁底市僑聯", today - timedelta(days=1900), today - timedelta(days=10)))
    assert [e["data"]["federation_id"] for e in await world.events("federation.election_due")] == [late.id]
    async with world.uow() as u:
        assert await deadlines.run_once(u, today + timedelta(days=1)) == 0


async def test_bad_terms_and_elections_are_refused(world: World) -> None:
    today = world.clock.today
    with pytest.raises(Invalid) as e:
        await world.run(federations.register, fed("株洲市僑聯", today, today))
    assert e.value.extra["errors"][0]["field"] == "term_ends_on"
    f = await world.run(federations.register, fed("衡陽市僑聯", today, today + timedelta(days=1000)))
    with pytest.raises(Conflict):
        await world.run(federations.register, fed("衡陽市僑聯", today, today + timedelta(days=1000)))
    with pytest.raises(Invalid) as e:
        await world.run(federations.file_election, f.id, federations.FileElection(
            held_on=today + timedelta(days=10), approved_on=today + timedelta(days=5), approval_document="x",
            term_starts_on=today + timedelta(days=20), term_ends_on=today + timedelta(days=2000),
            leaders=[{"name": "王", "role": "chair"}]))
    assert e.value.extra["errors"][0]["field"] == "approved_on"


# ---- identity review ----------------------------------------------------------------------------

async def test_identity_review_returns_the_missing_then_verifies_and_files_without_numbers_on_the_bus(
        world: World) -> None:
    today = world.clock.today
    f = await world.run(federations.register, fed("岳陽市僑聯", today, today + timedelta(days=1500)))
    docs = [{"code": c, "certificate_number": f"NO-{c}-12345678"}
            for c in ("household_register", "relationship_proof", "overseas_relative_residence_proof")]
    r = await world.run(identity.submit, identity.Submit(federation_id=f.id, leader_name="周副主席", position="副主席",
                                                         identity_type="other_relative", documents=docs))
    await world.run(identity.review, r.id, identity.Review())
    returned = await world.events("identity_review.rejected")
    assert returned[0]["data"]["missing_documents"] == ["notarised_support_certificate"]
    with pytest.raises(InvalidTransition):
        await world.run(identity.file, r.id, identity.File(filed_by="x"))
    with pytest.raises(Invalid):  # not on this type's checklist
        await world.run(identity.resubmit, r.id, identity.Resubmit(documents=[{"code": "passport",
                                                                               "certificate_number": "E1"}]))
    await world.run(identity.resubmit, r.id, identity.Resubmit(documents=[
        {"code": "notarised_support_certificate", "certificate_number": "(2026)湘長證字第88號"}]))
    await world.run(identity.review, r.id, identity.Review())
    clerk = await cadre(world, "人事幹部")
    filed = await world.run(identity.file, r.id, identity.File(filed_by=clerk))
    assert filed.state == "filed" and filed.filed_by == clerk and filed.filed_on == today
    bus = json.dumps(await world.events(), ensure_ascii=False)
    assert "12345678" not in bus and "湘長證字" not in bus and "周副主席" not in bus
    assert [e["type"].split(".")[3] for e in await world.events() if "identity_review" in e["type"]] == [
        "submitted", "rejected", "submitted", "verified", "filed"]


async def test_identity_review_is_for_city_and_university_federations(world: World) -> None:
    today = world.clock.today
    county = await world.run(federations.register, fed("瀏陽市僑聯", today, today + timedelta(days=900), "county"))
    with pytest.raises(Invalid) as e:
        await world.run(identity.submit, identity.Submit(federation_id=county.id, leader_name="某", position="主席",
                                                         identity_type="returnee"))
    assert e.value.extra["errors"][0]["field"] == "federation_id"


# ---- commendation -------------------------------------------------------------------------------

async def test_nobody_is_awarded_before_the_notice_ends_and_an_upheld_objection_withdraws(world: World) -> None:
    c = await world.run(commendations.call, commendations.Call(title="全省僑聯系統先進集體和先進個人", year=2026))
    a = await world.run(commendations.nominate, c.id, commendations.Nominate(nominee_kind="individual", nominee_name="甲"))
    b = await world.run(commendations.nominate, c.id, commendations.Nominate(nominee_kind="collective",
                                                                            nominee_name="長沙市僑聯"))
    with pytest.raises(Conflict):  # not reviewed yet
        await world.run(commendations.publicize, c.id)
    await world.run(commendations.review, c.id, a.id, True)
    await world.run(commendations.review, c.id, b.id, True)
    c = await world.run(commendations.publicize, c.id)
    assert c.notice_ends_on == world.clock.today + timedelta(days=6)
    with pytest.raises(Conflict) as e:
        await world.run(commendations.award, c.id)
    assert e.value.extra["notice_ends_on"] == str(c.notice_ends_on)

    world.clock.at += timedelta(days=6)  # the notice's last day
    o = await world.run(commendations.lodge_objection, c.id, b.id, "材料不實")
    with pytest.raises(Conflict):
        await world.run(commendations.award, c.id)
    world.clock.at += timedelta(days=1)
    with pytest.raises(Conflict):
        await world.run(commendations.lodge_objection, c.id, a.id, "太晚了")
    with pytest.raises(Conflict) as e:  # the objection is not resolved yet
        await world.run(commendations.award, c.id)
    assert e.value.extra["open_objections"] == [o.id]
    await world.run(commendations.resolve_objection, c.id, o.id, True)
    await world.run(commendations.award, c.id)
    awarded = (await world.events("commendation.awarded"))[0]["data"]
    assert awarded["nomination_ids"] == [a.id]
    with pytest.raises(InvalidTransition):
        await world.run(commendations.award, c.id)


# ---- training -----------------------------------------------------------------------------------

async def test_training_hours_count_per_cadre_against_the_plan(world: World) -> None:
    from decimal import Decimal

    from qiaolian_personnel import training

    a = await cadre(world, "培訓甲")
    plan = await world.run(training.create_plan, training.NewPlan(year=2026, title="2026年度幹部教育培訓計劃",
                                                                  required_hours=Decimal("40")))
    with pytest.raises(Conflict):
        await world.run(training.create_plan, training.NewPlan(year=2026, title="again", required_hours=Decimal(1)))
    with pytest.raises(Invalid) as e:
        await world.run(training.add_course, plan.id, training.NewCourse(
            title="x", starts_on=date(2025, 12, 1), ends_on=date(2025, 12, 2), hours=Decimal(8)))
    assert e.value.extra["errors"][0]["field"] == "starts_on"
    course = await world.run(training.add_course, plan.id, training.NewCourse(
        title="僑務政策專題", starts_on=date(2026, 4, 1), ends_on=date(2026, 4, 3), hours=Decimal(24)))
    await world.run(training.enrol, course.id, a)
    with pytest.raises(Conflict):
        await world.run(training.enrol, course.id, a)
    with pytest.raises(Invalid) as e:
        await world.run(training.complete, course.id, a, training.Complete(hours=Decimal(25),
                                                                           completed_on=date(2026, 4, 3)))
    assert e.value.extra["errors"][0]["field"] == "hours"
    await world.run(training.complete, course.id, a, training.Complete(hours=Decimal("23.5"),
                                                                       completed_on=date(2026, 4, 3)))
    with pytest.raises(Conflict):
        await world.run(training.complete, course.id, a, training.Complete(hours=Decimal(1),
                                                                           completed_on=date(2026, 4, 3)))
    assert (await world.events("training.completed"))[0]["data"] == {
        "course_id": course.id, "cadre_id": a, "hours": 23.5, "completed_on": "2026-04-03"}
