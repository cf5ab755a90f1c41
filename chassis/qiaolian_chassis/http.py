"""The HTTP app factory: errors as problem+json, health, metrics, AsyncAPI; shared by all services."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from typing import Annotated, Any, Generic, TypeVar, cast

import sqlalchemy as sa
from fastapi import FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import AfterValidator, AwareDatetime, BaseModel, BeforeValidator, Field, StringConstraints
from sqlalchemy import Select
from starlette.exceptions import HTTPException as StarletteHTTPException

from qiaolian_contracts.ids import new_id

from . import keyset
from .auth import permit
from .errors import DomainError
from .logging import get_logger
from .uow import correlation

log = get_logger(__name__)

PROBLEM = "application/problem+json"
T = TypeVar("T")
U = TypeVar("U")

# ---- the input types every route uses: bounded, so no input reaches the code out of range ----------
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2199, 12, 31)


def _not_a_number(value: Any) -> Any:
    # pydantic would read 0 or 1.5e9 as seconds since 1970; a day is written as a date, never a number
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError("a date is written YYYY-MM-DD, not as a number")
    return value


def _in_range(value: date) -> date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(f"must be between {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}")
    return value


Day = Annotated[date, BeforeValidator(_not_a_number), AfterValidator(_in_range)]


def _utc(value: datetime) -> datetime:
    if not FIRST_DAY <= value.date() <= LAST_DAY:
        raise ValueError(f"must be between {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}")
    return value.astimezone(UTC)


# a timestamp a caller gives: with its offset (422 without), taken to UTC, so the answer to the POST
# shows it as the GET does (every timestamp leaves the API in UTC)
Instant = Annotated[AwareDatetime, AfterValidator(_utc)]
"""A calendar day given by a caller (body field or query parameter): ISO text between 1900 and 2199."""
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""Free text a person typed: trimmed and not empty (each field adds its max_length)."""
YEAR_MIN, YEAR_MAX = 1949, 2100
YearQuery = Annotated[int | None, Query(ge=YEAR_MIN, le=YEAR_MAX, description="a year (1949 to 2100)")]
YearParam = Annotated[int, Query(ge=YEAR_MIN, le=YEAR_MAX, description="a year (1949 to 2100)")]
YearPath = Annotated[int, Path(ge=YEAR_MIN, le=YEAR_MAX, description="a year (1949 to 2100)")]
DaysQuery = Annotated[int | None, Query(ge=0, le=3660, description="a number of days (0 to 3660)")]
RowId = Annotated[int, Path(ge=1, le=2**63 - 1, description="a row number")]


def problem(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    return JSONResponse(
        {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra},
        status_code=status,
        media_type=PROBLEM,
    )


def _field(loc: tuple[Any, ...]) -> str:
    parts = list(loc[1:]) if loc and loc[0] == "body" else list(loc)
    return ".".join(str(p) for p in parts) or "body"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(_req: Request, exc: RequestValidationError) -> JSONResponse:
        # the reason, never the input: it may be personal data
        errors = [
            {"field": "body" if e["type"] == "json_invalid" else _field(tuple(e["loc"])), "reason": e["msg"]}
            for e in exc.errors()
        ]
        detail = "; ".join(f"{e['field']}: {e['reason']}" for e in errors[:5])
        return problem(422, "Unprocessable entity", detail, errors=errors)

    @app.exception_handler(DomainError)
    async def _domain(_req: Request, exc: DomainError) -> JSONResponse:
        return problem(exc.status, exc.title, exc.detail, **exc.extra)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_req: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem(exc.status_code, "Error", str(exc.detail))

    @app.exception_handler(Exception)
    async def _crash(req: Request, exc: Exception) -> JSONResponse:
        log.exception("request_failed", path=req.url.path, method=req.method)
        return problem(500, "Internal server error", "the request failed; the error is logged with its request id")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int | None = Field(
        description="rows matching the filters; null when not counted (`count=false`, or paging with `after`)"
    )
    limit: int
    offset: int
    next: str | None = Field(
        None, description="cursor of the last row: pass it as `after` for the next page; null on the last page"
    )

    def with_items(self, items: list[U]) -> Page[U]:
        """The same page (total, cursor) with its items reshaped."""
        return cast(
            Page[U], Page[Any](items=items, total=self.total, limit=self.limit, offset=self.offset, next=self.next)
        )


class PageParams(BaseModel):
    limit: int
    offset: int
    after: str | None = None
    count: bool = True


# the largest OFFSET a database takes (a 64-bit integer on SQLite and PostgreSQL); a larger one was a 500
MAX_OFFSET = 2**63 - 1


def page_params(
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    after: str | None = Query(
        None,
        max_length=1000,
        description="keyset pagination: the `next` of the page before; the rows after it, however deep (no offset)",
    ),
    count: bool | None = Query(
        None, description="count the matching rows into `total` (default: yes with offset, no with `after`)"
    ),
) -> PageParams:
    if after is not None and offset:
        raise RequestValidationError(
            [{"type": "value_error", "loc": ("query", "offset"), "msg": "give either offset or after, not both"}]
        )
    return PageParams(limit=limit, offset=offset, after=after, count=(after is None) if count is None else count)


async def paginate(
    session: Any, stmt: Select[*tuple[Any, ...]], page: PageParams, out: Callable[[Any], T], scalars: bool = True
) -> Page[T]:
    """One page of `stmt` (already filtered and ordered) with the total count, each row mapped by `out`.

    Keyset pagination: `next` is the last row's values of the ORDER BY columns (the first entity's
    primary key is added to the order when missing, so the order is total); a page `after` it adds
    `WHERE (order columns) > cursor` instead of an OFFSET, so a deep page costs what the first does
    with an index on the order. The count runs only when asked (`page.count`), and not even then when
    the page itself shows the total (a short page)."""
    order = keyset.order_of(stmt)
    stmt = stmt.order_by(None).order_by(*(k.clause for k in order))
    paged = stmt.add_columns(*(k.column for k in order))
    if page.after is not None:
        values = keyset.decode(page.after, len(order))
        keyset.check(order, values)
        beyond = keyset.after(order, values, session.bind.dialect.name)
        paged = paged.having(beyond) if stmt._group_by_clauses else paged.where(beyond)
    else:
        paged = paged.offset(page.offset)
    result = (await session.execute(paged.limit(page.limit))).all()
    width = len(result[0]) - len(order) if result else 0
    rows = [r[0] if scalars else r for r in result]  # a row keeps its columns' names (and the keys after them)
    total: int | None = None
    if page.count:
        if page.after is None and (result or page.offset == 0) and len(result) < page.limit:
            total = page.offset + len(result)
        else:
            total = int(
                await session.scalar(sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery())) or 0
            )
    cursor = keyset.encode(result[-1][width:]) if len(result) == page.limit else None
    return Page(items=[out(r) for r in rows], total=total, limit=page.limit, offset=page.offset, next=cursor)


class RequestId:
    """The request's `x-request-id` (or a new one) becomes the correlation id of the events it causes and
    is echoed in the response. Plain ASGI: Starlette's `BaseHTTPMiddleware` costs a task and a stream
    per request, a tenth of a command's CPU."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = next((v for k, v in scope["headers"] if k == b"x-request-id"), None)
        rid = (given.decode("latin-1") if given else new_id())[:64]

        async def send_with_id(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode("latin-1"))]
            await send(message)

        token = correlation.set((rid, None))
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            correlation.reset(token)


MAX_BODY_BYTES = 1 << 20  # 1 MiB: the largest command body a route takes
REQUEST_TIMEOUT_S = 30.0


class Bounds:
    """Every request within bounds, before any route runs: a body over `max_body` bytes is a 413 (by
    its Content-Length, or counted when it comes chunked), and a request still running after
    `timeout_s` is cancelled (its transaction rolls back) and answered 503, not left holding a
    connection. Plain ASGI, like RequestId."""

    def __init__(self, app: Any, max_body: int = MAX_BODY_BYTES, timeout_s: float = REQUEST_TIMEOUT_S) -> None:
        self.app, self.max_body, self.timeout_s = app, max_body, timeout_s

    async def _refuse(self, send: Any, status: int, title: str, detail: str) -> None:
        body = json.dumps({"type": "about:blank", "title": title, "status": status, "detail": detail}).encode()
        headers = [(b"content-type", PROBLEM.encode()), (b"content-length", str(len(body)).encode())]
        if status == 503:
            headers.append((b"retry-after", b"1"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_large = f"the request body is larger than {self.max_body} bytes"
        length = next((v for k, v in scope["headers"] if k == b"content-length"), None)
        if length is not None:
            if not length.isdigit() or int(length) > self.max_body:
                await self._refuse(send, 413, "Content too large", too_large)
                return
        elif any(k == b"transfer-encoding" for k, _ in scope["headers"]):
            # chunked: read it here, counting, and hand the route the whole body
            chunks, size, more = [], 0, True
            while more:
                message = await receive()
                if message["type"] != "http.request":
                    return  # the client went away
                chunks.append(message.get("body", b""))
                size += len(chunks[-1])
                if size > self.max_body:
                    await self._refuse(send, 413, "Content too large", too_large)
                    return
                more = message.get("more_body", False)
            whole = {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            done = False

            async def replay() -> dict[str, Any]:
                nonlocal done
                if done:
                    return cast(dict[str, Any], await receive())
                done = True
                return whole

            receive = replay
        started = False

        async def tracking(message: dict[str, Any]) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            async with asyncio.timeout(self.timeout_s):
                await self.app(scope, receive, tracking)
        except TimeoutError:
            log.warning("request_timeout", path=scope.get("path", ""), after_s=self.timeout_s)
            if started:
                raise
            await self._refuse(send, 503, "Request timeout", f"the request took longer than {self.timeout_s:g} s")


def create_app(
    *,
    title: str,
    description: str,
    lifespan_hooks: tuple[Callable[[], Any], Callable[[], Any]],
    ready_check: Callable[[], Any],
    warnings: Callable[[], list[str]] = list,
    asyncapi_doc: Callable[[], dict[str, Any]],
    failing_peers: Callable[[], dict[str, str]] = dict,
) -> FastAPI:
    start, stop = lifespan_hooks

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await start()
        try:
            yield
        finally:
            await stop()

    app = FastAPI(title=title, description=description, version="1.0.0", lifespan=lifespan)
    install_error_handlers(app)

    app.add_middleware(Bounds)
    app.add_middleware(RequestId)  # added last, so outermost: a refusal carries the request id too

    @app.get("/health/live", tags=["health"])
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/health/ready", tags=["health"])
    async def ready() -> JSONResponse:
        """Ready (200) when every check is ok; `warnings` name what the operator should see to
        without the service being unready (e.g. next year's holiday calendar missing)."""
        checks = await ready_check()
        ok = all(v == "ok" for v in checks.values())
        body: dict[str, Any] = {"status": "ok" if ok else "unavailable", "checks": checks, "warnings": warnings()}
        if failing := failing_peers():  # other processes its supervisor restarts over and over
            body["failing"] = failing
        return JSONResponse(body, status_code=200 if ok else 503)

    @app.get("/metrics", tags=["health"], include_in_schema=False, dependencies=[permit("operations")])
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    @app.get("/docs/asyncapi", tags=["docs"])
    async def asyncapi() -> dict[str, Any]:
        """This service's AsyncAPI 3.0 document: the events it publishes and the consumers it runs."""
        return asyncapi_doc()

    return app
