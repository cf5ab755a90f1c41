"""Every setting comes from the environment; the README lists them all."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from qiaolian_contracts.nats_users import DEFAULT_INTEGRATOR_DURABLES, check_integrator_durables

from .keys import read_key

DEFAULT_PORTS = {"office": 8001, "liaison": 8002, "rights": 8003, "personnel": 8004}


@dataclass(frozen=True)
class NatsCredentials:
    """A NATS user and its password (the password is not in the repr, so never in a log line)."""

    user: str
    password: str = field(repr=False)

    @classmethod
    def from_file(cls, path: Path) -> NatsCredentials:
        """A credentials file as `make run` writes them: JSON `{"url": ..., "user": ..., "password": ...}`."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(user=str(data["user"]), password=str(data["password"]))


class BusSettings(BaseSettings):
    """Settings shared by all services and the operator CLI (prefix `QIAOLIAN_`)."""

    model_config = SettingsConfigDict(env_prefix="QIAOLIAN_", extra="ignore")

    nats_url: str = "nats://127.0.0.1:14222"
    # who connects (contracts/nats_users.py): a service connects as its own user, the operator CLI
    # as `provisioner`. The password comes from nats_password, else from nats_credentials_file
    # (JSON {url, user, password}, as `make run` writes them), else from <var_dir>/nats/<user>.json.
    nats_user: str | None = None
    nats_password: SecretStr | None = None
    nats_credentials_file: Path | None = None
    var_dir: Path = Path("var")
    # written by the launcher of `make run` (supervision.py): the processes it restarts over and over
    supervisor_status_file: Path | None = None
    log_level: str = "INFO"
    # QIAOLIAN_DURABILITY: "durable" (SQLite synchronous=FULL, `make run`'s nats-server syncs every
    # write) or "fast" (synchronous=NORMAL, nats-server's 2-minute flush): README, "Durability"
    durability: Literal["durable", "fast"] = "durable"
    stream_replicas: int = Field(1, ge=1, le=5)
    duplicate_window_s: float = Field(600.0, gt=0, description="JetStream deduplication window")
    # consumer tuning; None keeps the catalog's value for every consumer
    consumer_max_deliver: int | None = Field(None, ge=2)
    consumer_backoff_s: list[float] | None = None
    consumer_ack_wait_s: float | None = Field(None, gt=0)
    # the durables the integrator user may create (each on every event stream), all `integrator-...`
    nats_integrator_durables: list[str] = Field(default_factory=lambda: list(DEFAULT_INTEGRATOR_DURABLES))

    @field_validator("nats_integrator_durables")
    @classmethod
    def _integrator_durables(cls, v: list[str]) -> list[str]:
        return list(check_integrator_durables(v))

    def nats_credentials(self, default_user: str) -> NatsCredentials | None:
        """Who this process connects as; None (anonymous, which the servers here refuse) when no
        password is to be found."""
        user = self.nats_user or default_user
        if self.nats_password is not None:
            return NatsCredentials(user, self.nats_password.get_secret_value())
        if self.nats_credentials_file is not None:
            creds = NatsCredentials.from_file(self.nats_credentials_file)
            if self.nats_user and creds.user != self.nats_user:
                raise ValueError(f"{self.nats_credentials_file} holds user {creds.user!r}, not {self.nats_user!r}")
            return creds
        local = self.var_dir / "nats" / f"{user}.json"
        if local.is_file():
            return NatsCredentials.from_file(local)
        return None


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
