"""A supervised task is on the board while open, falls overdue once through the deadline scheduler,
and closing it takes it off the board and silences the scheduler."""

from __future__ import annotations

from datetime import date

import pytest

from qiaolian_chassis.errors import Invalid, InvalidTransition
from qiaolian_contracts.events.common import Office
from qiaolian_office.database import deadlines
from qiaolian_office.tasks import commands as tasks
from qiaolian_office.tasks.commands import AssignTask, CloseTask, ReportTaskProgress, Updater

BOARD = Updater(office="office", manages_board=True)  # the office that manages the board


async def test_a_task_falls_overdue_once_and_a_closed_one_never(office) -> None:
    uow = office.uow
    async with uow() as u:
        a = await tasks.assign(
            u,
            AssignTask(
                title="落實僑資企業座談會議定事項", office=Office.rights, due_on=date(2026, 3, 10), assigned_by="主席"
            ),
        )
        b = await tasks.assign(
            u, AssignTask(title="報送年度工作總結", office=Office.liaison, due_on=date(2026, 3, 10), assigned_by="主席")
        )
    assert sorted(await office.board()) == sorted([("task", a.id, "open"), ("task", b.id, "open")])
    async with uow() as u:
        await tasks.report_progress(u, ReportTaskProgress(a.id, percent_done=40, note="已召開協調會", by=BOARD))
    office.on(date(2026, 3, 9))
    async with uow() as u:
        await tasks.close(u, CloseTask(b.id, by=BOARD))
    for day in (date(2026, 3, 10), date(2026, 3, 11), date(2026, 3, 12)):
        async with uow() as u:
            await deadlines.run_once(u, day)
    assert await office.facts("task.overdue.v1") == [{"task_id": a.id, "due_on": "2026-03-10"}]
    assert await office.facts("task.closed.v1") == [
        {"task_id": b.id, "office": "liaison", "closed_on": "2026-03-09", "on_time": True}
    ]
    assert ("task", b.id, "closed") in await office.board()
    # no free text in the facts: the title and the progress note stay in office
    for f in await office.facts("task.assigned.v1") + await office.facts("task.progress_reported.v1"):
        assert "title" not in f and "note" not in f


async def test_commands_follow_the_state_machine_and_the_rules(office) -> None:
    uow = office.uow
    with pytest.raises(Invalid):
        async with uow() as u:
            await tasks.assign(u, AssignTask(title="t", office=Office.office, due_on=date(2026, 2, 1), assigned_by="x"))
    async with uow() as u:
        t = await tasks.assign(u, AssignTask(title="t", office=Office.office, due_on=date(2026, 4, 1), assigned_by="x"))
        await tasks.report_progress(u, ReportTaskProgress(t.id, percent_done=50, note="half", by=BOARD))
    with pytest.raises(Invalid):
        async with uow() as u:
            await tasks.report_progress(u, ReportTaskProgress(t.id, percent_done=10, note="back", by=BOARD))
    async with uow() as u:
        await tasks.close(u, CloseTask(t.id, by=BOARD))
    with pytest.raises(InvalidTransition) as e:
        async with uow() as u:
            await tasks.report_progress(u, ReportTaskProgress(t.id, percent_done=100, note="late", by=BOARD))
    assert e.value.extra == {"current_state": "closed", "allowed_commands": []}


async def test_a_number_taken_in_a_failed_transaction_is_given_again(office) -> None:
    from qiaolian_office.documents import commands as documents
    from qiaolian_office.documents import rules

    uow = office.uow
    with pytest.raises(RuntimeError):
        async with uow() as u:
            assert await documents.next_sequence(u, "湘僑發", 2026) == 1
            raise RuntimeError("the sign-off failed after numbering")
    async with uow() as u:
        assert await documents.next_sequence(u, "湘僑發", 2026) == 1
        assert await documents.next_sequence(u, "湘僑發", 2026) == 2
        assert await documents.next_sequence(u, "湘僑發", 2027) == 1
    assert rules.format_number("湘僑發", 2026, 12) == "湘僑發〔2026〕12號"
