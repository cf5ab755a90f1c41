"""The web app at `/`: its files, and index.html for any other path the API does not own (history
fallback), while an unknown path under an API prefix stays a JSON 404."""

from __future__ import annotations

from pathlib import Path

import pytest

from qiaolian_console.web import API_PREFIXES

from .conftest import StartConsole

INDEX = "<!doctype html><title>console</title><div id=app></div>"


@pytest.fixture
def web_dir(tmp_path: Path) -> Path:
    d = tmp_path / "web"
    (d / "assets").mkdir(parents=True)
    (d / "index.html").write_text(INDEX)
    (d / "assets" / "index-abc.js").write_text("console.log(1)")
    (d / "favicon.ico").write_bytes(b"\x00\x01")
    (tmp_path / "secret.txt").write_text("outside the web dir")
    return d


async def test_the_app_and_its_history_fallback(start_console: StartConsole, web_dir: Path) -> None:
    b = (await start_console(web_dir=web_dir)).browser()
    for path in ("/", "/login", "/petitions", "/petitions/01HX/deadlines", "/todo-list", "/apis"):
        r = await b.http.get(path)
        assert r.status_code == 200 and r.text == INDEX, path
        assert r.headers["content-type"].startswith("text/html")
    r = await b.http.get("/assets/index-abc.js")
    assert r.status_code == 200 and r.text == "console.log(1)" and "immutable" in r.headers["cache-control"]
    assert (await b.http.get("/favicon.ico")).content == b"\x00\x01"


@pytest.mark.parametrize("prefix", API_PREFIXES)
async def test_an_unknown_api_path_is_a_json_404_not_the_app(
    start_console: StartConsole, web_dir: Path, prefix: str
) -> None:
    b = (await start_console(web_dir=web_dir)).browser()
    r = await b.http.get(f"/{prefix}/nothing-here")
    assert r.status_code in (401, 404), prefix  # /api/… asks for a session first
    assert r.headers["content-type"] == "application/problem+json" and INDEX not in r.text


async def test_no_file_outside_the_web_dir(start_console: StartConsole, web_dir: Path) -> None:
    b = (await start_console(web_dir=web_dir)).browser()
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2fsecret.txt", "/assets/%2e%2e%2f..%2fsecret.txt"):
        r = await b.http.get(path)
        assert "outside the web dir" not in r.text, path


async def test_not_built_is_a_404_that_says_so(start_console: StartConsole, tmp_path: Path) -> None:
    b = (await start_console(web_dir=tmp_path / "missing")).browser()
    r = await b.http.get("/petitions")
    assert r.status_code == 404 and "make install" in r.json()["detail"]


async def test_the_sign_in_page_learns_of_demo_mode_before_sign_in(start_console: StartConsole) -> None:
    running = await start_console()
    b = running.browser()
    assert (await b.http.get("/welcome")).json() == {"demo": False}
    running.console.demo = True
    assert (await b.http.get("/welcome")).json() == {"demo": True}
