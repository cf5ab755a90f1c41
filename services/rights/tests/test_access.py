"""Who may call which route of rights (ACCESS.md), through HTTP in process."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute

from qiaolian_chassis.auth import permission_of
from qiaolian_chassis.service import OPEN_PATHS

from .conftest import Client

CLERK, HEAD, LEADER = {"rights.clerk"}, {"rights.head"}, {"leader"}
OUTSIDER = {"office.clerk"}


def test_every_route_declares_a_permission(rights_app: FastAPI) -> None:
    bare = [
        r.path
        for r in rights_app.routes
        if isinstance(r, APIRoute) and r.path not in OPEN_PATHS and permission_of(r) is None
    ]
    assert bare == []


async def test_no_token_is_401(rights_app: FastAPI) -> None:
    transport = httpx.ASGITransport(app=rights_app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://rights") as bare:
        r = await bare.get("/petitions")
    assert r.status_code == 401 and r.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    ("method", "path", "permission"),
    [
        ("GET", "/petitions", "rights.read"),
        ("POST", "/petitions", "rights.write"),
        ("POST", "/petitioners/lookup", "rights.write"),
        ("GET", "/consultations", "rights.read"),
        ("POST", "/consultations", "rights.write"),
        ("GET", "/disputes", "rights.read"),
        ("POST", "/disputes", "rights.write"),
        ("GET", "/counsel", "rights.read"),
        ("POST", "/counsel", "rights.write"),
        ("GET", "/assistance/applications", "rights.read"),
        ("POST", "/assistance/applications", "rights.write"),
        ("GET", "/outreach-sessions", "rights.read"),
        ("POST", "/enforcement-issues", "rights.write"),
        ("GET", "/projects", "rights.read"),
        ("POST", "/projects", "rights.write"),
        ("GET", "/award-calls", "rights.read"),
        ("POST", "/award-nominations", "rights.write"),
        ("GET", "/startup-bases", "rights.read"),
        ("POST", "/startup-activities", "rights.write"),
    ],
)
async def test_a_role_without_the_permission_gets_403_naming_it(
    as_: Client, method: str, path: str, permission: str
) -> None:
    r = await as_(OUTSIDER).request(method, path, json={} if method == "POST" else None)
    assert r.status_code == 403, r.text
    assert permission in r.text


async def test_the_leader_reads_but_does_not_write(as_: Client) -> None:
    assert (await as_(LEADER).get("/petitions")).status_code == 200
    r = await as_(LEADER).post("/petitions", json={})
    assert r.status_code == 403 and "rights.write" in r.text


@pytest.mark.parametrize(
    "path",
    [
        "/petitions/x/extend",
        "/petitions/x/not-accept",
        "/petitions/x/route",
        "/petitions/x/transfer",
        "/petitions/x/assign",
        "/petitions/x/review-decision",
        "/petitions/x/rereview-decision",
        "/assistance/applications/x/approve",
    ],
)
async def test_a_clerk_may_not_take_the_heads_decisions(as_: Client, path: str) -> None:
    r = await as_(CLERK).post(path, json={})
    assert r.status_code == 403 and "rights.approve" in r.text


async def test_the_head_decides_and_is_recorded_from_the_token(as_: Client) -> None:
    filed = await as_(CLERK).post(
        "/petitions",
        json={
            "channel": "letter",
            "petitioner": {"name": "李華", "status": "returnee"},
            "petition_class": "claim",
            "category": "property",
            "summary": "祖屋被佔用",
            "received_on": "2026-03-01",
        },
    )
    assert filed.status_code == 201, filed.text
    path = f"/petitions/{filed.json()['id']}/not-accept"
    refused = await as_(CLERK, cadre_id="clerk-1").post(path, json={"reason": "不屬於信訪事項"})
    assert refused.status_code == 403 and "rights.approve" in refused.text
    r = await as_(HEAD, cadre_id="head-1").post(path, json={"reason": "不屬於信訪事項", "decided_by": "someone"})
    assert r.status_code == 422  # no free-text decider
    r = await as_(HEAD, cadre_id="head-1").post(path, json={"reason": "不屬於信訪事項"})
    assert r.status_code == 200, r.text
    assert r.json()["decided_by"] == "head-1"


async def test_everyone_on_the_staff_reads_the_directory(as_: Client) -> None:
    assert (await as_({"personnel.clerk"}).get("/staff")).status_code == 200
    assert (await as_({"auditor"}).get("/staff")).status_code == 403
