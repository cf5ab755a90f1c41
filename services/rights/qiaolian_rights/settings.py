"""rights' settings: the statutory periods of petitions and the ID-number hash key, all from the
environment (`RIGHTS_*`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from qiaolian_chassis.keys import read_key
from qiaolian_chassis.settings import ServiceSettings


class PetitionPeriods(BaseSettings):
    """Statutory periods in days (信訪工作條例, 2022); every number comes from configuration (prefix `RIGHTS_`)."""

    model_config = SettingsConfigDict(env_prefix="RIGHTS_", extra="ignore")

    first_decision_days: int = Field(15, ge=1, description="the first decision, from receipt (Art. 22)")
    notice_days: int = Field(15, ge=1, description="the written notice, from receipt, a deadline of its own (Art. 22)")
    handling_days: int = Field(60, ge=1, description="handling from acceptance (Art. 32)")
    max_extension_days: int = Field(30, ge=1, description="one extension of handling, at most (Art. 32)")
    transfer_acknowledge_days: int = Field(15, ge=1, description="acknowledge a matter transferred in")
    transfer_objection_working_days: int = Field(5, ge=1, description="object to a matter transferred in")
    review_request_days: int = Field(30, ge=1, description="request a review after the opinion's delivery (Art. 35)")
    review_days: int = Field(30, ge=1, description="decide a review (Art. 35)")
    rereview_request_days: int = Field(
        30, ge=1, description="request a re-review after the review opinion's delivery (Art. 36)"
    )
    rereview_days: int = Field(30, ge=1, description="decide a re-review, hearing time not counted (Art. 36)")
    max_representatives: int = Field(5, ge=1, description="representatives of a group visit (Art. 18)")
    warn_days: int = Field(3, ge=0, description="publish deadline_approaching this many days before")


class WatchPeriods(BaseSettings):
    """How early rights warns of its other watched dates (prefix `RIGHTS_`)."""

    model_config = SettingsConfigDict(env_prefix="RIGHTS_", extra="ignore")

    counsel_term_warn_days: int = Field(60, ge=0, description="publish counsel.term_expiring this many days before")
    base_warn_days: int = Field(90, ge=0, description="publish base.accreditation_expiring this many days before")


@lru_cache(maxsize=1)
def periods() -> PetitionPeriods:
    """The periods the commands apply, read from the environment once."""
    return PetitionPeriods()


DEV_ID_HASH_KEY = "dev-only-change-me"  # the chassis' built-in default: development only


class RightsKeys(BaseSettings):
    """The key that hashes ID numbers (prefix `RIGHTS_`), and how often one account may look one up."""

    model_config = SettingsConfigDict(env_prefix="RIGHTS_", extra="ignore")

    id_hash_key_file: Path | None = Field(None, description="a file holding the ID-number hash key")
    id_hash_key: str | None = Field(None, description="the same key as text, when no file is given")
    lookups_per_minute: int = Field(30, ge=1, description="POST /petitioners/lookup per account and minute")


@lru_cache(maxsize=4)
def id_hash_key(env: str, shared: str | None = None) -> str:
    """The ID-number hash key: `RIGHTS_ID_HASH_KEY_FILE`, else `RIGHTS_ID_HASH_KEY`, else the
    deployment's `QIAOLIAN_ID_HASH_KEY` (`shared`); the built-in default only when `env` is dev."""
    keys = RightsKeys()
    raw = read_key(keys.id_hash_key_file, keys.id_hash_key)
    key = raw.decode().strip() if raw is not None else (shared or DEV_ID_HASH_KEY)
    if key == DEV_ID_HASH_KEY and env != "dev":
        raise RuntimeError("no ID-number hash key: set RIGHTS_ID_HASH_KEY_FILE (the default is for QIAOLIAN_ENV=dev)")
    return key


def service_id_hash_key(settings: ServiceSettings) -> str:
    return id_hash_key(settings.env, settings.id_hash_key)


@lru_cache(maxsize=1)
def lookups_per_minute() -> int:
    return RightsKeys().lookups_per_minute
