"""States of award calls and nominations.

A call is `open` until it is closed (`close`). A nomination goes `dossier` → `submitted` → `reviewed`
(or `not_recommended`) → `recommended` → `awarded` or `not_awarded`; any other command is 409 with
the current state and the allowed commands.
"""

from __future__ import annotations

from qiaolian_chassis.statemachine import Rule, Transitions

CALL_STATES = ("open", "closed")
CALL = Transitions("award call", {"close": Rule(frozenset({"open"}), "closed")})

STATES = ("dossier", "submitted", "reviewed", "not_recommended", "recommended", "awarded", "not_awarded")
NOMINATION = Transitions(
    "award nomination",
    {
        "update_dossier": {"dossier"},
        "submit": Rule(frozenset({"dossier"}), "submitted"),
        "review": {"submitted"},  # to reviewed or not_recommended
        "recommend": Rule(frozenset({"reviewed"}), "recommended"),
        "record_result": {"recommended"},  # to awarded or not_awarded
    },
)
