"""Assistance applicants, consultation askers and dispute parties (ACCESS.md): rights.* and the
leader see them, anyone else is refused the route; every read of them is audited."""

from __future__ import annotations

import pytest

from .conftest import Client

CASES = [
    (
        "/assistance/applications",
        {"applicant_name": "陳伯", "applicant_status": "returnee", "hardship": "因病致貧", "requested_yuan": 2000},
        {"applicant_name": "陳伯", "hardship": "因病致貧", "requested_yuan": 2000},
        ["applicant_name", "hardship", "requested_yuan"],
    ),
    (
        "/consultations",
        {"channel": "phone", "kind": "legal", "topic": "inheritance", "question": "繼承問題", "asker_name": "林女士"},
        {"asker_name": "林女士", "question": "繼承問題"},
        ["asker_name", "question"],
    ),
    (
        "/disputes",
        {"category": "property", "parties": ["甲", "乙"], "facts": "宅基地糾紛"},
        {"parties": ["甲", "乙"], "facts": "宅基地糾紛"},
        ["facts", "parties"],
    ),
]


@pytest.mark.parametrize(("path", "body", "shown", "fields"), CASES)
async def test_personal_fields_for_rights_and_the_leader_audited(
    as_: Client, path: str, body: dict, shown: dict, fields: list[str]
) -> None:
    made = await as_({"rights.clerk"}, cadre_id="c1").post(path, json=body)
    assert made.status_code == 201, made.text
    rid = made.json()["id"]
    leader = as_({"leader"}, account_id="leader-1")
    one = (await leader.get(f"{path}/{rid}")).json()
    assert {k: one[k] for k in shown} == shown
    listed = (await leader.get(path)).json()["items"]
    assert {k: listed[0][k] for k in shown} == shown
    for roles in ({"office.clerk"}, {"personnel.head"}, {"discipline"}, {"auditor"}):
        assert (await as_(roles).get(f"{path}/{rid}")).status_code == 403
        assert (await as_(roles).get(path)).status_code == 403
    rows = (await as_({"auditor"}).get("/audit", params={"account_id": "leader-1"})).json()["items"]
    assert [(r["record_id"], sorted(r["fields"])) for r in rows] == [(rid, sorted(fields))] * 2
