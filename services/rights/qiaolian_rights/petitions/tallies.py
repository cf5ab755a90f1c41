"""Petition counts kept by the commands (issue 15): the statistics read a small summary instead of
scanning ten years of petitions six times.

`petition_tallies` holds, per month of receipt and region, how many petitions there are (`total`),
how many were linked as repeats (`linked`), and the non-linked ones by class, category and channel;
and the same per month over all regions (region `*`), so the unfiltered statistics read some 2 000
rows (ten years), not one per region and month (some 20 000, close to the petitions themselves).
Every flush that adds, changes or removes a petition adds its change to the rows in the same
transaction (one upsert per flush, `n = n + delta`), whichever command made it: filing, a state
change (linking a repeat takes it out of `total`), a correction. So the summary is exact; the
statistics read it with a small GROUP BY when their filters are ones it holds (region and whole
months), and count the petitions themselves otherwise (`queries.stats`)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from qiaolian_chassis.db import increment

from ..database import metadata
from .rules import PetitionState
from .tables import Petition

TALLIES = sa.Table(
    "petition_tallies",
    metadata,
    sa.Column("dimension", sa.String(20), primary_key=True),  # total, linked, class, category, channel
    sa.Column("month", sa.String(7), primary_key=True),  # YYYY-MM of received_on
    sa.Column("region", sa.String(64), primary_key=True),  # "" for none, ALL over every region
    sa.Column("value", sa.String(64), primary_key=True),  # "" for total and linked
    sa.Column("n", sa.Integer, nullable=False),
    sa.Index("ix_petition_tallies_region", "region", "dimension", "month"),
)
KEY = ["dimension", "month", "region", "value"]
COUNTED = ("received_on", "region", "state", "petition_class", "category", "channel")
LINKED = PetitionState.linked.value
ALL = "*"  # the rows over every region (no region code is "*")


def _v(x: Any) -> Any:
    return getattr(x, "value", x)


def contributions(values: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """The tally rows one petition counts in, from its counted columns."""
    month = f"{values['received_on']:%Y-%m}"
    region = values["region"] or ""
    out = []
    for r in (region, ALL):
        if _v(values["state"]) == LINKED:
            out.append(("linked", month, r, ""))
            continue
        out += [
            ("total", month, r, ""),
            ("class", month, r, str(_v(values["petition_class"]))),
            ("category", month, r, values["category"] or "unknown"),
            ("channel", month, r, str(_v(values["channel"]))),
        ]
    return out


def _before_after(p: Petition, new: bool, deleted: bool) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    now = {c: getattr(p, c) for c in COUNTED}
    if new:
        return None, now
    state = inspect(p)
    old = {}
    for c in COUNTED:
        h = state.attrs[c].history
        old[c] = h.deleted[0] if h.deleted else now[c]
    return old, None if deleted else now


def deltas(session: Session) -> Counter[tuple[str, str, str, str]]:
    out: Counter[tuple[str, str, str, str]] = Counter()
    for objs, new, deleted in (
        (session.new, True, False),
        (session.dirty, False, False),
        (session.deleted, False, True),
    ):
        for p in objs:
            if not isinstance(p, Petition):
                continue
            old, now = _before_after(p, new, deleted)
            if old is not None:
                out.subtract(contributions(old))
            if now is not None:
                out.update(contributions(now))
    return out


@event.listens_for(Session, "after_flush")
def _count(session: Session, _ctx: Any) -> None:
    if not any(isinstance(o, Petition) for objs in (session.new, session.dirty, session.deleted) for o in objs):
        return
    rows = [dict(zip(KEY, k, strict=True), n=n) for k, n in deltas(session).items() if n]
    if rows:
        conn = session.connection()
        conn.execute(increment(conn.dialect.name, TALLIES, KEY, "n"), rows)


def whole_months(low: date | None, high: date | None) -> tuple[str | None, str | None] | None:
    """The months a receipt range covers, when it covers whole months (or is open); else None."""
    if low is not None and low.day != 1:
        return None
    if high is not None:
        nxt = date(high.year + high.month // 12, high.month % 12 + 1, 1)
        if (nxt - high).days != 1:
            return None
    return (None if low is None else f"{low:%Y-%m}", None if high is None else f"{high:%Y-%m}")


async def read(session: Any, region: str | None, months: tuple[str | None, str | None]) -> dict[str, Any]:
    """What the statistics show of the petitions, from the tallies: total, linked, and the
    breakdowns by class, category, channel, region and month (keys with no petition left out)."""
    t = TALLIES.c
    where: list[Any] = [t.region == (ALL if region is None else region)]
    if months[0] is not None:
        where.append(t.month >= months[0])
    if months[1] is not None:
        where.append(t.month <= months[1])
    n = sa.func.sum(t.n)
    dims = (
        await session.execute(sa.select(t.dimension, t.value, n).where(*where).group_by(t.dimension, t.value))
    ).all()
    total_ = [*where, t.dimension == "total"]
    by_region = [
        t.dimension == "total",
        t.region != ALL if region is None else t.region == region,
        *where[1:],
    ]
    regions = (await session.execute(sa.select(t.region, n).where(*by_region).group_by(t.region))).all()
    months_ = (await session.execute(sa.select(t.month, n).where(*total_).group_by(t.month))).all()
    by: dict[str, dict[str, int]] = {"total": {}, "linked": {}, "class": {}, "category": {}, "channel": {}}
    for d, v, k in dims:
        if k:
            by[d][v] = int(k)
    return {
        "total": by["total"].get("", 0),
        "repeats_linked": by["linked"].get("", 0),
        "by_class": dict(sorted(by["class"].items())),
        "by_category": dict(sorted(by["category"].items())),
        "by_channel": dict(sorted(by["channel"].items())),
        "by_region": dict(sorted((r or "unknown", int(k)) for r, k in regions if k)),
        "by_month": {m: int(k) for m, k in sorted(months_) if k},
    }
