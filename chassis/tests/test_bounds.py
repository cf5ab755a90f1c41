"""The bounds every request meets before a route runs: 413 for a body over the limit, 503 for a request
that outlives the timeout (the route is cancelled), both as problem+json."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
from fastapi import FastAPI, Request

from qiaolian_chassis.http import Bounds, install_error_handlers

done: list[str] = []


def app(max_body: int = 100, timeout_s: float = 0.2) -> FastAPI:
    a = FastAPI()
    install_error_handlers(a)

    @a.post("/echo")
    async def echo(request: Request) -> dict[str, int]:
        return {"size": len(await request.body())}

    @a.get("/slow")
    async def slow() -> dict[str, str]:
        await asyncio.sleep(5)
        done.append("slow")  # never: the request is cancelled
        return {}

    a.add_middleware(Bounds, max_body=max_body, timeout_s=timeout_s)
    return a


def client(a: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=a), base_url="http://t")


async def test_a_body_within_the_limit_reaches_the_route() -> None:
    async with client(app()) as c:
        assert (await c.post("/echo", content=b"x" * 100)).json() == {"size": 100}


async def test_a_body_over_the_limit_is_413() -> None:
    async with client(app()) as c:
        r = await c.post("/echo", content=b"x" * 101)
    assert r.status_code == 413
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "100 bytes" in r.json()["detail"]


async def test_a_chunked_body_is_counted() -> None:
    async def chunks(n: int) -> AsyncIterator[bytes]:
        for _ in range(n):
            yield b"x" * 40

    async with client(app()) as c:
        assert (await c.post("/echo", content=chunks(2))).json() == {"size": 80}
        assert (await c.post("/echo", content=chunks(3))).status_code == 413


async def test_a_request_that_runs_too_long_is_cut_with_503() -> None:
    async with client(app()) as c:
        r = await c.get("/slow")
    assert r.status_code == 503
    assert r.headers["retry-after"] == "1"
    assert r.json()["title"] == "Request timeout"
    await asyncio.sleep(0.1)
    assert done == []
