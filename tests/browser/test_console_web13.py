"""The week calendar of vehicles and the English labels of the generic screens, in Chromium through
the whole stack (the page and sign-in fixtures of conftest.py)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from qiaolian_deploy.launcher import Launcher

from .conftest import DEMO_PASSWORD

pytestmark = pytest.mark.system


def as_office_clerk(system: Launcher) -> tuple[httpx.Client, dict[str, str]]:
    c = httpx.Client(base_url=system.url("console"), timeout=15)
    r = c.post("/auth/login", json={"username": "office.clerk", "password": DEMO_PASSWORD})
    assert r.status_code == 200, r.text
    return c, {"X-CSRF-Token": r.json()["csrf_token"]}


def test_a_booking_is_a_block_on_its_vehicles_row_of_the_week_and_opens_the_booking(page, sign_in, system) -> None:
    from playwright.sync_api import expect

    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    monday = today - timedelta(days=today.weekday()) + timedelta(days=7)  # next week: nothing of the demo's there
    plate = f"湘A·W{today.strftime('%j')}{datetime.now().microsecond % 1000:03d}"
    c, csrf = as_office_clerk(system)
    try:
        r = c.post("/api/office/vehicles", json={"plate": plate, "seats": 7}, headers=csrf)
        assert r.status_code == 201, r.text
        vehicle = r.json()
        r = c.post(
            "/api/office/vehicle-bookings",
            json={
                "vehicle_id": vehicle["id"],
                "starts_on": (monday + timedelta(days=1)).isoformat(),  # Tuesday to Thursday
                "ends_on": (monday + timedelta(days=3)).isoformat(),
                "purpose": "赴岳阳调研",
                "requested_by": "王芳",
                "office": "office",
            },
            headers=csrf,
        )
        assert r.status_code == 201, r.text
        booking = r.json()
    finally:
        c.close()

    sign_in("office.clerk")
    page.locator("[data-test=menu-office]").click()
    page.get_by_role("menuitem", name="车辆周历").click()
    expect(page.get_by_role("heading", name="车辆周历")).to_be_visible()
    this_monday = today - timedelta(days=today.weekday())
    expect(page.locator("[data-test=week-range]")).to_have_text(f"{this_monday} — {this_monday + timedelta(days=6)}")
    row = page.locator(f"[data-test='vehicle-row-{plate}']")
    expect(row).to_be_visible()
    block = row.locator(f"[data-test='booking-{booking['id']}']")
    expect(block).to_have_count(0)  # this week: the booking is next week's
    page.locator("[data-test=week-next]").click()
    expect(page.locator("[data-test=week-range]")).to_have_text(f"{monday} — {monday + timedelta(days=6)}")
    expect(block).to_be_visible()
    lanes, box = row.locator(".lanes").bounding_box(), block.bounding_box()
    assert lanes and box
    day = lanes["width"] / 7  # Tuesday to Thursday: three days' width, starting on the second day
    assert abs(box["x"] - lanes["x"] - day) < 6 and abs(box["width"] - 3 * day) < 8
    page.locator("[data-test=week-prev]").click()
    expect(block).to_have_count(0)
    page.locator("[data-test=week-next]").click()
    block.click()
    expect(page).to_have_url(re.compile(f"/g/office/vehicle-bookings/{booking['id']}$"))
    expect(page.locator("[data-test=record-detail]")).to_contain_text("赴岳阳调研")


def test_in_english_the_generic_screens_label_their_columns_and_filters_in_english(page, sign_in) -> None:
    from playwright.sync_api import expect

    sign_in("office.clerk")
    page.locator("[data-test=locale]").click()
    page.get_by_role("option", name="English").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.goto("/g/office/documents/incoming")
    headers = page.locator(".el-table__header th")
    expect(headers.first).to_have_text("Title")
    texts = [t.strip() for t in headers.all_inner_texts()]
    assert texts[:7] == [
        "Title",
        "Issuing organ",
        "Issuer number",
        "Received on",
        "Office",
        "Handling due",
        "State",
    ], texts
    labels = [t.strip() for t in page.locator(".filters .el-form-item__label").all_inner_texts()]
    assert labels and not [t for t in labels + texts if re.search(r"[\u4e00-\u9fff]|_", t)], labels
    page.goto("/g/office/vehicles")
    expect(page.locator(".el-table__header th").first).to_have_text("Plate")
    assert [t.strip() for t in page.locator(".el-table__header th").all_inner_texts()][:3] == [
        "Plate",
        "Seats",
        "Status",
    ]
