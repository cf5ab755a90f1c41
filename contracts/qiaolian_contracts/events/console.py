"""What the console follows. It publishes nothing: people act through the services, whose facts are on
their own streams. It is a consumer-only service, so there is no CONSOLE stream; its durables keep
the accounts in step with personnel's cadre events (a cadre who leaves loses access at once) and
keep 我的待办, each person's to-do list, from all four streams.
"""

from __future__ import annotations

from ..spec import ConsumerGroup, EventType

PRODUCES: tuple[EventType, ...] = ()

# the durable consumers the console runs (on personnel's stream)
CONSUMES: tuple[ConsumerGroup, ...] = (
    ConsumerGroup(
        "console",
        "accounts",
        (
            "qiaolian.personnel.cadre.appointed.v1",
            "qiaolian.personnel.cadre.transferred.v1",
            "qiaolian.personnel.cadre.removed.v1",
            "qiaolian.personnel.cadre.retired.v1",
        ),
        "Moves an account's office and post role with its cadre's appointment or transfer; disables "
        "the account and ends its sessions when the cadre is removed or retires.",
    ),
    # 我的待办 (console/todo): one durable per stream, each event updates the projection once
    ConsumerGroup(
        "console",
        "todo-rights",
        tuple(
            f"qiaolian.rights.petition.{fact}.v1"
            for fact in (
                "filed",
                "received_by_transfer",
                "accepted",
                "not_accepted",
                "routed",
                "transferred",
                "assigned",
                "linked_as_repeat",
                "extension_granted",
                "handler_assigned",
                "opinion_issued",
                "review_requested",
                "rereview_requested",
                "review_decided",
                "rereview_decided",
                "closed",
            )
        ),
        "我的待办: petitions' first-decision and handling deadlines for rights, the handler's assignment, "
        "reviews waiting for rights.head.",
    ),
    ConsumerGroup(
        "console",
        "todo-office",
        (
            "qiaolian.office.task.assigned.v1",
            "qiaolian.office.task.closed.v1",
            *(f"qiaolian.office.document.{f}.v1" for f in ("received", "routed", "handled", "numbered", "sealed")),
            *(
                f"qiaolian.office.outbound_trip.{f}.v1"
                for f in ("applied", "step_approved", "approved", "rejected", "withdrawn")
            ),
        ),
        "我的待办: supervised tasks assigned to an office, until closed; incoming documents to route and "
        "to handle, outgoing ones to seal; outbound trips waiting for the role of their next approval step.",
    ),
    ConsumerGroup(
        "console",
        "todo-liaison",
        tuple(f"qiaolian.liaison.article.{f}.v1" for f in ("submitted", "approved", "rejected", "withdrawn")),
        "我的待办: articles waiting for liaison.head's review.",
    ),
    ConsumerGroup(
        "console",
        "todo-personnel",
        (
            *(f"qiaolian.personnel.identity_review.{f}.v1" for f in ("submitted", "verified", "rejected")),
            "qiaolian.personnel.federation.election_due.v1",
            "qiaolian.personnel.federation.election_result_filed.v1",
        ),
        "我的待办: identity reviews waiting for personnel's verification; federations' elections due.",
    ),
)
