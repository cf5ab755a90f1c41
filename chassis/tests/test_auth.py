"""Tokens signed by the console and verified by a service; a route's permission; the audit log of a
command, append-only."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import jwt
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from qiaolian_chassis.audit import create_audit_table
from qiaolian_chassis.auth import Principal, TokenSigner, TokenVerifier, new_signing_key, permit, public_key_of
from qiaolian_chassis.db import Database
from qiaolian_chassis.errors import Unauthorized
from qiaolian_chassis.http import install_error_handlers
from qiaolian_chassis.tables import ChassisTables, new_metadata
from qiaolian_chassis.uow import UnitOfWorkFactory
from qiaolian_contracts.events.rights import Channel, ConsultationAnswered, ConsultationKind

KEY = new_signing_key()
CLERK = Principal(account_id="a-1", cadre_id="c-1", office="rights", roles=frozenset({"rights.clerk"}))


def test_a_token_verifies_for_its_service_only_and_not_after_it_expires() -> None:
    signer = TokenSigner(KEY)
    token = signer.sign(CLERK, "rights")
    assert TokenVerifier(public_key_of(KEY), "rights").verify(token) == CLERK
    with pytest.raises(Unauthorized, match="InvalidAudience"):
        TokenVerifier(public_key_of(KEY), "personnel").verify(token)
    old = signer.sign(CLERK, "rights", now=time.time() - 400)
    with pytest.raises(Unauthorized, match="ExpiredSignature"):
        TokenVerifier(public_key_of(KEY), "rights").verify(old)
    forged = TokenSigner(new_signing_key()).sign(CLERK, "rights")  # another key
    with pytest.raises(Unauthorized, match="InvalidSignature"):
        TokenVerifier(public_key_of(KEY), "rights").verify(forged)


def test_the_console_reuses_a_token_until_half_its_life_and_a_service_keeps_it_only_until_it_expires(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    signer, verifier = TokenSigner(KEY), TokenVerifier(public_key_of(KEY), "rights")
    first = signer.token_for(CLERK, "rights")
    assert signer.token_for(CLERK, "rights") == first
    assert signer.token_for(CLERK, "office") != first  # another audience
    moved = Principal(account_id="a-1", cadre_id="c-1", office="office", roles=CLERK.roles)
    assert verifier.verify(signer.token_for(moved, "rights")) == moved  # a transfer is a new token at once
    assert verifier.verify(first) == CLERK
    assert verifier.verify(first) == verifier.verify(first) == CLERK
    started = time.time()
    monkeypatch.setattr(time, "time", lambda: started + 151)  # past half of five minutes: signed anew
    second = signer.token_for(CLERK, "rights")
    assert second != first and jwt.decode(second, options={"verify_signature": False})["iat"] == int(started + 151)
    monkeypatch.undo()
    ending = signer.sign(CLERK, "rights", now=time.time() - 304)  # expires within the leeway's last second
    assert verifier.verify(ending) == CLERK
    time.sleep(1.2)
    with pytest.raises(Unauthorized, match="ExpiredSignature"):
        verifier.verify(ending)  # remembered as verified, yet refused once expired


def test_a_token_longer_than_five_minutes_or_signed_another_way_is_refused() -> None:
    now = int(time.time())
    claims = {"iss": "qiaolian-console", "sub": "a", "aud": "rights", "iat": now, "exp": now + 3600, "roles": []}
    from cryptography.hazmat.primitives import serialization

    long_lived = jwt.encode(claims, serialization.load_pem_private_key(KEY, None), algorithm="EdDSA")
    with pytest.raises(Unauthorized, match="five minutes"):
        TokenVerifier(public_key_of(KEY), "rights").verify(long_lived)
    hs = jwt.encode({**claims, "exp": now + 60}, "a shared secret of at least thirty-two bytes", algorithm="HS256")
    with pytest.raises(Unauthorized):
        TokenVerifier(public_key_of(KEY), "rights").verify(hs)


async def test_a_route_answers_401_without_a_token_403_without_the_permission_and_audits_the_command(
    tmp_path: Path,
) -> None:
    metadata = new_metadata()
    tables = ChassisTables.on(metadata)
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/t.db", metadata, tmp_path)
    async with db.engine.begin() as conn:
        await conn.run_sync(lambda c: [t.create(c) for t in (tables.outbox, tables.inbox, tables.dead_letters)])

        def migrate(c: sa.Connection) -> None:
            from alembic.migration import MigrationContext
            from alembic.operations import Operations

            create_audit_table(Operations(MigrationContext.configure(c)))

        await conn.run_sync(migrate)
    uow = UnitOfWorkFactory(
        db, "rights", tables, on_commit=lambda: None, clock=lambda: datetime(2026, 3, 1, tzinfo=UTC)
    )
    app = FastAPI()
    install_error_handlers(app)
    app.state.verifier = TokenVerifier(public_key_of(KEY), "rights")

    @app.post("/consultations/{cid}/answer")
    async def answer(cid: str, who: Principal = permit("rights.write")) -> dict[str, str]:
        async with uow() as u:
            u.emit(
                cid,
                ConsultationAnswered(
                    consultation_id=cid,
                    kind=ConsultationKind.legal,
                    topic="property",
                    channel=Channel.letter,
                    received_on=date(2026, 3, 1),
                    answered_on=date(2026, 3, 1),
                ),
            )
        return {"by": who.account_id}

    signer = TokenSigner(KEY)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://rights") as client:
        assert (await client.post("/consultations/c9/answer")).status_code == 401
        leader = Principal("a-2", "c-2", None, frozenset({"leader"}))
        r = await client.post(
            "/consultations/c9/answer", headers={"authorization": f"Bearer {signer.sign(leader, 'rights')}"}
        )
        assert r.status_code == 403 and r.json()["permission"] == "rights.write"
        r = await client.post(
            "/consultations/c9/answer",
            headers={"authorization": f"Bearer {signer.sign(CLERK, 'rights')}", "x-request-id": "req-7"},
        )
        assert r.status_code == 200 and r.json() == {"by": "a-1"}
    async with db.engine.connect() as conn:
        rows = (await conn.execute(sa.select(tables.audit))).all()
        envelopes = (await conn.execute(sa.select(tables.outbox.c.payload))).scalars().all()
    assert [(r.account_id, r.action, r.record_id, r.fields) for r in rows] == [
        ("a-1", "POST /consultations/{cid}/answer", "c9", None)
    ]
    assert b'"actorid":"a-1"' in envelopes[0]
    async with db.engine.connect() as conn:  # append-only
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            await conn.execute(sa.update(tables.audit).values(account_id="someone else"))
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            await conn.execute(sa.delete(tables.audit))
    await db.dispose()


def test_an_app_with_a_route_of_an_included_router_without_a_permission_is_refused() -> None:
    from fastapi import APIRouter

    from qiaolian_chassis.service import permission_matrix, require_permissions

    guarded = APIRouter(prefix="/petitions", dependencies=[permit("rights.read")])
    bare = APIRouter()

    @guarded.get("/{pid}")
    async def read(pid: str) -> dict[str, str]:
        return {}

    @bare.post("/petitions")
    async def file() -> dict[str, str]:
        return {}

    app = FastAPI()
    app.include_router(guarded)
    assert permission_matrix(app) == [("GET", "/petitions/{pid}", "rights.read")]
    require_permissions(app)
    app.include_router(bare)
    with pytest.raises(RuntimeError, match=r"\['POST'\] /petitions"):
        require_permissions(app)


def test_each_operation_of_the_openapi_document_names_its_permission() -> None:
    from fastapi import APIRouter

    from qiaolian_chassis.service import document_permissions

    router = APIRouter(prefix="/petitions", dependencies=[permit("rights.read")])

    @router.get("/{pid}")
    async def read(pid: str) -> dict[str, str]:
        return {}

    @router.post("/{pid}/accept", dependencies=[permit("rights.read")])
    async def accept(pid: str) -> dict[str, str]:
        return {}

    app = FastAPI()
    app.include_router(router)
    document_permissions(app)
    paths = app.openapi()["paths"]
    assert paths["/petitions/{pid}"]["get"]["x-permission"] == "rights.read"
    assert paths["/petitions/{pid}/accept"]["post"]["x-permission"] == "rights.read"
    assert app.openapi() is app.openapi()  # built once
