"""我的待办: the console's projection from the four streams, per person, through `GET /todo`."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from qiaolian_chassis.bus import connect_as
from qiaolian_chassis.consumer import Parsed
from qiaolian_contracts.envelope import Envelope, make_envelope
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.office.facts import (
    DocumentHandled,
    DocumentNumbered,
    DocumentReceived,
    DocumentRouted,
    DocumentSealed,
    OutboundTripApplied,
    OutboundTripApproved,
    OutboundTripRejected,
    OutboundTripStepApproved,
    TaskAssigned,
)
from qiaolian_contracts.events.personnel import FederationElectionDue, FederationElectionResultFiled
from qiaolian_contracts.events.rights.petitions import (
    PetitionFiled,
    PetitionHandlerAssigned,
    PetitionReviewRequested,
)
from qiaolian_deploy.launcher import provision_at
from qiaolian_deploy.natsserver import NatsServer

from .conftest import Running, StartConsole

# the console's clock: 2026-03-02 (Beijing)


def filed(pid: str, due: date, petition_class: str = "claim") -> Envelope[Any]:
    return make_envelope(
        event_type="qiaolian.rights.petition.filed.v1",
        producer="rights",
        subject=pid,
        data=PetitionFiled(
            petition_id=pid,
            channel="visit",
            petitioner_status="returnee",
            petition_class=petition_class,
            category="property",
            received_on=date(2026, 3, 1),
            first_decision_due=due,
            region=None,
            representatives=0,
        ),
    )


def handler(pid: str, cadre_id: str) -> Envelope[Any]:
    return make_envelope(
        event_type="qiaolian.rights.petition.handler_assigned.v1",
        producer="rights",
        subject=pid,
        data=PetitionHandlerAssigned(petition_id=pid, cadre_id=cadre_id),
    )


def task(tid: str, office: str, due: date) -> Envelope[Any]:
    return make_envelope(
        event_type="qiaolian.office.task.assigned.v1",
        producer="office",
        subject=tid,
        data=TaskAssigned(task_id=tid, office=Office(office), due_on=due),
    )


async def deliver(running: Running, durable: str, *events: Envelope[Any]) -> None:
    (consumer,) = [c for c in running.console.service.consumers if c.group.durable == durable]
    await consumer.apply([Parsed(None, e) for e in events])


def ids(card: list[dict[str, Any]]) -> list[str]:
    return [i["record_id"] for i in card]


async def test_each_person_sees_only_their_items_with_colours_and_links(running: Running) -> None:
    c1 = await running.signed_in("c1", {"rights.clerk"}, cadre_id="c-1", office="rights")
    c2 = await running.signed_in("c2", {"rights.clerk"}, cadre_id="c-2", office="rights")
    head = await running.signed_in("head", {"rights.head"}, cadre_id="h-1", office="rights")
    oc = await running.signed_in("oc", {"office.clerk"}, cadre_id="o-1", office="office")
    await deliver(
        running,
        "console--todo-rights",
        filed("p-late", date(2026, 3, 1)),
        filed("p-soon", date(2026, 3, 4)),
        filed("p-later", date(2026, 3, 20)),
        filed("p-secret", date(2026, 3, 10), "report_accusation"),
        handler("p-soon", "c-1"),
        make_envelope(
            event_type="qiaolian.rights.petition.review_requested.v1",
            producer="rights",
            subject="p-later",
            data=PetitionReviewRequested(petition_id="p-later", requested_on=date(2026, 3, 2), due_on=date(2026, 4, 1)),
        ),
    )
    await deliver(running, "console--todo-office", task("t-1", "office", date(2026, 3, 3)))
    mine = (await c1.http.get("/todo")).json()
    assert ids(mine["assigned"]) == ["p-soon"] and mine["assigned"][0]["audience"] == "me"
    assert ids(mine["deadlines"]) == ["p-late", "p-soon", "p-later"]  # soonest first; not the restricted one
    assert [d["urgency"] for d in mine["deadlines"]] == ["overdue", "approaching", "open"]
    assert [d["days_left"] for d in mine["deadlines"]] == [-1, 2, 18]
    assert mine["deadlines"][0]["link"] == "/petitions/p-late" and mine["approvals"] == []
    other = (await c2.http.get("/todo")).json()
    assert other["assigned"] == [] and ids(other["deadlines"]) == ["p-late", "p-soon", "p-later"]
    theirs = (await head.http.get("/todo")).json()
    assert "p-secret" in ids(theirs["deadlines"]) and ids(theirs["approvals"]) == ["p-later"]
    board = await running.signed_in("board", {"office.head"}, cadre_id="o-2", office="office")
    watched = (await board.http.get("/todo")).json()  # the supervision board's manager: every open deadline
    assert (
        ids(watched["deadlines"]) == ["p-late", "p-soon", "p-later"] and watched["deadlines"][0]["audience"] == "role"
    )
    assert "p-secret" not in str(watched)
    office = (await oc.http.get("/todo")).json()
    assert ids(office["assigned"]) == ["t-1"] and office["deadlines"] == [] and office["approvals"] == []
    assert (await running.browser().http.get("/todo")).status_code == 401


async def test_a_new_handler_takes_the_item_over(running: Running) -> None:
    c1 = await running.signed_in("c1", {"rights.clerk"}, cadre_id="c-1", office="rights")
    c2 = await running.signed_in("c2", {"rights.clerk"}, cadre_id="c-2", office="rights")
    await deliver(
        running, "console--todo-rights", filed("p", date(2026, 3, 9)), handler("p", "c-1"), handler("p", "c-2")
    )
    assert (await c1.http.get("/todo")).json()["assigned"] == []
    assert ids((await c2.http.get("/todo")).json()["assigned"]) == ["p"]


async def test_events_published_by_the_services_reach_the_right_person_once(
    start_console: StartConsole, nats_server: NatsServer
) -> None:
    await provision_at(nats_server.url, credentials=nats_server.creds("provisioner"))
    running = await start_console(
        nats_url=nats_server.url, nats_credentials_file=nats_server.credentials_file("console")
    )
    c1 = await running.signed_in("c1", {"rights.clerk"}, cadre_id="c-1", office="rights")
    oc = await running.signed_in("oc", {"office.clerk"}, cadre_id="o-1", office="office")
    rights = await connect_as(nats_server.url, nats_server.creds("rights"), "rights")
    office = await connect_as(nats_server.url, nats_server.creds("office"), "office")
    admin = await connect_as(nats_server.url, nats_server.creds("provisioner"), "provisioner")
    assigned = handler("p-1", "c-1")
    try:
        for nc, stream, env, msg_id in (
            (rights, "RIGHTS", filed("p-1", date(2026, 3, 5)), None),
            (rights, "RIGHTS", assigned, None),
            (rights, "RIGHTS", assigned, assigned.id + "-again"),  # the same event delivered a second time
            (office, "OFFICE", task("t-1", "office", date(2026, 3, 3)), None),
        ):
            ack = await nc.jetstream().publish(
                env.type,
                env.model_dump_json().encode(),
                stream=stream,
                headers={"Nats-Msg-Id": msg_id or env.id, "Content-Type": "application/cloudevents+json"},
            )
            assert not ack.duplicate
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 20
        for stream, durable in (("RIGHTS", "console--todo-rights"), ("OFFICE", "console--todo-office")):
            while (info := await admin.jetstream().consumer_info(stream, durable)).num_pending or info.num_ack_pending:
                assert loop.time() < deadline, f"{durable} did not consume its events"
                await asyncio.sleep(0.05)
    finally:
        for nc in (rights, office, admin):
            await nc.close()
    mine = (await c1.http.get("/todo")).json()
    assert ids(mine["assigned"]) == ["p-1"] and ids(mine["deadlines"]) == ["p-1"]  # once, not twice
    theirs = (await oc.http.get("/todo")).json()
    assert ids(theirs["assigned"]) == ["t-1"] and "p-1" not in str(theirs)


def office_event(fact: str, subject: str, data: Any) -> Envelope[Any]:
    return make_envelope(event_type=f"qiaolian.office.{fact}.v1", producer="office", subject=subject, data=data)


def trip_step(tid: str, step: str, following: str) -> Envelope[Any]:
    return office_event(
        "outbound_trip.step_approved",
        tid,
        OutboundTripStepApproved(
            trip_id=tid, cadre_id="t-1", step=step, next_step=following, approved_on=date(2026, 3, 2)
        ),
    )


async def test_documents_wait_for_routing_handling_and_the_seal_until_settled(running: Running) -> None:
    oc = await running.signed_in("oc", {"office.clerk"}, cadre_id="o-1", office="office")
    lc = await running.signed_in("lc", {"liaison.clerk"}, cadre_id="l-1", office="liaison")
    rc = await running.signed_in("rc", {"rights.clerk"}, cadre_id="r-1", office="rights")
    received = DocumentReceived(
        document_id="d-1", classification="public", urgency="normal", received_on=date(2026, 3, 2)
    )
    await deliver(
        running,
        "console--todo-office",
        office_event("document.received", "d-1", received),
        office_event(
            "document.numbered",
            "g-1",
            DocumentNumbered(document_id="g-1", classification="internal", numbered_on=date(2026, 3, 2)),
        ),
    )
    mine = (await oc.http.get("/todo")).json()["assigned"]
    assert [(i["record_id"], i["what"]) for i in mine] == [("d-1", "route"), ("g-1", "seal")]
    assert (
        mine[0]["link"] == "/g/office/documents/incoming/d-1" and mine[1]["link"] == "/g/office/documents/outgoing/g-1"
    )
    routed = DocumentRouted(document_id="d-1", office=Office.liaison, handling_due=date(2026, 3, 4))
    await deliver(running, "console--todo-office", office_event("document.routed", "d-1", routed))
    assert ids((await oc.http.get("/todo")).json()["assigned"]) == ["g-1"]  # routed: office's part is done
    (item,) = (await lc.http.get("/todo")).json()["assigned"]
    assert (item["record_id"], item["what"], item["urgency"], item["days_left"]) == ("d-1", "handle", "approaching", 2)
    again = DocumentRouted(document_id="d-1", office=Office.rights, handling_due=date(2026, 3, 9))
    await deliver(running, "console--todo-office", office_event("document.routed", "d-1", again))
    assert (await lc.http.get("/todo")).json()["assigned"] == []  # routed again: the former office's item goes
    assert ids((await rc.http.get("/todo")).json()["assigned"]) == ["d-1"]
    await deliver(
        running,
        "console--todo-office",
        office_event(
            "document.handled",
            "d-1",
            DocumentHandled(document_id="d-1", office=Office.rights, handled_on=date(2026, 3, 2)),
        ),
        office_event("document.sealed", "g-1", DocumentSealed(document_id="g-1", sealed_on=date(2026, 3, 2))),
    )
    assert (await rc.http.get("/todo")).json()["assigned"] == []
    assert (await oc.http.get("/todo")).json()["assigned"] == []


async def test_an_outbound_trip_waits_for_the_role_of_its_next_step(running: Running) -> None:
    head = await running.signed_in("oh", {"office.head"}, cadre_id="o-2", office="office")
    leader = await running.signed_in("ld", {"leader"}, cadre_id="x-1", office=None)
    fa = await running.signed_in("fa", {"foreign_affairs"}, cadre_id="x-2", office=None)
    oc = await running.signed_in("oc", {"office.clerk"}, cadre_id="o-1", office="office")
    applied = OutboundTripApplied(
        trip_id="t-1",
        cadre_id="c-9",
        office=Office.rights,
        destinations=["HK"],
        departs_on=date(2026, 3, 20),
        returns_on=date(2026, 3, 25),
        applied_on=date(2026, 3, 2),
    )
    await deliver(running, "console--todo-office", office_event("outbound_trip.applied", "t-1", applied))

    async def waiting(who: Any) -> list[tuple[str, str]]:
        return [(i["record_id"], i["what"]) for i in (await who.http.get("/todo")).json()["approvals"]]

    assert await waiting(head) == [("t-1", "office_head")] and await waiting(leader) == []
    assert (await head.http.get("/todo")).json()["approvals"][0]["link"] == "/g/office/outbound-trips/t-1"
    await deliver(running, "console--todo-office", trip_step("t-1", "office_head", "federation_leader"))
    assert await waiting(head) == [] and await waiting(leader) == [("t-1", "federation_leader")]
    await deliver(running, "console--todo-office", trip_step("t-1", "federation_leader", "foreign_affairs"))
    assert await waiting(leader) == [] and await waiting(fa) == [("t-1", "foreign_affairs")]
    approved = OutboundTripApproved(
        trip_id="t-1",
        cadre_id="c-9",
        destinations=["HK"],
        departs_on=date(2026, 3, 20),
        returns_on=date(2026, 3, 25),
        approved_on=date(2026, 3, 3),
    )
    await deliver(running, "console--todo-office", office_event("outbound_trip.approved", "t-1", approved))
    assert await waiting(fa) == [] and "t-1" not in str((await oc.http.get("/todo")).json())
    rejected = OutboundTripRejected(trip_id="t-2", cadre_id="c-9", step="office_head", rejected_on=date(2026, 3, 2))
    await deliver(
        running,
        "console--todo-office",
        office_event("outbound_trip.applied", "t-2", applied.model_copy(update={"trip_id": "t-2"})),
        office_event("outbound_trip.rejected", "t-2", rejected),
    )
    assert await waiting(head) == []


def election(fact: str, data: Any) -> Envelope[Any]:
    return make_envelope(
        event_type=f"qiaolian.personnel.federation.{fact}.v1", producer="personnel", subject="f-1", data=data
    )


async def test_a_federations_election_due_is_personnels_deadline_until_its_result_is_filed(
    start_console: StartConsole, nats_server: NatsServer
) -> None:
    """Through the real nats-server: personnel's election due and office's trip reach the console."""
    await provision_at(nats_server.url, credentials=nats_server.creds("provisioner"))
    running = await start_console(
        nats_url=nats_server.url, nats_credentials_file=nats_server.credentials_file("console")
    )
    pc = await running.signed_in("pc", {"personnel.clerk"}, cadre_id="p-1", office="personnel")
    rc = await running.signed_in("rc", {"rights.clerk"}, cadre_id="r-1", office="rights")
    head = await running.signed_in("oh", {"office.head"}, cadre_id="o-2", office="office")
    personnel = await connect_as(nats_server.url, nats_server.creds("personnel"), "personnel")
    office = await connect_as(nats_server.url, nats_server.creds("office"), "office")
    admin = await connect_as(nats_server.url, nats_server.creds("provisioner"), "provisioner")

    async def publish(nc: Any, stream: str, env: Envelope[Any]) -> None:
        await nc.jetstream().publish(
            env.type,
            env.model_dump_json().encode(),
            stream=stream,
            headers={"Nats-Msg-Id": env.id, "Content-Type": "application/cloudevents+json"},
        )

    async def consumed() -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 20
        for stream, durable in (("PERSONNEL", "console--todo-personnel"), ("OFFICE", "console--todo-office")):
            while (info := await admin.jetstream().consumer_info(stream, durable)).num_pending or info.num_ack_pending:
                assert loop.time() < deadline, f"{durable} did not consume its events"
                await asyncio.sleep(0.05)

    applied = OutboundTripApplied(
        trip_id="t-1",
        cadre_id="c-9",
        office=Office.rights,
        destinations=["HK"],
        departs_on=date(2026, 3, 20),
        returns_on=date(2026, 3, 25),
        applied_on=date(2026, 3, 2),
    )
    try:
        await publish(
            personnel,
            "PERSONNEL",
            election("election_due", FederationElectionDue(federation_id="f-1", term_ends_on=date(2026, 3, 1))),
        )
        await publish(office, "OFFICE", office_event("outbound_trip.applied", "t-1", applied))
        await consumed()
        (item,) = (await pc.http.get("/todo")).json()["deadlines"]
        assert (item["record_id"], item["what"], item["urgency"]) == ("f-1", "election", "overdue")
        assert item["link"] == "/g/personnel/federations/f-1" and "f-1" not in str((await rc.http.get("/todo")).json())
        assert [i["record_id"] for i in (await head.http.get("/todo")).json()["approvals"]] == ["t-1"]
        filed = FederationElectionResultFiled(
            federation_id="f-1",
            election_id="e-1",
            previous_term_ends_on=date(2026, 3, 1),
            new_term_starts_on=date(2026, 3, 2),
            new_term_ends_on=date(2031, 3, 1),
        )
        await publish(personnel, "PERSONNEL", election("election_result_filed", filed))
        await consumed()
    finally:
        for nc in (personnel, office, admin):
            await nc.close()
    assert (await pc.http.get("/todo")).json()["deadlines"] == []
