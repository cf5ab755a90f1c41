"""Separation of duties, the one rule the chains of office and personnel share (ACCESS.md)."""

from __future__ import annotations

import pytest

from qiaolian_chassis.duties import check_signer
from qiaolian_chassis.errors import Conflict


def test_nobody_decides_their_own_record_by_cadre_or_account() -> None:
    with pytest.raises(Conflict, match="their own trip") as e:
        check_signer("c-1", "c-1", what="this trip", own={"a step of their own trip": ["c-1"]})
    assert e.value.extra == {"reason": "own_record"}
    with pytest.raises(Conflict):  # recorded by account when the token had no cadre
        check_signer("c-9", "c-9", what="x", own={"their own": [None, "c-9"]})
    check_signer("c-2", "c-2", what="this trip", own={"a step of their own trip": ["c-1", None]})


def test_one_person_decides_one_step_but_may_repeat_the_same_step() -> None:
    decided = {"c-1": "review"}
    check_signer("c-1", "c-1", what="this commendation", decided=decided, step="review")
    with pytest.raises(Conflict, match="at most one step") as e:
        check_signer("c-1", "c-1", what="this commendation", decided=decided, step="publicize")
    assert e.value.extra == {"reason": "one_step_per_person", "decided_step": "review"}
    check_signer("c-2", "c-2", what="this commendation", decided=decided, step="publicize")
