"""What `make run` gives the console and the services: keys made once in dev (0600), each process
only the key it needs, the services' URLs; and the operator CLI's first admin."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest

from qiaolian_chassis.auth import Principal, TokenSigner, TokenVerifier
from qiaolian_console.settings import ConsoleSettings
from qiaolian_deploy.accounts import create_admin, read_password
from qiaolian_deploy.keys import ensure_keys
from qiaolian_deploy.launcher import Launcher

from .conftest import CHEAP, StartConsole


def test_dev_keys_are_made_once_readable_by_their_owner_only(tmp_path: Path) -> None:
    files = ensure_keys(tmp_path / "keys")
    for path in (files.signing, files.public, files.id_hash):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE((tmp_path / "keys").stat().st_mode) == 0o700
    first = (files.signing.read_bytes(), files.id_hash.read_bytes())
    again = ensure_keys(tmp_path / "keys")
    assert (again.signing.read_bytes(), again.id_hash.read_bytes()) == first  # never overwritten
    assert len(files.id_hash.read_text()) == 64
    who = Principal("a-1", None, "rights", frozenset({"rights.clerk"}))
    token = TokenSigner(files.signing.read_bytes()).sign(who, "rights")
    assert TokenVerifier(files.public.read_bytes(), "rights").verify(token) == who


def test_a_stale_public_half_is_made_again(tmp_path: Path) -> None:
    files = ensure_keys(tmp_path)
    files.public.write_bytes(b"old")
    assert ensure_keys(tmp_path).public.read_bytes().startswith(b"-----BEGIN PUBLIC KEY-----")


def test_in_dev_each_process_gets_only_its_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "QIAOLIAN_ENV",
        "CONSOLE_DEMO",
        *(
            f"{key}{suffix}"
            for suffix in ("", "_FILE")
            for key in ("CONSOLE_SIGNING_KEY", "QIAOLIAN_TOKEN_PUBLIC_KEY", "RIGHTS_ID_HASH_KEY")
        ),
    ):
        monkeypatch.delenv(name, raising=False)
    launcher = Launcher(var_dir=tmp_path, nats_url="nats://127.0.0.1:1", ports={"office": 18001})
    assert launcher.services == ("office", "liaison", "rights", "personnel", "console")
    assert launcher.ports["office"] == 18001 and all(p > 0 for p in launcher.ports.values())
    keys = tmp_path / "keys"
    console = launcher.service_env("console")
    assert console["QIAOLIAN_ENV"] == "dev" and console["CONSOLE_DEMO"] == "true"
    assert console["CONSOLE_SIGNING_KEY_FILE"] == str(keys / "token-signing.pem")
    assert console["CONSOLE_OFFICE_URL"] == "http://127.0.0.1:18001"
    assert console["CONSOLE_PORT"] == str(launcher.ports["console"])
    assert "QIAOLIAN_TOKEN_PUBLIC_KEY_FILE" not in console and "RIGHTS_ID_HASH_KEY_FILE" not in console
    for service in ("office", "liaison", "rights", "personnel"):
        env = launcher.service_env(service)
        assert env["QIAOLIAN_TOKEN_PUBLIC_KEY_FILE"] == str(keys / "token-signing.pub")
        assert "CONSOLE_SIGNING_KEY_FILE" not in env
        assert ("RIGHTS_ID_HASH_KEY_FILE" in env) == (service == "rights")
    assert launcher.service_env("rights")["RIGHTS_ID_HASH_KEY_FILE"] == str(keys / "id-hash.key")
    # the console's own settings read what the launcher passes
    assert ConsoleSettings().environment == "production"  # nothing set in this process: not dev
    monkeypatch.setenv("QIAOLIAN_ENV", "dev")
    monkeypatch.setenv("CONSOLE_RIGHTS_URL", console["CONSOLE_RIGHTS_URL"])
    assert ConsoleSettings().is_dev and ConsoleSettings().upstreams["rights"] == console["CONSOLE_RIGHTS_URL"]


def test_a_key_set_in_the_environment_wins_and_outside_dev_none_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("QIAOLIAN_ENV", "CONSOLE_SIGNING_KEY", "CONSOLE_SIGNING_KEY_FILE", "QIAOLIAN_TOKEN_PUBLIC_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)
    mine = Launcher(var_dir=tmp_path / "a", env={"CONSOLE_SIGNING_KEY_FILE": "/etc/qiaolian/key.pem"})
    assert mine.service_env("console")["CONSOLE_SIGNING_KEY_FILE"] == "/etc/qiaolian/key.pem"
    # a key given as a value (the test session's, say) is not shadowed by a file, which would win over it
    monkeypatch.setenv("QIAOLIAN_TOKEN_PUBLIC_KEY", "-----BEGIN PUBLIC KEY-----…")
    assert "QIAOLIAN_TOKEN_PUBLIC_KEY_FILE" not in mine.service_env("office")
    prod = Launcher(var_dir=tmp_path / "b", env={"QIAOLIAN_ENV": "production"})
    env = prod.service_env("console")
    assert env["QIAOLIAN_ENV"] == "production" and "CONSOLE_SIGNING_KEY_FILE" not in env and "CONSOLE_DEMO" not in env
    assert "QIAOLIAN_TOKEN_PUBLIC_KEY_FILE" not in prod.service_env("rights")
    assert not (tmp_path / "b" / "keys").exists()


async def test_create_admin_makes_the_first_real_admin(
    tmp_path: Path, start_console: StartConsole, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONSOLE_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/console.db")  # start_console's file
    monkeypatch.setattr("sys.stdin", io.StringIO("the first admin's passphrase\n"))
    password = read_password(from_stdin=True)
    assert password == "the first admin's passphrase"
    settings = ConsoleSettings(**CHEAP)
    await create_admin("Zhang.Wei", password, settings)
    with pytest.raises(SystemExit, match="username is taken"):
        await create_admin("zhang.wei", password, settings)
    with pytest.raises(SystemExit, match="at least 12"):
        await create_admin("li.si", "short", settings)
    running = await start_console(environment="dev", demo=True)  # an admin exists: no demo accounts
    r = await running.browser().login("zhang.wei", password)
    assert r.status_code == 200 and r.json()["roles"] == ["admin"] and r.json()["demo"] is False
    assert (await running.browser().login("admin", "qiaolian-demo")).status_code == 401
