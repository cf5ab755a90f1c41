"""The console's first screen (issue 13): the whole system started as `make run` starts it (its own
nats-server, SQLite files, the demo accounts and data of a first start), then Debian's Chromium driven
by Playwright signs in as `office.head` BENCH_CONSOLE_RUNS times, each in a fresh browser context (no
cache, no cookies), and times the click on 登录 to the to-do list rendered (its items, or its "nothing
to do"). Beside it, the JavaScript the web app ships, gzip-compressed as it would travel.

Without Chromium or the built web app the figures are reported as not measured, with the reason."""

from __future__ import annotations

import gzip
import shutil
import time
from pathlib import Path
from typing import Any

from .run import Figure, at_most, log, percentile

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "console" / "qiaolian_console" / "static" / "assets"
DEMO_USER, DEMO_PASSWORD = "office.head", "qiaolian-demo"
RENDERED = "[data-test=todo-item], [data-test=todo-empty]"


def chromium_path() -> Path | None:
    found = shutil.which("chromium")
    for candidate in (Path("/usr/bin/chromium"), Path(found) if found else None):
        if candidate is not None and candidate.exists():
            return candidate
    return None


def shipped_js_kb() -> float | None:
    """Every JavaScript file of the build, gzip-compressed (an upper bound on what a first visit loads)."""
    files = sorted(ASSETS.glob("*.js")) if ASSETS.is_dir() else []
    if not files:
        return None
    return sum(len(gzip.compress(f.read_bytes(), compresslevel=9)) for f in files) / 1000


def first_screen_ms(base_url: str, runs: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    assert executable is not None
    out: list[float] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(executable), args=["--no-sandbox"])
        try:
            for _ in range(runs):
                context = browser.new_context(
                    base_url=base_url, viewport={"width": 1366, "height": 768}, locale="zh-CN"
                )
                page = context.new_page()
                page.set_default_timeout(30_000)
                page.goto("/")
                page.get_by_label("用户名").fill(DEMO_USER)
                page.get_by_label("密码", exact=True).fill(DEMO_PASSWORD)
                button = page.get_by_role("button", name="登录")
                t0 = time.perf_counter()
                button.click()
                page.locator(RENDERED).first.wait_for(state="visible")
                out.append((time.perf_counter() - t0) * 1000)
                context.close()
        finally:
            browser.close()
    return out


def console_figures(work: Path, runs: int) -> tuple[list[Figure], list[str]]:
    """The console's figures and the errors met on the way (a figure not measured says why)."""
    from qiaolian_deploy.launcher import Launcher
    from qiaolian_deploy.natsserver import free_port

    figures: list[Figure] = []
    errors: list[str] = []
    js = shipped_js_kb()
    fig = at_most("console_js_kb", "JavaScript shipped by the console (gzip)", "every .js of the build", js, "kB", 600)
    if js is None:
        fig.note = "not measured: the web app is not built (`make install`)"
    figures.append(fig)

    size = f"{runs} sign-ins as {DEMO_USER}, fresh contexts"
    label = "console: sign-in click to 我的待办 rendered"
    reason = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "the playwright package is not installed"
    if reason is None and chromium_path() is None:
        reason = "no Chromium (`apt-get install chromium`)"
    if reason is None and js is None:
        reason = "the web app is not built"
    samples: list[float] = []
    if reason is None:
        launcher = Launcher(var_dir=work, nats_port=free_port(), log_dir=work / "logs")
        try:
            log("console: the whole system with the demo data")
            launcher.start()
            launcher.wait_ready(timeout=120)
            samples = first_screen_ms(launcher.url("console"), runs)
        except Exception as exc:  # reported, as every phase's failure is
            errors.append(f"console first screen: {type(exc).__name__}: {exc}")
            reason = "failed: see errors"
        finally:
            launcher.stop()
    for p, limit in ((50, 1500.0), (95, 1500.0)):
        value: Any = percentile(samples, p)
        fig = at_most(f"console_first_screen_p{p}", f"{label}, p{p}", size, value, "ms", limit)
        if value is None:
            fig.note = f"not measured: {reason}"
        figures.append(fig)
    return figures, errors
