"""The web app (console/web, built by `make install` into `static/`) at `/`, and what its sign-in page
reads before anyone is signed in.

Vue's router works with real paths (`/petitions/…`), so a path that is neither an API nor a built file
answers with index.html (history fallback) and the app routes it in the browser. The prefixes of the
console's own API and of the chassis's routes are never answered that way: an unknown `/api/…` stays
a JSON 404, not a page.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel, Field

from qiaolian_chassis.errors import NotFound

from .runtime import console_of

# paths the fallback never answers: the API, the chassis's routes and the built assets
API_PREFIXES = (
    "auth",
    "accounts",
    "api",
    "todo",
    "health",
    "metrics",
    "docs",
    "openapi.json",
    "assets",
    "admin",
    "audit",
)


class Welcome(BaseModel):
    demo: bool = Field(description="the demo accounts with the public password can sign in (dev only)")


def is_api(path: str) -> bool:
    first = path.lstrip("/").split("/", 1)[0]
    return first in API_PREFIXES


def serve(app: FastAPI, web_dir: Path) -> None:
    root = web_dir.resolve()

    @app.get("/welcome", include_in_schema=False)
    async def welcome(request: Request) -> Welcome:
        """For the sign-in page, before sign-in: whether to show the demo notice."""
        return Welcome(demo=console_of(request).demo)

    assets = root / "assets"

    @app.get("/assets/{name}", include_in_schema=False)
    async def asset(name: str) -> Response:
        f = (assets / name).resolve()
        if not (f.is_relative_to(assets.resolve()) and f.is_file()):
            raise NotFound("no such asset")
        return FileResponse(f, headers={"Cache-Control": "public, max-age=31536000, immutable"})

    @app.get("/{path:path}", include_in_schema=False)
    async def page(path: str) -> Response:
        if is_api(path):
            raise NotFound(f"no route {('/' + path)[:80]!r}")
        index = root / "index.html"
        if not index.is_file():
            raise NotFound("the web app is not built: `make install` builds console/web")
        if path:
            f = (root / path).resolve()
            if f.is_relative_to(root) and f.is_file():
                return FileResponse(f)
        return FileResponse(index, headers={"Cache-Control": "no-cache"})
