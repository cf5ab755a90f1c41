"""Every list of the four services has its .xlsx export, under the list's permission, with a Chinese
header for every column (a field without a label in contracts/labels.py fails here)."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from qiaolian_chassis.auth import permission_of
from qiaolian_chassis.exports import _page_item, columns_of
from qiaolian_chassis.keys import new_signing_key, public_key_of
from qiaolian_chassis.service import api_routes, build_app
from qiaolian_chassis.settings import ServiceSettings
from qiaolian_contracts.labels import FIELD_LABELS
from qiaolian_deploy.cli import SERVICES, definition

KEY = public_key_of(new_signing_key()).decode()


@pytest.mark.parametrize("service", SERVICES)
def test_each_list_has_an_export_with_its_permission_and_chinese_headers(service: str) -> None:
    app = build_app(
        definition(service), ServiceSettings.for_service(service, token_public_key=KEY, token_public_key_file=None)
    )
    routes = {(r.path, next(iter(r.methods))): r for r in api_routes(app)}
    lists = [
        r
        for (path, method), r in routes.items()
        if method == "GET" and _page_item(r.original_route.response_model) and not path.startswith("/admin/")
    ]
    assert lists
    unlabelled = set()
    for r in lists:
        export = routes.get((f"{r.path}/export", "GET"))
        assert export is not None, f"{r.path} has no export"
        assert permission_of(export) == permission_of(r)
        item = _page_item(r.original_route.response_model)
        if isinstance(item, type) and issubclass(item, BaseModel):
            unlabelled |= {c.path for c in columns_of(item) if any(p not in FIELD_LABELS for p in c.path.split("."))}
    assert not unlabelled


def test_an_app_built_twice_has_each_export_once() -> None:
    settings = ServiceSettings.for_service("rights", token_public_key=KEY, token_public_key_file=None)
    build_app(definition("rights"), settings)
    paths = [r.path for r in api_routes(build_app(definition("rights"), settings))]
    assert paths.count("/petitions/export") == 1
