"""The offices working together through the console, in Chromium against the whole stack: a delegation
visit liaison schedules shows the reception office confirms; a cadre personnel appoints appears in
office's staff directory; a clerk of another office never sees a petitioner's phone, rights does.
With QIAOLIAN_SCREENSHOTS=1 (`make screenshots`) they also take the README's screenshots."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.browser.test_console_screens import choose, fill_date
from tests.conftest import eventually

pytestmark = pytest.mark.system


def beijing_today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def unique(prefix: str) -> str:
    """A name no other test of the shared stack has taken (the lists are the whole stack's)."""
    return f"{prefix}{uuid.uuid4().hex[:4]}"


def appointed_cadre(console_api: Callable[[str], httpx.Client], name: str, office: str, post: str) -> str:
    """A cadre personnel created and appointed to `office` today; its id once office's directory has it."""
    personnel = console_api("personnel.clerk")
    r = personnel.post("/api/personnel/cadres", json={"name": name})
    assert r.status_code == 201, r.text
    cadre: str = r.json()["id"]
    appointment = {"office": office, "post": post, "effective_on": beijing_today().isoformat()}
    r = personnel.post(f"/api/personnel/cadres/{cadre}/appointments", json=appointment)
    assert r.status_code == 201, r.text
    office_clerk = console_api("office.clerk")
    eventually(
        lambda: cadre in [c["cadre_id"] for c in office_clerk.get("/api/office/directory").json()["items"]],
        timeout=20,
    )
    return cadre


def open_menu(page, office: str, item: str) -> None:
    page.locator(f"[data-test=menu-{office}]").click()
    page.get_by_role("menuitem", name=item, exact=True).click()


def test_a_delegation_visit_shows_the_reception_office_confirmed(page, sign_in, console_api) -> None:
    from playwright.sync_api import expect

    host_name = unique("周")
    host = appointed_cadre(console_api, host_name, "office", "办公室主任")
    association = unique("马来西亚湖南同乡会")
    arrival = beijing_today() + timedelta(days=30)

    # liaison schedules the visit: office is asked for its reception
    sign_in("liaison.clerk")
    open_menu(page, "liaison", "来访团组")
    page.locator("[data-test=create]").click()
    fill_date(page, "arrival_on", arrival.isoformat())
    fill_date(page, "departure_on", (arrival + timedelta(days=3)).isoformat())
    page.locator("[data-test='field-association_name'] input").fill(association)
    page.locator("[data-test='field-country'] textarea").fill("MY")
    page.locator("[data-test='field-needs_reception'] .el-switch").click()
    page.locator("[data-test='field-size'] input").fill("12")
    page.locator("[data-test=action-submit]").click()
    visit = page.locator("[data-test=record-detail]")
    expect(visit).to_contain_text(association)
    expect(visit).to_contain_text("已安排")
    expect(visit).to_contain_text("保障状态：待落实")
    expect(visit).to_contain_text("接待：已申请")
    here = page.url

    # office plans and confirms the reception the visit's event opened on its side
    sign_in("office.clerk")
    open_menu(page, "office", "公务接待")
    page.locator("[data-test=row]", has_text=association).click()
    reception = page.locator("[data-test=record-detail]")
    expect(reception).to_contain_text("已申请")
    page.locator("[data-test=action-plan]").click()
    dialog = page.locator("[data-test=action-dialog]")
    dialog.get_by_label("来宾人数").fill("12")
    choose(page, "guest_level", "厅局级")
    # the hosting leader is picked by name among the directory's leaders; the form sends the id
    dialog.get_by_label("出面领导").fill(host_name)
    page.get_by_role("option", name=f"{host_name}（办公室主任 · 办公室）", exact=True).click()
    dialog.get_by_label("餐数（每人）").fill("6")
    dialog.get_by_label("住宿晚数（每人）").fill("3")
    dialog.get_by_label("地点").fill("湘江宾馆")
    dialog.get_by_label("预算（元）").fill("20000")
    page.locator("[data-test=action-submit]").click()
    expect(dialog).to_be_hidden()
    expect(reception).to_contain_text("已拟定方案")
    expect(reception.locator("[data-test=cadre-name]")).to_have_text(f"{host_name}（办公室主任）")
    assert host not in reception.inner_text()
    page.locator("[data-test=action-confirm]").click()
    page.locator("[data-test=action-submit]").click()
    expect(reception).to_contain_text("已确认")

    # back in liaison, the visit shows what office arranged (office's event, through the bus)
    sign_in("liaison.clerk")

    def arranged() -> bool:
        page.goto(here)
        expect(visit).to_contain_text(association)
        return "接待：已落实" in visit.inner_text()

    eventually(arranged, timeout=20, interval=0.5)
    expect(visit).to_contain_text("保障状态：已落实")


def test_a_cadre_personnel_appoints_appears_in_office_s_staff_directory(page, sign_in) -> None:
    from playwright.sync_api import expect

    name = unique("林晓")
    sign_in("personnel.clerk")
    open_menu(page, "personnel", "干部")
    page.locator("[data-test=create]").click()
    page.locator("[data-test=action-dialog]").get_by_label("姓名").fill(name)
    page.locator("[data-test=action-submit]").click()
    expect(page.locator("[data-test=record-detail]")).to_contain_text(name)
    page.locator("[data-test=action-appointments]").click()
    choose(page, "office", "办公室")
    page.locator("[data-test=action-dialog]").get_by_label("职务").fill("二级主任科员")
    fill_date(page, "effective_on", beijing_today().isoformat())
    page.locator("[data-test=action-submit]").click()
    expect(page.locator("[data-test=action-dialog]")).to_be_hidden()

    # office learns of the appointment from personnel's event: its directory lists the cadre
    sign_in("office.clerk")
    open_menu(page, "office", "机关通讯录")
    row = page.locator("[data-test=row]", has_text=name)

    def listed() -> bool:
        page.get_by_role("button", name="搜索").click()
        page.wait_for_load_state("networkidle")
        return row.count() == 1

    eventually(listed, timeout=20, interval=0.5)
    expect(row).to_contain_text("二级主任科员")
    expect(row).to_contain_text("办公室")


def test_a_clerk_of_another_office_never_sees_the_petitioner_s_phone(page, sign_in, console_api, screenshot) -> None:
    """office.head reaches the petition from the deadline on 我的待办 and on the supervision board;
    the phone is nowhere on those pages, while rights.clerk opening the same link reads it."""
    from playwright.sync_api import expect

    phone = f"139{uuid.uuid4().int % 10**8:08d}"
    today = beijing_today().isoformat()
    rights = console_api("rights.clerk")
    petitions = []
    for name, summary, category, channel in (
        ("陈明", "归侨住房被占用，请求协调返还", "property", "visit"),
        ("李华", "侨眷子女入学政策咨询", "education", "letter"),
        ("黄丽", "华侨投资企业用地纠纷", "investment", "online"),
    ):
        body = {
            "channel": channel,
            "petitioner": {"name": name, "status": "returnee", "phone": phone},
            "petition_class": "claim",
            "category": category,
            "summary": summary,
            "received_on": today,
        }
        r = rights.post("/api/rights/petitions", json=body)
        assert r.status_code == 201, r.text
        petitions.append(r.json())
    petition = petitions[0]

    page.goto("/login")
    screenshot("sign-in")

    # office's head: the deadline on 我的待办, its link, and the board; no phone on any of them
    sign_in("office.head")
    item = page.locator(f'[data-test=todo-item][data-record="{petition["id"]}"]').filter(has_text="信访受理决定期限")
    expect(item).to_contain_text(petition["first_decision_due"], timeout=20_000)
    screenshot("todo")
    assert phone not in page.locator("body").inner_text()
    item.get_by_role("link").first.click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("[data-test=petition-detail]")).to_have_count(0)
    assert phone not in page.locator("body").inner_text()
    open_menu(page, "office", "督办台账")
    expect(page.locator("[data-test=row]", has_text=petition["id"][:8]).first).to_be_visible()
    screenshot("supervision-board")
    assert phone not in page.locator("body").inner_text()

    # rights' clerk opens the same petition: the phone is there
    sign_in("rights.clerk")
    page.goto(f"/petitions/{petition['id']}")
    detail = page.locator("[data-test=petition-detail]")
    expect(detail).to_contain_text("陈明")
    expect(detail).to_contain_text(phone)
    screenshot("petition-detail")
