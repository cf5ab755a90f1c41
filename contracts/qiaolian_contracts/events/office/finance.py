"""Facts of office's finance (財務), major events (重要活動) and assets (資產): budget lines and expense
claims against them; major events and the tasks assigned to offices; fixed assets, their transfers,
disposals and yearly inventories. Ids, codes, dates and amounts only: no purpose
of a claim, no title of an event or task, no names."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from ...envelope import Payload
from ...spec import EventType
from ..common import Code, Id, OfficeField


class BudgetLineOpened(Payload):
    line_id: Id
    office: OfficeField
    year: int = Field(ge=2000, le=2100)
    code: Code = Field(description="the line's budget code (e.g. travel, reception, training)")
    amount_yuan: int = Field(ge=0)


class ExpenseClaimSubmitted(Payload):
    claim_id: Id
    line_id: Id
    cadre_id: Id = Field(description="the claimant, a cadre of the staff directory")
    office: OfficeField
    year: int = Field(ge=2000, le=2100)
    amount_yuan: int = Field(ge=1)
    submitted_on: date


class ExpenseClaimApproved(Payload):
    claim_id: Id
    line_id: Id
    office: OfficeField
    amount_yuan: int = Field(ge=1)
    approved_on: date


class ExpenseClaimRejected(Payload):
    claim_id: Id
    line_id: Id
    step: Code = Field(description="office_head or finance")
    rejected_on: date


class MajorEventPlanned(Payload):
    event_id: Id
    starts_on: date
    ends_on: date
    leader_ids: list[Id] = Field(description="the cadre ids of the leaders attending")


class MajorEventTaskAssigned(Payload):
    event_id: Id
    task_id: Id
    office: OfficeField
    due_on: date


class MajorEventTaskDone(Payload):
    event_id: Id
    task_id: Id
    office: OfficeField
    done_on: date
    on_time: bool


class MajorEventHeld(Payload):
    event_id: Id
    held_on: date
    tasks: int = Field(ge=0)
    tasks_done: int = Field(ge=0)


class MajorEventCancelled(Payload):
    event_id: Id
    cancelled_on: date


class AssetRegistered(Payload):
    asset_id: Id
    category: Code
    value_yuan: int = Field(ge=0)
    custodian_id: Id = Field(description="a cadre of the staff directory")
    acquired_on: date


class AssetTransferred(Payload):
    asset_id: Id
    from_custodian_id: Id
    to_custodian_id: Id
    transferred_on: date


class AssetDisposed(Payload):
    asset_id: Id
    category: Code
    value_yuan: int = Field(ge=0)
    reason: Code = Field(description="scrapped, obsolete, lost, damaged, transferred_out or other")
    disposed_on: date


class AssetInventoryClosed(Payload):
    inventory_id: Id
    year: int = Field(ge=2000, le=2100)
    closed_on: date
    confirmed: int = Field(ge=0)
    missing: int = Field(ge=0)
    damaged: int = Field(ge=0)


PRODUCES = (
    EventType(
        "qiaolian.office.budget_line.opened.v1",
        BudgetLineOpened,
        "Office (財務) opened a yearly budget line of an office.",
    ),
    EventType(
        "qiaolian.office.expense_claim.submitted.v1",
        ExpenseClaimSubmitted,
        "A staff member claimed expenses against a budget line, within its balance.",
    ),
    EventType(
        "qiaolian.office.expense_claim.approved.v1",
        ExpenseClaimApproved,
        "An expense claim passed its office head's and office's (財務) approval; it counts against its line.",
    ),
    EventType(
        "qiaolian.office.expense_claim.rejected.v1",
        ExpenseClaimRejected,
        "An expense claim was rejected at a step of its approval chain; its amount is free again.",
    ),
    EventType(
        "qiaolian.office.major_event.planned.v1",
        MajorEventPlanned,
        "Office planned a major event (重要活動) with its dates and the leaders attending.",
    ),
    EventType(
        "qiaolian.office.major_event.task_assigned.v1",
        MajorEventTaskAssigned,
        "A task of a major event was assigned to an office with a deadline (on the supervision board).",
    ),
    EventType(
        "qiaolian.office.major_event.task_done.v1",
        MajorEventTaskDone,
        "The office a task of a major event was assigned to reported it done.",
    ),
    EventType(
        "qiaolian.office.major_event.held.v1",
        MajorEventHeld,
        "A major event took place, with how many of its tasks were done.",
    ),
    EventType(
        "qiaolian.office.major_event.cancelled.v1",
        MajorEventCancelled,
        "A major event was cancelled; its open tasks left the board.",
    ),
    EventType(
        "qiaolian.office.asset.registered.v1",
        AssetRegistered,
        "Office registered a fixed asset (資產) with its category, value and custodian.",
    ),
    EventType(
        "qiaolian.office.asset.transferred.v1",
        AssetTransferred,
        "A fixed asset passed from one custodian to another.",
    ),
    EventType(
        "qiaolian.office.asset.disposed.v1",
        AssetDisposed,
        "The office head approved the disposal of a fixed asset; it leaves the register.",
    ),
    EventType(
        "qiaolian.office.asset_inventory.closed.v1",
        AssetInventoryClosed,
        "The yearly inventory of fixed assets closed with how many were confirmed, missing or damaged.",
    ),
)
