"""personnel's commands against a migrated database, with a clock the tests move."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from qiaolian_chassis import clock
from qiaolian_chassis.auth import Principal
from qiaolian_chassis.errors import Conflict, Invalid, InvalidTransition
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.personnel import FederationLevel, IdentityType, RemovalReason
from qiaolian_personnel.cadres.commands import (
    AppointCadre,
    RegisterCadre,
    RemoveCadre,
    RetireCadre,
    TransferCadre,
    appoint,
    register_cadre,
    remove,
    retire,
    transfer,
)
from qiaolian_personnel.commendations import commands as commendations
from qiaolian_personnel.database import deadlines
from qiaolian_personnel.establishment.commands import SetEstablishment, set_establishment
from qiaolian_personnel.establishment.queries import establishment
from qiaolian_personnel.establishment.rules import PostLevel
from qiaolian_personnel.federations import commands as federations
from qiaolian_personnel.federations import queries
from qiaolian_personnel.identity_reviews import commands as identity
from qiaolian_personnel.training import commands as training

if TYPE_CHECKING:
    from conftest import PersonnelDb


async def cadre(p: PersonnelDb, name: str) -> str:
    c = await p.run(register_cadre, RegisterCadre(name=name, gender=None, birth_date=None))
    return c.id


# ---- cadres and establishment -------------------------------------------------------------------


async def test_a_full_establishment_refuses_with_the_numbers_and_a_transfer_frees_the_slot(
    personnel: PersonnelDb,
) -> None:
    a, b = await cadre(personnel, "甲"), await cadre(personnel, "乙")
    await personnel.run(
        set_establishment, SetEstablishment(office=Office.rights, post_level=PostLevel.section, approved=1)
    )
    await personnel.run(
        appoint, AppointCadre(a, office=Office.rights, post="二級主任科員", effective_on=date(2026, 3, 1))
    )
    with pytest.raises(Conflict) as e:
        await personnel.run(appoint, AppointCadre(b, office=Office.rights, post="科長", effective_on=date(2026, 3, 1)))
    assert e.value.extra == {"office": "rights", "post_level": "section", "approved": 1, "occupied": 1, "vacant": 0}
    # an unlimited level (no approved number) still takes appointments
    await personnel.run(appoint, AppointCadre(b, office=Office.rights, post="科員", effective_on=date(2026, 3, 1)))
    await personnel.run(transfer, TransferCadre(a, office=Office.liaison, post="副處長", effective_on=date(2026, 4, 1)))
    await personnel.run(transfer, TransferCadre(b, office=Office.rights, post="科長", effective_on=date(2026, 4, 2)))
    async with personnel.db.sessions() as s:
        rows = await establishment(s, Office.rights)
    assert {(r["post_level"], r["approved"], r["occupied"], r["vacant"]) for r in rows} == {("section", 1, 1, 0)}
    transferred = (await personnel.events("cadre.transferred"))[-1]["data"]
    assert (
        transferred["from_office"] == "rights" and transferred["office"] == "rights" and transferred["post"] == "科長"
    )


async def test_a_title_without_a_level_needs_one_once_the_office_has_an_establishment(personnel: PersonnelDb) -> None:
    a = await cadre(personnel, "丙")
    await personnel.run(appoint, AppointCadre(a, office=Office.office, post="司機", effective_on=date(2026, 3, 1)))
    await personnel.run(
        set_establishment, SetEstablishment(office=Office.office, post_level=PostLevel.staff, approved=5)
    )
    b = await cadre(personnel, "丁")
    with pytest.raises(Invalid) as e:
        await personnel.run(appoint, AppointCadre(b, office=Office.office, post="司機", effective_on=date(2026, 3, 1)))
    assert e.value.extra["errors"][0]["field"] == "post_level"
    await personnel.run(
        appoint,
        AppointCadre(b, office=Office.office, post="司機", post_level=PostLevel.staff, effective_on=date(2026, 3, 1)),
    )


async def test_removal_and_retirement_publish_and_end_the_post(personnel: PersonnelDb) -> None:
    a = await cadre(personnel, "戊")
    await personnel.run(appoint, AppointCadre(a, office=Office.rights, post="科員", effective_on=date(2026, 3, 1)))
    await personnel.run(remove, RemoveCadre(a, reason=RemovalReason.dismissed, effective_on=date(2026, 5, 1)))
    with pytest.raises(InvalidTransition):
        await personnel.run(remove, RemoveCadre(a, reason=RemovalReason.dismissed, effective_on=date(2026, 5, 2)))
    await personnel.run(appoint, AppointCadre(a, office=Office.office, post="科員", effective_on=date(2026, 6, 1)))
    await personnel.run(retire, RetireCadre(a, retired_on=date(2026, 7, 1)))
    with pytest.raises(InvalidTransition) as e:
        await personnel.run(appoint, AppointCadre(a, office=Office.office, post="科員", effective_on=date(2026, 8, 1)))
    assert e.value.extra["current_state"] == "retired"
    assert [e["type"].split(".")[3] for e in await personnel.events()] == [
        "appointed",
        "removed",
        "appointed",
        "retired",
    ]
    assert (await personnel.events("cadre.removed"))[0]["data"] == {
        "cadre_id": a,
        "office": "rights",
        "reason": "dismissed",
        "effective_on": "2026-05-01",
    }
    assert (await personnel.events("cadre.retired"))[0]["data"]["office"] == "office"


# ---- federations and elections ------------------------------------------------------------------


def fed(name: str, starts: date, ends: date, level: str = "city") -> federations.RegisterFederation:
    return federations.RegisterFederation(
        name=name,
        level=FederationLevel(level),
        term_starts_on=starts,
        term_ends_on=ends,
        leaders=(federations.Leader(name="陳主席", role="chair"),),
    )


async def test_election_due_is_published_once_90_days_before_the_term_ends(personnel: PersonnelDb) -> None:
    today = clock.today(personnel.clock)
    soon = await personnel.run(
        federations.register, fed("長沙市僑聯", today - timedelta(days=1800), today + timedelta(days=30))
    )
    later = await personnel.run(
        federations.register, fed("湘潭市僑聯", today - timedelta(days=1000), today + timedelta(days=200))
    )
    due = await personnel.events("federation.election_due")
    assert [e["data"] for e in due] == [{"federation_id": soon.id, "term_ends_on": str(today + timedelta(days=30))}]
    async with personnel.uow() as u:
        assert await deadlines.run_once(u, today + timedelta(days=1)) == 0  # once only
    async with personnel.uow() as u:
        assert await deadlines.run_once(u, today + timedelta(days=110)) == 1  # the other one reaches 90 days
    assert (await personnel.events("federation.election_due"))[-1]["data"]["federation_id"] == later.id

    election = await personnel.run(
        federations.file_election,
        federations.FileElection(
            soon.id,
            held_on=today + timedelta(days=20),
            approved_on=today + timedelta(days=25),
            approval_document="湘僑發〔2026〕3號",
            term_starts_on=today + timedelta(days=31),
            term_ends_on=today + timedelta(days=31 + 5 * 365),
            leaders=(federations.Leader(name="李主席", role="chair"),),
        ),
    )
    filed = (await personnel.events("federation.election_result_filed"))[0]["data"]
    assert filed["election_id"] == election.id and filed["previous_term_ends_on"] == str(today + timedelta(days=30))
    async with personnel.uow() as u:
        assert await deadlines.run_once(u, today + timedelta(days=120)) == 0  # the new term is years away


async def test_a_term_recorded_after_it_ended_is_announced_once(personnel: PersonnelDb) -> None:
    today = clock.today(personnel.clock)
    late = await personnel.run(
        federations.register, fed("婁底市僑聯", today - timedelta(days=1900), today - timedelta(days=10))
    )
    assert [e["data"]["federation_id"] for e in await personnel.events("federation.election_due")] == [late.id]
    async with personnel.uow() as u:
        assert await deadlines.run_once(u, today + timedelta(days=1)) == 0


async def test_bad_terms_and_elections_are_refused(personnel: PersonnelDb) -> None:
    today = clock.today(personnel.clock)
    with pytest.raises(Invalid) as e:
        await personnel.run(federations.register, fed("株洲市僑聯", today, today))
    assert e.value.extra["errors"][0]["field"] == "term_ends_on"
    f = await personnel.run(federations.register, fed("衡陽市僑聯", today, today + timedelta(days=1000)))
    with pytest.raises(Conflict):
        await personnel.run(federations.register, fed("衡陽市僑聯", today, today + timedelta(days=1000)))
    with pytest.raises(Invalid) as e:
        await personnel.run(
            federations.file_election,
            federations.FileElection(
                f.id,
                held_on=today + timedelta(days=10),
                approved_on=today + timedelta(days=5),
                approval_document="x",
                term_starts_on=today + timedelta(days=20),
                term_ends_on=today + timedelta(days=2000),
                leaders=(federations.Leader(name="王", role="chair"),),
            ),
        )
    assert e.value.extra["errors"][0]["field"] == "approved_on"


async def test_the_tree_province_city_county_home_and_its_wrong_parents_are_422(personnel: PersonnelDb) -> None:
    today = clock.today(personnel.clock)
    end = today + timedelta(days=1500)

    async def reg(name: str, level: str, parent: str | None = None) -> str:
        cmd = fed(name, today, end, level)
        f = await personnel.run(federations.register, replace(cmd, parent_id=parent))
        return str(f.id)

    province = await reg("湖南省僑聯", "province")
    city = await reg("長沙市僑聯", "city", province)
    county = await reg("長沙縣僑聯", "county", city)
    home = await reg("星沙僑胞之家", "overseas_chinese_home", county)
    university = await reg("中南大學僑聯", "university", province)
    for name, level, parent, field in [
        ("瀏陽市僑聯", "county", province, "parent_id"),  # a county under the province, skipping the city
        ("某僑胞之家", "overseas_chinese_home", home, "parent_id"),
        ("某市僑聯", "city", "no-such-id", "parent_id"),
    ]:
        with pytest.raises(Invalid) as e:
            await reg(name, level, parent)
        assert e.value.extra["errors"][0]["field"] == field
    with pytest.raises(Conflict):
        await reg("湖南省歸國華僑聯合會", "province")  # one province
    async with personnel.uow() as u:
        children = (await u.session.scalars(queries.federations(parent_id=city))).all()
    assert [f.id for f in children] == [county]

    link = await personnel.run(
        federations.link, federations.LinkFederations(city, university, alumni_association="中南大學長沙校友會")
    )
    assert (link.local_federation_id, link.university_federation_id) == (city, university)
    with pytest.raises(Conflict):
        await personnel.run(federations.link, federations.LinkFederations(city, university, "又一校友會"))
    with pytest.raises(Invalid) as e:
        await personnel.run(federations.link, federations.LinkFederations(university, city, "某校友會"))
    assert e.value.extra["errors"][0]["field"] == "local_federation_id"
    with pytest.raises(Invalid) as e:
        await personnel.run(federations.link, federations.LinkFederations(county, home, "某校友會"))
    assert e.value.extra["errors"][0]["field"] == "university_federation_id"
    async with personnel.uow() as u:
        assert [x.id for x in (await u.session.scalars(queries.links(university))).all()] == [link.id]


# ---- identity review ----------------------------------------------------------------------------


async def test_identity_review_returns_the_missing_then_verifies_and_files_without_numbers_on_the_bus(
    personnel: PersonnelDb,
) -> None:
    today = clock.today(personnel.clock)
    f = await personnel.run(federations.register, fed("岳陽市僑聯", today, today + timedelta(days=1500)))
    docs = [
        {"code": c, "certificate_number": f"NO-{c}-12345678"}
        for c in ("household_register", "relationship_proof", "overseas_relative_residence_proof")
    ]
    r = await personnel.run(
        identity.submit,
        identity.SubmitIdentityReview(
            federation_id=f.id,
            leader_name="周副主席",
            position="副主席",
            identity_type=IdentityType.other_relative,
            documents=tuple(identity.Document(**d) for d in docs),
        ),
    )
    await personnel.run(identity.review, identity.ReviewDocuments(r.id))
    returned = await personnel.events("identity_review.rejected")
    assert returned[0]["data"]["missing_documents"] == ["notarised_support_certificate"]
    with pytest.raises(InvalidTransition):
        await personnel.run(identity.file, identity.FileIdentityReview(r.id, filed_by="x"))
    with pytest.raises(Invalid):  # not on this type's checklist
        await personnel.run(
            identity.resubmit,
            identity.ResubmitDocuments(r.id, documents=(identity.Document(code="passport", certificate_number="E1"),)),
        )
    await personnel.run(
        identity.resubmit,
        identity.ResubmitDocuments(
            r.id,
            documents=(
                identity.Document(code="notarised_support_certificate", certificate_number="(2026)湘長證字第88號"),
            ),
        ),
    )
    await personnel.run(identity.review, identity.ReviewDocuments(r.id))
    clerk = await cadre(personnel, "人事幹部")
    filed = await personnel.run(identity.file, identity.FileIdentityReview(r.id, filed_by=clerk))
    assert filed.state == "filed" and filed.filed_by == clerk and filed.filed_on == today
    bus = json.dumps(await personnel.events(), ensure_ascii=False)
    assert "12345678" not in bus and "湘長證字" not in bus and "周副主席" not in bus
    assert [e["type"].split(".")[3] for e in await personnel.events() if "identity_review" in e["type"]] == [
        "submitted",
        "rejected",
        "submitted",
        "verified",
        "filed",
    ]


async def test_identity_review_is_for_city_and_university_federations(personnel: PersonnelDb) -> None:
    today = clock.today(personnel.clock)
    county = await personnel.run(federations.register, fed("瀏陽市僑聯", today, today + timedelta(days=900), "county"))
    with pytest.raises(Invalid) as e:
        await personnel.run(
            identity.submit,
            identity.SubmitIdentityReview(
                federation_id=county.id, leader_name="某", position="主席", identity_type=IdentityType.returnee
            ),
        )
    assert e.value.extra["errors"][0]["field"] == "federation_id"


# ---- commendation -------------------------------------------------------------------------------

CLERK = Principal("a-clerk", "c-clerk", None, frozenset({"personnel.clerk"}))
REVIEWER, PUBLISHER, AWARDER = (
    Principal(f"a-{n}", f"c-{n}", None, frozenset({"personnel.head"})) for n in ("reviewer", "publisher", "awarder")
)


async def test_nobody_is_awarded_before_the_notice_ends_and_an_upheld_objection_withdraws(
    personnel: PersonnelDb,
) -> None:
    c = await personnel.run(
        commendations.call, commendations.CallForNominations(title="全省僑聯系統先進集體和先進個人", year=2026)
    )
    a = await personnel.run(
        commendations.nominate, commendations.Nominate(c.id, nominee_kind="individual", nominee_name="甲", by=CLERK)
    )
    b = await personnel.run(
        commendations.nominate,
        commendations.Nominate(c.id, nominee_kind="collective", nominee_name="長沙市僑聯", by=CLERK),
    )
    with pytest.raises(Conflict):  # not reviewed yet
        await personnel.run(commendations.publicize, commendations.Publicize(c.id, by=PUBLISHER))
    await personnel.run(commendations.review, commendations.ReviewNomination(c.id, a.id, True, by=REVIEWER))
    await personnel.run(commendations.review, commendations.ReviewNomination(c.id, b.id, True, by=REVIEWER))
    c = await personnel.run(commendations.publicize, commendations.Publicize(c.id, by=PUBLISHER))
    assert c.notice_ends_on == clock.today(personnel.clock) + timedelta(days=6)
    with pytest.raises(Conflict) as e:
        await personnel.run(commendations.award, commendations.Award(c.id, by=AWARDER))
    assert e.value.extra["notice_ends_on"] == str(c.notice_ends_on)

    personnel.clock.advance(days=6)  # the notice's last day
    o = await personnel.run(commendations.lodge_objection, commendations.LodgeObjection(c.id, b.id, "材料不實"))
    with pytest.raises(Conflict):
        await personnel.run(commendations.award, commendations.Award(c.id, by=AWARDER))
    personnel.clock.advance(days=1)
    with pytest.raises(Conflict):
        await personnel.run(commendations.lodge_objection, commendations.LodgeObjection(c.id, a.id, "太晚了"))
    with pytest.raises(Conflict) as e:  # the objection is not resolved yet
        await personnel.run(commendations.award, commendations.Award(c.id, by=AWARDER))
    assert e.value.extra["open_objections"] == [o.id]
    await personnel.run(commendations.resolve_objection, commendations.ResolveObjection(c.id, o.id, True, by=AWARDER))
    await personnel.run(commendations.award, commendations.Award(c.id, by=AWARDER))
    awarded = (await personnel.events("commendation.awarded"))[0]["data"]
    assert awarded["nomination_ids"] == [a.id]
    with pytest.raises(InvalidTransition):
        await personnel.run(commendations.award, commendations.Award(c.id, by=AWARDER))


# ---- training -----------------------------------------------------------------------------------


async def test_training_hours_count_per_cadre_against_the_plan(personnel: PersonnelDb) -> None:
    a = await cadre(personnel, "培訓甲")
    plan = await personnel.run(
        training.create_plan,
        training.CreatePlan(year=2026, title="2026年度幹部教育培訓計劃", required_hours=Decimal("40")),
    )
    with pytest.raises(Conflict):
        await personnel.run(
            training.create_plan, training.CreatePlan(year=2026, title="again", required_hours=Decimal(1))
        )
    with pytest.raises(Invalid) as e:
        await personnel.run(
            training.add_course,
            training.AddCourse(
                plan.id, title="x", starts_on=date(2025, 12, 1), ends_on=date(2025, 12, 2), hours=Decimal(8)
            ),
        )
    assert e.value.extra["errors"][0]["field"] == "starts_on"
    course = await personnel.run(
        training.add_course,
        training.AddCourse(
            plan.id, title="僑務政策專題", starts_on=date(2026, 4, 1), ends_on=date(2026, 4, 3), hours=Decimal(24)
        ),
    )
    await personnel.run(training.enrol, training.Enrol(course.id, a))
    with pytest.raises(Conflict):
        await personnel.run(training.enrol, training.Enrol(course.id, a))
    with pytest.raises(Invalid) as e:
        await personnel.run(
            training.complete, training.RecordCompletion(course.id, a, hours=Decimal(25), completed_on=date(2026, 4, 3))
        )
    assert e.value.extra["errors"][0]["field"] == "hours"
    await personnel.run(
        training.complete, training.RecordCompletion(course.id, a, hours=Decimal("23.5"), completed_on=date(2026, 4, 3))
    )
    with pytest.raises(Conflict):
        await personnel.run(
            training.complete, training.RecordCompletion(course.id, a, hours=Decimal(1), completed_on=date(2026, 4, 3))
        )
    assert (await personnel.events("training.completed"))[0]["data"] == {
        "course_id": course.id,
        "cadre_id": a,
        "hours": 23.5,
        "completed_on": "2026-04-03",
    }
