"""The congress of returnees and relatives: quotas, delegates within them, identity review state, committee."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from qiaolian_chassis import clock
from qiaolian_chassis.errors import Conflict, Invalid, InvalidTransition
from qiaolian_contracts.events.personnel import FederationLevel, IdentityType
from qiaolian_personnel.congresses import commands as congresses
from qiaolian_personnel.congresses import queries
from qiaolian_personnel.database import deadlines
from qiaolian_personnel.federations import commands as federations
from qiaolian_personnel.identity_reviews import commands as identity

if TYPE_CHECKING:
    from conftest import PersonnelDb


async def _fed(personnel: PersonnelDb, name: str, level: str) -> str:
    today = clock.today(personnel.clock)
    cmd = federations.RegisterFederation(
        name=name, level=FederationLevel(level), term_starts_on=today, term_ends_on=today + timedelta(days=1800)
    )
    return str((await personnel.run(federations.register, replace(cmd))).id)


async def test_quotas_nominations_beyond_them_409_with_the_numbers_and_the_committee_closes_the_date(
    personnel: PersonnelDb,
) -> None:
    today = clock.today(personnel.clock)
    city = await _fed(personnel, "長沙市僑聯", "city")
    county = await _fed(personnel, "長沙縣僑聯", "county")
    congress = await personnel.run(
        congresses.schedule,
        congresses.ScheduleCongress("湖南省第十一次歸僑僑眷代表大會", 11, today + timedelta(days=100)),
    )
    assert await personnel.events("congress.convening_due") == []  # outside its 60-day notice
    async with personnel.uow() as u:
        assert await deadlines.run_once(u, today + timedelta(days=40)) == 1
    assert [e["data"] for e in await personnel.events("congress.convening_due")] == [
        {"congress_id": congress.id, "held_on": str(today + timedelta(days=100))}
    ]

    with pytest.raises(Invalid) as e:  # a county has no quota of its own
        await personnel.run(congresses.set_quota, congresses.SetQuota(congress.id, county, 3))
    assert e.value.extra["errors"][0]["field"] == "federation_id"
    await personnel.run(congresses.set_quota, congresses.SetQuota(congress.id, city, 2))
    review = await personnel.run(
        identity.submit,
        identity.SubmitIdentityReview(
            federation_id=city, leader_name="陳某", position="代表", identity_type=IdentityType.returnee, documents=()
        ),
    )
    first = await personnel.run(
        congresses.nominate, congresses.NominateDelegate(congress.id, city, "陳某", identity_review_id=review.id)
    )
    second = await personnel.run(congresses.nominate, congresses.NominateDelegate(congress.id, city, "李某"))
    with pytest.raises(Conflict) as c:
        await personnel.run(congresses.nominate, congresses.NominateDelegate(congress.id, city, "王某"))
    assert (c.value.extra["quota"], c.value.extra["nominated"]) == (2, 2)
    with pytest.raises(Conflict):  # below what is nominated
        await personnel.run(congresses.set_quota, congresses.SetQuota(congress.id, city, 1))
    with pytest.raises(Invalid) as e:  # the review of another federation
        other = await _fed(personnel, "中南大學僑聯", "university")
        await personnel.run(congresses.set_quota, congresses.SetQuota(congress.id, other, 1))
        await personnel.run(
            congresses.nominate, congresses.NominateDelegate(congress.id, other, "趙某", identity_review_id=review.id)
        )
    assert e.value.extra["errors"][0]["field"] == "identity_review_id"
    async with personnel.uow() as u:
        rows = (await u.session.execute(queries.delegates(congress.id, federation_id=city))).all()
        quotas = await queries.quotas(u.session, congress.id)
    assert [(d.id, state) for d, state in rows] == [(first.id, "submitted"), (second.id, None)]
    assert sorted((q.federation_id, q.seats, n) for q, n in quotas) == sorted([(city, 2, 2), (other, 1, 0)])

    with pytest.raises(Invalid) as e:
        await personnel.run(
            congresses.elect_committee,
            congresses.ElectCommittee(congress.id, (congresses.Member("no-such", "member"),)),
        )
    assert e.value.extra["errors"][0]["field"] == "members"
    await personnel.run(
        congresses.elect_committee,
        congresses.ElectCommittee(
            congress.id, (congresses.Member(first.id, "chair"), congresses.Member(second.id, "member"))
        ),
    )
    elected = await personnel.events("congress.committee_elected")
    assert [e["data"] for e in elected] == [
        {"congress_id": congress.id, "held_on": str(today + timedelta(days=100)), "members": 2}
    ]
    assert "陳某" not in str(elected)  # no delegate's name on the bus
    with pytest.raises(InvalidTransition):
        await personnel.run(congresses.nominate, congresses.NominateDelegate(congress.id, city, "王某"))
    with pytest.raises(Invalid) as e:
        await personnel.run(congresses.schedule, congresses.ScheduleCongress("x", 1, today - timedelta(days=1)))
    assert e.value.extra["errors"][0]["field"] == "held_on"
