"""Agencies, bookkeepers and their keys as the administrator reads and registers them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import Field, StringConstraints

from schemas.base import ApiModel
from schemas.text import PLAIN_TEXT

Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=PLAIN_TEXT)
]
"""An agency's or a bookkeeper's name: stored as text, so without control characters (schemas.text)."""
ClientId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._-]{3,128}$")]
WebhookUrl = Annotated[
    str,
    StringConstraints(
        max_length=500, pattern=r"^(https://[^\s/]+(/\S*)?|http://(localhost|127\.0\.0\.1)(:\d+)?(/\S*)?)$"
    ),
]


class AgencyView(ApiModel):
    """A registered agency; its configuration only when the caller's municipality manages it."""

    id: str
    name: str
    managed_here: bool = Field(
        description="Of uw gemeente dit bureau en zijn sleutels beheert. Zo niet, dan staan alleen id en "
        "naam hier: u kunt er wel werkenden bij inschrijven."
    )
    client_id: str | None = Field(description="OAuth-client-id waarmee het bureau zich aanmeldt.")
    webhook_url: str | None = Field(description="Waar meldingen over ontbrekende gegevens heen gaan.")
    created_at: dt.datetime | None


class KeyView(ApiModel):
    """A public key registered for an agency."""

    kid: str
    alg: str = Field(description="ES256 of PS256.")
    public_jwk: dict[str, Any]
    created_at: dt.datetime
    revoked_at: dt.datetime | None


class AgencyDetail(ApiModel):
    """An agency the caller's municipality manages, with its keys."""

    id: str
    name: str
    client_id: str = Field(description="OAuth-client-id waarmee het bureau zich aanmeldt.")
    webhook_url: str | None = Field(description="Waar meldingen over ontbrekende gegevens heen gaan.")
    created_at: dt.datetime
    keys: list[KeyView]


class NewAgency(ApiModel):
    """Register an agency."""

    name: Name
    client_id: ClientId
    webhook_url: WebhookUrl | None = None


class NewKey(ApiModel):
    """Register a public signing key (EC P-256 for ES256, or RSA of at least 2048 bits for PS256)."""

    jwk: dict[str, Any] = Field(
        description="De publieke sleutel als JWK; zonder kid wordt de thumbprint gebruikt."
    )


class BookkeeperView(ApiModel):
    """A registered bookkeeper; its configuration only when the caller's municipality manages it."""

    id: str
    name: str
    managed_here: bool = Field(
        description="Of uw gemeente deze boekhouder en zijn sleutels beheert. Zo niet, dan staan alleen id "
        "en naam hier: werkenden kunnen hem wel machtigen."
    )
    client_id: str | None = Field(description="OAuth-client-id waarmee de boekhouder zich aanmeldt.")
    created_at: dt.datetime | None


class BookkeeperDetail(ApiModel):
    """A bookkeeper the caller's municipality manages, with its keys."""

    id: str
    name: str
    client_id: str = Field(description="OAuth-client-id waarmee de boekhouder zich aanmeldt.")
    created_at: dt.datetime
    keys: list[KeyView]


class NewBookkeeper(ApiModel):
    """Register a bookkeeper (a boekhouder or accounting package that sends invoices and costs)."""

    name: Name
    client_id: ClientId
