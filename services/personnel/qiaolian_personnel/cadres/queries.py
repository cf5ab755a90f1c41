"""Reads of cadres and their records: the listings' filtered, ordered statements."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.auth import Principal
from qiaolian_chassis.db import filters
from qiaolian_contracts.events.common import Office

from ..establishment.rules import PostLevel
from .rules import AppointmentKind, CadreState
from .tables import CADRE_NAMES, Appointment, Cadre


def cadres(
    *,
    office: Office | None = None,
    state: CadreState | None = None,
    post_level: PostLevel | None = None,
    q: str | None = None,
) -> sa.Select[Any]:
    """Cadres by name (`q`: a part of the name)."""
    where = filters((Cadre.office, office), (Cadre.state, state), (Cadre.post_level, post_level))
    if q:
        where.append(CADRE_NAMES.matches(Cadre, q))
    return sa.select(Cadre).where(*where).order_by(Cadre.name, Cadre.id)


def appointments(cadre_id: str, *, kind: AppointmentKind | None = None) -> sa.Select[Any]:
    """A cadre's record, oldest line first."""
    return (
        sa.select(Appointment)
        .where(Appointment.cadre_id == cadre_id, *filters((Appointment.kind, kind)))
        .order_by(Appointment.effective_on, Appointment.id)
    )


# ---- who sees a cadre's personal fields (ACCESS.md) ---------------------------------------------
# birth date, gender, pay changes, assessments, social insurance, retiree benefits: personnel's staff
# (personnel.clerk, personnel.head: the holders of personnel.write) and the cadre themself; leaders
# and everyone else get them left out, and lists of such records show them only their own.


def sees_personal(who: Principal, cadre_id: str | None) -> bool:
    return who.holds("personnel.write") or (who.cadre_id is not None and who.cadre_id == cadre_id)


def own_only(who: Principal, column: Any) -> list[Any]:
    """The condition that keeps a listing of personal records to what `who` may see: all of them for
    personnel's staff, only their own for a cadre, none for an account without a cadre."""
    if who.holds("personnel.write"):
        return []
    return [column == who.cadre_id] if who.cadre_id else [sa.false()]


def cadre_fields(who: Principal, cadre: Cadre) -> dict[str, Any]:
    """The personal fields of `cadre` that `who` is shown (the others left out: None)."""
    if not sees_personal(who, cadre.id):
        return {"gender": None, "birth_date": None}
    return {"gender": cadre.gender, "birth_date": cadre.birth_date}


def shown(rows: list[dict[str, Any]]) -> list[str]:
    """The names of the personal fields these shaped rows actually carry: what their read audits."""
    return sorted({k for r in rows for k, v in r.items() if v is not None})
