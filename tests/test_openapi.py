"""The OpenAPI documents the web app's types are generated from (console/web/openapi/) are the
services' own: when a route or a schema changes, this fails until `make openapi` is run and committed,
and the web app's build then type-checks the screens against the new contract."""

from __future__ import annotations

import json

from qiaolian_contracts.catalog import SERVICES
from qiaolian_deploy.cli import LABELS_FILE, OPENAPI_DIR, openapi_files


def test_the_committed_openapi_documents_are_the_services_own() -> None:
    files = openapi_files()
    assert set(files) == {OPENAPI_DIR / f"{s}.json" for s in SERVICES} | {LABELS_FILE}
    for path, text in files.items():
        assert path.exists(), f"{path} is missing: run `make openapi` and commit it"
        assert path.read_text(encoding="utf-8") == text, f"{path} is out of date: run `make openapi`"
        doc = json.loads(text)
        if path == LABELS_FILE:  # the fields' and codes' Chinese names the screens fall back on
            assert doc["field"]["hosting_leader_id"] and doc["value"]["accepted"] == "已受理"
            continue
        assert doc["paths"] and doc["components"]["schemas"], path
    rights = json.loads(files[OPENAPI_DIR / "rights.json"])
    assert "PetitionOut" in rights["components"]["schemas"]  # what the petition screens are typed by
