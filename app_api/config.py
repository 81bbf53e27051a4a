"""Settings of the app API: the OpenID Connect issuers it trusts and how their tokens name people.

Read from `LOONBRUG_APP_*` environment variables. `LOONBRUG_APP_ISSUERS` is a JSON list, e.g.

    [{"issuer": "https://digid-broker.example.nl", "audience": "loonbrug-app", "kind": "worker",
      "workerClaim": "bsn", "municipality": "GM0599"},
     {"issuer": "https://idp.gemeente.example.nl", "audience": "loonbrug-portaal", "kind": "staff",
      "rolesClaim": "roles", "municipalityClaim": "gemeente"}]
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.alias_generators import to_camel
from pydantic_settings import BaseSettings, SettingsConfigDict

from schemas.identifiers import CbsCode

ALLOWED_ALGORITHMS: tuple[str, ...] = ("ES256", "ES384", "PS256", "PS384", "RS256", "RS384")
"""Asymmetric signatures only. RS256 stays because OpenID Connect makes it mandatory to implement and
DigiD brokers use it; `none` and HS* are never accepted (an HMAC 'key' would be the public JWK)."""


class IssuerKind(StrEnum):
    """Whom an issuer identifies."""

    WORKER = "worker"
    """Citizens, e.g. DigiD through a broker: the token carries the BSN (or a claim derived from it)."""
    STAFF = "staff"
    """Municipal staff from the municipality's identity provider."""


class IssuerConfig(BaseModel):
    """One trusted OpenID Connect issuer."""

    model_config = ConfigDict(frozen=True, extra="forbid", alias_generator=to_camel, populate_by_name=True)

    issuer: str = Field(description="The exact `iss` value; discovery is read below it.")
    audience: str = Field(description="The `aud` value tokens must carry for this API.")
    kind: IssuerKind
    algorithms: tuple[str, ...] = ("RS256", "PS256", "ES256")
    discovery_url: str | None = Field(
        default=None, description="Default: <issuer>/.well-known/openid-configuration."
    )
    worker_claim: str = Field(default="bsn", description="Worker issuers: the claim holding the BSN.")
    roles_claim: str | None = Field(
        default="roles",
        description="Staff issuers: claim with the roles; None means the roles registered in Loonbrug.",
    )
    municipality_claim: str | None = Field(
        default="gemeente", description="Claim with the municipality's CBS code (e.g. GM0599)."
    )
    municipality: CbsCode | None = Field(
        default=None, description="Fixed municipality when the issuer serves only one."
    )

    @field_validator("issuer")
    @classmethod
    def _is_url(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError("issuer moet een http(s)-URL zijn")
        return value

    @field_validator("algorithms")
    @classmethod
    def _only_asymmetric(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        refused = [alg for alg in value if alg not in ALLOWED_ALGORITHMS]
        if refused or not value:
            raise ValueError(f"toegestane algoritmen: {', '.join(ALLOWED_ALGORITHMS)}")
        return value

    @model_validator(mode="after")
    def _staff_need_a_municipality(self) -> Self:
        if self.kind is IssuerKind.STAFF and self.municipality is None and self.municipality_claim is None:
            raise ValueError("een medewerkers-uitgever heeft municipality of municipalityClaim nodig")
        return self

    @property
    def resolved_discovery_url(self) -> str:
        """Where the discovery document lives (OpenID Connect Discovery §4)."""
        return self.discovery_url or f"{self.issuer.rstrip('/')}/.well-known/openid-configuration"


class AppApiSettings(BaseSettings):
    """Settings of the app API process (next to gateway.settings.Settings)."""

    model_config = SettingsConfigDict(env_prefix="LOONBRUG_APP_", env_file=None, extra="ignore")

    issuers: list[IssuerConfig] = Field(default_factory=list)
    dev_audience: str = Field(default="loonbrug-app", description="`aud` of development-issuer tokens.")
    clock_skew_seconds: int = Field(default=60, ge=0, le=300)
    jwks_cache_seconds: int = Field(default=600, ge=10, description="How long a fetched JWKS is trusted.")
    jwks_refetch_seconds: int = Field(
        default=30, ge=1, description="Fetch an issuer's JWKS at most this often when a `kid` is unknown."
    )
    http_timeout_seconds: float = Field(default=5.0, gt=0)
    token_cache_size: int = Field(default=10_000, ge=0, description="Verified tokens kept; 0 turns it off.")
    principal_cache_seconds: int = Field(
        default=30, ge=0, le=300, description="How long whom a token names is remembered; 0 turns it off."
    )
    max_page_size: int = Field(
        default=100, ge=1, le=100, description="At most app_api.pagination.MAX_PAGE_SIZE."
    )
    rate_per_second: float = Field(
        default=50.0, gt=0, description="Requests per second per client address on average (429 above it)."
    )
    rate_burst: int = Field(
        default=200, ge=1, description="Requests one address may make at once (an office behind one address)."
    )
    max_body_bytes: int = Field(
        default=64 * 1024, ge=1024, description="Largest request body of a route without a limit of its own."
    )
    result_cache_size: int = Field(
        default=20_000,
        ge=0,
        description="Decoded week summaries kept in memory (app_api.results_cache), and a twentieth as "
        "many pages of the worker's weeks as JSON.",
    )
