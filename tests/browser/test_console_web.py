"""The console's web app in Debian's Chromium, driven by Playwright, against the whole stack started as
`make run` starts it: a wrong password is refused on the page; the right one opens 我的待办 with the
office's deadline of a petition just filed."""

from __future__ import annotations

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
import pytest

from qiaolian_deploy.launcher import Launcher

pytestmark = pytest.mark.system

# Chromium and the page: tests/browser/conftest.py
DEMO_PASSWORD = "qiaolian-demo"


def file_petition(system: Launcher) -> dict:
    """A petition received today (Beijing), filed by rights.clerk through the console's proxy."""
    with httpx.Client(base_url=system.url("console"), timeout=15) as c:
        r = c.post("/auth/login", json={"username": "rights.clerk", "password": DEMO_PASSWORD})
        assert r.status_code == 200, r.text
        today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
        body = {
            "channel": "visit",
            "petitioner": {"name": "陈明", "status": "returnee"},
            "petition_class": "claim",
            "category": "property",
            "summary": "侨房被占用",
            "received_on": today,
        }
        r = c.post("/api/rights/petitions", json=body, headers={"X-CSRF-Token": r.json()["csrf_token"]})
        assert r.status_code == 201, r.text
        petition: dict = r.json()
        return petition


def sign_in(page, username: str, password: str) -> None:
    page.goto("/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录").click()


def test_a_wrong_password_is_refused_and_the_right_one_opens_my_to_do(page, system: Launcher) -> None:
    from playwright.sync_api import expect

    petition = file_petition(system)
    page.goto("/petitions")  # not signed in: the sign-in page, with the system's name and demo notice
    expect(page.get_by_text("湖南省侨联机关业务系统")).to_be_visible()
    expect(page.locator("[data-test=demo-notice]")).to_contain_text("演示数据")

    sign_in(page, "rights.clerk", "not the password")
    expect(page.locator("[data-test=login-error]")).to_be_visible()
    expect(page.locator("[data-test=todo-deadlines]")).to_have_count(0)

    sign_in(page, "rights.clerk", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="我的待办")).to_be_visible()
    expect(page.locator("[data-test=who]")).to_contain_text("rights.clerk")
    # the petition's first-decision deadline, from office's board (polled: it may arrive a moment later)
    item = page.locator("[data-test=todo-item]", has_text=petition["first_decision_due"]).first
    expect(item).to_contain_text("剩", timeout=20_000)
    # a clerk of rights sees the rights menu and no other office's
    expect(page.locator("[data-test=menu-rights]")).to_be_visible()
    expect(page.locator("[data-test=menu-personnel]")).to_have_count(0)

    page.locator("[data-test=menu-rights]").click()
    page.get_by_role("menuitem", name="信访件").click()
    # ids are time-ordered: another test's petition of the same minute may share the short id
    row = page.locator("[data-test=row]", has_text=petition["id"][:8]).filter(has_text="陈明").first
    expect(row).to_be_visible()
    row.click()
    expect(page.locator("[data-test=petition-detail]")).to_contain_text("陈明")

    # English from the header's locale switch, and back
    page.locator("[data-test=locale]").click()
    page.get_by_role("option", name="English").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.locator("[data-test=locale]").click()
    page.get_by_role("option", name="简体中文").click()

    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_role("button", name="登录")).to_be_visible()

    # office's head manages the supervision board: the petition's deadline is on their 我的待办 too,
    # from the console's own projection of rights' events
    sign_in(page, "office.head", DEMO_PASSWORD)
    deadlines = page.locator("[data-test=todo-deadlines]")
    # the first decision's item (the written notice has its own, due the same day)
    item = deadlines.locator(f'[data-test=todo-item][data-record="{petition["id"]}"]').filter(
        has_text="信访受理决定期限"
    )
    expect(item).to_contain_text(petition["first_decision_due"], timeout=20_000)
    page.get_by_role("button", name="退出登录").click()


def test_an_export_through_the_console_downloads_a_readable_xlsx(system: Launcher) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    petition = file_petition(system)
    with httpx.Client(base_url=system.url("console"), timeout=30) as c:
        assert c.post("/auth/login", json={"username": "rights.clerk", "password": DEMO_PASSWORD}).status_code == 200
        r = c.get("/api/rights/petitions/export", params={"received_from": petition["received_on"]})
    assert r.status_code == 200, r.text
    assert "attachment" in r.headers["content-disposition"]
    from io import BytesIO

    rows = list(openpyxl.load_workbook(BytesIO(r.content), read_only=True).active.iter_rows(values_only=True))
    assert rows[0][0] == "编号" and petition["id"] in [row[0] for row in rows[1:]]


def test_my_to_do_streams_a_new_deadline_as_server_sent_events(system: Launcher) -> None:
    import json

    with httpx.Client(base_url=system.url("console"), timeout=30) as c:
        assert c.post("/auth/login", json={"username": "rights.head", "password": DEMO_PASSWORD}).status_code == 200
        with c.stream("GET", "/todo/stream") as r:
            assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
            lines = r.iter_lines()

            def next_todo() -> dict:
                event = None
                for line in lines:
                    if line.startswith("event: "):
                        event = line.removeprefix("event: ")
                    elif line.startswith("data: ") and event == "todo":
                        found: dict = json.loads(line.removeprefix("data: "))
                        return found
                raise AssertionError("the stream ended")

            first = next_todo()
            assert set(first) == {"assigned", "deadlines", "approvals"}
            petition = file_petition(system)  # rights' event reaches the console's projection, then the stream
            until = time.monotonic() + 20
            while petition["id"] not in [i["record_id"] for i in next_todo()["deadlines"]]:
                assert time.monotonic() < until, "the new deadline did not come down the stream"
