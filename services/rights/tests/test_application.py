"""The petition commands against a real (SQLite) database: under any sequence of commands, allowed
or not, the petition is in a valid state, the deadlines table runs exactly the deadlines that state
needs, each at the date the petition shows, and a refused command changes nothing.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import tempfile
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qiaolian_chassis.clock import FixedClock
from qiaolian_chassis.db import Database
from qiaolian_chassis.errors import Conflict, Invalid, InvalidTransition
from qiaolian_chassis.uow import UnitOfWork, UnitOfWorkFactory
from qiaolian_contracts.events.rights import (
    Channel,
    FirstDecision,
    NoticeWaiver,
    Opinion,
    PetitionClass,
    PetitionerStatus,
    Satisfaction,
)
from qiaolian_rights.app import definition
from qiaolian_rights.database import deadlines
from qiaolian_rights.petitions import commands as c
from qiaolian_rights.petitions import handling_commands as h
from qiaolian_rights.petitions import rules
from qiaolian_rights.petitions.rules import TRANSITIONS, PetitionState
from qiaolian_rights.petitions.tables import Petition

CLOCK = FixedClock(datetime(2026, 6, 1, 4, tzinfo=UTC))  # Monday 2026-06-01 in Beijing
TODAY = date(2026, 6, 1)

Command = Callable[[UnitOfWork, str], Awaitable[Any]]
COMMANDS: dict[str, Command] = {
    "accept": lambda u, p: c.accept(u, c.AcceptPetition(p)),
    "acknowledge": lambda u, p: c.acknowledge(u, c.AcknowledgeTransfer(p)),
    "not_accept": lambda u, p: c.decide(u, c.DecidePetition(p, FirstDecision.not_accepted, reason="r")),
    "route": lambda u, p: c.decide(u, c.DecidePetition(p, FirstDecision.routed, organ="o")),
    "transfer": lambda u, p: c.decide(
        u, c.DecidePetition(p, FirstDecision.transferred, organ="o", feedback_due=TODAY + timedelta(days=20))
    ),
    "assign": lambda u, p: c.decide(
        u, c.DecidePetition(p, FirstDecision.assigned, organ="o", feedback_due=TODAY + timedelta(days=20))
    ),
    "record_feedback": lambda u, p: c.record_feedback(u, c.RecordFeedback(p)),
    "record_notice": lambda u, p: c.record_notice(u, c.RecordNotice(p)),
    "link_repeat": lambda u, p: c.link_repeat(u, c.LinkRepeat(p, OTHER, "same matter")),
    "unlink_repeat": lambda u, p: c.unlink_repeat(u, c.UnlinkRepeat(p, "a different matter")),
    "notice_waived": lambda u, p: c.record_notice(u, c.RecordNotice(p, waived=NoticeWaiver.address_unknown)),
    "object": lambda u, p: c.object_to_transfer(u, c.ObjectToTransfer(p, "r")),
    "extend": lambda u, p: h.extend(u, h.ExtendHandling(p, days=30, approved_by="head", reason="r")),
    "issue_opinion": lambda u, p: h.issue_opinion(u, h.IssueOpinion(p, Opinion.support)),
    "deliver_opinion": lambda u, p: h.deliver_opinion(u, h.DeliverOpinion(p)),
    "request_review": lambda u, p: h.request_review(u, h.RequestReview(p)),
    "decide_review": lambda u, p: h.decide_review(u, h.DecideReview(p, Opinion.explain)),
    "deliver_review_opinion": lambda u, p: h.deliver_review_opinion(u, h.DeliverReviewOpinion(p)),
    "deliver_rereview_opinion": lambda u, p: h.deliver_review_opinion(u, h.DeliverReviewOpinion(p, stage="rereview")),
    "request_rereview": lambda u, p: h.request_rereview(u, h.RequestRereview(p)),
    "start_hearing": lambda u, p: h.start_hearing(u, h.StartHearing(p)),
    "end_hearing": lambda u, p: h.end_hearing(u, h.EndHearing(p)),
    "decide_rereview": lambda u, p: h.decide_rereview(u, h.DecideRereview(p, Opinion.not_support)),
    "close": lambda u, p: h.close(u, h.ClosePetition(p)),
    "close_waived": lambda u, p: h.close(u, h.ClosePetition(p, waiver_received_on=TODAY)),
    # the scheduler's sweep, run well after any review window opened today has ended
    "sweep": lambda u, p: h.close_lapsed(u, TODAY + timedelta(days=45)),
    "record_satisfaction": lambda u, p: h.record_satisfaction(u, h.RecordSatisfaction(p, Satisfaction.satisfied)),
}
NAMES = sorted(COMMANDS)
OTHER = "other-open-petition"  # the open matter `link_repeat` links to
# other ways to give a command of the table: close on a waiver, or the scheduler closing a lapsed window;
# the notice waived (name or address unknown)
VARIANTS = {"close": ["close_waived", "sweep"], "record_notice": ["notice_waived"]}
REACHED: set[str] = set()
CUT_OFF_CHECKED: set[str] = set()  # the commands seen closing a petition that had a review window
PERSONAL = {
    "name": "歐陽明遠",
    "summary": "祖屋被佔用請求協調處理",
    "id": "430102198001011233",
    "phone": "13912345678",
    "address": "長沙市芙蓉區五一大道",
    "agent": "司馬相如",
    "representative": "諸葛孔明",
}


def test_every_command_of_the_table_is_exercised() -> None:
    assert set(TRANSITIONS.rules) - {"assign_handler"} == set(COMMANDS) - {v for vs in VARIANTS.values() for v in vs}


@pytest.fixture(scope="module")
def template() -> Any:
    """A migrated database file, copied for each example (migrating each time would be slow)."""
    tmp = Path(tempfile.mkdtemp())
    db = Database(f"sqlite+aiosqlite:///{tmp}/rights.db", definition().metadata, definition().migrations)

    async def go() -> None:
        await db.migrate()
        await db.dispose()

    asyncio.run(go())
    yield tmp / "rights.db"
    shutil.rmtree(tmp)


def due_shown(p: Petition, kind: str) -> date | None:
    return {
        "first_decision": p.first_decision_due,
        "notice": p.notice_due,
        "handling": p.handling_due,
        "feedback": p.feedback_due,
        "transfer_acknowledgement": p.acknowledge_due,
        "transfer_objection": p.objection_due,
        "review": p.review_due,
        "rereview": p.rereview_due,
    }[kind]


async def check(uow: UnitOfWorkFactory, pid: str) -> tuple[str, frozenset[str], dict[str, str]]:
    t = deadlines.table
    async with uow() as u:
        p = await u.session.get(Petition, pid)
        assert p is not None
        state = PetitionState(p.state)  # a valid state
        rows = (await u.session.execute(sa.select(t).where(t.c.subject_id == pid))).all()
        running = {r.kind.removeprefix("petition_") for r in rows if r.state in ("open", "paused")}
        paused = {r.kind.removeprefix("petition_") for r in rows if r.state == "paused"}
        assert running == {k.value for k in rules.running_deadlines(state, p.notice_pending)}, (state, rows)
        assert paused == {k.value for k in rules.PAUSED_IN.get(state, frozenset())}, (state, rows)
        for r in rows:
            if r.state in ("open", "paused"):
                assert due_shown(p, r.kind.removeprefix("petition_")) == r.due_on, (state, r)
        return p.state, p.flags, {r.kind: f"{r.state}:{r.due_on}" for r in rows}


HAPPY = [
    "issue_opinion",
    "deliver_opinion",
    "request_review",
    "decide_review",
    "deliver_review_opinion",
    "request_rereview",
    "start_hearing",
    "end_hearing",
]


async def scenario(db_file: Path, transferred: bool, prefix: int, picks: list[tuple[bool, int]]) -> None:
    d = definition()
    db = Database(f"sqlite+aiosqlite:///{db_file}", d.metadata, d.migrations)
    uow = UnitOfWorkFactory(db, "rights", d.tables, on_commit=lambda: None, clock=CLOCK.now)
    try:
        async with uow() as u:
            p = await c.file_petition(
                u,
                c.FilePetition(
                    channel=Channel.visit,
                    petitioner_name=PERSONAL["name"],
                    petitioner_status=PetitionerStatus.returnee,
                    petition_class=PetitionClass.claim,
                    category="c",
                    summary=PERSONAL["summary"],
                    received_on=date(2026, 5, 29),
                    id_number=PERSONAL["id"],
                    id_hash_key="k",
                    phone=PERSONAL["phone"],
                    address=PERSONAL["address"],
                    agent_name=PERSONAL["agent"],
                    representatives=[PERSONAL["representative"]],
                    transferred_from="organ" if transferred else None,
                ),
            )
            pid = p.id
            other = Petition(**{c.key: getattr(p, c.key) for c in Petition.__table__.columns})
            other.id, other.state, other.petitioner_id_hash = OTHER, "accepted", None
            u.session.add(other)
        before = await check(uow, pid)
        reached = {before[0]}
        # a prefix of the longest path (to reach the review clocks), then random commands
        path = [(True, -1, c) for c in (["acknowledge" if transferred else "accept"] + HAPPY)[:prefix]]
        for allowed_only, pick, *forced in path + [(a, p, None) for a, p in picks]:
            # mostly a command the state allows (to go deep), sometimes any command (to be refused)
            names = [c for c in TRANSITIONS.commands(PetitionState(before[0]), before[1]) if c in COMMANDS]
            names += [v for c in names for v in VARIANTS.get(c, [])]
            names = names if allowed_only and names else NAMES
            name = forced[0] or names[pick % len(names)]
            async with uow() as u:
                window_ends = h.review_window_end(await h.load(u, pid))
            try:
                async with uow() as u:
                    await COMMANDS[name](u, pid)
            except (Conflict, Invalid) as exc:
                if isinstance(exc, InvalidTransition):
                    assert exc.extra["current_state"] == before[0]
                assert await check(uow, pid) == before, f"refused {name} changed something"
                continue
            after = await check(uow, pid)
            if after[0] == "closed" and window_ends is not None:
                # never closed while the petitioner may still ask for a review, unless they waived it
                async with uow() as u:
                    p = await h.load(u, pid)
                    assert p.waiver_received_on is not None or (p.closed_on and p.closed_on > window_ends), name
                CUT_OFF_CHECKED.add(name)
            before = after
            reached.add(before[0])
        REACHED.update(reached)
        outbox = d.tables.outbox
        async with db.engine.connect() as conn:
            published = " ".join(
                json.dumps(json.loads(raw), ensure_ascii=False)
                for raw in (await conn.execute(sa.select(outbox.c.payload))).scalars()
            )
        assert "petition.filed" in published or "received_by_transfer" in published
        for what, value in PERSONAL.items():  # nothing personal is published
            assert value not in published, what
        assert rules.masked_id_number(PERSONAL["id"]) not in published
    finally:
        await db.dispose()


# derandomized: the same 80 sequences each run, since with a random seed about one run in six did not
# reach every deep state that test_the_random_sequences_reached_deep_states asks of it (12 seeds: 2 failed)
@settings(max_examples=80, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    transferred=st.booleans(),
    prefix=st.integers(0, len(HAPPY) + 1),
    picks=st.lists(st.tuples(st.integers(0, 4).map(bool), st.integers(min_value=0, max_value=1000)), max_size=30),
)
def test_no_sequence_of_commands_reaches_an_invalid_state_or_loses_a_deadline(
    template: Path, tmp_path: Path, transferred: bool, prefix: int, picks: list[tuple[bool, int]]
) -> None:
    db_file = tmp_path / f"p{abs(hash((transferred, prefix, tuple(picks))))}.db"
    shutil.copy(template, db_file)
    try:
        asyncio.run(scenario(db_file, transferred, prefix, picks))
    finally:
        db_file.unlink(missing_ok=True)


def test_the_random_sequences_reached_deep_states() -> None:
    """Runs after the property test (file order): it must have exercised the review and re-review clock."""
    if not REACHED:
        pytest.skip("run with the property test")
    assert {
        "accepted",
        "opinion_delivered",
        "under_review",
        "review_opinion_delivered",
        "rereview_hearing",
        "finalized",
    } <= REACHED
    assert {"close_waived", "sweep"} <= CUT_OFF_CHECKED
