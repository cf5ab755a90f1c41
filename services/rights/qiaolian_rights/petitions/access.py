"""Who sees which petition and which of its personal fields (ACCESS.md, rights).

- The petitioner's and agent's name, phone, address and masked ID, the representatives' names, the
  summary and the decision's reason: `rights.*` and `leader` (who hold `rights.read`); anyone else
  gets the names masked to their first character and the rest left out.
- A report-and-accusation (檢舉控告) petition, the whole record: its assigned handler and
  `rights.head` only; for everyone else it does not exist (404, never in a list or a lookup), beyond
  the counts of the statistics.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from qiaolian_chassis.auth import Principal
from qiaolian_chassis.errors import NotFound
from qiaolian_chassis.privacy import mask
from qiaolian_contracts.access import Role
from qiaolian_contracts.events.rights import PetitionClass

from .schemas import Agent, PetitionerOut, PetitionOut
from .tables import Petition

RESTRICTED = PetitionClass.report_accusation.value
# the personal fields a petition's response may carry, as `audit_read` names them
PERSONAL = (
    "petitioner.name",
    "petitioner.id_number",
    "petitioner.phone",
    "petitioner.address",
    "agent.name",
    "agent.phone",
    "representatives",
    "summary",
    "decision_reason",
)


def sees_personal(who: Principal) -> bool:
    return who.holds("rights.read")


def sees(who: Principal, petition_class: str, handler_cadre_id: str | None) -> bool:
    """Whether the petition exists for this person."""
    if petition_class != RESTRICTED or Role.rights_head in who.roles:
        return True
    return who.cadre_id is not None and who.cadre_id == handler_cadre_id


def visible(who: Principal) -> list[Any]:
    """The WHERE clauses that keep the petitions this person may not see out of a query."""
    if Role.rights_head in who.roles:
        return []
    mine = Petition.handler_cadre_id == who.cadre_id if who.cadre_id is not None else sa.false()
    return [sa.or_(Petition.petition_class != RESTRICTED, mine)]


def check(who: Principal, p: Petition | None, petition_id: str) -> Petition:
    """The petition, or 404 when it does not exist or not for this person."""
    if p is None or not sees(who, p.petition_class, p.handler_cadre_id):
        raise NotFound(f"petition {petition_id} not found")
    return p


def shaped(p: Petition, who: Principal) -> PetitionOut:
    """The petition as this person may see it."""
    out = PetitionOut.of(p)
    if sees_personal(who):
        # ACCESS.md's masked ID: the first 3 and last 2 characters (rows filed before kept the last 4)
        masked = mask(p.petitioner_id_masked, head=3, tail=2)
        return out.model_copy(update={"petitioner": out.petitioner.model_copy(update={"id_number": masked})})
    return out.model_copy(
        update={
            "petitioner": PetitionerOut(name=mask(p.petitioner_name, head=1, tail=0), status=out.petitioner.status),
            "agent": Agent(name=mask(p.agent_name, head=1, tail=0)) if p.agent_name else None,
            "representatives": [mask(n, head=1, tail=0) for n in out.representatives],
            "summary": None,
            "decision_reason": None,
        }
    )


def personal_fields(out: PetitionOut) -> list[str]:
    """The personal fields this response carries (unmasked or masked: both are shown)."""
    values: dict[str, Any] = {
        "petitioner.name": out.petitioner.name,
        "petitioner.id_number": out.petitioner.id_number,
        "petitioner.phone": out.petitioner.phone,
        "petitioner.address": out.petitioner.address,
        "agent.name": out.agent.name if out.agent else None,
        "agent.phone": out.agent.phone if out.agent else None,
        "representatives": out.representatives or None,
        "summary": out.summary,
        "decision_reason": out.decision_reason,
    }
    return [f for f in PERSONAL if values[f] is not None]


def fields_of(outs: list[PetitionOut]) -> list[str]:
    return sorted({f for o in outs for f in personal_fields(o)})
