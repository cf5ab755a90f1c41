"""Every setting comes from the environment; the README lists them all."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from .keys import read_key

DEFAULT_PORTS = {"office": 8001, "liaison": 8002, "rights": 8003, "personnel": 8004}


class BusSettings(BaseSettings):
    """Settings shared by all services and the operator CLI (prefix `QIAOLIAN_`)."""

    model_config = SettingsConfigDict(env_prefix="QIAOLIAN_", extra="ignore")

    nats_url: str = "nats://127.0.0.1:14222"
    var_dir: Path = Path("var")
    log_level: str = "INFO"
    stream_replicas: int = Field(1, ge=1, le=5)
    duplicate_window_s: float = Field(600.0, gt=0, description="JetStream deduplication window")
    # consumer tuning; None keeps the catalog's value for every consumer
    consumer_max_deliver: int | None = Field(None, ge=2)
    consumer_backoff_s: list[float] | None = None
    consumer_ack_wait_s: float | None = Field(None, gt=0)


class ServiceSettings(BusSettings):
    """One service's settings. `<SERVICE>_DATABASE_URL` and `<SERVICE>_PORT` are read per service."""

    service: str
    database_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 0
    relay_batch: int = Field(500, ge=1, le=10_000)
    relay_poll_s: float = Field(1.0, gt=0)
    migrate_on_start: bool = True
    scheduler_interval_s: float = Field(60.0, gt=0, description="how often deadlines are checked")
    id_hash_key: str = Field("dev-only-change-me", description="key for hashing personal identifiers")
    env: Literal["dev", "production"] = Field(
        "production",
        description="QIAOLIAN_ENV: `dev` (what `make run` sets) allows the built-in development "
        "defaults; anything else refuses to start without real keys",
    )
    token_public_key_file: Path | None = Field(
        None, description="the console's Ed25519 public key (PEM) that every request's token is verified with"
    )
    token_public_key: str | None = Field(None, description="the same key as PEM text, when no file is given")

    def token_key(self) -> bytes:
        """The public key tokens are verified with; a service does not start without one."""
        key = read_key(self.token_public_key_file, self.token_public_key)
        if key is None:
            raise RuntimeError("no token key: set QIAOLIAN_TOKEN_PUBLIC_KEY_FILE to the console's public key")
        return key

    @classmethod
    def for_service(cls, service: str, **overrides: object) -> ServiceSettings:
        import os

        prefix = service.upper()
        values: dict[str, object] = {"service": service}
        if url := os.environ.get(f"{prefix}_DATABASE_URL"):
            values["database_url"] = url
        values["port"] = int(os.environ.get(f"{prefix}_PORT", DEFAULT_PORTS.get(service, 0)))
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]

    @property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.var_dir / f'{self.service}.db').resolve()}"
