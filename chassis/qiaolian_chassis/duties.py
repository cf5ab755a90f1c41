"""Separation of duties in an approval chain (../../shared/ACCESS.md, "Decisions and separation of duties").

Pure: the one rule every service's chains share. Whoever decides is the signed-in person (`signer`,
their cadre id when the token has one, else the account id: `qiaolian_chassis.auth.signer_of`); nobody
decides on a record that is their own (they applied, they are the nominee, they nominated it), and one
person decides at most one step of one record's chain. Both are 409 with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .errors import Conflict


def check_signer(
    signer: str,
    signer_cadre: str | None,
    *,
    what: str,
    own: Mapping[str, Iterable[str | None]] | None = None,
    decided: Mapping[str, str] | None = None,
    step: str | None = None,
) -> None:
    """409 unless `signer` may decide `step` of `what` ("this trip").

    `own` maps a reason ("their own trip") to the people (cadre or account ids) for whom the record is
    their own; `decided` maps each person who already decided a step of the chain to that step. The same
    person deciding the same `step` again (e.g. reviewing a second nomination) is not a second step.
    """
    for reason, people in (own or {}).items():
        mine = {p for p in people if p is not None}
        if signer in mine or (signer_cadre is not None and signer_cadre in mine):
            raise Conflict(f"nobody decides {reason}", reason="own_record")
    earlier = (decided or {}).get(signer)
    if earlier is not None and earlier != step:
        raise Conflict(
            f"{signer} has already decided a step of {what}: one person decides at most one step",
            reason="one_step_per_person",
            decided_step=earlier,
        )
