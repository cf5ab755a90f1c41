"""The browser tests' Chromium (Debian's, driven by Playwright) and a page on the console of the
whole stack, at 1366×768 in zh-CN; they skip with the reason where either is missing."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from qiaolian_deploy.launcher import Launcher

CHROMIUM = Path("/usr/bin/chromium")
BUILT = Path(__file__).resolve().parents[2] / "console" / "qiaolian_console" / "static" / "index.html"
DEMO_PASSWORD = "qiaolian-demo"


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    executable = CHROMIUM if CHROMIUM.exists() else (Path(p) if (p := shutil.which("chromium")) else None)
    if executable is None:
        pytest.skip("no Chromium: `apt-get install chromium` (Debian's) runs the browser tests")
    if not BUILT.exists():
        pytest.skip("the web app is not built: `make install` builds console/web")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(executable), args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, system: Launcher) -> Iterator[object]:
    context = chromium.new_context(
        base_url=system.url("console"), viewport={"width": 1366, "height": 768}, locale="zh-CN"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def sign_in(page) -> Callable[[str], None]:
    """Sign in on the page as a demo account (signing out first when someone is signed in)."""

    def as_(username: str) -> None:
        page.context.clear_cookies()
        page.goto("/login")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码", exact=True).fill(DEMO_PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.get_by_role("heading", name="我的待办").wait_for()

    return as_


@pytest.fixture
def console_api(system: Launcher) -> Iterator[Callable[[str], httpx.Client]]:
    """A client of the console's API signed in as a demo account (its CSRF header set): for what a test
    needs to exist before the screens it drives, as another office would have made it."""
    clients: list[httpx.Client] = []

    def as_(username: str) -> httpx.Client:
        c = httpx.Client(base_url=system.url("console"), timeout=15)
        clients.append(c)
        r = c.post("/auth/login", json={"username": username, "password": DEMO_PASSWORD})
        assert r.status_code == 200, r.text
        c.headers["X-CSRF-Token"] = r.json()["csrf_token"]
        return c

    yield as_
    for c in clients:
        c.close()


SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def screenshot(page) -> Callable[[str], None]:
    """The page at 1366×768 as docs/screenshots/<name>.png, for the README: only with
    QIAOLIAN_SCREENSHOTS=1 (`make screenshots`), so the tests leave the tree as it was."""

    def take(name: str) -> None:
        if os.environ.get("QIAOLIAN_SCREENSHOTS") != "1":
            return
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        from playwright.sync_api import expect

        page.wait_for_load_state("networkidle")
        expect(page.locator(".el-loading-mask:visible")).to_have_count(0)  # a table still loading
        page.wait_for_timeout(300)  # the tags' and menus' transitions
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))

    return take
