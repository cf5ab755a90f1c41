"""The login log, read by the `auditor`: who, when, from where, what came of it and why not."""

from __future__ import annotations

from .conftest import NOW, Running


async def test_the_auditor_reads_the_login_log_with_filters_and_pages(running: Running) -> None:
    clerk_id = await running.account("clerk", {"office.clerk"})
    b = running.browser()
    await b.login("Clerk", "wrong password!")
    running.clock.advance(minutes=1)
    await b.login("nobody", "whatever it is")
    running.clock.advance(minutes=1)
    await b.login("clerk")
    await b.send("POST", "/auth/logout")
    auditor = await running.signed_in("auditor", {"auditor"})

    r = await auditor.http.get("/auth/login-log", params={"account_id": clerk_id})
    assert r.status_code == 200, r.text
    page = r.json()
    lines = [(e["username"], e["outcome"], e["reason"]) for e in page["items"]]
    assert lines == [
        ("clerk", "signed_out", None),
        ("clerk", "signed_in", None),
        ("Clerk", "refused", "wrong_password"),
    ]
    assert all(e["client_ip"] == "127.0.0.1" and e["account_id"] == clerk_id for e in page["items"])
    assert page["items"][-1]["at"].startswith(NOW.strftime("%Y-%m-%dT%H:%M"))

    refused = (await auditor.http.get("/auth/login-log", params={"outcome": "refused"})).json()["items"]
    assert [(e["username"], e["reason"], e["account_id"]) for e in refused] == [
        ("nobody", "unknown_user", None),
        ("Clerk", "wrong_password", clerk_id),
    ]
    unknown = (await auditor.http.get("/auth/login-log", params={"reason": "unknown_user"})).json()
    assert unknown["total"] == 1
    since = (await auditor.http.get("/auth/login-log", params={"since": "2026-03-02T01:01:30Z"})).json()
    assert {e["username"] for e in since["items"]} == {"clerk", "auditor"}
    first = (await auditor.http.get("/auth/login-log", params={"limit": 1, "offset": 0})).json()
    assert len(first["items"]) == 1 and first["total"] == 5 and first["limit"] == 1
    assert "whatever it is" not in r.text + str(refused)


async def test_only_the_auditor_reads_it(running: Running) -> None:
    for who, roles in (("root", {"admin"}), ("head", {"rights.head"}), ("boss", {"leader"})):
        b = await running.signed_in(who, roles)
        r = await b.http.get("/auth/login-log")
        assert r.status_code == 403 and r.json()["permission"] == "audit.read"
    assert (await running.browser().http.get("/auth/login-log")).status_code == 401


async def test_bad_filters_are_422_without_the_value(running: Running) -> None:
    auditor = await running.signed_in("auditor", {"auditor"})
    r = await auditor.http.get("/auth/login-log", params={"outcome": "hacked", "limit": 0})
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {"query.outcome", "query.limit"}
    assert "hacked" not in str(r.json()["errors"])


async def test_what_no_database_takes_is_422_not_a_crash(running: Running) -> None:
    auditor = await running.signed_in("auditor", {"auditor"})
    admin = await running.signed_in("root", {"admin"})
    for params in (
        {"username": "a\x00b"},
        {"since": "2026-03-02T01:00:00"},
        {"client_ip": "not an ip"},
        {"account_id": "a\x00"},
    ):
        assert (await auditor.http.get("/auth/login-log", params=params)).status_code == 422, params
    assert (await auditor.http.get("/accounts/changes", params={"until": "2026-03-02"})).status_code == 422
    assert (await admin.http.get("/accounts/a%00b")).status_code == 422
    assert (await admin.http.get("/accounts", params={"username": "\x00"})).status_code == 422
    assert (await running.browser().login("clerk\x00", "whatever it is")).status_code == 401
