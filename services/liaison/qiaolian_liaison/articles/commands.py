"""Commands on articles: drafting and editing, review, publishing on the website and withdrawal."""

from __future__ import annotations

from dataclasses import dataclass

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.liaison import (
    ArticleApproved,
    ArticleKind,
    ArticlePublished,
    ArticleRejected,
    ArticleSubmitted,
    ArticleWithdrawn,
)
from qiaolian_contracts.ids import new_id

from . import rules
from .rules import ARTICLES, ArticleState
from .tables import Article


@dataclass(frozen=True)
class CreateArticle:
    kind: ArticleKind
    title: str
    body: str
    author_cadre_id: str


@dataclass(frozen=True)
class EditArticle:
    """The title and body given replace the old ones."""

    article_id: str
    title: str | None = None
    body: str | None = None


@dataclass(frozen=True)
class SubmitArticle:
    article_id: str


@dataclass(frozen=True)
class ApproveArticle:
    article_id: str
    reviewer_cadre_id: str


@dataclass(frozen=True)
class ReturnArticle:
    article_id: str
    reviewer_cadre_id: str
    comments: str


@dataclass(frozen=True)
class PublishArticle:
    article_id: str


@dataclass(frozen=True)
class WithdrawArticle:
    article_id: str


async def _load(uow: UnitOfWork, article_id: str, command: str) -> tuple[Article, ArticleState]:
    """The article, locked, and the state `command` leads it to (409 when its state does not allow it)."""
    a = await get_or_404(uow.session, Article, "article", article_id, for_update=True)
    return a, ARTICLES.apply(ArticleState(a.state), command)


async def create(uow: UnitOfWork, cmd: CreateArticle) -> Article:
    a = Article(
        id=new_id(),
        kind=cmd.kind.value,
        title=cmd.title,
        body=cmd.body,
        author_cadre_id=cmd.author_cadre_id,
        state=ArticleState.draft.value,
        created_at=uow.now,
        updated_at=uow.now,
    )
    uow.session.add(a)
    return a


async def edit(uow: UnitOfWork, cmd: EditArticle) -> Article:
    a, _ = await _load(uow, cmd.article_id, "edit")
    if cmd.title is not None:
        a.title = cmd.title
    if cmd.body is not None:
        a.body = cmd.body
    a.updated_at = uow.now
    return a


async def submit(uow: UnitOfWork, cmd: SubmitArticle) -> Article:
    a, after = await _load(uow, cmd.article_id, "submit")
    a.state, a.submitted_at, a.updated_at = after.value, uow.now, uow.now
    uow.emit(
        a.id,
        ArticleSubmitted(
            article_id=a.id, kind=ArticleKind(a.kind), author_cadre_id=a.author_cadre_id, submitted_at=uow.now
        ),
    )
    return a


async def approve(uow: UnitOfWork, cmd: ApproveArticle) -> Article:
    a, after = await _load(uow, cmd.article_id, "approve")
    rules.check_reviewer(ArticleState(a.state), a.author_cadre_id, cmd.reviewer_cadre_id)
    a.state, a.reviewer_cadre_id, a.reviewed_at, a.updated_at = after.value, cmd.reviewer_cadre_id, uow.now, uow.now
    a.review_comments = None
    uow.emit(a.id, ArticleApproved(article_id=a.id, reviewer_cadre_id=cmd.reviewer_cadre_id, approved_at=uow.now))
    return a


async def return_with_comments(uow: UnitOfWork, cmd: ReturnArticle) -> Article:
    a, after = await _load(uow, cmd.article_id, "return")
    a.state, a.reviewer_cadre_id, a.reviewed_at, a.updated_at = after.value, cmd.reviewer_cadre_id, uow.now, uow.now
    a.review_comments = cmd.comments
    uow.emit(a.id, ArticleRejected(article_id=a.id, reviewer_cadre_id=cmd.reviewer_cadre_id, rejected_at=uow.now))
    return a


async def publish(uow: UnitOfWork, cmd: PublishArticle) -> Article:
    a, after = await _load(uow, cmd.article_id, "publish")
    a.state, a.published_at, a.updated_at = after.value, uow.now, uow.now
    uow.emit(a.id, ArticlePublished(article_id=a.id, published_at=uow.now))
    return a


async def withdraw(uow: UnitOfWork, cmd: WithdrawArticle) -> Article:
    a, after = await _load(uow, cmd.article_id, "withdraw")
    a.state, a.withdrawn_at, a.updated_at = after.value, uow.now, uow.now
    uow.emit(a.id, ArticleWithdrawn(article_id=a.id, withdrawn_at=uow.now))
    return a
