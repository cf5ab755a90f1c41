"""The board's titles in Chinese: every item's title rewritten from its kind's template
(`supervision/titles.py`), as the handlers now write them; a task's title (the clerk's own words) is kept,
and the titles that named a record by a name (a major event's task, an asset) keep that name.

Revision ID: 0023_board_titles_zh
Revises: 0022_office17a_assets
Create Date: 2026-12-03 07:10:00
"""

import re

import sqlalchemy as sa
from alembic import op

from qiaolian_contracts.board import BoardItemKind
from qiaolian_office.supervision.titles import PER_TERM, TITLES, board_title, subject_of

revision = "0023_board_titles_zh"
down_revision = "0022_office17a_assets"
branch_labels = None
depends_on = None

items = sa.table(
    "supervision_items",
    *(sa.column(c, sa.String) for c in ("id", "kind", "source_id", "title")),
)
K = BoardItemKind
# the former titles that carried a name of the record, Traditional: the name is kept
NAMED = {
    K.major_event_task: re.compile(r"^重要活動任務：(?P<subject>.*)$"),
    K.asset_handover: re.compile(r"^資產移交：(?P<subject>.*)$"),
    K.asset_inventory: re.compile(r"^資產清查 (?P<subject>\d{4})$"),
}


def upgrade() -> None:
    conn = op.get_bind()
    for kind in TITLES:
        if kind is K.task:
            continue
        if kind in NAMED:
            rows = conn.execute(sa.select(items.c.id, items.c.title).where(items.c.kind == kind.value)).all()
            for r in rows:
                if m := NAMED[kind].match(r.title):
                    title = board_title(kind, m["subject"])
                    conn.execute(items.update().where(items.c.id == r.id).values(title=title))
        elif kind in PER_TERM or kind is K.calendar_year:
            rows = conn.execute(sa.select(items.c.id, items.c.source_id).where(items.c.kind == kind.value)).all()
            for r in rows:
                title = board_title(kind, subject_of(kind, r.source_id))
                conn.execute(items.update().where(items.c.id == r.id).values(title=title))
        else:  # the subject is the source id: one statement per kind
            before, after = TITLES[kind].split("{subject}")
            conn.execute(
                items.update()
                .where(items.c.kind == kind.value)
                .values(title=sa.literal(before, sa.String) + items.c.source_id + sa.literal(after, sa.String))
            )


def downgrade() -> None:
    """The English titles are not written back: the rows keep their Chinese titles."""
