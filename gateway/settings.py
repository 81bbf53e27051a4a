"""Runtime settings, read from `LOONBRUG_*` environment variables (pydantic-settings)."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Self

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from gateway import proxies

DEFAULT_DATA_DIR = Path("loonbrug-data")


class Environment(StrEnum):
    """Where Loonbrug runs; production refuses every development shortcut."""

    DEVELOPMENT = "development"
    PRODUCTION = "production"


class Settings(BaseSettings):
    """All settings of one Loonbrug process."""

    model_config = SettingsConfigDict(env_prefix="LOONBRUG_", env_file=None, extra="ignore")

    environment: Environment = Environment.DEVELOPMENT
    data_dir: Path = Field(default=DEFAULT_DATA_DIR, description="Folder for the embedded database and keys.")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default an SQLite file in data_dir (development only)."
    )
    key_dir: Path | None = Field(
        default=None, description="Folder holding key material; default data_dir/keys."
    )
    gateway_key_dir: Path | None = Field(
        default=None,
        description="Folder of the gateway's signing and encryption keys; default key_dir/gateway (a "
        "Kubernetes Secret holds no subfolder, so there it is a Secret mounted elsewhere).",
    )
    dev_keys: bool = Field(default=True, description="Generate missing keys on first use (development only).")
    dev_issuer: bool = Field(
        default=True, description="Built-in OpenID issuer for the demo and tests (development only)."
    )
    gateway_url: str = "http://127.0.0.1:8000"
    app_url: str = "http://127.0.0.1:8001"
    trusted_proxies: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        description="Addresses or networks (CIDR), comma-separated, of the reverse proxies whose "
        "X-Forwarded-For and X-Forwarded-Proto `loonbrug serve --proxy-headers` believes; never everyone.",
    )
    api_contact_name: str = Field(
        default="Beheer Loonbrug", description="Who answers questions about the APIs (OpenAPI info.contact)."
    )
    api_contact_email: str = Field(default="loonbrug@gemeente.example", description="Their e-mail address.")
    api_contact_url: str = Field(
        default="https://loonbrug.gemeente.example", description="Their web page for API users."
    )

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _trusted_proxies(cls, value: Any) -> tuple[str, ...]:
        # From the environment a plain comma-separated list (NoDecode: not JSON), checked by gateway.proxies.
        return proxies.parse([value] if isinstance(value, str) else value)

    @model_validator(mode="after")
    def _production_refuses_development_features(self) -> Self:
        if self.environment is Environment.PRODUCTION:
            refused = []
            if self.dev_issuer:
                refused.append("LOONBRUG_DEV_ISSUER (de ingebouwde ontwikkel-identiteitsuitgever)")
            if self.dev_keys:
                refused.append("LOONBRUG_DEV_KEYS (zelf gegenereerde sleutels)")
            if self.database_url is None or self.database_url.startswith("sqlite"):
                refused.append("LOONBRUG_DATABASE_URL moet naar PostgreSQL wijzen, niet SQLite")
            if refused:
                raise ValueError("productie weigert ontwikkelfuncties: " + "; ".join(refused))
        return self

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to an SQLite file in the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'loonbrug.sqlite3').resolve()}"

    @property
    def resolved_key_dir(self) -> Path:
        """Where key material lives."""
        return self.key_dir if self.key_dir is not None else self.data_dir / "keys"

    @property
    def resolved_gateway_key_dir(self) -> Path:
        """Where the gateway's own keys live."""
        return self.gateway_key_dir if self.gateway_key_dir is not None else self.resolved_key_dir / "gateway"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read once from the environment."""
    return Settings()
