"""The console's settings (prefix `CONSOLE_`); the README's "Signing in" lists them.

The database, host and NATS settings are the chassis's (`CONSOLE_DATABASE_URL`, `QIAOLIAN_*`); these
are the console's own: its key, its cookies, sessions, lockout, password hashing and the services it
forwards to.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from qiaolian_chassis.keys import read_key
from qiaolian_contracts.catalog import SERVICES

DEV = "dev"
DEFAULT_PORT = 8000
SERVICE_PORTS = {"office": 8001, "liaison": 8002, "rights": 8003, "personnel": 8004}


class ConsoleSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CONSOLE_", extra="ignore", populate_by_name=True)

    environment: str = Field(
        "production",
        validation_alias=AliasChoices("environment", "QIAOLIAN_ENV"),
        description="QIAOLIAN_ENV: `dev` allows running without a signing key, and demo accounts",
    )
    port: int = Field(DEFAULT_PORT, ge=0, le=65535)
    signing_key_file: Path | None = Field(None, description="the Ed25519 private key (PEM) that signs the tokens")
    signing_key: SecretStr | None = Field(None, description="the same key as PEM text, when there is no file")
    secure_cookies: bool = Field(False, description="mark the cookies Secure (on for HTTPS, off for http://127.0.0.1)")
    forwarded_allow_ips: str = Field("127.0.0.1", description="proxies trusted for X-Forwarded-For (the client IP)")

    session_idle_minutes: float = Field(30, gt=0, description="a session unused this long ends")
    session_lifetime_hours: float = Field(12, gt=0, description="a session ends this long after sign-in, used or not")

    lockout_failures: int = Field(5, ge=1, description="failed sign-ins within the window that lock the account")
    lockout_window_minutes: float = Field(15, gt=0)
    lockout_minutes: float = Field(15, gt=0, description="how long a locked account stays locked")
    password_min_length: int = Field(12, ge=12)

    # Argon2id costs: OWASP's minimum (19 MiB, 2 passes, 1 lane) by default. Hashes made with other
    # costs still verify, and are re-hashed with these at the account's next sign-in.
    argon2_time_cost: int = Field(2, ge=1)
    argon2_memory_kib: int = Field(19456, ge=8)
    argon2_parallelism: int = Field(1, ge=1)

    office_url: str = f"http://127.0.0.1:{SERVICE_PORTS['office']}"
    liaison_url: str = f"http://127.0.0.1:{SERVICE_PORTS['liaison']}"
    rights_url: str = f"http://127.0.0.1:{SERVICE_PORTS['rights']}"
    personnel_url: str = f"http://127.0.0.1:{SERVICE_PORTS['personnel']}"
    console_url: str | None = Field(
        None,
        description="the console itself, for its audit log and dead letters "
        "through the proxy; default http://127.0.0.1:<port>",
    )
    proxy_timeout_s: float = Field(60.0, gt=0, description="how long the proxy waits for a service")
    proxy_max_body_mib: float = Field(25.0, gt=0, description="the largest request body the proxy forwards")

    demo: bool = Field(False, description="load the demo accounts into an empty database (dev only)")
    web_dir: Path = Field(
        Path(__file__).parent / "static",
        description="the built web app (console/web, `make install` builds it here), served at /",
    )

    @property
    def is_dev(self) -> bool:
        return self.environment == DEV

    @property
    def upstreams(self) -> dict[str, str]:
        """The base URL of each service the proxy forwards to, the console's own operator routes included."""
        urls = {s: str(getattr(self, f"{s}_url")).rstrip("/") for s in SERVICES}
        urls["console"] = (self.console_url or f"http://127.0.0.1:{self.port}").rstrip("/")
        return urls

    @property
    def session_idle(self) -> timedelta:
        return timedelta(minutes=self.session_idle_minutes)

    @property
    def session_lifetime(self) -> timedelta:
        return timedelta(hours=self.session_lifetime_hours)

    def signing_key_pem(self) -> bytes | None:
        return read_key(self.signing_key_file, self.signing_key.get_secret_value() if self.signing_key else None)
