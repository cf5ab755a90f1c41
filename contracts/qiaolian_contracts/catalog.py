"""The event catalog: every event type, its payload model, subject, stream, producer and consumers.

`type` and the NATS subject are the same dotted name, `qiaolian.<service>.<aggregate>.<fact>.v<major>`.
Each producing service owns one stream capturing `qiaolian.<service>.>`. Each subscribing handler
group is a durable pull consumer named `<consumer service>--<purpose>` on one producer's stream.
Streams and consumers are created from this module by the provisioning step, never by subscribers.
The console is a subscriber only (`CONSUMER_ONLY`): it runs durables on the producers' streams and has
no stream of its own.
"""

from __future__ import annotations

from .events import console, liaison, office, personnel, rights
from .spec import ConsumerGroup, EventType, stream_name

SERVICES = ("office", "liaison", "rights", "personnel")  # the producers: one stream each
CONSUMER_ONLY = ("console",)  # services that subscribe and publish nothing: no stream
SUBSCRIBERS = SERVICES + CONSUMER_ONLY
DEAD_LETTER_STREAM = "DEADLETTER"
DEAD_LETTER_PREFIX = "qiaolian.deadletter"


def stream_subjects(service: str) -> list[str]:
    return [f"qiaolian.{service}.>"]


def _events(*items: EventType) -> dict[str, EventType]:
    return {e.type: e for e in items}


# each service's module declares what it publishes, and the consumer groups the service runs
_MODULES = (office, liaison, rights, personnel)
_SUBSCRIBER_MODULES = (*_MODULES, console)
EVENTS: dict[str, EventType] = _events(*(e for m in _MODULES for e in m.PRODUCES))
CONSUMERS: tuple[ConsumerGroup, ...] = tuple(c for m in _SUBSCRIBER_MODULES for c in m.CONSUMES)
CONSUMERS_BY_DURABLE: dict[str, ConsumerGroup] = {c.durable: c for c in CONSUMERS}


_TYPES_OF_MODEL: dict[type, list[str]] = {}
for _e in EVENTS.values():
    _TYPES_OF_MODEL.setdefault(_e.model, []).append(_e.type)


def type_of(model: type) -> str:
    """The one event type that carries `model`; a model shared by several types has no default."""
    types = _TYPES_OF_MODEL.get(model, [])
    if len(types) != 1:
        raise LookupError(f"{model.__name__} is carried by {len(types)} event types; name the type: {types}")
    return types[0]


def produced_by(service: str) -> list[EventType]:
    return [e for e in EVENTS.values() if e.producer == service]


def consumed_by(service: str) -> list[ConsumerGroup]:
    return [c for c in CONSUMERS if c.service == service]


def consumers_of(event_type: str) -> list[str]:
    return [c.durable for c in CONSUMERS if event_type in c.events]


def check() -> None:
    """Invariants of the catalog itself; the contract tests call this."""
    for e in EVENTS.values():
        parts = e.type.split(".")
        assert len(parts) == 5 and parts[0] == "qiaolian" and parts[1] in SERVICES, e.type
        assert parts[4].startswith("v") and parts[4][1:].isdigit(), e.type
    assert not console.PRODUCES, "a consumer-only service publishes nothing (it has no stream)"
    for c in CONSUMERS:
        assert c.service in SUBSCRIBERS, c.durable
        assert all(t in EVENTS for t in c.events), c.durable
        assert c.max_deliver > len(c.backoff_s), f"{c.durable}: NATS needs max_deliver > len(backoff)"
        assert c.ack_wait_s > 0 and c.stream
        assert c.stream != stream_name(c.service), f"{c.durable} consumes its own service's stream"
    assert len(CONSUMERS_BY_DURABLE) == len(CONSUMERS), "duplicate durable names"
