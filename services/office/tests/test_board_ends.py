"""The ends of watched terms and the work plan's items on office's board, through the handlers office's
consumers run: a representative's term closed when it ends (re-elected, replaced or served), a key
person's appointment closed when ended early, a work plan's item opened when due, flagged overdue and
closed when done or dropped; the board's HTTP read shows it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from qiaolian_contracts.catalog import type_of
from qiaolian_contracts.envelope import Payload, make_envelope
from qiaolian_contracts.events.liaison import (
    MemberAppointmentEnded,
    MemberTermExpiring,
    WorkPlanItemCompleted,
    WorkPlanItemDeadline,
    WorkPlanItemDropped,
)
from qiaolian_contracts.events.personnel import (
    Assembly,
    AssemblyLevel,
    RepresentativeSeated,
    RepresentativeTermEnded,
    TermEndReason,
)

if TYPE_CHECKING:
    from conftest import InProcessOffice

DUE = "qiaolian.liaison.work_plan.item_due.v1"
OVERDUE = "qiaolian.liaison.work_plan.item_overdue.v1"


async def deliver(svc: InProcessOffice, durable: str, data: Payload, event_type: str | None = None) -> None:
    t = event_type or type_of(type(data))
    envelope = make_envelope(event_type=t, producer=t.split(".")[1], subject="s", data=data)
    async with svc.uow() as u:
        await svc.definition.handlers[durable][t](u, envelope)


async def test_representatives_terms_close_however_they_end(svc: InProcessOffice) -> None:
    for rid in ("rp-1", "rp-2", "rp-3"):
        seated = RepresentativeSeated(
            representative_id=rid,
            assembly=Assembly.npc,
            level=AssemblyLevel.provincial,
            session_no=14,
            seated_on=date(2023, 1, 15),
            term_ends_on=date(2028, 1, 14),
        )
        await deliver(svc, "office--board-personnel", seated)
    assert {s for s, (_, state, _) in (await svc.board("representative_term")).items() if state == "open"} == {
        "rp-1",
        "rp-2",
        "rp-3",
    }
    for rid, reason in (("rp-1", TermEndReason.replaced), ("rp-2", TermEndReason.re_elected)):
        ended = RepresentativeTermEnded(representative_id=rid, ended_on=date(2026, 3, 1), reason=reason)
        await deliver(svc, "office--board-personnel", ended)
    assert await svc.board("representative_term") == {
        "rp-1": ("personnel", "closed", date(2028, 1, 14)),
        "rp-2": ("personnel", "closed", date(2028, 1, 14)),
        "rp-3": ("personnel", "open", date(2028, 1, 14)),
    }


async def test_an_appointment_ended_early_leaves_the_board(svc: InProcessOffice) -> None:
    await deliver(
        svc, "office--board-liaison", MemberTermExpiring(appointment_id="ap-1", term_ends_on=date(2026, 4, 30))
    )
    assert await svc.board("member_term") == {"ap-1": ("liaison", "open", date(2026, 4, 30))}
    await deliver(
        svc, "office--board-liaison", MemberAppointmentEnded(appointment_id="ap-1", ended_on=date(2026, 3, 1))
    )
    assert await svc.board("member_term") == {"ap-1": ("liaison", "closed", date(2026, 4, 30))}


async def test_a_work_plan_s_items_from_due_to_done_or_dropped(svc: InProcessOffice) -> None:
    liaison = "office--board-liaison"
    await deliver(svc, liaison, WorkPlanItemDeadline(item_id="wi-1", due_on=date(2026, 3, 10)), DUE)
    await deliver(svc, liaison, WorkPlanItemDeadline(item_id="wi-2", due_on=date(2026, 2, 20)), OVERDUE)  # at once
    async with svc.client({"office.clerk"}) as c:
        r = await c.get("/supervision/items", params={"kind": "work_plan_item", "state": "open"})
    assert r.status_code == 200, r.text
    assert sorted((i["source_id"], i["office"], i["due_on"], i["overdue"]) for i in r.json()["items"]) == [
        ("wi-1", "liaison", "2026-03-10", False),
        ("wi-2", "liaison", "2026-02-20", True),
    ]
    completed = WorkPlanItemCompleted(plan_id="wp-1", item_id="wi-1", completed_on=date(2026, 3, 5), on_time=True)
    await deliver(svc, liaison, completed)
    await deliver(svc, liaison, WorkPlanItemDropped(plan_id="wp-1", item_id="wi-2"))
    assert await svc.board("work_plan_item") == {
        "wi-1": ("liaison", "closed", date(2026, 3, 10)),
        "wi-2": ("liaison", "closed", date(2026, 2, 20)),
    }
