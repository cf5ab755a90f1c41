"""`/api/<service>/<path>`: the signed-in person's request, forwarded to the service with a token.

The console signs a token for that one service (aud = service, five minutes at most) from the
account: sub = account id, cadre_id, office, roles, clearance; it reuses the token for the same
person and service until half its life has passed (`TokenSigner.token_for`), and the service, having
verified it once, knows it again until it expires. The service verifies it itself and audits what the
person does; the console adds nothing a client could set. The response comes back
as it streams: status, content type, content disposition (exports), body.
"""

from __future__ import annotations

import httpx
from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import StreamingResponse
from starlette.background import BackgroundTask

from qiaolian_chassis.errors import DomainError, NotFound
from qiaolian_chassis.logging import get_logger
from qiaolian_chassis.uow import correlation

from ..runtime import Console, console_of
from ..sessions.guard import CurrentSession, forwarding
from .rules import request_headers, response_headers, upstream_path

log = get_logger(__name__)
router = APIRouter(tags=["proxy"])

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]


class PayloadTooLarge(DomainError):
    status = 413
    title = "Payload too large"


class BadGateway(DomainError):
    status = 502
    title = "Bad gateway"


class GatewayTimeout(DomainError):
    status = 504
    title = "Gateway timeout"


async def _body(request: Request, limit: int) -> bytes:
    """The request's body, refused past `limit` bytes before all of it is read."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"the body is larger than {limit // (1024 * 1024)} MiB")
        chunks.append(chunk)
    return b"".join(chunks)


def _url(console: Console, service: str, request: Request) -> str:
    base = console.settings.upstreams.get(service)
    if base is None:
        raise NotFound(f"there is no service named {service[:40]!r}")
    # the path as the client encoded it, after /api/<service>/
    raw = request.scope.get("raw_path", request.url.path.encode()).decode("latin-1").split("?", 1)[0]
    prefix = f"/api/{service}/"
    path = upstream_path(raw[len(prefix) :] if raw.startswith(prefix) else request.path_params["path"])
    if path is None:
        raise NotFound("a path with '.' or '..' segments names nothing")
    query = request.url.query
    return f"{base}{path}" + (f"?{query}" if query else "")


@router.api_route("/api/{service}/{path:path}", methods=METHODS, include_in_schema=False)
async def forward(service: str, path: str, request: Request, who: CurrentSession = Depends(forwarding)) -> Response:
    console = console_of(request)
    url = _url(console, service, request)
    body = await _body(request, int(console.settings.proxy_max_body_mib * 1024 * 1024))
    token = console.signer.token_for(who.principal, service)  # wall-clock time: the service checks it with its own
    headers = request_headers(request.headers.items(), token, correlation.get()[0])
    upstream = console.client.build_request(request.method, url, headers=headers, content=body)
    try:
        answer = await console.client.send(upstream, stream=True)
    except httpx.TimeoutException:
        log.warning("proxy_timeout", service=service)
        raise GatewayTimeout(f"{service} did not answer in time") from None
    except httpx.TransportError as exc:
        log.warning("proxy_unreachable", service=service, error=type(exc).__name__)
        raise BadGateway(f"{service} cannot be reached") from None
    response = StreamingResponse(
        answer.aiter_raw(), status_code=answer.status_code, background=BackgroundTask(answer.aclose)
    )
    response.raw_headers = response_headers(answer.headers.raw)
    return response
