"""What the console follows. It publishes nothing: people act through the services, whose facts are on
their own streams. It is a consumer-only service, so there is no CONSOLE stream; its one durable keeps
the accounts in step with personnel's cadre events (a cadre who leaves loses access at once).
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
)
