"""Who may do what on NATS: the users of the bus and their subject permissions, from the catalog.

NATS permissions are subjects a user may publish to and subscribe to (allow lists; anything not
listed is refused). Everything JetStream does is a subject too: the API (`$JS.API.*`, a request
whose reply comes to the caller's inbox) and acknowledgements (`$JS.ACK.<stream>.<consumer>.*`).

- a service (`office`, `liaison`, `rights`, `personnel`) publishes its own events
  (`qiaolian.<service>.>`) and the dead letters of its own consumers
  (`qiaolian.deadletter.<service>.<durable>`), pulls from and acknowledges its own durables, and
  reads their info; it creates, changes or deletes nothing;
- the console pulls its own durable(s) and publishes nothing;
- the provisioner alone manages streams and consumers (the whole JetStream API); it publishes no
  event;
- the integrator reads the producers' streams through durables of its own, which it may create,
  read and delete; it publishes nothing else. NATS matches subjects by whole tokens, so "names
  starting `integrator-`" cannot be a wildcard: the names are a list from configuration
  (`QIAOLIAN_NATS_INTEGRATOR_DURABLES`), each starting `integrator-`.

Every user receives replies only on its own inbox prefix, `_INBOX_<user>` (set on the connection and
on each pull subscription), so no user can read another's replies. Nobody may subscribe to
`qiaolian.>` itself: events are read through durable consumers only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .catalog import CONSUMERS, DEAD_LETTER_PREFIX, SERVICES
from .spec import stream_name

CONSOLE = "console"
PROVISIONER = "provisioner"
INTEGRATOR = "integrator"
USERS: tuple[str, ...] = (*SERVICES, CONSOLE, PROVISIONER, INTEGRATOR)

# the streams of events (not DEADLETTER: dead letters are the operators' material, and their error
# text is whatever a handler raised)
EVENT_STREAMS: tuple[str, ...] = tuple(stream_name(s) for s in SERVICES)

INTEGRATOR_DURABLE_PREFIX = "integrator-"
DEFAULT_INTEGRATOR_DURABLES: tuple[str, ...] = ("integrator-default",)
_DURABLE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


# durables of consumers the catalog does not declare (yet): (user, stream, durable)
def inbox_prefix(user: str) -> str:
    """The subject prefix of a user's replies: `_INBOX_<user>` (its subscriptions are `<prefix>.>`)."""
    return f"_INBOX_{user}"


def dead_letter_subject(service: str, durable: str) -> str:
    return f"{DEAD_LETTER_PREFIX}.{service}.{durable}"


@dataclass(frozen=True)
class Permissions:
    user: str
    publish: tuple[str, ...]
    subscribe: tuple[str, ...]
    description: str


def durables_of(user: str) -> list[tuple[str, str]]:
    """(stream, durable) of every consumer the user pulls from."""
    out = [(c.stream, c.durable) for c in CONSUMERS if c.service == user]
    return out


def check_integrator_durables(names: Iterable[str]) -> tuple[str, ...]:
    out = tuple(names)
    for name in out:
        if not name.startswith(INTEGRATOR_DURABLE_PREFIX) or not _DURABLE_NAME.match(name):
            raise ValueError(
                f"integrator durable {name!r}: a name of letters, digits, - and _ "
                f"starting {INTEGRATOR_DURABLE_PREFIX!r}"
            )
    return out


def _pull(stream: str, durable: str) -> list[str]:
    """Pull from a durable and acknowledge its messages (ack, nak, term: all on the ack subject)."""
    return [
        f"$JS.API.CONSUMER.INFO.{stream}.{durable}",
        f"$JS.API.CONSUMER.MSG.NEXT.{stream}.{durable}",
        f"$JS.ACK.{stream}.{durable}.>",
    ]


def _own_durable(stream: str, durable: str) -> list[str]:
    """Create (both API forms, with and without a filter subject), pull, read and delete one durable."""
    return [
        f"$JS.API.CONSUMER.CREATE.{stream}.{durable}",
        f"$JS.API.CONSUMER.CREATE.{stream}.{durable}.>",
        f"$JS.API.CONSUMER.DURABLE.CREATE.{stream}.{durable}",
        f"$JS.API.CONSUMER.DELETE.{stream}.{durable}",
        *_pull(stream, durable),
    ]


def permissions(user: str, integrator_durables: Iterable[str] = DEFAULT_INTEGRATOR_DURABLES) -> Permissions:
    inbox = [f"{inbox_prefix(user)}.>"]
    if user in SERVICES:
        durables = durables_of(user)
        return Permissions(
            user,
            tuple(
                [
                    f"qiaolian.{user}.>",
                    *(dead_letter_subject(user, d) for _, d in durables),
                    *(s for stream, d in durables for s in _pull(stream, d)),
                ]
            ),
            tuple(inbox),
            f"the {user} service: publishes its events and its consumers' dead letters, pulls its own durables",
        )
    if user == CONSOLE:
        durables = durables_of(user)
        return Permissions(
            user,
            tuple(
                [
                    *(dead_letter_subject(user, d) for _, d in durables),
                    *(s for stream, d in durables for s in _pull(stream, d)),
                ]
            ),
            tuple(inbox),
            "the console: pulls its own durables and publishes only their dead letters, no events",
        )
    if user == PROVISIONER:
        # `$JS.FC.>`: flow control replies of the operator's `qiaolian tail` (an ordered consumer)
        return Permissions(
            user,
            ("$JS.API.>", "$JS.FC.>"),
            tuple(inbox),
            "provisioning and operators: the whole JetStream API, no events",
        )
    if user == INTEGRATOR:
        names = check_integrator_durables(integrator_durables)
        return Permissions(
            user,
            tuple(
                [
                    "$JS.API.INFO",
                    "$JS.API.STREAM.NAMES",
                    *(f"$JS.API.STREAM.INFO.{stream}" for stream in EVENT_STREAMS),
                    *(s for stream in EVENT_STREAMS for name in names for s in _own_durable(stream, name)),
                ]
            ),
            tuple(inbox),
            "integrators: read every event stream through durables of their own",
        )
    raise KeyError(f"no NATS user {user!r}")


def all_permissions(integrator_durables: Iterable[str] = DEFAULT_INTEGRATOR_DURABLES) -> list[Permissions]:
    names = tuple(integrator_durables)
    return [permissions(u, names) for u in USERS]
