"""HTTP routes of news releases and manuscripts, and the website's Atom feed."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import Principal, permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import NotFound
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.liaison import ArticleKind

from . import commands, queries
from .feed import atom_feed
from .rules import ARTICLES, ArticleState
from .tables import Article

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Body = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100_000)]


class NewArticle(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: ArticleKind
    title: Title
    body: Body
    # the author is the signed-in person (their cadre id, else their account id): no body field


class EditArticle(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Title | None = None
    body: Body | None = None


class Review(BaseModel):
    """Nothing to send: the reviewer is the signed-in person (a reviewer_cadre_id is refused, 422)."""

    model_config = ConfigDict(extra="forbid")


class Return(BaseModel):
    model_config = ConfigDict(extra="forbid")
    comments: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000)] = Field(
        description="what the author must change"
    )


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
        return cls(
            id=a.id,
            kind=ArticleKind(a.kind),
            title=a.title,
            body=a.body,
            author_cadre_id=a.author_cadre_id,
            state=state,
            reviewer_cadre_id=a.reviewer_cadre_id,
            review_comments=a.review_comments,
            submitted_at=a.submitted_at,
            reviewed_at=a.reviewed_at,
            published_at=a.published_at,
            withdrawn_at=a.withdrawn_at,
            allowed_commands=ARTICLES.commands(state),
        )


router = APIRouter(tags=["news and manuscripts"])


def _person(who: Principal) -> str:
    """Who the signed-in person is on a record: their cadre id, else their account id."""
    return who.cadre_id or who.account_id


def _outside(who: Principal) -> bool:
    """Staff outside liaison (and not leaders) read published articles only (ACCESS.md)."""
    return not who.holds("liaison.read")


@router.post(
    "/articles", status_code=201, summary="Draft a news release or manuscript; its author is the signed-in person"
)
async def post_article(body: NewArticle, request: Request, who: Principal = permit("liaison.write")) -> ArticleOut:
    async with get_service(request).uow() as uow:
        return ArticleOut.of(
            await commands.create(uow, commands.CreateArticle(**body.model_dump(), author_cadre_id=_person(who)))
        )


@router.get("/articles", summary="List articles (published ones only, for staff outside liaison)")
async def list_articles(
    request: Request,
    who: Principal = permit("staff.read"),
    state: ArticleState | None = None,
    kind: ArticleKind | None = None,
    author_cadre_id: str | None = Query(None, max_length=64),
    page: PageParams = Depends(page_params),
) -> Page[ArticleOut]:
    stmt = queries.articles(state=state, kind=kind, author_cadre_id=author_cadre_id, published_only=_outside(who))
    async with get_service(request).db.sessions() as s:
        return await paginate(s, stmt, page, ArticleOut.of)


@router.get(
    "/articles/feed.atom",
    dependencies=[permit("staff.read")],
    summary="Published articles as an Atom feed (網上僑聯)",
    response_class=Response,
    responses={200: {"content": {"application/atom+xml": {}}}},
)
async def feed(request: Request, limit: int = Query(50, ge=1, le=200)) -> Response:
    svc = get_service(request)
    async with svc.db.sessions() as s:
        rows = await queries.published(s, limit)
    return Response(atom_feed(rows, str(request.url), svc.clock.now()), media_type="application/atom+xml")


@router.get("/articles/{article_id}", summary="One article with its review state (published ones for everyone)")
async def get_article(article_id: str, request: Request, who: Principal = permit("staff.read")) -> ArticleOut:
    async with get_service(request).db.sessions() as s:
        a = await get_or_404(s, Article, "article", article_id)
    if _outside(who) and a.state != ArticleState.published.value:
        raise NotFound(f"article {article_id} not found")  # drafts are liaison's own records
    return ArticleOut.of(a)


@router.patch(
    "/articles/{article_id}", dependencies=[permit("liaison.write")], summary="Edit a draft or a returned article"
)
async def patch_article(article_id: str, body: EditArticle, request: Request) -> ArticleOut:
    async with get_service(request).uow() as uow:
        return ArticleOut.of(await commands.edit(uow, commands.EditArticle(article_id, body.title, body.body)))


@router.post("/articles/{article_id}/submit", dependencies=[permit("liaison.write")], summary="Submit for review")
async def post_submit(article_id: str, request: Request) -> ArticleOut:
    async with get_service(request).uow() as uow:
        return ArticleOut.of(await commands.submit(uow, commands.SubmitArticle(article_id)))


@router.post(
    "/articles/{article_id}/approve",
    summary="Approve for release: the signed-in head, never the author (409)",
)
async def post_approve(
    article_id: str, request: Request, body: Review | None = None, who: Principal = permit("liaison.approve")
) -> ArticleOut:
    async with get_service(request).uow() as uow:
        return ArticleOut.of(await commands.approve(uow, commands.ApproveArticle(article_id, _person(who))))


@router.post("/articles/{article_id}/return", summary="Return to the author with comments (the signed-in head)")
async def post_return(
    article_id: str, body: Return, request: Request, who: Principal = permit("liaison.approve")
) -> ArticleOut:
    async with get_service(request).uow() as uow:
        return ArticleOut.of(
            await commands.return_with_comments(uow, commands.ReturnArticle(article_id, _person(who), body.comments))
        )


@router.post(
    "/articles/{article_id}/publish",
    dependencies=[permit("liaison.write")],
    summary="Publish an approved article on the website",
)
async def post_publish(article_id: str, request: Request) -> ArticleOut:
    async with get_service(request).uow() as uow:
        return ArticleOut.of(await commands.publish(uow, commands.PublishArticle(article_id)))


@router.post(
    "/articles/{article_id}/withdraw", dependencies=[permit("liaison.approve")], summary="Withdraw a published article"
)
async def post_withdraw(article_id: str, request: Request) -> ArticleOut:
    async with get_service(request).uow() as uow:
        return ArticleOut.of(await commands.withdraw(uow, commands.WithdrawArticle(article_id)))
