"""Static checks of the container deployment (deploy/): no Docker engine needed.

The compose file is parsed with PyYAML (which resolves the `<<:` merge keys the file uses) and its
structure is checked against the rules in DESIGN.md: start order, health checks, durability of
the NATS store, and that every interpolated variable is documented in deploy/.env.example.
When Debian's docker-compose 1.29 is installed, it validates the file as well (offline).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import time
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
COMPOSE_FILE = DEPLOY / "docker-compose.yml"
ENV_EXAMPLE = DEPLOY / ".env.example"
PORTS = {"office": 8001, "liaison": 8002, "rights": 8003, "personnel": 8004}
CONSOLE_PORT = 8000
NATS_NODES = ("nats-1", "nats-2", "nats-3")
NATS_URL = "nats://nats-1:4222,nats://nats-2:4222,nats://nats-3:4222"

# ${VAR}, ${VAR:-default}, ${VAR:?message}, $VAR; `$$` is an escaped dollar, not a variable.
_VAR = re.compile(r"(?<!\$)\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


@pytest.fixture(scope="module")
def services(compose: dict) -> dict:
    return compose["services"]


def env_example_names() -> set[str]:
    names = set()
    for line in ENV_EXAMPLE.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            names.add(line.split("=", 1)[0].strip())
    return names


def strip_conf_comments(text: str) -> str:
    return "\n".join(line.split("#", 1)[0] for line in text.splitlines())


def test_stack_has_infrastructure_job_four_services_and_the_console(services: dict) -> None:
    assert set(services) == {*NATS_NODES, "postgres", "provision", *PORTS, "console"}


@pytest.mark.parametrize("name", sorted(PORTS))
def test_service_command_port_and_environment(services: dict, name: str) -> None:
    svc = services[name]
    port = PORTS[name]
    assert svc["command"] == ["python", "-m", f"qiaolian_{name}"]
    # two replicas, each published on a host port of its own (8N01, 8N02 for 800N)
    assert svc["deploy"]["replicas"] == 2
    published = [str(p) for p in svc["ports"]]
    n = port - 8000
    assert len(published) == 1 and published[0].endswith(f":8{n}01-8{n}02:{port}"), published
    env = svc["environment"]
    prefix = name.upper()
    assert str(env[f"{prefix}_PORT"]) == str(port)
    url = env[f"{prefix}_DATABASE_URL"]
    assert url.startswith(f"postgresql+asyncpg://{name}:"), url
    assert url.endswith(f"@postgres:5432/{name}"), url
    assert env["QIAOLIAN_NATS_URL"] == NATS_URL
    assert env["QIAOLIAN_HOST"] == "0.0.0.0"  # reachable through the published port
    for key in ("QIAOLIAN_MIGRATE_ON_START", "QIAOLIAN_STREAM_REPLICAS", "QIAOLIAN_LOG_LEVEL"):
        assert key in env
    # the secret has no default: the stack refuses to start without one
    assert env["QIAOLIAN_ID_HASH_KEY"].startswith("${QIAOLIAN_ID_HASH_KEY:?")
    # the console's public key, and never its private one
    assert env["QIAOLIAN_TOKEN_PUBLIC_KEY_FILE"] == "/run/secrets/token_public_key"
    assert svc["secrets"] == ["token_public_key"]
    assert not any(k.startswith("CONSOLE_") for k in env)


@pytest.mark.parametrize("name", sorted(PORTS))
def test_service_waits_for_database_and_provisioning(services: dict, name: str) -> None:
    deps = services[name]["depends_on"]
    assert deps["postgres"]["condition"] == "service_healthy"
    assert deps["provision"]["condition"] == "service_completed_successfully"
    for node in NATS_NODES:
        assert deps[node]["condition"] == "service_healthy"


@pytest.mark.parametrize("name", sorted(PORTS))
def test_service_healthcheck_hits_its_readiness_endpoint(services: dict, name: str) -> None:
    hc = services[name]["healthcheck"]
    test = hc["test"]
    assert test[0] == "CMD" and test[1] == "python"
    assert f"http://127.0.0.1:{PORTS[name]}/health/ready" in " ".join(test)
    assert "start_period" in hc  # migrations run at start


def test_console_command_port_database_key_and_no_demo(compose: dict, services: dict) -> None:
    console = services["console"]
    assert console["command"] == ["python", "-m", "qiaolian_console"]
    published = [str(p) for p in console["ports"]]
    assert len(published) == 1 and published[0].endswith(f":{CONSOLE_PORT}:{CONSOLE_PORT}"), published
    env = console["environment"]
    assert str(env["CONSOLE_PORT"]) == str(CONSOLE_PORT)
    assert env["CONSOLE_DATABASE_URL"].startswith("postgresql+asyncpg://console:")
    assert env["CONSOLE_DATABASE_URL"].endswith("@postgres:5432/console")
    assert env["QIAOLIAN_NATS_URL"] == NATS_URL and env["QIAOLIAN_HOST"] == "0.0.0.0"
    # outside dev: no start without the key, no demo accounts with their public password
    assert env["QIAOLIAN_ENV"] == "production"
    assert "CONSOLE_DEMO" not in env and "CONSOLE_SIGNING_KEY" not in env
    assert env["CONSOLE_SIGNING_KEY_FILE"] == "/run/secrets/token_signing_key"
    assert console["secrets"] == ["token_signing_key"]
    # the console does not hash ID numbers: that key stays with the services
    assert "QIAOLIAN_ID_HASH_KEY" not in env
    for name, port in PORTS.items():
        assert env[f"CONSOLE_{name.upper()}_URL"] == f"http://{name}:{port}"
    assert env["CONSOLE_SECURE_COOKIES"].startswith("${CONSOLE_SECURE_COOKIES:-true}")
    deps = console["depends_on"]
    assert deps["postgres"]["condition"] == "service_healthy"
    assert deps["provision"]["condition"] == "service_completed_successfully"  # its durable exists
    hc = console["healthcheck"]
    assert f"http://127.0.0.1:{CONSOLE_PORT}/health/ready" in " ".join(hc["test"]) and "start_period" in hc


def test_token_keys_are_file_secrets_kept_out_of_git_and_the_image(compose: dict) -> None:
    secrets = compose["secrets"]
    assert set(secrets) == {"token_signing_key", "token_public_key"}
    assert secrets["token_signing_key"]["file"].endswith("/token-signing.pem")
    assert secrets["token_public_key"]["file"].endswith("/token-signing.pub")
    assert all(s["file"].startswith("${QIAOLIAN_SECRETS_DIR:-./secrets}/") for s in secrets.values())
    assert "deploy/secrets" in (ROOT / ".dockerignore").read_text().split()
    assert "deploy/secrets/" in (ROOT / ".gitignore").read_text().split()


def test_provision_is_a_one_shot_job_after_nats(services: dict) -> None:
    job = services["provision"]
    assert job["command"] == ["qiaolian", "provision"]
    assert job["depends_on"] == {node: {"condition": "service_healthy"} for node in NATS_NODES}
    assert job["restart"] == "no"
    assert job["environment"]["QIAOLIAN_NATS_URL"] == NATS_URL
    # the provisioning step makes every stream and consumer R3: on all three nodes
    assert job["environment"]["QIAOLIAN_STREAM_REPLICAS"] == "${QIAOLIAN_STREAM_REPLICAS:-3}"


def test_one_image_for_job_and_services(services: dict) -> None:
    apps = [services[n] for n in ("provision", *PORTS, "console")]
    assert len({a["image"] for a in apps}) == 1
    for app in apps:
        assert app["build"] == {"context": "..", "dockerfile": "deploy/Dockerfile"}
    assert (DEPLOY / apps[0]["build"]["context"] / apps[0]["build"]["dockerfile"]).is_file()


def test_every_long_running_process_is_restarted_and_health_checked(services: dict) -> None:
    """The restart policy `make run`'s launcher has (README, "For operators"): every process but the
    one-shot provisioning job comes back after a crash or a reboot, and has a healthcheck, so a
    restarted service counts as up only when it is ready again."""
    for name, spec in services.items():
        if name == "provision":
            continue
        assert spec.get("restart") == "unless-stopped", name
        hc = spec.get("healthcheck")
        assert hc and hc["test"][0] == "CMD" and hc.get("interval") and hc.get("retries"), name


CONFS = [DEPLOY / "nats" / "nats-server.conf", *(DEPLOY / "nats" / "cluster" / f"{n}.conf" for n in NATS_NODES)]


@pytest.mark.parametrize("index", range(len(NATS_NODES)))
def test_nats_cluster_node(compose: dict, services: dict, index: int) -> None:
    """Three nodes, each with its generated config and a store of its own; healthy once the cluster
    has a JetStream meta leader (the provisioning step needs one)."""
    name = NATS_NODES[index]
    nats = services[name]
    test = " ".join(nats["healthcheck"]["test"])
    assert "wget" in test and test.endswith("http://127.0.0.1:8222/healthz")
    mounts = {v.split(":")[1]: v.split(":")[0] for v in nats["volumes"]}
    assert (DEPLOY / mounts["/etc/nats/nats-server.conf"]).resolve() == DEPLOY / "nats" / "cluster" / f"{name}.conf"
    assert "/etc/nats/nats-server.conf" in nats["command"]
    assert mounts["/data"] == f"nats-data-{index + 1}"  # named volume: the store survives re-creation
    assert mounts["/data"] in compose["volumes"]
    conf = strip_conf_comments((DEPLOY / "nats" / "cluster" / f"{name}.conf").read_text())
    assert re.search(rf"^server_name:\s*qiaolian-{name}\s*$", conf, re.M)
    block = re.search(r"^cluster\s*\{(.*?)^\}", conf, re.S | re.M)
    assert block, "cluster block missing"
    assert re.search(r"^\s*port:\s*6222\s*$", block.group(1), re.M)
    routes = set(re.findall(r"nats-route://([a-z0-9-]+):6222", block.group(1)))
    assert routes == set(NATS_NODES) - {name}  # the other two
    # the same users' passwords as every node, from its environment
    assert nats["environment"] == services[NATS_NODES[0]]["environment"]


@pytest.mark.parametrize("path", CONFS, ids=lambda p: p.name)
def test_nats_config_is_durable(path: Path) -> None:
    conf = strip_conf_comments(path.read_text())
    block = re.search(r"jetstream\s*\{(.*?)\}", conf, re.S)
    assert block, "jetstream block missing"
    assert re.search(r"^\s*sync_interval\s*[:=]\s*always\s*$", block.group(1), re.M)
    assert re.search(r"^\s*store_dir\s*[:=]\s*/data\s*$", block.group(1), re.M)
    assert re.search(r"^\s*http_port\s*[:=]\s*8222\s*$", conf, re.M)


def test_postgres_service_and_init_script(services: dict) -> None:
    pg = services["postgres"]
    assert "pg_isready" in pg["healthcheck"]["test"]
    # TCP check: the entrypoint's init-time server listens on the socket only
    assert "127.0.0.1" in pg["healthcheck"]["test"]
    mounts = {v.split(":")[1]: v.split(":")[0] for v in pg["volumes"]}
    init = [src for dst, src in mounts.items() if dst.startswith("/docker-entrypoint-initdb.d/")]
    assert len(init) == 1
    script = (DEPLOY / init[0]).read_text()
    for name in (*PORTS, "console"):
        assert f"create_service_db {name} " in script
        assert f"{name.upper()}_DB_PASSWORD" in pg["environment"]


def test_every_variable_is_documented_in_env_example() -> None:
    used = {a or b for a, b in _VAR.findall(COMPOSE_FILE.read_text())}
    assert used, "expected interpolated variables"
    missing = used - env_example_names()
    assert not missing, f"add to deploy/.env.example: {sorted(missing)}"


# ---- NATS users (README, "NATS users") -----------------------------------------------------------

NATS_USERS = ("office", "liaison", "rights", "personnel", "console", "provisioner", "integrator")
NATS_PASSWORDS = {f"QIAOLIAN_NATS_{u.upper()}_PASSWORD": secrets.token_hex(24) for u in NATS_USERS}


@pytest.mark.parametrize("path", CONFS, ids=lambda p: p.name)
def test_nats_gets_every_users_password_and_has_no_default(services: dict, path: Path) -> None:
    env = services["nats-1"]["environment"]
    for var in NATS_PASSWORDS:
        assert env[var].startswith(f"${{{var}:?"), var  # required: the stack refuses to start without it
    conf = strip_conf_comments(path.read_text())
    # every password the config reads from the environment is in the container's environment
    assert set(re.findall(r"^\s*password\s*:\s*\$([A-Z_]+)\s*$", conf, re.M)) == set(NATS_PASSWORDS)
    assert "no_auth_user" not in conf
    assert re.search(r"^authorization\s*\{", conf, re.M)


@pytest.mark.parametrize("name", [*sorted(PORTS), "provision"])
def test_each_app_connects_to_nats_as_its_own_user(services: dict, name: str) -> None:
    env = services[name]["environment"]
    user = "provisioner" if name == "provision" else name
    assert env["QIAOLIAN_NATS_USER"] == user
    assert env["QIAOLIAN_NATS_PASSWORD"].startswith(f"${{QIAOLIAN_NATS_{user.upper()}_PASSWORD:?")


def test_the_nats_users_in_the_compose_config_are_generated_from_the_contracts() -> None:
    from qiaolian_deploy.cli import COMPOSE_NATS_CONF, compose_nats_conf, nats_config_files

    current = COMPOSE_NATS_CONF.read_text()
    assert compose_nats_conf(current) == current, "run `make nats-config` (qiaolian nats-config --write)"
    files = nats_config_files()
    assert set(files) == set(CONFS)
    for path, text in files.items():  # the cluster's three, made from the single-node file
        assert path.read_text() == text, f"{path} is stale: run `make nats-config`"


def test_nats_server_runs_the_compose_config_and_refuses_what_it_should(tmp_path: Path) -> None:
    """deploy/nats/nats-server.conf itself (ports and store moved to the test's), on the real binary,
    with the passwords from the environment as compose gives them."""
    import asyncio

    import nats

    from qiaolian_deploy.natsserver import binary, free_port, port_open

    port, http_port = free_port(), free_port()
    text = (DEPLOY / "nats" / "nats-server.conf").read_text()
    text = re.sub(r"^port: 4222$", f"port: {port}\nhost: 127.0.0.1", text, flags=re.M)
    text = re.sub(r"^http_port: 8222$", f"http_port: {http_port}", text, flags=re.M)
    text = text.replace("store_dir: /data", f'store_dir: "{tmp_path / "data"}"')
    conf = tmp_path / "nats-server.conf"
    conf.write_text(text)
    env = {**os.environ, **NATS_PASSWORDS}
    check = subprocess.run([binary(), "-t", "-c", str(conf)], env=env, capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr
    missing = {k: v for k, v in env.items() if k != "QIAOLIAN_NATS_RIGHTS_PASSWORD"}
    check = subprocess.run([binary(), "-t", "-c", str(conf)], env=missing, capture_output=True, text=True, timeout=30)
    assert check.returncode != 0 and "QIAOLIAN_NATS_RIGHTS_PASSWORD" in check.stderr + check.stdout

    proc = subprocess.Popen([binary(), "-c", str(conf)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            if port_open(port):
                break
            time.sleep(0.05)

        async def go() -> None:
            url = f"nats://127.0.0.1:{port}"
            with pytest.raises(nats.errors.Error, match="(?i)authorization violation"):
                await nats.connect(url, allow_reconnect=False, connect_timeout=3)
            errors: list[str] = []

            async def on_error(exc: Exception) -> None:
                errors.append(str(exc))

            nc = await nats.connect(
                url,
                user="rights",
                password=NATS_PASSWORDS["QIAOLIAN_NATS_RIGHTS_PASSWORD"],
                inbox_prefix="_INBOX_rights",
                error_cb=on_error,
                allow_reconnect=False,
            )
            await nc.publish("qiaolian.personnel.cadre.appointed.v1", b"{}")
            await nc.flush()
            await asyncio.sleep(0.3)
            await nc.close()
            assert any("permissions violation" in e.lower() for e in errors), errors

        asyncio.run(go())
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_dockerfile_installs_the_locked_workspace_as_non_root() -> None:
    text = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim\b", text, re.M)
    assert "uv sync --frozen --no-dev --all-packages" in text
    user = re.findall(r"^USER\s+(\S+)", text, re.M)
    assert user and user[-1].split(":")[0] not in {"root", "0"}
    # the dependency layer copies every workspace member's pyproject.toml, or `uv sync --frozen`
    # fails on a member it cannot see
    members = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["uv"]["workspace"]["members"]
    for pattern in members:
        for member in sorted(ROOT.glob(pattern)):
            if (member / "pyproject.toml").is_file():
                rel = member.relative_to(ROOT).as_posix()
                assert f"COPY {rel}/pyproject.toml {rel}/" in text, f"Dockerfile misses member {rel}"


def test_dockerignore_keeps_local_state_out_of_the_image() -> None:
    entries = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()}
    assert {".git", ".venv", "var", "**/__pycache__"} <= entries


def _docker_compose(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("docker-compose")
    if exe is None:
        pytest.skip("docker-compose binary not installed (Debian package docker-compose 1.29)")
    return subprocess.run(
        [exe, "--env-file", str(ENV_EXAMPLE), "-f", str(COMPOSE_FILE), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_docker_compose_validates_the_file() -> None:
    env = {**os.environ, "QIAOLIAN_ID_HASH_KEY": "test-only-key", **NATS_PASSWORDS}
    result = _docker_compose("config", "-q", env=env)
    assert result.returncode == 0, result.stderr


def test_docker_compose_refuses_to_start_without_id_hash_key() -> None:
    env = {**{k: v for k, v in os.environ.items() if k != "QIAOLIAN_ID_HASH_KEY"}, **NATS_PASSWORDS}
    result = _docker_compose("config", "-q", env=env)
    assert result.returncode != 0
    assert "QIAOLIAN_ID_HASH_KEY" in result.stderr


def test_docker_compose_refuses_to_start_without_a_nats_password() -> None:
    env = {**os.environ, "QIAOLIAN_ID_HASH_KEY": "test-only-key", **NATS_PASSWORDS}
    env.pop("QIAOLIAN_NATS_INTEGRATOR_PASSWORD")
    result = _docker_compose("config", "-q", env=env)
    assert result.returncode != 0
    assert "QIAOLIAN_NATS_INTEGRATOR_PASSWORD" in result.stderr
