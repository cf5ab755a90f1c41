"""The conventional peer (issue 15): petition filing written the way most FastAPI services are.

FastAPI, async SQLAlchemy ORM on aiosqlite (or asyncpg), a pydantic body, one transaction per request
that inserts the petition and an outbox row; no custom driver, no write lock of its own. The only
departure from the defaults is SQLite's WAL journal with synchronous=NORMAL (no fsync per commit;
qiaolian's services default to QIAOLIAN_DURABILITY=durable, synchronous=FULL, an fsync per commit,
since issue 16); `PEER_SYNCHRONOUS=FULL` gives it qiaolian's durability, the like-for-like run.
Benchmark only.
"""

from __future__ import annotations

import json
import os
import uuid
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from fastapi import FastAPI
from pydantic import BaseModel, Field
from sqlalchemy import event
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

URL = os.environ.get("PEER_DATABASE_URL", "sqlite+aiosqlite:///peer.db")
SYNCHRONOUS = {"FULL": "FULL"}.get(os.environ.get("PEER_SYNCHRONOUS", ""), "NORMAL")
engine = create_async_engine(URL)
if URL.startswith("sqlite"):

    @event.listens_for(engine.sync_engine, "connect")
    def _wal(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA synchronous={SYNCHRONOUS}")
        cur.close()


Session = async_sessionmaker(engine, expire_on_commit=False)


class Base(DeclarativeBase):
    pass


class Petition(Base):
    __tablename__ = "petitions"
    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    channel: Mapped[str] = mapped_column(sa.String(20))
    petitioner_name: Mapped[str] = mapped_column(sa.String(100))
    petitioner_status: Mapped[str] = mapped_column(sa.String(40))
    petition_class: Mapped[str] = mapped_column(sa.String(40), index=True)
    category: Mapped[str] = mapped_column(sa.String(64))
    summary: Mapped[str] = mapped_column(sa.Text)
    received_on: Mapped[date] = mapped_column(sa.Date)
    first_decision_due: Mapped[date] = mapped_column(sa.Date)
    state: Mapped[str] = mapped_column(sa.String(30), index=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))


class Outbox(Base):
    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    event_type: Mapped[str] = mapped_column(sa.String(200))
    payload: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    published_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), nullable=True)


class Petitioner(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    status: str


class PetitionIn(BaseModel):
    channel: str
    petitioner: Petitioner
    petition_class: str
    category: str
    summary: str = Field(min_length=1, max_length=5000)
    received_on: date


class PetitionOut(BaseModel):
    id: str
    state: str
    first_decision_due: date
    created_at: datetime


app = FastAPI(title="conventional peer")


@app.on_event("startup")
async def _create() -> None:
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)


@app.get("/health/ready")
async def ready() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/petitions", status_code=201)
async def file(body: PetitionIn) -> PetitionOut:
    now = datetime.now(UTC)
    due = body.received_on + timedelta(days=15)
    p = Petition(
        id=uuid.uuid4().hex,
        channel=body.channel,
        petitioner_name=body.petitioner.name,
        petitioner_status=body.petitioner.status,
        petition_class=body.petition_class,
        category=body.category,
        summary=body.summary,
        received_on=body.received_on,
        first_decision_due=due,
        state="filed",
        created_at=now,
    )
    event = {"id": uuid.uuid4().hex, "type": "petition.filed", "data": {"petition_id": p.id, "due": due.isoformat()}}
    async with Session() as session, session.begin():
        session.add(p)
        session.add(
            Outbox(event_id=event["id"], event_type="petition.filed", payload=json.dumps(event), created_at=now)
        )
    return PetitionOut(id=p.id, state=p.state, first_decision_due=due, created_at=now)
