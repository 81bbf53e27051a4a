"""Limits and time windows of the agency API, in one place with the reason for each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from gateway.settings import Settings

API_VERSION = "1.0.0"
"""Semantic version of the agency API, sent in every `API-Version` header."""

WRITE_SCOPE = "loonstroken:schrijven"
"""The scope that lets an agency push pay records."""

NOTIFICATIONS_SCOPE = "meldingen:lezen"
"""The scope that lets an agency read its notifications, which name its workers by BSN."""

SCOPES = (WRITE_SCOPE, NOTIFICATIONS_SCOPE)
"""Every scope an agency may get, in the order they are written; a request without `scope` gets all."""

BOOKKEEPING_SCOPE = "bedrijfsdocumenten:schrijven"
"""The scope that lets a bookkeeper push invoices and costs, the only one a bookkeeper gets."""

BOOKKEEPER_SCOPES = (BOOKKEEPING_SCOPE,)
"""Every scope a bookkeeper may get: never pay records or an agency's notifications."""

ALL_SCOPES = SCOPES + BOOKKEEPER_SCOPES
"""Every scope the token endpoint knows; which of them a client gets depends on its kind."""


@dataclass(frozen=True)
class IngestConfig:
    """Tunable limits of the agency API; the defaults are what production runs with."""

    issuer: str
    """The gateway's public base URL: token issuer, and the `aud` client assertions may name."""
    max_body_bytes: int = 16 * 1024 * 1024
    """A 10,000-record batch, signed and encrypted, is about 7 MB; twice that leaves room for long ids."""
    max_records: int = 10_000
    """More records per message make one transaction too long; the client splits larger files."""
    message_window: dt.timedelta = dt.timedelta(minutes=15)
    """A message older than this is stale: a replay after the replay memory could have been bypassed."""
    clock_skew: dt.timedelta = dt.timedelta(seconds=60)
    """How far an agency's clock may run ahead of ours (createdAt, iat)."""
    assertion_max_lifetime: dt.timedelta = dt.timedelta(minutes=5)
    """A client assertion may be valid at most this long ahead (its `exp`)."""
    token_lifetime: dt.timedelta = dt.timedelta(minutes=10)
    """Access tokens are short-lived and never refreshed; the client simply asks again."""
    dpop_max_age: dt.timedelta = dt.timedelta(seconds=60)
    """How old a DPoP proof may be: the client signs one just before each request (plus `clock_skew`)."""
    idempotency_lease: dt.timedelta = dt.timedelta(seconds=120)
    """How long a running request holds its Idempotency-Key; after a crash a retry may take over then."""
    push_rate: float = 5.0
    """Pushes per second per agency on average (each up to 10,000 records)."""
    push_burst: int = 20
    token_rate: float = 2.0
    """Token requests per second per client address; a client needs one per ten minutes."""
    token_burst: int = 10

    @property
    def token_url(self) -> str:
        """The public URL of the token endpoint."""
        return f"{self.issuer}/v1/oauth/token"

    @property
    def api_audience(self) -> str:
        """The `aud` of access tokens: the agency API itself."""
        return f"{self.issuer}/v1"

    @classmethod
    def from_settings(cls, settings: Settings) -> IngestConfig:
        """The configuration for these settings (issuer from LOONBRUG_GATEWAY_URL), limits from
        `LOONBRUG_INGEST_*` variables where set."""
        overrides = IngestLimits().model_dump(exclude_none=True)
        return cls(issuer=settings.gateway_url.rstrip("/"), **overrides)


class IngestLimits(BaseSettings):
    """Operator overrides of the limits (`LOONBRUG_INGEST_PUSH_RATE=20`, ...); unset keeps the default."""

    model_config = SettingsConfigDict(env_prefix="LOONBRUG_INGEST_", extra="ignore")

    max_body_bytes: int | None = Field(default=None, gt=0)
    max_records: int | None = Field(default=None, gt=0)
    push_rate: float | None = Field(default=None, gt=0)
    push_burst: int | None = Field(default=None, gt=0)
    token_rate: float | None = Field(default=None, gt=0)
    token_burst: int | None = Field(default=None, gt=0)
