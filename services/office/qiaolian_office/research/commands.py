"""The research plan's commands: plan a topic with its milestones (research_topic.planned; each
milestone on the owner office's board), add or complete a milestone, file the final report
(research_topic.report_filed; 409 while a milestone is open), cancel (off the board)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Conflict, Invalid, NotFound
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.board import BoardItemKind
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.office import ResearchReportFiled, ResearchTopicPlanned
from qiaolian_contracts.ids import new_id

from ..database import directory
from ..supervision.commands import BoardItem, close_item, open_items
from .queries import milestones_of
from .rules import TRANSITIONS, TopicState, check_milestone_due, check_plan_year
from .tables import ResearchMilestone, ResearchTopic


@dataclass(frozen=True)
class Milestone:
    title: str
    due_on: date


@dataclass(frozen=True)
class PlanTopic:
    plan_year: int
    title: str
    office: Office
    lead_id: str
    milestones: list[Milestone]


@dataclass(frozen=True)
class FileReport:
    topic_id: str
    report_title: str
    report_summary: str


def _item(t: ResearchTopic, m: ResearchMilestone) -> BoardItem:
    return BoardItem.of(BoardItemKind.research_milestone, Office(t.office), m.id, m.due_on)


async def _add(uow: UnitOfWork, t: ResearchTopic, milestones: list[Milestone], field: str) -> list[ResearchMilestone]:
    for i, ms in enumerate(milestones):
        check_milestone_due(f"{field}[{i}].due_on" if field == "milestones" else field, ms.due_on, t.plan_year)
    rows = [ResearchMilestone(id=new_id(), topic_id=t.id, title=ms.title, due_on=ms.due_on) for ms in milestones]
    uow.session.add_all(rows)
    await uow.session.flush()
    await open_items(uow, [_item(t, m) for m in rows])
    return rows


async def plan(uow: UnitOfWork, cmd: PlanTopic) -> ResearchTopic:
    check_plan_year(cmd.plan_year, uow.today)
    if await directory.get(uow.session, cmd.lead_id) is None:
        raise Invalid("lead_id", "not a cadre of the staff directory")
    t = ResearchTopic(
        id=new_id(),
        plan_year=cmd.plan_year,
        title=cmd.title,
        office=cmd.office.value,
        lead_id=cmd.lead_id,
        state=TopicState.planned.value,
        created_at=uow.now,
    )
    uow.session.add(t)
    await uow.session.flush()
    await _add(uow, t, cmd.milestones, "milestones")
    uow.emit(
        t.id,
        ResearchTopicPlanned(topic_id=t.id, plan_year=t.plan_year, office=cmd.office, milestones=len(cmd.milestones)),
    )
    return t


async def _load(uow: UnitOfWork, topic_id: str, command: str) -> tuple[ResearchTopic, TopicState]:
    t: ResearchTopic = await get_or_404(uow.session, ResearchTopic, "research topic", topic_id, for_update=True)
    return t, TRANSITIONS.apply(TopicState(t.state), command)


async def add_milestone(uow: UnitOfWork, topic_id: str, milestone: Milestone) -> ResearchTopic:
    t, _ = await _load(uow, topic_id, "add_milestone")
    await _add(uow, t, [milestone], "due_on")
    return t


async def complete_milestone(uow: UnitOfWork, topic_id: str, milestone_id: str) -> ResearchTopic:
    t, _ = await _load(uow, topic_id, "complete_milestone")
    m: ResearchMilestone | None = await uow.session.get(ResearchMilestone, milestone_id, with_for_update=True)
    if m is None or m.topic_id != t.id:
        raise NotFound(f"milestone {milestone_id} of research topic {topic_id} not found")
    if m.done_on is not None:
        raise Conflict(f"the milestone was done on {m.done_on}", done_on=str(m.done_on))
    m.done_on = uow.today
    await close_item(uow, BoardItemKind.research_milestone, m.id)
    return t


async def file_report(uow: UnitOfWork, cmd: FileReport) -> ResearchTopic:
    t, state = await _load(uow, cmd.topic_id, "file_report")
    open_ = [m.id for m in await milestones_of(uow.session, t.id) if m.done_on is None]
    if open_:
        raise Conflict(
            f"{len(open_)} milestone(s) are not done: the final report comes after them",
            current_state=t.state,
            open_milestones=open_,
        )
    t.state, t.report_title, t.report_summary, t.report_filed_on = (
        state.value,
        cmd.report_title,
        cmd.report_summary,
        uow.today,
    )
    uow.emit(
        t.id, ResearchReportFiled(topic_id=t.id, plan_year=t.plan_year, office=Office(t.office), filed_on=uow.today)
    )
    return t


async def cancel(uow: UnitOfWork, topic_id: str) -> ResearchTopic:
    t, state = await _load(uow, topic_id, "cancel")
    t.state = state.value
    ids = (
        await uow.session.scalars(
            sa.select(ResearchMilestone.id).where(
                ResearchMilestone.topic_id == t.id, ResearchMilestone.done_on.is_(None)
            )
        )
    ).all()
    for mid in ids:
        await close_item(uow, BoardItemKind.research_milestone, mid)
    return t
