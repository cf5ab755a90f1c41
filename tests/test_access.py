"""No request without a verified identity: every route of every service, walked.

Without a token 401; with a token whose roles lack the route's permission 403 naming it; with a role
that holds it neither (whatever the route then says about the input). The committed permission
matrix (docs/permissions.md) is the one the routes declare.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from qiaolian_chassis.service import build_app, permission_matrix
from qiaolian_chassis.settings import ServiceSettings
from qiaolian_chassis.testing import bearer
from qiaolian_contracts.access import PERMISSIONS
from qiaolian_contracts.catalog import SERVICES
from qiaolian_deploy.cli import definition, permissions_files

EVERY_ROLE = frozenset(r for roles in PERMISSIONS.values() for r in roles)
UNKNOWN_ID = "00000000-0000-7000-8000-000000000000"


def concrete(path: str) -> str:
    """The path with an id in every parameter (a number where a number is expected)."""
    return re.sub(r"\{([^}]+)\}", lambda m: "1" if m[1].endswith("_id") and "dead_letter" in m[1] else UNKNOWN_ID, path)


@pytest.fixture(params=SERVICES)
async def service(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[tuple[str, FastAPI]]:
    name = request.param
    settings = ServiceSettings.for_service(
        name, database_url=f"sqlite+aiosqlite:///{tmp_path}/{name}.db", nats_url="nats://127.0.0.1:1"
    )
    app = build_app(definition(name), settings)
    await app.state.service.db.migrate()
    yield name, app
    await app.state.service.db.dispose()


async def test_every_route_needs_a_token_and_its_permission(service: tuple[str, FastAPI]) -> None:
    name, app = service
    routes = permission_matrix(app)
    assert routes, f"{name} declares no route"
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, raise_app_exceptions=False), base_url=f"http://{name}"
    ) as client:
        for method, path, permission in routes:
            url = concrete(path)
            anonymous = await client.request(method, url, json={})
            assert anonymous.status_code == 401, (method, path, anonymous.status_code)
            lacking = EVERY_ROLE - PERMISSIONS[permission]
            denied = await client.request(method, url, json={}, headers=bearer(name, lacking))
            assert denied.status_code == 403, (method, path, denied.status_code)
            assert denied.json()["permission"] == permission
            for role in PERMISSIONS[permission]:
                allowed = await client.request(method, url, json={}, headers=bearer(name, {role}))
                assert allowed.status_code not in (401, 403), (method, path, role, allowed.text[:200])
                assert allowed.status_code < 500, (method, path, role, allowed.text[:200])


def test_the_committed_permission_matrix_is_what_the_routes_declare() -> None:
    for path, text in permissions_files().items():
        assert path.exists(), f"{path} is missing: run `make permissions` and commit it"
        assert path.read_text(encoding="utf-8") == text, f"{path} is out of date: run `make permissions`"
