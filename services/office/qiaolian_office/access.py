"""What office's concepts share about the signed-in person (../../shared/ACCESS.md)."""

from __future__ import annotations

from qiaolian_chassis.auth import Principal


def signer_of(who: Principal) -> str:
    """Who a decision is recorded as: the person's cadre id when the token has one, else the account."""
    return who.cadre_id or who.account_id
