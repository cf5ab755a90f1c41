"""liaison's configurable numbers (prefix `LIAISON_`)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class LiaisonSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LIAISON_", extra="ignore")

    term_warn_days: int = Field(
        60, ge=0, le=366, description="publish member.term_expiring this many days before a term ends"
    )
    base_review_warn_days: int = Field(
        30, ge=0, le=366, description="publish base.review_due this many days before a base's review"
    )
    work_plan_warn_days: int = Field(
        14, ge=0, le=366, description="publish work_plan.item_due this many days before an item's due date"
    )
