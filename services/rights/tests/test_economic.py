"""The economic work's rules through the real command handlers on SQLite: the project pipeline,
貢獻獎 nominations (call window, review, quota, result) and the events they publish."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import given, strategies as st

from qiaolian_chassis.clock import FixedClock
from qiaolian_chassis.db import Database
from qiaolian_chassis.errors import Conflict, Invalid, InvalidTransition
from qiaolian_chassis.uow import UnitOfWorkFactory
from qiaolian_contracts.events.rights import NomineeKind, ProjectKind
from qiaolian_rights import awards, projects, startup
from qiaolian_rights.app import definition

CLOCK = FixedClock(datetime(2026, 3, 2, 4, tzinfo=timezone.utc))  # 2026-03-02 in Beijing


async def setup(tmp_path: Path) -> tuple[Database, UnitOfWorkFactory]:
    d = definition()
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/rights.db", d.metadata, d.migrations)
    await db.migrate()
    return db, UnitOfWorkFactory(db, "rights", d.tables, on_commit=lambda: None, clock=CLOCK.now)


async def events(db: Database) -> list[tuple[str, dict]]:
    outbox = definition().tables.outbox
    async with db.engine.connect() as conn:
        rows = (await conn.execute(sa.select(outbox.c.event_type, outbox.c.payload).order_by(outbox.c.id))).all()
    return [(r.event_type.removeprefix("qiaolian.rights.").removesuffix(".v1"), json.loads(r.payload)["data"])
            for r in rows]


async def lead(uow: UnitOfWorkFactory, **kw: object) -> projects.Project:
    args = dict(kind=ProjectKind.investment, title="精密製造項目", organisation="某精密機械有限公司",
                sector="equipment", region="changsha", country="SG", notes=None, intended_amount_10k_yuan=5000,
                lead_on=date(2026, 1, 10))
    async with uow() as u:
        return await projects.create_lead(u, CLOCK, **{**args, **kw})  # type: ignore[arg-type]


async def test_a_project_moves_through_the_pipeline_and_is_signed(tmp_path: Path) -> None:
    db, uow = await setup(tmp_path)
    p = await lead(uow)
    async with uow() as u:
        for command, on in (("contact", date(2026, 1, 15)), ("negotiate", date(2026, 2, 1))):
            await projects.step(u, CLOCK, p.id, command, on=on)
        signed = await projects.step(u, CLOCK, p.id, "sign", on=date(2026, 2, 20), amount_10k_yuan=4800)
    assert (signed.stage, signed.contract_amount_10k_yuan, projects.MACHINE.allowed(signed.stage)) == \
        ("signed", 4800, ["land"])
    got = await events(db)
    assert [t for t, _ in got] == ["project.lead_created", "project.stage_changed", "project.stage_changed",
                                   "project.stage_changed", "project.signed"]
    assert got[-1][1] == {"project_id": p.id, "kind": "investment", "sector": "equipment", "region": "changsha",
                          "signed_on": "2026-02-20", "contract_amount_10k_yuan": 4800}
    assert "organisation" not in got[0][1] and "title" not in got[0][1]  # names and notes stay in rights
    await db.dispose()


async def test_a_project_cannot_skip_a_stage_or_move_after_it_is_dropped(tmp_path: Path) -> None:
    db, uow = await setup(tmp_path)
    p = await lead(uow)
    async with uow() as u:
        with pytest.raises(InvalidTransition) as e:
            await projects.step(u, CLOCK, p.id, "sign", on=None)
    assert e.value.extra == {"current_state": "lead", "allowed_commands": ["contact", "drop"]}
    async with uow() as u:
        await projects.step(u, CLOCK, p.id, "drop", on=None, reason="funding")
    async with uow() as u:
        with pytest.raises(InvalidTransition) as e:
            await projects.step(u, CLOCK, p.id, "contact", on=None)
    assert e.value.extra == {"current_state": "dropped", "allowed_commands": []}
    await db.dispose()


async def test_a_stage_date_cannot_precede_the_last_one_or_be_in_the_future(tmp_path: Path) -> None:
    db, uow = await setup(tmp_path)
    p = await lead(uow)
    for on, reason in ((date(2026, 1, 9), "cannot be before the project became lead (2026-01-10)"),
                       (date(2026, 3, 3), "cannot be in the future")):
        async with uow() as u:
            with pytest.raises(Invalid) as e:
                await projects.step(u, CLOCK, p.id, "contact", on=on)
        assert e.value.extra["errors"] == [{"field": "on", "reason": reason}]
    await db.dispose()


@given(st.lists(st.sampled_from(sorted(projects.MACHINE.rules)), max_size=8))
def test_any_command_sequence_stays_on_the_pipeline(commands: list[str]) -> None:
    state, reached = "lead", ["lead"]
    for c in commands:
        try:
            state = projects.MACHINE.apply(state, c)
        except InvalidTransition:
            continue
        reached.append(state)
    order = ["lead", "contacted", "negotiating", "signed", "landed"]
    path = [s for s in reached if s != "dropped"]
    assert path == order[:len(path)]  # stages are never skipped nor revisited
    assert "dropped" not in reached or ("signed" not in reached and reached[-1] == "dropped")


async def open_call(uow: UnitOfWorkFactory, **kw: object) -> awards.AwardCall:
    args = dict(title="第九屆中國僑界貢獻獎", edition=2026, opens_on=date(2026, 2, 1), closes_on=date(2026, 3, 31),
                quota=1)
    async with uow() as u:
        return await awards.open_call(u, **{**args, **kw})  # type: ignore[arg-type]


async def nominate(uow: UnitOfWorkFactory, call_id: str) -> awards.AwardNomination:
    async with uow() as u:
        return await awards.nominate(u, CLOCK, call_id=call_id, nominee_kind=NomineeKind.individual,
                                     nominee_name="陳博士", category="innovation_talent", region="changsha",
                                     dossier="事蹟材料")


async def test_a_nomination_is_submitted_reviewed_recommended_and_awarded(tmp_path: Path) -> None:
    db, uow = await setup(tmp_path)
    call = await open_call(uow)
    n = await nominate(uow, call.id)
    async with uow() as u:
        await awards.submit(u, CLOCK, n.id)
        await awards.review(u, CLOCK, n.id, passed=True, note=None, on=None)
        await awards.recommend(u, CLOCK, n.id, None)
        done = await awards.record_result(u, CLOCK, n.id, awarded=True, on=None)
    assert done.state == "awarded"
    got = await events(db)
    assert [t for t, _ in got] == ["award_nomination.submitted", "award_nomination.recommended",
                                   "award_nomination.result_recorded"]
    assert got[0][1] == {"nomination_id": n.id, "call_id": call.id, "edition": 2026, "category": "innovation_talent",
                         "nominee_kind": "individual", "region": "changsha", "submitted_on": "2026-03-02"}
    assert got[2][1]["result"] == "awarded"
    assert "陳博士" not in json.dumps(got, ensure_ascii=False)
    await db.dispose()


async def test_recommendations_stop_at_the_quota_and_a_failed_review_is_a_result(tmp_path: Path) -> None:
    db, uow = await setup(tmp_path)
    call = await open_call(uow, quota=1)
    a, b, c = [await nominate(uow, call.id) for _ in range(3)]
    async with uow() as u:
        for n in (a, b, c):
            await awards.submit(u, CLOCK, n.id)
        await awards.review(u, CLOCK, a.id, passed=True, note=None, on=None)
        await awards.review(u, CLOCK, b.id, passed=True, note=None, on=None)
        rejected = await awards.review(u, CLOCK, c.id, passed=False, note="材料不足", on=None)
        await awards.recommend(u, CLOCK, a.id, None)
    assert rejected.state == "not_recommended" and awards.NOMINATION.allowed(rejected.state) == []
    async with uow() as u:
        with pytest.raises(Conflict) as e:
            await awards.recommend(u, CLOCK, b.id, None)
    assert e.value.extra["quota"] == 1
    results = [d["result"] for t, d in await events(db) if t == "award_nomination.result_recorded"]
    assert results == ["not_recommended"]
    await db.dispose()


async def test_nominations_only_while_the_call_is_open_and_in_order(tmp_path: Path) -> None:
    db, uow = await setup(tmp_path)
    late = await open_call(uow, opens_on=date(2026, 1, 1), closes_on=date(2026, 2, 28))
    with pytest.raises(Conflict):
        await nominate(uow, late.id)
    call = await open_call(uow)
    n = await nominate(uow, call.id)
    async with uow() as u:
        with pytest.raises(InvalidTransition) as e:
            await awards.recommend(u, CLOCK, n.id, None)
    assert e.value.extra == {"current_state": "dossier", "allowed_commands": ["submit", "update_dossier"]}
    async with uow() as u:
        await awards.close_call(u, CLOCK, call.id)
    async with uow() as u:
        with pytest.raises(Conflict):
            await awards.submit(u, CLOCK, n.id)
    with pytest.raises(Invalid):
        await open_call(uow, opens_on=date(2026, 4, 1), closes_on=date(2026, 3, 1))
    await db.dispose()


def test_a_base_is_accredited_once_and_only_an_accredited_one_is_revoked() -> None:
    assert startup.BASE.allowed("applied") == ["accredit", "reject"]
    assert startup.BASE.apply("accredited", "revoke") == "revoked"
    with pytest.raises(InvalidTransition):
        startup.BASE.apply("accredited", "accredit")
    with pytest.raises(InvalidTransition):
        startup.BASE.apply("rejected", "revoke")
