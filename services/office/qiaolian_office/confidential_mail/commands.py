"""The confidential mail register's commands: register (confidential_mail.registered; on the board
and watched by the scheduler until its due date), return or destroy (confidential_mail.disposed).
Only a person cleared for a piece's classification registers or disposes of it. The board's title
and the events name no title and no organ."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qiaolian_chassis.errors import Conflict, Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.board import BoardItemKind
from qiaolian_contracts.events.common import Office
from qiaolian_contracts.events.office import ConfidentialMailDisposed, ConfidentialMailRegistered
from qiaolian_contracts.ids import new_id

from ..database import MAIL_DUE, deadlines, directory
from ..documents.rules import Classification
from ..supervision.commands import BoardItem, close_item, open_item
from .queries import cleared_mail
from .rules import TRANSITIONS, Direction, Disposal, MailState, check_classified
from .tables import ConfidentialMail


@dataclass(frozen=True)
class RegisterMail:
    direction: Direction
    serial_number: str
    title: str
    classification: Classification
    counterpart: str
    copies: int
    handler_id: str
    registered_on: date
    disposal: Disposal
    due_on: date
    cleared: frozenset[str]


async def register(uow: UnitOfWork, cmd: RegisterMail) -> ConfidentialMail:
    check_classified(cmd.classification, cmd.cleared)
    if cmd.registered_on > uow.today:
        raise Invalid("registered_on", f"cannot be after today ({uow.today})")
    if cmd.due_on <= cmd.registered_on:
        raise Invalid("due_on", f"must be after registered_on ({cmd.registered_on})")
    if await directory.get(uow.session, cmd.handler_id) is None:
        raise Invalid("handler_id", "not a cadre of the staff directory")
    m = ConfidentialMail(
        id=new_id(),
        direction=cmd.direction.value,
        serial_number=cmd.serial_number,
        title=cmd.title,
        classification=cmd.classification.value,
        counterpart=cmd.counterpart,
        copies=cmd.copies,
        handler_id=cmd.handler_id,
        registered_on=cmd.registered_on,
        disposal=cmd.disposal.value,
        due_on=cmd.due_on,
        state=MailState.held.value,
        created_at=uow.now,
    )
    uow.session.add(m)
    await uow.session.flush()
    await open_item(
        uow,
        BoardItem.of(BoardItemKind.confidential_mail, Office.office, m.id, m.due_on),
    )
    await deadlines.set(uow, MAIL_DUE, m.id, m.due_on)
    uow.emit(
        m.id,
        ConfidentialMailRegistered(
            mail_id=m.id,
            direction=m.direction,
            classification=m.classification,
            registered_on=m.registered_on,
            disposal=m.disposal,
            due_on=m.due_on,
        ),
    )
    return m


async def dispose(uow: UnitOfWork, mail_id: str, command: str, cleared: frozenset[str]) -> ConfidentialMail:
    """`return` or `destroy`: the one the piece was registered for (else 409)."""
    m = await cleared_mail(uow.session, mail_id, cleared, for_update=True)
    state = MailState(m.state)
    if command != m.disposal and command in TRANSITIONS.commands(state):
        raise Conflict(
            f"this piece is registered to be {'returned' if m.disposal == 'return' else 'destroyed'}",
            current_state=m.state,
            allowed_commands=[m.disposal],
        )
    target = TRANSITIONS.apply(state, command)
    m.state, m.disposed_on = target.value, uow.today
    await deadlines.meet(uow, MAIL_DUE, m.id, uow.today)
    await close_item(uow, BoardItemKind.confidential_mail, m.id)
    uow.emit(
        m.id, ConfidentialMailDisposed(mail_id=m.id, disposal=target.value, disposed_on=uow.today, due_on=m.due_on)
    )
    return m
