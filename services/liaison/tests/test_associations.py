"""Associations and key persons on a real (SQLite) database: terms warned through the deadline scheduler,
duplicates refused with the likely matches, and merges that move roles, interactions and visits."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from qiaolian_chassis.errors import Conflict, Invalid
from qiaolian_chassis.testing import ServiceDb
from qiaolian_contracts.events.liaison import ContactKind, InteractionKind, MemberRole
from qiaolian_liaison.associations import commands, queries, rules
from qiaolian_liaison.associations.commands import (
    Appoint,
    EndAppointment,
    LogInteraction,
    MergeAssociations,
    MergePersons,
    RegisterAssociation,
    RegisterPerson,
)
from qiaolian_liaison.associations.tables import Appointment, Interaction, Person
from qiaolian_liaison.database import deadlines
from qiaolian_liaison.delegation_visits.commands import CreateVisit, create_visit
from qiaolian_liaison.delegation_visits.tables import DelegationVisit

TODAY = date(2027, 1, 4)
EXPIRING = "qiaolian.liaison.member.term_expiring.v1"


def person(**kw: Any) -> RegisterPerson:
    return RegisterPerson(
        **{
            "name_zh": "陳大文",
            "family_name": "Tan",
            "given_name": "Ah Kow",
            "country": "MY",
            "field": "business",
            "hometown": "長沙",
            "phone": "+60 12 345 6789",
            **kw,
        }
    )


async def test_a_term_is_warned_once_60_days_before_it_ends_and_not_after_it_ended(liaison: ServiceDb) -> None:
    uowf = liaison.uow
    ends = TODAY + timedelta(days=90)
    async with uowf() as uow:
        p = await commands.register_person(uow, person())
        a = await commands.appoint(
            uow, Appoint(p.id, MemberRole.overseas_adviser, term_starts_on=date(2022, 1, 1), term_ends_on=ends)
        )
        p2 = await commands.register_person(uow, person(name_zh="林美玲", family_name="Lim", given_name="Mei Ling"))
        a2 = await commands.appoint(
            uow, Appoint(p2.id, MemberRole.committee_member, term_starts_on=date(2022, 1, 1), term_ends_on=ends)
        )
        await commands.end_appointment(uow, EndAppointment(a2.id, TODAY))  # ended early: never warned

    async def tick(on: date) -> int:
        async with uowf() as uow:
            return await deadlines.run_once(uow, on)

    assert await tick(TODAY) == 0  # 90 days ahead: too early
    assert await tick(ends - timedelta(days=61)) == 0
    assert await tick(ends - timedelta(days=60)) == 1
    assert await tick(ends - timedelta(days=59)) == 0  # once per term end
    assert await tick(ends + timedelta(days=1)) == 0  # nothing is "overdue" about a term
    assert await liaison.facts(EXPIRING) == [{"appointment_id": a.id, "term_ends_on": ends.isoformat()}]
    appointed = await liaison.facts("qiaolian.liaison.member.appointed.v1")
    assert appointed[0] == {
        "appointment_id": a.id,
        "person_id": p.id,
        "association_id": None,
        "role": "overseas_adviser",
        "term_starts_on": "2022-01-01",
        "term_ends_on": ends.isoformat(),
    }


async def test_terms_and_roles_refuse_bad_input(liaison: ServiceDb) -> None:
    uowf = liaison.uow
    async with uowf() as uow:
        p = await commands.register_person(uow, person())
        await commands.appoint(uow, Appoint(p.id, MemberRole.youth_committee_member, term_starts_on=TODAY))
    async with uowf() as uow:
        with pytest.raises(Invalid) as bad:
            await commands.appoint(uow, Appoint(p.id, MemberRole.hmt_contact, term_starts_on=TODAY, term_ends_on=TODAY))
        assert bad.value.extra["errors"][0]["field"] == "term_ends_on"
        with pytest.raises(Conflict):  # the same role twice at once
            await commands.appoint(uow, Appoint(p.id, MemberRole.youth_committee_member, term_starts_on=TODAY))


async def test_a_likely_duplicate_person_is_refused_with_the_matches_unless_confirmed(liaison: ServiceDb) -> None:
    uowf = liaison.uow
    async with uowf() as uow:
        first = await commands.register_person(uow, person())
    for same in (
        person(name_zh=None, family_name="AH KOW", given_name="tan"),  # swapped and upper case
        person(family_name=None, given_name=None),  # the Chinese name alone
        person(name_zh="陳 大文", family_name="Chan", given_name="Tai Man"),
    ):
        async with uowf() as uow:
            with pytest.raises(Conflict) as dup:
                await commands.register_person(uow, same)
        assert [d["id"] for d in dup.value.extra["duplicates"]] == [first.id]
        assert "phone" not in dup.value.extra["duplicates"][0]
    async with uowf() as uow:  # the same name in another country is another person
        await commands.register_person(uow, person(country="SG"))
        second = await commands.register_person(uow, person(register_despite_duplicates=True))
    async with uowf() as uow:
        assert [
            d.id
            for d in await queries.person_duplicates(
                uow.session, country="MY", zh=rules.zh_key("陳大文"), rom=None, exclude=second.id
            )
        ] == [first.id]


async def test_traditional_and_simplified_and_a_surnames_romanisations_are_found_with_their_score(
    liaison: ServiceDb,
) -> None:
    async with liaison.uow() as uow:
        first = await commands.register_person(uow, person())  # 陳大文, Tan Ah Kow
        lim = await commands.register_person(uow, person(name_zh="林美玲", family_name="Lim", given_name="Mei Ling"))
    cases = [
        (person(name_zh="陈大文", family_name=None, given_name=None), first.id, 0.9, ["traditional_simplified"]),
        (person(name_zh=None, family_name="Chen", given_name="Ah Kow"), first.id, 0.6, ["surname_romanisation"]),
        (
            person(name_zh="陳大文", family_name="Chan", given_name="Ah Kow"),
            first.id,
            1.0,
            ["name_zh", "surname_romanisation"],
        ),
        (person(name_zh=None, family_name="Mei Ling", given_name="LIN"), lim.id, 0.6, ["surname_romanisation"]),
        (person(name_zh="林美玲", family_name=None, given_name=None), lim.id, 1.0, ["name_zh"]),
    ]
    for cmd, expected, score, matched in cases:
        async with liaison.uow() as uow:
            with pytest.raises(Conflict) as dup:
                await commands.register_person(uow, cmd)
        found = dup.value.extra["duplicates"]
        assert [(d["id"], d["score"], d["matched"]) for d in found] == [(expected, score, matched)], cmd
    async with liaison.uow() as uow:  # Huang, Wong and Ng are one surname; another given name is another person
        wong = await commands.register_person(uow, person(name_zh=None, family_name="Wong", given_name="Kar Wai"))
        await commands.register_person(
            uow, person(name_zh=None, family_name="Ng", given_name="Kar Wai", register_despite_duplicates=True)
        )
        await commands.register_person(uow, person(name_zh=None, family_name="Wong", given_name="Ka Wai"))
        found = await queries.person_duplicates(
            uow.session,
            country="MY",
            zh=None,
            rom=rules.person_romanised_key("Huang", "Kar Wai"),
            probe=rules.person_probe(None, "Wong", "Kar Wai"),
        )
    assert [(d.score, d.matched) for d in found] == [(0.8, ["name_romanised"]), (0.6, ["surname_romanisation"])]
    assert found[0].id == wong.id


async def test_merging_persons_moves_roles_interactions_and_visits_and_publishes_contact_merged(
    liaison: ServiceDb,
) -> None:
    uowf = liaison.uow
    async with uowf() as uow:
        keep = await commands.register_person(uow, person(phone=None))
        dup = await commands.register_person(uow, person(name_zh=None, register_despite_duplicates=True))
        role = await commands.appoint(uow, Appoint(dup.id, MemberRole.committee_member, term_starts_on=TODAY))
        log = await commands.log_interaction(
            uow,
            LogInteraction(
                contact_kind=ContactKind.person,
                contact_id=dup.id,
                kind=InteractionKind.call,
                occurred_on=TODAY,
                staff_cadre_id="c-1",
            ),
        )
        visit = await create_visit(
            uow,
            CreateVisit(
                association_name="馬來西亞湖南同鄉會",
                country="MY",
                size=3,
                arrival_on=TODAY + timedelta(days=9),
                departure_on=TODAY + timedelta(days=10),
                needs_reception=False,
                vehicles_needed=0,
                members=[dup.id, keep.id],
            ),
        )
    async with uowf() as uow:
        survivor = await commands.merge_persons(uow, MergePersons(keep.id, dup.id))
        assert survivor.phone == "+60 12 345 6789"  # a blank of the survivor is filled from the duplicate
    async with uowf() as uow:
        assert (await uow.session.get(Appointment, role.id)).person_id == keep.id
        assert (await uow.session.get(Interaction, log.id)).contact_id == keep.id
        assert (await uow.session.get(DelegationVisit, visit.id)).members == [keep.id]
        assert (await uow.session.get(Person, dup.id)).merged_into == keep.id
    assert await liaison.facts("qiaolian.liaison.contact.merged.v1") == [
        {"kind": "person", "survivor_id": keep.id, "merged_id": dup.id}
    ]
    async with uowf() as uow:
        with pytest.raises(Conflict) as again:
            await commands.merge_persons(uow, MergePersons(keep.id, dup.id))
        assert again.value.extra["current_state"] == "merged"
        with pytest.raises(Invalid):
            await commands.merge_persons(uow, MergePersons(keep.id, keep.id))


async def test_merging_associations_moves_their_persons_and_visits(liaison: ServiceDb) -> None:
    uowf = liaison.uow
    body = {
        "name_zh": "馬來西亞湖南同鄉會",
        "name_romanised": "Malaysia Hunan Association",
        "country": "MY",
        "field": "hometown",
        "hometown": "湖南",
    }
    async with uowf() as uow:
        keep = await commands.register_association(uow, RegisterAssociation(**body))
    async with uowf() as uow:
        with pytest.raises(Conflict):
            await commands.register_association(
                uow, RegisterAssociation(**{**body, "name_zh": None, "name_romanised": "MALAYSIA HUNAN-association"})
            )
    async with uowf() as uow:
        dup = await commands.register_association(
            uow, RegisterAssociation(**{**body, "register_despite_duplicates": True})
        )
        member = await commands.register_person(uow, person(association_id=dup.id))
        visit = await create_visit(
            uow,
            CreateVisit(
                association_name="同鄉會",
                country="MY",
                size=3,
                arrival_on=TODAY + timedelta(days=9),
                departure_on=TODAY + timedelta(days=10),
                needs_reception=False,
                vehicles_needed=0,
                association_id=dup.id,
            ),
        )
    async with uowf() as uow:
        await commands.merge_associations(uow, MergeAssociations(keep.id, dup.id))
    async with uowf() as uow:
        assert (await uow.session.get(Person, member.id)).association_id == keep.id
        assert (await uow.session.get(DelegationVisit, visit.id)).association_id == keep.id
        with pytest.raises(Invalid) as gone:  # a merged association cannot receive new members
            await commands.register_person(
                uow, person(name_zh="王", family_name="Wong", given_name="X", association_id=dup.id)
            )
        assert gone.value.extra["errors"][0]["field"] == "association_id"
