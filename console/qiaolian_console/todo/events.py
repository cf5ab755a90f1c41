"""The events the to-do list follows, one durable per stream (`console--todo-<service>`, through the
chassis inbox: a redelivered event has no second effect). Each item links to its record's page.

- assigned to me: a petition's handler (the cadre), a supervised task (everyone of its office); an
  incoming document: registered, to be routed (office), then routed, to be handled by the office it
  went to (until `document.handled`); an outgoing document numbered, to be sealed (office, until
  `document.sealed`);
- my office's deadlines: a petition's first decision and handling (rights; a report-and-accusation
  petition's only for `rights.head`, ACCESS.md: its existence is not shown to others);
- approvals waiting for my role: a petition's review and re-review (`rights.head` decides them), an
  article's review (`liaison.head`), an identity review's verification (personnel's staff), an
  outbound trip's next step of its approval chain (the role deciding it, rules.TRIP_STEP_ROLES), until
  the step is approved, or the trip approved, rejected or withdrawn;
- a grassroots federation's election due (personnel's deadline, to its term's end) until its result is
  filed.
Colours come from the due date on the day the list is read (rules.urgency), so no timer is needed."""

from __future__ import annotations

from typing import Any

from qiaolian_chassis.consumer import Handler, handles
from qiaolian_chassis.uow import UnitOfWork

from . import commands as c
from .rules import TRIP_STEP_ROLES, cadre, office, role

P = "qiaolian.rights.petition."
RIGHTS = office("rights")
HEAD = role("rights.head")
BOARD = role("office.head")  # the supervision board's manager follows every office's open deadlines


async def deadline(uow: UnitOfWork, audience: str, pid: str, what: str, due_on: Any) -> None:
    """A petition's deadline for rights (or the head alone) and, unless restricted, for the board."""
    await c.put(uow, "deadline", audience, "petition", pid, what, due_on, _petition(pid))
    if audience == RIGHTS:
        await c.put(uow, "deadline", BOARD, "petition", pid, what, due_on, _petition(pid))


def _petition(pid: str) -> str:
    return f"/petitions/{pid}"


async def restricted_or_rights(uow: UnitOfWork, pid: str) -> str:
    """Whom the petition's deadlines are for: the head alone when it is restricted, else rights."""
    return HEAD if await c.audience_of(uow, "petition", pid, "deadline", RIGHTS) == HEAD else RIGHTS


async def petition_filed(uow: UnitOfWork, e: Any) -> None:
    d = e.data
    audience = HEAD if d.petition_class.value == "report_accusation" else RIGHTS
    await deadline(uow, audience, d.petition_id, "first_decision", d.first_decision_due)


async def petition_transferred_in(uow: UnitOfWork, e: Any) -> None:
    d = e.data
    audience = HEAD if d.petition_class.value == "report_accusation" else RIGHTS
    await deadline(uow, audience, d.petition_id, "transfer_acknowledgement", d.acknowledge_due)


async def petition_accepted(uow: UnitOfWork, e: Any) -> None:
    d = e.data
    audience = await restricted_or_rights(uow, d.petition_id)
    await c.drop(uow, "petition", d.petition_id, card="deadline")
    await deadline(uow, audience, d.petition_id, "handling", d.handling_due)


async def petition_decided_otherwise(uow: UnitOfWork, e: Any) -> None:
    """Not accepted, routed, transferred or assigned elsewhere: the first decision is made."""
    await c.drop(uow, "petition", e.data.petition_id, card="deadline")


async def petition_extended(uow: UnitOfWork, e: Any) -> None:
    d = e.data
    audience = await restricted_or_rights(uow, d.petition_id)
    await deadline(uow, audience, d.petition_id, "handling", d.handling_due)
    handler = await c.audience_of(uow, "petition", d.petition_id, "assigned", "")
    if handler:
        await c.put(
            uow, "assigned", handler, "petition", d.petition_id, "handle", d.handling_due, _petition(d.petition_id)
        )


async def petition_handler_assigned(uow: UnitOfWork, e: Any) -> None:
    d = e.data
    await c.drop(uow, "petition", d.petition_id, card="assigned")  # the former handler's is gone
    due = await c.due_of(uow, "petition", d.petition_id, "handling")
    await c.put(uow, "assigned", cadre(d.cadre_id), "petition", d.petition_id, "handle", due, _petition(d.petition_id))


async def petition_opinion_issued(uow: UnitOfWork, e: Any) -> None:
    await c.drop(uow, "petition", e.data.petition_id, what="handling")
    await c.drop(uow, "petition", e.data.petition_id, card="assigned")


async def petition_review_requested(uow: UnitOfWork, e: Any) -> None:
    d = e.data
    await c.put(uow, "approval", HEAD, "petition", d.petition_id, "review", d.due_on, _petition(d.petition_id))


async def petition_rereview_requested(uow: UnitOfWork, e: Any) -> None:
    d = e.data
    await c.put(uow, "approval", HEAD, "petition", d.petition_id, "rereview", d.due_on, _petition(d.petition_id))


async def petition_review_decided(uow: UnitOfWork, e: Any) -> None:
    await c.drop(uow, "petition", e.data.petition_id, card="approval", what="review")


async def petition_rereview_decided(uow: UnitOfWork, e: Any) -> None:
    await c.drop(uow, "petition", e.data.petition_id, card="approval", what="rereview")


async def petition_closed(uow: UnitOfWork, e: Any) -> None:
    await c.drop(uow, "petition", e.data.petition_id)


async def task_assigned(uow: UnitOfWork, e: Any) -> None:
    d = e.data
    link = f"/supervision/tasks/{d.task_id}"
    await c.put(uow, "assigned", office(d.office.value), "task", d.task_id, "task", d.due_on, link)


async def task_closed(uow: UnitOfWork, e: Any) -> None:
    await c.drop(uow, "task", e.data.task_id)


async def article_submitted(uow: UnitOfWork, e: Any) -> None:
    d = e.data
    await c.put(
        uow, "approval", role("liaison.head"), "article", d.article_id, "review", None, f"/articles/{d.article_id}"
    )


async def article_reviewed(uow: UnitOfWork, e: Any) -> None:
    await c.drop(uow, "article", e.data.article_id, card="approval")


async def identity_review_submitted(uow: UnitOfWork, e: Any) -> None:
    d = e.data
    link = f"/identity-reviews/{d.review_id}"
    await c.put(uow, "approval", office("personnel"), "identity_review", d.review_id, "verify", None, link)


async def identity_review_done(uow: UnitOfWork, e: Any) -> None:
    await c.drop(uow, "identity_review", e.data.review_id, card="approval")


def _incoming(did: str) -> str:
    return f"/g/office/documents/incoming/{did}"


async def document_received(uow: UnitOfWork, e: Any) -> None:
    d = e.data
    await c.put(uow, "assigned", office("office"), "document", d.document_id, "route", None, _incoming(d.document_id))


async def document_routed(uow: UnitOfWork, e: Any) -> None:
    """Routed (again): the office it went to handles it by the due date; a former office's item goes."""
    d = e.data
    await c.drop(uow, "document", d.document_id, card="assigned")
    link = _incoming(d.document_id)
    await c.put(uow, "assigned", office(d.office.value), "document", d.document_id, "handle", d.handling_due, link)


async def document_handled(uow: UnitOfWork, e: Any) -> None:
    await c.drop(uow, "document", e.data.document_id)


async def document_numbered(uow: UnitOfWork, e: Any) -> None:
    d = e.data
    link = f"/g/office/documents/outgoing/{d.document_id}"
    await c.put(uow, "assigned", office("office"), "outgoing_document", d.document_id, "seal", None, link)


async def document_sealed(uow: UnitOfWork, e: Any) -> None:
    await c.drop(uow, "outgoing_document", e.data.document_id)


async def trip_waits_for(uow: UnitOfWork, trip_id: str, step: str, due_on: Any) -> None:
    await c.drop(uow, "trip", trip_id, card="approval")
    link = f"/g/office/outbound-trips/{trip_id}"
    await c.put(uow, "approval", role(TRIP_STEP_ROLES[step]), "trip", trip_id, step, due_on, link)


async def trip_applied(uow: UnitOfWork, e: Any) -> None:
    d = e.data  # the first step decides before departure
    await trip_waits_for(uow, d.trip_id, next(iter(TRIP_STEP_ROLES)), d.departs_on)


async def trip_step_approved(uow: UnitOfWork, e: Any) -> None:
    d = e.data
    due = await c.due_of(uow, "trip", d.trip_id, d.step)
    await trip_waits_for(uow, d.trip_id, d.next_step, due)


async def trip_decided(uow: UnitOfWork, e: Any) -> None:
    """Approved at the last step, rejected at one, or withdrawn: no step waits any more."""
    await c.drop(uow, "trip", e.data.trip_id, card="approval")


async def election_due(uow: UnitOfWork, e: Any) -> None:
    d = e.data
    link = f"/g/personnel/federations/{d.federation_id}"
    await c.put(uow, "deadline", office("personnel"), "federation", d.federation_id, "election", d.term_ends_on, link)


async def election_result_filed(uow: UnitOfWork, e: Any) -> None:
    await c.drop(uow, "federation", e.data.federation_id, what="election")


RIGHTS_HANDLERS: dict[str, Handler] = handles(
    by_type={
        P + "filed.v1": petition_filed,
        P + "received_by_transfer.v1": petition_transferred_in,
        P + "accepted.v1": petition_accepted,
        P + "not_accepted.v1": petition_decided_otherwise,
        P + "routed.v1": petition_decided_otherwise,
        P + "transferred.v1": petition_decided_otherwise,
        P + "assigned.v1": petition_decided_otherwise,
        P + "linked_as_repeat.v1": petition_closed,
        P + "extension_granted.v1": petition_extended,
        P + "handler_assigned.v1": petition_handler_assigned,
        P + "opinion_issued.v1": petition_opinion_issued,
        P + "review_requested.v1": petition_review_requested,
        P + "rereview_requested.v1": petition_rereview_requested,
        P + "review_decided.v1": petition_review_decided,
        P + "rereview_decided.v1": petition_rereview_decided,
        P + "closed.v1": petition_closed,
    }
)
OF = "qiaolian.office."
OFFICE_HANDLERS = handles(
    by_type={
        OF + "task.assigned.v1": task_assigned,
        OF + "task.closed.v1": task_closed,
        OF + "document.received.v1": document_received,
        OF + "document.routed.v1": document_routed,
        OF + "document.handled.v1": document_handled,
        OF + "document.numbered.v1": document_numbered,
        OF + "document.sealed.v1": document_sealed,
        OF + "outbound_trip.applied.v1": trip_applied,
        OF + "outbound_trip.step_approved.v1": trip_step_approved,
        **{OF + f"outbound_trip.{f}.v1": trip_decided for f in ("approved", "rejected", "withdrawn")},
    }
)
LIAISON_HANDLERS = handles(
    by_type={
        "qiaolian.liaison.article.submitted.v1": article_submitted,
        **{f"qiaolian.liaison.article.{f}.v1": article_reviewed for f in ("approved", "rejected", "withdrawn")},
    }
)
PERSONNEL_HANDLERS = handles(
    by_type={
        "qiaolian.personnel.identity_review.submitted.v1": identity_review_submitted,
        "qiaolian.personnel.identity_review.verified.v1": identity_review_done,
        "qiaolian.personnel.identity_review.rejected.v1": identity_review_done,
        "qiaolian.personnel.federation.election_due.v1": election_due,
        "qiaolian.personnel.federation.election_result_filed.v1": election_result_filed,
    }
)
HANDLERS: dict[str, dict[str, Handler]] = {
    "console--todo-rights": RIGHTS_HANDLERS,
    "console--todo-office": OFFICE_HANDLERS,
    "console--todo-liaison": LIAISON_HANDLERS,
    "console--todo-personnel": PERSONNEL_HANDLERS,
}
