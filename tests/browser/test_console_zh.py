"""What a Chinese clerk reads on the console, in Chromium against the whole stack: the supervision
board's titles and kinds in Chinese, and a reception's state labelled 状态 (a petitioner's status stays
身份 on the intake form)."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.browser.test_console_offices import open_menu

pytestmark = pytest.mark.system

UUID = re.compile(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}|\b[0-9a-f]{8}\b")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def test_the_supervision_board_reads_in_chinese(page, sign_in, console_api) -> None:
    from playwright.sync_api import expect

    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    body = {
        "channel": "letter",
        "petitioner": {"name": "赵云", "status": "relative"},
        "petition_class": "claim",
        "category": "education",
        "summary": "侨眷子女入学咨询",
        "received_on": today,
    }
    r = console_api("rights.clerk").post("/api/rights/petitions", json=body)
    assert r.status_code == 201, r.text
    petition = r.json()

    sign_in("office.head")
    open_menu(page, "office", "督办台账")
    row = page.locator("[data-test=row]", has_text=f"信访件 {petition['id']}：作出受理决定")
    expect(row).to_contain_text("信访受理决定期限", timeout=20_000)
    expect(row).not_to_contain_text("赵云")  # no petitioner's name on the board
    rows = page.locator("[data-test=row]")
    assert rows.count() > 0
    for text in rows.all_inner_texts():
        assert not LATIN_WORD.search(UUID.sub("", text)), text


def test_a_reception_s_state_is_labelled_state_and_a_petitioner_s_status_identity(page, sign_in) -> None:
    from playwright.sync_api import expect

    sign_in("office.clerk")
    open_menu(page, "office", "公务接待")
    filters = page.locator("form").first  # the filter bar: the list's `status` filter is the state
    expect(filters).to_contain_text("状态")
    expect(filters).not_to_contain_text("身份")

    sign_in("rights.clerk")
    page.goto("/petitions")
    page.locator("[data-test=intake]").click()
    expect(page.locator("[data-test='field-petitioner.status']")).to_contain_text("信访人 · 身份")


def test_the_generic_screens_name_their_forms_and_filters_in_chinese(page, sign_in) -> None:
    """A create form is titled 新建<the list>, a filter the i18n file lacks reads in the contracts'
    Chinese, and a list of one year opens on this year instead of refusing."""
    from playwright.sync_api import expect

    sign_in("office.head")
    open_menu(page, "office", "收文")
    page.locator("[data-test=create]").click()
    dialog = page.locator("[data-test=action-dialog]")
    expect(dialog.locator(".el-dialog__title")).to_have_text("新建收文")
    page.keyboard.press("Escape")
    open_menu(page, "office", "值班安排")
    filters = page.locator("form").first
    expect(filters).to_contain_text("起始日期")
    expect(filters).not_to_contain_text("From On")
    open_menu(page, "office", "预算执行情况")
    expect(page.locator("[data-test=search]")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert "Field required" not in page.locator(".el-main").inner_text()
