"""How the pages sign in: which OpenID Connect issuer and public client each page uses.

Read from `LOONBRUG_WEB_*` environment variables, e.g.

    LOONBRUG_WEB_PORTAL='{"issuer": "https://idp.gemeente.example.nl", "clientId": "loonbrug-portaal"}'
    LOONBRUG_WEB_WORKER='{"issuer": "https://digid-broker.example.nl", "clientId": "loonbrug-app"}'

Without them the pages use the built-in development issuer when it is on (its staff realm for the
portal, its citizens' realm for the worker's page); otherwise signing in is switched off and the page
says so. Each page's issuer must be one the app API trusts, or the app refuses to start.
"""

from __future__ import annotations

from enum import StrEnum
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.alias_generators import to_camel
from pydantic_settings import BaseSettings, SettingsConfigDict

from app_api.config import AppApiSettings, IssuerKind
from app_api.dev_issuer import DevIssuer


class Page(StrEnum):
    """The two pages and where they live."""

    PORTAL = "portaal"
    """The income consultant's portal (staff issuer)."""
    WORKER = "mij"
    """The flex worker's mobile page (citizens' issuer)."""

    @property
    def issuer_kind(self) -> IssuerKind:
        """Whom this page's issuer identifies."""
        return IssuerKind.STAFF if self is Page.PORTAL else IssuerKind.WORKER


class WebClient(BaseModel):
    """A page as a public OpenID Connect client (authorization code flow with PKCE, no secret)."""

    model_config = ConfigDict(frozen=True, extra="forbid", alias_generator=to_camel, populate_by_name=True)

    issuer: str = Field(description="The exact `iss` of the provider; discovery is read below it.")
    client_id: str = Field(min_length=1, max_length=200)
    scope: str = Field(default="openid", description="Scopes asked for; must include openid.")

    @field_validator("issuer")
    @classmethod
    def _is_url(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError("issuer moet een http(s)-URL zijn")
        return value

    @field_validator("scope")
    @classmethod
    def _has_openid(cls, value: str) -> str:
        if "openid" not in value.split():
            raise ValueError("scope moet openid bevatten")
        return value

    @property
    def origin(self) -> str:
        """The scheme, host and port of the issuer: the page fetches its discovery document there."""
        parts = urlsplit(self.issuer)
        return f"{parts.scheme}://{parts.netloc}"


class WebSettings(BaseSettings):
    """Settings of the pages (next to AppApiSettings)."""

    model_config = SettingsConfigDict(env_prefix="LOONBRUG_WEB_", env_file=None, extra="ignore")

    portal: WebClient | None = None
    worker: WebClient | None = None
    connect_origins: list[str] = Field(
        default_factory=list,
        description="Other origins the pages may call, e.g. a token endpoint on another host.",
    )

    @field_validator("connect_origins")
    @classmethod
    def _are_origins(cls, value: list[str]) -> list[str]:
        for origin in value:
            parts = urlsplit(origin)
            if parts.scheme not in ("https", "http") or not parts.netloc or parts.path not in ("", "/"):
                raise ValueError(f"{origin!r} is geen origin (schema://host[:poort])")
        return [origin.rstrip("/") for origin in value]


class UntrustedPageIssuer(Exception):
    """A page would sign in with an issuer whose tokens the app API does not accept."""


def resolve_clients(
    *, web: WebSettings, api_settings: AppApiSettings, dev_issuer: DevIssuer | None
) -> dict[Page, WebClient | None]:
    """Each page's client: configured, else the development issuer's realm, else none (sign-in off)."""
    trusted = {(config.issuer, config.kind) for config in api_settings.issuers}
    if dev_issuer is not None:
        trusted |= {(config.issuer, config.kind) for config in dev_issuer.configs()}
    clients: dict[Page, WebClient | None] = {}
    for page, configured in ((Page.PORTAL, web.portal), (Page.WORKER, web.worker)):
        client = configured
        if client is None and dev_issuer is not None:
            # The development issuer knows one client: its tokens' audience.
            client = WebClient(issuer=dev_issuer.issuer(page.issuer_kind), client_id=dev_issuer.audience)
        if client is not None and (client.issuer, page.issuer_kind) not in trusted:
            raise UntrustedPageIssuer(
                f"de pagina /{page.value}/ meldt aan bij {client.issuer}, maar de app-API vertrouwt die "
                f"uitgever niet als {page.issuer_kind.value}-uitgever (LOONBRUG_APP_ISSUERS)"
            )
        clients[page] = client
    return clients
