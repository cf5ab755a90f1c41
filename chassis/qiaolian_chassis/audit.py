"""The audit log every service keeps in its own database (ACCESS.md, "Audit").

One row per command, and per read that returned personal fields: the account, the action
(`METHOD /path/template`), the record, which personal fields were returned, the request id and the
time. Rows are append-only: triggers refuse UPDATE and DELETE on SQLite and PostgreSQL alike, and no
API changes them. Commands are audited by the unit of work in their own transaction; reads through
`UnitOfWork.audit_read`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, Field

from .tables import AUDIT, audit_table, new_metadata

_SQLITE_TRIGGERS = [
    f"CREATE TRIGGER {AUDIT}_no_{verb} BEFORE {verb.upper()} ON {AUDIT} "
    f"BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    for verb in ("update", "delete")
]
_PG_TRIGGERS = [
    f"""CREATE FUNCTION {AUDIT}_append_only() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$""",
    f"CREATE TRIGGER {AUDIT}_no_change BEFORE UPDATE OR DELETE ON {AUDIT} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {AUDIT}_append_only()",
    f"CREATE TRIGGER {AUDIT}_no_truncate BEFORE TRUNCATE ON {AUDIT} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {AUDIT}_append_only()",
    f"REVOKE UPDATE, DELETE, TRUNCATE ON {AUDIT} FROM PUBLIC",
]


def create_audit_table(op: object) -> None:
    """For a service's migration: the audit table and the triggers that keep it append-only."""
    bind = op.get_bind()  # type: ignore[attr-defined]
    audit_table(new_metadata()).create(bind)
    for statement in _PG_TRIGGERS if bind.dialect.name == "postgresql" else _SQLITE_TRIGGERS:
        op.execute(statement)  # type: ignore[attr-defined]


def drop_audit_table(op: object) -> None:
    bind = op.get_bind()  # type: ignore[attr-defined]
    op.drop_table(AUDIT)  # type: ignore[attr-defined]
    if bind.dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION IF EXISTS {AUDIT}_append_only()")  # type: ignore[attr-defined]


class RecordCommand(BaseModel):
    """One command given on a record, from the audit log: who did what when (a record's timeline)."""

    at: datetime
    command: str = Field(description="METHOD /path/template of the request, e.g. POST /petitions/{petition_id}/accept")
    account_id: str = Field(description="the signed-in account that gave it")


async def commands_on(session: Any, audit: sa.Table, record_id: str) -> list[RecordCommand]:
    """The commands given on `record_id`, oldest first. Reads are left out (they change nothing)."""
    rows = await session.execute(
        sa.select(audit.c.at, audit.c.action, audit.c.account_id)
        .where(audit.c.record_id == record_id, audit.c.fields.is_(None), ~audit.c.action.startswith("GET "))
        .order_by(audit.c.id)
    )
    return [RecordCommand(at=r.at, command=r.action, account_id=r.account_id) for r in rows]
