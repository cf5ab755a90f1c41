"""The console among the running services, as `make run` starts it: people sign in with the demo accounts,
reach personnel through the proxy, and a cadre who retires loses access as soon as the event arrives."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from qiaolian_deploy.launcher import Launcher

from .conftest import eventually

pytestmark = pytest.mark.system
DEMO_PASSWORD = "qiaolian-demo"


@pytest.fixture
def browser(system: Launcher) -> Iterator[object]:
    made: list[httpx.Client] = []

    def open_as(username: str, password: str = DEMO_PASSWORD) -> httpx.Client:
        client = httpx.Client(base_url=system.url("console"), timeout=15)
        made.append(client)
        r = client.post("/auth/login", json={"username": username, "password": password})
        assert r.status_code == 200, r.text
        client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
        return client

    yield open_as
    for c in made:
        c.close()


def test_demo_sign_in_and_the_proxy_to_a_service(browser) -> None:
    head = browser("personnel.head")
    me = head.get("/auth/me").json()
    assert me == {
        "username": "personnel.head",
        "cadre_id": None,
        "office": "personnel",
        "roles": ["personnel.head"],
        "permissions": [
            "calendar.read",
            "claims.decide",
            "claims.submit",
            "personnel.approve",
            "personnel.read",
            "personnel.write",
            "staff.read",
        ],
        "demo": True,
    }
    r = head.get("/api/personnel/cadres")
    assert r.status_code == 200 and "items" in r.json(), r.text
    assert head.get("/api/treasury/x").status_code == 404
    # a service verifies the console's token itself: a token that verified is told the permission it
    # lacks (403), and with the permission gets through
    r = head.get("/api/office/metrics")
    assert r.status_code == 403 and r.json()["permission"] == "operations", r.text
    admin = browser("admin")
    r = admin.post(
        "/accounts", json={"username": "ops.duty", "password": "operator's passphrase", "roles": ["operator"]}
    )
    assert r.status_code == 201, r.text
    ops = browser("ops.duty", "operator's passphrase")
    r = ops.get("/api/office/metrics")
    assert r.status_code == 200 and "qiaolian_" in r.text, r.text[:200]
    anonymous = httpx.Client(base_url=str(head.base_url), timeout=15)
    assert anonymous.get("/api/personnel/cadres").status_code == 401
    anonymous.close()


def test_an_account_follows_its_cadre_and_loses_access_on_retirement(browser) -> None:
    head, admin = browser("personnel.head"), browser("admin")
    r = head.post("/api/personnel/cadres", json={"name": "王芳"})
    assert r.status_code == 201, r.text
    cadre_id = r.json()["id"]
    r = admin.post(
        "/accounts", json={"username": "wang.fang", "password": "wang fang's passphrase", "cadre_id": cadre_id}
    )
    assert r.status_code == 201, r.text
    wang = browser("wang.fang", "wang fang's passphrase")
    r = head.post(
        f"/api/personnel/cadres/{cadre_id}/appointments",
        json={"office": "rights", "post": "二級主任科員", "effective_on": "2026-03-01"},
    )
    assert r.status_code == 201, r.text
    moved = eventually(lambda: (m := wang.get("/auth/me").json()).get("office") == "rights" and m, timeout=20)
    assert moved["roles"] == ["rights.clerk"]
    r = head.post(f"/api/personnel/cadres/{cadre_id}/retirement", json={"retired_on": "2026-06-30"})
    assert r.status_code in (200, 201), r.text
    eventually(lambda: wang.get("/auth/me").status_code == 401, timeout=20)
    again = httpx.post(
        f"{wang.base_url}/auth/login", json={"username": "wang.fang", "password": "wang fang's passphrase"}
    )
    assert again.status_code == 401
