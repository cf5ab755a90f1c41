"""office's configurable numbers (prefix `OFFICE_`); the README lists them."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class OfficeSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="OFFICE_", extra="ignore")

    passport_return_days: int = Field(
        7, ge=0, le=90, description="a passport is back in custody this many days after a trip's return date"
    )
    reception_meal_yuan: int = Field(
        100, ge=0, le=10_000, description="公務接待: the standard per guest and meal, in yuan"
    )
    reception_night_yuan: int = Field(
        450, ge=0, le=100_000, description="公務接待: the standard per guest and night of accommodation, in yuan"
    )
    asset_handover_days: int = Field(
        30, ge=0, le=365, description="資產: a custodian who left the staff hands their assets over within these days"
    )
