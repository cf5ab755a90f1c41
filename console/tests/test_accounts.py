"""The admin's API of accounts: only `admin` may use it, every change is logged (never a password),
and disabling an account or resetting its password ends its sessions at once."""

from __future__ import annotations

import pytest

from .conftest import PASSWORD, Browser, Running

NEW = "a new account's passphrase"


@pytest.fixture
async def admin(running: Running) -> Browser:
    return await running.signed_in("root", {"admin"})


async def account_id(admin: Browser, username: str) -> str:
    items = (await admin.http.get("/accounts", params={"username": username})).json()["items"]
    return str(next(a["id"] for a in items if a["username"] == username))


async def test_the_admin_api_needs_the_admin_role(running: Running) -> None:
    clerk = await running.signed_in("clerk", {"office.clerk"})
    auditor = await running.signed_in("auditor", {"auditor"})
    anonymous = running.browser()
    for b in (clerk, auditor):
        r = await b.http.get("/accounts")
        assert r.status_code == 403 and r.json()["permission"] == "accounts.manage", r.text
        r = await b.send("POST", "/accounts", json={"username": "x1", "password": NEW})
        assert r.status_code == 403
    assert (await anonymous.http.get("/accounts")).status_code == 401
    assert (await anonymous.http.post("/accounts", json={"username": "x1", "password": NEW})).status_code == 401


async def test_admin_creates_an_account_that_can_sign_in(running: Running, admin: Browser) -> None:
    r = await admin.send(
        "POST",
        "/accounts",
        json={
            "username": "Wang.Fang",
            "password": NEW,
            "roles": ["rights.clerk"],
            "office": "rights",
            "cadre_id": "c-9",
        },
    )
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["username"] == "wang.fang" and created["state"] == "active"
    assert created["roles"] == ["rights.clerk"] and created["office"] == "rights" and created["cadre_id"] == "c-9"
    assert "hash" not in r.text and NEW not in r.text
    assert (await running.browser().login("wang.fang", NEW)).status_code == 200
    listed = (await admin.http.get("/accounts", params={"office": "rights"})).json()
    assert [a["username"] for a in listed["items"]] == ["wang.fang"] and listed["total"] == 1
    assert (await admin.http.get(f"/accounts/{created['id']}")).json() == created


async def test_create_refuses_bad_input_without_echoing_it(admin: Browser) -> None:
    cases = [
        ({"username": "bad name!", "password": NEW}, "username"),
        ({"username": "short1", "password": "too short"}, "password"),
        ({"username": "rolesx", "password": NEW, "roles": ["overlord"]}, "roles"),
        ({"username": "officex", "password": NEW, "office": "treasury"}, "office"),
    ]
    for body, field in cases:
        r = await admin.send("POST", "/accounts", json=body)
        assert r.status_code == 422, r.text
        assert [e["field"] for e in r.json()["errors"]] == [field]
        assert "overlord" not in r.text and "treasury" not in r.text and "too short" not in r.text
    assert (await admin.send("POST", "/accounts", json={"username": "dup", "password": NEW})).status_code == 201
    r = await admin.send("POST", "/accounts", json={"username": "DUP", "password": NEW})
    assert r.status_code == 409 and r.json()["field"] == "username"


async def test_disabling_ends_the_sessions_at_once_and_enabling_lets_the_person_back(
    running: Running, admin: Browser
) -> None:
    clerk = await running.signed_in("clerk", {"office.clerk"})
    aid = await account_id(admin, "clerk")
    r = await admin.send("POST", f"/accounts/{aid}/disable")
    assert r.status_code == 200 and r.json()["state"] == "disabled"
    assert (await clerk.http.get("/auth/me")).status_code == 401
    assert (await running.browser().login("clerk")).status_code == 401
    again = await admin.send("POST", f"/accounts/{aid}/disable")
    assert again.status_code == 409 and again.json()["current_state"] == "disabled"
    assert (await admin.send("POST", f"/accounts/{aid}/enable")).json()["state"] == "active"
    assert (await running.browser().login("clerk")).status_code == 200


async def test_reset_password_ends_sessions_and_lifts_a_lock(running: Running, admin: Browser) -> None:
    clerk = await running.signed_in("clerk", {"office.clerk"})
    for _ in range(5):
        await running.browser().login("clerk", "wrong password!")
    listed = (await admin.http.get("/accounts", params={"state": "locked"})).json()["items"]
    assert [a["username"] for a in listed] == ["clerk"] and listed[0]["locked_until"]
    r = await admin.send("POST", f"/accounts/{listed[0]['id']}/password", json={"password": NEW})
    assert r.status_code == 200 and r.json()["state"] == "active"
    assert (await clerk.http.get("/auth/me")).status_code == 401
    assert (await running.browser().login("clerk", PASSWORD)).status_code == 401
    assert (await running.browser().login("clerk", NEW)).status_code == 200


async def test_assigning_roles_changes_what_the_next_request_carries(running: Running, admin: Browser) -> None:
    clerk = await running.signed_in("clerk", {"office.clerk"})
    aid = await account_id(admin, "clerk")
    r = await admin.send("PUT", f"/accounts/{aid}/roles", json={"roles": ["office.head", "cleared_secret"]})
    assert r.status_code == 200 and r.json()["roles"] == ["cleared_secret", "office.head"]
    assert (await clerk.http.get("/auth/me")).json()["roles"] == ["cleared_secret", "office.head"]
    r = await admin.send("PUT", f"/accounts/{aid}/roles", json={"roles": ["nonsense"]})
    assert r.status_code == 422


async def test_an_admin_cannot_lock_themself_out(running: Running, admin: Browser) -> None:
    me = await account_id(admin, "root")
    assert (await admin.send("PUT", f"/accounts/{me}/roles", json={"roles": ["auditor"]})).status_code == 409
    assert (await admin.send("POST", f"/accounts/{me}/disable")).status_code == 409
    assert (await admin.http.get("/auth/me")).json()["roles"] == ["admin"]


async def test_linking_an_account_to_its_cadre(running: Running, admin: Browser) -> None:
    await running.account("clerk", {"office.clerk"})
    await running.account("other", {"office.clerk"}, cadre_id="c-1")
    aid = await account_id(admin, "clerk")
    assert (
        await admin.send("PUT", f"/accounts/{aid}/post", json={"cadre_id": "c-1", "office": "office"})
    ).status_code == 409
    r = await admin.send("PUT", f"/accounts/{aid}/post", json={"cadre_id": "c-2", "office": "office"})
    assert r.status_code == 200 and r.json()["cadre_id"] == "c-2"


async def test_every_change_is_logged_for_the_auditor_and_never_a_password(running: Running, admin: Browser) -> None:
    created = (
        await admin.send("POST", "/accounts", json={"username": "li.hua", "password": NEW, "roles": ["liaison.clerk"]})
    ).json()
    aid = created["id"]
    await admin.send("PUT", f"/accounts/{aid}/roles", json={"roles": ["liaison.head"]})
    await admin.send("POST", f"/accounts/{aid}/password", json={"password": "another long passphrase"})
    await admin.send("POST", f"/accounts/{aid}/disable")
    await admin.send("POST", f"/accounts/{aid}/enable")
    assert (await admin.http.get("/accounts/changes")).status_code == 403  # the log is the auditor's
    auditor = await running.signed_in("auditor", {"auditor"})
    r = await auditor.http.get("/accounts/changes", params={"account_id": aid})
    assert r.status_code == 200, r.text
    page = r.json()
    root = await account_id(admin, "root")
    actions = [(c["action"], c["detail"]) for c in reversed(page["items"])]
    assert [a for a, _ in actions] == ["created", "roles_assigned", "password_reset", "disabled", "enabled"]
    assert actions[1][1] == {"roles_before": ["liaison.clerk"], "roles": ["liaison.head"]}
    assert all(c["actor"] == root and c["at"] for c in page["items"])
    assert NEW not in r.text and "another long passphrase" not in r.text and "hash" not in r.text
    assert page["total"] == 5 and page["limit"] == 50 and page["offset"] == 0
    two = (await auditor.http.get("/accounts/changes", params={"account_id": aid, "limit": 2, "offset": 1})).json()
    assert [c["action"] for c in two["items"]] == ["disabled", "password_reset"]
