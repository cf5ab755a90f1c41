"""Accounts follow personnel: an appointment or transfer moves the office and post role, removal or
retirement disables the account and ends its sessions at once. Handlers through the chassis's inbox
(one effect per event), and once through a real nats-server."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.bus import connect_as
from qiaolian_chassis.consumer import Parsed
from qiaolian_chassis.service import Service
from qiaolian_console.accounts.tables import Account, AccountChange
from qiaolian_contracts.envelope import Envelope, make_envelope
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.personnel import (
    CadreAppointed,
    CadreRemoved,
    CadreRetired,
    CadreTransferred,
    RemovalReason,
)
from qiaolian_deploy.launcher import provision_at
from qiaolian_deploy.natsserver import NatsServer

from .conftest import Running, StartConsole

DAY = date(2026, 3, 2)


def appointed(cadre_id: str, office: str) -> Envelope[Any]:
    return make_envelope(
        event_type="qiaolian.personnel.cadre.appointed.v1",
        producer="personnel",
        subject=cadre_id,
        data=CadreAppointed(
            cadre_id=cadre_id, appointment_id="a-1", name="王芳", office=Office(office), post="科員", effective_on=DAY
        ),
    )


def transferred(cadre_id: str, from_office: str, office: str) -> Envelope[Any]:
    return make_envelope(
        event_type="qiaolian.personnel.cadre.transferred.v1",
        producer="personnel",
        subject=cadre_id,
        data=CadreTransferred(
            cadre_id=cadre_id,
            appointment_id="a-2",
            name="王芳",
            from_office=Office(from_office),
            office=Office(office),
            post="處長",
            effective_on=DAY,
        ),
    )


def removed(cadre_id: str, office: str) -> Envelope[Any]:
    return make_envelope(
        event_type="qiaolian.personnel.cadre.removed.v1",
        producer="personnel",
        subject=cadre_id,
        data=CadreRemoved(cadre_id=cadre_id, office=Office(office), reason=RemovalReason.dismissed, effective_on=DAY),
    )


def retired(cadre_id: str, office: str | None) -> Envelope[Any]:
    return make_envelope(
        event_type="qiaolian.personnel.cadre.retired.v1",
        producer="personnel",
        subject=cadre_id,
        data=CadreRetired(cadre_id=cadre_id, office=Office(office) if office else None, retired_on=DAY),
    )


async def deliver(service: Service, *events: Envelope[Any]) -> None:
    """Through the consumer's inbox, as a fetched batch is applied."""
    await service.consumers[0].apply([Parsed(None, e) for e in events])


async def account(running: Running, username: str) -> Account:
    async with running.console.db.sessions() as s:
        found = await s.scalar(sa.select(Account).where(Account.username == username))
    assert found is not None
    return found


async def test_an_appointment_and_a_transfer_move_the_office_and_the_post_role(running: Running) -> None:
    await running.account("wang", {"office.clerk", "cleared_confidential"}, cadre_id="c-1", office="office")
    await running.account("zhao", {"liaison.head"}, cadre_id="c-2", office="liaison")
    service = running.console.service
    await deliver(
        service,
        appointed("c-1", "rights"),
        transferred("c-2", "liaison", "personnel"),
        appointed("c-unknown", "rights"),
    )
    wang, zhao = await account(running, "wang"), await account(running, "zhao")
    assert (wang.office, sorted(wang.roles)) == ("rights", ["cleared_confidential", "rights.clerk"])
    assert (zhao.office, zhao.roles) == ("personnel", ["personnel.head"])  # a head stays head
    async with running.console.db.sessions() as s:
        changes = (
            await s.execute(
                sa.select(AccountChange.actor, AccountChange.action, AccountChange.detail).where(
                    AccountChange.account_id == wang.id, AccountChange.actor == "personnel"
                )
            )
        ).all()
    assert [(c.actor, c.action) for c in changes] == [("personnel", "office_moved")]
    assert changes[0].detail["before"] == {"office": "office", "roles": ["cleared_confidential", "office.clerk"]}


async def test_the_same_event_twice_has_one_effect(running: Running) -> None:
    await running.account("wang", {"office.clerk"}, cadre_id="c-1", office="office")
    event = appointed("c-1", "rights")
    service = running.console.service
    await deliver(service, event)
    await deliver(service, event)
    async with running.console.db.sessions() as s:
        n = await s.scalar(
            sa.select(sa.func.count()).select_from(AccountChange).where(AccountChange.actor == "personnel")
        )
    assert n == 1


async def test_retirement_disables_the_account_and_ends_its_sessions_at_once(running: Running) -> None:
    b = await running.signed_in("wang", {"rights.head", "leader"}, cadre_id="c-1", office="rights")
    phone = running.browser()
    await phone.login("wang")
    assert (await b.http.get("/auth/me")).status_code == 200
    await deliver(running.console.service, retired("c-1", "rights"))
    assert (await b.http.get("/auth/me")).status_code == 401
    assert (await phone.http.get("/auth/me")).status_code == 401
    assert (await running.browser().login("wang")).status_code == 401
    wang = await account(running, "wang")
    assert (wang.state, wang.office, wang.roles) == ("disabled", None, ["leader"])


async def test_removal_disables_too(running: Running) -> None:
    b = await running.signed_in("li", {"liaison.clerk"}, cadre_id="c-3", office="liaison")
    await deliver(running.console.service, removed("c-3", "liaison"))
    assert (await b.http.get("/auth/me")).status_code == 401
    assert (await account(running, "li")).state == "disabled"


async def test_the_console_follows_personnel_through_a_real_nats_server(
    start_console: StartConsole, nats_server: NatsServer
) -> None:
    await provision_at(nats_server.url, credentials=nats_server.creds("provisioner"))
    running = await start_console(
        nats_url=nats_server.url, nats_credentials_file=nats_server.credentials_file("console")
    )
    b = await running.signed_in("wang", {"office.clerk"}, cadre_id="c-1", office="office")
    # personnel's own user publishes its events; the provisioner reads the durable's state
    nc = await connect_as(nats_server.url, nats_server.creds("personnel"), "personnel")
    admin = await connect_as(nats_server.url, nats_server.creds("provisioner"), "provisioner")
    try:
        js = nc.jetstream()
        for env in (appointed("c-1", "rights"), retired("c-1", "rights")):
            ack = await js.publish(
                env.type,
                env.model_dump_json().encode(),
                stream="PERSONNEL",
                headers={"Nats-Msg-Id": env.id, "Content-Type": "application/cloudevents+json"},
            )
            assert not ack.duplicate
        deadline = asyncio.get_running_loop().time() + 20
        while (await b.http.get("/auth/me")).status_code == 200:
            assert asyncio.get_running_loop().time() < deadline, "the retirement did not end the session"
            await asyncio.sleep(0.1)
        while (info := await admin.jetstream().consumer_info("PERSONNEL", "console--accounts")).num_ack_pending:
            assert asyncio.get_running_loop().time() < deadline, "the events were not acknowledged"
            await asyncio.sleep(0.05)
        assert info.num_pending == 0 and info.num_redelivered == 0
    finally:
        await nc.close()
        await admin.close()
    async with running.console.db.sessions() as s:
        actions = (
            await s.scalars(
                sa.select(AccountChange.action).where(AccountChange.actor == "personnel").order_by(AccountChange.id)
            )
        ).all()
    assert actions == ["office_moved", "left_post"]
