"""What liaison publishes for office's board besides terms' warnings: an approved work plan's item due
soon (`work_plan.item_due`), past its day (`work_plan.item_overdue`) and done or dropped; a key person's
appointment ended (`member.appointment_ended`), which closes its term's warning."""

from __future__ import annotations

from datetime import date

from qiaolian_chassis.testing import ServiceDb
from qiaolian_contracts.events.liaison import MemberRole
from qiaolian_liaison.associations import commands as contacts
from qiaolian_liaison.database import deadlines
from qiaolian_liaison.work_plans import commands as plans


async def test_an_approved_plan_s_items_are_watched_until_done_or_dropped(liaison: ServiceDb) -> None:
    async with liaison.uow() as u:  # 2027-01-04
        plan = await plans.create_plan(u, plans.CreatePlan(year=2027, title="2027年外事工作計劃"))
    async with liaison.uow() as u:
        soon = await plans.add_item(u, plans.AddItem(plan.id, "春節慰僑", due_on=date(2027, 1, 15)))
        later = await plans.add_item(u, plans.AddItem(plan.id, "世界湘商大會", due_on=date(2027, 6, 30)))
        dropped = await plans.add_item(u, plans.AddItem(plan.id, "東南亞訪問", due_on=date(2027, 3, 1)))
        await plans.add_item(u, plans.AddItem(plan.id, "聯誼活動（不定期）"))
    assert await liaison.facts(".work_plan.item_due.v1") == []  # a draft's dates are not watched
    async with liaison.uow() as u:
        await plans.approve_plan(u, plans.ApprovePlan(plan.id, date(2027, 1, 4)))
    # within 14 days of the approval: warned at once; the others and the undated one not yet
    assert await liaison.facts(".work_plan.item_due.v1") == [{"item_id": soon.id, "due_on": "2027-01-15"}]

    liaison.clock.advance(days=60)  # 2027-03-05
    async with liaison.uow() as u:
        await deadlines.run_once(u, u.today)
    assert await liaison.facts(".work_plan.item_overdue.v1") == [
        {"item_id": soon.id, "due_on": "2027-01-15"},
        {"item_id": dropped.id, "due_on": "2027-03-01"},
    ]
    async with liaison.uow() as u:
        await plans.complete_item(u, plans.CompleteItem(plan.id, soon.id, date(2027, 3, 5)))
        await plans.drop_item(u, plans.DropItem(plan.id, dropped.id, "行程取消"))
    assert await liaison.facts(".work_plan.item_completed.v1") == [
        {"plan_id": plan.id, "item_id": soon.id, "completed_on": "2027-03-05", "on_time": False}
    ]
    assert await liaison.facts(".work_plan.item_dropped.v1") == [{"plan_id": plan.id, "item_id": dropped.id}]

    liaison.clock.advance(days=105)  # 2027-06-18: the open item is warned, the others are not again
    async with liaison.uow() as u:
        await deadlines.run_once(u, u.today)
    assert [f["item_id"] for f in await liaison.facts(".work_plan.item_due.v1")] == [soon.id, later.id]
    liaison.clock.advance(days=15)  # 2027-07-03: and falls overdue, alone
    async with liaison.uow() as u:
        await deadlines.run_once(u, u.today)
    assert [f["item_id"] for f in await liaison.facts(".work_plan.item_overdue.v1")] == [soon.id, dropped.id, later.id]


async def test_an_ended_appointment_is_published_and_warned_no_more(liaison: ServiceDb) -> None:
    async with liaison.uow() as u:
        p = await contacts.register_person(u, contacts.RegisterPerson(country="MY", field="business", name_zh="林文"))
        a = await contacts.appoint(
            u, contacts.Appoint(p.id, MemberRole.overseas_adviser, date(2024, 1, 1), date(2027, 12, 31))
        )
    async with liaison.uow() as u:
        await contacts.end_appointment(u, contacts.EndAppointment(a.id, date(2027, 1, 4)))  # early
    assert await liaison.facts(".member.appointment_ended.v1") == [{"appointment_id": a.id, "ended_on": "2027-01-04"}]
    liaison.clock.advance(days=330)  # inside the warning period of the old end
    async with liaison.uow() as u:
        await deadlines.run_once(u, u.today)
    assert await liaison.facts(".member.term_expiring.v1") == []
