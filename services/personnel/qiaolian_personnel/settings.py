"""personnel's configurable numbers and lists (prefix `PERSONNEL_`); the README lists them."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from .identity_reviews.rules import DEFAULT_CHECKLIST


class PersonnelSettings(BaseSettings):
    """Periods and checklists; every number comes from configuration (prefix `PERSONNEL_`)."""

    model_config = SettingsConfigDict(env_prefix="PERSONNEL_", extra="ignore")

    election_notice_days: int = Field(
        90, ge=1, description="publish federation.election_due this many days before a term ends"
    )
    congress_notice_days: int = Field(
        60, ge=1, description="publish congress.convening_due this many days before a congress is held"
    )
    party_election_notice_days: int = Field(
        90, ge=1, description="publish party_branch.election_due this many days before a branch committee's term ends"
    )
    retiree_visit_notice_days: int = Field(
        7, ge=1, description="publish retiree.visit_due this many days before a planned visit to a retired cadre"
    )
    commendation_notice_days: int = Field(7, ge=1, description="public notice period (公示) of a commendation")
    identity_checklist: dict[str, list[str]] = Field(
        default_factory=lambda: {k: list(v) for k, v in DEFAULT_CHECKLIST.items()},
        description="document codes required per identity type (JSON)",
    )

    def checklist(self, identity_type: str) -> list[str]:
        """The document codes an identity type requires."""
        return self.identity_checklist.get(identity_type, [])
