"""Reliability of the pipeline against a real nats-server: outbox, inbox, dead letters, restarts."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from qiaolian_chassis.consumer import batch_handler
from qiaolian_chassis.errors import Conflict
from qiaolian_chassis.relay import Relay
from qiaolian_chassis.service import Service, ServiceDefinition
from qiaolian_chassis.settings import BusSettings, ServiceSettings
from qiaolian_chassis.testing import TokenAuth
from qiaolian_contracts.envelope import make_envelope
from qiaolian_contracts.events.rights import Channel, PetitionAccepted, PetitionClass, PetitionerStatus, PetitionFiled
from qiaolian_deploy.launcher import provision_at
from qiaolian_deploy.natsserver import NatsServer
from qiaolian_office.app import definition as office_definition
from qiaolian_office.supervision.tables import SupervisionItem
from qiaolian_rights.app import definition as rights_definition
from qiaolian_rights.petitions.commands import FilePetition, file_petition

from .conftest import dump_logs, eventually, start_system

FILED = "qiaolian.rights.petition.filed.v1"
ACCEPTED = "qiaolian.rights.petition.accepted.v1"
FAST = {"relay_poll_s": 0.1, "consumer_max_deliver": 3, "consumer_backoff_s": [0.2]}


def settings_for(name: str, tmp: Path, server: NatsServer) -> ServiceSettings:
    return ServiceSettings(
        service=name,
        nats_url=server.url,
        nats_credentials_file=server.credentials_file(name),
        database_url=f"sqlite+aiosqlite:///{tmp}/{name}.db",
        **FAST,
    )


class RightsAndProvisioner:
    """Publishes as rights (the only user that may publish rights's events); everything else (stream
    and consumer info) as the provisioner."""

    def __init__(self, rights: Any, provisioner: Any) -> None:
        self.rights = rights
        self.provisioner = provisioner

    async def publish(self, subject: str, payload: bytes, **kw: Any) -> Any:
        return await self.rights.publish(subject, payload, **kw)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.provisioner, name)


@pytest.fixture
async def bus(nats_server: NatsServer) -> AsyncIterator[Any]:
    await provision_at(
        nats_server.url,
        BusSettings(nats_url=nats_server.url, **{k: v for k, v in FAST.items() if k.startswith("consumer")}),
        credentials=nats_server.creds("provisioner"),
    )
    admin = await nats_server.connect("provisioner")
    rights = await nats_server.connect("rights")
    yield RightsAndProvisioner(rights.jetstream(), admin.jetstream())
    await rights.close()
    await admin.close()


@pytest.fixture
async def start(
    tmp_path: Path, nats_server: NatsServer
) -> AsyncIterator[Callable[[ServiceDefinition], Awaitable[Service]]]:
    started: list[Service] = []

    async def _start(definition: ServiceDefinition) -> Service:
        svc = Service(definition, settings_for(definition.name, tmp_path, nats_server))
        await svc.start()
        started.append(svc)
        return svc

    yield _start
    for svc in started:
        await svc.stop()


async def wait_for(check: Callable[[], Awaitable[Any]], timeout: float = 10.0) -> Any:
    deadline = asyncio.get_running_loop().time() + timeout
    last = None
    while asyncio.get_running_loop().time() < deadline:
        last = await check()
        if last:
            return last
        await asyncio.sleep(0.05)
    raise AssertionError(f"not met in {timeout}s; last: {last!r}")


async def board_items(office: Service, petition_id: str) -> list[Any]:
    async with office.db.sessions() as s:
        return list((await s.scalars(sa.select(SupervisionItem).where(SupervisionItem.source_id == petition_id))).all())


def filed_envelope(petition_id: str, event_id: str | None = None) -> bytes:
    env = make_envelope(
        event_type=FILED,
        producer="rights",
        subject=petition_id,
        event_id=event_id,
        data=PetitionFiled(
            petition_id=petition_id,
            channel="letter",
            petitioner_status="returnee",
            petition_class="claim",
            category="property",
            received_on=date(2026, 3, 2),
            first_decision_due=date(2026, 3, 17),
        ),
    )
    return env.model_dump_json().encode()


async def drained(js: Any, stream: str, durable: str) -> bool:
    info = await js.consumer_info(stream, durable)
    return info.num_pending == 0 and info.num_ack_pending == 0


# ---- outbox ------------------------------------------------------------------------------------


@pytest.mark.system
def test_command_committed_while_nats_is_down_is_published_when_it_is_back(tmp_path: Path) -> None:
    system = start_system(tmp_path)
    try:
        rights = httpx.Client(base_url=system.url("rights"), timeout=10, auth=TokenAuth("rights"))
        office = httpx.Client(base_url=system.url("office"), timeout=10, auth=TokenAuth("office"))
        assert system.nats is not None
        system.nats.stop()
        r = rights.post(
            "/petitions",
            json={
                "channel": "visit",
                "petitioner": {"name": "陳明", "status": "relative"},
                "petition_class": "proposal",
                "category": "education",
                "summary": "子女入學",
                "received_on": "2026-03-02",
            },
        )
        assert r.status_code == 201, r.text
        petition_id = r.json()["id"]
        assert rights.get("/admin/outbox").json()["pending"] >= 1  # the petition's events wait in the outbox
        assert rights.get("/health/ready").status_code == 503  # NATS is away, and readiness says so
        system.nats.start()  # same port, same store

        def kinds() -> set[str]:
            items = office.get("/supervision/items", params={"limit": 500}).json()["items"]
            found = {i["kind"] for i in items if i["source_id"] == petition_id}
            return found if len(found) == 2 else set()

        # the first decision and the written notice, each a deadline of its own
        assert eventually(kinds, timeout=30) == {"petition_first_decision", "petition_notice"}
        assert rights.get("/admin/outbox").json()["pending"] == 0
    except Exception:
        dump_logs(system)
        raise
    finally:
        system.stop()


async def test_relay_killed_between_publish_and_mark_republishes_and_the_event_applies_once(
    tmp_path: Path, nats_server: NatsServer, bus: Any, start: Any
) -> None:
    rights = Service(rights_definition(), settings_for("rights", tmp_path, nats_server))
    await rights.db.migrate()
    rights.bus.start()  # no relay task: this test drives relays by hand
    await rights.bus.wait_connected()
    try:
        async with rights.uow() as uow:
            p = await file_petition(
                uow,
                FilePetition(
                    channel=Channel.online,
                    petitioner_name="周敏",
                    petitioner_status=PetitionerStatus.returnee,
                    petition_class=PetitionClass.claim,
                    category="property",
                    summary="…",
                    received_on=date(2026, 3, 2),
                ),
            )

        rows = await rights.relay.pending()  # petition.filed and the events of its first deadline
        assert rows >= 1
        doomed = Relay("rights", rights.db, rights.definition.tables, rights.bus)
        real_publish = doomed._publish

        async def publish_then_die(batch: Any) -> int:
            await real_publish(batch)
            raise RuntimeError("relay killed after the PubAck, before marking")

        doomed._publish = publish_then_die  # type: ignore[method-assign]
        with pytest.raises(RuntimeError, match="relay killed"):
            await doomed.drain_once()
        assert await rights.relay.pending() == rows  # published, but not marked
        assert (await bus.stream_info("RIGHTS")).state.messages == rows

        assert await rights.relay.drain_once() == rows  # a fresh relay publishes the rows again
        assert await rights.relay.pending() == 0
        assert (await bus.stream_info("RIGHTS")).state.messages == rows  # deduplicated by Nats-Msg-Id

        office = await start(office_definition())
        await wait_for(lambda: drained(bus, "RIGHTS", "office--supervision"))
        kinds = sorted(str(i.kind) for i in await board_items(office, p.id))
        assert kinds == ["petition_first_decision", "petition_notice"]  # each deadline once, not twice
    finally:
        await rights.bus.close()
        await rights.db.dispose()


# ---- inbox -------------------------------------------------------------------------------------


async def test_the_same_event_delivered_twice_has_one_effect(bus: Any, start: Any) -> None:
    office = await start(office_definition())
    payload = filed_envelope("pet-twice")
    # two copies that JetStream cannot deduplicate (different Nats-Msg-Id), as after the window
    await bus.publish(FILED, payload, headers={"Nats-Msg-Id": "copy-1"})
    await bus.publish(FILED, payload, headers={"Nats-Msg-Id": "copy-2"})
    await wait_for(lambda: drained(bus, "RIGHTS", "office--supervision"))
    assert len(await board_items(office, "pet-twice")) == 1
    inbox = office.definition.tables.inbox
    async with office.db.engine.connect() as conn:
        assert (
            await conn.scalar(
                sa.select(sa.func.count()).select_from(inbox).where(inbox.c.event_id == json.loads(payload)["id"])
            )
            == 1
        )


# ---- dead letters ------------------------------------------------------------------------------


async def dead_letters(svc: Service) -> list[Any]:
    dl = svc.definition.tables.dead_letters
    async with svc.db.engine.connect() as conn:
        return list((await conn.execute(sa.select(dl).order_by(dl.c.id))).all())


async def test_an_invalid_message_is_dead_lettered_at_once_and_the_next_is_handled(bus: Any, start: Any) -> None:
    office = await start(office_definition())
    bad = json.loads(filed_envelope("pet-bad"))
    del bad["data"]["first_decision_due"]
    await bus.publish(FILED, json.dumps(bad).encode(), headers={"Nats-Msg-Id": "bad"})
    await bus.publish(FILED, b"not json at all", headers={"Nats-Msg-Id": "garbage"})
    await bus.publish(FILED, filed_envelope("pet-good"), headers={"Nats-Msg-Id": "good"})
    await wait_for(lambda: board_items(office, "pet-good"))
    rows = await wait_for(lambda: dead_letters(office))
    assert [(r.deliveries, r.error.split(":")[0]) for r in rows] == [(1, "invalid message"), (1, "invalid message")]
    assert "first_decision_due" in rows[0].error
    # the dead letters also went out on the DEADLETTER stream, through the outbox
    await wait_for(lambda: _stream_count(bus, "DEADLETTER", 2))
    await wait_for(lambda: drained(bus, "RIGHTS", "office--supervision"))


async def _stream_count(js: Any, stream: str, n: int) -> bool:
    return (await js.stream_info(stream)).state.messages == n


async def test_a_failing_event_is_dead_lettered_after_max_deliver_and_can_be_replayed(bus: Any, start: Any) -> None:
    failing = {"on": True}
    calls: dict[str, int] = {}
    base = office_definition()
    real = base.handlers["office--supervision"][FILED]

    async def flaky(uow: Any, event: Any) -> None:
        calls[event.data.petition_id] = calls.get(event.data.petition_id, 0) + 1
        if failing["on"] and event.data.petition_id == "pet-flaky":
            raise OSError("the archive share is unreachable")
        await real(uow, [event])  # the board writes filings a run at a time

    handlers = {**base.handlers, "office--supervision": {**base.handlers["office--supervision"], FILED: flaky}}
    office = await start(dataclasses.replace(base, handlers=handlers))
    await bus.publish(FILED, filed_envelope("pet-flaky"), headers={"Nats-Msg-Id": "flaky"})
    await bus.publish(FILED, filed_envelope("pet-after"), headers={"Nats-Msg-Id": "after"})

    await wait_for(lambda: board_items(office, "pet-after"))  # not held up behind the failing one
    rows = await wait_for(lambda: dead_letters(office))
    assert rows[0].deliveries == 3 and rows[0].error.startswith("failed 3 deliveries")
    assert calls["pet-flaky"] == 3
    await wait_for(lambda: drained(bus, "RIGHTS", "office--supervision"))
    assert await board_items(office, "pet-flaky") == []

    failing["on"] = False  # the operator fixed the cause; replay applies it once
    result = await office.replay_dead_letter(rows[0].id)
    assert result["replayed"] is True
    assert len(await board_items(office, "pet-flaky")) == 1
    with pytest.raises(Conflict):
        await office.replay_dead_letter(rows[0].id)


async def test_a_batch_handler_takes_each_run_of_its_events_at_once_in_stream_order(bus: Any, start: Any) -> None:
    """office's board writes a run of filings in one statement; an acceptance between two runs still
    closes the first decision it follows, and a run that fails is retried one event at a time."""
    base = office_definition()
    real = base.handlers["office--supervision"][FILED]
    runs: list[list[str]] = []

    @batch_handler
    async def recording(uow: Any, events: list[Any]) -> None:
        ids = [e.data.petition_id for e in events]
        runs.append(ids)
        if "pet-b3" in ids and len(ids) > 1:
            raise OSError("a run containing pet-b3 fails; pet-b3 alone does not")
        await real(uow, events)

    accepted = make_envelope(
        event_type=ACCEPTED,
        producer="rights",
        subject="pet-b1",
        data=PetitionAccepted(petition_id="pet-b1", accepted_on=date(2026, 3, 3), handling_due=date(2026, 5, 4)),
    )
    for pid in ("pet-b1", "pet-b2"):
        await bus.publish(FILED, filed_envelope(pid), headers={"Nats-Msg-Id": f"{pid}-filed"})
    await bus.publish(ACCEPTED, accepted.model_dump_json().encode(), headers={"Nats-Msg-Id": "pet-b1-accepted"})
    for pid in ("pet-b3", "pet-b4"):
        await bus.publish(FILED, filed_envelope(pid), headers={"Nats-Msg-Id": f"{pid}-filed"})

    handlers = {**base.handlers, "office--supervision": {**base.handlers["office--supervision"], FILED: recording}}
    office = await start(dataclasses.replace(base, handlers=handlers))
    await wait_for(lambda: drained(bus, "RIGHTS", "office--supervision"))

    # one fetch: [b1, b2] at once, the acceptance, then [b3, b4], which fails: the batch rolls back and
    # every message is applied alone
    assert runs == [["pet-b1", "pet-b2"], ["pet-b3", "pet-b4"], ["pet-b1"], ["pet-b2"], ["pet-b3"], ["pet-b4"]]
    b1 = {i.kind: i.state for i in await board_items(office, "pet-b1")}
    assert b1 == {"petition_first_decision": "closed", "petition_handling": "open"}
    for pid in ("pet-b2", "pet-b3", "pet-b4"):
        assert [(i.kind, i.state) for i in await board_items(office, pid)] == [("petition_first_decision", "open")]
    assert await dead_letters(office) == []
