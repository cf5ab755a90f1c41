"""Reads of articles: the list by state, kind and author, and the newest published ones."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.db import filters
from qiaolian_contracts.events.liaison import ArticleKind

from .rules import ArticleState
from .tables import Article


def articles(
    *,
    state: ArticleState | None,
    kind: ArticleKind | None,
    author_cadre_id: str | None,
    published_only: bool = False,
) -> sa.Select[Any]:
    """Last changed first; only the published ones when `published_only`."""
    stmt = (
        sa.select(Article)
        .where(
            *filters(
                (Article.state, state),
                (Article.kind, kind),
                (Article.author_cadre_id, author_cadre_id),
            )
        )
        .order_by(Article.updated_at.desc(), Article.id.desc())
    )
    return stmt.where(Article.state == ArticleState.published.value) if published_only else stmt


async def published(session: Any, limit: int) -> Sequence[Article]:
    """The `limit` articles published last, newest first."""
    rows: Sequence[Article] = (
        await session.scalars(
            sa.select(Article)
            .where(Article.state == ArticleState.published.value)
            .order_by(Article.published_at.desc(), Article.id.desc())
            .limit(limit)
        )
    ).all()
    return rows
