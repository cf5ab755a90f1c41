"""rights' settings: the statutory periods of petitions, every number from the environment (`RIGHTS_*`)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class PetitionPeriods(BaseSettings):
    """Statutory periods in days (信訪工作條例, 2022); every number comes from configuration (prefix `RIGHTS_`)."""

    model_config = SettingsConfigDict(env_prefix="RIGHTS_", extra="ignore")

    first_decision_days: int = Field(15, ge=1, description="written notice of the first decision (Art. 22)")
    handling_days: int = Field(60, ge=1, description="handling from acceptance (Art. 32)")
    max_extension_days: int = Field(30, ge=1, description="one extension of handling, at most (Art. 32)")
    transfer_acknowledge_days: int = Field(15, ge=1, description="acknowledge a matter transferred in")
    transfer_objection_working_days: int = Field(5, ge=1, description="object to a matter transferred in")
    review_request_days: int = Field(30, ge=1, description="request a review after the opinion's delivery (Art. 35)")
    review_days: int = Field(30, ge=1, description="decide a review (Art. 35)")
    rereview_request_days: int = Field(30, ge=1, description="request a re-review after the review (Art. 36)")
    rereview_days: int = Field(30, ge=1, description="decide a re-review, hearing time not counted (Art. 36)")
    max_representatives: int = Field(5, ge=1, description="representatives of a group visit (Art. 18)")
    warn_days: int = Field(3, ge=0, description="publish deadline_approaching this many days before")


@lru_cache(maxsize=1)
def periods() -> PetitionPeriods:
    """The periods the commands apply, read from the environment once."""
    return PetitionPeriods()
