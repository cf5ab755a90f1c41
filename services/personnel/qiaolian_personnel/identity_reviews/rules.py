"""The checklist of each identity type, the review's states, and what a submission must hold.

Identity is determined by government bodies: the federation only checks that the certificates they
issued are all there (submitted -> verified, or returned with the missing ones -> resubmitted -> ...
-> verified -> filed).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.statemachine import Rule, Transitions
from qiaolian_contracts.events.personnel import FederationLevel, IdentityType

DEFAULT_CHECKLIST: dict[str, list[str]] = {
    # 歸僑: household register, passport or travel document, overseas residence proof, return-to-settle proof
    IdentityType.returnee.value: [
        "household_register",
        "passport",
        "overseas_residence_proof",
        "return_settlement_proof",
    ],
    # 僑眷: household register, proof of the relationship, the overseas relative's identity/residence proof
    IdentityType.relative.value: ["household_register", "relationship_proof", "overseas_relative_residence_proof"],
    # 其他僑眷 (long-term support relationship): as a relative, plus a notarised support certificate
    IdentityType.other_relative.value: [
        "household_register",
        "relationship_proof",
        "overseas_relative_residence_proof",
        "notarised_support_certificate",
    ],
}

# whose leaders the personnel office reviews and files
REVIEWED_LEVELS = frozenset({FederationLevel.city.value, FederationLevel.university.value})


class ReviewState(StrEnum):
    submitted = "submitted"
    returned = "returned"
    verified = "verified"
    filed = "filed"


REVIEWS = Transitions(
    "identity review",
    {
        "review": {ReviewState.submitted},  # to verified or returned, by what is missing
        "resubmit": Rule(frozenset({ReviewState.returned}), ReviewState.submitted),
        "file": Rule(frozenset({ReviewState.verified}), ReviewState.filed),
    },
)


def check_documents(identity_type: str, required: list[str], codes: Iterable[str]) -> None:
    """Each submitted document is on the type's checklist, and listed once."""
    seen: set[str] = set()
    for i, code in enumerate(codes):
        if code not in required:
            raise Invalid(f"documents.{i}.code", f"not on the checklist of {identity_type}")
        if code in seen:
            raise Invalid(f"documents.{i}.code", "listed twice")
        seen.add(code)


def check_not_accepted(provided: set[str], not_accepted: Iterable[str]) -> None:
    """The reviewer refuses only documents that were submitted."""
    for i, code in enumerate(not_accepted):
        if code not in provided:
            raise Invalid(f"not_accepted.{i}", "no such document was submitted")


def missing_documents(required: list[str], provided: set[str], rejected: set[str]) -> list[str]:
    """What the federation must still send: required and not provided, or provided but not accepted."""
    return [code for code in required if code not in provided or code in rejected]
