"""News releases and manuscripts: draft → submitted → approved or returned with comments → published on
the website (網上僑聯) → withdrawn. A reviewer cannot approve their own article. The published list is
served as an Atom feed.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated
from xml.etree import ElementTree as ET

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.errors import Conflict, NotFound
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_chassis.tables import UtcDateTime
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.common import Id
from qiaolian_contracts.events.liaison import (
    ArticleApproved,
    ArticleKind,
    ArticlePublished,
    ArticleRejected,
    ArticleSubmitted,
    ArticleWithdrawn,
)
from qiaolian_contracts.ids import new_id

from .domain import ArticleState, article_commands, require_article
from .database import Base
from .queries import get_or_404

SUBMITTED = "qiaolian.liaison.article.submitted.v1"
APPROVED = "qiaolian.liaison.article.approved.v1"
REJECTED = "qiaolian.liaison.article.rejected.v1"
PUBLISHED = "qiaolian.liaison.article.published.v1"
WITHDRAWN = "qiaolian.liaison.article.withdrawn.v1"
FEED_ID = "urn:qiaolian:liaison:articles"


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20), index=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    author_cadre_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    reviewer_cadre_id: Mapped[str | None] = mapped_column(sa.String(64))
    review_comments: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Body = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100_000)]


class NewArticle(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: ArticleKind
    title: Title
    body: Body
    author_cadre_id: Id = Field(description="the staff member (cadre id) who wrote it")


class EditArticle(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Title | None = None
    body: Body | None = None


class Review(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reviewer_cadre_id: Id


class Return(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reviewer_cadre_id: Id
    comments: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000)] = Field(
        description="what the author must change")


class ArticleOut(BaseModel):
    id: str
    kind: ArticleKind
    title: str
    body: str
    author_cadre_id: str
    state: ArticleState
    reviewer_cadre_id: str | None
    review_comments: str | None
    submitted_at: datetime | None
    reviewed_at: datetime | None
    published_at: datetime | None
    withdrawn_at: datetime | None
    allowed_commands: list[str]

    @classmethod
    def of(cls, a: Article) -> ArticleOut:
        state = ArticleState(a.state)
        return cls(id=a.id, kind=ArticleKind(a.kind), title=a.title, body=a.body, author_cadre_id=a.author_cadre_id,
                   state=state, reviewer_cadre_id=a.reviewer_cadre_id, review_comments=a.review_comments,
                   submitted_at=a.submitted_at, reviewed_at=a.reviewed_at, published_at=a.published_at,
                   withdrawn_at=a.withdrawn_at, allowed_commands=article_commands(state))


# ---- commands ----------------------------------------------------------------------------------

async def _load(uow: UnitOfWork, article_id: str, command: str) -> Article:
    a = await uow.session.get(Article, article_id, with_for_update=True)
    if a is None:
        raise NotFound(f"article {article_id} not found")
    require_article(ArticleState(a.state), command)
    return a


async def create(uow: UnitOfWork, body: NewArticle) -> Article:
    a = Article(id=new_id(), kind=body.kind.value, title=body.title, body=body.body,
                author_cadre_id=body.author_cadre_id, state=ArticleState.draft.value, created_at=uow.now,
                updated_at=uow.now)
    uow.session.add(a)
    return a


async def edit(uow: UnitOfWork, article_id: str, body: EditArticle) -> Article:
    a = await _load(uow, article_id, "edit")
    if body.title is not None:
        a.title = body.title
    if body.body is not None:
        a.body = body.body
    a.updated_at = uow.now
    return a


async def submit(uow: UnitOfWork, article_id: str) -> Article:
    a = await _load(uow, article_id, "submit")
    a.state, a.submitted_at, a.updated_at = ArticleState.submitted.value, uow.now, uow.now
    uow.emit(a.id, ArticleSubmitted(article_id=a.id, kind=ArticleKind(a.kind),
                                               author_cadre_id=a.author_cadre_id, submitted_at=uow.now))
    return a


async def approve(uow: UnitOfWork, article_id: str, reviewer: str) -> Article:
    a = await _load(uow, article_id, "approve")
    if reviewer == a.author_cadre_id:
        raise Conflict("a reviewer cannot approve their own article", current_state=a.state,
                       allowed_commands=article_commands(ArticleState(a.state)))
    a.state, a.reviewer_cadre_id, a.reviewed_at, a.updated_at = ArticleState.approved.value, reviewer, uow.now, uow.now
    a.review_comments = None
    uow.emit(a.id, ArticleApproved(article_id=a.id, reviewer_cadre_id=reviewer, approved_at=uow.now))
    return a


async def return_with_comments(uow: UnitOfWork, article_id: str, reviewer: str, comments: str) -> Article:
    a = await _load(uow, article_id, "return")
    a.state, a.reviewer_cadre_id, a.reviewed_at, a.updated_at = ArticleState.returned.value, reviewer, uow.now, uow.now
    a.review_comments = comments
    uow.emit(a.id, ArticleRejected(article_id=a.id, reviewer_cadre_id=reviewer, rejected_at=uow.now))
    return a


async def publish(uow: UnitOfWork, article_id: str) -> Article:
    a = await _load(uow, article_id, "publish")
    a.state, a.published_at, a.updated_at = ArticleState.published.value, uow.now, uow.now
    uow.emit(a.id, ArticlePublished(article_id=a.id, published_at=uow.now))
    return a


async def withdraw(uow: UnitOfWork, article_id: str) -> Article:
    a = await _load(uow, article_id, "withdraw")
    a.state, a.withdrawn_at, a.updated_at = ArticleState.withdrawn.value, uow.now, uow.now
    uow.emit(a.id, ArticleWithdrawn(article_id=a.id, withdrawn_at=uow.now))
    return a


def atom_feed(articles: list[Article], self_url: str, now: datetime) -> bytes:
    """An Atom 1.0 document (RFC 4287) of published articles, newest first."""
    ns = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", ns)

    def el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        e = ET.SubElement(parent, f"{{{ns}}}{tag}", attrs)
        if text is not None:
            e.text = text
        return e

    def stamp(d: datetime) -> str:
        return (d if d.tzinfo else d.replace(tzinfo=timezone.utc)).astimezone(timezone.utc).isoformat()

    feed = ET.Element(f"{{{ns}}}feed")
    el(feed, "id", FEED_ID)
    el(feed, "title", "網上僑聯 — 湖南省僑聯新聞")
    el(feed, "updated", stamp(max((a.published_at for a in articles if a.published_at), default=now)))
    el(feed, "link", rel="self", href=self_url)
    author = el(feed, "author")
    el(author, "name", "湖南省歸國華僑聯合會 宣傳聯絡處")
    for a in articles:
        entry = el(feed, "entry")
        el(entry, "id", f"{FEED_ID}:{a.id}")
        el(entry, "title", a.title)
        el(entry, "updated", stamp(a.published_at or a.updated_at))
        el(entry, "published", stamp(a.published_at or a.updated_at))
        el(entry, "category", term=a.kind)
        el(entry, "content", a.body, type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


# ---- HTTP --------------------------------------------------------------------------------------

router = APIRouter(tags=["news and manuscripts"])


@router.post("/articles", status_code=201, summary="Draft a news release or manuscript")
async def post_article(body: NewArticle, request: Request) -> ArticleOut:
    async with get_service(request).uow() as uow:
        return ArticleOut.of(await create(uow, body))


@router.get("/articles", summary="List articles")
async def list_articles(request: Request, state: ArticleState | None = None, kind: ArticleKind | None = None,
                        author_cadre_id: str | None = Query(None, max_length=64),
                        page: PageParams = Depends(page_params)) -> Page[ArticleOut]:
    stmt = sa.select(Article)
    if state:
        stmt = stmt.where(Article.state == state.value)
    if kind:
        stmt = stmt.where(Article.kind == kind.value)
    if author_cadre_id:
        stmt = stmt.where(Article.author_cadre_id == author_cadre_id)
    async with get_service(request).db.sessions() as s:
        return await paginate(s, stmt.order_by(Article.updated_at.desc(), Article.id.desc()), page, ArticleOut.of)


@router.get("/articles/feed.atom", summary="Published articles as an Atom feed (網上僑聯)",
            response_class=Response, responses={200: {"content": {"application/atom+xml": {}}}})
async def feed(request: Request, limit: int = Query(50, ge=1, le=200)) -> Response:
    svc = get_service(request)
    async with svc.db.sessions() as s:
        rows = (await s.scalars(sa.select(Article).where(Article.state == ArticleState.published.value)
                                .order_by(Article.published_at.desc(), Article.id.desc()).limit(limit))).all()
    return Response(atom_feed(list(rows), str(request.url), svc.clock.now()), media_type="application/atom+xml")


@router.get("/articles/{article_id}", summary="One article with its review state")
async def get_article(article_id: str, request: Request) -> ArticleOut:
    return ArticleOut.of(await get_or_404(request, Article, "article", article_id))


@router.patch("/articles/{article_id}", summary="Edit a draft or a returned article")
async def patch_article(article_id: str, body: EditArticle, request: Request) -> ArticleOut:
    async with get_service(request).uow() as uow:
        return ArticleOut.of(await edit(uow, article_id, body))


@router.post("/articles/{article_id}/submit", summary="Submit for review")
async def post_submit(article_id: str, request: Request) -> ArticleOut:
    async with get_service(request).uow() as uow:
        return ArticleOut.of(await submit(uow, article_id))


@router.post("/articles/{article_id}/approve", summary="Approve for release (not by the author)")
async def post_approve(article_id: str, body: Review, request: Request) -> ArticleOut:
    async with get_service(request).uow() as uow:
        return ArticleOut.of(await approve(uow, article_id, body.reviewer_cadre_id))


@router.post("/articles/{article_id}/return", summary="Return to the author with comments")
async def post_return(article_id: str, body: Return, request: Request) -> ArticleOut:
    async with get_service(request).uow() as uow:
        return ArticleOut.of(await return_with_comments(uow, article_id, body.reviewer_cadre_id, body.comments))


@router.post("/articles/{article_id}/publish", summary="Publish an approved article on the website")
async def post_publish(article_id: str, request: Request) -> ArticleOut:
    async with get_service(request).uow() as uow:
        return ArticleOut.of(await publish(uow, article_id))


@router.post("/articles/{article_id}/withdraw", summary="Withdraw a published article")
async def post_withdraw(article_id: str, request: Request) -> ArticleOut:
    async with get_service(request).uow() as uow:
        return ArticleOut.of(await withdraw(uow, article_id))
