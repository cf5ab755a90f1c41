"""`/api/<service>/…`: forwarded with a token the service's own TokenVerifier accepts, and nothing a
client could set; refused without a session, and without the CSRF token for a change."""

from __future__ import annotations

import json
from typing import Any

import httpx
import jwt
import pytest
from fastapi import FastAPI, Request, Response
from fastapi.responses import StreamingResponse

from qiaolian_chassis.auth import TokenVerifier
from qiaolian_chassis.errors import Unauthorized
from qiaolian_chassis.keys import public_key_of

from .conftest import KEY, Running, StartConsole

PORT_OF = {"8001": "office", "8002": "liaison", "8003": "rights", "8004": "personnel"}


def upstream_app() -> FastAPI:
    """A service as the console sees one: it verifies the token for itself (the host names which)."""
    app = FastAPI()

    def service_of(request: Request) -> str:
        return PORT_OF[request.headers["host"].rsplit(":", 1)[1]]

    @app.get("/exports/petitions.csv")
    async def export() -> Response:
        return Response(
            "id,state\np-1,filed\n",
            media_type="text/csv",
            headers={"content-disposition": 'attachment; filename="petitions.csv"', "set-cookie": "evil=1; Path=/"},
        )

    @app.get("/slow-stream")
    async def stream() -> StreamingResponse:
        async def chunks() -> Any:
            for i in range(3):
                yield f"chunk {i}\n".encode()

        return StreamingResponse(chunks(), media_type="text/plain")

    @app.api_route("/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    async def echo(path: str, request: Request) -> Response:
        service = service_of(request)
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        try:
            who = TokenVerifier(public_key_of(KEY), service).verify(token)
        except Unauthorized as exc:
            return Response(str(exc), status_code=401)
        claims = jwt.decode(token, options={"verify_signature": False})
        status = 201 if request.method == "POST" else 200
        return Response(
            status_code=status,
            media_type="application/json",
            content=json.dumps(
                {
                    "service": service,
                    "scheme": scheme,
                    "method": request.method,
                    "path": request.url.path,
                    "raw_path": request.scope["raw_path"].decode(),
                    "query": request.url.query,
                    "body": (await request.body()).decode(),
                    "content_type": request.headers.get("content-type"),
                    "request_id": request.headers.get("x-request-id"),
                    "headers": sorted(request.headers.keys()),
                    "principal": {
                        "account_id": who.account_id,
                        "cadre_id": who.cadre_id,
                        "office": who.office,
                        "roles": sorted(who.roles),
                        "clearance": who.clearance,
                    },
                    "lifetime": claims["exp"] - claims["iat"],
                    "aud": claims["aud"],
                }
            ),
        )

    return app


@pytest.fixture
async def proxied(start_console: StartConsole) -> Running:
    return await start_console(upstream=httpx.ASGITransport(app=upstream_app()))


async def test_a_request_is_forwarded_with_a_token_the_service_verifies(proxied: Running) -> None:
    clerk_id = await proxied.account("clerk", {"rights.clerk", "cleared_secret"}, office="rights", cadre_id="c-7")
    b = proxied.browser()
    await b.login("clerk")
    r = await b.http.get(
        "/api/rights/petitions", params={"state": "filed", "q": "陳"}, headers={"x-request-id": "req-123"}
    )
    assert r.status_code == 200, r.text
    seen = r.json()
    assert seen["service"] == "rights" and seen["aud"] == "rights" and seen["scheme"] == "Bearer"
    assert seen["method"] == "GET" and seen["path"] == "/petitions"
    assert httpx.QueryParams(seen["query"]) == httpx.QueryParams({"state": "filed", "q": "陳"})
    assert seen["principal"] == {
        "account_id": clerk_id,
        "cadre_id": "c-7",
        "office": "rights",
        "roles": ["cleared_secret", "rights.clerk"],
        "clearance": "secret",
    }
    assert 0 < seen["lifetime"] <= 300
    assert seen["request_id"] == "req-123" and r.headers["x-request-id"] == "req-123"
    for other in ("office", "liaison", "personnel"):  # one token per service: each verifies its own
        assert (await b.http.get(f"/api/{other}/x")).json()["aud"] == other


async def test_a_change_is_forwarded_with_its_body_and_needs_the_csrf_token(proxied: Running) -> None:
    b = await proxied.signed_in("clerk", {"rights.clerk"}, office="rights")
    body = '{"channel": "letter", "summary": "祖屋"}'
    refused = await b.http.post("/api/rights/petitions", content=body, headers={"content-type": "application/json"})
    assert refused.status_code == 403 and refused.json()["reason"] == "csrf"
    r = await b.send(
        "POST", "/api/rights/petitions", content=body.encode(), headers={"content-type": "application/json"}
    )
    assert r.status_code == 201, r.text
    assert r.json()["body"] == body and r.json()["content_type"] == "application/json"
    for method in ("PUT", "PATCH", "DELETE"):
        assert (await b.http.request(method, "/api/rights/petitions/p-1")).status_code == 403
        assert (await b.send(method, "/api/rights/petitions/p-1")).json()["method"] == method


async def test_nothing_a_client_sets_reaches_the_service(proxied: Running) -> None:
    b = await proxied.signed_in("clerk", {"rights.clerk"}, office="rights")
    forged = {
        "authorization": "Bearer forged",
        "x-qiaolian-role": "rights.head,leader",
        "x-forwarded-for": "1.2.3.4",
        "x-custom": "1",
    }
    seen = (await b.http.get("/api/rights/petitions", headers=forged)).json()
    assert seen["principal"]["roles"] == ["rights.clerk"]
    assert "cookie" not in seen["headers"] and "x-qiaolian-role" not in seen["headers"]
    assert "x-custom" not in seen["headers"] and "x-csrf-token" not in seen["headers"]


async def test_without_a_session_or_for_an_unknown_service(proxied: Running) -> None:
    anonymous = proxied.browser()
    r = await anonymous.http.get("/api/rights/petitions")
    assert r.status_code == 401 and r.headers["content-type"] == "application/problem+json"
    b = await proxied.signed_in("clerk", {"rights.clerk"})
    r = await b.http.get("/api/treasury/accounts")
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    for path in ("/api/rights/a/%2e%2e/admin/dead-letters", "/api/rights/%2E/x", "/api/rights/a%2F..%2Fb"):
        assert (await b.http.get(httpx.URL(path))).status_code == 404, path


async def test_a_disabled_account_gets_no_more_tokens(proxied: Running) -> None:
    b = await proxied.signed_in("clerk", {"rights.clerk"})
    admin = await proxied.signed_in("root", {"admin"})
    clerk_id = (await admin.http.get("/accounts", params={"username": "clerk"})).json()["items"][0]["id"]
    await admin.send("POST", f"/accounts/{clerk_id}/disable")
    assert (await b.http.get("/api/rights/petitions")).status_code == 401


async def test_downloads_stream_back_with_their_headers_but_no_cookies(proxied: Running) -> None:
    b = await proxied.signed_in("clerk", {"rights.clerk"})
    r = await b.http.get("/api/rights/exports/petitions.csv")
    assert r.status_code == 200 and r.text == "id,state\np-1,filed\n"
    assert r.headers["content-type"].startswith("text/csv")
    assert r.headers["content-disposition"] == 'attachment; filename="petitions.csv"'
    assert "evil" not in r.headers.get("set-cookie", "")
    assert len(r.headers.get_list("x-request-id")) == 1
    async with b.http.stream("GET", "/api/rights/slow-stream") as s:
        assert [line async for line in s.aiter_lines()] == ["chunk 0", "chunk 1", "chunk 2"]
    assert (await b.send("POST", "/api/rights/petitions", json={})).status_code == 201  # the service's status


async def test_a_service_that_is_down_is_502_and_one_that_hangs_504(start_console: StartConsole) -> None:
    def down(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/hang":
            raise httpx.ReadTimeout("no answer", request=request)
        raise httpx.ConnectError("refused", request=request)

    running = await start_console(upstream=httpx.MockTransport(down))
    b = await running.signed_in("clerk", {"rights.clerk"})
    r = await b.http.get("/api/rights/petitions")
    assert r.status_code == 502 and r.headers["content-type"] == "application/problem+json"
    assert (await b.http.get("/api/rights/hang")).status_code == 504


async def test_a_body_over_the_limit_is_refused(start_console: StartConsole) -> None:
    running = await start_console(upstream=httpx.ASGITransport(app=upstream_app()), proxy_max_body_mib=0.001)
    b = await running.signed_in("clerk", {"rights.clerk"})
    assert (await b.send("POST", "/api/rights/documents", content=b"x" * 2000)).status_code == 413
    assert (await b.send("POST", "/api/rights/documents", content=b"x" * 500)).status_code == 201


async def test_the_consoles_own_audit_and_dead_letters_are_reached_through_the_proxy(running: Running) -> None:
    # the console is its own upstream here, as http://127.0.0.1:8000 is under `make run`
    await running.console.stop()
    running.console.transport = httpx.ASGITransport(app=running.app)
    await running.console.start()
    admin = await running.signed_in("root", {"admin"})
    clerk_id = await running.account("clerk", {"office.clerk"})
    assert (await admin.send("POST", f"/accounts/{clerk_id}/disable")).status_code == 200
    auditor = await running.signed_in("auditor", {"auditor"})
    r = await auditor.http.get("/api/console/audit")
    assert r.status_code == 200, r.text
    assert [(a["action"], a["record_id"]) for a in r.json()["items"]] == [("POST /accounts/{account_id}/disable", None)]
    assert (await admin.http.get("/api/console/audit")).status_code == 403  # the admin reads no logs
    operator = await running.signed_in("ops", {"operator"})
    assert (await operator.http.get("/api/console/admin/dead-letters")).json()["total"] == 0
    assert (await auditor.http.get("/api/console/admin/dead-letters")).status_code == 403
    assert (await running.browser().http.get("/metrics")).status_code == 401  # a bearer token, not a cookie
