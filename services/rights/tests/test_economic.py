"""The economic work's rules through the real command handlers on SQLite: the project pipeline,
貢獻獎 nominations (call window, review, quota, result) and the events they publish."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qiaolian_chassis.errors import Conflict, Invalid, InvalidTransition
from qiaolian_chassis.testing import ServiceAt, ServiceDb
from qiaolian_chassis.uow import UnitOfWorkFactory
from qiaolian_contracts.events.rights import NomineeKind, ProjectKind
from qiaolian_rights.app import definition
from qiaolian_rights.awards import commands as awards
from qiaolian_rights.awards.rules import NOMINATION
from qiaolian_rights.awards.tables import AwardCall, AwardNomination
from qiaolian_rights.projects import commands as projects
from qiaolian_rights.projects.rules import TRANSITIONS as PIPELINE
from qiaolian_rights.projects.tables import Project
from qiaolian_rights.startup.rules import TRANSITIONS as BASE

NOW = datetime(2026, 3, 2, 4, tzinfo=UTC)  # 2026-03-02 in Beijing


@pytest.fixture
async def rights(service_at: ServiceAt) -> ServiceDb:
    return await service_at(definition(), NOW)


async def events(rights: ServiceDb) -> list[tuple[str, dict]]:
    return [(e["type"].removeprefix("qiaolian.rights.").removesuffix(".v1"), e["data"]) for e in await rights.outbox()]


async def lead(uow: UnitOfWorkFactory, **kw: object) -> Project:
    args = dict(
        kind=ProjectKind.investment,
        title="精密製造項目",
        organisation="某精密機械有限公司",
        sector="equipment",
        region="changsha",
        country="SG",
        notes=None,
        intended_amount_10k_yuan=5000,
        lead_on=date(2026, 1, 10),
    )
    async with uow() as u:
        return await projects.create_lead(u, projects.CreateLead(**{**args, **kw}))  # type: ignore[arg-type]


async def test_a_project_moves_through_the_pipeline_and_is_signed(rights: ServiceDb) -> None:
    uow = rights.uow
    p = await lead(uow)
    async with uow() as u:
        for step, on in ((projects.ContactProject, date(2026, 1, 15)), (projects.NegotiateProject, date(2026, 2, 1))):
            await projects.step(u, step(project_id=p.id, on=on))
        signed = await projects.step(
            u, projects.SignProject(project_id=p.id, on=date(2026, 2, 20), contract_amount_10k_yuan=4800)
        )
    assert (signed.stage, signed.contract_amount_10k_yuan, PIPELINE.commands(signed.stage)) == (
        "signed",
        4800,
        ["land"],
    )
    got = await events(rights)
    assert [t for t, _ in got] == [
        "project.lead_created",
        "project.stage_changed",
        "project.stage_changed",
        "project.stage_changed",
        "project.signed",
    ]
    assert got[-1][1] == {
        "project_id": p.id,
        "kind": "investment",
        "sector": "equipment",
        "region": "changsha",
        "signed_on": "2026-02-20",
        "contract_amount_10k_yuan": 4800,
    }
    assert "organisation" not in got[0][1] and "title" not in got[0][1]  # names and notes stay in rights


async def test_a_project_cannot_skip_a_stage_or_move_after_it_is_dropped(rights: ServiceDb) -> None:
    uow = rights.uow
    p = await lead(uow)
    async with uow() as u:
        with pytest.raises(InvalidTransition) as e:
            await projects.step(u, projects.SignProject(project_id=p.id))
    assert e.value.extra == {"current_state": "lead", "allowed_commands": ["contact", "drop"]}
    async with uow() as u:
        await projects.step(u, projects.DropProject(project_id=p.id, reason="funding"))
    async with uow() as u:
        with pytest.raises(InvalidTransition) as e:
            await projects.step(u, projects.ContactProject(project_id=p.id))
    assert e.value.extra == {"current_state": "dropped", "allowed_commands": []}


async def test_a_stage_date_cannot_precede_the_last_one_or_be_in_the_future(rights: ServiceDb) -> None:
    uow = rights.uow
    p = await lead(uow)
    for on, reason in (
        (date(2026, 1, 9), "cannot be before the project became lead (2026-01-10)"),
        (date(2026, 3, 3), "cannot be in the future"),
    ):
        async with uow() as u:
            with pytest.raises(Invalid) as e:
                await projects.step(u, projects.ContactProject(project_id=p.id, on=on))
        assert e.value.extra["errors"] == [{"field": "on", "reason": reason}]


@given(st.lists(st.sampled_from(sorted(PIPELINE.rules)), max_size=8))
def test_any_command_sequence_stays_on_the_pipeline(commands: list[str]) -> None:
    state, reached = "lead", ["lead"]
    for c in commands:
        try:
            state = PIPELINE.apply(state, c)
        except InvalidTransition:
            continue
        reached.append(state)
    order = ["lead", "contacted", "negotiating", "signed", "landed"]
    path = [s for s in reached if s != "dropped"]
    assert path == order[: len(path)]  # stages are never skipped nor revisited
    assert "dropped" not in reached or ("signed" not in reached and reached[-1] == "dropped")


async def open_call(uow: UnitOfWorkFactory, **kw: object) -> AwardCall:
    args = dict(
        title="第九屆中國僑界貢獻獎", edition=2026, opens_on=date(2026, 2, 1), closes_on=date(2026, 3, 31), quota=1
    )
    async with uow() as u:
        return await awards.open_call(u, awards.OpenCall(**{**args, **kw}))  # type: ignore[arg-type]


async def nominate(uow: UnitOfWorkFactory, call_id: str) -> AwardNomination:
    async with uow() as u:
        return await awards.nominate(
            u,
            awards.Nominate(
                call_id=call_id,
                nominee_kind=NomineeKind.individual,
                nominee_name="陳博士",
                category="innovation_talent",
                region="changsha",
                dossier="事蹟材料",
            ),
        )


async def test_a_nomination_is_submitted_reviewed_recommended_and_awarded(rights: ServiceDb) -> None:
    uow = rights.uow
    call = await open_call(uow)
    n = await nominate(uow, call.id)
    async with uow() as u:
        await awards.submit(u, awards.SubmitNomination(n.id))
        await awards.review(u, awards.ReviewNomination(n.id, passed=True))
        await awards.recommend(u, awards.RecommendNomination(n.id))
        done = await awards.record_result(u, awards.RecordResult(n.id, awarded=True))
    assert done.state == "awarded"
    got = await events(rights)
    assert [t for t, _ in got] == [
        "award_nomination.submitted",
        "award_nomination.recommended",
        "award_nomination.result_recorded",
    ]
    assert got[0][1] == {
        "nomination_id": n.id,
        "call_id": call.id,
        "edition": 2026,
        "category": "innovation_talent",
        "nominee_kind": "individual",
        "region": "changsha",
        "submitted_on": "2026-03-02",
    }
    assert got[2][1]["result"] == "awarded"
    assert "陳博士" not in json.dumps(got, ensure_ascii=False)


async def test_recommendations_stop_at_the_quota_and_a_failed_review_is_a_result(rights: ServiceDb) -> None:
    uow = rights.uow
    call = await open_call(uow, quota=1)
    a, b, c = [await nominate(uow, call.id) for _ in range(3)]
    async with uow() as u:
        for n in (a, b, c):
            await awards.submit(u, awards.SubmitNomination(n.id))
        await awards.review(u, awards.ReviewNomination(a.id, passed=True))
        await awards.review(u, awards.ReviewNomination(b.id, passed=True))
        rejected = await awards.review(u, awards.ReviewNomination(c.id, passed=False, note="材料不足"))
        await awards.recommend(u, awards.RecommendNomination(a.id))
    assert rejected.state == "not_recommended" and NOMINATION.commands(rejected.state) == []
    async with uow() as u:
        with pytest.raises(Conflict) as e:
            await awards.recommend(u, awards.RecommendNomination(b.id))
    assert e.value.extra["quota"] == 1
    results = [d["result"] for t, d in await events(rights) if t == "award_nomination.result_recorded"]
    assert results == ["not_recommended"]


async def test_nominations_only_while_the_call_is_open_and_in_order(rights: ServiceDb) -> None:
    uow = rights.uow
    late = await open_call(uow, opens_on=date(2026, 1, 1), closes_on=date(2026, 2, 28))
    with pytest.raises(Conflict):
        await nominate(uow, late.id)
    call = await open_call(uow)
    n = await nominate(uow, call.id)
    async with uow() as u:
        with pytest.raises(InvalidTransition) as e:
            await awards.recommend(u, awards.RecommendNomination(n.id))
    assert e.value.extra == {"current_state": "dossier", "allowed_commands": ["submit", "update_dossier"]}
    async with uow() as u:
        await awards.close_call(u, awards.CloseCall(call.id))
    async with uow() as u:
        with pytest.raises(Conflict):
            await awards.submit(u, awards.SubmitNomination(n.id))
    with pytest.raises(Invalid):
        await open_call(uow, opens_on=date(2026, 4, 1), closes_on=date(2026, 3, 1))


def test_a_base_is_accredited_once_and_only_an_accredited_one_is_revoked() -> None:
    assert BASE.commands("applied") == ["accredit", "reject"]
    assert BASE.apply("accredited", "revoke") == "revoked"
    with pytest.raises(InvalidTransition):
        BASE.apply("accredited", "accredit")
    with pytest.raises(InvalidTransition):
        BASE.apply("rejected", "revoke")
