"""`POST /petitioners/lookup`: rights.write, 30 a minute per account (429 with Retry-After), and the
ID-number hash key from rights' settings, its built-in default refused outside development."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI

from qiaolian_chassis.settings import ServiceSettings
from qiaolian_rights import settings

from .conftest import Client

ID = "430102199001011238"


async def test_thirty_lookups_a_minute_per_account(as_: Client, rights_app: FastAPI) -> None:
    clerk, other = as_({"rights.clerk"}, account_id="clerk-1"), as_({"rights.clerk"}, account_id="clerk-2")
    for _ in range(30):
        assert (await clerk.post("/petitioners/lookup", json={"id_number": ID})).status_code == 200
    refused = await clerk.post("/petitioners/lookup", json={"id_number": ID})
    assert refused.status_code == 429 and refused.headers["content-type"].startswith("application/problem+json")
    assert refused.headers["retry-after"] == "60"
    assert (await other.post("/petitioners/lookup", json={"id_number": ID})).status_code == 200
    rights_app.state.service.clock.advance(seconds=60)
    assert (await clerk.post("/petitioners/lookup", json={"id_number": ID})).status_code == 200
    rows = (await as_({"auditor"}).get("/audit", params={"account_id": "clerk-1", "limit": 100})).json()
    assert rows["total"] == 31 and {r["action"] for r in rows["items"]} == {"POST /petitioners/lookup"}


async def test_the_leader_may_not_look_up(as_: Client) -> None:
    r = await as_({"leader"}).post("/petitioners/lookup", json={"id_number": ID})
    assert r.status_code == 403 and "rights.write" in r.text


def production(**kw: object) -> ServiceSettings:
    return ServiceSettings(service="rights", env="production", **kw)  # type: ignore[arg-type]


def test_the_key_comes_from_rights_settings_and_the_default_only_in_dev(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in ("RIGHTS_ID_HASH_KEY", "RIGHTS_ID_HASH_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)
    settings.id_hash_key.cache_clear()
    with pytest.raises(RuntimeError, match="RIGHTS_ID_HASH_KEY_FILE"):
        settings.service_id_hash_key(production())
    assert settings.service_id_hash_key(ServiceSettings(service="rights", env="dev")) == settings.DEV_ID_HASH_KEY
    assert settings.service_id_hash_key(production(id_hash_key="deployment-key")) == "deployment-key"
    monkeypatch.setenv("RIGHTS_ID_HASH_KEY", "from-the-environment")
    settings.id_hash_key.cache_clear()
    assert settings.service_id_hash_key(production()) == "from-the-environment"
    (tmp_path / "key").write_text("from-a-file\n")
    monkeypatch.setenv("RIGHTS_ID_HASH_KEY_FILE", str(tmp_path / "key"))
    settings.id_hash_key.cache_clear()
    assert settings.service_id_hash_key(production()) == "from-a-file"
    settings.id_hash_key.cache_clear()
